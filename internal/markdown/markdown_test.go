package markdown

import (
	"strings"
	"testing"
)

func TestHTMLIsSafe(t *testing.T) {
	r := New()
	tests := []struct {
		name, src string
		want      []string
		not       []string
	}{
		{"Basics", "# Relevé\n\n**Décision** : *oui*\n\n- un\n- deux", []string{"<h2>Relevé</h2>", "<strong>Décision</strong>", "<li>un</li>"}, []string{"<h1>"}},
		{"RawHTMLDropped", "<script>alert(1)</script>\n\n<img src=x onerror=alert(1)>", nil, []string{"<script", "onerror", "<img"}},
		{"JavascriptLink", "[clic](javascript:alert(1))", nil, []string{"javascript:"}},
		{"SafeLink", "[HCTS](https://solidarites.gouv.fr)", []string{`href="https://solidarites.gouv.fr"`, `rel="nofollow"`}, nil},
		{"Table", "| a | b |\n|---|---|\n| 1 | 2 |", []string{"<table>", "<td>1</td>"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := r.HTML(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			for _, w := range tt.want {
				if !strings.Contains(got, w) {
					t.Errorf("%q lacks %q", got, w)
				}
			}
			for _, n := range tt.not {
				if strings.Contains(got, n) {
					t.Errorf("%q contains %q", got, n)
				}
			}
		})
	}
}

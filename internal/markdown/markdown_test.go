package markdown

import (
	"strings"
	"testing"
)

func TestHTMLIsSafe(t *testing.T) {
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
		{"Strikethrough", "~~retiré~~", []string{"<del>retiré</del>"}, nil},
		// Reference definitions are text: one long address repeated by
		// thousands of short references would weigh megabytes.
		{"NoReferenceLinks", "[a]: https://example.org/long\n\n[a] et [a]", []string{"[a]: https://example.org/long", "[a] et [a]"}, []string{"href"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			text, err := Render(tt.src)
			if err != nil {
				t.Fatal(err)
			}
			got := text.HTML()
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

func TestRenderKeepsSourceWithLF(t *testing.T) {
	text, err := Render("Un\r\n\r\nDeux")
	if err != nil {
		t.Fatal(err)
	}
	if text.Source() != "Un\n\nDeux" || text.HTML() != "<p>Un</p>\n<p>Deux</p>\n" {
		t.Errorf("source %q, HTML %q", text.Source(), text.HTML())
	}
}

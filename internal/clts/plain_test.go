package clts

import (
	"strings"
	"testing"
)

func TestPlain(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plénière", "la grande réunion du comité"},
		{"Plénière", "la grande réunion du comité"},
		{"Ordre du jour", "ce dont on va parler"},
		{"compte rendu", "ce qui a été dit et décidé"},
		{"émargement", "la feuille où l'on signe pour dire qu'on était là"},
		{"groupe de travail", "le petit groupe qui travaille sur un sujet"},
		{"mot inconnu", "mot inconnu"},
	}
	for _, tt := range tests {
		if got := Plain(tt.in); got != tt.want {
			t.Errorf("Plain(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := PlainMeetingKind(KindPlenary); got != "la grande réunion du comité" {
		t.Errorf("PlainMeetingKind(plenary) = %q", got)
	}
	for k, v := range plainWords() {
		if k != strings.ToLower(k) || v == "" {
			t.Errorf("plain word %q: key must be lower case, value not empty", k)
		}
	}
}

package layout

import "testing"

func TestFullTitle(t *testing.T) {
	tests := []struct {
		page Page
		want string
	}{
		{Page{}, "Portail CLTS"},
		{Page{Title: "Lexique"}, "Lexique — Portail CLTS"},
		{Page{Title: "Réunions", Committee: "CLTS 37-41"}, "Réunions — CLTS 37-41 — Portail CLTS"},
		// A page named after its committee does not name it twice.
		{Page{Title: "CLTS 37-41", Committee: "CLTS 37-41"}, "CLTS 37-41 — Portail CLTS"},
	}
	for _, tt := range tests {
		if got := tt.page.FullTitle(); got != tt.want {
			t.Errorf("FullTitle(%+v) = %q, want %q", tt.page, got, tt.want)
		}
	}
}

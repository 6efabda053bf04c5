package components

import "testing"

func TestElide(t *testing.T) {
	tests := []struct {
		word, next, want string
	}{
		{"de", "Amélie", "d'Amélie"},
		{"de", "Bernard", "de Bernard"},
		{"de", "Élodie", "d'Élodie"},
		{"de", "Hélène", "d'Hélène"},
		{"de", "avril 2027", "d'avril 2027"},
		{"de", "août 2027", "d'août 2027"},
		{"de", "octobre 2027", "d'octobre 2027"},
		{"de", "mai 2027", "de mai 2027"},
		{"de", "Yves", "d'Yves"},
		{"de", "Yann", "de Yann"},
		{"de", "", "de "},
		{"que", "Amélie", "qu'Amélie"},
		{"que", "Ousmane", "qu'Ousmane"},
		{"que", "Marc", "que Marc"},
		{"le", "atelier", "l'atelier"},
		{"La", "Inès", "L'Inès"},
		{"à", "Amélie", "à Amélie"}, // never elided
		{"du", "HCTS", "du HCTS"},
	}
	for _, tt := range tests {
		if got := Elide(tt.word, tt.next); got != tt.want {
			t.Errorf("Elide(%q, %q) = %q, want %q", tt.word, tt.next, got, tt.want)
		}
	}
	if got := De("Amélie"); got != "d'Amélie" {
		t.Errorf("De = %q", got)
	}
	if got := Que("Irène"); got != "qu'Irène" {
		t.Errorf("Que = %q", got)
	}
}

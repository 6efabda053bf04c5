package components

import (
	"context"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestInputMaxLength: a field's limit is rendered as maxlength and stated
// in its hint, tied to the control; controls that take no maxlength (dates,
// lists, files) get neither.
func TestInputMaxLength(t *testing.T) {
	for _, tc := range []struct {
		f       Field
		control string
		max     string
		hint    string
	}{
		{Field{Name: "titre", Label: "Titre", MaxLength: 200}, "input", "200", "200 caractères au plus."},
		{Field{Name: "description", Label: "Présentation", Type: "textarea", MaxLength: 4000, Hint: "Quelques mots."},
			"textarea", "4000", "Quelques mots. 4\u00a0000 caractères au plus."},
		{Field{Name: "visio", Label: "Lien", Type: "url", MaxLength: 1000}, "input", "1000", "1\u00a0000 caractères au plus."},
		{Field{Name: "date", Label: "Date", Type: "date", MaxLength: 10, Hint: "Par exemple 2026-12-08."}, "input", "", "Par exemple 2026-12-08."},
		{Field{Name: "nom", Label: "Nom"}, "input", "", ""},
	} {
		var b strings.Builder
		if err := Input(tc.f).Render(context.Background(), &b); err != nil {
			t.Fatal(err)
		}
		doc, err := goquery.NewDocumentFromReader(strings.NewReader(b.String()))
		if err != nil {
			t.Fatal(err)
		}
		c := doc.Find(tc.control + "#" + tc.f.ID())
		if got, _ := c.Attr("maxlength"); got != tc.max {
			t.Errorf("%s: maxlength %q, want %q", tc.f.Name, got, tc.max)
		}
		hint := doc.Find(".hint")
		if got := hint.Text(); got != tc.hint {
			t.Errorf("%s: hint %q, want %q", tc.f.Name, got, tc.hint)
		}
		if id, _ := hint.Attr("id"); tc.hint != "" {
			if by, _ := c.Attr("aria-describedby"); !strings.Contains(by, id) {
				t.Errorf("%s: the hint %q is not tied to the control (%q)", tc.f.Name, id, by)
			}
		}
	}
}

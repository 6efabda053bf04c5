package browsertest

import (
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/portail-clts/clts/internal/paths"
)

// TestEasyPages runs every page check (axe at both widths, keyboard, 320
// px, the phone, the Nu checker) on the pages of the easy interface as the
// supported person, whose pages are easy by default, and on the account
// page and the menu in the complete interface; then on the easy choice
// sent empty.
func TestEasyPages(t *testing.T) {
	p := newPortal(t)
	const committee = "Comité local"
	for _, r := range []struct {
		login, committee string
		pages            []string
	}{
		{"accompagne", committee, []string{paths.CommitteeHome("37-41"), paths.CommitteeMenu("37-41"), paths.CommitteeHomeComplete("37-41"),
			paths.Meetings("37-41"), paths.Directory("37-41")}},
		{"accompagne", "", []string{paths.Menu, paths.Account}},
		{"partenaire", committee, []string{paths.CommitteeMenu("37-41")}},
		{"partenaire", "", []string{paths.Account}},
	} {
		t.Run(r.login, func(t *testing.T) {
			ctx := p.tab(t)
			p.login(t, ctx, r.login)
			for _, path := range r.pages {
				p.visit(t, ctx, r.login, path, http.StatusOK, r.committee)
			}
		})
	}
	t.Run("form with errors", func(t *testing.T) {
		ctx := p.tab(t)
		p.login(t, ctx, "accompagne")
		run(t, ctx,
			chromedp.Navigate(p.url+paths.Account),
			chromedp.WaitVisible("#facile-oui", chromedp.ByQuery),
		)
		p.formWithErrors(t, ctx, "accompagne empty easy choice", `form[action="/compte/interface-facile"] button[type=submit]`, "")
	})
}

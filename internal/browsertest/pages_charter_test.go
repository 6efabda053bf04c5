package browsertest

import (
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/portail-clts/clts/internal/paths"
)

// TestCharterPages runs every page check (axe at both widths, keyboard,
// 320 px, the Nu checker) on the charter's pages of the demo, as a pilot
// and as members, then on its forms sent wrong.
func TestCharterPages(t *testing.T) {
	p := newPortal(t)
	v1, v2 := p.charterVersions(t)
	const committee = "Comité local"
	c := "/c/37-41"
	for _, r := range []struct {
		login string
		pages []string
	}{
		{"pilote", []string{paths.Charter("37-41"), paths.CharterVersion("37-41", v2), paths.CharterVersion("37-41", v1),
			paths.CharterDiff("37-41", 0, 0), paths.CharterEdit("37-41", v2), paths.CharterAdoption("37-41", v2),
			paths.CharterAcceptances("37-41", v1), paths.CharterPrint("37-41", v1), c + "/"}},
		{"partenaire", []string{paths.Charter("37-41"), paths.CharterVersion("37-41", v2)}},
		{"professionnel", []string{paths.Charter("37-41"), c + "/"}},
		{"accompagne", []string{paths.Charter("37-41"), paths.CharterVersion("37-41", v2), paths.CharterDiff("37-41", 1, 2)}},
		{"pilote-autre", []string{paths.Charter("autre"), paths.CharterNew("autre")}},
	} {
		t.Run(r.login, func(t *testing.T) {
			ctx := p.tab(t)
			p.login(t, ctx, r.login)
			for _, path := range r.pages {
				p.visit(t, ctx, r.login, path, http.StatusOK, committee)
			}
		})
	}
	t.Run("forms with errors", func(t *testing.T) {
		ctx := p.tab(t)
		p.login(t, ctx, "partenaire")
		run(t, ctx,
			chromedp.Navigate(p.url+paths.CharterVersion("37-41", v2)+"?alinea=3#commenter"),
			chromedp.WaitVisible("#f-commentaire", chromedp.ByQuery),
		)
		p.formWithErrors(t, ctx, "partenaire empty charter comment", `form[action$="/commentaires"] button[type=submit]`, committee)

		ctx = p.tab(t)
		p.login(t, ctx, "pilote")
		run(t, ctx,
			chromedp.Navigate(p.url+paths.CharterAdoption("37-41", v2)),
			chromedp.WaitVisible("#f-reunion", chromedp.ByQuery),
			chromedp.SetValue("#f-reunion", "", chromedp.ByQuery),
			chromedp.Click("#f-resultat-vote", chromedp.ByQuery),
			chromedp.SetValue("#f-pour", "2", chromedp.ByQuery),
			chromedp.SetValue("#f-contre", "trois", chromedp.ByQuery),
		)
		p.formWithErrors(t, ctx, "pilote charter adoption with errors", `main form button[type=submit]`, committee)
		run(t, ctx,
			chromedp.Navigate(p.url+paths.CharterEdit("37-41", v2)),
			chromedp.WaitVisible("#f-texte", chromedp.ByQuery),
			chromedp.Evaluate(`document.getElementById('f-texte').value = ''`, nil),
		)
		p.formWithErrors(t, ctx, "pilote charter emptied", `main form button[type=submit]`, committee)
		run(t, ctx,
			chromedp.Navigate(p.url+paths.CharterVersion("37-41", v2)),
			chromedp.WaitVisible(".charter-answer-form summary", chromedp.ByQuery),
			chromedp.Click(".charter-answer-form summary", chromedp.ByQuery),
		)
		p.formWithErrors(t, ctx, "pilote empty answer", `.charter-answer-form form button[type=submit]`, committee)

		ctx = p.tab(t)
		p.login(t, ctx, "pilote-autre")
		run(t, ctx,
			chromedp.Navigate(p.url+paths.CharterNew("autre")),
			chromedp.WaitVisible("#f-texte", chromedp.ByQuery),
			chromedp.Evaluate(`document.getElementById('f-texte').value = ''`, nil),
		)
		p.formWithErrors(t, ctx, "pilote-autre empty new charter", `main form button[type=submit]`, committee)
	})
	p.validateHTML(t)
}

package browsertest

import (
	"context"
	"net/http"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/portail-clts/clts/internal/paths"
)

// demoHelps gives accompagne two referents in the database: partenaire,
// who accepted, and professionnel, who has not answered yet. It returns
// accompagne's account id.
func (p *portal) demoHelps(t *testing.T) int64 {
	t.Helper()
	conn := p.ownerIn(t, "37-41")
	var jean int64
	err := conn.QueryRow(context.Background(), `WITH c AS (SELECT id FROM committees WHERE slug = '37-41'),
		ids AS (SELECT (SELECT id FROM accounts WHERE login = 'accompagne') AS jean,
			(SELECT id FROM accounts WHERE login = 'partenaire') AS karim,
			(SELECT id FROM accounts WHERE login = 'professionnel') AS sophie),
		ins AS (INSERT INTO referents (committee_id, person_id, referent_id, state, accepted_at)
			SELECT c.id, ids.jean, ids.karim, 'active', now() FROM c, ids
			UNION ALL SELECT c.id, ids.jean, ids.sophie, 'attente', NULL FROM c, ids RETURNING person_id)
		SELECT min(person_id) FROM ins`).Scan(&jean)
	if err != nil {
		t.Fatal(err)
	}
	return jean
}

// TestReferentPages runs every page check (axe at both widths, keyboard,
// 320 px, the Nu checker) on the « Aide » pages: the supported person's,
// the referents' (one waiting, one active) and the « Agir avec » page, then
// on their forms sent wrong.
func TestReferentPages(t *testing.T) {
	p := newPortal(t)
	jean := p.demoHelps(t)
	const committee = "Comité local"
	for _, r := range []struct {
		login string
		pages []string
	}{
		{"accompagne", []string{paths.Help("37-41")}},
		{"partenaire", []string{paths.Help("37-41"), paths.ActWith("37-41", jean)}},
		{"professionnel", []string{paths.Help("37-41")}},
		{"pilote", []string{paths.Help("37-41")}},
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
		p.login(t, ctx, "accompagne")
		run(t, ctx, chromedp.Navigate(p.url+paths.Help("37-41")), chromedp.WaitVisible("#f-referent", chromedp.ByQuery))
		p.formWithErrors(t, ctx, "accompagne naming no one", `form[action$="/aide/referents"] button[type=submit]`, committee)

		ctx = p.tab(t)
		p.login(t, ctx, "partenaire")
		run(t, ctx, chromedp.Navigate(p.url+paths.ActWith("37-41", jean)), chromedp.WaitVisible("#f-point_titre", chromedp.ByQuery))
		p.formWithErrors(t, ctx, "partenaire empty proposal with the person", `form[action$="/ordre-du-jour"] button[type=submit]`, committee)
	})
}

package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/paths"
)

// charterVersions returns the ids of 37-41's versions 1 and 2 of the
// charter, as the tables' owner reads them in the committee.
func (p *portal) charterVersions(t *testing.T) (v1, v2 int64) {
	t.Helper()
	conn := p.ownerIn(t, "37-41")
	ctx := context.Background()
	if err := conn.QueryRow(ctx, `SELECT (SELECT id FROM charter_versions WHERE number = 1), (SELECT id FROM charter_versions WHERE number = 2)`).
		Scan(&v1, &v2); err != nil {
		t.Fatal(err)
	}
	return v1, v2
}

// ownerIn connects as the tables' owner, in committee slug (row-level
// security is forced on the owner too).
func (p *portal) ownerIn(t *testing.T, slug string) *pgx.Conn {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, p.db.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	if _, err := conn.Exec(ctx, `SELECT set_config('clts.committee_id', (SELECT id FROM committees WHERE slug = $1)::text, false)`, slug); err != nil {
		t.Fatal(err)
	}
	return conn
}

// TestJourneyCharter is the charter's "Done when": the pilot opens a
// consultation on version 2, a partner comments, the pilot records its
// adoption at a plenary, the difference with version 1 is shown, the
// partner accepts it and the pilot's list of acceptances shows it.
func TestJourneyCharter(t *testing.T) {
	p := newPortal(t)
	v1, v2 := p.charterVersions(t)
	// The demo's version 2 is in consultation already: the journey starts
	// before, from its draft.
	conn := p.ownerIn(t, "37-41")
	if _, err := conn.Exec(context.Background(), `DELETE FROM charter_comments WHERE version_id = $1`, v2); err != nil {
		t.Fatal(err)
	}
	if _, err := conn.Exec(context.Background(), `UPDATE charter_versions SET state = 'brouillon', consultation_opened_at = NULL,
			consultation_ends_on = NULL WHERE id = $1`, v2); err != nil {
		t.Fatal(err)
	}
	const committee = "Comité local"
	version2 := paths.CharterVersion("37-41", v2)

	// The pilot opens the consultation from the draft, found from the
	// charter's page.
	ctx := p.tab(t)
	p.login(t, ctx, "pilote")
	run(t, ctx,
		chromedp.Navigate(p.url+paths.Charter("37-41")),
		chromedp.WaitVisible("#titre-preparation", chromedp.ByQuery),
	)
	if got := text(t, ctx, "#titre-preparation"); got != "Version 2 en brouillon" {
		t.Errorf("the charter page announces %q", got)
	}
	run(t, ctx,
		chromedp.Click(`section.notice a[href="`+version2+`"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#f-fin_consultation", chromedp.ByQuery),
	)
	p.check(t, ctx, "pilote charter draft", committee)
	run(t, ctx,
		chromedp.Click(`form[action$="/consultation"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(".notice-success", chromedp.ByQuery),
	)
	if got := text(t, ctx, ".notice-success"); !strings.Contains(got, "La consultation sur la version 2 est ouverte") {
		t.Errorf("after opening the consultation: %q", got)
	}

	// The partner reads it from the charter's page and comments paragraph 8.
	ctx = p.tab(t)
	p.login(t, ctx, "partenaire")
	run(t, ctx,
		chromedp.Navigate(p.url+paths.Charter("37-41")),
		chromedp.WaitVisible("#titre-preparation", chromedp.ByQuery),
		chromedp.Click(`section.notice a[href="`+version2+`"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#alinea-8", chromedp.ByQuery),
		chromedp.Click(`#alinea-8 .charter-comment-link a`, chromedp.ByQuery),
		chromedp.WaitVisible("#f-commentaire", chromedp.ByQuery),
	)
	var chosen string
	run(t, ctx, chromedp.Value("#f-alinea", &chosen, chromedp.ByQuery))
	if chosen != "8" {
		t.Errorf("the comment form chose paragraph %q, want 8", chosen)
	}
	run(t, ctx,
		chromedp.SendKeys("#f-commentaire", "La CAF Touraine propose que chaque plénière dure trois heures au plus.", chromedp.ByQuery),
		chromedp.Click(`form[action$="/commentaires"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(".notice-success", chromedp.ByQuery),
	)
	if got := text(t, ctx, "#alinea-8 .charter-comments"); !strings.Contains(got, "Karim Benali") || !strings.Contains(got, "trois heures au plus") {
		t.Errorf("paragraph 8's comments: %q", got)
	}
	p.check(t, ctx, "partenaire charter consultation", committee)

	// The pilot records the adoption at the last plenary, by a vote.
	ctx = p.tab(t)
	p.login(t, ctx, "pilote")
	run(t, ctx,
		chromedp.Navigate(p.url+version2),
		chromedp.WaitVisible(`a[href$="/adoption"]`, chromedp.ByQuery),
		chromedp.Click(`a[href$="/adoption"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#f-reunion", chromedp.ByQuery),
	)
	var meeting string
	run(t, ctx, chromedp.Value("#f-reunion", &meeting, chromedp.ByQuery))
	if meeting == "" {
		t.Fatal("the adoption form offers no plenary")
	}
	p.check(t, ctx, "pilote charter adoption", committee)
	run(t, ctx,
		chromedp.Click("#f-resultat-vote", chromedp.ByQuery),
		chromedp.SendKeys("#f-pour", "21", chromedp.ByQuery),
		chromedp.SendKeys("#f-contre", "0", chromedp.ByQuery),
		chromedp.SendKeys("#f-abstentions", "2", chromedp.ByQuery),
		chromedp.Click(`main form button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(".notice-success", chromedp.ByQuery),
	)
	if got := text(t, ctx, "#titre-charte"); got != "La charte en vigueur : version 2" {
		t.Errorf("after the adoption, the charter page says %q", got)
	}
	if got := text(t, ctx, "main .facts"); !strings.Contains(got, "21\u00a0voix pour") {
		t.Errorf("the adoption record: %q", got)
	}

	// The difference with version 1.
	run(t, ctx,
		chromedp.Click(`a[href="`+paths.CharterDiff("37-41", 1, 2)+`"]`, chromedp.ByQuery),
		chromedp.WaitVisible(".charter-diff", chromedp.ByQuery),
	)
	if got := text(t, ctx, ".charter-diff del"); !strings.Contains(got, "trois") {
		t.Errorf("the first removal: %q", got)
	}
	var added []string
	run(t, ctx, chromedp.Evaluate(`[...document.querySelectorAll('.charter-diff ins')].map(e => e.textContent)`, &added))
	if !strings.Contains(strings.Join(added, "|"), "deux") || !strings.Contains(strings.Join(added, "|"), "[début d'ajout]") {
		t.Errorf("the additions: %q", added)
	}
	p.check(t, ctx, "pilote charter difference", committee)

	// The partner accepts it.
	ctx = p.tab(t)
	p.login(t, ctx, "partenaire")
	run(t, ctx,
		chromedp.Navigate(p.url+paths.Charter("37-41")),
		chromedp.WaitVisible(`form[action$="/accepter"] button`, chromedp.ByQuery),
		chromedp.Click(`form[action$="/accepter"] button`, chromedp.ByQuery),
		chromedp.WaitVisible(".notice-success", chromedp.ByQuery),
	)
	if got := text(t, ctx, ".charter-acceptance"); !strings.Contains(got, "Vous avez indiqué avoir lu et accepter la version 2") {
		t.Errorf("the partner's acceptance: %q", got)
	}

	// The pilot's list shows it.
	ctx = p.tab(t)
	p.login(t, ctx, "pilote")
	run(t, ctx,
		chromedp.Navigate(p.url+paths.CharterAcceptances("37-41", v2)),
		chromedp.WaitVisible("#titre-membres", chromedp.ByQuery),
	)
	var row string
	run(t, ctx, chromedp.Evaluate(`[...document.querySelectorAll('#titre-membres ~ .table-wrap tbody tr')]
		.map(r => r.textContent).find(t => t.includes('Karim Benali')) || ''`, &row))
	if !strings.Contains(row, "acceptée le") {
		t.Errorf("the partner's row in the acceptances: %q", row)
	}
	p.check(t, ctx, "pilote charter acceptances", committee)
	if v1 == 0 {
		t.Error("no version 1")
	}
}

package browsertest

import (
	"context"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// demoPractices are the demo practices whose pages the role lists open.
type demoPractices struct {
	// numeric: 37-41's weekly digital workshop, published, shared
	// nationally, with a PDF.
	numeric int64
	// partnerShared: the partner's « Vis ma vie », published and shared,
	// with attachments.
	partnerShared int64
	// partnerSubmitted: the partner's practice waiting for the pilots.
	partnerSubmitted    int64
	returned, withdrawn int64 // 37-41's, for the pilots
	// loiret: the other committee's shared practice (a PNG).
	loiret int64
}

// practiceByTitle returns the id of the practice of committee slug in
// state status whose title begins with title, as pilot login sees them.
func (p *portal) practiceByTitle(t *testing.T, slug, login, status, title string) int64 {
	t.Helper()
	ctx := context.Background()
	var c *clts.Committee
	pgtest.MustRead(t, p.db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		c, err = tx.CommitteeBySlug(ctx, slug)
		return err
	})
	var hits []clts.PracticeHit
	pgtest.MustRead(t, p.db.App, postgres.InCommittee(c.ID, p.accountID(t, login)), func(tx *postgres.Tx) error {
		var err error
		hits, _, err = tx.Practices(ctx, postgres.PracticeQuery{Status: status, Limit: 100})
		return err
	})
	for _, h := range hits {
		if strings.HasPrefix(h.Title, title) {
			return h.ID
		}
	}
	t.Fatalf("no %s practice titled %q in %s", status, title, slug)
	return 0
}

func (p *portal) demoPractices(t *testing.T) demoPractices {
	t.Helper()
	return demoPractices{
		numeric:          p.practiceByTitle(t, "37-41", "pilote", clts.PracticePublished, "Un atelier numérique hebdomadaire à Blois"),
		partnerShared:    p.practiceByTitle(t, "37-41", "pilote", clts.PracticePublished, "« Vis ma vie »"),
		partnerSubmitted: p.practiceByTitle(t, "37-41", "pilote", clts.PracticeSubmitted, "Les rendez-vous des droits"),
		returned:         p.practiceByTitle(t, "37-41", "pilote", clts.PracticeReturned, "Un contrat d'engagement RSA"),
		withdrawn:        p.practiceByTitle(t, "37-41", "pilote", clts.PracticeWithdrawn, "Une cellule locale de prévention des expulsions"),
		loiret:           p.practiceByTitle(t, "autre", "pilote-autre", clts.PracticePublished, "Un bus France Services itinérant"),
	}
}

// practicePages are the practice pages of each kind of person: every
// member (the committee's catalogue, a search, their own sheets, a
// published sheet with attachments, the new-practice form, the national
// catalogue and a sheet of another committee), the pilots (the lists by
// state, a submitted sheet with its workflow's forms, a returned and a
// withdrawn one, an edit form), the partner (their own submitted sheet,
// the edit form of their published one), the other committee's member and
// the HCTS reader (the national catalogue and a sheet of 37-41).
type practicePages struct {
	member, pilot, partner, other, hcts []string
}

func (p *portal) practicePages(t *testing.T) practicePages {
	t.Helper()
	d := p.demoPractices(t)
	c := "/c/37-41"
	sheet := func(id int64) string { return fmt.Sprintf("%s/pratiques/%d", c, id) }
	national := fmt.Sprintf("/pratiques/37-41/%d", d.numeric)
	return practicePages{
		member: []string{
			c + "/pratiques", c + "/pratiques?q=numerique", c + "/pratiques?vue=mes-fiches", sheet(d.numeric),
			c + "/pratiques/nouvelle", "/pratiques?q=numerique", fmt.Sprintf("/pratiques/autre/%d", d.loiret),
		},
		pilot: []string{
			c + "/pratiques?vue=a-relire", c + "/pratiques?vue=renvoyees", c + "/pratiques?vue=retirees",
			sheet(d.partnerSubmitted), sheet(d.returned), sheet(d.withdrawn), sheet(d.partnerSubmitted) + "/modifier",
		},
		partner: []string{sheet(d.partnerSubmitted), sheet(d.partnerShared), sheet(d.partnerShared) + "/modifier"},
		other:   []string{"/c/autre/pratiques", "/pratiques?q=numerique", national},
		hcts:    []string{"/pratiques", "/pratiques?q=numerique&tri=date", national},
	}
}

// formWithErrors submits the form of the page the tab shows by clicking
// sel, checks that the errors are shown and tied to their fields, runs
// every page check on the page with errors, and keeps the HTML the server
// sends for that submission for the Nu checker (the same form sent again
// with fetch, with the button's name and value, encoded as the form is).
func (p *portal) formWithErrors(t *testing.T, ctx context.Context, name, sel, committee string) {
	t.Helper()
	var served string
	run(t, ctx, evalAwait(fmt.Sprintf(`(async () => {
		const b = document.querySelector(%q);
		const data = new FormData(b.form);
		if (b.name) data.append(b.name, b.value);
		const body = b.form.enctype === 'multipart/form-data' ? data : new URLSearchParams(data);
		const res = await fetch(b.form.action, {method: 'POST', body: body, credentials: 'same-origin'});
		return res.status + '\n' + await res.text();
	})()`, sel), &served))
	status, html, _ := strings.Cut(served, "\n")
	if status != fmt.Sprint(http.StatusUnprocessableEntity) {
		t.Errorf("%s: status %s, want %d", name, status, http.StatusUnprocessableEntity)
	}
	p.html.add(name, html)
	run(t, ctx,
		chromedp.Click(sel, chromedp.ByQuery),
		chromedp.WaitVisible(".field-invalid", chromedp.ByQuery),
	)
	// Each field in error says so, and points at its message.
	var untied []string
	run(t, ctx, chromedp.Evaluate(`[...document.querySelectorAll('.field-invalid')].flatMap(f => {
		const msg = f.querySelector('.error-message');
		const ctl = f.matches('fieldset') ? f : f.querySelector('input, select, textarea');
		const ids = (ctl && ctl.getAttribute('aria-describedby') || '').split(' ');
		return msg && ids.includes(msg.id) ? [] : [f.outerHTML.slice(0, 120)];
	})`, &untied))
	for _, u := range untied {
		t.Errorf("%s: error not tied to its field: %s", name, u)
	}
	p.check(t, ctx, name, committee)
}

// practiceFormsWithErrors sends the practice forms wrong: a new practice
// proposed empty (with a year that is not one and an address without its
// name), the edit form of a published practice emptied (with a theme the
// form does not offer and an HTML page named .pdf), and a pilot's return
// without a comment; each page with its errors passes every check.
func (p *portal) practiceFormsWithErrors(t *testing.T) {
	d := p.demoPractices(t)
	const committee = "Comité local"
	ctx := p.tab(t)
	p.login(t, ctx, "partenaire")
	run(t, ctx,
		chromedp.Navigate(p.url+"/c/37-41/pratiques/nouvelle"),
		chromedp.WaitVisible("#f-titre", chromedp.ByQuery),
		chromedp.SendKeys("#f-annee", "19", chromedp.ByQuery),
		chromedp.SendKeys("#f-contact_adresse", "contact@example.org", chromedp.ByQuery),
	)
	p.formWithErrors(t, ctx, "partenaire new practice with errors", `button[name="apres"][value="proposer"]`, committee)

	page := filepath.Join(t.TempDir(), "compte-rendu.pdf")
	if err := os.WriteFile(page, []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	run(t, ctx,
		chromedp.Navigate(fmt.Sprintf("%s/c/37-41/pratiques/%d/modifier", p.url, d.partnerShared)),
		chromedp.WaitVisible("#f-titre", chromedp.ByQuery),
		chromedp.Evaluate(`for (const id of ['f-titre', 'f-resume', 'f-contexte', 'f-actions']) document.getElementById(id).value = '';
			const box = document.getElementById('f-themes'); box.value = 'x'; box.checked = true;`, nil),
		chromedp.SetUploadFiles("#f-pieces_jointes", []string{page}, chromedp.ByQuery),
	)
	p.formWithErrors(t, ctx, "partenaire practice edit with errors", `button[name="apres"][value="enregistrer"]`, committee)

	ctx = p.tab(t)
	p.login(t, ctx, "pilote")
	run(t, ctx,
		chromedp.Navigate(fmt.Sprintf("%s/c/37-41/pratiques/%d", p.url, d.partnerSubmitted)),
		chromedp.WaitVisible("#f-commentaire", chromedp.ByQuery),
	)
	p.formWithErrors(t, ctx, "pilote practice returned without a comment", `form[action$="/renvoyer"] button[type=submit]`, committee)
}

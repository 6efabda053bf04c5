package browsertest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/demo"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// demoDocuments reads, as the pilot of committee slug, the committee's
// documents by title, and the id of the demo's group meeting whose agenda
// item holds a document.
func (p *portal) demoDocuments(t *testing.T, slug, pilot string) (docs map[string]int64, meeting int64) {
	t.Helper()
	ctx := context.Background()
	docs = map[string]int64{}
	pgtest.MustRead(t, p.db.App, postgres.InCommittee(p.committeeID(t, slug), p.accountID(t, pilot)), func(tx *postgres.Tx) error {
		for _, archived := range []bool{false, true} {
			list, err := tx.Documents(ctx, postgres.DocumentQuery{Pilot: true, Archived: archived, Limit: 100})
			if err != nil {
				return err
			}
			for _, d := range list.Documents {
				docs[d.Title] = d.ID
			}
		}
		ms, err := tx.MeetingsBetween(ctx, time.Now(), time.Now().AddDate(0, 3, 0), false, 100)
		for _, m := range ms {
			if m.Title == demo.DocumentMeetingTitle {
				meeting = m.ID
			}
		}
		return err
	})
	return docs, meeting
}

// TestJourneyDocuments is issue 15's documents story in the browser: a
// group's lead (thomas.petit) attaches a document to an agenda item of
// the group's next meeting, from the meeting's page; a member of the group
// downloads it from the meeting's page; a member of another committee, and
// a member of the committee outside the group, get 404 for the same URL.
func TestJourneyDocuments(t *testing.T) {
	p := newPortal(t)
	const (
		title = "Questions à poser à la CAF"
		file  = "questions-caf.pdf"
	)
	_, meeting := p.demoDocuments(t, "37-41", "pilote")
	if meeting == 0 {
		t.Fatal("no demo meeting with documents")
	}
	meetingURL := fmt.Sprintf("%s/c/37-41/reunions/%d", p.url, meeting)
	pdf := journeyPDF()
	pdfPath := filepath.Join(t.TempDir(), file)
	if err := os.WriteFile(pdfPath, pdf, 0o644); err != nil {
		t.Fatal(err)
	}

	// The lead opens the meeting and attaches a document to its item.
	lead := p.tab(t)
	p.login(t, lead, "thomas.petit")
	run(t, lead, chromedp.Navigate(meetingURL), chromedp.WaitVisible("#titre-odj", chromedp.ByQuery))
	p.check(t, lead, "meeting page with documents, lead", "Comité local")
	run(t, lead,
		chromedp.Click(`main a[href*="/documents/nouveau?point="]`, chromedp.ByQuery),
		chromedp.WaitVisible("#f-titre", chromedp.ByQuery),
	)
	if got := text(t, lead, "#titre-reunion + p"); !strings.Contains(got, demo.DocumentMeetingTitle) {
		t.Errorf("the form does not name the meeting: %q", got)
	}
	if !strings.Contains(text(t, lead, "main"), demo.DocumentItemTitle) {
		t.Error("the form does not name the agenda item")
	}
	var audience string
	run(t, lead, chromedp.Value("#f-lecteurs", &audience, chromedp.ByQuery))
	if audience != clts.AudienceGroup {
		t.Errorf("readers preselected: %q, want the group", audience)
	}
	p.check(t, lead, "new document form for an agenda item", "Comité local")
	run(t, lead,
		chromedp.Evaluate(`document.getElementById('f-titre').value = ''`, nil),
		chromedp.SendKeys("#f-titre", title, chromedp.ByQuery),
		chromedp.SendKeys("#f-description", "Ce que le groupe veut savoir sur l'expérimentation.", chromedp.ByQuery),
		chromedp.SetUploadFiles("#f-fichier", []string{pdfPath}, chromedp.ByQuery),
	)
	clickAndConfirm(t, lead, `main form button[type=submit]`)
	if got := text(t, lead, ".notice-success"); !strings.Contains(got, title) {
		t.Errorf("after the upload: %q", got)
	}
	if !strings.HasPrefix(location(t, lead), meetingURL) {
		t.Errorf("after the upload, the lead is on %s, not the meeting", location(t, lead))
	}

	// A member of the group finds it under the item and downloads it.
	member := p.tab(t)
	p.login(t, member, "partenaire")
	run(t, member, chromedp.Navigate(meetingURL), chromedp.WaitVisible("#titre-odj", chromedp.ByQuery))
	p.check(t, member, "meeting page with documents, member", "Comité local")
	var links []string
	run(t, member, chromedp.Evaluate(fmt.Sprintf(`[...document.querySelectorAll('ol.agenda > li li')]
		.filter(li => li.textContent.includes(%q)).flatMap(li => [...li.querySelectorAll('a[download]')].map(a => a.getAttribute('href')))`, title), &links))
	if len(links) != 1 {
		t.Fatalf("the member finds %d download links of %q under the agenda item", len(links), title)
	}
	download := links[0]
	res, err := p.client(t, member).Get(p.url + download)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !bytes.Equal(body, pdf) {
		t.Errorf("the member's download: status %d, %d bytes, want 200 and the %d bytes sent", res.StatusCode, len(body), len(pdf))
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, file) {
		t.Errorf("download: Content-Disposition %q", cd)
	}

	// A member of another committee gets 404 for the same URL, and so does
	// a member of the committee outside the group.
	other := p.tab(t)
	p.login(t, other, "pilote-autre")
	if status, _ := p.served(t, other, download); status != http.StatusNotFound {
		t.Errorf("the other committee's member gets %d for %s, want 404", status, download)
	}
	outsider := p.tab(t)
	p.login(t, outsider, "professionnel")
	if status, _ := p.served(t, outsider, download); status != http.StatusNotFound {
		t.Errorf("a member outside the group gets %d for %s, want 404", status, download)
	}
	run(t, outsider, chromedp.Navigate(meetingURL), chromedp.WaitVisible("#titre-odj", chromedp.ByQuery))
	if strings.Contains(text(t, outsider, "main"), title) {
		t.Error("a member outside the group sees the document on the meeting's page")
	}
}

// TestDocumentPages runs every page check, wide and at 320 px, on the
// documents' pages of each kind of person, and on the forms sent with
// errors; then the Nu checker on their HTML.
func TestDocumentPages(t *testing.T) {
	p := newPortal(t)
	docs, meeting := p.demoDocuments(t, "37-41", "pilote")
	c := "/c/37-41"
	page := func(title string) string { return fmt.Sprintf("%s/documents/%d", c, docs[title]) }
	const (
		strategy = "Stratégie de communication du comité"
		survey   = "Recensement des points d'accès numérique"
	)
	item := p.agendaItemID(t, meeting)
	roles := []struct {
		login string
		pages []string
	}{
		{"pilote", []string{c + "/documents", c + "/documents?q=strategie", c + "/documents?archives=oui", c + "/documents/nouveau",
			page(strategy), page(strategy) + "/modifier", fmt.Sprintf("%s/reunions/%d", c, meeting)}},
		{"partenaire", []string{c + "/documents", c + "/documents?dossier=Communication", page(strategy), page(survey)}},
		{"thomas.petit", []string{page(survey) + "/modifier", fmt.Sprintf("%s/documents/nouveau?reunion=%d&point=%d", c, meeting, item)}},
	}
	for _, r := range roles {
		t.Run(r.login, func(t *testing.T) {
			ctx := p.tab(t)
			p.login(t, ctx, r.login)
			for _, path := range r.pages {
				p.visit(t, ctx, r.login, path, http.StatusOK, "Comité local")
			}
		})
	}
	t.Run("forms with errors", func(t *testing.T) {
		ctx := p.tab(t)
		p.login(t, ctx, "pilote")
		run(t, ctx, chromedp.Navigate(p.url+c+"/documents/nouveau"), chromedp.WaitVisible("#f-titre", chromedp.ByQuery))
		p.formWithErrors(t, ctx, "pilote new document with errors", `main form button[type=submit]`, "Comité local")
		html := filepath.Join(t.TempDir(), "affiche.pdf")
		if err := os.WriteFile(html, []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>"), 0o644); err != nil {
			t.Fatal(err)
		}
		run(t, ctx,
			chromedp.Navigate(p.url+page(strategy)),
			chromedp.WaitVisible("#f-fichier", chromedp.ByQuery),
			chromedp.SetUploadFiles("#f-fichier", []string{html}, chromedp.ByQuery),
		)
		p.formWithErrors(t, ctx, "pilote new version refused", `form[action$="/versions"] button[type=submit]`, "Comité local")
	})
	p.validateHTML(t)
}

package browsertest

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// journeyPDF is a one-page PDF with a line of text, as a partner would
// attach a report.
func journeyPDF() []byte {
	stream := "BT /F1 14 Tf 72 770 Td (Guichet numerique d'Amboise : bilan 2019) Tj ET"
	objects := []string{
		"<< /Type /Catalog /Pages 2 0 R >>",
		"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
		"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
		fmt.Sprintf("<< /Length %d >>\nstream\n%s\nendstream", len(stream), stream),
		"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
	}
	var b bytes.Buffer
	b.WriteString("%PDF-1.4\n")
	offsets := make([]int, len(objects))
	for i, o := range objects {
		offsets[i] = b.Len()
		fmt.Fprintf(&b, "%d 0 obj\n%s\nendobj\n", i+1, o)
	}
	xref := b.Len()
	fmt.Fprintf(&b, "xref\n0 %d\n0000000000 65535 f \n", len(objects)+1)
	for _, off := range offsets {
		fmt.Fprintf(&b, "%010d 00000 n \n", off)
	}
	fmt.Fprintf(&b, "trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n", len(objects)+1, xref)
	return b.Bytes()
}

// linkTo returns the href of the first element matching sel.
func linkTo(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	var href string
	var ok bool
	run(t, ctx, chromedp.AttributeValue(sel, "href", &href, &ok, chromedp.ByQuery))
	if !ok || href == "" {
		t.Fatalf("no link %s", sel)
	}
	return href
}

// searchNational searches the national catalogue for words, typed in its
// search field, and returns the titles found.
func (p *portal) searchNational(t *testing.T, ctx context.Context, words string) []string {
	t.Helper()
	var titles []string
	run(t, ctx,
		chromedp.WaitVisible("#f-q", chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById('f-q').value = ''`, nil),
		chromedp.SendKeys("#f-q", words, chromedp.ByQuery),
		// The results' heading of the page shown goes, so that the wait
		// is for the next page's.
		chromedp.Evaluate(`document.getElementById('resultats').remove()`, nil),
		chromedp.Click(`form[role="search"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible("#resultats", chromedp.ByQuery),
		chromedp.Evaluate(`[...document.querySelectorAll('main .card h3')].map(h => h.textContent.trim())`, &titles),
	)
	if !strings.Contains(location(t, ctx), "q="+words) {
		t.Errorf("the search did not ask for %q: %s", words, location(t, ctx))
	}
	return titles
}

// TestJourneyPractice is issue 12's story in the browser: a partner writes
// a practice with an attachment and proposes it; the pilot returns it with
// a comment; the partner reads the comment, corrects the sheet and
// proposes it again; the pilot publishes it. Not shared yet, it is 404 for
// a member of the other committee, page and attachment; once the pilot
// shares it, that member finds it typing « numerique », and so does the
// HCTS reader, who downloads the attachment.
func TestJourneyPractice(t *testing.T) {
	p := newPortal(t)
	const (
		title   = "Un guichet numérique partagé à Amboise"
		summary = "La CAF, le CCAS et la maison de la solidarité tiennent ensemble un guichet où les habitants font leurs démarches en ligne avec l'aide d'un agent : l'accompagnement au numérique en un seul lieu."
		comment = "Merci pour cette fiche. Pouvez-vous préciser les moyens : combien d'agents, quel budget ?"
		means   = "Deux agents d'accueil à mi-temps, un poste informatique et une imprimante, sans budget supplémentaire."
		file    = "bilan-guichet-numerique.pdf"
		origin  = "Comité local du travail social et du développement social 37-41"
	)
	pdf := journeyPDF()
	pdfPath := filepath.Join(t.TempDir(), file)
	if err := os.WriteFile(pdfPath, pdf, 0o644); err != nil {
		t.Fatal(err)
	}

	// The partner goes to the catalogue and opens the form with the
	// keyboard.
	partner := p.tab(t)
	p.login(t, partner, "partenaire")
	run(t, partner, chromedp.Navigate(p.url+"/c/37-41/pratiques"), chromedp.WaitVisible("h1", chromedp.ByQuery))
	tabTo(t, partner, `main a[href="/c/37-41/pratiques/nouvelle"]`)
	run(t, partner, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible("#f-titre", chromedp.ByQuery))
	// Proposed empty first: what is missing is said next to each field.
	run(t, partner,
		chromedp.Click(`button[name="apres"][value="proposer"]`, chromedp.ByQuery),
		chromedp.WaitVisible(".error-summary", chromedp.ByQuery),
	)
	var describedBy string
	var ok bool
	run(t, partner, chromedp.AttributeValue("#f-resume", "aria-describedby", &describedBy, &ok, chromedp.ByQuery))
	if !strings.Contains(describedBy, "f-resume-error") {
		t.Errorf("the summary's error is not tied to its field: %q", describedBy)
	}
	p.check(t, partner, "practice form with errors", "Comité local")
	tabTo(t, partner, "#f-titre")
	typeKeys(t, partner, title)
	run(t, partner,
		chromedp.SendKeys("#f-resume", summary, chromedp.ByQuery),
		chromedp.SendKeys("#f-contexte", "À Amboise, beaucoup d'habitants n'ont ni ordinateur ni imprimante, et les démarches se font en ligne.", chromedp.ByQuery),
		chromedp.SendKeys("#f-actions", "Un guichet ouvert trois demi-journées par semaine, tenu à tour de rôle par les trois institutions.", chromedp.ByQuery),
		chromedp.Click("#f-themes", chromedp.ByQuery),
		chromedp.SetUploadFiles("#f-pieces_jointes", []string{pdfPath}, chromedp.ByQuery),
	)
	clickAndConfirm(t, partner, `button[name="apres"][value="proposer"]`)
	if got := text(t, partner, ".notice-success"); !strings.Contains(got, "proposée aux pilotes") || !strings.Contains(got, "pièce jointe") {
		t.Errorf("after proposing: %q", got)
	}
	sheetURL := location(t, partner)
	if h1 := text(t, partner, "h1"); h1 != title {
		t.Errorf("the sheet's title: %q", h1)
	}
	// The attachment's links, committee and national.
	fileURL := linkTo(t, partner, `main a[href*="/pieces-jointes/"]`)
	if !strings.Contains(text(t, partner, "main"), file) {
		t.Errorf("the sheet does not list %s", file)
	}
	practicePath := strings.TrimPrefix(sheetURL, p.url)
	id := practicePath[strings.LastIndex(practicePath, "/")+1:]
	nationalPath := "/pratiques/37-41/" + id
	nationalFile := nationalPath + fileURL[strings.Index(fileURL, "/pieces-jointes/"):]

	// The pilot finds it among the sheets to read and returns it.
	pilot := p.tab(t)
	p.login(t, pilot, "pilote")
	run(t, pilot,
		chromedp.Navigate(p.url+"/c/37-41/pratiques?vue=a-relire"),
		chromedp.Click(fmt.Sprintf(`//main//a[normalize-space()=%q]`, title)),
		chromedp.WaitVisible("#f-commentaire", chromedp.ByQuery),
		chromedp.SendKeys("#f-commentaire", comment, chromedp.ByQuery),
	)
	clickAndConfirm(t, pilot, `form[action$="/renvoyer"] button[type=submit]`)
	if !strings.Contains(text(t, pilot, "main"), "Renvoyée") {
		t.Error("the pilot does not see the sheet as returned")
	}

	// The partner reads the comment, corrects the sheet and proposes it
	// again, with the keyboard.
	partner = p.tab(t)
	p.login(t, partner, "partenaire")
	run(t, partner, chromedp.Navigate(sheetURL), chromedp.WaitVisible("h1", chromedp.ByQuery))
	if !strings.Contains(text(t, partner, "main"), comment) {
		t.Error("the partner does not see the pilot's comment on the sheet")
	}
	run(t, partner,
		chromedp.Click(`main a[href$="/modifier"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#f-moyens", chromedp.ByQuery),
	)
	if !strings.Contains(text(t, partner, "#titre-commentaire + p"), comment) {
		t.Error("the edit form does not show the pilot's comment")
	}
	tabTo(t, partner, "#f-moyens")
	typeKeys(t, partner, means)
	tabTo(t, partner, `button[name="apres"][value="proposer"]`)
	run(t, partner,
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(".notice-success", chromedp.ByQuery),
	)
	if !strings.Contains(text(t, partner, ".notice-success"), "proposée aux pilotes") {
		t.Errorf("after proposing again: %q", text(t, partner, ".notice-success"))
	}

	// The pilot publishes it.
	pilot = p.tab(t)
	p.login(t, pilot, "pilote")
	run(t, pilot, chromedp.Navigate(sheetURL), chromedp.WaitVisible("h1", chromedp.ByQuery))
	if !strings.Contains(text(t, pilot, "main"), means) {
		t.Error("the pilot does not read the correction")
	}
	clickAndConfirm(t, pilot, `form[action$="/publier"] button[type=submit]`)
	if !strings.Contains(text(t, pilot, ".notice-success"), "publiée") {
		t.Errorf("after publishing: %q", text(t, pilot, ".notice-success"))
	}

	// Published but not shared: for a member of the other committee,
	// neither the sheet nor its attachment exists, whatever the URL, and
	// the national search does not find it.
	other := p.tab(t)
	p.login(t, other, "pilote-autre")
	for _, path := range []string{nationalPath, nationalFile, practicePath, strings.TrimPrefix(fileURL, p.url)} {
		if status, _ := p.served(t, other, path); status != http.StatusNotFound {
			t.Errorf("not shared: the other committee's member gets %d for %s, want 404", status, path)
		}
	}
	run(t, other, chromedp.Navigate(p.url+"/pratiques"))
	for _, found := range p.searchNational(t, other, "numerique") {
		if found == title {
			t.Error("the national search finds a practice that is not shared")
		}
	}

	// The pilot shares it.
	pilot = p.tab(t)
	p.login(t, pilot, "pilote")
	run(t, pilot, chromedp.Navigate(sheetURL), chromedp.WaitVisible("h1", chromedp.ByQuery))
	clickAndConfirm(t, pilot, `form[action$="/partager"] button[type=submit]`)
	if !strings.Contains(text(t, pilot, "main"), "Partagée au niveau national") {
		t.Error("the sheet does not say it is shared")
	}

	// The other committee's member finds it from their committees' page.
	other = p.tab(t)
	p.login(t, other, "pilote-autre")
	run(t, other,
		chromedp.Navigate(p.url+"/comites"),
		chromedp.Click(`main a[href="/pratiques"]`, chromedp.ByQuery),
	)
	if found := p.searchNational(t, other, "numerique"); !slices.Contains(found, title) {
		t.Fatalf("the other committee's member does not find the shared practice: %q", found)
	}
	run(t, other,
		chromedp.Click(fmt.Sprintf(`//main//h3/a[normalize-space()=%q]`, title)),
		chromedp.WaitVisible("h2#contact", chromedp.ByQuery),
	)
	if got := text(t, other, ".lead"); !strings.Contains(got, origin) {
		t.Errorf("the national sheet does not name its committee: %q", got)
	}
	if !strings.Contains(text(t, other, "main"), means) {
		t.Error("the national sheet does not show the practice's texts")
	}
	// Still not the committee's own pages.
	if status, _ := p.served(t, other, practicePath); status != http.StatusNotFound {
		t.Errorf("shared: the other committee's member gets %d for the committee's sheet, want 404", status)
	}

	// The HCTS reader finds it from their national home and downloads the
	// attachment.
	hcts := p.tab(t)
	p.login(t, hcts, "hcts")
	run(t, hcts,
		chromedp.Navigate(p.url+"/comites"),
		chromedp.Click(`#national-actions ~ ul a[href="/pratiques"]`, chromedp.ByQuery),
	)
	if found := p.searchNational(t, hcts, "numerique"); !slices.Contains(found, title) {
		t.Fatalf("the HCTS reader does not find the shared practice: %q", found)
	}
	run(t, hcts,
		chromedp.Click(fmt.Sprintf(`//main//h3/a[normalize-space()=%q]`, title)),
		chromedp.WaitVisible("#pieces-jointes", chromedp.ByQuery),
	)
	p.check(t, hcts, "national sheet, HCTS reader", "")
	href := linkTo(t, hcts, `main a[download]`)
	res, err := p.client(t, hcts).Get(p.url + href)
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.StatusCode != http.StatusOK || !bytes.Equal(body, pdf) {
		t.Errorf("download: status %d, %d bytes, want 200 and the %d bytes sent", res.StatusCode, len(body), len(pdf))
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment") || !strings.Contains(cd, file) {
		t.Errorf("download: Content-Disposition %q", cd)
	}
	if ct := res.Header.Get("Content-Type"); ct != "application/pdf" {
		t.Errorf("download: Content-Type %q", ct)
	}

	// The author was told by e-mail, the pilot's comment included.
	var mails []postgres.OutboxMail
	pgtest.MustRead(t, p.db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		mails, err = tx.Outbox(context.Background(), 50)
		return err
	})
	told := false
	for _, m := range mails {
		told = told || strings.Contains(m.Mail.Body, comment)
	}
	if !told {
		t.Error("no e-mail gives the author the pilot's comment")
	}
}

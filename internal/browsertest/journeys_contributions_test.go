package browsertest

import (
	"archive/zip"
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/ledongthuc/pdf"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// The demo's two committees, as the national reading names them.
const (
	committee3741   = "Comité local du travail social et du développement social 37-41"
	committeeLoiret = "Comité local du travail social du Loiret"
)

// currentCampaign returns the demo's open campaign.
func (p *portal) currentCampaign(t *testing.T) clts.Campaign {
	t.Helper()
	var c *clts.Campaign
	pgtest.MustRead(t, p.db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		c, err = tx.CurrentCampaign(context.Background(), time.Now())
		return err
	})
	if c == nil {
		t.Fatal("the demo has no open campaign")
	}
	return *c
}

// absent reports whether nothing in the page matches sel.
func absent(t *testing.T, ctx context.Context, sel string) bool {
	t.Helper()
	var none bool
	run(t, ctx, chromedp.Evaluate(fmt.Sprintf(`document.querySelector(%q) === null`, sel), &none))
	return none
}

// pathOf is the path of the tab's page, without its fragment.
func (p *portal) pathOf(t *testing.T, ctx context.Context) string {
	t.Helper()
	u := strings.TrimPrefix(location(t, ctx), p.url)
	if i := strings.IndexByte(u, '#'); i >= 0 {
		u = u[:i]
	}
	return u
}

// download fetches href as the tab's user and checks what any export owes
// its reader: 200, its type, an attachment named for the filter with ext,
// and a body that is more than a header.
func (p *portal) download(t *testing.T, ctx context.Context, href, contentType, namePrefix, ext string) []byte {
	t.Helper()
	res, err := p.client(t, ctx).Get(p.url + href)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatalf("%s: %v", href, err)
	}
	if res.StatusCode != http.StatusOK {
		t.Fatalf("%s: status %d, want 200\n%.500s", href, res.StatusCode, body)
	}
	if ct := res.Header.Get("Content-Type"); ct != contentType {
		t.Errorf("%s: Content-Type %q, want %q", href, ct, contentType)
	}
	cd := res.Header.Get("Content-Disposition")
	_, name, _ := strings.Cut(cd, `filename="`)
	name = strings.TrimSuffix(name, `"`)
	if !strings.HasPrefix(cd, "attachment") || !strings.HasPrefix(name, namePrefix) || !strings.HasSuffix(name, "."+ext) {
		t.Errorf("%s: Content-Disposition %q, want an attachment named %s….%s", href, cd, namePrefix, ext)
	}
	if len(body) < 500 {
		t.Errorf("%s: %d bytes only", href, len(body))
	}
	return body
}

// zipFiles reads a zip archive's files.
func zipFiles(t *testing.T, name string, b []byte) map[string]string {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("%s is not a zip archive: %v", name, err)
	}
	files := map[string]string{}
	for _, f := range zr.File {
		rc, err := f.Open()
		if err != nil {
			t.Fatalf("%s, %s: %v", name, f.Name, err)
		}
		data, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatalf("%s, %s: %v", name, f.Name, err)
		}
		files[f.Name] = string(data)
	}
	return files
}

// printToPDF prints the tab's page as Chromium's print preview does, on A4
// paper (8.27 × 11.69 in) with the page's print stylesheet.
func printToPDF(t *testing.T, ctx context.Context) []byte {
	t.Helper()
	var out []byte
	run(t, ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		out, _, err = page.PrintToPDF().WithPaperWidth(8.27).WithPaperHeight(11.69).
			WithPrintBackground(true).Do(ctx)
		return err
	}))
	return out
}

// pdfFacts reads a PDF back: the first page's size in points, and the
// text of each page.
func pdfFacts(t *testing.T, b []byte) (width, height float64, pages []string) {
	t.Helper()
	r, err := pdf.NewReader(bytes.NewReader(b), int64(len(b)))
	if err != nil {
		t.Fatalf("the printed report is not a PDF: %v", err)
	}
	n := r.NumPage()
	if n > 0 {
		// The page's MediaBox, or its parents' (inherited).
		box := r.Page(1).V
		for !box.IsNull() && box.Key("MediaBox").IsNull() {
			box = box.Key("Parent")
		}
		box = box.Key("MediaBox")
		width, height = box.Index(2).Float64()-box.Index(0).Float64(), box.Index(3).Float64()-box.Index(1).Float64()
	}
	for i := 1; i <= n; i++ {
		// GetPlainText turns the reader's panics into errors.
		s, err := r.Page(i).GetPlainText(nil)
		if err != nil {
			t.Fatalf("the text of page %d of the printed report: %v", i, err)
		}
		pages = append(pages, s)
	}
	return width, height, pages
}

// squeeze drops white space, so that words cut across lines or runs of
// the PDF still compare.
func squeeze(s string) string {
	return strings.Join(strings.Fields(strings.ReplaceAll(s, "\u00a0", " ")), "")
}

// TestJourneyContribution is issue 13's story in the browser: a
// professional drafts a contribution to a category of the open campaign
// and proposes it; the pilot returns it with a comment; the professional
// reads it, corrects the text and proposes again; the pilot validates it
// and transmits it from the campaign's summary. It is locked: no edit
// link, its edit form refused; a correction makes a linked version, both
// readable. The HCTS reader finds it beside the other committee's,
// retains it and replies; the pilot reads the reply on the contribution.
// The HCTS reader downloads the four exports of a filter and prints the
// report to PDF on A4: several pages naming the contribution and its
// committee.
func TestJourneyContribution(t *testing.T) {
	p := newPortal(t)
	campaign := p.currentCampaign(t)
	year := strconv.Itoa(campaign.Year)
	const (
		title   = "Le transport solidaire en zone rurale : des trajets médicaux sans réponse"
		body    = "Dans le Lochois, les personnes âgées sans voiture renoncent à des rendez-vous médicaux : le transport à la demande ne va pas jusqu'à Tours."
		comment = "Merci. Pouvez-vous dire combien de personnes sont concernées, et depuis quand ?"
		added   = "Les CCAS de Loches et de Montrésor comptent une quarantaine de demandes par mois depuis janvier."
		reply   = "Merci au comité : ce besoin sera cité dans le chapitre sur la mobilité du rapport."
	)

	// The professional opens the campaign, then the form of the first
	// category, with the keyboard.
	pro := p.tab(t)
	p.login(t, pro, "professionnel")
	run(t, pro, chromedp.Navigate(p.url+paths.Contributions("37-41")), chromedp.WaitVisible("h1", chromedp.ByQuery))
	if h1 := text(t, pro, "h1"); !strings.Contains(h1, year) {
		t.Errorf("the contributions page's heading %q does not name the campaign %s", h1, year)
	}
	tabTo(t, pro, fmt.Sprintf(`main a[href=%q]`, paths.ContributionNew("37-41", clts.CategoryNeeds)))
	run(t, pro, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible("#f-titre", chromedp.ByQuery))
	var category string
	run(t, pro, chromedp.Value("#f-categorie", &category, chromedp.ByQuery))
	if category != clts.CategoryNeeds {
		t.Errorf("the form's category is %q, want the one chosen, %q", category, clts.CategoryNeeds)
	}
	// Proposed without a title: the message is next to the field, tied
	// to it, and the text typed is kept.
	run(t, pro,
		chromedp.SendKeys("#f-texte", body, chromedp.ByQuery),
		chromedp.Click(`button[name="apres"][value="proposer"]`, chromedp.ByQuery),
		chromedp.WaitVisible(".error-summary", chromedp.ByQuery),
	)
	var describedBy, kept string
	var ok bool
	run(t, pro,
		chromedp.AttributeValue("#f-titre", "aria-describedby", &describedBy, &ok, chromedp.ByQuery),
		chromedp.Value("#f-texte", &kept, chromedp.ByQuery),
	)
	if !strings.Contains(describedBy, "f-titre-error") {
		t.Errorf("the title's error is not tied to its field: %q", describedBy)
	}
	if kept != body {
		t.Errorf("the text typed was not kept: %q", kept)
	}
	p.check(t, pro, "contribution form with errors", "Comité local")
	tabTo(t, pro, "#f-titre")
	typeKeys(t, pro, title)
	clickAndConfirm(t, pro, `button[name="apres"][value="proposer"]`)
	if got := text(t, pro, ".notice-success"); !strings.Contains(got, "proposée aux pilotes") {
		t.Errorf("after proposing: %q", got)
	}
	if h1 := text(t, pro, "h1"); h1 != title {
		t.Errorf("the contribution's heading: %q", h1)
	}
	sheet := p.pathOf(t, pro)
	id, err := strconv.ParseInt(sheet[strings.LastIndex(sheet, "/")+1:], 10, 64)
	if err != nil || sheet != paths.Contribution("37-41", id) {
		t.Fatalf("after proposing, the tab shows %s, not a contribution", sheet)
	}

	// The pilot finds it in the campaign's follow-up and returns it.
	pilot := p.tab(t)
	p.login(t, pilot, "pilote")
	run(t, pilot,
		chromedp.Navigate(p.url+paths.Contributions("37-41")),
		chromedp.Click(fmt.Sprintf(`main a[href=%q]`, paths.CampaignPage("37-41", campaign.ID)), chromedp.ByQuery),
		chromedp.WaitVisible("#categorie-"+clts.CategoryNeeds, chromedp.ByQuery),
	)
	p.check(t, pilot, "the pilots' campaign page", "Comité local")
	run(t, pilot,
		chromedp.Click(fmt.Sprintf(`//main//a[normalize-space()=%q]`, title)),
		chromedp.WaitVisible("#f-commentaire", chromedp.ByQuery),
		chromedp.SendKeys("#f-commentaire", comment, chromedp.ByQuery),
	)
	clickAndConfirm(t, pilot, `form[action$="/renvoyer"] button[type=submit]`)
	if !strings.Contains(text(t, pilot, "main"), "Renvoyée par les pilotes") {
		t.Error("the pilot does not see the contribution as returned")
	}

	// The professional reads the comment, completes the text and proposes
	// it again.
	pro = p.tab(t)
	p.login(t, pro, "professionnel")
	run(t, pro, chromedp.Navigate(p.url+sheet), chromedp.WaitVisible("h1", chromedp.ByQuery))
	if !strings.Contains(text(t, pro, "main"), comment) {
		t.Error("the professional does not see the pilot's comment on the contribution")
	}
	p.check(t, pro, "contribution returned, its author", "Comité local")
	run(t, pro,
		chromedp.Click(`main a[href$="/modifier"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#f-texte", chromedp.ByQuery),
	)
	if !strings.Contains(text(t, pro, "#titre-commentaire + p"), comment) {
		t.Error("the edit form does not show the pilot's comment")
	}
	tabTo(t, pro, "#f-texte")
	run(t, pro, chromedp.Evaluate(`(el => el.setSelectionRange(el.value.length, el.value.length))(document.activeElement)`, nil))
	typeKeys(t, pro, "\n\n"+added)
	tabTo(t, pro, `button[name="apres"][value="proposer"]`)
	run(t, pro,
		chromedp.Evaluate(`document.querySelectorAll('.notice-success').forEach(n => n.remove())`, nil),
		chromedp.KeyEvent(kb.Enter),
		chromedp.WaitVisible(".notice-success", chromedp.ByQuery),
	)
	if got := text(t, pro, ".notice-success"); !strings.Contains(got, "proposée aux pilotes") {
		t.Errorf("after proposing again: %q", got)
	}

	// The pilot reads the completed text, validates it, and transmits it
	// from the campaign's summary, with it alone ticked.
	pilot = p.tab(t)
	p.login(t, pilot, "pilote")
	run(t, pilot, chromedp.Navigate(p.url+sheet), chromedp.WaitVisible("h1", chromedp.ByQuery))
	if got := text(t, pilot, "main"); !strings.Contains(got, added) || !strings.Contains(got, body) {
		t.Error("the pilot does not read the completed text")
	}
	clickAndConfirm(t, pilot, `form[action$="/valider"] button[type=submit]`)
	if !strings.Contains(text(t, pilot, "main .tag"), "Validée") {
		t.Errorf("after validating, the state shown is %q", text(t, pilot, "main .tag"))
	}
	run(t, pilot,
		chromedp.Navigate(p.url+paths.CampaignPage("37-41", campaign.ID)),
		chromedp.Click(fmt.Sprintf(`main a[href=%q]`, paths.CampaignTransmit("37-41", campaign.ID)), chromedp.ByQuery),
		chromedp.WaitVisible(`input[name="contributions"]`, chromedp.ByQuery),
	)
	p.check(t, pilot, "the transmission summary", "Comité local")
	var ticked bool
	run(t, pilot, chromedp.Evaluate(fmt.Sprintf(`(() => {
		let mine = false;
		for (const box of document.querySelectorAll('input[name="contributions"]')) {
			if (box.value === %q) { mine = box.checked; } else if (box.checked) { box.click(); }
		}
		return mine;
	})()`, strconv.FormatInt(id, 10)), &ticked))
	if !ticked {
		t.Fatal("the validated contribution is not ticked in the transmission summary")
	}
	clickAndConfirm(t, pilot, `main form button[type=submit]`)
	run(t, pilot, chromedp.Navigate(p.url+sheet), chromedp.WaitVisible("h1", chromedp.ByQuery))
	if !strings.Contains(text(t, pilot, "main .tag"), "Transmise") {
		t.Errorf("after the transmission, the state shown is %q", text(t, pilot, "main .tag"))
	}

	// Transmitted, it is locked: nobody is offered to edit it, and its
	// edit form is refused.
	if !absent(t, pilot, `main a[href$="/modifier"]`) {
		t.Error("the pilot is offered to edit a transmitted contribution")
	}
	for _, who := range []context.Context{pilot, pro} {
		if status, _ := p.served(t, who, sheet+"/modifier"); status != http.StatusConflict && status != http.StatusForbidden {
			t.Errorf("the edit form of a transmitted contribution: %d, want 409 or 403", status)
		}
	}
	pro = p.tab(t)
	p.login(t, pro, "professionnel")
	run(t, pro, chromedp.Navigate(p.url+sheet), chromedp.WaitVisible("h1", chromedp.ByQuery))
	if !absent(t, pro, `main a[href$="/modifier"]`) {
		t.Error("the author is offered to edit a transmitted contribution")
	}
	// A correction is a new version, linked both ways.
	clickAndConfirm(t, pro, `form[action$="/corriger"] button[type=submit]`)
	correction := p.pathOf(t, pro)
	if correction == sheet || !strings.HasPrefix(correction, paths.Contributions("37-41")+"/") {
		t.Fatalf("the correction is at %s", correction)
	}
	if got := text(t, pro, "main"); !strings.Contains(got, "Version 2") || !strings.Contains(got, "Brouillon") {
		t.Errorf("the correction does not say it is version 2, a draft: %.300q", got)
	}
	if absent(t, pro, fmt.Sprintf(`main a[href=%q]`, sheet)) {
		t.Error("the correction does not link to the transmitted version")
	}
	p.check(t, pro, "a correction, its author", "Comité local")
	run(t, pro, chromedp.Navigate(p.url+sheet), chromedp.WaitVisible("h1", chromedp.ByQuery))
	if absent(t, pro, fmt.Sprintf(`main a[href=%q]`, correction)) {
		t.Error("the transmitted version does not link to its correction")
	}
	if got := text(t, pro, "main"); !strings.Contains(got, added) {
		t.Error("the transmitted version is no longer readable")
	}

	// The HCTS reader finds it from the national home, beside the other
	// committee's contributions to the campaign.
	hcts := p.tab(t)
	p.login(t, hcts, "hcts")
	run(t, hcts,
		chromedp.Navigate(p.url+"/comites"),
		chromedp.Click(fmt.Sprintf(`main a[href=%q]`, paths.NationalContributions), chromedp.ByQuery),
		chromedp.WaitVisible("#f-campagne", chromedp.ByQuery),
		chromedp.SetValue("#f-campagne", year, chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById('resultats').remove()`, nil),
		chromedp.Click(`form[role="search"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible("#resultats", chromedp.ByQuery),
	)
	var cards []struct {
		Title     string `json:"title"`
		Committee string `json:"committee"`
	}
	run(t, hcts, chromedp.Evaluate(`[...document.querySelectorAll('main .card')].map(c => ({
		title: c.querySelector('h3').textContent.trim(), committee: c.querySelector('strong').textContent.trim()}))`, &cards))
	// Ours once: its correction, a draft, is not for the HCTS.
	found, loiret := 0, false
	for _, c := range cards {
		if c.Title == title && c.Committee == committee3741 {
			found++
		}
		loiret = loiret || c.Committee == committeeLoiret
	}
	if found != 1 || !loiret {
		t.Fatalf("the national reading of %s: ours %d times, the Loiret's %v, in %+v", year, found, loiret, cards)
	}
	run(t, hcts,
		chromedp.Click(fmt.Sprintf(`//main//h3/a[normalize-space()=%q]`, title)),
		chromedp.WaitVisible("#titre-lecture", chromedp.ByQuery),
	)
	if got := text(t, hcts, ".lead"); !strings.Contains(got, committee3741) {
		t.Errorf("the national page does not name the committee: %q", got)
	}
	clickAndConfirm(t, hcts, `form[action$="/retenue"] button[type=submit]`)
	if !strings.Contains(text(t, hcts, "main"), "Retenue pour le rapport") {
		t.Error("the national page does not say the contribution is retained")
	}
	run(t, hcts, chromedp.SendKeys("#f-reponse", reply, chromedp.ByQuery))
	clickAndConfirm(t, hcts, `form[action$="/reponse"] button[type=submit]`)
	p.check(t, hcts, "a national contribution, retained and answered", "")

	// The pilot reads what became of it.
	pilot = p.tab(t)
	p.login(t, pilot, "pilote")
	run(t, pilot, chromedp.Navigate(p.url+sheet), chromedp.WaitVisible("#titre-lecture", chromedp.ByQuery))
	if got := text(t, pilot, `section[aria-labelledby="titre-lecture"]`); !strings.Contains(got, reply) || !strings.Contains(got, "Retenue pour le rapport") {
		t.Errorf("the pilot's page of the contribution does not show the HCTS's reading: %q", got)
	}

	// The HCTS reader exports 37-41's contributions to the campaign.
	hcts = p.tab(t)
	p.login(t, hcts, "hcts")
	run(t, hcts,
		chromedp.Navigate(p.url+paths.NationalContributions),
		chromedp.WaitVisible("#f-comite", chromedp.ByQuery),
		chromedp.SetValue("#f-campagne", year, chromedp.ByQuery),
		chromedp.SetValue("#f-comite", "37-41", chromedp.ByQuery),
		chromedp.Evaluate(`document.getElementById('resultats').remove()`, nil),
		chromedp.Click(`form[role="search"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible("#exports", chromedp.ByQuery),
	)
	prefix := "contributions-hcts_" + year + "_37-41_"
	const otherTitle = "Le Gâtinais, loin de tout accueil social" // the Loiret's, same campaign
	csvBody := string(p.download(t, hcts, linkTo(t, hcts, `main a[download][href*="export.csv"]`), "text/csv; charset=utf-8", prefix, "csv"))
	if !strings.HasPrefix(csvBody, "\uFEFF") || !strings.Contains(csvBody, "\r\n") {
		t.Errorf("the CSV: a BOM %v, CRLF %v", strings.HasPrefix(csvBody, "\uFEFF"), strings.Contains(csvBody, "\r\n"))
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(csvBody, "\uFEFF")))
	cr.Comma = ';'
	rows, err := cr.ReadAll()
	if err != nil {
		t.Fatalf("the CSV does not read back: %v", err)
	}
	inCSV := 0
	for _, row := range rows[1:] {
		if slices.Contains(row, title) {
			inCSV++
		}
		if slices.Contains(row, otherTitle) {
			t.Error("the CSV of 37-41 holds the Loiret's contribution")
		}
	}
	if inCSV != 1 || len(rows) < 3 {
		t.Errorf("the CSV has %d rows, %d of them the contribution, want it once among 37-41's", len(rows), inCSV)
	}
	xlsx := p.download(t, hcts, linkTo(t, hcts, `main a[download][href*="export.xlsx"]`),
		"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", prefix, "xlsx")
	inBook := false
	for name, content := range zipFiles(t, "the XLSX", xlsx) {
		inBook = inBook || (strings.HasPrefix(name, "xl/") && strings.Contains(content, title))
	}
	if !inBook {
		t.Error("the XLSX does not hold the contribution's title")
	}
	jsonBody := p.download(t, hcts, linkTo(t, hcts, `main a[download][href*="export.json"]`), "application/json; charset=utf-8", prefix, "json")
	var doc struct {
		Format string `json:"format"`
		Filter struct {
			Campaign  int    `json:"campagne"`
			Committee string `json:"comite"`
		} `json:"filtre"`
		Contributions []struct {
			Title     string `json:"titre"`
			Committee struct {
				Slug string `json:"identifiant"`
				Name string `json:"nom"`
			} `json:"comite"`
		} `json:"contributions"`
		Count int `json:"nombre"`
	}
	if err := json.Unmarshal(jsonBody, &doc); err != nil {
		t.Fatalf("the JSON does not parse: %v", err)
	}
	if doc.Format != "clts-contributions" || doc.Filter.Campaign != campaign.Year || doc.Filter.Committee != "37-41" || doc.Count != len(doc.Contributions) {
		t.Errorf("the JSON's head: format %q, filter %+v, count %d for %d contributions", doc.Format, doc.Filter, doc.Count, len(doc.Contributions))
	}
	inJSON := false
	for _, c := range doc.Contributions {
		inJSON = inJSON || (c.Title == title && c.Committee.Name == committee3741)
		if c.Committee.Slug != "37-41" {
			t.Errorf("the JSON of 37-41 holds %q of %s", c.Title, c.Committee.Slug)
		}
	}
	if !inJSON {
		t.Error("the JSON does not hold the contribution with its committee")
	}
	archive := zipFiles(t, "the open-data archive", p.download(t, hcts,
		linkTo(t, hcts, `main a[download][href*="donnees-ouvertes.zip"]`), "application/zip", prefix, "zip"))
	inArchive := false
	for name, content := range archive {
		inArchive = inArchive || (strings.HasSuffix(name, ".csv") && strings.Contains(content, title))
	}
	if _, ok := archive["README.md"]; !ok || !inArchive {
		t.Errorf("the open-data archive: README.md %v, a CSV with the contribution %v (files: %d)", ok, inArchive, len(archive))
	}

	// The printable report, printed by Chromium on A4.
	run(t, hcts,
		chromedp.Click(`main a[href^="/hcts/contributions/rapport"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#toc-title", chromedp.ByQuery),
	)
	if got := text(t, hcts, "main"); !strings.Contains(got, title) {
		t.Error("the printable report does not hold the contribution")
	}
	pdfBytes := printToPDF(t, hcts)
	w, h, pages := pdfFacts(t, pdfBytes)
	pdfText := strings.Join(pages, "\n")
	t.Logf("the printed report: %d A4 pages (%.0f × %.0f pt), %d characters of text", len(pages), w, h, len(pdfText))
	if w < 592 || w > 599 || h < 838 || h > 845 {
		t.Errorf("the printed report's page is %.0f × %.0f pt, want A4 (595 × 842)", w, h)
	}
	flat := squeeze(pdfText)
	for _, want := range []string{title, committee3741} {
		if !strings.Contains(flat, squeeze(want)) {
			t.Errorf("the printed report's text does not hold %q (%d pages, %d characters of text)", want, len(pages), len(pdfText))
		}
	}
	// Its page breaks: the cover alone, then the contents, then each
	// category from the top of a page.
	if len(pages) < 2+len(clts.Categories) {
		t.Fatalf("the printed report has %d pages, want a cover, the contents and a page at least per category (%d)", len(pages), 2+len(clts.Categories))
	}
	// (The cover's kicker is in capitals.)
	if first := strings.ToLower(squeeze(pages[0])); !strings.Contains(first, "hautconseildutravailsocial") || strings.Contains(first, "sommaire") {
		t.Errorf("the report's first page is not its cover alone: %.200q", pages[0])
	}
	if !strings.HasPrefix(squeeze(pages[1]), "Sommaire") {
		t.Errorf("the report's second page does not begin with its contents: %.200q", pages[1])
	}
	for _, cat := range clts.Categories {
		top := false
		for _, pg := range pages[2:] {
			top = top || strings.HasPrefix(squeeze(pg), squeeze(clts.CategoryLabel(cat)))
		}
		if !top {
			t.Errorf("no page of the printed report begins with the category %q", clts.CategoryLabel(cat))
		}
	}

	// The author was told of the reply by e-mail.
	var mails []postgres.OutboxMail
	pgtest.MustRead(t, p.db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		mails, err = tx.Outbox(context.Background(), 50)
		return err
	})
	told := false
	for _, m := range mails {
		told = told || (m.Mail.To == "professionnel@demo.test" && m.Mail.Subject == "Réponse du HCTS à votre contribution : "+title &&
			strings.Contains(squeeze(strings.ReplaceAll(m.Mail.Body, ">", "")), squeeze(reply)))
	}
	if !told {
		t.Error("no e-mail gives the author the HCTS's reply")
	}
}

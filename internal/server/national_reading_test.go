package server

import (
	"archive/zip"
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/portail-clts/clts/web/components"
)

// readingWorld is the demo with, made through the portal, a transmitted
// contribution of 37-41 about « numérique », a draft that says the same
// word, and a transmitted contribution of the other committee.
type readingWorld struct {
	f                      *fixture
	hcts, pilot, pa        *client
	sent, draft, theirs    string
	sentTitle, theirsTitle string
}

func newReadingWorld(t *testing.T) *readingWorld {
	t.Helper()
	f := newFixture(t)
	w := &readingWorld{f: f, hcts: f.login("hcts"), pilot: f.login("pilote"), pa: f.login("pilote-autre"),
		sentTitle: "Les permanences numériques du Blaisois", theirsTitle: "Les jeunes majeurs du Loiret"}
	db := openMatrixDB(t, f)
	db.in("")
	var open int
	if err := db.conn.QueryRow(context.Background(), `SELECT count(*) FROM campaigns WHERE deadline > now() + interval '1 day'`).Scan(&open); err != nil {
		t.Fatal(err)
	}
	if open == 0 {
		db.exec("", `UPDATE accounts SET hcts_publisher = true WHERE login = 'hcts'`)
		deadline := time.Now().In(components.Paris()).AddDate(0, 0, 30)
		mustSeeOther(t, w.hcts, "/hcts/campagnes/nouvelle", url.Values{"annee": {"2099"},
			"date_limite": {deadline.Format("2006-01-02")}, "introduction": {"Campagne du test."}})
	}
	partner := f.login("partenaire")
	write := func(c *client, slug, category, title, text string, propose bool) string {
		form := url.Values{"categorie": {category}, "titre": {title}, "texte": {text}}
		if propose {
			form["apres"] = []string{"proposer"}
		}
		return idAtEnd(t, mustSeeOther(t, c, "/c/"+slug+"/contributions/nouvelle", form))
	}
	w.sent = write(partner, "37-41", "besoins", w.sentTitle,
		"Les démarches **dématérialisées** éloignent les personnes âgées ; le numérique demande un accompagnement, en bibliobus.", true)
	mustStep(t, w.pilot, "/c/37-41/contributions/"+w.sent+"/valider", url.Values{})
	mustStep(t, w.pilot, "/c/37-41/contributions/"+w.sent+"/transmettre", url.Values{})
	w.draft = write(partner, "37-41", "besoins", "Brouillon confidentiel numérique", "Un brouillon sur le numérique.", false)
	w.theirs = write(w.pa, "autre", "gouvernance", w.theirsTitle, "Les sorties de l'aide sociale à l'enfance.", true)
	mustStep(t, w.pa, "/c/autre/contributions/"+w.theirs+"/valider", url.Values{})
	mustStep(t, w.pa, "/c/autre/contributions/"+w.theirs+"/transmettre", url.Values{})
	return w
}

// TestNationalReadingList: the HCTS reader lists the transmitted
// contributions of both committees, searches without accents, filters,
// and is told a wrong filter next to its field; nobody else has the page.
func TestNationalReadingList(t *testing.T) {
	w := newReadingWorld(t)
	res, body := w.hcts.get("/hcts/contributions")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("the reading: %d", res.StatusCode)
	}
	doc := parse(t, body)
	if doc.Find("h1").Length() != 1 {
		t.Error("the page has not one h1")
	}
	if !strings.Contains(body, w.sentTitle) || !strings.Contains(body, w.theirsTitle) {
		t.Error("the reading lacks a transmitted contribution of one of the committees")
	}
	if strings.Contains(body, "Brouillon confidentiel") {
		t.Error("the reading shows a draft")
	}
	_, body = w.hcts.get("/hcts/contributions?q=numerique")
	doc = parse(t, body)
	if !strings.Contains(body, w.sentTitle) || strings.Contains(body, w.theirsTitle) || strings.Contains(body, "Brouillon confidentiel") {
		t.Errorf("« numerique » finds the wrong contributions: %s", doc.Find("#resultats").Text())
	}
	if doc.Find("mark").Length() == 0 {
		t.Error("the words found are not highlighted")
	}
	// The export links carry the filter.
	if href, _ := doc.Find(`a[href^="/hcts/contributions/export.csv"]`).Attr("href"); href != "/hcts/contributions/export.csv?q=numerique" {
		t.Errorf("the CSV link is %q", href)
	}
	_, body = w.hcts.get("/hcts/contributions?comite=autre")
	if !strings.Contains(body, w.theirsTitle) || strings.Contains(body, w.sentTitle) {
		t.Error("the committee filter does not select the other committee's only")
	}
	res, body = w.hcts.get("/hcts/contributions?campagne=1800&categorie=inconnue")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a wrong filter: %d, want 422", res.StatusCode)
	}
	doc = parse(t, body)
	if msg := tiedError(t, doc, "campagne"); !strings.Contains(msg, "campagnes de la liste") {
		t.Errorf("the campaign's error next to its field: %q", msg)
	}
	if msg := tiedError(t, doc, "categorie"); !strings.Contains(msg, "six catégories") {
		t.Errorf("the category's error next to its field: %q", msg)
	}
	// A wrong filter is left out: everything is listed.
	if !strings.Contains(body, w.sentTitle) || !strings.Contains(body, w.theirsTitle) {
		t.Error("with a campaign that does not exist, the list is not the whole reading")
	}
	// A campaign of the list, named by its year: its contributions.
	year, _ := doc.Find(`select[name="campagne"] option[value!=""]`).First().Attr("value")
	if res, body := w.hcts.get("/hcts/contributions?campagne=" + year); res.StatusCode != http.StatusOK ||
		!strings.Contains(body, w.sentTitle) || !strings.Contains(body, w.theirsTitle) {
		t.Errorf("the campaign %q: %d, or a contribution missing", year, res.StatusCode)
	}
	for _, login := range []string{"pilote", "partenaire", "operateur"} {
		if res, _ := w.f.login(login).get("/hcts/contributions"); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s gets the national reading: %d", login, res.StatusCode)
		}
	}
	// The HCTS reader's home leads to the reading and to the campaigns.
	_, body = w.hcts.get("/comites")
	home := parse(t, body)
	for _, href := range []string{"/hcts/contributions", "/hcts/campagnes"} {
		if home.Find(`a[href="`+href+`"]`).Length() == 0 {
			t.Errorf("the HCTS home has no link to %s", href)
		}
	}
}

// TestNationalReadingIsolation: a draft, or another committee's
// contribution under 37-41's name, is 404 on every route, full forms
// included; members of a committee get 404 too.
func TestNationalReadingIsolation(t *testing.T) {
	w := newReadingWorld(t)
	for _, target := range []string{"/hcts/contributions/37-41/" + w.draft, "/hcts/contributions/37-41/" + w.theirs,
		"/hcts/contributions/autre/" + w.sent} {
		if res, _ := w.hcts.get(target); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", target, res.StatusCode)
		}
		for _, step := range []struct {
			path string
			form url.Values
		}{{"/lue", url.Values{"etat": {"oui"}}}, {"/retenue", url.Values{"etat": {"oui"}}}, {"/reponse", url.Values{"reponse": {"Merci."}}}} {
			if res, _ := w.hcts.post(target+step.path, step.form); res.StatusCode != http.StatusNotFound {
				t.Errorf("POST %s%s = %d, want 404", target, step.path, res.StatusCode)
			}
		}
	}
	if res, _ := w.pilot.get("/hcts/contributions/37-41/" + w.sent); res.StatusCode != http.StatusNotFound {
		t.Errorf("a pilot reads the national page: %d", res.StatusCode)
	}
	if res, _ := w.pilot.post("/hcts/contributions/37-41/"+w.sent+"/retenue", url.Values{"etat": {"oui"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("a pilot retains a contribution: %d", res.StatusCode)
	}
}

// TestNationalReadingActions: the reader marks a contribution read and
// retained and replies; a reply left empty is said next to its field with
// nothing written; the reply is mailed and the committee's pilot sees it
// on the contribution.
func TestNationalReadingActions(t *testing.T) {
	w := newReadingWorld(t)
	page := "/hcts/contributions/37-41/" + w.sent
	res, body := w.hcts.get(page)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("the contribution's page: %d", res.StatusCode)
	}
	doc := parse(t, body)
	if got := strings.TrimSpace(doc.Find("h1").Text()); got != w.sentTitle {
		t.Errorf("h1 %q", got)
	}
	if !strings.Contains(doc.Find(".minutes").First().Text(), "dématérialisées") || doc.Find(".minutes strong").Length() == 0 {
		t.Error("the text is not shown rendered")
	}
	if !strings.Contains(body, "Pas encore lue") {
		t.Error("the page does not say it is unread")
	}
	mustStep(t, w.hcts, page+"/lue", url.Values{"etat": {"oui"}})
	mustStep(t, w.hcts, page+"/retenue", url.Values{"etat": {"oui"}})
	_, body = w.hcts.get(page)
	if !strings.Contains(body, "Lue le") || !strings.Contains(body, "Retenue pour le rapport.") || !strings.Contains(body, "Ne plus la retenir") {
		t.Error("the page does not show the reading")
	}
	if res, _ := w.hcts.post(page+"/lue", url.Values{"etat": {"peut-être"}}); res.StatusCode != http.StatusBadRequest {
		t.Errorf("a wrong state: %d, want 400", res.StatusCode)
	}
	res, body = w.hcts.post(page+"/reponse", url.Values{"reponse": {"   "}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("an empty reply: %d, want 422", res.StatusCode)
	}
	if msg := tiedError(t, parse(t, body), "reponse"); !strings.Contains(msg, "Écrivez votre réponse") {
		t.Errorf("the empty reply's message: %q", msg)
	}
	reply := "Merci : cette contribution **nourrira** le chapitre sur l'accès aux droits."
	mustStep(t, w.hcts, page+"/reponse", url.Values{"reponse": {reply}})
	_, body = w.hcts.get(page)
	if !strings.Contains(body, "<strong>nourrira</strong>") || !strings.Contains(body, "Remplacer la réponse") {
		t.Error("the reply is not on the page")
	}
	db := openMatrixDB(t, w.f)
	pilotMail := db.text("", `SELECT email FROM accounts WHERE login = 'pilote'`)
	found := false
	for _, m := range w.f.mailsTo(pilotMail) {
		if strings.Contains(m.Subject, w.sentTitle) && strings.Contains(m.Body, "nourrira") && strings.Contains(m.Body, "/c/37-41/contributions/"+w.sent) {
			found = true
		}
	}
	if !found {
		t.Error("the pilot is not mailed the reply with the contribution's link")
	}
	// The committee's page of the contribution shows the HCTS's reply.
	if _, body := w.pilot.get("/c/37-41/contributions/" + w.sent); !strings.Contains(body, "nourrira") {
		t.Error("the pilot does not see the reply on the contribution")
	}
	w.f.assertAuditActionsNamed()
}

// TestNationalExports: each export of a filter is recorded in the audit
// log with its filter, names its file after it, and holds the selection.
func TestNationalExports(t *testing.T) {
	w := newReadingWorld(t)
	query := "?q=bibliobus"
	get := func(path string) (*http.Response, []byte) {
		t.Helper()
		res, body := w.hcts.get(path + query)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d\n%.500s", path, res.StatusCode, body)
		}
		return res, []byte(body)
	}
	disposition := func(res *http.Response, ext string) {
		t.Helper()
		cd := res.Header.Get("Content-Disposition")
		if !strings.HasPrefix(cd, `attachment; filename="contributions-hcts_mots-bibliobus_`) || !strings.HasSuffix(cd, "."+ext+`"`) {
			t.Errorf("Content-Disposition %q", cd)
		}
	}

	res, body := get("/hcts/contributions/export.csv")
	disposition(res, "csv")
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Errorf("CSV content type %q", res.Header.Get("Content-Type"))
	}
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\ufeff"))))
	r.Comma = ';'
	rows, err := r.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 || rows[1][7] != w.sentTitle || rows[1][2] == "" {
		t.Errorf("CSV rows %q", rows)
	}

	res, body = get("/hcts/contributions/export.xlsx")
	disposition(res, "xlsx")
	book, err := excelize.OpenReader(bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if v, _ := book.GetCellValue("Besoins émergents", "H2"); v != w.sentTitle {
		t.Errorf("XLSX needs sheet H2 = %q", v)
	}
	book.Close()

	res, body = get("/hcts/contributions/export.json")
	disposition(res, "json")
	var doc struct {
		Count         int `json:"nombre"`
		Contributions []struct {
			Title string `json:"titre"`
		} `json:"contributions"`
	}
	if err := json.Unmarshal(body, &doc); err != nil || doc.Count != 1 || doc.Contributions[0].Title != w.sentTitle {
		t.Errorf("JSON: %v %+v", err, doc)
	}

	res, body = get("/hcts/contributions/donnees-ouvertes.zip")
	disposition(res, "zip")
	z, err := zip.NewReader(bytes.NewReader(body), int64(len(body)))
	if err != nil {
		t.Fatal(err)
	}
	if len(z.File) != 7 || z.File[0].Name != "README.md" {
		t.Errorf("the archive holds %d files", len(z.File))
	}

	res, page := w.hcts.get("/hcts/contributions/rapport" + query)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
		t.Fatalf("the report: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	report := parse(t, page)
	if report.Find("h1").Length() != 1 || report.Find("section.report-category").Length() != 6 || report.Find("html[lang=fr]").Length() != 1 {
		t.Errorf("the report's structure: %d h1, %d sections", report.Find("h1").Length(), report.Find("section.report-category").Length())
	}
	if got := strings.TrimSpace(report.Find("article h3").Text()); got != w.sentTitle {
		t.Errorf("the report's contributions: %q", got)
	}
	if report.Find("article .minutes strong").Length() == 0 {
		t.Error("the report does not show the text rendered")
	}
	if !strings.Contains(report.Find("link[rel=stylesheet]").AttrOr("href", ""), "report") {
		t.Error("the report has not its print stylesheet")
	}

	// A HEAD exports nothing and records nothing.
	if res, _ := w.hcts.do(http.MethodHead, "/hcts/contributions/export.csv"+query, nil, nil); res.StatusCode != http.StatusOK ||
		res.Header.Get("Content-Disposition") == "" {
		t.Errorf("HEAD of the CSV: %d %q", res.StatusCode, res.Header.Get("Content-Disposition"))
	}
	db := openMatrixDB(t, w.f)
	db.in("")
	if _, err := db.conn.Exec(context.Background(), `SELECT set_config('clts.operator', 'on', false)`); err != nil {
		t.Fatal(err)
	}
	var subjects []string
	rowsDB, err := db.conn.Query(context.Background(), `SELECT subject FROM audit_log WHERE action = 'contributions.export' ORDER BY id`)
	if err != nil {
		t.Fatal(err)
	}
	for rowsDB.Next() {
		var s string
		_ = rowsDB.Scan(&s)
		subjects = append(subjects, s)
	}
	rowsDB.Close()
	if len(subjects) != 5 {
		t.Fatalf("%d exports in the audit log, want 5: %q", len(subjects), subjects)
	}
	for _, s := range subjects {
		if !strings.Contains(s, "mots « bibliobus »") {
			t.Errorf("the audit line %q does not say the filter", s)
		}
	}
	w.f.assertAuditActionsNamed()
	// A wrong filter goes back to the reading, which says what is wrong.
	if res, _ := w.hcts.get("/hcts/contributions/export.csv?categorie=inconnue"); res.StatusCode != http.StatusSeeOther ||
		!strings.HasPrefix(res.Header.Get("Location"), "/hcts/contributions?") {
		t.Errorf("an export of a wrong filter: %d to %s", res.StatusCode, res.Header.Get("Location"))
	}
}

// TestNationalExportsGzip: a text export asked with gzip is compressed by
// the export itself (at gzip's fastest level), once, and reads back whole;
// XLSX, compressed already, is sent as it is.
func TestNationalExportsGzip(t *testing.T) {
	w := newReadingWorld(t)
	_, plain := w.hcts.get("/hcts/contributions/export.csv?q=bibliobus")
	for _, tc := range []struct {
		path string
		gzip bool
	}{
		{"/hcts/contributions/export.csv", true},
		{"/hcts/contributions/export.json", true},
		{"/hcts/contributions/rapport", true},
		{"/hcts/contributions/export.xlsx", false},
	} {
		res, body := w.hcts.do(http.MethodGet, tc.path+"?q=bibliobus", nil, []string{"Accept-Encoding", "gzip"})
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", tc.path, res.StatusCode)
		}
		if got := res.Header.Get("Content-Encoding"); (got == "gzip") != tc.gzip {
			t.Errorf("%s: Content-Encoding %q", tc.path, got)
		}
		if !tc.gzip {
			continue
		}
		zr, err := gzip.NewReader(strings.NewReader(body))
		if err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		text, err := io.ReadAll(zr)
		if err != nil {
			t.Fatalf("%s: %v", tc.path, err)
		}
		if tc.path == "/hcts/contributions/export.csv" && string(text) != plain {
			t.Errorf("the gzipped CSV differs from the plain one:\n%.300s\n%.300s", text, plain)
		}
		if len(text) == 0 {
			t.Errorf("%s: empty", tc.path)
		}
	}
}

package server

import (
	"bytes"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/demo"
	"github.com/portail-clts/clts/internal/postgres"
)

// The demo's documents (internal/demo/documents.go).
const (
	docStrategy = "Stratégie de communication du comité"
	docSurvey   = "Recensement des points d'accès numérique"
	docBudget   = "Budget prévisionnel de l'animation du comité"
	docSlides   = "Support de présentation du coffre-fort numérique"
	docLoiret   = "Plan de communication du comité du Loiret"
)

// TestDocumentVisibility: each demo document for each kind of person, on
// its page, its download, the list, the search and its meeting's page.
// The group's documents are those of « Accès aux droits à l'ère
// numérique », which thomas.petit leads and partenaire belongs to;
// professionnel is outside it, accompagne leads another group.
func TestDocumentVisibility(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	logins := []string{"accompagne", "professionnel", "partenaire", "thomas.petit", "pilote", "pilote-autre"}
	clients := map[string]*client{}
	for _, l := range logins {
		clients[l] = f.login(l)
	}
	meeting := strconv.Itoa(f.ownerCommitteeCount("37-41", `SELECT id::int FROM meetings WHERE title = $1`, demo.DocumentMeetingTitle))
	search := map[string]string{docStrategy: "STRATEGIE communication", docSurvey: "points d'acces", docBudget: "budget previsionnel",
		docSlides: "coffre-fort"}
	// Who reads each document, in the order of logins.
	for _, tc := range []struct {
		title string
		reads []bool
	}{
		{docStrategy, []bool{true, true, true, true, true, false}},
		{docSurvey, []bool{false, false, true, true, true, false}},
		{docBudget, []bool{false, false, false, false, true, false}},
		{docSlides, []bool{false, false, true, true, true, false}},
	} {
		id := f.documentID("37-41", tc.title)
		for i, login := range logins {
			t.Run(tc.title+"/"+login, func(t *testing.T) {
				c := clients[login]
				want, wantStatus := tc.reads[i], http.StatusNotFound
				if want {
					wantStatus = http.StatusOK
				}
				for _, path := range []string{"/c/37-41/documents/" + id, "/c/37-41/documents/" + id + "/fichier"} {
					if res, _ := c.get(path); res.StatusCode != wantStatus {
						t.Errorf("GET %s = %d, want %d", path, res.StatusCode, wantStatus)
					}
				}
				if login == "pilote-autre" {
					return // every page of 37-41 is a 404 for them
				}
				for _, path := range []string{"/c/37-41/documents", "/c/37-41/documents?q=" + url.QueryEscape(search[tc.title]),
					"/c/37-41/reunions/" + meeting} {
					res, body := c.get(path)
					if res.StatusCode != http.StatusOK {
						t.Fatalf("GET %s = %d", path, res.StatusCode)
					}
					if strings.Contains(path, "reunions") && tc.title != docSlides {
						continue
					}
					if got := strings.Contains(body, html.EscapeString(tc.title)); got != want {
						t.Errorf("GET %s shows %q: %v, want %v", path, tc.title, got, want)
					}
					if got := strings.Contains(body, "/documents/"+id+"/fichier"); got != want {
						t.Errorf("GET %s links to the download of %q: %v, want %v", path, tc.title, got, want)
					}
				}
			})
		}
	}
}

// TestDocumentIsolation: another committee's document and version ids are
// unknown in 37-41 on every route, downloads included, and a version is
// found only with its own document.
func TestDocumentIsolation(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	theirs := f.documentID("autre", docLoiret)
	theirVersion := f.versionID("autre", theirs, 1)
	ours := f.documentID("37-41", docStrategy)
	ourVersion := f.versionID("37-41", ours, 1)
	if res, _ := f.login("pilote-autre").get("/c/autre/documents/" + theirs + "/versions/" + theirVersion + "/fichier"); res.StatusCode != http.StatusOK {
		t.Fatalf("the other committee's pilot cannot download their own document: %d", res.StatusCode)
	}
	for _, path := range []string{
		"/c/37-41/documents/" + theirs,
		"/c/37-41/documents/" + theirs + "/fichier",
		"/c/37-41/documents/" + theirs + "/modifier",
		"/c/37-41/documents/" + theirs + "/versions/" + theirVersion + "/fichier",
		"/c/37-41/documents/" + ours + "/versions/" + theirVersion + "/fichier",
		"/c/37-41/documents/" + theirs + "/versions/" + ourVersion + "/fichier",
		"/c/37-41/documents/nouveau?reunion=" + strconv.Itoa(f.ownerCommitteeCount("autre", `SELECT min(id)::int FROM meetings WHERE committee_id = $1`, f.committees["autre"])),
	} {
		if res, _ := pilot.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, res.StatusCode)
		}
	}
	for _, path := range []string{"/c/37-41/documents/" + theirs + "/modifier", "/c/37-41/documents/" + theirs + "/archiver"} {
		if res, _ := pilot.post(path, url.Values{"titre": {"Pris"}, "lecteurs": {"comite"}, "etat": {"archiver"}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s = %d, want 404", path, res.StatusCode)
		}
	}
	if res, _ := postDocumentForm(t, pilot, "/c/37-41/documents/"+theirs+"/versions", url.Values{}, upFile{"v.pdf", samplePDF}); res.StatusCode != http.StatusNotFound {
		t.Errorf("new version of another committee's document = %d, want 404", res.StatusCode)
	}
	if n := f.ownerCommitteeCount("autre", `SELECT count(*)::int FROM document_versions WHERE committee_id = $1`, f.committees["autre"]); n != 1 {
		t.Errorf("the other committee has %d versions, want 1", n)
	}
}

// TestDocumentUploadRefused: a file of a type not accepted, no file, or
// readers the uploader may not give: 422, the message next to its field,
// the rest of the form kept, nothing stored.
func TestDocumentUploadRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot, lead := f.login("pilote"), f.login("thomas.petit")
	filesBefore := f.ownerCommitteeCount("37-41", `SELECT count(*)::int FROM files`)
	group := f.groupID("Accès aux droits à l'ère numérique")
	for _, tc := range []struct {
		name   string
		c      *client
		form   url.Values
		files  []upFile
		field  string
		want   string
		folder string
	}{
		{"HTML renamed .pdf", pilot, url.Values{"titre": {"Document refusé"}, "dossier": {"Communication"}, "lecteurs": {"comite"}},
			[]upFile{{"affiche.pdf", []byte("<!DOCTYPE html><html><body><script>alert(1)</script></body></html>")}},
			"fichier", "« affiche.pdf » n'est pas d'un type accepté", "Communication"},
		{"no file", pilot, url.Values{"titre": {"Document sans fichier"}, "dossier": {"Pilotage"}, "lecteurs": {"pilotes"}},
			nil, "fichier", "Choisissez le fichier du document.", "Pilotage"},
		{"two files", pilot, url.Values{"titre": {"Deux fichiers"}, "dossier": {"Pilotage"}, "lecteurs": {"comite"}},
			[]upFile{{"a.pdf", samplePDF}, {"b.pdf", samplePDF}}, "fichier", "Joignez un seul fichier", "Pilotage"},
		{"lead for the pilots", lead, url.Values{"titre": {"Pour les pilotes"}, "dossier": {"Groupes"}, "lecteurs": {"pilotes"}},
			[]upFile{{"note.pdf", samplePDF}}, "lecteurs", "Choisissez parmi les lecteurs proposés.", "Groupes"},
		{"lead for the committee", lead, url.Values{"titre": {"Pour tout le comité"}, "dossier": {"Groupes"}, "lecteurs": {"comite"}},
			[]upFile{{"note.pdf", samplePDF}}, "lecteurs", "Choisissez parmi les lecteurs proposés.", "Groupes"},
		{"group without a group", pilot, url.Values{"titre": {"Pour un groupe"}, "dossier": {"Groupes"}, "lecteurs": {"groupe"}},
			[]upFile{{"note.pdf", samplePDF}}, "groupe", "Choisissez le groupe de travail", "Groupes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := postDocumentForm(t, tc.c, "/c/37-41/documents/nouveau", tc.form, tc.files...)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422\n%.2000s", res.StatusCode, body)
			}
			doc := parse(t, body)
			if msg := tiedError(t, doc, tc.field); !strings.Contains(msg, tc.want) {
				t.Errorf("message next to %s = %q, want %q", tc.field, msg, tc.want)
			}
			if doc.Find(".error-summary a[href='#f-"+tc.field+"']").Length() != 1 {
				t.Errorf("the error summary does not link to %s", tc.field)
			}
			if got := doc.Find("#f-titre").AttrOr("value", ""); got != tc.form.Get("titre") {
				t.Errorf("title kept as %q", got)
			}
			if got := doc.Find("#f-dossier").AttrOr("value", ""); got != tc.folder {
				t.Errorf("folder kept as %q", got)
			}
			if n := f.ownerCommitteeCount("37-41", `SELECT count(*)::int FROM documents WHERE title = $1`, tc.form.Get("titre")); n != 0 {
				t.Errorf("%d documents saved", n)
			}
		})
	}
	if n := f.ownerCommitteeCount("37-41", `SELECT count(*)::int FROM files`) - filesBefore; n != 0 {
		t.Errorf("%d files stored from refused uploads", n)
	}
	// The lead gives a document to their group: accepted.
	f.addDocument(t, lead, "37-41", "", url.Values{"titre": {"Compte rendu d'atelier"}, "lecteurs": {"groupe"}, "groupe": {group}},
		upFile{"atelier.pdf", samplePDF})
	// A member who leads nothing may not upload.
	if res, _ := f.login("professionnel").get("/c/37-41/documents/nouveau"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a member who leads no group opens the form: %d, want 403", res.StatusCode)
	}
}

// TestDocumentVersions: versions are listed newest first, the latest link
// downloads the newest file as an attachment, and whoever may not change
// the document may not add one.
func TestDocumentVersions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	id := f.documentID("37-41", docStrategy)
	v3 := append(append([]byte{}, samplePDF...), []byte("% version 3\n")...)
	res, body := postDocumentForm(t, pilot, "/c/37-41/documents/"+id+"/versions", url.Values{"note": {"Le calendrier de 2027."}},
		upFile{"strategie-2027.pdf", v3})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new version: %d\n%.2000s", res.StatusCode, body)
	}
	_, body = pilot.get("/c/37-41/documents/" + id)
	doc := parse(t, body)
	var numbers []string
	doc.Find("ol.cards > li h3").Each(func(_ int, s *goquery.Selection) {
		numbers = append(numbers, strings.Fields(s.Text())[1])
	})
	if strings.Join(numbers, ",") != "3,2,1" {
		t.Errorf("versions listed as %v, want 3, 2, 1", numbers)
	}
	if !strings.Contains(body, "Le calendrier de 2027.") || !strings.Contains(body, "strategie-2027.pdf") {
		t.Error("the new version's note or file name is not shown")
	}
	res, got := pilot.get("/c/37-41/documents/" + id + "/fichier")
	if res.StatusCode != http.StatusOK || got != string(v3) {
		t.Fatalf("latest download: %d, %d bytes, want the third version", res.StatusCode, len(got))
	}
	if cd := res.Header.Get("Content-Disposition"); !strings.HasPrefix(cd, "attachment;") || !strings.Contains(cd, "strategie-2027.pdf") {
		t.Errorf("Content-Disposition = %q", cd)
	}
	if res.Header.Get("X-Content-Type-Options") != "nosniff" || res.Header.Get("Content-Type") != "application/pdf" {
		t.Errorf("headers: %v", res.Header)
	}
	first := f.versionID("37-41", id, 1)
	if res, got := f.login("accompagne").get("/c/37-41/documents/" + id + "/versions/" + first + "/fichier"); res.StatusCode != http.StatusOK ||
		!bytes.HasPrefix([]byte(got), []byte("%PDF")) {
		t.Errorf("a member downloads the first version: %d", res.StatusCode)
	}
	// A member reads the document but may not change it.
	partner := f.login("partenaire")
	if res, _ := postDocumentForm(t, partner, "/c/37-41/documents/"+id+"/versions", url.Values{}, upFile{"v.pdf", samplePDF}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a member adds a version: %d, want 403", res.StatusCode)
	}
	if _, body := partner.get("/c/37-41/documents/" + id); strings.Contains(body, "Déposer une nouvelle version") {
		t.Error("a member is offered the new version's form")
	}
	// A refused file: the page again, the message next to the field.
	res, body = postDocumentForm(t, pilot, "/c/37-41/documents/"+id+"/versions", url.Values{"note": {"Essai"}}, upFile{"x.pdf", []byte("MZ\x90\x00")})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("refused version: %d", res.StatusCode)
	}
	if msg := tiedError(t, parse(t, body), "fichier"); !strings.Contains(msg, "n'est pas d'un type accepté") {
		t.Errorf("message = %q", msg)
	}
	if n := f.ownerCommitteeCount("37-41", `SELECT count(*)::int FROM document_versions WHERE document_id = $1`, mustInt(t, id)); n != 3 {
		t.Errorf("%d versions, want 3", n)
	}
}

// TestDocumentSearchAndFilters: the search ignores accents and case; the
// folder, tag, group and audience filters keep what they say.
func TestDocumentSearchAndFilters(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	list := func(query string) string {
		t.Helper()
		res, body := pilot.get("/c/37-41/documents?" + query)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("list ?%s: %d", query, res.StatusCode)
		}
		return body
	}
	for _, tc := range []struct {
		query     string
		want, not []string
		marked    string
	}{
		{"q=strategie", []string{docStrategy}, []string{docSurvey, docBudget}, ""},
		{"q=" + url.QueryEscape("STRATÉGIE"), []string{docStrategy}, []string{docSurvey}, ""},
		{"q=numerique", []string{docSurvey, docSlides}, []string{docStrategy, docBudget}, "numérique"},
		{"q=interpretariat", []string{docBudget}, []string{docStrategy}, "interprétariat"},
		{"dossier=Communication", []string{docStrategy}, []string{docSurvey, docBudget}, ""},
		{"mot_cle=budget", []string{docBudget}, []string{docStrategy}, ""},
		{"lecteurs=groupe", []string{docSurvey, docSlides}, []string{docStrategy, docBudget}, ""},
		{"lecteurs=pilotes", []string{docBudget}, []string{docStrategy}, ""},
		{"groupe=" + f.groupID("Accès aux droits à l'ère numérique"), []string{docSurvey, docSlides}, []string{docBudget}, ""},
		{"reunion=" + strconv.Itoa(f.ownerCommitteeCount("37-41", `SELECT id::int FROM meetings WHERE title = $1`, demo.DocumentMeetingTitle)),
			[]string{docSlides, "la page de la réunion"}, []string{docSurvey, docStrategy}, ""},
	} {
		body := list(tc.query)
		for _, w := range tc.want {
			if !strings.Contains(body, html.EscapeString(w)) {
				t.Errorf("?%s: %q missing", tc.query, w)
			}
		}
		for _, n := range tc.not {
			if strings.Contains(body, html.EscapeString(n)) {
				t.Errorf("?%s: %q listed", tc.query, n)
			}
		}
		if tc.marked != "" && !strings.Contains(body, "<mark>"+tc.marked+"</mark>") {
			t.Errorf("?%s: %q not highlighted", tc.query, tc.marked)
		}
	}
	// Archived documents leave the list for the archives.
	id := f.documentID("37-41", docBudget)
	mustStep(t, pilot, "/c/37-41/documents/"+id+"/archiver", url.Values{"etat": {"archiver"}})
	if body := list(""); strings.Contains(body, html.EscapeString(docBudget)) {
		t.Error("an archived document is still in the list")
	}
	if body := list("archives=oui"); !strings.Contains(body, html.EscapeString(docBudget)) {
		t.Error("an archived document is not in the archives")
	}
	if res, _ := pilot.get("/c/37-41/documents/" + id + "/fichier"); res.StatusCode != http.StatusOK {
		t.Errorf("an archived document is no longer readable: %d", res.StatusCode)
	}
}

// TestLeadAttachesDocumentToAgendaItem: a group's lead adds a document to
// an agenda item of the group's meeting, the form prefilled for the
// group; the group's members find it on the meeting's page, others do
// not; the committee journal names it.
func TestLeadAttachesDocumentToAgendaItem(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	lead := f.login("thomas.petit")
	meeting := strconv.Itoa(f.ownerCommitteeCount("37-41", `SELECT id::int FROM meetings WHERE title = $1`, demo.DocumentMeetingTitle))
	item := strconv.Itoa(f.ownerCommitteeCount("37-41", `SELECT id::int FROM agenda_items WHERE meeting_id = $1`, mustInt(t, meeting)))
	_, body := lead.get("/c/37-41/reunions/" + meeting)
	link := "/c/37-41/documents/nouveau?point=" + item + "&amp;reunion=" + meeting
	if !strings.Contains(body, link) {
		t.Fatalf("the organiser is not offered « Joindre un document » (%s)", link)
	}
	if _, body := f.login("partenaire").get("/c/37-41/reunions/" + meeting); strings.Contains(body, "Joindre un document") {
		t.Error("a member who does not organise the meeting is offered « Joindre un document »")
	}
	res, body := lead.get("/c/37-41/documents/nouveau?reunion=" + meeting + "&point=" + item)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("form: %d", res.StatusCode)
	}
	form := parse(t, body)
	if got := form.Find("#f-lecteurs option[selected]").AttrOr("value", ""); got != clts.AudienceGroup {
		t.Errorf("readers preselected: %q, want the group", got)
	}
	if got := form.Find("#f-groupe option[selected]").AttrOr("value", ""); got != f.groupID("Accès aux droits à l'ère numérique") {
		t.Errorf("group preselected: %q", got)
	}
	if !strings.Contains(body, demo.DocumentItemTitle) {
		t.Error("the form does not name the agenda item")
	}
	res, _ = postDocumentForm(t, lead, "/c/37-41/documents/nouveau?reunion="+meeting+"&point="+item,
		url.Values{"titre": {"Questions pour la CAF"}, "lecteurs": {"groupe"}, "groupe": {f.groupID("Accès aux droits à l'ère numérique")}},
		upFile{"questions.pdf", samplePDF})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/c/37-41/reunions/"+meeting {
		t.Fatalf("upload: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	id := f.documentID("37-41", "Questions pour la CAF")
	_, page := f.login("partenaire").get("/c/37-41/reunions/" + meeting)
	if !strings.Contains(page, "Questions pour la CAF") || !strings.Contains(page, "/c/37-41/documents/"+id+"/fichier") {
		t.Error("a member of the group does not find the document on the meeting's page")
	}
	outsider := f.login("professionnel")
	if _, page := outsider.get("/c/37-41/reunions/" + meeting); strings.Contains(page, "Questions pour la CAF") {
		t.Error("a member outside the group sees the document on the meeting's page")
	}
	if res, _ := outsider.get("/c/37-41/documents/" + id + "/fichier"); res.StatusCode != http.StatusNotFound {
		t.Errorf("a member outside the group downloads it: %d, want 404", res.StatusCode)
	}
	// An item of another meeting is not this meeting's.
	other := strconv.Itoa(f.ownerCommitteeCount("37-41", `SELECT min(id)::int FROM agenda_items WHERE meeting_id <> $1`, mustInt(t, meeting)))
	if res, _ := lead.get("/c/37-41/documents/nouveau?reunion=" + meeting + "&point=" + other); res.StatusCode != http.StatusNotFound {
		t.Errorf("an item of another meeting: %d, want 404", res.StatusCode)
	}
	if _, journal := f.login("pilote").get("/c/37-41/journal"); !strings.Contains(journal, `href="/c/37-41/documents/`+id+`"`) {
		t.Error("the journal does not link to the document")
	}
}

// TestMeetingPageQueryCountWithDocuments: the meeting's page reads its
// documents in one statement, whatever their number.
func TestMeetingPageQueryCountWithDocuments(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	meeting := f.ownerCommitteeCount("37-41", `SELECT id::int FROM meetings WHERE title = $1`, demo.DocumentMeetingTitle)
	path := "/c/37-41/reunions/" + strconv.Itoa(meeting)
	before := f.countQueries("pilote", path)
	f.write("37-41", "pilote", func(tx *postgres.Tx) error {
		for i := range 30 {
			fileID, err := tx.CreateFile(t.Context(), "doc.pdf", "application/pdf", bytes.NewReader(samplePDF), int64(len(samplePDF)))
			if err != nil {
				return err
			}
			if _, err := tx.CreateDocument(t.Context(), clts.Document{Title: "Document " + strconv.Itoa(i), Audience: clts.AudienceCommittee,
				MeetingID: int64(meeting), InMinutes: true}, fileID, ""); err != nil {
				return err
			}
		}
		return nil
	})
	after := f.countQueries("pilote", path)
	if before != after || after > maxQueriesPerPage {
		t.Errorf("meeting page: %d statements with one document, %d with 31; want the same, at most %d", before, after, maxQueriesPerPage)
	}
	t.Logf("meeting page: %d statements", after)
	c := f.login("pilote")
	_, body := c.get(path)
	if !strings.Contains(body, "Document 29") {
		t.Error("the minutes' documents are not on the meeting's page")
	}
}

// TestDocumentFieldLimits: each limited field of the document forms is
// refused one character above its limit, the message next to the field,
// the text kept, the limit stated (maxlength); typed text reaches the
// pages escaped.
func TestDocumentFieldLimits(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	over := func(n int) string { return strings.Repeat("é", n+1) }
	for _, tc := range []struct {
		field string
		max   int
	}{
		{"titre", clts.MaxDocumentTitle},
		{"description", clts.MaxDocumentDescription},
		{"dossier", clts.MaxDocumentFolder},
	} {
		form := url.Values{"titre": {"Un document"}, "lecteurs": {"comite"}}
		form.Set(tc.field, over(tc.max))
		res, body := postDocumentForm(t, pilot, "/c/37-41/documents/nouveau", form, upFile{"a.pdf", samplePDF})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("%s over its limit: %d", tc.field, res.StatusCode)
		}
		doc := parse(t, body)
		if msg := tiedError(t, doc, tc.field); !strings.Contains(msg, "ne doit pas dépasser") {
			t.Errorf("%s: message %q", tc.field, msg)
		}
		if got := doc.Find("#f-"+tc.field).AttrOr("maxlength", ""); got != strconv.Itoa(tc.max) {
			t.Errorf("%s: maxlength %q, want %d", tc.field, got, tc.max)
		}
		kept := doc.Find("#f-"+tc.field).AttrOr("value", doc.Find("#f-"+tc.field).Text())
		if kept != over(tc.max) {
			t.Errorf("%s: the typed text is not kept", tc.field)
		}
	}
	id := f.documentID("37-41", docStrategy)
	res, body := postDocumentForm(t, pilot, "/c/37-41/documents/"+id+"/versions", url.Values{"note": {over(clts.MaxDocumentNote)}}, upFile{"a.pdf", samplePDF})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("note over its limit: %d", res.StatusCode)
	}
	if msg := tiedError(t, parse(t, body), "note"); !strings.Contains(msg, "ne doit pas dépasser") {
		t.Errorf("note: message %q", msg)
	}

	const payload = `<script>alert(1)</script><img src=x onerror=alert(2)>`
	meeting := f.ownerCommitteeCount("37-41", `SELECT id::int FROM meetings WHERE title = $1`, demo.DocumentMeetingTitle)
	f.addDocument(t, pilot, "37-41", "?compte_rendu=oui&reunion="+strconv.Itoa(meeting),
		url.Values{"titre": {payload}, "description": {payload}, "dossier": {payload}, "mots_cles": {"<b>x</b>, atelier"}, "lecteurs": {"comite"}},
		upFile{"a.pdf", samplePDF})
	doc := f.documentID("37-41", payload)
	for _, page := range []string{"/c/37-41/documents", "/c/37-41/documents?q=alert", "/c/37-41/documents/" + doc,
		"/c/37-41/reunions/" + strconv.Itoa(meeting), "/c/37-41/journal"} {
		_, body := pilot.get(page)
		if strings.Contains(body, "<script>alert(") || strings.Contains(body, "<img src=x") {
			t.Errorf("%s: the payload is in the HTML unescaped", page)
		}
		if !strings.Contains(body, "&lt;script&gt;alert(1)") {
			t.Errorf("%s does not show the typed title escaped", page)
		}
	}
}

// TestDocumentListQueryCount: the list, a search and a document's page run
// the same statements whatever the number of documents, within the
// bound of every page.
func TestDocumentListQueryCount(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	paths := []string{"/c/37-41/documents", "/c/37-41/documents?q=strategie+OR+document&dossier=Communication",
		"/c/37-41/documents/" + f.documentID("37-41", docStrategy)}
	var before []int64
	for _, p := range paths {
		before = append(before, f.countQueries("partenaire", p))
	}
	f.write("37-41", "pilote", func(tx *postgres.Tx) error {
		for i := range 40 {
			fileID, err := tx.CreateFile(t.Context(), "doc.pdf", "application/pdf", bytes.NewReader(samplePDF), int64(len(samplePDF)))
			if err != nil {
				return err
			}
			if _, err := tx.CreateDocument(t.Context(), clts.Document{Title: "Document de communication " + strconv.Itoa(i),
				Folder: "Communication", Tags: []string{"lot " + strconv.Itoa(i)}, Audience: clts.AudienceCommittee}, fileID, ""); err != nil {
				return err
			}
		}
		return nil
	})
	for i, p := range paths {
		after := f.countQueries("partenaire", p)
		if after != before[i] || after > maxQueriesPerPage {
			t.Errorf("%s: %d statements, then %d with 40 more documents; want the same, at most %d", p, before[i], after, maxQueriesPerPage)
		}
	}
}

package server

import (
	"bytes"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
)

// nationalSetup is a fixture with, in 37-41, a practice shared nationally
// (with an attachment), one published but not shared (with an attachment)
// and one submitted; in the other committee, a shared practice.
type nationalSetup struct {
	*fixture
	shared, sharedFile     int64
	unshared, unsharedFile int64
	submitted              int64
	otherShared            int64
}

const (
	sharedTitle    = "Un point d'accueil numérique itinérant"
	unsharedTitle  = "Ateliers numériques réservés au comité"
	submittedTitle = "Permanence numérique en attente de relecture"
	otherTitle     = "Cafés des aidants du Loiret"
)

func newNationalSetup(t *testing.T) *nationalSetup {
	t.Helper()
	f := newFixture(t)
	s := &nationalSetup{fixture: f}
	s.shared, s.sharedFile = f.setUpPractice(practiceSetup{slug: "37-41", author: "partenaire", pilot: "pilote",
		title: sharedTitle, summary: "Un bus équipé de postes numériques va au-devant des habitants des communes rurales.",
		state: clts.PracticePublished, share: true, fileName: "Bilan du bus numérique été 2019.pdf"})
	s.unshared, s.unsharedFile = f.setUpPractice(practiceSetup{slug: "37-41", author: "partenaire", pilot: "pilote",
		title: unsharedTitle, summary: "Des ateliers numériques pour les personnes accompagnées du comité.",
		state: clts.PracticePublished, fileName: "programme.pdf"})
	s.submitted, _ = f.setUpPractice(practiceSetup{slug: "37-41", author: "partenaire", pilot: "pilote",
		title: submittedTitle, summary: "Une permanence numérique proposée au comité.", state: clts.PracticeSubmitted})
	s.otherShared, _ = f.setUpPractice(practiceSetup{slug: "autre", author: "pilote-autre", pilot: "pilote-autre",
		title: otherTitle, summary: "Des rencontres mensuelles entre aidants familiaux.", state: clts.PracticePublished, share: true})
	return s
}

// resultTitles are the titles of the practices a list shows.
func resultTitles(t *testing.T, body string) []string {
	t.Helper()
	var titles []string
	parse(t, body).Find("main li.card h3").Each(func(_ int, s *goquery.Selection) {
		titles = append(titles, strings.TrimSpace(s.Text()))
	})
	return titles
}

func TestNationalPracticeSearch(t *testing.T) {
	t.Parallel()
	s := newNationalSetup(t)
	other := s.login("pilote-autre")

	// A member of the other committee types « numerique », without accents.
	res, body := other.get("/pratiques?q=numerique")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("national search: status %d", res.StatusCode)
	}
	titles := resultTitles(t, body)
	if !contains(titles, sharedTitle) {
		t.Fatalf("searching « numerique » does not find the shared practice of 37-41; found %q", titles)
	}
	for _, hidden := range []string{unsharedTitle, submittedTitle} {
		if contains(titles, hidden) || strings.Contains(parse(t, body).Text(), hidden) {
			t.Errorf("the national search shows %q, which is not shared", hidden)
		}
	}
	doc := parse(t, body)
	card := doc.Find("main li.card").FilterFunction(func(_ int, c *goquery.Selection) bool {
		return strings.Contains(c.Find("h3").Text(), sharedTitle)
	})
	if !strings.Contains(card.Text(), "Comité local du travail social et du développement social 37-41") {
		t.Errorf("the result does not say which committee the practice comes from: %q", card.Text())
	}
	if mark := card.Find("mark").First().Text(); !strings.EqualFold(mark, "numériques") {
		t.Errorf("the matching word is not highlighted in the summary: <mark>%s</mark>", mark)
	}
	href, _ := card.Find("h3 a").Attr("href")
	if href != paths.NationalPractice("37-41", s.shared) {
		t.Errorf("the result links to %q, want %q", href, paths.NationalPractice("37-41", s.shared))
	}

	// The committee filter: the other committee's practice only.
	_, body = other.get("/pratiques?comite=autre")
	if titles := resultTitles(t, body); !contains(titles, otherTitle) || contains(titles, sharedTitle) {
		t.Errorf("filtered on the other committee, the catalogue lists %q", titles)
	}
	if sel, _ := parse(t, body).Find(`select[name="comite"] option[selected]`).Attr("value"); sel != "autre" {
		t.Errorf("the committee filter does not keep its value: %q", sel)
	}
	// A wrong year is said next to its field; the search keeps its words.
	res, body = other.get("/pratiques?q=numerique&annee=19")
	doc = parse(t, body)
	if res.StatusCode != http.StatusUnprocessableEntity || doc.Find("#f-annee-error").Length() != 1 {
		t.Errorf("a wrong year: status %d, want 422 with its message next to the field", res.StatusCode)
	}
	if described, _ := doc.Find("#f-annee").Attr("aria-describedby"); !strings.Contains(described, "f-annee-error") {
		t.Errorf("the year's message is not tied to its field: aria-describedby=%q", described)
	}
	if v, _ := doc.Find("#f-q").Attr("value"); v != "numerique" {
		t.Errorf("the words searched are lost: %q", v)
	}

	// The sheet: read-only, with its committee and its attachment.
	res, body = other.get(paths.NationalPractice("37-41", s.shared))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("shared practice's sheet: status %d", res.StatusCode)
	}
	doc = parse(t, body)
	if h1 := strings.TrimSpace(doc.Find("main h1").Text()); h1 != sharedTitle || doc.Find("h1").Length() != 1 {
		t.Errorf("the sheet's h1 is %q", h1)
	}
	if !strings.Contains(doc.Find("main").Text(), "Comité d'origine : Comité local du travail social et du développement social 37-41") {
		t.Error("the sheet does not say which committee the practice comes from")
	}
	if doc.Find("main form").Length() != 0 {
		t.Error("the national sheet offers a form: it is read-only")
	}
	fileURL := paths.NationalPracticeFile("37-41", s.shared, s.sharedFile)
	if doc.Find(`main a[href="`+fileURL+`"]`).Length() != 1 {
		t.Errorf("the sheet does not link its attachment to %s", fileURL)
	}
}

func TestNationalPracticeUnsharedIsNotFound(t *testing.T) {
	t.Parallel()
	s := newNationalSetup(t)
	for _, login := range []string{"pilote-autre", "hcts", "partenaire"} {
		c := s.login(login)
		for _, path := range []string{
			paths.NationalPractice("37-41", s.unshared),
			paths.NationalPracticeFile("37-41", s.unshared, s.unsharedFile),
			paths.NationalPractice("37-41", s.submitted),
			// A shared practice under another committee's name, and an
			// unshared practice's file under a shared practice.
			paths.NationalPractice("autre", s.shared),
			paths.NationalPracticeFile("autre", s.shared, s.sharedFile),
			paths.NationalPracticeFile("37-41", s.shared, s.unsharedFile),
			paths.NationalPractice("37-41", s.otherShared),
			"/pratiques/37-41/abc",
		} {
			res, body := c.get(path)
			if res.StatusCode != http.StatusNotFound {
				t.Errorf("%s: GET %s = %d, want 404", login, path, res.StatusCode)
			}
			for _, leak := range []string{unsharedTitle, submittedTitle, "%PDF"} {
				if strings.Contains(body, leak) || strings.Contains(parse(t, body).Text(), leak) {
					t.Errorf("%s: GET %s shows %q", login, path, leak)
				}
			}
		}
	}
}

func TestNationalPracticeHCTSReaderDownloads(t *testing.T) {
	t.Parallel()
	s := newNationalSetup(t)
	hcts := s.login("hcts")
	_, body := hcts.get("/pratiques?q=" + url.QueryEscape("NUMÉRIQUE itinérant"))
	if !contains(resultTitles(t, body), sharedTitle) {
		t.Fatalf("the HCTS reader does not find the shared practice")
	}
	res, content := hcts.get(paths.NationalPracticeFile("37-41", s.shared, s.sharedFile))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("download: status %d", res.StatusCode)
	}
	if !bytes.Equal([]byte(content), setupPDF) {
		t.Errorf("the file downloaded is not the one attached (%d bytes, want %d)", len(content), len(setupPDF))
	}
	h := res.Header
	for k, want := range map[string]string{
		"Content-Type":           "application/pdf",
		"X-Content-Type-Options": "nosniff",
		"Cache-Control":          "private, no-store",
		"Content-Length":         strconv.Itoa(len(setupPDF)),
	} {
		if got := h.Get(k); got != want {
			t.Errorf("%s: %q, want %q", k, got, want)
		}
	}
	disposition, params, err := mime.ParseMediaType(h.Get("Content-Disposition"))
	if err != nil || disposition != "attachment" || params["filename"] != "Bilan du bus numérique été 2019.pdf" {
		t.Errorf("Content-Disposition %q: %v %q %v", h.Get("Content-Disposition"), disposition, params, err)
	}
	if !strings.Contains(h.Get("Content-Disposition"), `filename="Bilan du bus num_rique _t_ 2019.pdf"`) {
		t.Errorf("no plain ASCII name for old clients: %q", h.Get("Content-Disposition"))
	}
}

func TestNationalHomeOfTheHCTSReader(t *testing.T) {
	t.Parallel()
	s := newNationalSetup(t)
	hcts := s.login("hcts")
	res, body := hcts.get("/comites")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("HCTS home: status %d", res.StatusCode)
	}
	doc := parse(t, body)
	if h1 := strings.TrimSpace(doc.Find("main h1").Text()); h1 != "Espace national" {
		t.Errorf("the HCTS reader's home is titled %q", h1)
	}
	text := doc.Find("main").Text()
	if strings.Contains(text, "membre d'aucun comité") {
		t.Error("the HCTS reader's home says they belong to no committee")
	}
	titles := resultTitles(t, body)
	if !contains(titles, sharedTitle) || !contains(titles, otherTitle) {
		t.Errorf("the HCTS home does not show the latest shared practices: %q", titles)
	}
	if strings.Contains(text, unsharedTitle) || strings.Contains(text, submittedTitle) {
		t.Error("the HCTS home shows a practice that is not shared")
	}
	for _, link := range []string{paths.NationalPractices, paths.Seminars} {
		if doc.Find(`main a[href="`+link+`"]`).Length() == 0 {
			t.Errorf("the HCTS home has no link to %s", link)
		}
	}
	// A member's committee list is unchanged: no national space.
	_, body = s.login("pilote-autre").get("/comites")
	if strings.Contains(body, "Espace national") || strings.Contains(body, "Dernières pratiques partagées") {
		t.Error("a member's committee list shows the HCTS national space")
	}
}

func TestNationalPracticesWhoMayRead(t *testing.T) {
	t.Parallel()
	s := newNationalSetup(t)
	pages := []string{
		paths.NationalPractices,
		paths.NationalPractice("37-41", s.shared),
		paths.NationalPracticeFile("37-41", s.shared, s.sharedFile),
	}
	// Anonymous visitors are sent to the login page, to come back.
	for _, path := range pages {
		res, _ := s.anonymous().get(path)
		if loc := res.Header.Get("Location"); res.StatusCode != http.StatusSeeOther || loc != paths.LoginReturning(path) {
			t.Errorf("anonymous GET %s = %d to %q, want 303 to the login page", path, res.StatusCode, loc)
		}
	}
	// A person who belongs to no committee and is no HCTS reader: the
	// operator, and a member whose only membership was deactivated.
	s.write("37-41", "pilote", func(tx *postgres.Tx) error {
		return tx.SetMemberActive(t.Context(), s.accounts["accompagne"], false)
	})
	for _, login := range []string{"operateur", "accompagne"} {
		c := s.login(login)
		for _, path := range pages {
			if res, body := c.get(path); res.StatusCode != http.StatusNotFound || strings.Contains(parse(t, body).Text(), sharedTitle) {
				t.Errorf("%s: GET %s = %d, want 404", login, path, res.StatusCode)
			}
		}
		if _, body := c.get("/comites"); parse(t, body).Find(`header a[href="/pratiques"]`).Length() != 0 {
			t.Errorf("%s sees a link to the national catalogue", login)
		}
	}
	// Members of any committee and HCTS readers have the link.
	for _, login := range []string{"pilote-autre", "professionnel", "hcts"} {
		if _, body := s.login(login).get("/comites"); parse(t, body).Find(`header a[href="/pratiques"]`).Length() != 1 {
			t.Errorf("%s has no link to the national catalogue in the header", login)
		}
	}
}

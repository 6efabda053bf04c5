package server

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

func TestHomePage(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t, nil)
	res, body := get(t, ts.URL+"/")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET / = %d", res.StatusCode)
	}
	doc := parse(t, body)
	if lang, _ := doc.Find("html").Attr("lang"); lang != "fr" {
		t.Errorf("lang = %q, want fr", lang)
	}
	if n := doc.Find("h1").Length(); n != 1 {
		t.Errorf("%d h1, want 1", n)
	}
	if got := doc.Find("title").Text(); got != "Accueil — Portail CLTS" {
		t.Errorf("title = %q", got)
	}
	for _, sel := range []string{"header", "nav[aria-label]", "main#contenu", "footer", `a.skip-link[href="#contenu"]`} {
		if doc.Find(sel).Length() != 1 {
			t.Errorf("page shell: no %s", sel)
		}
	}
	if href, _ := doc.Find("main a.button").Attr("href"); href != "/connexion" {
		t.Errorf("login link = %q, want /connexion", href)
	}
	if cur, _ := doc.Find(`nav a[aria-current="page"]`).Attr("href"); cur != "/" {
		t.Errorf("aria-current on %q, want /", cur)
	}
}

// A signed-in person is not offered to sign in again, but the way to their
// committees.
func TestHomePageWhenSignedIn(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, login := range []string{"pilote", "hcts"} {
		_, body := f.login(login).get("/")
		doc := parse(t, body)
		if href, _ := doc.Find("main a.button").Attr("href"); href != "/comites" || doc.Find("main a.button").Text() != "Aller à mes comités" {
			t.Errorf("%s: button %q to %q, want Aller à mes comités to /comites", login, doc.Find("main a.button").Text(), href)
		}
	}
}

func TestErrorPages(t *testing.T) {
	t.Parallel()
	s, ts := newTestServer(t, nil)
	tests := []struct {
		name    string
		method  string
		path    string
		status  int
		heading string
	}{
		{"NotFound", http.MethodGet, "/cette-page-n-existe-pas", 404, "Page introuvable"},
		{"NotFoundStatic", http.MethodGet, "/static/css/app.000000000000.css", 404, "Page introuvable"},
		{"MethodNotAllowed", http.MethodPost, "/healthz", 405, "Action non permise"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := do(t, tt.method, ts.URL+tt.path, nil)
			if res.StatusCode != tt.status {
				t.Fatalf("%s %s = %d, want %d", tt.method, tt.path, res.StatusCode, tt.status)
			}
			assertErrorPage(t, res, body, tt.status, tt.heading)
		})
	}

	t.Run("Forbidden", func(t *testing.T) {
		rec := httptest.NewRecorder()
		s.renderError(rec, httptest.NewRequest(http.MethodGet, "/x", nil), http.StatusForbidden)
		assertErrorPage(t, rec.Result(), rec.Body.String(), 403, "Accès refusé")
	})

	t.Run("PanicIsInternalError", func(t *testing.T) {
		h := s.recoverPanic(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/x", nil))
		assertErrorPage(t, rec.Result(), rec.Body.String(), 500, "Erreur du portail")
		if strings.Contains(rec.Body.String(), "boom") {
			t.Error("the 500 page shows the panic value")
		}
	})
}

func assertErrorPage(t *testing.T, res *http.Response, body string, status int, heading string) {
	t.Helper()
	if res.StatusCode != status {
		t.Errorf("status = %d, want %d", res.StatusCode, status)
	}
	if ct := res.Header.Get("Content-Type"); ct != "text/html; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	doc := parse(t, body)
	if got := strings.TrimSpace(doc.Find("h1").Text()); got != heading {
		t.Errorf("h1 = %q, want %q", got, heading)
	}
	if lang, _ := doc.Find("html").Attr("lang"); lang != "fr" {
		t.Errorf("lang = %q, want fr", lang)
	}
	if !strings.HasPrefix(doc.Find("title").Text(), heading+" — ") {
		t.Errorf("title = %q, want it to name the error", doc.Find("title").Text())
	}
}

func TestAccessibilityStatement(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t, nil)
	res, body := get(t, ts.URL+"/accessibilite")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /accessibilite = %d", res.StatusCode)
	}
	doc := parse(t, body)
	if !strings.Contains(doc.Find("main").Text(), "non conforme") {
		t.Error("the statement does not give the conformity status")
	}
	if href, _ := parse(t, mustGetBody(t, ts.URL+"/")).Find("footer a").Attr("href"); href != "/accessibilite" {
		t.Errorf("footer links to %q, want the statement", href)
	}
}

func mustGetBody(t *testing.T, u string) string {
	t.Helper()
	_, body := get(t, u)
	return body
}

// Absurd page numbers give the last possible page, not a server error.
func TestHugePageNumbers(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot, op := f.login("pilote"), f.login("operateur")
	for _, c := range []struct {
		who  *client
		path string
	}{
		{pilot, "/c/37-41/annuaire?page=200000000000000000"},
		{pilot, "/c/37-41/membres?page=9223372036854775807"},
		{pilot, "/c/37-41/reunions/passees?page=200000000000000000"},
		{pilot, "/c/37-41/journal?page=200000000000000000"},
		{op, "/exploitation/journal?page=200000000000000000"},
	} {
		if res, _ := c.who.get(c.path); res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d, want 200", c.path, res.StatusCode)
		}
	}
}

// Buttons and links repeated on every row carry the person's name for
// screen readers, separated from the visible word by a space ("Désactiver
// Karim Benali", not "DésactiverKarim Benali"); « Désactiver » leads to its
// confirmation page.
func TestRowButtonsNameTheirPerson(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, body := f.login("pilote").get("/c/37-41/membres")
	names := map[string]bool{}
	parse(t, body).Find("main button, main a.button").Each(func(_ int, b *goquery.Selection) { names[strings.TrimSpace(b.Text())] = true })
	for _, want := range []string{"Changer le rôle de Karim Benali", "Désactiver Karim Benali"} {
		if !names[want] {
			t.Errorf("no button named %q on the members page", want)
		}
	}
}

// Meeting titles nested under a section heading are one level below it.
func TestNestedMeetingTitlesAreH3(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, body := f.login("pilote").get("/c/37-41/")
	doc := parse(t, body)
	if doc.Find(`main h2 a[href*="/reunions/"]`).Length() != 0 || doc.Find(`main h3 a[href*="/reunions/"]`).Length() == 0 {
		t.Error("on the committee home, meeting titles are not h3 under 'Prochaines réunions'")
	}
}

// The operator's committee form applies the domain's rules, with the
// message next to the field: a département typed twice is refused.
func TestOperatorCommitteeFormRefusesADuplicateDepartement(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res, body := f.login("operateur").post("/exploitation/comites", url.Values{"slug": {"28"}, "nom": {"Comité 28"}, "departements": {"28, 28"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "indiqué deux fois") {
		t.Errorf("a département typed twice: %d, want 422 with the message", res.StatusCode)
	}
}

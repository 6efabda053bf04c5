package server

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/portail-clts/clts/web/components"
)

// TestNationalNewsNamesASeminar: the publisher's form offers the national
// seminars by their ids; an item that names one is saved and shows it,
// and its edit form keeps it chosen. The options used to carry the id of
// the committee's copy, 0 for a national seminar: every choice was refused.
func TestNationalNewsNamesASeminar(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	publisher := f.login("hcts")
	next := time.Now().AddDate(0, 1, 0).In(components.Paris())
	mustSeeOther(t, publisher, "/national/seminaires", url.Values{"titre": {"Séminaire des actualités"},
		"date": {next.Format("2006-01-02")}, "debut": {"09:30"}, "fin": {"16:30"}, "lieu": {"Paris"}})
	_, form := publisher.get("/national/actualites/nouvelle")
	var value string
	parse(t, form).Find(`select[name="seminaire"] option`).Each(func(_ int, s *goquery.Selection) {
		if strings.Contains(s.Text(), "Séminaire des actualités") {
			value, _ = s.Attr("value")
		}
	})
	var want string
	for _, m := range f.seminars(100) {
		if m.Title == "Séminaire des actualités" {
			want = strconv.FormatInt(m.SeminarID, 10)
		}
	}
	if value == "" || value != want {
		t.Fatalf("the form offers the seminar as %q, want its id %q", value, want)
	}
	fields := newsForm("Actualité d'un séminaire")
	fields.Set("seminaire", value)
	item := postNews(t, publisher, "/national/actualites/nouvelle", fields)
	_, body := f.login("partenaire").get(item)
	if !strings.Contains(body, "Séminaire national lié") || !strings.Contains(body, "Séminaire des actualités") {
		t.Error("the item does not name its seminar")
	}
	// Its byline has no space before its comma.
	if byline := strings.Join(strings.Fields(parse(t, body).Find("main p.hint").First().Text()), " "); !strings.Contains(byline, "Haut Conseil du travail social, publiée par ") {
		t.Errorf("byline %q", byline)
	}
	_, edit := publisher.get("/national/actualites/" + idAtEnd(t, item) + "/modifier")
	if sel := parse(t, edit).Find(`select[name="seminaire"] option[selected]`); sel.AttrOr("value", "") != want {
		t.Errorf("the edit form chooses %q, want %q", sel.AttrOr("value", ""), want)
	}
}

// TestNewsFeedSecretRevokedAndHeaders: a committee's news feed stops with
// its secret (a new one replaces it) and is kept by no cache; the national
// feed is public and may be.
func TestNewsFeedSecretRevokedAndHeaders(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	partner := f.login("partenaire")
	feedURL := func() string {
		_, page := partner.post("/agendas", url.Values{})
		m := regexp.MustCompile(`http://[^<\s]+(/flux/37-41\.atom\?jeton=[^<\s"]+)`).FindStringSubmatch(page)
		if m == nil {
			t.Fatal("the calendars page shows no news feed of 37-41")
		}
		return strings.ReplaceAll(m[1], "&amp;", "&")
	}
	old := feedURL()
	anon := f.anonymous()
	res, _ := anon.get(old)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("committee feed: %d", res.StatusCode)
	}
	if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "private") || !strings.Contains(cc, "no-store") {
		t.Errorf("committee feed: Cache-Control %q, want private, no-store", cc)
	}
	fresh := feedURL()
	if res, _ := anon.get(old); res.StatusCode != http.StatusNotFound {
		t.Errorf("the replaced secret still gives the feed: %d, want 404", res.StatusCode)
	}
	if res, _ := anon.get(fresh); res.StatusCode != http.StatusOK {
		t.Errorf("the new secret: %d, want 200", res.StatusCode)
	}
	res, _ = anon.get("/actualites.atom")
	if cc := res.Header.Get("Cache-Control"); !strings.HasPrefix(cc, "public") || res.Header.Get("Set-Cookie") != "" {
		t.Errorf("national feed: Cache-Control %q, Set-Cookie %q", cc, res.Header.Get("Set-Cookie"))
	}
}

// TestNewsDateOutOfRange: an item dated year 0000 (a date before Christ
// for PostgreSQL) or 3026 is refused next to its date, the input kept; it
// used to be saved, and pinned it made the committee's home a 500 for
// every member (the home could not read its date back).
func TestNewsDateOutOfRange(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	for _, date := range []string{"0000-06-01", "3026-01-01"} {
		fields := newsForm("Actualité mal datée")
		fields.Set("date", date)
		res, body := postPracticeForm(t, pilot, "/c/37-41/actualites/nouvelle", fields)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("date %s: %d, want 422", date, res.StatusCode)
		}
		if msg := tiedError(t, parse(t, body), "date"); !strings.Contains(msg, "entre 2000 et 2100") {
			t.Errorf("date %s: message %q", date, msg)
		}
		if !strings.Contains(body, date) {
			t.Errorf("date %s: the typed date is lost", date)
		}
	}
	if res, _ := pilot.get("/c/37-41/"); res.StatusCode != http.StatusOK {
		t.Errorf("home: %d", res.StatusCode)
	}
}

// editNewsForm reads the edit form at path as c: its fields as the form
// would send them (the hidden version included), the title changed.
func editNewsForm(t *testing.T, c *client, path, title string) url.Values {
	t.Helper()
	res, body := c.get(path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", path, res.StatusCode)
	}
	doc := parse(t, body)
	v := url.Values{}
	for _, name := range []string{"version", "titre", "date"} {
		v.Set(name, doc.Find(`form input[name="`+name+`"]`).AttrOr("value", ""))
	}
	v.Set("resume", doc.Find(`form textarea[name="resume"]`).Text())
	v.Set("texte", strings.TrimPrefix(doc.Find(`form textarea[name="texte"]`).Text(), "\n"))
	v.Set("titre", title)
	return v
}

// TestNewsEditsDoNotOverwrite: two pilots (or two HCTS publishers) open
// the same item's form; the first saves, the second is told, with 409,
// that it was saved in between, the typed text kept, and saves on the new
// version. The second save used to overwrite the first silently.
func TestNewsEditsDoNotOverwrite(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, tc := range []struct{ login, form string }{
		{"pilote", "/c/37-41/actualites/nouvelle"},
		{"hcts", "/national/actualites/nouvelle"},
	} {
		one, two := f.login(tc.login), f.login(tc.login)
		item := postNews(t, one, tc.form, newsForm("Actualité à deux mains"))
		edit := item + "/modifier"
		if !strings.HasPrefix(item, "/c/") {
			edit = "/national" + item + "/modifier"
		}
		first, second := editNewsForm(t, one, edit, "Titre du premier"), editNewsForm(t, two, edit, "Titre du second")
		if first.Get("version") == "" {
			t.Fatalf("%s: the edit form carries no version", tc.login)
		}
		if res, body := postPracticeForm(t, one, edit, first); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: first save %d\n%.2000s", tc.login, res.StatusCode, body)
		}
		res, body := postPracticeForm(t, two, edit, second)
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, "modifiée entre-temps") || !strings.Contains(body, "Titre du second") {
			t.Fatalf("%s: second save on the old version: %d, want 409 with the typed title kept\n%.2000s", tc.login, res.StatusCode, body)
		}
		if _, page := one.get(item); !strings.Contains(page, "Titre du premier") {
			t.Errorf("%s: the first save was overwritten", tc.login)
		}
		again := url.Values{}
		for k, v := range second {
			again[k] = v
		}
		again.Set("version", parse(t, body).Find(`form input[name="version"]`).AttrOr("value", ""))
		if res, _ := postPracticeForm(t, two, edit, again); res.StatusCode != http.StatusSeeOther {
			t.Errorf("%s: the save on the new version: %d, want 303", tc.login, res.StatusCode)
		}
		if _, page := one.get(item); !strings.Contains(page, "Titre du second") {
			t.Errorf("%s: the second save on the new version is not shown", tc.login)
		}
	}
}

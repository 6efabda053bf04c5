package server

import (
	"context"
	"encoding/xml"
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

// TestHCTSReaderCannotPublish: the HCTS reader without the publishing
// right reads and exports, but gets 404 on every publishing page
// (seminars, campaigns, news) and publishes nothing; the publisher can.
func TestHCTSReaderCannotPublish(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	reader, publisher := f.login("hcts-lecteur"), f.login("hcts")
	for _, path := range []string{"/hcts/contributions", "/hcts/campagnes", "/actualites", "/pratiques"} {
		if res, _ := reader.get(path); res.StatusCode != http.StatusOK {
			t.Errorf("the HCTS reader reads %s: %d, want 200", path, res.StatusCode)
		}
	}
	for _, path := range []string{"/national/seminaires", "/hcts/campagnes/nouvelle", "/national/actualites/nouvelle"} {
		if res, _ := reader.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("the HCTS reader opens %s: %d, want 404", path, res.StatusCode)
		}
		if res, _ := publisher.get(path); res.StatusCode != http.StatusOK {
			t.Errorf("the HCTS publisher opens %s: %d, want 200", path, res.StatusCode)
		}
	}
	before := len(f.seminars(100))
	next := time.Now().AddDate(0, 1, 0).In(components.Paris())
	form := url.Values{"titre": {"Séminaire du lecteur"}, "date": {next.Format("2006-01-02")}, "debut": {"09:30"}, "fin": {"16:30"}, "lieu": {"Paris"}}
	if res, _ := reader.post("/national/seminaires", form); res.StatusCode != http.StatusNotFound {
		t.Errorf("the HCTS reader publishes a seminar: %d, want 404", res.StatusCode)
	}
	if after := len(f.seminars(100)); after != before {
		t.Errorf("the reader's seminar was written: %d seminars, then %d", before, after)
	}
	if res, _ := postPracticeForm(t, reader, "/national/actualites/nouvelle", newsForm("Actualité du lecteur")); res.StatusCode != http.StatusNotFound {
		t.Errorf("the HCTS reader posts news: %d, want 404", res.StatusCode)
	}
	// The header offers the seminars to the publisher only; both read
	// the national news.
	_, home := reader.get("/comites")
	if strings.Contains(home, `href="/national/seminaires"`) || !strings.Contains(home, `href="/actualites"`) {
		t.Error("the reader's header: seminars offered, or the national news missing")
	}
	_, home = publisher.get("/comites")
	if !strings.Contains(home, `href="/national/seminaires"`) {
		t.Error("the publisher's header does not offer the seminars")
	}
}

// homeNewsTitles are the news titles of a committee's home, each with its
// unread mark as the page writes it.
func homeNewsTitles(t *testing.T, c *client, slug string) map[string]bool {
	t.Helper()
	res, body := c.get("/c/" + slug + "/")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("home of %s: %d", slug, res.StatusCode)
	}
	out := map[string]bool{}
	parse(t, body).Find("#actualites ~ ul .news-item, section[aria-labelledby=actualites] .news-item").Each(func(_ int, s *goquery.Selection) {
		out[strings.TrimSpace(s.Find("h3 a").Text())] = strings.Contains(s.Find("h3").Text(), "Non lu")
	})
	return out
}

// TestNationalNewsUnreadInEveryCommittee: a national item posted by the
// HCTS publisher appears, unread, on both committees' homes and lists;
// opening it clears the mark for who opened it only.
func TestNationalNewsUnreadInEveryCommittee(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	loc := postNews(t, f.login("hcts"), "/national/actualites/nouvelle", newsForm("Appel à contributions du HCTS"), upFile{"appel.pdf", samplePDF})
	pilot, partner, other := f.login("pilote"), f.login("partenaire"), f.login("pilote-autre")
	for who, c := range map[string]*client{"37-41": pilot, "autre": other} {
		unread, shown := homeNewsTitles(t, c, who)["Appel à contributions du HCTS"]
		if !shown || !unread {
			t.Errorf("home of %s: shown %v, unread %v; want shown, unread", who, shown, unread)
		}
		_, body := c.get("/c/" + who + "/actualites")
		if !strings.Contains(body, "Appel à contributions du HCTS") {
			t.Errorf("news list of %s does not hold the national item", who)
		}
	}
	if res, body := pilot.get(loc); res.StatusCode != http.StatusOK || !strings.Contains(body, "appel.pdf") {
		t.Fatalf("the pilot opens the item: %d", res.StatusCode)
	}
	if unread := homeNewsTitles(t, pilot, "37-41")["Appel à contributions du HCTS"]; unread {
		t.Error("the item stays unread for the pilot who opened it")
	}
	if unread := homeNewsTitles(t, partner, "37-41")["Appel à contributions du HCTS"]; !unread {
		t.Error("the item is read for the partner, who did not open it")
	}
	// Opening it again writes no second mark.
	pilot.get(loc)
	conn := f.committeeConn("37-41")
	defer conn.Close(context.Background())
	var marks int
	if _, err := conn.Exec(context.Background(), `SELECT set_config('clts.account_id', $1, false)`, strconv.FormatInt(f.accounts["pilote"], 10)); err != nil {
		t.Fatal(err)
	}
	if err := conn.QueryRow(context.Background(), `SELECT count(*) FROM national_news_reads WHERE news_id = $1`, idAtEnd(t, loc)).Scan(&marks); err != nil {
		t.Fatal(err)
	}
	if marks != 1 {
		t.Errorf("%d read marks for the pilot, want 1", marks)
	}
	// The attachment downloads for a member of the other committee, not
	// for the operator.
	file := attachmentLinks(t, other, loc)
	if len(file) != 1 {
		t.Fatalf("%d attachments", len(file))
	}
	if res, _ := other.get(file[0]); res.StatusCode != http.StatusOK || res.Header.Get("X-Content-Type-Options") != "nosniff" {
		t.Errorf("download: %d, nosniff %q", res.StatusCode, res.Header.Get("X-Content-Type-Options"))
	}
	if res, _ := f.login("operateur").get(file[0]); res.StatusCode != http.StatusNotFound {
		t.Errorf("the operator downloads a national attachment: %d, want 404", res.StatusCode)
	}
}

// TestLocalNewsPinnedAndIsolated: a pilot posts local items; one pinned
// at a time; members read them, the other committee gets 404 for every id;
// non-pilots may not post (403).
func TestLocalNewsPinnedAndIsolated(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	first := postNews(t, pilot, "/c/37-41/actualites/nouvelle", newsForm("Première actualité locale"), upFile{"annexe.pdf", samplePDF})
	second := postNews(t, pilot, "/c/37-41/actualites/nouvelle", newsForm("Seconde actualité locale"))
	mustSeeOther(t, pilot, first+"/epingler", url.Values{})
	mustSeeOther(t, pilot, second+"/epingler", url.Values{})
	conn := f.committeeConn("37-41")
	defer conn.Close(context.Background())
	var pinned []string
	rows, err := conn.Query(context.Background(), `SELECT title FROM news WHERE committee_id = $1 AND pinned`, f.committees["37-41"])
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var s string
		_ = rows.Scan(&s)
		pinned = append(pinned, s)
	}
	if len(pinned) != 1 || pinned[0] != "Seconde actualité locale" {
		t.Errorf("pinned: %v, want the second item only", pinned)
	}
	// A direct second pin is refused by the unique index.
	if _, err := conn.Exec(context.Background(), `UPDATE news SET pinned = true WHERE committee_id = $1`, f.committees["37-41"]); err == nil {
		t.Error("two pinned items in one committee")
	}
	_, body := f.login("accompagne").get("/c/37-41/?vue=complete") // the complete home, not the easy one
	doc := parse(t, body)
	if first := doc.Find("section[aria-labelledby=actualites] .news-item").First().Text(); !strings.Contains(first, "Seconde actualité locale") || !strings.Contains(first, "Épinglée") {
		t.Errorf("the home does not show the pinned item first: %q", first)
	}

	// Members read; non-pilots may not write.
	partner := f.login("partenaire")
	if res, _ := partner.get(first); res.StatusCode != http.StatusOK {
		t.Errorf("a member reads a local item: %d", res.StatusCode)
	}
	for _, path := range []string{"/c/37-41/actualites/nouvelle", first + "/modifier"} {
		if res, _ := partner.get(path); res.StatusCode != http.StatusForbidden {
			t.Errorf("a partner opens %s: %d, want 403", path, res.StatusCode)
		}
	}
	// The other committee: every id of 37-41 is unknown, in its URLs and
	// in 37-41's for its pilot.
	id := idAtEnd(t, first)
	files := attachmentLinks(t, pilot, first)
	other := f.login("pilote-autre")
	for _, path := range []string{first, first + "/modifier", files[0], "/c/autre/actualites/" + id, "/c/autre/actualites/" + id + "/modifier",
		"/c/autre/actualites/" + id + files[0][strings.Index(files[0], "/pieces-jointes"):]} {
		if res, _ := other.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("the other committee's pilot gets %s: %d, want 404", path, res.StatusCode)
		}
	}
	if res, _ := other.post("/c/autre/actualites/"+id+"/epingler", url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("the other committee's pilot pins 37-41's item: %d, want 404", res.StatusCode)
	}
	for _, who := range []string{"hcts", "operateur"} {
		if res, _ := f.login(who).get(first); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s reads a local item: %d, want 404", who, res.StatusCode)
		}
	}
}

// TestNewsFormErrors: an empty form comes back with a message next to each
// field, the input kept, 422, nothing written.
func TestNewsFormErrors(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	res, body := postPracticeForm(t, pilot, "/c/37-41/actualites/nouvelle", url.Values{"texte": {"Un texte gardé"}, "date": {"14/03/2019"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("status %d, want 422", res.StatusCode)
	}
	doc := parse(t, body)
	for _, name := range []string{"titre", "resume", "date"} {
		if tiedError(t, doc, name) == "" {
			t.Errorf("no message tied to %s", name)
		}
	}
	if !strings.Contains(body, "Un texte gardé") || !strings.Contains(body, "14/03/2019") {
		t.Error("the typed input is lost")
	}
	_, list := pilot.get("/c/37-41/actualites")
	if strings.Contains(list, "Un texte gardé") {
		t.Error("the refused item was written")
	}
}

// atomFeed is the test's own strict reading of an Atom feed (RFC 4287),
// independent of the library that writes it.
type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	ID      string      `xml:"http://www.w3.org/2005/Atom id"`
	Title   string      `xml:"http://www.w3.org/2005/Atom title"`
	Updated string      `xml:"http://www.w3.org/2005/Atom updated"`
	Entries []atomEntry `xml:"http://www.w3.org/2005/Atom entry"`
}

type atomEntry struct {
	ID      string `xml:"http://www.w3.org/2005/Atom id"`
	Title   string `xml:"http://www.w3.org/2005/Atom title"`
	Updated string `xml:"http://www.w3.org/2005/Atom updated"`
	Summary struct {
		Type string `xml:"type,attr"`
		Text string `xml:",chardata"`
	} `xml:"http://www.w3.org/2005/Atom summary"`
	Links []struct {
		Href string `xml:"href,attr"`
		Rel  string `xml:"rel,attr"`
	} `xml:"http://www.w3.org/2005/Atom link"`
}

// readAtom parses body strictly and checks what every Atom feed must hold.
func readAtom(t *testing.T, body string) atomFeed {
	t.Helper()
	var feed atomFeed
	d := xml.NewDecoder(strings.NewReader(body))
	d.Strict = true
	if err := d.Decode(&feed); err != nil {
		t.Fatalf("not an Atom feed: %v\n%.1000s", err, body)
	}
	if feed.ID == "" || feed.Title == "" {
		t.Errorf("feed without id or title: %+v", feed)
	}
	if _, err := time.Parse(time.RFC3339, feed.Updated); err != nil {
		t.Errorf("feed updated %q: %v", feed.Updated, err)
	}
	for _, e := range feed.Entries {
		if !strings.HasPrefix(e.ID, "tag:") || e.Title == "" || len(e.Links) == 0 || e.Links[0].Href == "" {
			t.Errorf("entry without id, title or link: %+v", e)
		}
		if _, err := time.Parse(time.RFC3339, e.Updated); err != nil {
			t.Errorf("entry updated %q: %v", e.Updated, err)
		}
		if e.Summary.Type != "text" {
			t.Errorf("entry %q: summary of type %q, want text", e.Title, e.Summary.Type)
		}
	}
	return feed
}

// TestNewsFeeds: the committee feed holds its local and the national items
// behind the member's secret (404 otherwise, and for another committee);
// the national feed is public and holds only national items; ids are
// stable from one reading to the next.
func TestNewsFeeds(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	national := postNews(t, f.login("hcts"), "/national/actualites/nouvelle", newsForm("Rapport <annuel> & synthèse"))
	postNews(t, f.login("pilote"), "/c/37-41/actualites/nouvelle", newsForm("Actualité locale du flux"))
	postNews(t, f.login("pilote-autre"), "/c/autre/actualites/nouvelle", newsForm("Actualité du Loiret"))

	res, page := f.login("partenaire").post("/agendas", url.Values{})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("feed links: %d", res.StatusCode)
	}
	m := regexp.MustCompile(`http://[^<\s]+(/flux/37-41\.atom\?jeton=[^<\s"]+)`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("the calendars page shows no news feed of 37-41")
	}
	feedURL := strings.ReplaceAll(m[1], "&amp;", "&")
	anon := f.anonymous()
	res, body := anon.get(feedURL)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/atom+xml") {
		t.Fatalf("committee feed: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	feed := readAtom(t, body)
	titles := map[string]atomEntry{}
	for _, e := range feed.Entries {
		titles[e.Title] = e
	}
	for _, want := range []string{"Rapport <annuel> & synthèse", "Actualité locale du flux"} {
		if _, ok := titles[want]; !ok {
			t.Errorf("committee feed lacks %q", want)
		}
	}
	if _, ok := titles["Actualité du Loiret"]; ok {
		t.Error("committee feed holds another committee's item")
	}
	if e := titles["Rapport <annuel> & synthèse"]; !strings.HasSuffix(e.Links[0].Href, national) {
		t.Errorf("national entry links to %q, want the item page %s", e.Links[0].Href, national)
	}
	token := feedURL[strings.Index(feedURL, "jeton=")+len("jeton="):]
	for _, path := range []string{"/flux/autre.atom?jeton=" + token, "/flux/37-41.atom?jeton=faux", "/flux/37-41.atom"} {
		if res, _ := anon.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: %d, want 404", path, res.StatusCode)
		}
	}

	res, body = anon.get("/actualites.atom")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("national feed: %d", res.StatusCode)
	}
	nat := readAtom(t, body)
	var found atomEntry
	for _, e := range nat.Entries {
		if strings.Contains(e.ID, ":comite-") {
			t.Errorf("the national feed holds a local item: %s", e.Title)
		}
		if e.Title == "Rapport <annuel> & synthèse" {
			found = e
		}
	}
	if found.ID == "" || found.ID != titles["Rapport <annuel> & synthèse"].ID {
		t.Errorf("the national item's id differs between feeds: %q, %q", found.ID, titles["Rapport <annuel> & synthèse"].ID)
	}
	_, again := anon.get("/actualites.atom")
	if readAtom(t, again).ID != nat.ID {
		t.Error("the national feed's id changed")
	}
}

// TestCommitteeHomeNewsQueries: the home reads its news in its one unit of
// work, whatever the number of items.
func TestCommitteeHomeNewsQueries(t *testing.T) {
	t.Parallel()
	small, large := newFixture(t), newFixture(t)
	conn := large.committeeConn("37-41")
	defer conn.Close(context.Background())
	if _, err := conn.Exec(context.Background(), `INSERT INTO news (committee_id, title, summary, published_on, author_id)
		SELECT $1, 'Actualité ' || g, 'Résumé', current_date - g, $2 FROM generate_series(1, 300) g`,
		large.committees["37-41"], large.accounts["pilote"]); err != nil {
		t.Fatal(err)
	}
	a, b := small.countQueries("pilote", "/c/37-41/"), large.countQueries("pilote", "/c/37-41/")
	if a != b || b > maxQueriesPerPage {
		t.Errorf("home: %d statements with the demo's news, %d with 300 more; want the same, at most %d", a, b, maxQueriesPerPage)
	}
}

// TestNewsAttachmentsRemoved: the pilot removes a local item's attachment,
// the HCTS publisher a national one's; the file is gone for everyone.
func TestNewsAttachmentsRemoved(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, tc := range []struct {
		login, form string
	}{
		{"pilote", "/c/37-41/actualites/nouvelle"},
		{"hcts", "/national/actualites/nouvelle"},
	} {
		c := f.login(tc.login)
		item := postNews(t, c, tc.form, newsForm("Actualité à corriger"), upFile{"erreur.pdf", samplePDF}, upFile{"bon.pdf", samplePDF})
		files := attachmentLinks(t, c, item)
		if len(files) != 2 {
			t.Fatalf("%s: %d attachments, want 2", tc.login, len(files))
		}
		var edit string
		if strings.HasPrefix(item, "/c/") {
			edit = item + files[0][strings.Index(files[0], "/pieces-jointes"):] + "/supprimer"
		} else {
			edit = "/national" + files[0] + "/supprimer"
		}
		if res, body := c.get(strings.TrimSuffix(edit, files[0][strings.Index(files[0], "/pieces-jointes"):]+"/supprimer") + "/modifier"); res.StatusCode != http.StatusOK ||
			!strings.Contains(body, `action="`+edit+`"`) {
			t.Errorf("%s: the edit form offers no removal at %s (%d)", tc.login, edit, res.StatusCode)
		}
		mustSeeOther(t, c, edit, url.Values{})
		if left := attachmentLinks(t, c, item); len(left) != 1 || !strings.HasSuffix(left[0], files[1][strings.LastIndex(files[1], "/"):]) {
			t.Errorf("%s: after the removal: %v", tc.login, left)
		}
		if res, _ := c.get(files[0]); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s: the removed file downloads: %d", tc.login, res.StatusCode)
		}
	}
}

// TestNewsInTheJournal: the committee's journal lists the news steps under
// « Actualités », each naming the item with a link to it.
func TestNewsInTheJournal(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	item := postNews(t, pilot, "/c/37-41/actualites/nouvelle", newsForm("Actualité du journal"))
	mustSeeOther(t, pilot, item+"/epingler", url.Values{})
	res, body := pilot.get("/c/37-41/journal?type=actualites")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("journal: %d", res.StatusCode)
	}
	links := parse(t, body).Find(`main table a[href="` + item + `"]`)
	if links.Length() != 2 || !strings.Contains(body, "Actualité épinglée sur l&#39;accueil") {
		t.Errorf("the journal links %d entries to the item, want its publication and its pin", links.Length())
	}
}

package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"
)

// TestGlossary: the glossary defines the words a supported person meets,
// each at an anchor pages link to, and every page links to it.
func TestGlossary(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res, body := f.anonymous().get("/lexique")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET /lexique = %d", res.StatusCode)
	}
	doc := parse(t, body)
	for id, word := range map[string]string{
		"pleniere": "Plénière", "emargement": "Émargement", "seminaire-national": "Séminaire national",
		"interpretariat": "Interprétariat", "hcts": "HCTS", "clts": "CLTS", "partenaire": "Partenaire", "pilote": "Pilote",
	} {
		dt := doc.Find("dl.glossary dt#" + id)
		if !strings.Contains(dt.Text(), word) || strings.TrimSpace(dt.Next().Text()) == "" {
			t.Errorf("glossary: %s (#%s) is not defined", word, id)
		}
	}
	_, body = f.login("accompagne").get("/c/37-41/reunions")
	if parse(t, body).Find(`footer a[href="/lexique"]`).Length() != 1 {
		t.Error("the footer does not link to the glossary")
	}
}

// TestWordsExplainedWhereTheyAppear: the meetings list a supported person
// reads explains plénière and séminaire national in a <details> beside it,
// with a link to the glossary.
func TestWordsExplainedWhereTheyAppear(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, body := f.login("accompagne").get("/c/37-41/reunions")
	doc := parse(t, body)
	defs := doc.Find("main details.definitions")
	for _, word := range []string{"Plénière", "Séminaire national"} {
		if !strings.Contains(defs.Find("dt").Text(), word) {
			t.Errorf("meetings: %s not explained in a <details>", word)
		}
	}
	if defs.Find(`a[href="/lexique"]`).Length() == 0 || defs.Find(`dt a[href="/lexique#pleniere"]`).Length() != 1 {
		t.Error("meetings: the definitions do not link to the glossary and its word")
	}

	// A plenary's page explains its words too, and does not print its
	// kind above a title that already says it.
	var plenary string
	doc.Find("main li.meeting h2 a").EachWithBreak(func(_ int, a *goquery.Selection) bool {
		if strings.TrimSpace(a.Text()) == "Réunion plénière du comité" {
			plenary = a.AttrOr("href", "")
			return false
		}
		return true
	})
	if plenary == "" {
		t.Fatal("no plenary in the demo's upcoming meetings")
	}
	_, body = f.login("accompagne").get(plenary)
	page := parse(t, body)
	words := page.Find("main details.definitions dt").Text()
	for _, word := range []string{"Plénière", "Ordre du jour", "Interprétariat", "Compte rendu"} {
		if !strings.Contains(words, word) {
			t.Errorf("meeting page: %s not explained", word)
		}
	}
	if n := strings.Count(page.Find("main").Text(), "Réunion plénière du comité"); n != 1 {
		t.Errorf("meeting page: « Réunion plénière du comité » printed %d times", n)
	}
}

// TestCommitteeMenuFolds: the committee's navigation sits in a
// <details>/<summary>, which a phone shows folded (no JavaScript needed);
// every link of the navigation is inside it, and the portal's own menu too
// once signed in.
func TestCommitteeMenuFolds(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, body := f.login("pilote").get("/c/37-41/")
	doc := parse(t, body)
	menu := doc.Find("header details.committee-menu")
	if menu.Length() != 1 || strings.TrimSpace(menu.ChildrenFiltered("summary").Text()) != "Menu du comité" {
		t.Fatal("the committee navigation is not behind a « Menu du comité » summary")
	}
	if _, open := menu.Attr("open"); open {
		t.Error("the committee menu is open by default")
	}
	links := menu.Find(`nav[aria-label="Navigation du comité"] a`)
	if links.Length() < 7 || links.FilterFunction(func(_ int, s *goquery.Selection) bool {
		return s.AttrOr("href", "") == "/c/37-41/membres"
	}).Length() != 1 {
		t.Errorf("the committee menu holds %d links, without the members page", links.Length())
	}
	if doc.Find(`header details.site-menu nav[aria-label="Navigation principale"] button`).Text() != "Se déconnecter" {
		t.Error("the portal's menu is not behind a summary")
	}
}

// TestCommitteeNamedOnce: the committee's home is headed by its name, which
// the committee bar then does not print again, nor the page's title; other
// pages keep the name in the bar.
func TestCommitteeNamedOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	_, body := pilot.get("/c/37-41/")
	doc := parse(t, body)
	name := strings.TrimSpace(doc.Find("main h1").Text())
	if name == "" || strings.Contains(doc.Find("header").Text(), name) {
		t.Errorf("committee home: %q printed in the header and again as the heading", name)
	}
	if title := doc.Find("title").Text(); strings.Count(title, name) > 1 {
		t.Errorf("committee home: title %q names the committee twice", title)
	}
	_, body = pilot.get("/c/37-41/reunions")
	if got := strings.TrimSpace(parse(t, body).Find("header .committee-name").Text()); got != name {
		t.Errorf("meetings: committee bar %q, want %q", got, name)
	}
}

// TestCalendarsOneTapLinks: each feed is offered as a webcal:// link (one
// tap subscribes), as the address itself, and with the copy script.
func TestCalendarsOneTapLinks(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.login("pilote")
	res, body := c.post("/agendas", url.Values{})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("POST /agendas = %d", res.StatusCode)
	}
	doc := parse(t, body)
	feeds := doc.Find("main .feed")
	if feeds.Length() < 2 {
		t.Fatalf("%d feeds shown, want the personal one and one per committee", feeds.Length())
	}
	feeds.Each(func(i int, s *goquery.Selection) {
		address := strings.TrimSpace(s.Find("code.feed-url").Text())
		href := s.Find(`a[href^="webcal://"]`).AttrOr("href", "")
		if !strings.HasPrefix(address, "http://") || href != "webcal://"+strings.TrimPrefix(address, "http://") {
			t.Errorf("feed %d: webcal link %q for the address %q", i, href, address)
		}
		if _, ok := s.Find("code.feed-url").Attr("data-copy"); !ok {
			t.Errorf("feed %d: no copy button for the address", i)
		}
	})
	src := doc.Find(`head script[src*="/static/js/calendars."]`).AttrOr("src", "")
	if src == "" {
		t.Fatal("the calendars page does not load its copy script")
	}
	res, js := c.get(src)
	if res.StatusCode != http.StatusOK || !strings.Contains(res.Header.Get("Content-Type"), "javascript") || !strings.Contains(js, "data-copy") {
		t.Errorf("script %s: %d %s", src, res.StatusCode, res.Header.Get("Content-Type"))
	}
}

// TestMeetingKindNotRepeated: in the list of meetings, a meeting whose title
// is its kind ("Réunion plénière du comité") is not followed by the same
// words again; another keeps its kind under its title.
func TestMeetingKindNotRepeated(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, body := f.login("partenaire").get("/c/37-41/reunions")
	same, other := 0, 0
	parse(t, body).Find("main li.meeting").Each(func(_ int, li *goquery.Selection) {
		title := strings.TrimSpace(li.Find("h2").Text())
		switch {
		case title == "Réunion plénière du comité":
			same++
			if n := strings.Count(li.Text(), title); n != 1 {
				t.Errorf("%q printed %d times in its item", title, n)
			}
		case strings.Contains(li.Text(), "Réunion de groupe de travail") || strings.Contains(li.Text(), "Séminaire national"):
			other++
		}
	})
	if same == 0 || other == 0 {
		t.Errorf("the demo lists %d plenaries titled by their kind and %d other meetings with their kind, want some of each", same, other)
	}
}

// TestElisionBeforeNames: phrases built around a name or a month elide
// before a vowel, « d'Amélie », « d'octobre », and not before a consonant.
func TestElisionBeforeNames(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, body := f.login("pilote").get("/c/37-41/membres")
	doc := parse(t, body)
	labels := doc.Find("main label").Text()
	buttons := doc.Find("main button").Text()
	for _, want := range []string{"Rôle d'Amélie Roux", "Rôle de Karim Benali"} {
		if !strings.Contains(labels, want) {
			t.Errorf("members: no label %q", want)
		}
	}
	if !strings.Contains(buttons, "Changer le rôle d'Amélie Roux") || strings.Contains(labels+buttons, "de Amélie") {
		t.Error("members: « de Amélie » instead of « d'Amélie »")
	}
	_, body = f.login("pilote").get("/c/37-41/reunions/calendrier?mois=2019-08")
	if h := strings.TrimSpace(parse(t, body).Find("h1").Text()); h != "Réunions d'août 2019" {
		t.Errorf("month heading %q", h)
	}
}

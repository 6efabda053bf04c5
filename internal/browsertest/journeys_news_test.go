package browsertest

import (
	"context"
	"encoding/xml"
	"fmt"
	"io"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// newsState is an item as a committee's home shows it: found, and marked
// unread.
func newsState(t *testing.T, ctx context.Context, title string) (found, unread bool) {
	t.Helper()
	var state []bool
	run(t, ctx, chromedp.Evaluate(fmt.Sprintf(`(() => {
		const item = [...document.querySelectorAll('section[aria-labelledby=actualites] .news-item')]
			.find(li => li.querySelector('h3 a').textContent.trim() === %q);
		return item ? [true, item.querySelector('h3').textContent.includes('Non lu')] : [false, false];
	})()`, title), &state))
	return state[0], state[1]
}

// atomEntries reads an Atom feed with the standard library's strict XML
// decoder, in the Atom namespace, and returns its entries' titles by id.
func atomEntries(t *testing.T, body []byte) map[string]string {
	t.Helper()
	var feed struct {
		XMLName xml.Name `xml:"http://www.w3.org/2005/Atom feed"`
		ID      string   `xml:"http://www.w3.org/2005/Atom id"`
		Updated string   `xml:"http://www.w3.org/2005/Atom updated"`
		Entries []struct {
			ID    string `xml:"http://www.w3.org/2005/Atom id"`
			Title string `xml:"http://www.w3.org/2005/Atom title"`
			Link  struct {
				Href string `xml:"href,attr"`
			} `xml:"http://www.w3.org/2005/Atom link"`
		} `xml:"http://www.w3.org/2005/Atom entry"`
	}
	d := xml.NewDecoder(strings.NewReader(string(body)))
	d.Strict = true
	if err := d.Decode(&feed); err != nil {
		t.Fatalf("not an Atom feed: %v", err)
	}
	if feed.ID == "" || feed.Updated == "" {
		t.Errorf("feed without id or updated: %q %q", feed.ID, feed.Updated)
	}
	out := map[string]string{}
	for _, e := range feed.Entries {
		if e.ID == "" || e.Link.Href == "" {
			t.Errorf("entry %q without id or link", e.Title)
		}
		out[e.ID] = e.Title
	}
	return out
}

// TestJourneyNationalNews is issue 15's national relay in the browser: the
// HCTS publisher posts news with an attachment; it appears, unread, on the
// home of both demo committees; the committee's Atom feed holds it; the
// pilot opens it and the mark is gone.
func TestJourneyNationalNews(t *testing.T) {
	p := newPortal(t)
	const title = "Journée nationale des CLTS : inscriptions ouvertes"
	pdfPath := filepath.Join(t.TempDir(), "programme.pdf")
	if err := os.WriteFile(pdfPath, journeyPDF(), 0o644); err != nil {
		t.Fatal(err)
	}

	hcts := p.tab(t)
	p.login(t, hcts, "hcts")
	run(t, hcts, chromedp.Navigate(p.url+"/actualites"), chromedp.WaitVisible("h1", chromedp.ByQuery))
	run(t, hcts,
		chromedp.Click(`main a[href="/national/actualites/nouvelle"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#f-titre", chromedp.ByQuery),
	)
	p.check(t, hcts, "new national news", "")
	run(t, hcts,
		chromedp.SendKeys("#f-titre", title, chromedp.ByQuery),
		chromedp.SendKeys("#f-resume", "Le HCTS réunit les comités locaux à Paris ; le programme est joint.", chromedp.ByQuery),
		chromedp.SendKeys("#f-texte", "Inscrivez-vous auprès de vos **pilotes**.", chromedp.ByQuery),
		chromedp.SetUploadFiles("#f-pieces_jointes", []string{pdfPath}, chromedp.ByQuery),
		chromedp.Click(`main form button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(".notice-success", chromedp.ByQuery),
	)
	item := location(t, hcts)
	if !strings.Contains(item, "/actualites/") || !strings.Contains(text(t, hcts, "main"), "programme.pdf") {
		t.Fatalf("after posting, the publisher is on %s", item)
	}
	p.check(t, hcts, "national news item, publisher", "")

	for _, who := range []struct{ login, slug string }{{"pilote", "37-41"}, {"pilote-autre", "autre"}} {
		ctx := p.tab(t)
		p.login(t, ctx, who.login)
		run(t, ctx, chromedp.Navigate(p.url+"/c/"+who.slug+"/"), chromedp.WaitVisible("#actualites", chromedp.ByQuery))
		if found, unread := newsState(t, ctx, title); !found || !unread {
			t.Errorf("home of %s: found %v, unread %v; want found and unread", who.slug, found, unread)
		}
		if who.login != "pilote" {
			continue
		}
		p.check(t, ctx, "committee home with news", "Comité local")

		// The committee's Atom feed, behind the pilot's feed secret, holds it.
		run(t, ctx,
			chromedp.Navigate(p.url+"/agendas"),
			chromedp.Click(`main form button[type=submit]`, chromedp.ByQuery),
			chromedp.WaitVisible("#news-feed-0", chromedp.ByQuery),
		)
		feedURL := text(t, ctx, "#news-feed-0")
		if !strings.Contains(feedURL, "/flux/37-41.atom?jeton=") {
			t.Fatalf("news feed address: %q", feedURL)
		}
		res, err := http.Get(feedURL)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != http.StatusOK {
			t.Fatalf("committee feed: %d", res.StatusCode)
		}
		held := false
		for _, entry := range atomEntries(t, body) {
			held = held || entry == title
		}
		if !held {
			t.Error("the committee's Atom feed does not hold the national news")
		}

		// Opening it clears its mark.
		run(t, ctx, chromedp.Navigate(p.url+"/c/37-41/"), chromedp.WaitVisible("#actualites", chromedp.ByQuery))
		run(t, ctx,
			chromedp.Click(fmt.Sprintf(`//section[@aria-labelledby="actualites"]//a[normalize-space(.)=%q]`, title), chromedp.BySearch),
			chromedp.WaitVisible(".lead", chromedp.ByQuery),
			chromedp.Navigate(p.url+"/c/37-41/"), chromedp.WaitVisible("#actualites", chromedp.ByQuery),
		)
		if found, unread := newsState(t, ctx, title); !found || unread {
			t.Errorf("after opening it: found %v, unread %v; want found and read", found, unread)
		}
	}
}

// demoNewsIDs reads the ids of 37-41's local items and of the national
// ones, by title.
func (p *portal) demoNewsIDs(t *testing.T) (local, national map[string]int64) {
	t.Helper()
	ctx := context.Background()
	local, national = map[string]int64{}, map[string]int64{}
	pgtest.MustRead(t, p.db.App, postgres.InCommittee(p.committeeID(t, "37-41"), p.accountID(t, "pilote")), func(tx *postgres.Tx) error {
		list, _, err := tx.CommitteeNews(ctx, 100, 0)
		for _, n := range list {
			if n.National {
				national[n.Title] = n.ID
			} else {
				local[n.Title] = n.ID
			}
		}
		return err
	})
	return local, national
}

// TestNewsPages runs every page check, wide and at 320 px, on the news's
// pages of each kind of person, and on the forms sent with errors; then
// the Nu checker on their HTML.
func TestNewsPages(t *testing.T) {
	p := newPortal(t)
	local, national := p.demoNewsIDs(t)
	pinned := local["Plénière de printemps : appel à points pour l'ordre du jour"]
	resource := national["Ressource : guide de la participation des personnes accompagnées"]
	if pinned == 0 || resource == 0 {
		t.Fatalf("demo news missing: %v %v", local, national)
	}
	c := "/c/37-41"
	roles := []struct {
		login, committee string
		pages            []string
	}{
		{"pilote", "Comité local", []string{c + "/actualites", c + "/actualites/nouvelle", fmt.Sprintf("%s/actualites/%d", c, pinned),
			fmt.Sprintf("%s/actualites/%d/modifier", c, pinned)}},
		{"accompagne", "", []string{"/actualites", fmt.Sprintf("/actualites/%d", resource)}},
		{"hcts", "", []string{"/actualites", "/national/actualites/nouvelle", fmt.Sprintf("/national/actualites/%d/modifier", resource)}},
		{"hcts-lecteur", "", []string{"/actualites", "/comites"}},
	}
	for _, r := range roles {
		t.Run(r.login, func(t *testing.T) {
			ctx := p.tab(t)
			p.login(t, ctx, r.login)
			for _, path := range r.pages {
				p.visit(t, ctx, r.login, path, http.StatusOK, r.committee)
			}
		})
	}
	t.Run("forms with errors", func(t *testing.T) {
		ctx := p.tab(t)
		p.login(t, ctx, "pilote")
		run(t, ctx, chromedp.Navigate(p.url+c+"/actualites/nouvelle"), chromedp.WaitVisible("#f-titre", chromedp.ByQuery))
		p.formWithErrors(t, ctx, "pilote news with errors", `main form button[type=submit]`, "Comité local")
		hcts := p.tab(t)
		p.login(t, hcts, "hcts")
		run(t, hcts, chromedp.Navigate(p.url+"/national/actualites/nouvelle"), chromedp.WaitVisible("#f-titre", chromedp.ByQuery))
		p.formWithErrors(t, hcts, "national news with errors", `main form button[type=submit]`, "")
	})
	p.validateHTML(t)
}

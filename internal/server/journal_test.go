package server

import (
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/portail-clts/clts/web/components"
)

// journalRows returns the rows of a journal page as text, and the page.
func journalRows(t *testing.T, c *client, path string) (*goquery.Document, []string) {
	t.Helper()
	res, body := c.get(path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, res.StatusCode)
	}
	doc := parse(t, body)
	var rows []string
	doc.Find("table.journal tbody tr").Each(func(_ int, s *goquery.Selection) { rows = append(rows, s.Text()) })
	return doc, rows
}

// TestJournalNamesObjectsAndFilters: the committee's journal names each
// object by its title with a link (a meeting's, a group's), never "réunion
// 32"; it filters by kind of action, person and days, keeping the filter
// across pages; another committee's entries never show.
func TestJournalNamesObjectsAndFilters(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot, partner, other := f.login("pilote"), f.login("partenaire"), f.login("pilote-autre")
	res, _ := pilot.post("/c/37-41/groupes/nouveau", url.Values{"titre": {"Habitat inclusif"}, "description": {"Logement."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("group: %d", res.StatusCode)
	}
	groupURL := res.Header.Get("Location")
	if res, _ := other.post("/c/autre/groupes/nouveau", url.Values{"titre": {"Groupe secret du Loiret"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("other committee's group: %d", res.StatusCode)
	}
	if res, _ := partner.post("/c/37-41/mon-profil", url.Values{}); res.StatusCode == http.StatusInternalServerError {
		t.Fatal("profile")
	}

	doc, rows := journalRows(t, pilot, "/c/37-41/journal")
	if doc.Find("table.journal.stack").Length() != 1 {
		t.Error("the journal is not a table that becomes one block per entry on phones (class stack)")
	}
	link := doc.Find(`table.journal a[href="` + groupURL + `"]`)
	if link.Length() == 0 || !strings.Contains(link.First().Text(), "Habitat inclusif") {
		t.Errorf("the group's creation does not link to %s with its title", groupURL)
	}
	all := strings.Join(rows, "\n")
	if strings.Contains(all, "Groupe secret du Loiret") {
		t.Error("the journal shows another committee's entry")
	}

	// Meetings are named by their title and date, with a link.
	mdoc, meetings := journalRows(t, pilot, "/c/37-41/journal?type=reunions")
	if len(meetings) == 0 {
		t.Fatal("no meeting entry in the demo committee's journal")
	}
	byID := regexp.MustCompile(`réunion [0-9]+|compte [0-9]+`)
	mdoc.Find("table.journal tbody tr").Each(func(_ int, row *goquery.Selection) {
		text := strings.Join(strings.Fields(row.Text()), " ")
		if byID.MatchString(text) {
			t.Errorf("an entry names its object by id: %q", text)
		}
		if row.Find(`td[data-label="Objet"] a[href^="/c/37-41/reunions/"]`).Length() != 1 || row.Find(`td[data-label="Objet"] time`).Length() != 1 {
			t.Errorf("a meeting entry does not link to its meeting with its date: %q", text)
		}
	})
	_, groups := journalRows(t, pilot, "/c/37-41/journal?type=groupes")
	for _, r := range groups {
		if strings.Contains(r, "réunion") {
			t.Errorf("the filter on groups keeps %q", strings.Join(strings.Fields(r), " "))
		}
	}
	if len(groups) == 0 {
		t.Error("the filter on groups keeps nothing")
	}

	// By person: the partner's own entries only.
	_, mine := journalRows(t, pilot, fmt.Sprintf("/c/37-41/journal?personne=%d", f.accounts["partenaire"]))
	if len(mine) == 0 {
		t.Fatal("no entry of the partner")
	}
	for _, r := range mine {
		if !strings.Contains(r, "Karim Benali") {
			t.Errorf("the filter on the partner keeps %q", strings.Join(strings.Fields(r), " "))
		}
	}
	// Another committee's pilot, by id: nothing of theirs shows.
	_, theirs := journalRows(t, pilot, fmt.Sprintf("/c/37-41/journal?personne=%d", f.accounts["pilote-autre"]))
	if len(theirs) != 0 {
		t.Errorf("another committee's pilot has %d entries in 37-41's journal", len(theirs))
	}

	// By days: tomorrow on, nothing; today, the group.
	paris := components.Paris()
	today := time.Now().In(paris).Format("2006-01-02")
	tomorrow := time.Now().In(paris).AddDate(0, 0, 1).Format("2006-01-02")
	if _, rows := journalRows(t, pilot, "/c/37-41/journal?du="+tomorrow); len(rows) != 0 {
		t.Errorf("from tomorrow: %d entries", len(rows))
	}
	if _, rows := journalRows(t, pilot, "/c/37-41/journal?type=groupes&du="+today+"&au="+today); len(rows) == 0 || !strings.Contains(strings.Join(rows, ""), "Habitat inclusif") {
		t.Error("today's groups do not show the group created today")
	}
	if _, rows := journalRows(t, pilot, "/c/37-41/journal?au=2000-01-01"); len(rows) != 0 {
		t.Errorf("until 2000: %d entries", len(rows))
	}
	// A wrong day: the message next to its field, the value kept.
	res, body := pilot.get("/c/37-41/journal?du=31/02/2026&type=groupes")
	bdoc := parse(t, body)
	if res.StatusCode != http.StatusUnprocessableEntity || bdoc.Find("#f-du-error").Length() != 1 || bdoc.Find("#f-du").AttrOr("value", "") != "31/02/2026" {
		t.Errorf("a wrong day: %d, want 422 with the message next to the field and the value kept", res.StatusCode)
	}
	res, _ = pilot.get("/c/37-41/journal?du=2026-03-10&au=2026-03-01")
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an end before the start: %d, want 422", res.StatusCode)
	}

	// Pages keep the filter.
	pdoc, _ := journalRows(t, pilot, "/c/37-41/journal?type=reunions")
	if next, ok := pdoc.Find(`.pager a[rel="next"]`).Attr("href"); ok {
		if !strings.Contains(next, "type=reunions") || !strings.Contains(next, "page=2") {
			t.Errorf("the next page %q loses the filter", next)
		}
	} else if len(meetings) >= auditPageSize {
		t.Error("no next page for a full page of entries")
	}
}

// TestJournalShowsNoAddressToPilots: a committee's journal never shows the
// addresses people connect from; the operator's national log does.
func TestJournalShowsNoAddressToPilots(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	if res, _ := pilot.post("/c/37-41/groupes/nouveau", url.Values{"titre": {"Habitat inclusif"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("group: %d", res.StatusCode)
	}
	_, body := pilot.get("/c/37-41/journal")
	if strings.Contains(body, "127.0.0.1") || strings.Contains(body, "Adresse</th>") {
		t.Error("the committee's journal shows addresses to pilots")
	}
	_, body = f.login("operateur").get("/exploitation/journal")
	if !strings.Contains(body, "127.0.0.1") {
		t.Error("the operator's log does not show addresses")
	}
	if !strings.Contains(body, "Habitat inclusif") {
		t.Error("the operator's log does not show the committee's entry")
	}
}

package server

import (
	"bytes"
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	goical "github.com/emersion/go-ical"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// feedLinks generates the person's feed links and returns the personal one
// and the committee ones, as paths with query.
func feedLinks(t *testing.T, c *client) (string, []string) {
	t.Helper()
	res, body := c.post("/agendas", url.Values{})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("generate feed links: %d", res.StatusCode)
	}
	personal, committees := extractFeedLinks(body)
	if personal == "" || len(committees) == 0 {
		t.Fatalf("links not shown")
	}
	return personal, committees
}

// extractFeedLinks reads the feed links shown on the calendars page.
func extractFeedLinks(body string) (string, []string) {
	var links []string
	for _, m := range regexp.MustCompile(`http://[^<\s]+(/agenda[^<\s]*)`).FindAllStringSubmatch(body, -1) {
		links = append(links, strings.ReplaceAll(m[1], "&amp;", "&"))
	}
	if len(links) == 0 {
		return "", nil
	}
	return links[0], links[1:]
}

func decodeFeed(t *testing.T, body string) []goical.Event {
	t.Helper()
	cal, err := goical.NewDecoder(bytes.NewBufferString(body)).Decode()
	if err != nil {
		t.Fatalf("independent parser: %v", err)
	}
	return cal.Events()
}

func eventByUID(evs []goical.Event, prefix string) *goical.Event {
	for i := range evs {
		if uid, _ := evs[i].Props.Text(goical.PropUID); strings.HasPrefix(uid, prefix) {
			return &evs[i]
		}
	}
	return nil
}

// TestCalendarFeeds: a person's feed holds their committees' meetings and
// seminars once; a change raises SEQUENCE with the same UID; a cancellation
// shows as CANCELLED; an old secret stops working.
func TestCalendarFeeds(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	// The professional also joins the other committee: the seminars must
	// still appear once.
	f.write("autre", "", func(tx *postgres.Tx) error {
		return tx.AddMember(ctx, f.accounts["professionnel"], clts.RoleProfessionnel)
	})
	pro := f.login("professionnel")
	personal, committees := feedLinks(t, pro)
	if len(committees) != 2 {
		t.Fatalf("%d committee feeds, want 2", len(committees))
	}
	anon := f.anonymous()
	res, body := anon.get(personal)
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/calendar") {
		t.Fatalf("personal feed: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	evs := decodeFeed(t, body)
	seminarUIDs := map[string]int{}
	for _, e := range evs {
		uid, _ := e.Props.Text(goical.PropUID)
		if strings.HasPrefix(uid, "seminaire-") {
			seminarUIDs[uid]++
		}
	}
	if len(seminarUIDs) == 0 {
		t.Fatal("no seminar in the personal feed")
	}
	for uid, n := range seminarUIDs {
		if n != 1 {
			t.Errorf("seminar %s appears %d times", uid, n)
		}
	}
	// The other committee's plenary is there, the 37-41 group meeting of a
	// group the professional is not in is not.
	if eventByUID(evs, "reunion-"+itoa(f.committees["autre"])+"-") == nil {
		t.Error("the other committee's meeting is missing from the personal feed")
	}
	// The professional is in the participation group: its meeting is there.
	found := false
	for _, e := range evs {
		if s, _ := e.Props.Text(goical.PropSummary); s == "Groupe participation : préparer la contribution au rapport" {
			found = true
		}
	}
	if !found {
		t.Error("the meeting of the person's group is missing from the personal feed")
	}

	// A change: same UID, higher SEQUENCE; then a cancellation.
	pilot := f.login("pilote")
	start := time.Now().AddDate(0, 0, 20).Truncate(time.Hour)
	var ids []int64
	f.write("37-41", "", func(tx *postgres.Tx) error {
		var err error
		ids, err = tx.CreateMeetings(ctx, []clts.Meeting{{Kind: clts.KindPlenary, Title: "Plénière à suivre",
			StartsAt: start, EndsAt: start.Add(2 * time.Hour), Place: "Tours"}}, true, func(clts.Meeting) *postgres.MeetingMail { return nil })
		return err
	})
	uid := "reunion-" + itoa(f.committees["37-41"]) + "-" + itoa(ids[0]) + "@"
	seq := func() (string, string) {
		_, body := anon.get(personal)
		e := eventByUID(decodeFeed(t, body), uid)
		if e == nil {
			t.Fatalf("meeting %s not in the feed", uid)
		}
		st, _ := e.Props.Text(goical.PropStatus)
		return e.Props.Get(goical.PropSequence).Value, st
	}
	if s, st := seq(); s != "0" || st != "CONFIRMED" {
		t.Errorf("new meeting: SEQUENCE %s STATUS %s", s, st)
	}
	f.moveMeeting(ids[0], 21*24*time.Hour)
	if s, _ := seq(); s != "1" {
		t.Errorf("after a change: SEQUENCE %s, want 1", s)
	}
	if res, _ := pilot.post("/c/37-41/reunions/"+itoa(ids[0])+"/annuler", url.Values{"motif": {"Salle indisponible"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("cancel: %d", res.StatusCode)
	}
	if s, st := seq(); s != "2" || st != "CANCELLED" {
		t.Errorf("after cancellation: SEQUENCE %s STATUS %s, want 2 CANCELLED", s, st)
	}

	// Committee feeds: only that committee; a non-member's secret gets 404.
	for _, feed := range committees {
		slug := feed[len("/agenda/"):strings.Index(feed, ".ics")]
		res, body = anon.get(feed)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("committee feed %s: %d", slug, res.StatusCode)
		}
		for _, e := range decodeFeed(t, body) {
			uid, _ := e.Props.Text(goical.PropUID)
			if strings.HasPrefix(uid, "reunion-") && !strings.HasPrefix(uid, "reunion-"+itoa(f.committees[slug])+"-") {
				t.Errorf("feed of %s holds %s from another committee", slug, uid)
			}
		}
	}
	partnerFeed, _ := feedLinks(t, f.login("partenaire"))
	token := partnerFeed[strings.Index(partnerFeed, "jeton=")+len("jeton="):]
	if res, _ := anon.get("/agenda/autre.ics?jeton=" + token); res.StatusCode != http.StatusNotFound {
		t.Errorf("a non-member's secret on another committee's feed: %d, want 404", res.StatusCode)
	}
	// A new secret replaces the old one.
	feedLinks(t, pro)
	if res, _ := anon.get(personal); res.StatusCode != http.StatusNotFound {
		t.Errorf("old secret after regeneration: %d, want 404", res.StatusCode)
	}
	if res, _ := anon.get("/agenda.ics?jeton=faux"); res.StatusCode != http.StatusNotFound {
		t.Errorf("wrong secret: %d", res.StatusCode)
	}
	// The single-meeting download parses too.
	res, body = pilot.get("/c/37-41/reunions/" + itoa(ids[0]) + "/reunion.ics")
	if res.StatusCode != http.StatusOK || len(decodeFeed(t, body)) != 1 {
		t.Errorf("single .ics: %d", res.StatusCode)
	}
}

func TestMonthView(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	res, body := pilot.get("/c/37-41/reunions/calendrier?mois=2018-10")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("month: %d", res.StatusCode)
	}
	doc := parse(t, body)
	if h := strings.TrimSpace(doc.Find("h1").Text()); h != "Réunions d'octobre 2018" {
		t.Errorf("heading %q", h)
	}
	if doc.Find("table.month th[scope=col]").Length() != 7 {
		t.Error("the month table has no 7 column headers")
	}
	cell := doc.Find("table.month td").FilterFunction(func(_ int, s *goquery.Selection) bool {
		return strings.Contains(s.Text(), "mardi 16 octobre 2018")
	})
	if !strings.Contains(cell.Text(), "Réunion plénière du comité") || !strings.Contains(cell.Text(), "14\u00a0h\u00a000") {
		t.Errorf("16 October 2018 cell: %q", cell.Text())
	}
	if res, _ := pilot.get("/c/37-41/reunions/calendrier?mois=n-importe-quoi"); res.StatusCode != http.StatusNotFound {
		t.Errorf("bad month: %d", res.StatusCode)
	}
}

// A hybrid meeting's calendar event carries the video link and the
// accessibility information in its description, which every calendar shows.
func TestEventDescriptionHasWhatIsNeededToAttend(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	_, list := pilot.get("/c/37-41/reunions")
	path, _ := parse(t, list).Find(`main a:contains("Réunion plénière du comité")`).First().Attr("href")
	if path == "" {
		t.Fatal("no upcoming plenary in the demo")
	}
	_, body := pilot.get(path + "/reunion.ics")
	evs := decodeFeed(t, body)
	if len(evs) != 1 {
		t.Fatalf("%d events", len(evs))
	}
	desc, _ := evs[0].Props.Text(goical.PropDescription)
	loc, _ := evs[0].Props.Text(goical.PropLocation)
	for _, want := range []string{"Visioconférence : https://visio.example.fr/clts-37-41", "Accessibilité : Rez-de-chaussée accessible", "Ordre du jour et réponse : http"} {
		if !strings.Contains(desc, want) {
			t.Errorf("description lacks %q:\n%s", want, desc)
		}
	}
	if !strings.Contains(loc, "Hôtel du Département") {
		t.Errorf("location %q, want the place", loc)
	}
}

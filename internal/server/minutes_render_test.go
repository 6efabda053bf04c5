package server

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5"
)

// minutesRow gives a test the owner's hand on the minutes of a 37-41
// meeting, behind the portal's back.
type minutesRow struct {
	t    *testing.T
	conn *pgx.Conn
	id   int64 // the meeting
}

// pastPlenary returns the demo's first 37-41 plenary, held in October
// 2018, whose minutes the demo published, and the owner's hand on them.
func (f *fixture) pastPlenary(t *testing.T) (string, minutesRow) {
	t.Helper()
	ms := f.meetingsBetween("37-41", time.Date(2018, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2018, 11, 1, 0, 0, 0, 0, time.UTC), 1)
	if len(ms) != 1 {
		t.Fatalf("no demo plenary in October 2018: %v", ms)
	}
	conn := f.ownerConn()
	if _, err := conn.Exec(context.Background(), `SELECT set_config('clts.committee_id', $1, false)`,
		strconv.FormatInt(f.committees["37-41"], 10)); err != nil {
		t.Fatal(err)
	}
	return "/c/37-41/reunions/" + strconv.FormatInt(ms[0].ID, 10), minutesRow{t: t, conn: conn, id: ms[0].ID}
}

// set writes the row's columns as the owner.
func (m minutesRow) set(body string, html *string) {
	m.t.Helper()
	if _, err := m.conn.Exec(context.Background(), `UPDATE minutes SET body = $2, html = $3 WHERE meeting_id = $1`, m.id, body, html); err != nil {
		m.t.Fatal(err)
	}
}

// get reads the row's stored source, HTML and version.
func (m minutesRow) get() (body string, html *string, version int) {
	m.t.Helper()
	if err := m.conn.QueryRow(context.Background(), `SELECT body, html, version FROM minutes WHERE meeting_id = $1`, m.id).Scan(&body, &html, &version); err != nil {
		m.t.Fatal(err)
	}
	return body, html, version
}

// minutesHTML returns the inner HTML of the minutes on the meeting's page.
func minutesHTML(t *testing.T, c *client, path string) string {
	t.Helper()
	res, body := c.get(path)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", path, res.StatusCode)
	}
	html, err := parse(t, body).Find(".minutes").Html()
	if err != nil {
		t.Fatal(err)
	}
	return strings.TrimSpace(html)
}

// TestHostileMinutesAreRefusedWithAFieldMessage: the audit's texts (99,000
// ">" took 13 s on every view, 24,750 "[a](" 9 s) are refused when saved,
// by the renderer's linear pre-scan (markdown.TestRenderRefusesBeyondBounds
// proves that goldmark never sees them): the form comes back with a French
// message next to the text area and the text kept, and nothing is stored.
func TestHostileMinutesAreRefusedWithAFieldMessage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	path, row := f.pastPlenary(t)
	before, _, version := row.get()
	tests := []struct{ name, text, says string }{
		{"NestedQuotes", strings.Repeat(">", 100_000), "niveaux de citations ou de listes"},
		{"UnclosedLinks", strings.Repeat("[a](", 25_000), "trop de liens ou de signes de mise en forme"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			res, body := pilot.post(path+"/compte-rendu", url.Values{"compte_rendu": {tt.text}, "version": {strconv.Itoa(version)}, "publier": {"oui"}})
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.StatusCode)
			}
			doc := parse(t, body)
			if msg := doc.Find("#f-compte_rendu-error").Text(); !strings.Contains(msg, tt.says) {
				t.Errorf("message next to the field %q does not say %q", msg, tt.says)
			}
			if got := doc.Find("textarea#f-compte_rendu").Text(); got != tt.text {
				t.Errorf("the typed text is not kept (%d characters of %d)", len(got), len(tt.text))
			}
			if got, _, v := row.get(); got != before || v != version {
				t.Errorf("refused minutes were stored (version %d)", v)
			}
		})
	}
}

// TestMeetingPageShowsTheStoredHTML: the page shows the HTML stored with
// the minutes, as stored, and renders no Markdown on a view: a row whose
// HTML says something else than its source shows its HTML.
func TestMeetingPageShowsTheStoredHTML(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot, member := f.login("pilote"), f.login("partenaire")
	path, row := f.pastPlenary(t)
	stored := "<p>Rendu <em>à l’enregistrement</em></p>"
	row.set("**Source jamais rendue à la lecture**", &stored)
	for _, c := range []*client{pilot, member} {
		got := minutesHTML(t, c, path)
		if got != stored {
			t.Errorf("minutes shown as %q, want the stored %q", got, stored)
		}
	}
}

// TestMinutesAreSanitizedWhenSaved: script payloads typed in the form are
// removed before the row is written; the stored HTML is what the page
// shows.
func TestMinutesAreSanitizedWhenSaved(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	path, row := f.pastPlenary(t)
	_, _, version := row.get()
	text := "## Décisions\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)> [lien](javascript:alert(3)) " +
		"<a href=\"javascript:alert(4)\">a</a> <svg onload=alert(5)>\n\n[ok](https://example.org \"t\" onclick=alert(6))\n\n" +
		"[HCTS](https://example.org)\n\n**Adopté**"
	if res, _ := pilot.post(path+"/compte-rendu", url.Values{"compte_rendu": {text}, "version": {strconv.Itoa(version)}, "publier": {"oui"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	body, html, _ := row.get()
	if body != text || html == nil {
		t.Fatalf("stored source %q, HTML %v", body, html)
	}
	// What is left of the payloads is text: no element but the allowed
	// ones, no attribute but a link's address to http(s) and its rel.
	parse(t, *html).Find("body *").Each(func(_ int, s *goquery.Selection) {
		switch name := goquery.NodeName(s); name {
		case "script", "img", "svg", "iframe", "style":
			t.Errorf("stored HTML holds a %s element: %s", name, *html)
		}
		for _, a := range s.Nodes[0].Attr {
			if ok := a.Key == "rel" || (a.Key == "href" && strings.HasPrefix(a.Val, "https://")); !ok {
				t.Errorf("stored HTML holds %s=%q: %s", a.Key, a.Val, *html)
			}
		}
	})
	for _, good := range []string{"<h2>Décisions</h2>", "<strong>Adopté</strong>", `href="https://example.org"`} {
		if !strings.Contains(*html, good) {
			t.Errorf("stored HTML lacks %q: %s", good, *html)
		}
	}
	if got := minutesHTML(t, pilot, path); got != strings.TrimSpace(*html) {
		t.Errorf("page shows %q, stored %q", got, *html)
	}
}

// TestLegacyMinutesShowAsPlainText: minutes saved before their HTML was
// stored (html NULL after migration 00010) show their text escaped, in
// paragraphs, without rendering; saving them again stores their HTML.
func TestLegacyMinutesShowAsPlainText(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	path, row := f.pastPlenary(t)
	legacy := "## Relevé\n**Adopté** <script>alert(1)</script>\n\nSuite & fin"
	row.set(legacy, nil)
	got := minutesHTML(t, pilot, path)
	want := "<p>## Relevé<br/>\n**Adopté** &lt;script&gt;alert(1)&lt;/script&gt;</p>\n<p>Suite &amp; fin</p>"
	if got != want {
		t.Errorf("legacy minutes shown as\n%q, want\n%q", got, want)
	}
	_, _, version := row.get()
	if res, _ := pilot.post(path+"/compte-rendu", url.Values{"compte_rendu": {legacy}, "version": {strconv.Itoa(version)}, "publier": {"oui"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	if _, html, _ := row.get(); html == nil || !strings.Contains(*html, "<h2>Relevé</h2>") {
		t.Errorf("saving legacy minutes stores HTML %v", html)
	}
	if got := minutesHTML(t, pilot, path); !strings.Contains(got, "<h2>Relevé</h2>") || strings.Contains(got, "<script") {
		t.Errorf("saved minutes shown as %q", got)
	}
}

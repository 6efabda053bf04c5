package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"net/url"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/postgres"
)

// addMeetings inserts n plenaries into committee slug, spread over the
// month starting at from (several a day when n is large), with answers.
func (f *fixture) addMeetings(slug string, n int, from time.Time) {
	f.t.Helper()
	ctx := context.Background()
	conn := f.committeeConn(slug)
	defer conn.Close(ctx)
	cid := f.committees[slug]
	_, err := conn.Exec(ctx, `WITH m AS (
			INSERT INTO meetings (committee_id, kind, title, starts_at, ends_at, place)
			SELECT $1, 'pleniere', 'Réunion ' || g, $2::timestamptz + (g * interval '28 days' / $3),
				$2::timestamptz + (g * interval '28 days' / $3) + interval '1 hour', 'Tours'
			FROM generate_series(0, $3 - 1) g RETURNING id)
		INSERT INTO meeting_responses (committee_id, meeting_id, account_id, answer)
		SELECT $1, m.id, ms.account_id, 'oui' FROM m, memberships ms WHERE ms.committee_id = $1 AND ms.active`, cid, from, n)
	if err != nil {
		f.t.Fatal(err)
	}
	// Fresh statistics, as autovacuum would gather them after such a load.
	owner, err := pgx.Connect(ctx, f.db.OwnerURL)
	if err != nil {
		f.t.Fatal(err)
	}
	defer owner.Close(ctx)
	if _, err := owner.Exec(ctx, "ANALYZE meetings, meeting_responses"); err != nil {
		f.t.Fatal(err)
	}
}

// maxQueriesPerPage bounds the statements of a page, whatever the length of
// its lists: the session lookup, then a unit of work whose BEGIN carries the
// scope's settings (two statements), its reads and its COMMIT.
const maxQueriesPerPage = 8

// countQueries renders path as login and returns the queries it ran.
func (f *fixture) countQueries(login, path string) int64 {
	f.t.Helper()
	c := f.login(login)
	u, _ := url.Parse(f.ts.URL)
	req := httptest.NewRequest(http.MethodGet, path, nil)
	for _, ck := range c.http.Jar.Cookies(u) {
		req.AddCookie(ck)
	}
	var n atomic.Int64
	req = req.WithContext(postgres.WithQueryCounter(req.Context(), &n))
	rec := httptest.NewRecorder()
	f.srv.Handler().ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		f.t.Fatalf("GET %s = %d", path, rec.Code)
	}
	return n.Load()
}

func TestMeetingPagesQueryCountIsConstant(t *testing.T) {
	t.Parallel()
	month := time.Date(2031, 3, 1, 0, 0, 0, 0, time.UTC)
	small, large := newFixture(t), newFixture(t)
	small.addMeetings("37-41", 10, month)
	large.addMeetings("37-41", 1000, month)
	for _, path := range []string{"/c/37-41/reunions", "/c/37-41/reunions/passees", "/c/37-41/reunions/calendrier?mois=2031-03", "/c/37-41/"} {
		a, b := small.countQueries("pilote", path), large.countQueries("pilote", path)
		if a != b || b > maxQueriesPerPage {
			t.Errorf("%s: %d queries with 10 meetings, %d with 1,000; want the same number, at most %d", path, a, b, maxQueriesPerPage)
		}
		t.Logf("%s: %d queries", path, a)
	}
	// The feeds run one query for the events, whatever their number.
	var feed [2]int64
	for i, f := range []*fixture{small, large} {
		personal, _ := feedLinks(t, f.login("pilote"))
		var n atomic.Int64
		req := httptest.NewRequest(http.MethodGet, personal, nil)
		req = req.WithContext(postgres.WithQueryCounter(req.Context(), &n))
		rec := httptest.NewRecorder()
		f.srv.Handler().ServeHTTP(rec, req)
		if rec.Code != http.StatusOK {
			t.Errorf("personal feed: status %d", rec.Code)
		}
		feed[i] = n.Load()
	}
	if feed[0] != feed[1] || feed[1] > maxQueriesPerPage {
		t.Errorf("personal feed: %d queries with 10 meetings, %d with 1,000; want the same number, at most %d", feed[0], feed[1], maxQueriesPerPage)
	}
	t.Logf("personal feed: %d queries", feed[0])
}

// BenchmarkMeetings measures the month view and the personal feed of a
// committee with 2,000 meetings in the month (answers from every member).
//
//	go test -run '^$' -bench Meetings -benchtime 50x ./internal/server/
func BenchmarkMeetings(b *testing.B) {
	f := newFixture(b)
	month := time.Date(2031, 3, 1, 0, 0, 0, 0, time.UTC)
	f.addMeetings("37-41", 2000, month)
	c := f.login("pilote")
	personal, _ := feedLinksB(b, f, c)
	u, _ := url.Parse(f.ts.URL)
	benchPages(b, f.srv.Handler(), []benchCase{
		{"MonthView", "/c/37-41/reunions/calendrier?mois=2031-03", c.http.Jar.Cookies(u)},
		{"PersonalFeed", personal, nil},
	})
}

func feedLinksB(b *testing.B, f *fixture, c *client) (string, []string) {
	b.Helper()
	res, body := c.post("/agendas", url.Values{})
	if res.StatusCode != http.StatusOK {
		b.Fatalf("feed links: %d", res.StatusCode)
	}
	return extractFeedLinks(body)
}

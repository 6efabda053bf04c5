package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// assertUnavailablePage fails unless the answer is the portal's French 503
// page with a Retry-After.
func assertUnavailablePage(t *testing.T, what string, res *http.Response, body string) {
	t.Helper()
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("%s: status %d, want 503\n%.300s", what, res.StatusCode, body)
		return
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
		t.Errorf("%s: Content-Type %q, want the HTML page", what, ct)
	}
	if res.Header.Get("Retry-After") == "" {
		t.Errorf("%s: no Retry-After", what)
	}
	doc := parse(t, body)
	if lang, _ := doc.Find("html").Attr("lang"); lang != "fr" {
		t.Errorf("%s: html lang %q, want fr", what, lang)
	}
	if h1 := strings.TrimSpace(doc.Find("h1").Text()); h1 != "Portail momentanément indisponible" {
		t.Errorf("%s: h1 %q, want the French 503 heading\n%.300s", what, h1, body)
	}
}

// timedClient is a copy of c's browser on base whose requests give up after
// limit: a request that hangs fails the test instead of blocking it.
func timedClient(c *client, base string, limit time.Duration) *client {
	h := *c.http
	h.Timeout = limit
	return &client{t: c.t, base: base, http: &h}
}

// lockSessions takes the sessions table in ACCESS EXCLUSIVE mode in an open
// transaction of the owner, as a migration or a VACUUM FULL would, and
// returns the function that releases it.
func lockSessions(t *testing.T, conn *pgx.Conn) (release func()) {
	t.Helper()
	ctx := context.Background()
	tx, err := conn.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := tx.Exec(ctx, `LOCK TABLE sessions IN ACCESS EXCLUSIVE MODE`); err != nil {
		t.Fatal(err)
	}
	done := false
	release = func() {
		if !done {
			done = true
			_ = tx.Rollback(ctx)
		}
	}
	t.Cleanup(release)
	return release
}

// waitersOnSessions counts the statements waiting for a lock on the
// sessions table: a session lookup that ignores the request's deadline
// stays there, holding a pooled connection, long after its request ended.
func waitersOnSessions(t *testing.T, conn *pgx.Conn) int {
	t.Helper()
	var n int
	err := conn.QueryRow(context.Background(),
		`SELECT count(*) FROM pg_locks WHERE relation = 'sessions'::regclass AND NOT granted`).Scan(&n)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

// TestSessionLookupHonoursTheDeadline (defect 3): with the sessions table
// locked, a signed-in page fails at REQUEST_TIMEOUT with the French 503
// page instead of hanging, its statement is cancelled rather than left
// waiting on the lock, and /readyz says the portal is not ready. Once the
// lock is gone, both recover.
func TestSessionLookupHonoursTheDeadline(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, ts := newTestServerDB(t, map[string]string{"REQUEST_TIMEOUT": "1s"}, f.db.App)
	pilot := timedClient(f.login("pilote"), ts.URL, 8*time.Second)
	if res, _ := pilot.get("/c/37-41/"); res.StatusCode != http.StatusOK {
		t.Fatalf("before the lock: GET = %d", res.StatusCode)
	}
	conn := f.ownerConn()
	release := lockSessions(t, conn)

	start := time.Now()
	res, body := pilot.get("/c/37-41/")
	took := time.Since(start)
	assertUnavailablePage(t, "signed-in page, sessions locked", res, body)
	if took > 4*time.Second {
		t.Errorf("signed-in page, sessions locked: answered after %v, want about REQUEST_TIMEOUT (1s)", took)
	}
	waiting := waitersOnSessions(t, conn)
	for deadline := time.Now().Add(2 * time.Second); waiting > 0 && time.Now().Before(deadline); {
		time.Sleep(50 * time.Millisecond)
		waiting = waitersOnSessions(t, conn)
	}
	if waiting > 0 {
		t.Errorf("%d statements of the portal still wait on the sessions lock after their request ended", waiting)
	}

	start = time.Now()
	res, body = get(t, ts.URL+"/readyz")
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("GET /readyz with sessions locked = %d %q, want 503", res.StatusCode, body)
	}
	if took := time.Since(start); took > 4*time.Second {
		t.Errorf("GET /readyz with sessions locked took %v, want about its 2s bound", took)
	}

	release()
	// A loaded test machine may need a second try within the short timeout.
	for deadline := time.Now().Add(10 * time.Second); ; time.Sleep(100 * time.Millisecond) {
		page, _ := pilot.get("/c/37-41/")
		ready, _ := get(t, ts.URL+"/readyz")
		if page.StatusCode == http.StatusOK && ready.StatusCode == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("lock released: GET = %d, /readyz = %d; want 200 and 200", page.StatusCode, ready.StatusCode)
		}
	}
}

// TestTimedOutRequestGetsTheFrenchPage (defect 4): a handler that runs out
// of time and writes nothing, and one whose database work fails at the
// deadline, both answer the French 503 page, not an empty 504 or 500.
func TestTimedOutRequestGetsTheFrenchPage(t *testing.T) {
	t.Parallel()
	srv, _ := newTestServer(t, map[string]string{"REQUEST_TIMEOUT": "200ms"})
	silent := srv.requestTimeout(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
	}))
	failing := srv.requestTimeout(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-r.Context().Done()
		srv.serverError(w, r, r.Context().Err())
	}))
	answered := srv.requestTimeout(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusNoContent)
		<-r.Context().Done()
	}))
	for _, tc := range []struct {
		name string
		h    http.Handler
	}{{"silent", silent}, {"failing", failing}} {
		ts := httptest.NewServer(tc.h)
		res, body := get(t, ts.URL+"/lent")
		ts.Close()
		assertUnavailablePage(t, tc.name, res, body)
	}
	ts := httptest.NewServer(answered)
	defer ts.Close()
	if res, body := get(t, ts.URL+"/"); res.StatusCode != http.StatusNoContent || body != "" {
		t.Errorf("a handler that answered before its deadline: %d %q, want its own 204 alone", res.StatusCode, body)
	}
}

// TestSessionSaveFailureIsOnePage (defect 4): when the session cannot be
// saved (here the sessions table is locked against writes, so the write
// waits until REQUEST_TIMEOUT), scs writes its error page just before the
// handler's own status and body. The person gets the French 503 page alone,
// not that page followed by the page they asked for.
func TestSessionSaveFailureIsOnePage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, ts := newTestServerDB(t, map[string]string{"REQUEST_TIMEOUT": "1s"}, f.db.App)
	pilot := timedClient(f.login("pilote"), ts.URL, 8*time.Second)
	conn := f.ownerConn()
	// Two idle minutes: the next page moves the idle deadline, a write.
	if _, err := conn.Exec(context.Background(), `UPDATE sessions SET expiry = expiry - interval '2 minutes' WHERE token = $1`,
		pilot.sessionCookie()); err != nil {
		t.Fatal(err)
	}
	tx, err := conn.Begin(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	defer tx.Rollback(context.Background()) //nolint:errcheck
	if _, err := tx.Exec(context.Background(), `LOCK TABLE sessions IN SHARE MODE`); err != nil {
		t.Fatal(err)
	}
	res, body := pilot.get("/compte")
	assertUnavailablePage(t, "page whose session cannot be saved", res, body)
	if n := strings.Count(strings.ToLower(body), "<!doctype html>"); n != 1 {
		t.Errorf("the answer holds %d HTML documents, want the error page alone:\n%.3000s", n, body)
	}
}

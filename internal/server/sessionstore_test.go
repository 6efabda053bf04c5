package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
)

// ownerConn connects to the fixture's database as the tables' owner, to
// look at and age session rows behind the portal's back.
func (f *fixture) ownerConn() *pgx.Conn {
	f.t.Helper()
	conn, err := pgx.Connect(context.Background(), f.db.OwnerURL)
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { conn.Close(context.Background()) })
	return conn
}

// sessionRow returns the row version (xmin) and expiry of token's session.
func sessionRow(t *testing.T, conn *pgx.Conn, token string) (xmin string, expiry time.Time) {
	t.Helper()
	err := conn.QueryRow(context.Background(), `SELECT xmin::text, expiry FROM sessions WHERE token = $1`, token).Scan(&xmin, &expiry)
	if err != nil {
		t.Fatalf("session row: %v", err)
	}
	return xmin, expiry
}

// TestReadingPagesDoesNotRewriteTheSession: a signed-in GET that changes
// nothing in the session leaves its row alone, until the idle deadline has
// moved by more than a minute; a change in the session is written at once.
func TestReadingPagesDoesNotRewriteTheSession(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	conn := f.ownerConn()
	c := f.login("pilote")
	token := c.sessionCookie()
	before, expiry := sessionRow(t, conn, token)
	for _, p := range []string{"/c/37-41/", "/c/37-41/reunions", "/compte"} {
		if res, _ := c.get(p); res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s = %d", p, res.StatusCode)
		}
	}
	if after, _ := sessionRow(t, conn, token); after != before {
		t.Errorf("reading three pages rewrote the session row (xmin %s → %s)", before, after)
	}

	// Two minutes later (the stored deadline is two minutes earlier), the
	// next page pushes the idle deadline forward.
	if _, err := conn.Exec(context.Background(), `UPDATE sessions SET expiry = expiry - interval '2 minutes' WHERE token = $1`, token); err != nil {
		t.Fatal(err)
	}
	c.get("/compte")
	if _, moved := sessionRow(t, conn, token); !moved.After(expiry.Add(-2 * time.Minute)) {
		t.Errorf("after two idle minutes the deadline stayed at %v", moved)
	}

	// A flash message is a change: it is written at once.
	_, body := c.get("/compte")
	version, _ := parse(t, body).Find(`input[name="version"]`).Attr("value")
	before, _ = sessionRow(t, conn, token)
	if res, _ := c.post("/compte/nom", url.Values{"nom": {"Pilote Renommée"}, "version": {version}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rename = %d, want 303", res.StatusCode)
	}
	if after, _ := sessionRow(t, conn, token); after == before {
		t.Error("a flash message was put in the session but the row was not written")
	}
}

// TestIdleSessionStillExpires: a session whose idle deadline has passed is
// over, even though reads no longer rewrite it.
func TestIdleSessionStillExpires(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	conn := f.ownerConn()
	c := f.login("partenaire")
	if _, err := conn.Exec(context.Background(), `UPDATE sessions SET expiry = now() - interval '1 second' WHERE token = $1`,
		c.sessionCookie()); err != nil {
		t.Fatal(err)
	}
	res, _ := c.get("/c/37-41/")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/connexion") {
		t.Errorf("idle session: GET = %d to %q, want a redirect to the login page", res.StatusCode, res.Header.Get("Location"))
	}
}

// TestTwoServersShareSessions: application servers hold no state. A
// session opened on one server is honoured by another on the same
// database, and "log out everywhere" on one ends it on both.
func TestTwoServersShareSessions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, ts2 := newTestServerDB(t, nil, f.db.App)
	onA := f.login("professionnel")
	// Same cookie jar (cookies ignore ports), other server.
	onB := &client{t: t, base: ts2.URL, http: onA.http}
	if res, _ := onB.get("/c/37-41/"); res.StatusCode != http.StatusOK {
		t.Fatalf("session from server A on server B: GET = %d, want 200", res.StatusCode)
	}
	// A second session of the same person, opened on server A.
	other := f.login("professionnel")
	if res, _ := onB.post("/compte/deconnexion-partout", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("log out everywhere on B = %d", res.StatusCode)
	}
	if res, _ := other.get("/compte"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/connexion") {
		t.Errorf("other session on server A after logging out everywhere on B: GET = %d to %q, want the login page",
			res.StatusCode, res.Header.Get("Location"))
	}
	// The session that asked is closed too, on both servers.
	for _, c := range []*client{onB, {t: t, base: f.ts.URL, http: onA.http}} {
		if res, _ := c.get("/compte"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("the session that logged out everywhere, on %s: GET /compte = %d, want a redirect to login", c.base, res.StatusCode)
		}
	}
}

package server

import (
	"context"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/demo"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
)

// fixture is a running portal on a fresh database with the demo data:
// committee 37-41 and committee "autre", one account per role.
type fixture struct {
	t   testing.TB
	db  *pgtest.DB
	srv *Server
	ts  *httptest.Server
	// committee ids by slug, account ids by login name
	committees map[string]int64
	accounts   map[string]int64
}

func newFixture(t testing.TB) *fixture {
	t.Helper()
	db := pgtest.New(t)
	ctx := context.Background()
	if err := demo.Load(ctx, db.App, io.Discard); err != nil {
		t.Fatal(err)
	}
	srv, ts := newTestServerDB(t, nil, db.App)
	f := &fixture{t: t, db: db, srv: srv, ts: ts, committees: map[string]int64{}, accounts: map[string]int64{}}
	pgtest.MustRead(t, db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		for _, c := range demo.Committees() {
			got, err := tx.CommitteeBySlug(ctx, c.Slug)
			if err != nil {
				return err
			}
			f.committees[c.Slug] = got.ID
		}
		for _, a := range demo.Accounts() {
			got, err := tx.AccountByIdentifier(ctx, a.Login)
			if err != nil {
				return err
			}
			f.accounts[a.Login] = got.ID
		}
		return nil
	})
	t.Cleanup(f.assertAuditActionsNamed)
	return f
}

// client is a browser: a cookie jar, no automatic redirects.
type client struct {
	t    testing.TB
	base string
	http *http.Client
}

func (f *fixture) anonymous() *client {
	jar, _ := cookiejar.New(nil)
	return &client{t: f.t, base: f.ts.URL, http: &http.Client{
		Jar:           jar,
		Timeout:       20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

// login signs in with a demo login name and fails the test otherwise.
func (f *fixture) login(login string) *client {
	f.t.Helper()
	c := f.anonymous()
	res, _ := c.post("/connexion", url.Values{"identifiant": {login}, "mot_de_passe": {demo.Password}})
	if res.StatusCode != http.StatusSeeOther {
		f.t.Fatalf("login %s: status %d", login, res.StatusCode)
	}
	if res.Header.Get("Location") == "/connexion/code" && login == demo.SecondFactorLogin {
		// The demo's enrolled pilot: the code step too.
		passCodeStep(f.t, c, demo.SecondFactorSecret)
	}
	return c
}

func (c *client) get(path string) (*http.Response, string) {
	c.t.Helper()
	return c.do(http.MethodGet, path, nil, nil)
}

func (c *client) post(path string, form url.Values, headers ...string) (*http.Response, string) {
	c.t.Helper()
	return c.do(http.MethodPost, path, form, headers)
}

func (c *client) do(method, path string, form url.Values, headers []string) (*http.Response, string) {
	c.t.Helper()
	if form != nil {
		headers = append([]string{"Content-Type", "application/x-www-form-urlencoded"}, headers...)
		return c.send(method, path, strings.NewReader(form.Encode()), headers)
	}
	return c.send(method, path, nil, headers)
}

func (c *client) doRaw(method, path, contentType, body string) (*http.Response, string) {
	c.t.Helper()
	return c.send(method, path, strings.NewReader(body), []string{"Content-Type", contentType})
}

func (c *client) send(method, path string, body io.Reader, headers []string) (*http.Response, string) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		c.t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatal(err)
	}
	return res, string(b)
}

// sessionCookie returns the session token the client holds.
func (c *client) sessionCookie() string {
	u, _ := url.Parse(c.base)
	for _, ck := range c.http.Jar.Cookies(u) {
		if ck.Name == "clts_session" {
			return ck.Value
		}
	}
	return ""
}

// scope is the database scope of the demo account login ("" for nobody)
// working in the demo committee slug ("" for none).
func (f *fixture) scope(slug, login string) postgres.Scope {
	f.t.Helper()
	sc := postgres.Scope{CommitteeID: f.committees[slug], AccountID: f.accounts[login]}
	if (slug != "" && sc.CommitteeID == 0) || (login != "" && sc.AccountID == 0) {
		f.t.Fatalf("no demo committee %q or account %q", slug, login)
	}
	return sc
}

// read runs fn in one read-only unit of work on behalf of login ("" for
// nobody) in committee slug ("" for none), and fails the test on error.
func (f *fixture) read(slug, login string, fn func(tx *postgres.Tx) error) {
	f.t.Helper()
	pgtest.MustRead(f.t, f.db.App, f.scope(slug, login), fn)
}

// write is read for a unit of work that changes data.
func (f *fixture) write(slug, login string, fn func(tx *postgres.Tx) error) {
	f.t.Helper()
	pgtest.MustWrite(f.t, f.db.App, f.scope(slug, login), fn)
}

// invite creates an invitation in committee slug directly in the store and
// returns its id; secret is the token whose hash is hash.
func (f *fixture) invite(slug, kind, email string, role clts.Role, expires time.Time, secret string, hash []byte) int64 {
	f.t.Helper()
	var id int64
	f.write(slug, "", func(tx *postgres.Tx) error {
		var err error
		id, err = tx.CreateInvitation(context.Background(), clts.Invitation{
			Kind: kind, Email: email, DisplayName: "Invitée", Role: role, ExpiresAt: expires,
		}, hash, nil)
		return err
	})
	return id
}

// assertAuditActionsNamed fails when an action the test wrote to the audit
// log has no French name: the journal would show its code to pilots.
func (f *fixture) assertAuditActionsNamed() {
	ctx := context.Background()
	var entries []clts.AuditEntry
	err := f.db.App.Read(ctx, postgres.Scope{Operator: true}, func(tx *postgres.Tx) error {
		var err error
		entries, err = tx.AuditLog(ctx, 100_000, 0)
		return err
	})
	if err != nil {
		f.t.Errorf("audit log: %v", err)
		return
	}
	seen := map[string]bool{}
	for _, e := range entries {
		if !seen[e.Action] && components.ActionLabel(e.Action) == e.Action {
			f.t.Errorf("audit action %q has no French name (web/components.ActionLabel)", e.Action)
		}
		seen[e.Action] = true
	}
}

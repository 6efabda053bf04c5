package server

import (
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// getRoutesWalk signs in every principal of the route matrix, makes the
// matrix's rows, and calls fn for each GET route of the matrix with its URL
// (the 37-41 ids) and, for a calendar feed, the secret of the principal.
func getRoutesWalk(t *testing.T, fn func(t *testing.T, route, target string, c *client, principal string)) {
	t.Helper()
	f := newFixture(t)
	clients := map[string]*client{}
	for _, p := range matrixPrincipals {
		if p.login == "" {
			clients[p.name] = f.anonymous()
		} else {
			clients[p.name] = f.login(p.login)
		}
	}
	own, _ := setupRouteMatrix(t, f, clients)
	for _, row := range routeMatrix() {
		method, pattern, _ := strings.Cut(row.route, " ")
		if method != http.MethodGet {
			continue
		}
		for _, p := range []string{"anonymous", "partenaire", "lead", "pilote"} {
			target := row.url(t, pattern, own)
			c := clients[p]
			if row.feed {
				c = f.anonymous()
				target += "?jeton=" + url.QueryEscape(own["feedToken:"+p])
			}
			fn(t, row.route, target, c, p)
		}
	}
}

// send0 sends a bodiless request as c and returns the response and its body.
func (c *client) send0(method, target string) (*http.Response, string) {
	c.t.Helper()
	req, err := http.NewRequest(method, c.base+target, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	res, err := c.http.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res, string(b)
}

// TestHeadAnswersEveryGetRoute (defect 9): HEAD, which load balancers and
// link checkers send, gets what GET gets without the body, on every GET
// route and for every kind of person, the probes included; it used to be a
// 405 everywhere.
func TestHeadAnswersEveryGetRoute(t *testing.T) {
	t.Parallel()
	getRoutesWalk(t, func(t *testing.T, route, target string, c *client, who string) {
		c.t = t
		head, body := c.send0(http.MethodHead, target)
		get, _ := c.send0(http.MethodGet, target)
		if head.StatusCode != get.StatusCode || head.Header.Get("Location") != get.Header.Get("Location") ||
			head.Header.Get("Content-Type") != get.Header.Get("Content-Type") {
			t.Errorf("%s as %s: HEAD %s = %d %q %q, GET = %d %q %q", route, who, target,
				head.StatusCode, head.Header.Get("Location"), head.Header.Get("Content-Type"),
				get.StatusCode, get.Header.Get("Location"), get.Header.Get("Content-Type"))
		}
		if body != "" {
			t.Errorf("%s as %s: HEAD answered a body of %d bytes", route, who, len(body))
		}
	})
}

// TestAnswersToPeopleAreNotStored (defect 9): every answer to a signed-in
// person, and every page behind the session (the login, reset and
// invitation forms carry secrets), says Cache-Control: private, no-store,
// so that a shared computer's browser keeps none of it. Fingerprinted
// assets, the probes and the calendar feeds (no session) are not concerned,
// nor the public national news feed (shared caches may keep it; it never
// sets a cookie); a committee's news feed, behind a member's secret, is
// private, no-store like the pages. An institution's logo may stay a few
// minutes in the browser's own cache.
func TestAnswersToPeopleAreNotStored(t *testing.T) {
	t.Parallel()
	getRoutesWalk(t, func(t *testing.T, route, target string, c *client, who string) {
		c.t = t
		switch {
		case strings.HasPrefix(route, "GET /static/"), route == "GET /healthz", route == "GET /readyz",
			route == "GET /agenda.ics", route == "GET /agenda/{slug}.ics":
			return
		case route == "GET /actualites.atom":
			// The national news feed is public and outside any session:
			// shared caches may keep it, so it must never set a cookie.
			res, _ := c.send0(http.MethodGet, target)
			if cc := res.Header.Get("Cache-Control"); !strings.HasPrefix(cc, "public") || res.Header.Get("Set-Cookie") != "" {
				t.Errorf("%s as %s: Cache-Control %q, Set-Cookie %q; want public, no cookie", route, who, cc, res.Header.Get("Set-Cookie"))
			}
			return
		}
		res, _ := c.send0(http.MethodGet, target)
		cc := res.Header.Get("Cache-Control")
		switch {
		case strings.Contains(cc, "no-store") && (strings.Contains(cc, "private") || who != "anonymous"):
		case strings.HasPrefix(res.Header.Get("Content-Type"), "image/") && strings.Contains(cc, "private"):
		default:
			t.Errorf("%s as %s: GET %s = %d with Cache-Control %q, want private, no-store", route, who, target, res.StatusCode, cc)
		}
	})
}

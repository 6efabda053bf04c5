package server

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/demo"
)

// withEnv returns the fixture served by a second portal on the same
// database, configured with env.
func (f *fixture) withEnv(t *testing.T, env map[string]string) *fixture {
	t.Helper()
	g := *f
	g.srv, g.ts = newTestServerDB(t, env, f.db.App)
	return &g
}

// holding is a browser that sends token as its session cookie, whatever
// the cookie's expiry said: someone who kept an old cookie.
func (f *fixture) holding(token string) *client {
	c := f.anonymous()
	u, err := url.Parse(f.ts.URL)
	if err != nil {
		f.t.Fatal(err)
	}
	jar, _ := cookiejar.New(nil)
	jar.SetCookies(u, []*http.Cookie{{Name: "clts_session", Value: token, Path: "/"}})
	c.http.Jar = jar
	return c
}

// assertSignedOut fails unless c's next page sends it to the login page.
func assertSignedOut(t *testing.T, c *client, why string) {
	t.Helper()
	res, _ := c.get("/compte")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/connexion") {
		t.Errorf("%s: GET /compte = %d %q, want a redirect to the login page", why, res.StatusCode, res.Header.Get("Location"))
	}
}

// sessionSetCookie is the session cookie a response sets.
func sessionSetCookie(t *testing.T, res *http.Response) *http.Cookie {
	t.Helper()
	for _, ck := range res.Cookies() {
		if ck.Name == "clts_session" {
			return ck
		}
	}
	t.Fatalf("the response sets no session cookie (Set-Cookie: %q)", res.Header.Values("Set-Cookie"))
	return nil
}

// TestSessionCookieFlags: the session cookie is out of reach of scripts
// (HttpOnly), not sent with cross-site requests other than top-level
// navigation (SameSite=Lax), for the whole site, and Secure when the portal
// is served over https.
func TestSessionCookieFlags(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, tc := range []struct {
		name   string
		f      *fixture
		secure bool
	}{
		{"HTTP", f, false},
		{"HTTPS", f.withEnv(t, map[string]string{"BASE_URL": "https://clts.example.fr"}), true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			c := tc.f.anonymous()
			res, _ := c.post("/connexion", url.Values{"identifiant": {"partenaire"}, "mot_de_passe": {demo.Password}})
			if res.StatusCode != http.StatusSeeOther {
				t.Fatalf("login = %d", res.StatusCode)
			}
			ck := sessionSetCookie(t, res)
			if !ck.HttpOnly {
				t.Error("the session cookie is not HttpOnly")
			}
			if ck.SameSite != http.SameSiteLaxMode {
				t.Errorf("the session cookie's SameSite is %v, want Lax", ck.SameSite)
			}
			if ck.Path != "/" {
				t.Errorf("the session cookie's path is %q, want /", ck.Path)
			}
			if ck.Secure != tc.secure {
				t.Errorf("the session cookie's Secure is %v, want %v", ck.Secure, tc.secure)
			}
		})
	}
}

// TestSessionLifetimeEndsAnActiveSession: SESSION_LIFETIME ends a session
// however active it is, even for someone who keeps sending its cookie after
// the browser would have dropped it.
func TestSessionLifetimeEndsAnActiveSession(t *testing.T) {
	t.Parallel()
	const lifetime = 3 * time.Second
	g := newFixture(t).withEnv(t, map[string]string{"SESSION_LIFETIME": lifetime.String()})
	c := g.anonymous()
	start := time.Now()
	res, _ := c.post("/connexion", url.Values{"identifiant": {"professionnel"}, "mot_de_passe": {demo.Password}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login = %d", res.StatusCode)
	}
	signedIn := time.Now()
	token := c.sessionCookie()
	var active, ended int
	for time.Since(signedIn) < lifetime+1500*time.Millisecond {
		at := time.Now()
		res, _ := g.holding(token).get("/compte")
		switch {
		case at.Before(start.Add(lifetime - 500*time.Millisecond)):
			// Well within the lifetime: a page every 200 ms keeps it active.
			if res.StatusCode != http.StatusOK {
				t.Fatalf("%v after login, within SESSION_LIFETIME: GET /compte = %d, want 200", at.Sub(start), res.StatusCode)
			}
			active++
		case at.After(signedIn.Add(lifetime + 200*time.Millisecond)):
			if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/connexion") {
				t.Fatalf("%v after login, past SESSION_LIFETIME: GET /compte = %d, want a redirect to the login page",
					at.Sub(start), res.StatusCode)
			}
			ended++
		}
		time.Sleep(200 * time.Millisecond)
	}
	if active == 0 || ended == 0 {
		t.Fatalf("%d requests within the lifetime and %d after it: the machine is too slow for this test", active, ended)
	}
}

// TestRoleChangeEndsOtherSessions: a pilot changing a member's role ends
// the member's open session at its next request.
func TestRoleChangeEndsOtherSessions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	partner, pilot := f.login("partenaire"), f.login("pilote")
	if res, _ := partner.get("/compte"); res.StatusCode != http.StatusOK {
		t.Fatalf("partner before = %d", res.StatusCode)
	}
	mustSeeOther(t, pilot, "/c/37-41/membres/"+itoa(f.accounts["partenaire"])+"/role", url.Values{"role": {string(clts.RoleProfessionnel)}})
	assertSignedOut(t, partner, "the member's session after a role change")
	if res, _ := pilot.get("/compte"); res.StatusCode != http.StatusOK {
		t.Errorf("the pilot's own session after changing someone's role: %d, want 200", res.StatusCode)
	}
}

// TestPasswordResetEndsOtherSessions: a password set through a reset link
// ends every open session of the account (someone who knew the old
// password is out).
func TestPasswordResetEndsOtherSessions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	laptop := f.login("professionnel")
	c := f.anonymous()
	if res, _ := c.post("/mot-de-passe-oublie", url.Values{"email": {"professionnel@demo.test"}}); res.StatusCode != http.StatusOK {
		t.Fatalf("reset request = %d", res.StatusCode)
	}
	link := f.lastMailLink("professionnel@demo.test")
	token, _ := url.QueryUnescape(strings.TrimPrefix(link, "/nouveau-mot-de-passe?jeton="))
	mustSeeOther(t, c, "/nouveau-mot-de-passe", url.Values{"jeton": {token}, "nouveau": {"nouvelle phrase secrète"}, "confirmation": {"nouvelle phrase secrète"}})
	assertSignedOut(t, laptop, "an open session after a password reset")
}

// TestTokenRenewedAtEachPrivilegeChange: the session token changes after
// the second-factor step, on accepting an invitation (new account or
// existing member) and on a password change; the token held before no
// longer signs anyone in, so a token planted or seen before the change
// (session fixation) is worth nothing after it.
func TestTokenRenewedAtEachPrivilegeChange(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	renewed := func(t *testing.T, before string, c *client) {
		t.Helper()
		after := c.sessionCookie()
		if before == "" || after == "" || after == before {
			t.Fatalf("session token before %q, after %q: want a new one", before, after)
		}
		if res, _ := c.get("/compte"); res.StatusCode != http.StatusOK {
			t.Errorf("with the new token GET /compte = %d, want 200", res.StatusCode)
		}
		assertSignedOut(t, f.holding(before), "the token held before the change")
	}

	t.Run("SecondFactorStep", func(t *testing.T) {
		c := f.anonymous()
		if loc := password(t, c, demo.SecondFactorLogin); loc != "/connexion/code" {
			t.Fatalf("after the password, sent to %q, want the code step", loc)
		}
		before := c.sessionCookie()
		passCodeStep(t, c, demo.SecondFactorSecret)
		renewed(t, before, c)
	})
	t.Run("InvitationNewAccount", func(t *testing.T) {
		secret := auth.NewToken()
		f.invite("37-41", clts.InvitationEmail, "camille@exemple.fr", clts.RoleProfessionnel, time.Now().Add(time.Hour), secret, auth.HashToken(secret))
		c := f.anonymous()
		c.post("/deconnexion", url.Values{}) // leaves a flash message: a session exists before
		before := c.sessionCookie()
		mustSeeOther(t, c, "/invitation", url.Values{"jeton": {secret}, "nom": {"Camille Petit"}, "identifiant": {"camille.petit"},
			"mot_de_passe": {"une phrase assez longue"}, "confirmation": {"une phrase assez longue"}})
		renewed(t, before, c)
	})
	t.Run("InvitationExistingAccount", func(t *testing.T) {
		secret := auth.NewToken()
		f.invite("37-41", clts.InvitationEmail, "pilote@autre.test", clts.RolePartenaire, time.Now().Add(time.Hour), secret, auth.HashToken(secret))
		c := f.login("pilote-autre")
		before := c.sessionCookie()
		mustSeeOther(t, c, "/invitation", url.Values{"jeton": {secret}})
		renewed(t, before, c)
		if res, _ := c.get("/c/37-41/"); res.StatusCode != http.StatusOK {
			t.Errorf("the new member's committee page = %d, want 200", res.StatusCode)
		}
	})
	t.Run("PasswordChange", func(t *testing.T) {
		c := f.login("accompagne")
		before := c.sessionCookie()
		mustSeeOther(t, c, "/compte/mot-de-passe", url.Values{"actuel": {demo.Password}, "nouveau": {"une phrase de passe"},
			"confirmation": {"une phrase de passe"}})
		renewed(t, before, c)
	})
}

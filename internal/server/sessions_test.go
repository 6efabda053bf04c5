package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/demo"
	"github.com/portail-clts/clts/internal/postgres"
)

func TestSessionTokenChangesAtLogin(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.anonymous()
	c.post("/deconnexion", url.Values{}) // leaves a flash message: a session exists before login
	before := c.sessionCookie()
	if before == "" {
		t.Fatal("no session before login")
	}
	res, _ := c.post("/connexion", url.Values{"identifiant": {"pilote@demo.test"}, "mot_de_passe": {demo.Password}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login = %d", res.StatusCode)
	}
	after := c.sessionCookie()
	if after == "" || after == before {
		t.Fatalf("session token before %q, after login %q: want a new one", before, after)
	}
	// The login name works as well as the address, case-insensitively.
	if res, _ := f.anonymous().post("/connexion", url.Values{"identifiant": {"ACCOMPAGNE"}, "mot_de_passe": {demo.Password}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("login by login name = %d, want 303", res.StatusCode)
	}
	// Logging out renews the token and ends the session.
	res, _ = c.post("/deconnexion", url.Values{})
	if res.StatusCode != http.StatusSeeOther || c.sessionCookie() == after {
		t.Errorf("logout = %d, token %q: want 303 and a new token", res.StatusCode, c.sessionCookie())
	}
	if res, _ := c.get("/compte"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("after logout GET /compte = %d, want a redirect to login", res.StatusCode)
	}
}

func TestDeactivatedMemberIsLoggedOutAtOnce(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	partner := f.login("partenaire")
	if res, _ := partner.get("/c/37-41/"); res.StatusCode != http.StatusOK {
		t.Fatalf("partner before = %d", res.StatusCode)
	}
	pilot := f.login("pilote")
	res, _ := pilot.post(fmt.Sprintf("/c/37-41/membres/%d/statut", f.accounts["partenaire"]), url.Values{"actif": {"non"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivate = %d", res.StatusCode)
	}
	// The very next request of the partner's open session finds it closed.
	res, _ = partner.get("/compte")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/connexion") {
		t.Fatalf("partner's session after deactivation: %d %s, want a redirect to login", res.StatusCode, res.Header.Get("Location"))
	}
	// Logging in again works (the account lives) but the committee is gone.
	again := f.login("partenaire")
	if res, _ := again.get("/c/37-41/"); res.StatusCode != http.StatusNotFound {
		t.Errorf("deactivated member GET committee = %d, want 404", res.StatusCode)
	}
	// The pilot's log shows who did it.
	_, body := pilot.get("/c/37-41/journal")
	if !strings.Contains(body, "Désactivation") || !strings.Contains(body, "Claire Martin") {
		t.Errorf("the committee log does not show the deactivation by the pilot")
	}
}

func TestLogoutEverywhere(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	laptop, phone := f.login("professionnel"), f.login("professionnel")
	if res, _ := phone.post("/compte/deconnexion-partout", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("logout everywhere = %d", res.StatusCode)
	}
	for name, c := range map[string]*client{"laptop": laptop, "phone": phone} {
		if res, _ := c.get("/compte"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("%s after logout everywhere: GET /compte = %d, want redirect", name, res.StatusCode)
		}
	}
}

func TestPasswordChange(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	me, other := f.login("accompagne"), f.login("accompagne")
	t.Run("ErrInvalid", func(t *testing.T) {
		res, body := me.post("/compte/mot-de-passe", url.Values{"actuel": {"faux"}, "nouveau": {"court"}, "confirmation": {"autre"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("status %d", res.StatusCode)
		}
		doc := parse(t, body)
		for _, id := range []string{"f-actuel", "f-nouveau", "f-confirmation"} {
			in := doc.Find("#" + id)
			if d, _ := in.Attr("aria-describedby"); !strings.Contains(d, id+"-error") {
				t.Errorf("%s: aria-describedby %q does not name its error", id, d)
			}
			if doc.Find("#"+id+"-error").Length() != 1 {
				t.Errorf("%s: no error message", id)
			}
		}
		if doc.Find(".error-summary a").Length() != 3 {
			t.Errorf("error summary lists %d errors, want 3", doc.Find(".error-summary a").Length())
		}
	})
	t.Run("OK", func(t *testing.T) {
		res, _ := me.post("/compte/mot-de-passe", url.Values{"actuel": {demo.Password}, "nouveau": {"une phrase de passe"}, "confirmation": {"une phrase de passe"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("status %d", res.StatusCode)
		}
		if res, _ := me.get("/compte"); res.StatusCode != http.StatusOK {
			t.Errorf("this session after the change: %d, want 200", res.StatusCode)
		}
		if res, _ := other.get("/compte"); res.StatusCode != http.StatusSeeOther {
			t.Errorf("other session after the change: %d, want logged out", res.StatusCode)
		}
		res, _ = f.anonymous().post("/connexion", url.Values{"identifiant": {"accompagne"}, "mot_de_passe": {"une phrase de passe"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("login with the new password = %d", res.StatusCode)
		}
	})
}

func TestCrossOriginPostIsRefused(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	path := fmt.Sprintf("/c/37-41/membres/%d/statut", f.accounts["partenaire"])
	form := url.Values{"actif": {"non"}}
	for _, h := range [][]string{
		{"Origin", "https://pirate.example"},
		{"Sec-Fetch-Site", "cross-site"},
	} {
		res, body := pilot.post(path, form, h...)
		if res.StatusCode != http.StatusForbidden {
			t.Errorf("POST with %s: %s = %d, want 403", h[0], h[1], res.StatusCode)
		}
		assertErrorPage(t, res, body, http.StatusForbidden, "Accès refusé")
	}
	var m *clts.Membership
	err := f.db.App.Read(context.Background(), f.scope("37-41", ""), func(tx *postgres.Tx) error {
		var err error
		m, err = tx.Membership(context.Background(), f.accounts["partenaire"])
		return err
	})
	if err != nil || !m.Active {
		t.Fatalf("the cross-origin request deactivated the member: %+v %v", m, err)
	}
	// The same request from the portal's own pages goes through.
	res, _ := pilot.post(path, form, "Origin", f.ts.URL, "Sec-Fetch-Site", "same-origin")
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("same-origin POST = %d, want 303", res.StatusCode)
	}
}

// Someone using a session left open cannot guess the current password on
// the account page more freely than at login.
func TestCurrentPasswordGuessesAreThrottled(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	me := f.login("professionnel")
	for i := 0; i < auth.LockAfter; i++ {
		me.post("/compte/mot-de-passe", url.Values{"actuel": {"faux"}, "nouveau": {"une phrase de passe"}, "confirmation": {"une phrase de passe"}})
	}
	res, _ := me.post("/compte/mot-de-passe", url.Values{"actuel": {demo.Password}, "nouveau": {"une phrase de passe"}, "confirmation": {"une phrase de passe"}})
	if res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("after %d wrong current passwords, the right one gets %d, want 429", auth.LockAfter, res.StatusCode)
	}
}

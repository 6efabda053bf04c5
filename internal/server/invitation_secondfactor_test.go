package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
)

// TestInvitedPilotMustEnrol: with TOTP_REQUIRED naming pilots, a new account
// made from a pilot's invitation is not signed in by its password alone: it
// goes to the second factor's enrolment, as a sign-in of a pilot without
// one does, and reaches its committee once enrolled. A partner invited
// alike is signed in at once.
func TestInvitedPilotMustEnrol(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.srv, f.ts = newTestServerDB(t, map[string]string{"TOTP_REQUIRED": "pilote"}, f.db.App)
	accept := func(c *client, email string, role clts.Role, login string) *http.Response {
		t.Helper()
		link := auth.NewToken()
		f.invite("37-41", clts.InvitationEmail, email, role, time.Now().Add(time.Hour), "", auth.HashToken(link))
		res, _ := c.post("/invitation", url.Values{"jeton": {link}, "nom": {"Nouvelle Personne"}, "identifiant": {login},
			"mot_de_passe": {"mon chat s'appelle Filou"}, "confirmation": {"mon chat s'appelle Filou"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("accepting a %s invitation: %d, want 303", role, res.StatusCode)
		}
		return res
	}

	partner := f.anonymous()
	if loc := accept(partner, "partenaire.invitee@example.org", clts.RolePartenaire, "partenaire-invitee").Header.Get("Location"); loc != "/c/37-41/" {
		t.Errorf("an invited partner is sent to %q, want the committee", loc)
	}

	c := f.anonymous()
	if loc := accept(c, "pilote.invitee@example.org", clts.RolePilote, "pilote-invitee").Header.Get("Location"); loc != "/connexion/double-authentification" {
		t.Fatalf("an invited pilot is sent to %q, want the enrolment", loc)
	}
	for _, path := range []string{"/c/37-41/", "/compte"} {
		if res, _ := c.get(path); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/connexion/double-authentification" {
			t.Errorf("before enrolling, GET %s = %d to %q, want the enrolment", path, res.StatusCode, res.Header.Get("Location"))
		}
	}
	res, page := c.get("/connexion/double-authentification")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("enrolment page: %d", res.StatusCode)
	}
	secret := strings.ReplaceAll(parse(t, page).Find("code.secret-key").Text(), " ", "")
	res, body := c.post("/connexion/double-authentification", url.Values{"code": {totpCode(t, secret, time.Now())}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("confirming the enrolment: %d", res.StatusCode)
	}
	if href, _ := parse(t, body).Find(`a.button`).Attr("href"); href != "/c/37-41/" {
		t.Errorf("after enrolling, the page leads to %q, want the committee", href)
	}
	if res, _ := c.get("/c/37-41/"); res.StatusCode != http.StatusOK {
		t.Errorf("after enrolling, committee home = %d", res.StatusCode)
	}
}

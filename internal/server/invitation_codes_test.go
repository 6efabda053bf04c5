package server

import (
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
)

// TestLoginFailuresDoNotPauseInvitationCodes: code guesses have a key space
// of their own, which no login name reaches. Failed logins typed as
// "code-invitation", the name code guesses are recorded under, from many
// addresses and past the code limit, do not stop a right code.
func TestLoginFailuresDoNotPauseInvitationCodes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	const code = "K7MP-Q9XA"
	f.invite("37-41", clts.InvitationCode, "", clts.RoleAccompagne, time.Now().Add(time.Hour), "", auth.HashToken(auth.NormalizeCode(code)))

	c := f.anonymous()
	if res, _ := c.post("/connexion", url.Values{"identifiant": {"code-invitation"}, "mot_de_passe": {"pas le bon mot de passe"}}); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("a login typed as code-invitation: %d, want 401", res.StatusCode)
	}
	const addresses = 8
	for i := 0; i < addresses; i++ {
		failFrom(t, f, fmt.Sprintf("198.51.100.%d", i), "code-invitation", maxCodeFailures/addresses)
	}
	if res, _ := c.post("/invitation/code", url.Values{"code": {code}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the right code after %d failed logins typed as code-invitation: %d, want 303", maxCodeFailures+1, res.StatusCode)
	}
	if res, _ := c.get("/invitation?code=" + url.QueryEscape(code)); res.StatusCode != http.StatusOK {
		t.Errorf("the invitation page of the right code: %d, want 200", res.StatusCode)
	}
}

package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/demo"
)

// TestLoginFailuresAreNeutralAndThrottled: a wrong password for an existing
// account and any password for a missing one get the same answer; repeated
// failures are then refused, even with the right password.
func TestLoginFailuresAreNeutralAndThrottled(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.anonymous()
	message := func(body string) string { return strings.TrimSpace(parse(t, body).Find(".notice-error").Text()) }

	resWrong, wrong := c.post("/connexion", url.Values{"identifiant": {"partenaire@demo.test"}, "mot_de_passe": {"mauvais mot de passe"}})
	resNobody, nobody := c.post("/connexion", url.Values{"identifiant": {"personne@demo.test"}, "mot_de_passe": {"mauvais mot de passe"}})
	if resWrong.StatusCode != resNobody.StatusCode || message(wrong) != message(nobody) || message(wrong) == "" {
		t.Fatalf("wrong password: %d %q; unknown account: %d %q — want the same answer",
			resWrong.StatusCode, message(wrong), resNobody.StatusCode, message(nobody))
	}
	if v, _ := parse(t, wrong).Find("#f-identifiant").Attr("value"); v != "partenaire@demo.test" {
		t.Errorf("the typed login is not kept: %q", v)
	}

	// Up to the lock threshold, then refused even with the right password.
	for i := 1; i < auth.LockAfter; i++ {
		c.post("/connexion", url.Values{"identifiant": {"partenaire@demo.test"}, "mot_de_passe": {"encore faux"}})
	}
	res, body := c.post("/connexion", url.Values{"identifiant": {"partenaire@demo.test"}, "mot_de_passe": {demo.Password}})
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("after %d failures, the right password gets %d, want 429", auth.LockAfter, res.StatusCode)
	}
	if !strings.Contains(message(body), "patientez") {
		t.Errorf("refusal message %q does not say to wait", message(body))
	}
	// Throttling an unknown account looks the same: nothing tells it apart.
	for i := 0; i < auth.LockAfter; i++ {
		c.post("/connexion", url.Values{"identifiant": {"personne@demo.test"}, "mot_de_passe": {"x"}})
	}
	res2, body2 := c.post("/connexion", url.Values{"identifiant": {"personne@demo.test"}, "mot_de_passe": {"x"}})
	if res2.StatusCode != res.StatusCode || message(body2) != message(body) {
		t.Errorf("locked unknown account: %d %q; locked real account: %d %q", res2.StatusCode, message(body2), res.StatusCode, message(body))
	}
	// Another person is not locked out by it.
	if res, _ := f.anonymous().post("/connexion", url.Values{"identifiant": {"pilote"}, "mot_de_passe": {demo.Password}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("another account's login = %d, want 303", res.StatusCode)
	}
	// Every attempt is in the national log.
	op := f.login("operateur")
	_, logBody := op.get("/exploitation/journal")
	if !strings.Contains(logBody, "Échec de connexion") || !strings.Contains(logBody, "partenaire@demo.test (mot de passe incorrect)") {
		t.Errorf("the national log does not record the failed logins")
	}
}

func TestLoginReturnsToRequestedPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.anonymous()
	res, _ := c.get("/c/37-41/membres")
	loc := res.Header.Get("Location")
	if !strings.HasPrefix(loc, "/connexion?retour=") {
		t.Fatalf("anonymous GET = %d %q", res.StatusCode, loc)
	}
	res, _ = c.post("/connexion", url.Values{"identifiant": {"pilote"}, "mot_de_passe": {demo.Password}, "retour": {"/c/37-41/membres"}})
	if got := res.Header.Get("Location"); got != "/c/37-41/membres" {
		t.Errorf("after login: %q, want the page asked for", got)
	}
	res, _ = f.anonymous().post("/connexion", url.Values{"identifiant": {"pilote"}, "mot_de_passe": {demo.Password}, "retour": {"//pirate.example/"}})
	if got := res.Header.Get("Location"); strings.Contains(got, "pirate") {
		t.Errorf("login returns to another site: %q", got)
	}
}

package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/demo"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// countHashChecks makes the test the keeper of the server's argon2id slots
// (an unbuffered channel: each check waits for the test to take its slot)
// and returns the number of password checks begun so far. Call it before
// the fixture's first request.
func countHashChecks(t *testing.T, f *fixture) func() int64 {
	t.Helper()
	slots := make(chan struct{})
	f.srv.hashSlots = slots
	var n atomic.Int64
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-slots: // a check takes the slot
				n.Add(1)
				select {
				case slots <- struct{}{}: // and gives it back
				case <-done:
					return
				}
			case <-done:
				return
			}
		}
	}()
	t.Cleanup(func() { close(done) })
	return n.Load
}

// loginFailures is the number of failed logins recorded under a typed
// identifier (as typed, case aside).
func loginFailures(t *testing.T, f *fixture, identifier string) int {
	t.Helper()
	var n int
	if err := f.db.App.Pool().QueryRow(context.Background(), `SELECT count(*) FROM login_attempts
		WHERE identifier = lower($1) AND NOT success`, identifier).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

// failFrom records n failed logins under identifier from address ip, as
// guesses sent from elsewhere would.
func failFrom(t *testing.T, f *fixture, ip, identifier string, n int) {
	t.Helper()
	ctx := context.Background()
	for i := 0; i < n; i++ {
		pgtest.MustWrite(t, f.db.App, postgres.Scope{IP: ip}, func(tx *postgres.Tx) error {
			if _, _, err := tx.BeginLogin(ctx, identifier, time.Now().Add(-auth.ThrottleWindow)); err != nil {
				return err
			}
			return tx.FinishLogin(ctx, identifier, identifier, 0, false, "essai")
		})
	}
}

func noticeText(t *testing.T, body string) string {
	t.Helper()
	return strings.TrimSpace(parse(t, body).Find(".notice-error").Text())
}

// TestInvitationCodeGuessesThroughTheLinkAreThrottled: a printed sheet's
// code typed into the link's parameter (/invitation?jeton=…, POST
// /invitation) is a guess like one typed into the code form: wrong ones are
// recorded and refused after the limit, and once code entry is locked the
// right code works by no path, while an e-mailed link still does.
func TestInvitationCodeGuessesThroughTheLinkAreThrottled(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	const code = "K7MP-Q9XA"
	f.invite("37-41", clts.InvitationCode, "", clts.RoleAccompagne, time.Now().Add(time.Hour), "", auth.HashToken(auth.NormalizeCode(code)))
	link := auth.NewToken()
	f.invite("37-41", clts.InvitationEmail, "nouvelle@example.org", clts.RolePartenaire, time.Now().Add(time.Hour), "", auth.HashToken(link))
	c := f.anonymous()

	for i := 0; i < auth.LockAfter; i++ {
		guess := fmt.Sprintf("ZZZZQ%03d", 222+i)
		if res, _ := c.get("/invitation?jeton=" + guess); res.StatusCode != http.StatusNotFound {
			t.Fatalf("wrong code %s in the link: %d, want 404", guess, res.StatusCode)
		}
	}
	if n := loginFailures(t, f, codeAttempt); n != auth.LockAfter {
		t.Errorf("%d wrong codes in the link recorded, want %d", n, auth.LockAfter)
	}
	if res, _ := c.get("/invitation?jeton=ZZZZQ999"); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a guess in the link after %d wrong ones: %d, want 429", auth.LockAfter, res.StatusCode)
	}

	// Locked: the right code works by no path.
	right := auth.NormalizeCode(code)
	accept := url.Values{"nom": {"Marie"}, "identifiant": {"marie41"},
		"mot_de_passe": {"mon chat s'appelle Filou"}, "confirmation": {"mon chat s'appelle Filou"}}
	for name, send := range map[string]func() *http.Response{
		"GET jeton":        func() *http.Response { res, _ := c.get("/invitation?jeton=" + right); return res },
		"GET code":         func() *http.Response { res, _ := c.get("/invitation?code=" + code); return res },
		"POST code form":   func() *http.Response { res, _ := c.post("/invitation/code", url.Values{"code": {code}}); return res },
		"POST jeton":       func() *http.Response { accept.Set("jeton", right); res, _ := c.post("/invitation", accept); return res },
		"POST jeton, dash": func() *http.Response { accept.Set("jeton", code); res, _ := c.post("/invitation", accept); return res },
	} {
		if res := send(); res.StatusCode != http.StatusTooManyRequests {
			t.Errorf("%s with the right code while code entry is locked: %d, want 429", name, res.StatusCode)
		}
	}
	if countAccounts(t, f, "marie41") != 0 {
		t.Error("the right code created an account while code entry was locked")
	}
	// An e-mailed link cannot be guessed: it is not held up by the codes.
	if res, _ := c.get("/invitation?jeton=" + url.QueryEscape(link)); res.StatusCode != http.StatusOK {
		t.Errorf("an e-mailed link while code entry is locked: %d, want 200", res.StatusCode)
	}
}

// TestPasswordResetLiftsTheLoginLock: someone failing with a person's login
// name locks it (guessing stays refused, even with the right password); the
// refusal says what to do, and a successful reset lets the person in.
func TestPasswordResetLiftsTheLoginLock(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	failFrom(t, f, "203.0.113.9", "partenaire", auth.LockAfter)
	failFrom(t, f, "203.0.113.9", "partenaire@demo.test", auth.LockAfter)

	c := f.anonymous()
	for _, who := range []string{"partenaire", "partenaire@demo.test"} {
		res, body := c.post("/connexion", url.Values{"identifiant": {who}, "mot_de_passe": {demo.Password}})
		if res.StatusCode != http.StatusTooManyRequests {
			t.Fatalf("%s after %d failures, right password: %d, want 429", who, auth.LockAfter, res.StatusCode)
		}
		msg := noticeText(t, body)
		for _, want := range []string{"Mot de passe oublié", "15 minutes"} {
			if !strings.Contains(msg, want) {
				t.Errorf("refusal %q does not say %q", msg, want)
			}
		}
	}

	if res, _ := c.post("/mot-de-passe-oublie", url.Values{"email": {"partenaire@demo.test"}}); res.StatusCode != http.StatusOK {
		t.Fatalf("reset request: %d", res.StatusCode)
	}
	link := f.lastMailLink("partenaire@demo.test")
	token, _ := url.QueryUnescape(strings.TrimPrefix(link, "/nouveau-mot-de-passe?jeton="))
	form := url.Values{"jeton": {token}, "nouveau": {"une toute nouvelle phrase"}, "confirmation": {"une toute nouvelle phrase"}}
	if res, _ := c.post("/nouveau-mot-de-passe", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: %d", res.StatusCode)
	}
	for _, who := range []string{"partenaire", "partenaire@demo.test"} {
		if res, _ := f.anonymous().post("/connexion", url.Values{"identifiant": {who}, "mot_de_passe": {"une toute nouvelle phrase"}}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("%s after a successful reset: %d, want 303", who, res.StatusCode)
		}
	}
	// Someone else's failures are theirs: the reset did not clear them.
	failFrom(t, f, "203.0.113.9", "pilote41", auth.LockAfter)
	if res, _ := f.anonymous().post("/connexion", url.Values{"identifiant": {"pilote41"}, "mot_de_passe": {demo.Password}}); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("another locked name: %d, want 429", res.StatusCode)
	}
}

// TestSharedAddressDoesNotLockEveryone: a whole office behind one address
// (its proxy) made 60 failed logins; the colleagues still log in, slowed
// down, and a name that failed too often is still refused.
func TestSharedAddressDoesNotLockEveryone(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for i := 0; i < 60; i++ {
		failFrom(t, f, "127.0.0.1", fmt.Sprintf("collegue%02d", i), 1)
	}
	failFrom(t, f, "127.0.0.1", "pilote41", auth.LockAfter)
	for _, who := range []string{"pilote", "professionnel@demo.test"} {
		if res, _ := f.anonymous().post("/connexion", url.Values{"identifiant": {who}, "mot_de_passe": {demo.Password}}); res.StatusCode != http.StatusSeeOther {
			t.Errorf("%s behind an address with 60 failures: %d, want 303", who, res.StatusCode)
		}
	}
	if res, _ := f.anonymous().post("/connexion", url.Values{"identifiant": {"pilote41"}, "mot_de_passe": {demo.Password}}); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a name with %d failures: %d, want 429", auth.LockAfter, res.StatusCode)
	}
}

// TestLoginFailuresDoNotLinkEmailAndLogin: a wrong password typed with an
// account's e-mail address, with its login name, or with a name nobody has
// gets the same answer, costs one argon2id check, and is recorded under
// what was typed only; failures typed as the e-mail lock the e-mail as
// they lock an unknown name, and leave the login name untouched, so that
// neither the answers nor their time link the two.
func TestLoginFailuresDoNotLinkEmailAndLogin(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	checks := countHashChecks(t, f)
	c := f.anonymous()
	type outcome struct {
		status  int
		message string
	}
	fail := func(who string) outcome {
		res, body := c.post("/connexion", url.Values{"identifiant": {who}, "mot_de_passe": {"pas le bon"}})
		return outcome{res.StatusCode, noticeText(t, body)}
	}
	const email, login, unknown = "partenaire@demo.test", "partenaire", "personne.inconnue"
	var first []outcome
	for _, who := range []string{email, login, unknown} {
		before := checks()
		first = append(first, fail(who))
		if n := checks() - before; n != 1 {
			t.Errorf("a wrong password for %s ran %d argon2id checks, want 1", who, n)
		}
		if n := loginFailures(t, f, who); n != 1 {
			t.Errorf("%s: %d failures recorded, want 1", who, n)
		}
	}
	if first[0] != first[1] || first[0] != first[2] || first[0].status != http.StatusUnauthorized {
		t.Errorf("e-mail %+v, login name %+v, unknown %+v: want the same 401", first[0], first[1], first[2])
	}

	// The e-mail and the unknown name fail until locked, side by side.
	var wg sync.WaitGroup
	locked := make([]outcome, 2)
	for i, who := range []string{email, unknown} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			c := f.anonymous()
			for j := 1; j < auth.LockAfter; j++ {
				c.post("/connexion", url.Values{"identifiant": {who}, "mot_de_passe": {"pas le bon"}})
			}
			res, body := c.post("/connexion", url.Values{"identifiant": {who}, "mot_de_passe": {"pas le bon"}})
			locked[i] = outcome{res.StatusCode, noticeText(t, body)}
		}()
	}
	wg.Wait()
	if locked[0] != locked[1] || locked[0].status != http.StatusTooManyRequests {
		t.Errorf("locked e-mail %+v, locked unknown name %+v: want the same 429", locked[0], locked[1])
	}
	if a, b := loginFailures(t, f, email), loginFailures(t, f, unknown); a != b {
		t.Errorf("failures recorded: e-mail %d, unknown name %d, want the same", a, b)
	}
	if n := loginFailures(t, f, login); n != 1 {
		t.Errorf("failures typed as the e-mail counted against the login name: %d, want 1", n)
	}
	// The login name was never locked: the person gets in with it.
	if res, _ := f.anonymous().post("/connexion", url.Values{"identifiant": {login}, "mot_de_passe": {demo.Password}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the login name after the e-mail was locked: %d, want 303", res.StatusCode)
	}
}

// TestLogoutEverywhereVoidsCalendarFeed: "log out everywhere" also voids the
// calendar feed secret (an old link would keep showing the person's
// meetings), and the account page says so.
func TestLogoutEverywhereVoidsCalendarFeed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	me := f.login("partenaire")
	personal, committees := feedLinks(t, me)
	if res, _ := f.anonymous().get(personal); res.StatusCode != http.StatusOK {
		t.Fatalf("feed before: %d", res.StatusCode)
	}
	_, body := me.get("/compte")
	if !strings.Contains(parse(t, body).Find("#titre-sessions").Parent().Text(), "agenda") {
		t.Error("the account page does not say that logging out everywhere voids the calendar links")
	}
	if res, _ := me.post("/compte/deconnexion-partout", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("log out everywhere: %d", res.StatusCode)
	}
	for _, feed := range append([]string{personal}, committees...) {
		if res, _ := f.anonymous().get(feed); res.StatusCode != http.StatusNotFound {
			t.Errorf("old feed %s after logging out everywhere: %d, want 404", feed, res.StatusCode)
		}
	}
}

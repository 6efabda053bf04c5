package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/demo"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
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
	// Browsers drop tabs and newlines and read backslashes as slashes: none
	// of these may lead to another site.
	for _, target := range []string{"//pirate.example/", "/\tt/pirate.example", "/\t/pirate.example", "/\n/pirate.example",
		"/\\pirate.example", "\\\\pirate.example", "https://pirate.example/", "/%09/pirate.example"} {
		res, _ = f.anonymous().post("/connexion", url.Values{"identifiant": {"pilote"}, "mot_de_passe": {demo.Password}, "retour": {target}})
		if got := res.Header.Get("Location"); strings.Contains(got, "pirate") && !strings.HasPrefix(got, "/%09") {
			t.Errorf("login with retour=%q returns to %q", target, got)
		}
	}
}

func TestSafeReturn(t *testing.T) {
	t.Parallel()
	for target, want := range map[string]string{
		"/c/37-41/membres":         "/c/37-41/membres",
		"/c/37-41/annuaire?q=jean": "/c/37-41/annuaire?q=jean",
		"//pirate.example":         "",
		"/\t/pirate.example":       "",
		"/\r\n/pirate.example":     "",
		"/\\pirate.example":        "",
		"https://pirate.example":   "",
		"pirate.example":           "",
		"":                         "",
	} {
		if got := safeReturn(target); got != want {
			t.Errorf("safeReturn(%q) = %q, want %q", target, got, want)
		}
	}
}

// The operator puts an e-mail given up back in the queue; nobody else can.
func TestOperatorRetriesAGivenUpMail(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	f.write("", "", func(tx *postgres.Tx) error {
		return tx.EnqueueMail(ctx, postgres.Mail{To: "awa@example.org", Subject: "Convocation perdue", Body: "Bonjour\n"})
	})
	var id int64
	if err := f.db.App.Pool().QueryRow(ctx, `UPDATE outbox SET attempts = $1, last_error = '451 relais indisponible'
		WHERE subject = 'Convocation perdue' RETURNING id`, postgres.MaxMailAttempts).Scan(&id); err != nil {
		t.Fatal(err)
	}
	path := paths.OperatorMailRetry(id)
	if res, _ := f.login("pilote").post(path, url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("a pilot retries an e-mail: %d, want 404", res.StatusCode)
	}
	op := f.login("operateur")
	_, body := op.get(paths.OperatorOutbox)
	if !strings.Contains(body, "abandonné après 78 tentatives") || !strings.Contains(body, "Essayer de nouveau") {
		t.Fatalf("the outbox does not show the e-mail given up with a retry button:\n%s", parse(t, body).Find("main").Text())
	}
	if res, _ := op.post(path, url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("retry: %d, want 303", res.StatusCode)
	}
	for _, m := range f.outbox(10) {
		if m.ID == id && (m.Attempts != 0 || m.NextAttemptAt.After(time.Now())) {
			t.Errorf("after the retry: %+v, want queued at once", m)
		}
	}
	_, logBody := op.get(paths.OperatorLog)
	if !strings.Contains(parse(t, logBody).Find("main").Text(), "Nouvel essai d'envoi d'un courriel") {
		t.Errorf("the retry is not in the national audit log:\n%s", parse(t, logBody).Find("main").Text())
	}
	if res, _ := op.post(paths.OperatorMailRetry(id+1000), url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("retry of a missing e-mail: %d, want 404", res.StatusCode)
	}

	// Without a relay the operator is the mail channel and reads the
	// e-mails; with one, unsent bodies (reset and invitation links) stay
	// hidden from them.
	if _, body := op.get(paths.OperatorOutbox); !strings.Contains(body, "<pre>Bonjour") {
		t.Error("without SMTP, the operator cannot read the e-mail to pass it on")
	}
	f.srv.cfg.SMTPAddr = "smtp.example.org:587"
	if _, body := op.get(paths.OperatorOutbox); strings.Contains(body, "<pre>Bonjour") || !strings.Contains(body, "Contenu non affiché") {
		t.Error("with SMTP, the operator reads the body of an e-mail not yet sent")
	}
}

// Guesses sent together are counted one after the other: a burst cannot
// check more passwords than the lock allows.
func TestLoginBurstIsThrottled(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	const burst = 20
	var wg sync.WaitGroup
	for i := 0; i < burst; i++ {
		c := f.anonymous()
		wg.Add(1)
		go func() {
			defer wg.Done()
			c.post("/connexion", url.Values{"identifiant": {"pilote41"}, "mot_de_passe": {fmt.Sprintf("essai %d", i)}})
		}()
	}
	wg.Wait()
	var entries []clts.AuditEntry
	pgtest.MustRead(t, f.db.App, postgres.Scope{Operator: true}, func(tx *postgres.Tx) error {
		var err error
		entries, err = tx.AuditLog(context.Background(), 1000, 0)
		return err
	})
	checked := 0
	for _, e := range entries {
		if e.Subject == "pilote41 (mot de passe incorrect)" {
			checked++
		}
	}
	if checked > auth.LockAfter {
		t.Errorf("a burst of %d guesses had %d passwords checked, want at most %d", burst, checked, auth.LockAfter)
	}
}

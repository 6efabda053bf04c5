package server

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/demo"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// totpCode is the code of secret at t, as an authenticator application
// computes it.
func totpCode(t testing.TB, secret string, at time.Time) string {
	t.Helper()
	code, err := auth.TOTPCode(secret, auth.TOTPStep(at))
	if err != nil {
		t.Fatal(err)
	}
	return code
}

// passCodeStep sends the code of secret to the code step of c's
// half-signed-in session and fails unless it signs in. A code is good
// once: when the current one served already (two sign-ins within 30
// seconds), the next one, within the accepted skew, is sent.
func passCodeStep(t testing.TB, c *client, secret string) *http.Response {
	t.Helper()
	now := time.Now()
	for _, at := range []time.Time{now, now.Add(auth.TOTPPeriod)} {
		res, _ := c.post("/connexion/code", url.Values{"code": {totpCode(t, secret, at)}})
		if res.StatusCode == http.StatusSeeOther {
			return res
		}
		if res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("code step: status %d", res.StatusCode)
		}
	}
	t.Fatal("code step: both codes refused")
	return nil
}

// password posts the demo password of login as c, and returns where the
// portal sends it.
func password(t *testing.T, c *client, login string) string {
	t.Helper()
	res, body := c.post("/connexion", url.Values{"identifiant": {login}, "mot_de_passe": {demo.Password}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("password of %s: status %d\n%.1500s", login, res.StatusCode, body)
	}
	return res.Header.Get("Location")
}

// fieldError is the error message shown next to the field named name.
func fieldError(t *testing.T, body, name string) string {
	t.Helper()
	return strings.TrimPrefix(strings.TrimSpace(parse(t, body).Find("#f-"+name+"-error").Text()), "Erreur : ")
}

// auditSubjects lists the subjects of the audit entries of action.
func (f *fixture) auditSubjects(action string) []string {
	f.t.Helper()
	var out []string
	pgtest.MustRead(f.t, f.db.App, postgres.Scope{Operator: true}, func(tx *postgres.Tx) error {
		entries, err := tx.AuditLog(context.Background(), 10_000, 0)
		for _, e := range entries {
			if e.Action == action {
				out = append(out, e.Subject)
			}
		}
		return err
	})
	return out
}

// assertNoSecretInAudit fails when an audit entry shows secret.
func (f *fixture) assertNoSecretInAudit(secret string) {
	f.t.Helper()
	pgtest.MustRead(f.t, f.db.App, postgres.Scope{Operator: true}, func(tx *postgres.Tx) error {
		entries, err := tx.AuditLog(context.Background(), 10_000, 0)
		for _, e := range entries {
			if strings.Contains(strings.ReplaceAll(e.Subject, " ", ""), secret) {
				f.t.Errorf("the audit log shows the secret: %s %q", e.Action, e.Subject)
			}
		}
		return err
	})
}

// lastStep is the time step of the last code accepted for login.
func (f *fixture) lastStep(login string) int64 {
	f.t.Helper()
	var step int64
	f.read("", login, func(tx *postgres.Tx) error {
		sf, err := tx.SecondFactor(context.Background())
		step = sf.LastStep
		return err
	})
	return step
}

// ownerExec runs a statement as the tables' owner.
func (f *fixture) ownerExec(sql string, args ...any) {
	f.t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, f.db.OwnerURL)
	if err != nil {
		f.t.Fatal(err)
	}
	defer conn.Close(ctx)
	// Row-level security is forced on the owner too: write as an operator.
	if _, err := conn.Exec(ctx, `SELECT set_config('clts.operator', 'on', false)`); err != nil {
		f.t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, sql, args...); err != nil {
		f.t.Fatal(err)
	}
}

// ownerCount returns the count a query selects, as the tables' owner.
func (f *fixture) ownerCount(sql string, args ...any) int {
	f.t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, f.db.OwnerURL)
	if err != nil {
		f.t.Fatal(err)
	}
	defer conn.Close(ctx)
	// Row-level security is forced on the owner too: read as an operator.
	if _, err := conn.Exec(ctx, `SELECT set_config('clts.operator', 'on', false)`); err != nil {
		f.t.Fatal(err)
	}
	var n int
	if err := conn.QueryRow(ctx, sql, args...).Scan(&n); err != nil {
		f.t.Fatal(err)
	}
	return n
}

// TestSecondFactorEnrolmentAndSignIn: a partner enrols from the account
// page with a code computed from the key shown; from then on, signing in
// asks the code after the password, a half-signed-in session reaches no
// committee page, a code serves once, and recovery codes serve once each.
func TestSecondFactorEnrolmentAndSignIn(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.login("partenaire")

	_, page := c.get("/compte")
	if parse(t, page).Find(`a[href="/compte/double-authentification"]`).Length() != 1 {
		t.Error("the account page does not link to the second factor")
	}
	_, page = c.get("/compte/double-authentification")
	if !strings.Contains(page, "Non activée") {
		t.Fatal("a new account's second factor page does not say it is off")
	}

	// A wrong first code is refused next to its field; the key stays.
	c.post("/compte/double-authentification", url.Values{})
	_, page = c.get("/compte/double-authentification")
	doc := parse(t, page)
	secret := strings.ReplaceAll(doc.Find("code.secret-key").Text(), " ", "")
	in := doc.Find("#f-code")
	if ac, _ := in.Attr("autocomplete"); ac != "one-time-code" {
		t.Errorf("code field autocomplete = %q", ac)
	}
	if im, _ := in.Attr("inputmode"); im != "numeric" {
		t.Errorf("code field inputmode = %q", im)
	}
	if doc.Find(`label[for="f-code"]`).Length() != 1 {
		t.Error("the code field has no label")
	}
	wrong := totpCode(t, secret, time.Now().Add(-5*time.Minute))
	res, body := c.post("/compte/double-authentification/confirmer", url.Values{"code": {wrong}})
	if res.StatusCode != http.StatusUnprocessableEntity || fieldError(t, body, "code") == "" {
		t.Fatalf("wrong first code: %d, error %q", res.StatusCode, fieldError(t, body, "code"))
	}
	if again := strings.ReplaceAll(parse(t, body).Find("code.secret-key").Text(), " ", ""); again != secret {
		t.Errorf("the key changed after a wrong code: %q, then %q", secret, again)
	}

	// The right one enrols, and shows ten recovery codes once.
	enrolled := len(f.auditSubjects("second_factor.enrol")) // the demo's pilot
	res, body = c.post("/compte/double-authentification/confirmer", url.Values{"code": {totpCode(t, secret, time.Now())}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("confirm: %d", res.StatusCode)
	}
	var recovery []string
	parse(t, body).Find("ol.recovery-codes code").Each(func(_ int, s *goquery.Selection) { recovery = append(recovery, s.Text()) })
	if len(recovery) != auth.RecoveryCodeCount {
		t.Fatalf("%d recovery codes, want %d", len(recovery), auth.RecoveryCodeCount)
	}
	_, page = c.get("/compte/double-authentification")
	if !strings.Contains(page, "Activée le") || !strings.Contains(page, "10 codes de secours") || strings.Contains(page, recovery[0]) {
		t.Error("the page does not say the second factor is on with 10 codes left, or shows a code again")
	}
	if got := f.auditSubjects("second_factor.enrol"); len(got) != enrolled+1 {
		t.Errorf("enrolments in the audit log: %d, want %d", len(got), enrolled+1)
	}
	if n := f.ownerCount(`SELECT count(*) FROM second_factors f JOIN accounts a ON a.id = f.account_id
		WHERE a.login = 'partenaire' AND NOT ($1 = ANY (f.recovery_hashes))`, []byte(recovery[0])); n != 1 {
		t.Error("a recovery code is stored as typed, not as a hash")
	}

	// Signing in now asks the code; the half-signed-in session reaches no
	// page but the code step.
	c2 := f.anonymous()
	if loc := password(t, c2, "partenaire"); loc != "/connexion/code" {
		t.Fatalf("after the password, sent to %q, want the code step", loc)
	}
	for _, path := range []string{"/c/37-41/", "/c/37-41/annuaire", "/compte", "/comites", "/compte/double-authentification"} {
		if res, _ := c2.get(path); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/connexion/code" {
			t.Errorf("half-signed-in GET %s = %d to %q, want 303 to the code step", path, res.StatusCode, res.Header.Get("Location"))
		}
	}
	if res, _ := c2.post("/c/37-41/mon-profil", url.Values{}); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/connexion/code" {
		t.Errorf("half-signed-in POST = %d to %q, want 303 to the code step", res.StatusCode, res.Header.Get("Location"))
	}
	_, page = c2.get("/connexion/code")
	if parse(t, page).Find("#f-code").Length() != 1 || parse(t, page).Find("#f-code_secours").Length() != 1 {
		t.Fatal("the code step lacks the code or the recovery code field")
	}
	// A malformed code is said so, a wrong one refused, both next to the field.
	res, body = c2.post("/connexion/code", url.Values{"code": {"12ab"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(fieldError(t, body, "code"), "six chiffres") {
		t.Errorf("malformed code: %d %q", res.StatusCode, fieldError(t, body, "code"))
	}
	res, body = c2.post("/connexion/code", url.Values{"code": {wrong}})
	if res.StatusCode != http.StatusUnauthorized || fieldError(t, body, "code") == "" {
		t.Errorf("wrong code: %d %q", res.StatusCode, fieldError(t, body, "code"))
	}
	// The code used to enrol serves no more; the next one signs in.
	used := totpCode(t, secret, time.Now())
	res, body = c2.post("/connexion/code", url.Values{"code": {used}})
	if res.StatusCode == http.StatusSeeOther {
		// The step turned between the enrolment and now: this code is new.
		t.Log("a new time step began: the reuse check below runs on the next sign-in")
	} else {
		if res.StatusCode != http.StatusUnauthorized || !strings.Contains(fieldError(t, body, "code"), "déjà servi") {
			t.Errorf("the enrolment's code again: %d %q, want 401 saying it served already", res.StatusCode, fieldError(t, body, "code"))
		}
		passCodeStep(t, c2, secret)
	}
	if res, _ := c2.get("/c/37-41/"); res.StatusCode != http.StatusOK {
		t.Fatalf("after the code, committee home = %d", res.StatusCode)
	}
	if n := f.ownerCount(`SELECT count(*) FROM second_factor_failures`); n != 0 {
		t.Errorf("%d code failures left after a success, want 0", n)
	}
	if got := f.auditSubjects("login.success"); !contains(got, "partenaire (code)") {
		t.Errorf("the sign-in by code is not in the audit log: %q", got)
	}

	// The code that just signed in cannot sign in again.
	c3 := f.anonymous()
	password(t, c3, "partenaire")
	reused, err := auth.TOTPCode(secret, f.lastStep("partenaire"))
	if err != nil {
		t.Fatal(err)
	}
	if res, _ := c3.post("/connexion/code", url.Values{"code": {reused}}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("a code that served already = %d, want 401", res.StatusCode)
	}

	// A recovery code, typed loosely, signs in once.
	loose := strings.ToLower(strings.ReplaceAll(recovery[3], "-", " "))
	res, _ = c3.post("/connexion/code", url.Values{"code_secours": {loose}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("recovery code: %d", res.StatusCode)
	}
	_, page = c3.get(res.Header.Get("Location"))
	if !strings.Contains(page, "9 codes de secours") {
		t.Error("the page after a recovery code does not say 9 are left")
	}
	if got := f.auditSubjects("second_factor.recovery_used"); len(got) != 1 || !strings.Contains(got[0], "9") {
		t.Errorf("recovery code use in the audit log: %q", got)
	}
	c4 := f.anonymous()
	password(t, c4, "partenaire")
	res, body = c4.post("/connexion/code", url.Values{"code_secours": {recovery[3]}})
	if res.StatusCode != http.StatusUnauthorized || fieldError(t, body, "code_secours") == "" {
		t.Errorf("a recovery code used twice: %d %q, want 401 next to the field", res.StatusCode, fieldError(t, body, "code_secours"))
	}
	if res, _ := c4.post("/connexion/code", url.Values{"code_secours": {recovery[4]}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("another recovery code: %d", res.StatusCode)
	}

	// New recovery codes need a current code; the old ones serve no more.
	res, body = c4.post("/compte/double-authentification/codes-de-secours", url.Values{"code_actuel": {"000"}})
	if res.StatusCode != http.StatusUnprocessableEntity || fieldError(t, body, "code_actuel") == "" {
		t.Errorf("new recovery codes without a code: %d", res.StatusCode)
	}
	// (Two codes served within the last minute: as if the next step had come.)
	f.ownerExec(`UPDATE second_factors SET last_step = 0 WHERE account_id = $1`, f.accounts["partenaire"])
	res, body = c4.post("/compte/double-authentification/codes-de-secours", url.Values{"code_actuel": {totpCode(t, secret, time.Now())}})
	if res.StatusCode != http.StatusOK || parse(t, body).Find("ol.recovery-codes code").Length() != auth.RecoveryCodeCount {
		t.Fatalf("new recovery codes: %d %q", res.StatusCode, fieldError(t, body, "code_actuel"))
	}
	c5 := f.anonymous()
	password(t, c5, "partenaire")
	if res, _ := c5.post("/connexion/code", url.Values{"code_secours": {recovery[5]}}); res.StatusCode != http.StatusUnauthorized {
		t.Errorf("an old recovery code after renewal = %d, want 401", res.StatusCode)
	}
	f.assertNoSecretInAudit(secret)
}

func contains(list []string, s string) bool {
	for _, v := range list {
		if v == s {
			return true
		}
	}
	return false
}

// TestDemoPilotSignsInWithCode: the demo's second pilot is enrolled with
// the README's key, and signing in asks its code.
func TestDemoPilotSignsInWithCode(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.anonymous()
	if loc := password(t, c, demo.SecondFactorLogin); loc != "/connexion/code" {
		t.Fatalf("after the password, sent to %q, want the code step", loc)
	}
	// The session is not the account's yet: the store links it to nobody.
	if n := f.ownerCount(`SELECT count(*) FROM sessions WHERE token = $1 AND account_id IS NOT NULL`, c.sessionCookie()); n != 0 {
		t.Error("a half-signed-in session is stored as the account's")
	}
	res := passCodeStep(t, c, demo.SecondFactorSecret)
	if loc := res.Header.Get("Location"); loc != "/c/37-41/" {
		t.Errorf("after the code, sent to %q, want the committee", loc)
	}
	if got := f.auditSubjects("login.password"); !contains(got, "pilote41") {
		t.Errorf("the password step is not in the audit log: %q", got)
	}
	// Demo loading again keeps the enrolment as it is.
	if err := demo.Load(context.Background(), f.db.App, io.Discard); err != nil {
		t.Fatal(err)
	}
	if got := f.auditSubjects("second_factor.enrol"); len(got) != 1 {
		t.Errorf("enrolments after loading the demo twice: %d, want 1", len(got))
	}
}

// TestWrongCodesAreThrottled: wrong codes count per account like wrong
// passwords; past the lock threshold even the right code is refused, and
// the lockout is audited; the password throttle is another count.
func TestWrongCodesAreThrottled(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.anonymous()
	// A wrong password first: the right one clears it, as a login would.
	if res, _ := c.post("/connexion", url.Values{"identifiant": {demo.SecondFactorLogin}, "mot_de_passe": {"pas le bon"}}); res.StatusCode != http.StatusUnauthorized {
		t.Fatalf("wrong password: %d", res.StatusCode)
	}
	password(t, c, demo.SecondFactorLogin)
	if n := f.ownerCount(`SELECT count(*) FROM login_attempts WHERE identifier = $1 AND NOT success`, demo.SecondFactorLogin); n != 0 {
		t.Errorf("%d password failures left after the right password, want 0", n)
	}
	wrong := totpCode(t, demo.SecondFactorSecret, time.Now().Add(-10*time.Minute))
	for i := 0; i < auth.SlowDownAfter; i++ {
		if res, _ := c.post("/connexion/code", url.Values{"code": {wrong}}); res.StatusCode != http.StatusUnauthorized {
			t.Fatalf("wrong code %d: %d", i+1, res.StatusCode)
		}
	}
	id := f.accounts[demo.SecondFactorLogin]
	if n := f.ownerCount(`SELECT count(*) FROM second_factor_failures WHERE account_id = $1`, id); n != auth.SlowDownAfter {
		t.Fatalf("%d failures counted, want %d", n, auth.SlowDownAfter)
	}
	// The rest of the failures up to the lock, as if typed (each would
	// wait a little longer than the one before).
	for i := auth.SlowDownAfter; i < auth.LockAfter; i++ {
		f.ownerExec(`INSERT INTO second_factor_failures (account_id, ip) VALUES ($1, '127.0.0.1')`, id)
	}
	res, body := c.post("/connexion/code", url.Values{"code": {totpCode(t, demo.SecondFactorSecret, time.Now())}})
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(fieldError(t, body, "code"), "patientez") {
		t.Fatalf("the right code after %d failures: %d %q, want 429 saying to wait", auth.LockAfter, res.StatusCode, fieldError(t, body, "code"))
	}
	// Recovery codes are refused too: one count for every kind of code.
	res, _ = c.post("/connexion/code", url.Values{"code_secours": {"AAAA-BBBB-CCCC"}})
	if res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a recovery code while locked: %d, want 429", res.StatusCode)
	}
	if got := f.auditSubjects("second_factor.lockout"); len(got) == 0 {
		t.Error("the lockout is not in the audit log")
	}
	if got := f.auditSubjects("second_factor.failure"); len(got) != auth.SlowDownAfter {
		t.Errorf("%d code failures audited, want %d", len(got), auth.SlowDownAfter)
	}
	// Wrong codes are not wrong passwords: the password still works, and
	// another sign-in meets the same code lock.
	c2 := f.anonymous()
	if loc := password(t, c2, demo.SecondFactorLogin); loc != "/connexion/code" {
		t.Fatalf("password after code failures: sent to %q", loc)
	}
	if res, _ := c2.post("/connexion/code", url.Values{"code": {totpCode(t, demo.SecondFactorSecret, time.Now())}}); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("a fresh sign-in while codes are locked: %d, want 429", res.StatusCode)
	}
	// Once the window has passed, the right code works and clears the count.
	f.ownerExec(`UPDATE second_factor_failures SET at = at - interval '16 minutes' WHERE account_id = $1`, id)
	passCodeStep(t, c2, demo.SecondFactorSecret)
	if n := f.ownerCount(`SELECT count(*) FROM second_factor_failures WHERE account_id = $1`, id); n != 0 {
		t.Errorf("%d failures left after a success", n)
	}
}

// TestRequiredRolesMustEnrol: with TOTP_REQUIRED naming pilots and the
// operator, a pilot without a second factor must enrol at sign-in before
// reaching any page; a partner signs in with the password alone.
func TestRequiredRolesMustEnrol(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.srv, f.ts = newTestServerDB(t, map[string]string{"TOTP_REQUIRED": "operator,pilote"}, f.db.App)

	if loc := password(t, f.anonymous(), "partenaire"); loc != "/c/37-41/" {
		t.Errorf("a partner is sent to %q, want the committee: partners need no second factor here", loc)
	}
	if loc := password(t, f.anonymous(), "hcts"); loc != "/comites" {
		t.Errorf("HCTS staff is sent to %q, want the committee list: not named in TOTP_REQUIRED", loc)
	}
	if loc := password(t, f.anonymous(), demo.SecondFactorLogin); loc != "/connexion/code" {
		t.Errorf("an enrolled pilot is sent to %q, want the code step", loc)
	}
	if loc := password(t, f.anonymous(), "operateur"); loc != "/connexion/double-authentification" {
		t.Errorf("the operator is sent to %q, want the enrolment", loc)
	}

	c := f.anonymous()
	if loc := password(t, c, "pilote"); loc != "/connexion/double-authentification" {
		t.Fatalf("a pilot without a second factor is sent to %q, want the enrolment", loc)
	}
	for _, path := range []string{"/c/37-41/", "/compte", "/connexion/code"} {
		if res, _ := c.get(path); res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/connexion/double-authentification" {
			t.Errorf("before enrolling, GET %s = %d to %q, want the enrolment", path, res.StatusCode, res.Header.Get("Location"))
		}
	}
	res, page := c.get("/connexion/double-authentification")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("enrolment page: %d", res.StatusCode)
	}
	if cc := res.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
		t.Errorf("the page showing the key may be cached: Cache-Control %q", cc)
	}
	doc := parse(t, page)
	secret := strings.ReplaceAll(doc.Find("code.secret-key").Text(), " ", "")
	if doc.Find(`img[src^="data:image/png;base64,"][alt]`).Length() != 1 || len(secret) != 32 {
		t.Fatalf("the enrolment page shows no QR code or no key")
	}
	// The same key on the next visit: a phone may have scanned it already.
	_, again := c.get("/connexion/double-authentification")
	if k := strings.ReplaceAll(parse(t, again).Find("code.secret-key").Text(), " ", ""); k != secret {
		t.Errorf("the key changed between two visits")
	}
	res, body := c.post("/connexion/double-authentification", url.Values{"code": {"123"}})
	if res.StatusCode != http.StatusUnprocessableEntity || fieldError(t, body, "code") == "" {
		t.Errorf("a malformed first code: %d", res.StatusCode)
	}
	res, body = c.post("/connexion/double-authentification", url.Values{"code": {totpCode(t, secret, time.Now())}})
	if res.StatusCode != http.StatusOK || parse(t, body).Find("ol.recovery-codes code").Length() != auth.RecoveryCodeCount {
		t.Fatalf("confirming the enrolment: %d", res.StatusCode)
	}
	if href, _ := parse(t, body).Find(`a.button`).Attr("href"); href != "/c/37-41/" {
		t.Errorf("after enrolling, the page leads to %q, want the committee", href)
	}
	if res, _ := c.get("/c/37-41/"); res.StatusCode != http.StatusOK {
		t.Errorf("after enrolling, committee home = %d", res.StatusCode)
	}
	if got := f.auditSubjects("second_factor.enrol"); len(got) != 2 { // the demo's pilot, then this one
		t.Errorf("%d enrolments in the audit log, want 2", len(got))
	}
	// Next time, the code.
	if loc := password(t, f.anonymous(), "pilote"); loc != "/connexion/code" {
		t.Errorf("an enrolled pilot's next sign-in goes to %q, want the code step", loc)
	}
	f.assertNoSecretInAudit(secret)
}

// TestOperatorResetsSecondFactor: the operator resets a person's second
// factor; their sessions end, the reset is audited with its reason, and
// the password alone signs them in again.
func TestOperatorResetsSecondFactor(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	luc := f.login(demo.SecondFactorLogin)
	op := f.login("operateur")

	_, page := op.get("/exploitation/double-authentification")
	if !strings.Contains(parse(t, page).Find("table").Text(), demo.SecondFactorLogin) {
		t.Error("the operator's page does not list the enrolled pilot")
	}
	if ml, _ := parse(t, page).Find("#f-motif").Attr("maxlength"); ml != "200" {
		t.Errorf("the reason's maxlength = %q, want 200", ml)
	}
	res, body := op.post("/exploitation/double-authentification", url.Values{"identifiant": {"partenaire"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(fieldError(t, body, "identifiant"), "n'utilise pas") {
		t.Errorf("reset of an account without second factor: %d %q", res.StatusCode, fieldError(t, body, "identifiant"))
	}
	res, body = op.post("/exploitation/double-authentification", url.Values{"identifiant": {"personne"}})
	if res.StatusCode != http.StatusUnprocessableEntity || fieldError(t, body, "identifiant") == "" {
		t.Errorf("reset of an unknown account: %d", res.StatusCode)
	}
	res, _ = op.post("/exploitation/double-authentification", url.Values{"identifiant": {"pilote41@demo.test"}, "motif": {"téléphone perdu"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: %d", res.StatusCode)
	}
	if got := f.auditSubjects("second_factor.reset"); len(got) != 1 || got[0] != "pilote41 (téléphone perdu)" {
		t.Errorf("reset in the audit log: %q", got)
	}
	if res, _ := luc.get("/comites"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/connexion") {
		t.Errorf("the reset account's session still works: %d", res.StatusCode)
	}
	if loc := password(t, f.anonymous(), demo.SecondFactorLogin); loc != "/c/37-41/" {
		t.Errorf("after the reset, the password leads to %q, want the committee", loc)
	}
	// Anyone else: the page does not exist.
	if res, _ := f.login("pilote").get("/exploitation/double-authentification"); res.StatusCode != http.StatusNotFound {
		t.Errorf("a pilot on the operator's page: %d, want 404", res.StatusCode)
	}
}

// TestLogoutEverywhereEndsHalfSignedInSessions: logging out everywhere
// ends a session waiting for its code too.
func TestLogoutEverywhereEndsHalfSignedInSessions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	full := f.login(demo.SecondFactorLogin)
	half := f.anonymous()
	password(t, half, demo.SecondFactorLogin)
	if res, _ := full.post("/compte/deconnexion-partout", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("log out everywhere: %d", res.StatusCode)
	}
	res, _ := half.post("/connexion/code", url.Values{"code": {totpCode(t, demo.SecondFactorSecret, time.Now().Add(auth.TOTPPeriod))}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/connexion" {
		t.Fatalf("the code of a session logged out everywhere: %d to %q, want 303 to the login page", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := half.get("/c/37-41/"); res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/connexion?") {
		t.Errorf("afterwards, committee home = %d to %q, want the login page", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := full.get("/comites"); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the session that logged out everywhere still works: %d", res.StatusCode)
	}
}

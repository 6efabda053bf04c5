package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/demo"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// outbox lists the newest e-mails of the outbox, at most limit.
func (f *fixture) outbox(limit int) []postgres.OutboxMail {
	f.t.Helper()
	var mails []postgres.OutboxMail
	f.read("", "", func(tx *postgres.Tx) error {
		var err error
		mails, err = tx.Outbox(context.Background(), limit)
		return err
	})
	return mails
}

// lastMailLink returns the first portal link of the newest e-mail to addr.
func (f *fixture) lastMailLink(addr string) string {
	f.t.Helper()
	mails := f.outbox(50)
	re := regexp.MustCompile(`http://[^\s]+(/[^\s]+)`)
	for _, m := range mails {
		if m.Mail.To == addr {
			if sm := re.FindStringSubmatch(m.Mail.Body); sm != nil {
				return sm[1]
			}
		}
	}
	f.t.Fatalf("no e-mail with a link to %s", addr)
	return ""
}

// TestEmailInvitationJourney: a pilot invites by e-mail, the person follows
// the link from the outbox, creates an account and lands in the committee;
// the link then no longer works.
func TestEmailInvitationJourney(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")

	res, body := pilot.post("/c/37-41/invitations/nouvelle", url.Values{"nom": {"Awa Diallo"}, "envoi": {"email"}, "email": {"pas-une-adresse"}, "role": {"professionnel"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad address: %d", res.StatusCode)
	}
	doc := parse(t, body)
	if v, _ := doc.Find("#f-nom").Attr("value"); v != "Awa Diallo" {
		t.Errorf("typed name not kept: %q", v)
	}
	if doc.Find("#f-email-error").Length() != 1 {
		t.Error("no error message next to the e-mail field")
	}

	res, _ = pilot.post("/c/37-41/invitations/nouvelle", url.Values{"nom": {"Awa Diallo"}, "envoi": {"email"}, "email": {"awa@example.org"}, "role": {"professionnel"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("invite: %d", res.StatusCode)
	}
	link := f.lastMailLink("awa@example.org")
	if !strings.HasPrefix(link, "/invitation?jeton=") {
		t.Fatalf("mail link %q", link)
	}

	awa := f.anonymous()
	res, body = awa.get(link)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Professionnel") {
		t.Fatalf("invitation page: %d", res.StatusCode)
	}
	token := strings.TrimPrefix(link, "/invitation?jeton=")
	token, _ = url.QueryUnescape(token)
	accept := url.Values{"jeton": {token}, "nom": {"Awa Diallo"}, "identifiant": {"awa.diallo"},
		"mot_de_passe": {"un mot de passe assez long"}, "confirmation": {"un mot de passe assez long"}}
	res, _ = awa.post("/invitation", accept)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/c/37-41/" {
		t.Fatalf("accept: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := awa.get("/c/37-41/"); res.StatusCode != http.StatusOK {
		t.Errorf("new member GET committee = %d", res.StatusCode)
	}
	// Used once: a second use, even by someone else, is refused.
	accept.Set("identifiant", "awa.bis")
	res, _ = f.anonymous().post("/invitation", accept)
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("second use of the link = %d, want 404", res.StatusCode)
	}
	if n := countAccounts(t, f, "awa.bis"); n != 0 {
		t.Errorf("the second use created an account")
	}
	// The pilot sees the new member.
	_, body = pilot.get("/c/37-41/membres")
	if !strings.Contains(body, "Awa Diallo") || !strings.Contains(body, "acceptée") {
		t.Error("members page does not show the new member and the accepted invitation")
	}
}

func countAccounts(t *testing.T, f *fixture, login string) int {
	t.Helper()
	var ok bool
	f.read("", "", func(tx *postgres.Tx) error {
		var err error
		ok, err = tx.AccountExists(context.Background(), login)
		return err
	})
	if ok {
		return 1
	}
	return 0
}

// TestCodeInvitationJourney: a pilot prints a sheet for a person without
// e-mail; the person types the code (any case, with or without dash) and
// creates an account with a login name only.
func TestCodeInvitationJourney(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	res, body := pilot.post("/c/37-41/invitations/nouvelle", url.Values{"nom": {"Marie"}, "envoi": {"code"}, "role": {"personne_accompagnee"}})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("sheet: %d", res.StatusCode)
	}
	code := strings.TrimSpace(parse(t, body).Find(".sheet-code").Text())
	if !regexp.MustCompile(`^[A-Z2-9]{4}-[A-Z2-9]{4}$`).MatchString(code) {
		t.Fatalf("code %q", code)
	}
	marie := f.anonymous()
	res, _ = marie.post("/invitation/code", url.Values{"code": {strings.ToLower(strings.ReplaceAll(code, "-", " "))}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("code entry: %d", res.StatusCode)
	}
	res, _ = marie.get(res.Header.Get("Location"))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("invitation page from code: %d", res.StatusCode)
	}
	res, _ = marie.post("/invitation", url.Values{"code": {code}, "nom": {"Marie"}, "identifiant": {"marie37"},
		"mot_de_passe": {"mon chat s'appelle Filou"}, "confirmation": {"mon chat s'appelle Filou"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept with code: %d", res.StatusCode)
	}
	var acc *clts.Account
	err := f.db.App.Read(context.Background(), postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		acc, err = tx.AccountByIdentifier(context.Background(), "MARIE37")
		return err
	})
	if err != nil || acc.Email != "" {
		t.Fatalf("account from code: %+v %v, want one without e-mail", acc, err)
	}
	// The code is spent.
	res, body = f.anonymous().post("/invitation/code", url.Values{"code": {code}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "n&#39;est plus valable") {
		t.Errorf("spent code: %d", res.StatusCode)
	}
}

func TestInvitationExpiryAndRevocation(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	expired := auth.NewToken()
	f.invite("37-41", clts.InvitationEmail, "old@example.org", clts.RolePartenaire, time.Now().Add(-time.Minute), "", auth.HashToken(expired))
	revoked := auth.NewToken()
	id := f.invite("37-41", clts.InvitationEmail, "rev@example.org", clts.RolePartenaire, time.Now().Add(time.Hour), "", auth.HashToken(revoked))
	pilot := f.login("pilote")
	if res, _ := pilot.post("/c/37-41/invitations/"+itoa(id)+"/revoquer", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("revoke: %d", res.StatusCode)
	}
	for name, token := range map[string]string{"expired": expired, "revoked": revoked} {
		c := f.anonymous()
		if res, _ := c.get("/invitation?jeton=" + url.QueryEscape(token)); res.StatusCode != http.StatusNotFound {
			t.Errorf("%s invitation page = %d, want 404", name, res.StatusCode)
		}
		res, _ := c.post("/invitation", url.Values{"jeton": {token}, "nom": {"X"}, "identifiant": {"x-" + name},
			"mot_de_passe": {"un mot de passe assez long"}, "confirmation": {"un mot de passe assez long"}})
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s invitation accepted: %d", name, res.StatusCode)
		}
	}
}

func TestLastPilotCannotStepDown(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote-autre")
	res, body := pilot.post("/c/autre/membres/"+itoa(f.accounts["pilote-autre"])+"/role", url.Values{"role": {"partenaire"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "dernier pilote") {
		t.Fatalf("last pilot steps down: %d", res.StatusCode)
	}
	if res, _ := pilot.get("/c/autre/membres"); res.StatusCode != http.StatusOK {
		t.Errorf("the last pilot lost the members page: %d", res.StatusCode)
	}
}

func TestPasswordResetIsSingleUse(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.anonymous()
	res, body := c.post("/mot-de-passe-oublie", url.Values{"email": {"professionnel@demo.test"}})
	_, unknown := c.post("/mot-de-passe-oublie", url.Values{"email": {"inconnu@demo.test"}})
	msg := func(b string) string { return strings.TrimSpace(parse(t, b).Find(".notice").Text()) }
	if res.StatusCode != http.StatusOK || msg(body) == "" || msg(body) != msg(unknown) {
		t.Fatalf("reset request: %d %q vs unknown %q", res.StatusCode, msg(body), msg(unknown))
	}
	link := f.lastMailLink("professionnel@demo.test")
	token, _ := url.QueryUnescape(strings.TrimPrefix(link, "/nouveau-mot-de-passe?jeton="))
	if res, _ := c.get(link); res.StatusCode != http.StatusOK {
		t.Fatalf("reset page: %d", res.StatusCode)
	}
	form := url.Values{"jeton": {token}, "nouveau": {"nouvelle phrase secrète"}, "confirmation": {"nouvelle phrase secrète"}}
	if res, _ := c.post("/nouveau-mot-de-passe", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("reset: %d", res.StatusCode)
	}
	if res, _ := c.post("/nouveau-mot-de-passe", form); res.StatusCode != http.StatusNotFound {
		t.Errorf("second use of the reset link = %d, want 404", res.StatusCode)
	}
	if res, _ := f.anonymous().post("/connexion", url.Values{"identifiant": {"professionnel"}, "mot_de_passe": {"nouvelle phrase secrète"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("login with the new password = %d", res.StatusCode)
	}
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// An invitation does not change the role of someone already in the
// committee, and an invitation older than a deactivation cannot undo it.
func TestInvitationDoesNotOverwriteAMembership(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	meant := auth.NewToken()
	f.invite("37-41", clts.InvitationCode, "", clts.RoleAccompagne, time.Now().Add(time.Hour), "", auth.HashToken(meant))
	pilot := f.login("pilote")
	res, body := pilot.post("/invitation", url.Values{"jeton": {meant}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "déjà membre de ce comité") {
		t.Errorf("a pilot accepts someone else's invitation: %d", res.StatusCode)
	}
	if res, _ := pilot.get("/c/37-41/membres"); res.StatusCode != http.StatusOK {
		t.Errorf("the pilot lost the role: members page %d", res.StatusCode)
	}
	if res, _ := f.anonymous().get("/invitation?jeton=" + url.QueryEscape(meant)); res.StatusCode != http.StatusOK {
		t.Errorf("the invitation was spent: %d", res.StatusCode)
	}

	// Karim was invited, then deactivated: the old invitation does not
	// bring him back; a new one does.
	old := auth.NewToken()
	f.invite("37-41", clts.InvitationEmail, "partenaire@demo.test", clts.RolePilote, time.Now().Add(time.Hour), "", auth.HashToken(old))
	time.Sleep(10 * time.Millisecond)
	if res, _ := pilot.post(fmt.Sprintf("/c/37-41/membres/%d/statut", f.accounts["partenaire"]), url.Values{"actif": {"non"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivate: %d", res.StatusCode)
	}
	karim := f.login("partenaire")
	if res, body := karim.post("/invitation", url.Values{"jeton": {old}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "désactivé") {
		t.Errorf("an old invitation reactivates a deactivated member: %d", res.StatusCode)
	}
	fresh := auth.NewToken()
	f.invite("37-41", clts.InvitationEmail, "partenaire@demo.test", clts.RolePartenaire, time.Now().Add(time.Hour), "", auth.HashToken(fresh))
	if res, _ := karim.post("/invitation", url.Values{"jeton": {fresh}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a new invitation does not bring the member back: %d", res.StatusCode)
	}
}

// Code guesses are throttled on every path that looks a code up, per
// address and for all addresses together.
func TestInvitationCodeGuessesAreThrottledEverywhere(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.anonymous()
	for i := 0; i < auth.LockAfter; i++ {
		if res, _ := c.get(fmt.Sprintf("/invitation?code=ZZZZ%04d", 2000+i)); res.StatusCode != http.StatusNotFound {
			t.Fatalf("wrong code %d: %d, want 404", i, res.StatusCode)
		}
	}
	if res, _ := c.get("/invitation?code=ZZZZ9999"); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("GET with a code after %d wrong ones: %d, want 429", auth.LockAfter, res.StatusCode)
	}
	if res, _ := c.post("/invitation", url.Values{"code": {"ZZZZ9998"}}); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("POST with a code after %d wrong ones: %d, want 429", auth.LockAfter, res.StatusCode)
	}
}

// Many addresses sharing out a search of the codes pause it for everyone.
func TestInvitationCodeGuessesAreThrottledAcrossAddresses(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	c := f.anonymous()
	if res, _ := c.post("/invitation/code", url.Values{"code": {"ZZZZ7777"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a first wrong code: %d, want 422", res.StatusCode)
	}
	for i := 0; i < maxCodeFailures; i++ {
		pgtest.MustWrite(t, f.db.App, postgres.Scope{IP: fmt.Sprintf("198.51.100.%d", i%250)}, func(tx *postgres.Tx) error {
			return tx.RecordWrongGuess(ctx, codeAttempt, "")
		})
	}
	if res, _ := c.post("/invitation/code", url.Values{"code": {"ZZZZ7778"}}); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("after %d wrong codes from other addresses: %d, want 429", maxCodeFailures, res.StatusCode)
	}
}

// Changing one's password on the account page voids the reset links still
// pending: someone who requested one earlier cannot change it again.
func TestPasswordChangeVoidsPendingResetLinks(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.anonymous()
	if res, _ := c.post("/mot-de-passe-oublie", url.Values{"email": {"professionnel@demo.test"}}); res.StatusCode != http.StatusOK {
		t.Fatalf("reset request: %d", res.StatusCode)
	}
	link := f.lastMailLink("professionnel@demo.test")
	me := f.login("professionnel")
	if res, _ := me.post("/compte/mot-de-passe", url.Values{"actuel": {demo.Password}, "nouveau": {"une phrase de passe"}, "confirmation": {"une phrase de passe"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("password change: %d", res.StatusCode)
	}
	if res, _ := c.get(link); res.StatusCode != http.StatusNotFound {
		t.Errorf("reset link after a password change: %d, want 404", res.StatusCode)
	}
}

// The "forgotten password" page cannot fill someone's mailbox: one link
// every few minutes at most.
func TestResetRequestsAreSpacedOut(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	c := f.anonymous()
	for i := 0; i < 3; i++ {
		if res, _ := c.post("/mot-de-passe-oublie", url.Values{"email": {"professionnel@demo.test"}}); res.StatusCode != http.StatusOK {
			t.Fatalf("request %d: %d", i, res.StatusCode)
		}
	}
	mails := f.outbox(100)
	n := 0
	for _, m := range mails {
		if m.Mail.To == "professionnel@demo.test" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d reset e-mails for three requests in a row, want 1", n)
	}
}

package server

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/demo"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// accountID returns the id of the account with login name login.
func (f *fixture) accountID(login string) int64 {
	f.t.Helper()
	var id int64
	f.read("", "", func(tx *postgres.Tx) error {
		a, err := tx.AccountByIdentifier(context.Background(), login)
		if err == nil {
			id = a.ID
		}
		return err
	})
	return id
}

var sheetCode = regexp.MustCompile(`class="sheet-code">([A-Z0-9-]+)<`)

// printSheet prints an access sheet for accountID as the pilot c and
// returns its code.
func printSheet(t *testing.T, c *client, accountID int64) string {
	t.Helper()
	res, body := c.post("/c/37-41/membres/"+strconv.FormatInt(accountID, 10)+"/fiche-acces", url.Values{})
	m := sheetCode.FindStringSubmatch(body)
	if res.StatusCode != http.StatusOK || m == nil {
		t.Fatalf("access sheet: status %d, code found %v", res.StatusCode, m != nil)
	}
	return m[1]
}

// TestAccessSheetGivesTheSameAccountANewPassword: a member without e-mail,
// locked out after wrong passwords, gets a sheet from a pilot; its code
// lets them choose a new password for the same account (no second account),
// lifts the lock, ends the old password, serves once, and is in the
// journal.
func TestAccessSheetGivesTheSameAccountANewPassword(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	fatima := f.accountID("fatima.belkacem")
	db := openMatrixDB(t, f)
	countAccounts := func() string {
		return db.id("", `SELECT count(*) FROM accounts WHERE display_name = 'Fatima Belkacem' OR login LIKE 'fatima%'`)
	}
	accountsBefore := countAccounts()
	failFrom(t, f, "203.0.113.9", "fatima.belkacem", auth.LockAfter)
	if res, _ := f.anonymous().post("/connexion", url.Values{"identifiant": {"fatima.belkacem"}, "mot_de_passe": {demo.Password}}); res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("locked login: %d, want 429", res.StatusCode)
	}

	pilot := f.login("pilote")
	_, members := pilot.get("/c/37-41/membres")
	if !strings.Contains(members, "/membres/"+strconv.FormatInt(fatima, 10)+"/fiche-acces") {
		t.Error("the members page offers no access sheet for a member without e-mail")
	}
	if strings.Contains(members, "/membres/"+strconv.FormatInt(f.accounts["partenaire"], 10)+"/fiche-acces") {
		t.Error("the members page offers an access sheet for a member with an e-mail address")
	}
	res, sheet := pilot.post("/c/37-41/membres/"+strconv.FormatInt(fatima, 10)+"/fiche-acces", url.Values{})
	if res.StatusCode != http.StatusOK {
		t.Fatalf("access sheet: %d", res.StatusCode)
	}
	doc := parse(t, sheet)
	code := strings.TrimSpace(doc.Find(".sheet-code").Text())
	if code == "" || strings.TrimSpace(doc.Find(".sheet-login").Text()) != "fatima.belkacem" || !strings.Contains(doc.Find(".sheet").Text(), "/nouvel-acces") {
		t.Fatalf("the sheet shows code %q, login %q", code, doc.Find(".sheet-login").Text())
	}
	if n := db.id("37-41", `SELECT count(*) FROM access_codes WHERE token_hash = $1`, auth.HashToken(auth.NormalizeCode(code))); n != "1" {
		t.Errorf("the code's hash is stored %s times, want 1", n)
	}
	if n := db.id("37-41", `SELECT count(*) FROM access_codes WHERE token_hash = $1`, []byte(code)); n != "0" {
		t.Error("the code is stored as it is")
	}

	c := f.anonymous()
	res, _ = c.post("/nouvel-acces", url.Values{"code": {strings.ToLower(code)}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/nouvel-acces/mot-de-passe?code=") {
		t.Fatalf("code form: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	next := res.Header.Get("Location")
	res, page := c.get(next)
	if res.StatusCode != http.StatusOK || !strings.Contains(page, "Fatima Belkacem") || !strings.Contains(page, "fatima.belkacem") {
		t.Fatalf("new password page: %d, names the account: %v", res.StatusCode, strings.Contains(page, "Fatima Belkacem"))
	}
	norm := auth.NormalizeCode(code)
	res, page = c.post("/nouvel-acces/mot-de-passe", url.Values{"code": {norm}, "nouveau": {"une phrase toute neuve"}, "confirmation": {"une autre phrase"}})
	if res.StatusCode != http.StatusUnprocessableEntity || parse(t, page).Find("#f-confirmation-error").Length() == 0 {
		t.Fatalf("different confirmation: %d, want 422 with a message next to the field", res.StatusCode)
	}
	res, _ = c.post("/nouvel-acces/mot-de-passe", url.Values{"code": {norm}, "nouveau": {"une phrase toute neuve"}, "confirmation": {"une phrase toute neuve"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/connexion" {
		t.Fatalf("new password: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}

	// The same account, with its committee, signs in with the new password
	// despite the lock; the old one no longer works; no account was added.
	if res, _ := f.anonymous().post("/connexion", url.Values{"identifiant": {"fatima.belkacem"}, "mot_de_passe": {demo.Password}}); res.StatusCode == http.StatusSeeOther {
		t.Error("the old password still signs in")
	}
	member := f.anonymous()
	if res, _ := member.post("/connexion", url.Values{"identifiant": {"fatima.belkacem"}, "mot_de_passe": {"une phrase toute neuve"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login with the new password: %d, want 303", res.StatusCode)
	}
	if res, _ := member.get("/c/37-41/annuaire"); res.StatusCode != http.StatusOK {
		t.Errorf("the member's committee after the new password: %d", res.StatusCode)
	}
	if n := countAccounts(); n != accountsBefore || n != "1" {
		t.Errorf("accounts of Fatima Belkacem: %s, before %s, want 1", n, accountsBefore)
	}
	if f.accountID("fatima.belkacem") != fatima {
		t.Error("the login name now names another account")
	}

	// Single use.
	res, page = f.anonymous().post("/nouvel-acces/mot-de-passe", url.Values{"code": {norm}, "nouveau": {"encore une autre phrase"}, "confirmation": {"encore une autre phrase"}})
	if res.StatusCode != http.StatusNotFound || !strings.Contains(noticeText(t, page), "n'est plus valable") {
		t.Errorf("the code a second time: %d, want 404 saying it no longer works", res.StatusCode)
	}
	if res, _ := f.anonymous().post("/nouvel-acces", url.Values{"code": {code}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("the used code typed again: %d, want 422", res.StatusCode)
	}

	// The journal names both steps and the member.
	_, journal := pilot.get("/c/37-41/journal?type=membres")
	jdoc := parse(t, journal)
	for _, want := range []string{"Fiche d'accès imprimée", "Nouveau mot de passe par fiche d'accès"} {
		found := false
		jdoc.Find("tbody tr").Each(func(_ int, row *goquery.Selection) {
			if strings.Contains(row.Text(), want) && row.Find(`a[href="/c/37-41/annuaire/`+strconv.FormatInt(fatima, 10)+`"]`).Length() == 1 {
				found = true
			}
		})
		if !found {
			t.Errorf("the journal has no %q line linking to the member", want)
		}
	}
}

// TestAccessSheetExpiresAndIsReplaced: a sheet past its expiry, and one
// replaced by a newer sheet, no longer work; the newer one does.
func TestAccessSheetExpiresAndIsReplaced(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sylvie := f.accountID("sylvie.caron")
	expired := auth.NewCode()
	f.write("37-41", "pilote", func(tx *postgres.Tx) error {
		_, err := tx.CreateAccessSheet(context.Background(), sylvie, auth.HashToken(auth.NormalizeCode(expired)), time.Now().Add(-time.Minute))
		return err
	})
	if res, _ := f.anonymous().post("/nouvel-acces", url.Values{"code": {expired}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("an expired code: %d, want 422", res.StatusCode)
	}
	if res, _ := f.anonymous().get("/nouvel-acces/mot-de-passe?code=" + auth.NormalizeCode(expired)); res.StatusCode != http.StatusNotFound {
		t.Errorf("the new password page of an expired code: %d, want 404", res.StatusCode)
	}
	form := func(code string) url.Values {
		return url.Values{"code": {auth.NormalizeCode(code)}, "nouveau": {"la phrase de sylvie"}, "confirmation": {"la phrase de sylvie"}}
	}
	if res, _ := f.anonymous().post("/nouvel-acces/mot-de-passe", form(expired)); res.StatusCode != http.StatusNotFound {
		t.Errorf("an expired code sets a password: %d, want 404", res.StatusCode)
	}

	pilot := f.login("pilote")
	first := printSheet(t, pilot, sylvie)
	second := printSheet(t, pilot, sylvie)
	if res, _ := f.anonymous().post("/nouvel-acces/mot-de-passe", form(first)); res.StatusCode != http.StatusNotFound {
		t.Errorf("a replaced sheet's code: %d, want 404", res.StatusCode)
	}
	if res, _ := f.anonymous().post("/nouvel-acces/mot-de-passe", form(second)); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the newer sheet's code: %d, want 303", res.StatusCode)
	}
	if res, _ := f.anonymous().post("/connexion", url.Values{"identifiant": {"sylvie.caron"}, "mot_de_passe": {"la phrase de sylvie"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("login with the new password: %d", res.StatusCode)
	}
}

// TestAccessSheetRefusals: only pilots print sheets, only for an active
// member of their committee without e-mail, never for themselves, an
// account with national rights or one that belongs to another committee
// too; another committee's member is a 404 and gets no sheet.
func TestAccessSheetRefusals(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	fatima, sylvie := f.accountID("fatima.belkacem"), f.accountID("sylvie.caron")
	pilot := f.login("pilote")
	sheetURL := func(slug string, id int64) string {
		return "/c/" + slug + "/membres/" + strconv.FormatInt(id, 10) + "/fiche-acces"
	}
	for _, tc := range []struct {
		name   string
		c      *client
		url    string
		status int
		says   string
	}{
		{"a member with an e-mail address", pilot, sheetURL("37-41", f.accounts["partenaire"]), http.StatusConflict, "Mot de passe oublié"},
		{"the pilot themselves", pilot, sheetURL("37-41", f.accounts["pilote"]), http.StatusConflict, "Mon compte"},
		{"another committee's pilot, in 37-41's URL", pilot, sheetURL("37-41", f.accounts["pilote-autre"]), http.StatusNotFound, ""},
		{"a partner", f.login("partenaire"), sheetURL("37-41", fatima), http.StatusForbidden, ""},
		{"the other committee's pilot, for a 37-41 member", f.login("pilote-autre"), sheetURL("autre", fatima), http.StatusNotFound, ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := tc.c.post(tc.url, url.Values{})
			if res.StatusCode != tc.status {
				t.Fatalf("status %d, want %d", res.StatusCode, tc.status)
			}
			if tc.says != "" && !strings.Contains(noticeText(t, body), tc.says) {
				t.Errorf("the refusal %q does not say %q", noticeText(t, body), tc.says)
			}
			if sheetCode.MatchString(body) {
				t.Error("a code was printed")
			}
		})
	}
	// Sylvie joins the other committee too: 37-41's pilot may no longer
	// change her password, and is not told that she is in another committee
	// (the refusal is the one of national rights).
	f.write("autre", "pilote-autre", func(tx *postgres.Tx) error {
		return tx.AddMember(context.Background(), sylvie, clts.RoleAccompagne)
	})
	res, body := pilot.post(sheetURL("37-41", sylvie), url.Values{})
	if res.StatusCode != http.StatusConflict || noticeText(t, body) != auth.SharedAccountRefusal {
		t.Errorf("a member of two committees: %d %q, want 409 with the refusal of shared accounts", res.StatusCode, noticeText(t, body))
	}
	if n := openMatrixDB(t, f).id("37-41", `SELECT count(*) FROM access_codes`); n != "0" {
		t.Errorf("%s access codes stored after refusals, want 0", n)
	}
}

// TestAccessSheetVoidedWhenTheAccountChanges: a sheet whose member has,
// since it was printed, joined another committee or been given national
// rights no longer changes the password: the pilot who saw its code could
// otherwise take over an account that the rules keep from them.
func TestAccessSheetVoidedWhenTheAccountChanges(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	db := openMatrixDB(t, f)
	sylvie, fatima := f.accountID("sylvie.caron"), f.accountID("fatima.belkacem")
	for _, tc := range []struct {
		name    string
		login   string
		account int64
		change  func()
	}{
		{"joined another committee", "sylvie.caron", sylvie, func() {
			f.write("autre", "pilote-autre", func(tx *postgres.Tx) error {
				return tx.AddMember(context.Background(), sylvie, clts.RoleAccompagne)
			})
		}},
		{"given national rights", "fatima.belkacem", fatima, func() {
			db.exec("", `UPDATE accounts SET hcts_reader = true WHERE id = $1`, fatima)
		}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			code := printSheet(t, pilot, tc.account)
			tc.change()
			res, page := f.anonymous().post("/nouvel-acces/mot-de-passe", url.Values{"code": {auth.NormalizeCode(code)},
				"nouveau": {"la phrase du pilote"}, "confirmation": {"la phrase du pilote"}})
			if res.StatusCode != http.StatusNotFound || !strings.Contains(noticeText(t, page), "n'est plus valable") {
				t.Errorf("the code after the change: %d, want 404 saying it no longer works", res.StatusCode)
			}
			if res, _ := f.anonymous().post("/connexion", url.Values{"identifiant": {tc.login}, "mot_de_passe": {"la phrase du pilote"}}); res.StatusCode == http.StatusSeeOther {
				t.Error("the password chosen through the sheet signs in")
			}
		})
	}
}

// TestAccessCodeGuessesAreThrottled: wrong access codes count with
// invitation codes; past the limit even the right code is refused.
// A sheet printed before the member chose a new password another way (the
// member remembered it, or a pilot's earlier sheet was used) no longer works.
func TestAccessSheetVoidedByANewPassword(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	sylvie := f.accountID("sylvie.caron")
	code := printSheet(t, pilot, sylvie)
	pgtest.MustWrite(t, f.db.App, postgres.Scope{CommitteeID: f.committees["37-41"], AccountID: sylvie}, func(tx *postgres.Tx) error {
		hash, err := auth.HashPassword("son propre mot de passe", testParams)
		if err != nil {
			return err
		}
		_, err = tx.SetPassword(context.Background(), hash)
		return err
	})
	res, page := f.anonymous().post("/nouvel-acces/mot-de-passe", url.Values{"code": {auth.NormalizeCode(code)},
		"nouveau": {"la phrase du pilote"}, "confirmation": {"la phrase du pilote"}})
	if res.StatusCode != http.StatusNotFound || !strings.Contains(noticeText(t, page), "n'est plus valable") {
		t.Errorf("the sheet after a new password: %d, want 404 saying it no longer works", res.StatusCode)
	}
	if res, _ := f.anonymous().post("/connexion", url.Values{"identifiant": {"sylvie.caron"}, "mot_de_passe": {"son propre mot de passe"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the password chosen by the member: %d, want a sign-in", res.StatusCode)
	}
}

func TestAccessCodeGuessesAreThrottled(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	code := printSheet(t, f.login("pilote"), f.accountID("fatima.belkacem"))
	c := f.anonymous()
	for i := 0; i < auth.LockAfter; i++ {
		if res, _ := c.post("/nouvel-acces", url.Values{"code": {"ZZZZ-ZZZ" + string(rune('A'+i))}}); res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("wrong code %d: %d, want 422", i, res.StatusCode)
		}
	}
	if res, _ := c.post("/nouvel-acces", url.Values{"code": {code}}); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("the right code after %d wrong ones: %d, want 429", auth.LockAfter, res.StatusCode)
	}
	if res, _ := c.post("/nouvel-acces/mot-de-passe", url.Values{"code": {auth.NormalizeCode(code)}, "nouveau": {"une phrase toute neuve"}, "confirmation": {"une phrase toute neuve"}}); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("the new password with the right code after %d wrong ones: %d, want 429", auth.LockAfter, res.StatusCode)
	}
	if res, _ := c.post("/invitation/code", url.Values{"code": {"ZZZZ-ZZZZ"}}); res.StatusCode != http.StatusTooManyRequests {
		t.Errorf("an invitation code from the same address: %d, want 429 (one count for printed codes)", res.StatusCode)
	}
}

// A wrong code on the new-password form is refused before the password is
// hashed: guesses cost no argon2id. The right code costs one hash, taken
// from the server's slots like every password check.
func TestAccessPasswordChecksTheCodeBeforeHashing(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	hashes := countHashChecks(t, f)
	pilot := f.login("pilote")
	code := printSheet(t, pilot, f.accountID("sylvie.caron"))
	before := hashes()
	form := func(c string) url.Values {
		return url.Values{"code": {c}, "nouveau": {"la phrase du pilote"}, "confirmation": {"la phrase du pilote"}}
	}
	for _, wrong := range []string{"AAAA-AAAA", "ZZZZ-ZZZ9"} {
		if res, _ := f.anonymous().post("/nouvel-acces/mot-de-passe", form(wrong)); res.StatusCode != http.StatusNotFound {
			t.Errorf("wrong code %s: %d, want 404", wrong, res.StatusCode)
		}
	}
	if n := hashes() - before; n != 0 {
		t.Errorf("two wrong codes cost %d password hashes, want 0", n)
	}
	if res, _ := f.anonymous().post("/nouvel-acces/mot-de-passe", form(auth.NormalizeCode(code))); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the right code: %d, want 303", res.StatusCode)
	}
	if n := hashes() - before; n != 1 {
		t.Errorf("the right code cost %d password hashes, want 1", n)
	}
}

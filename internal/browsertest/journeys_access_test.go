package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestJourneyAccessSheet is issue 14's story of a member without e-mail
// who forgot their password, at 1280 and at 375 px: a pilot prints a new
// access sheet from the members page; the member types its code from the
// "forgotten password" page, chooses a new password, and signs in to the
// same account, in their committee.
func TestJourneyAccessSheet(t *testing.T) {
	p := newPortal(t)
	fatima := p.accountID(t, "fatima.belkacem")
	for i, width := range []int64{1280, 375} {
		password := fmt.Sprintf("ma nouvelle phrase numéro %d", i+1)
		pilot := p.tab(t)
		run(t, pilot, chromedp.EmulateViewport(width, 800))
		p.login(t, pilot, "pilote")
		run(t, pilot,
			chromedp.Navigate(p.url+"/c/37-41/membres"),
			chromedp.Click(fmt.Sprintf(`form[action="/c/37-41/membres/%d/fiche-acces"] button`, fatima), chromedp.ByQuery),
			chromedp.WaitVisible(".sheet-code", chromedp.ByQuery),
		)
		if i == 0 {
			p.check(t, pilot, "access sheet", "Comité local")
		}
		code, login := text(t, pilot, ".sheet-code"), text(t, pilot, ".sheet-login")
		if login != "fatima.belkacem" {
			t.Fatalf("the sheet names the login %q", login)
		}

		member := p.tab(t)
		run(t, member,
			chromedp.EmulateViewport(width, 800),
			chromedp.Navigate(p.url+"/connexion"),
			chromedp.Click(`a[href="/mot-de-passe-oublie"]`, chromedp.ByQuery),
			chromedp.WaitVisible(`a[href="/nouvel-acces"]`, chromedp.ByQuery),
		)
		if !strings.Contains(text(t, member, "main"), "Demandez au pilote de votre comité") {
			t.Error("the forgotten password page does not say to ask a pilot")
		}
		run(t, member,
			chromedp.Click(`a[href="/nouvel-acces"]`, chromedp.ByQuery),
			chromedp.WaitVisible("#f-code", chromedp.ByQuery),
		)
		if i == 0 {
			p.check(t, member, "access code", "")
		}
		run(t, member,
			chromedp.SendKeys("#f-code", strings.ToLower(code), chromedp.ByQuery),
			chromedp.Click("main form button[type=submit]", chromedp.ByQuery),
			chromedp.WaitVisible("#f-nouveau", chromedp.ByQuery),
		)
		if !strings.Contains(text(t, member, "main"), "Fatima Belkacem") {
			t.Error("the new password page does not name the account")
		}
		if i == 0 {
			p.check(t, member, "access new password", "")
		} else {
			// On the phone, the suggested passphrase, spaces and all,
			// as the person would copy it onto the sheet.
			password = text(t, member, ".passphrase kbd")
		}
		run(t, member,
			chromedp.SendKeys("#f-nouveau", password, chromedp.ByQuery),
			chromedp.SendKeys("#f-confirmation", password, chromedp.ByQuery),
			chromedp.Click("main form button[type=submit]", chromedp.ByQuery),
			chromedp.WaitVisible("#f-identifiant", chromedp.ByQuery),
			chromedp.SendKeys("#f-identifiant", login, chromedp.ByQuery),
			chromedp.SendKeys("#f-mot_de_passe", password, chromedp.ByQuery),
			chromedp.Click("main button[type=submit]", chromedp.ByQuery),
			chromedp.WaitNotPresent("#f-mot_de_passe", chromedp.ByQuery),
			chromedp.Navigate(p.url+"/compte"),
			chromedp.WaitVisible("#f-nom", chromedp.ByQuery),
		)
		var name string
		run(t, member, chromedp.Value("#f-nom", &name, chromedp.ByQuery))
		if name != "Fatima Belkacem" {
			t.Errorf("at %d px, the new password does not sign in to Fatima Belkacem's account", width)
		}
	}
	// One account, the same as before.
	if p.accountID(t, "fatima.belkacem") != fatima {
		t.Error("the login name now names another account")
	}
	var committee *clts.Committee
	pgtest.MustRead(t, p.db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		committee, err = tx.CommitteeBySlug(context.Background(), "37-41")
		return err
	})
	var members []clts.Member
	pgtest.MustRead(t, p.db.App, postgres.InCommittee(committee.ID, 0), func(tx *postgres.Tx) error {
		var err error
		members, err = tx.Members(context.Background())
		return err
	})
	n := 0
	for _, m := range members {
		if m.DisplayName == "Fatima Belkacem" {
			n++
		}
	}
	if n != 1 {
		t.Errorf("%d members named Fatima Belkacem, want 1", n)
	}
}

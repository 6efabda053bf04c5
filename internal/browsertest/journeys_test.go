package browsertest

import (
	"context"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/portail-clts/clts/internal/demo"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// text returns the text of the first element matching sel.
func text(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	var s string
	run(t, ctx, chromedp.Text(sel, &s, chromedp.ByQuery))
	return strings.TrimSpace(s)
}

func location(t *testing.T, ctx context.Context) string {
	t.Helper()
	var u string
	run(t, ctx, chromedp.Location(&u))
	return u
}

// tabTo presses Tab until the focused element matches sel, as a keyboard
// user does, and fails if it never comes.
func tabTo(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	for i := 0; i < 120; i++ {
		var ok, visible bool
		run(t, ctx, chromedp.KeyEvent(kb.Tab),
			chromedp.Evaluate(fmt.Sprintf(`document.activeElement.matches(%q)`, sel), &ok))
		if ok {
			run(t, ctx, chromedp.Evaluate(`(() => { const cs = getComputedStyle(document.activeElement);
				return cs.outlineStyle !== 'none' || cs.boxShadow !== 'none'; })()`, &visible))
			if !visible {
				t.Errorf("focus on %s is not visible", sel)
			}
			return
		}
	}
	t.Fatalf("Tab never reaches %s", sel)
}

// typeKeys types text into the focused element.
func typeKeys(t *testing.T, ctx context.Context, s string) {
	t.Helper()
	run(t, ctx, chromedp.KeyEvent(s))
}

func TestJourneyLoginLogoutWithKeyboard(t *testing.T) {
	p := newPortal(t)
	ctx := p.tab(t)
	run(t, ctx, chromedp.Navigate(p.url+"/"))
	// Skip link first, then to the login link, all with the keyboard.
	run(t, ctx, chromedp.KeyEvent(kb.Tab))
	if got := text(t, ctx, ".skip-link"); got != "Aller au contenu" {
		t.Errorf("first Tab stop %q, want the skip link", got)
	}
	tabTo(t, ctx, `main a[href="/connexion"]`)
	run(t, ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible("#f-identifiant", chromedp.ByQuery))
	tabTo(t, ctx, "#f-identifiant")
	typeKeys(t, ctx, "accompagne")
	tabTo(t, ctx, "#f-mot_de_passe")
	typeKeys(t, ctx, "pas le bon")
	run(t, ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(".notice-error", chromedp.ByQuery))
	if !strings.Contains(text(t, ctx, ".notice-error"), "Identifiant ou mot de passe incorrect") {
		t.Error("no neutral error after a wrong password")
	}
	p.check(t, ctx, "login error", "")
	var kept string
	run(t, ctx, chromedp.Value("#f-identifiant", &kept, chromedp.ByQuery))
	if kept != "accompagne" {
		t.Errorf("login kept %q", kept)
	}
	tabTo(t, ctx, "#f-mot_de_passe")
	typeKeys(t, ctx, demo.Password)
	// The supported person's pages are in the easy interface: logging
	// out is on the page of the header's one « Menu » link.
	run(t, ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible("body.easy #titre-prochaine", chromedp.ByQuery))
	if !strings.HasSuffix(location(t, ctx), "/c/37-41/") {
		t.Errorf("after login: %s", location(t, ctx))
	}
	tabTo(t, ctx, `header a[href="/c/37-41/menu"]`)
	run(t, ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(`main form[action="/deconnexion"] button`, chromedp.ByQuery))
	tabTo(t, ctx, `main form[action="/deconnexion"] button`)
	run(t, ctx, chromedp.KeyEvent(" "), chromedp.WaitVisible(".notice-success", chromedp.ByQuery))
	if !strings.Contains(text(t, ctx, ".notice-success"), "Déconnexion réussie") {
		t.Error("no confirmation after logout")
	}
}

func TestJourneyInvitationAccepted(t *testing.T) {
	p := newPortal(t)
	ctx := p.tab(t)
	p.login(t, ctx, "pilote")
	run(t, ctx,
		chromedp.Navigate(p.url+"/c/37-41/membres"),
		chromedp.Click(`a[href="/c/37-41/invitations/nouvelle"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#f-nom", chromedp.ByQuery),
		// A wrong address first: the error summary and the message next to the field.
		chromedp.SendKeys("#f-nom", "Awa Diallo", chromedp.ByQuery),
		chromedp.SendKeys("#f-email", "awa-sans-arobase", chromedp.ByQuery),
		chromedp.SetValue("#f-role", "professionnel", chromedp.ByQuery),
		chromedp.Click("main form button[type=submit]", chromedp.ByQuery),
		chromedp.WaitVisible(".error-summary", chromedp.ByQuery),
	)
	var describedBy string
	var ok bool
	run(t, ctx, chromedp.AttributeValue("#f-email", "aria-describedby", &describedBy, &ok, chromedp.ByQuery))
	if !strings.Contains(describedBy, "f-email-error") {
		t.Errorf("e-mail error not tied to the field: %q", describedBy)
	}
	p.check(t, ctx, "invitation form with errors", "Comité local")
	run(t, ctx,
		chromedp.SetValue("#f-email", "awa@example.org", chromedp.ByQuery),
		chromedp.Click("main form button[type=submit]", chromedp.ByQuery),
		chromedp.WaitVisible(".notice-success", chromedp.ByQuery),
	)
	// The invitation e-mail is in the outbox: follow its link.
	var mails []postgres.OutboxMail
	pgtest.MustRead(t, p.db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		mails, err = tx.Outbox(context.Background(), 10)
		return err
	})
	link := ""
	for _, m := range mails {
		if m.Mail.To == "awa@example.org" {
			link = regexp.MustCompile(`http://\S+`).FindString(m.Mail.Body)
		}
	}
	if link == "" {
		t.Fatal("no invitation e-mail in the outbox")
	}
	awa := p.tab(t) // signed out: the same tab, cookies cleared
	run(t, awa,
		chromedp.Navigate(link),
		chromedp.WaitVisible("#f-identifiant", chromedp.ByQuery),
	)
	p.check(t, awa, "invitation acceptance", "")
	run(t, awa,
		chromedp.SendKeys("#f-identifiant", "awa.diallo", chromedp.ByQuery),
		chromedp.SendKeys("#f-mot_de_passe", "une phrase de passe assez longue", chromedp.ByQuery),
		chromedp.SendKeys("#f-confirmation", "une phrase de passe assez longue", chromedp.ByQuery),
		chromedp.Click("main form button[type=submit]", chromedp.ByQuery),
		chromedp.WaitVisible(".committee-menu", chromedp.ByQuery),
	)
	if !strings.Contains(text(t, awa, ".notice-success"), "Bienvenue") {
		t.Error("no welcome after accepting the invitation")
	}
}

func TestJourneyInstitutionGroupAndJoin(t *testing.T) {
	p := newPortal(t)
	ids := p.demoIDs(t)
	ctx := p.tab(t)
	p.login(t, ctx, "pilote")
	run(t, ctx,
		chromedp.Navigate(fmt.Sprintf("%s/c/37-41/institutions/%d/modifier", p.url, ids.institution)),
		chromedp.WaitVisible("#f-description", chromedp.ByQuery),
		chromedp.SetValue("#f-description", "Présentation mise à jour par la pilote.", chromedp.ByQuery),
		chromedp.Click("main form button[type=submit]", chromedp.ByQuery),
		chromedp.WaitVisible(".notice-success", chromedp.ByQuery),
	)
	if !strings.Contains(text(t, ctx, "main"), "Présentation mise à jour par la pilote.") {
		t.Error("the institution page does not show the edit")
	}
	run(t, ctx,
		chromedp.Navigate(p.url+"/c/37-41/groupes/nouveau"),
		chromedp.SendKeys("#f-titre", "Habitat et logement", chromedp.ByQuery),
		chromedp.SendKeys("#f-description", "L'accès au logement des personnes accompagnées.", chromedp.ByQuery),
		chromedp.Click("main form button[type=submit]", chromedp.ByQuery),
		chromedp.WaitVisible(".notice-success", chromedp.ByQuery),
	)
	groupURL := location(t, ctx)
	p.check(t, ctx, "new group", "Comité local")

	partner := p.tab(t)
	p.login(t, partner, "partenaire")
	run(t, partner, chromedp.Navigate(groupURL), chromedp.WaitVisible("main form button", chromedp.ByQuery))
	// With the keyboard: Tab to the request button, press Enter.
	tabTo(t, partner, `form[action$="/rejoindre"] button`)
	run(t, partner, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(".notice-success", chromedp.ByQuery))
	if !strings.Contains(text(t, partner, "main"), "attend la réponse") {
		t.Error("the partner's request is not shown as pending")
	}
}

func TestJourneyMeetingAgendaAndAnswer(t *testing.T) {
	p := newPortal(t)
	ctx := p.tab(t)
	p.login(t, ctx, "pilote")
	day := time.Now().AddDate(0, 0, 9).Format("2006-01-02")
	run(t, ctx,
		chromedp.Navigate(p.url+"/c/37-41/reunions/nouvelle"),
		chromedp.WaitVisible("#f-titre", chromedp.ByQuery),
		chromedp.SetValue("#f-date", day, chromedp.ByQuery),
		chromedp.SetValue("#f-debut", "14:00", chromedp.ByQuery),
		chromedp.SetValue("#f-fin", "16:00", chromedp.ByQuery),
		chromedp.SendKeys("#f-lieu", "Hôtel du Département, Tours", chromedp.ByQuery),
		chromedp.Click("main form button[type=submit]", chromedp.ByQuery),
		chromedp.WaitVisible(".notice-success", chromedp.ByQuery),
		chromedp.SendKeys("#f-point_titre", "Tour de table", chromedp.ByQuery),
		chromedp.SendKeys("#f-point_duree", "20", chromedp.ByQuery),
		chromedp.Click(`form[action$="/ordre-du-jour"] button`, chromedp.ByQuery),
		chromedp.WaitVisible("ol.agenda", chromedp.ByQuery),
	)
	meetingURL := location(t, ctx)
	if i := strings.Index(meetingURL, "#"); i >= 0 {
		meetingURL = meetingURL[:i]
	}
	p.check(t, ctx, "meeting as organiser", "Comité local")

	// The supported person answers with the keyboard only.
	acc := p.tab(t)
	p.login(t, acc, "accompagne")
	run(t, acc, chromedp.Navigate(meetingURL), chromedp.WaitVisible("#f-reponse-oui", chromedp.ByQuery))
	tabTo(t, acc, "#f-reponse-oui")
	run(t, acc, chromedp.KeyEvent(" "))
	tabTo(t, acc, "#f-besoin_transport")
	run(t, acc, chromedp.KeyEvent(" "))
	tabTo(t, acc, `form[action$="/reponse"] button`)
	run(t, acc, chromedp.KeyEvent(kb.Enter), chromedp.WaitVisible(".notice-success", chromedp.ByQuery))
	if !strings.Contains(text(t, acc, ".notice-success"), "Oui") {
		t.Errorf("answer confirmation: %q", text(t, acc, ".notice-success"))
	}
	// The organiser sees the answer and the need.
	org := p.tab(t)
	p.login(t, org, "pilote")
	run(t, org, chromedp.Navigate(meetingURL), chromedp.WaitVisible("#titre-reponses", chromedp.ByQuery))
	if !strings.Contains(text(t, org, "main"), "Transport") {
		t.Error("the organiser does not see the need for transport")
	}
}

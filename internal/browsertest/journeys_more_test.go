package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// submit clicks the submit button of the form whose action ends with
// action, and waits for the confirmation.
func submit(t *testing.T, ctx context.Context, action string) {
	t.Helper()
	clickAndConfirm(t, ctx, fmt.Sprintf(`form[action$=%q] button[type=submit]`, action))
}

// clickAndConfirm clicks sel and waits for the next page's confirmation;
// the confirmation already shown, if any, is removed first so that the
// wait is for the new page.
func clickAndConfirm(t *testing.T, ctx context.Context, sel string) {
	t.Helper()
	run(t, ctx,
		chromedp.Evaluate(`document.querySelectorAll('.notice-success').forEach(n => n.remove())`, nil),
		chromedp.Click(sel, chromedp.ByQuery),
		chromedp.WaitVisible(".notice-success", chromedp.ByQuery),
	)
}

// TestJourneyDirectory is issue 4's story in the browser: a pilot creates
// an institution, attaches a member to it, creates a group and appoints a
// lead; a partner asks to join and the lead accepts; the partner sees the
// supported person by first name and initial.
func TestJourneyDirectory(t *testing.T) {
	p := newPortal(t)
	pilot := p.tab(t)
	p.login(t, pilot, "pilote")
	run(t, pilot,
		chromedp.Navigate(p.url+"/c/37-41/institutions/nouvelle"),
		chromedp.SendKeys("#f-nom", "Mission locale de Touraine", chromedp.ByQuery),
		chromedp.SetValue("#f-type", "association", chromedp.ByQuery),
		chromedp.SendKeys("#f-departements", "37", chromedp.ByQuery),
	)
	submit(t, pilot, "/institutions/nouvelle")
	instURL := location(t, pilot)
	instID := instURL[strings.LastIndex(instURL, "/")+1:]

	// Attach the professional from her directory page.
	pro := p.accountID(t, "professionnel")
	run(t, pilot,
		chromedp.Navigate(fmt.Sprintf("%s/c/37-41/annuaire/%d", p.url, pro)),
		chromedp.SetValue("#f-institution", instID, chromedp.ByQuery),
	)
	submit(t, pilot, "/institution")
	run(t, pilot, chromedp.Navigate(instURL))
	if !strings.Contains(text(t, pilot, "main"), "Sophie Leroy") {
		t.Error("the institution does not list the member attached to it")
	}

	// Create a group and appoint the professional as lead.
	run(t, pilot,
		chromedp.Navigate(p.url+"/c/37-41/groupes/nouveau"),
		chromedp.SendKeys("#f-titre", "Insertion des jeunes", chromedp.ByQuery),
	)
	submit(t, pilot, "/groupes/nouveau")
	groupURL := location(t, pilot)
	run(t, pilot, chromedp.SetValue("#f-compte", fmt.Sprint(pro), chromedp.ByQuery))
	submit(t, pilot, "/membres")
	clickAndConfirm(t, pilot, `form[action$="/membres"] input[value="lead"] ~ button`)
	if !strings.Contains(text(t, pilot, ".notice-success"), "anime") {
		t.Errorf("appointing the lead: %q", text(t, pilot, ".notice-success"))
	}

	// The partner asks to join.
	partner := p.tab(t)
	p.login(t, partner, "partenaire")
	run(t, partner, chromedp.Navigate(groupURL))
	submit(t, partner, "/rejoindre")

	// The lead accepts.
	lead := p.tab(t)
	p.login(t, lead, "professionnel")
	run(t, lead, chromedp.Navigate(groupURL), chromedp.WaitVisible(`form input[value="accepter"] ~ button`, chromedp.ByQuery))
	p.check(t, lead, "group with a request, as lead", "Comité local")
	clickAndConfirm(t, lead, `form input[value="accepter"] ~ button`)
	if !strings.Contains(text(t, lead, "main"), "Karim Benali") {
		t.Error("the partner is not a member after acceptance")
	}

	// The supported person, as the partner sees her.
	partner = p.tab(t)
	p.login(t, partner, "partenaire")
	run(t, partner, chromedp.Navigate(fmt.Sprintf("%s/c/37-41/annuaire/%d", p.url, p.accountID(t, "accompagne"))))
	if h1 := text(t, partner, "h1"); h1 != "Jean D." {
		t.Errorf("the partner sees the supported person as %q", h1)
	}
	if strings.Contains(text(t, partner, "main"), "Dupuis") {
		t.Error("the partner sees the supported person's surname")
	}
}

// createMeeting fills the meeting form and returns the new meeting's URL.
func createMeeting(t *testing.T, ctx context.Context, formURL, title string, day time.Time, start, end string) string {
	t.Helper()
	run(t, ctx,
		chromedp.Navigate(formURL),
		chromedp.WaitVisible("#f-titre", chromedp.ByQuery),
		chromedp.SetValue("#f-titre", title, chromedp.ByQuery),
		chromedp.SetValue("#f-date", day.Format("2006-01-02"), chromedp.ByQuery),
		chromedp.SetValue("#f-debut", start, chromedp.ByQuery),
		chromedp.SetValue("#f-fin", end, chromedp.ByQuery),
		chromedp.SendKeys("#f-lieu", "Tours", chromedp.ByQuery),
	)
	clickAndConfirm(t, ctx, `main form button[type=submit]`)
	u := location(t, ctx)
	if i := strings.Index(u, "#"); i >= 0 {
		u = u[:i]
	}
	return u
}

// attendAndPublish records attendance (everyone marked present with « Tout
// marquer présent », which needs no script) and publishes minutes.
func attendAndPublish(t *testing.T, p *portal, ctx context.Context, meetingURL, minutes string) {
	t.Helper()
	run(t, ctx, chromedp.Navigate(meetingURL+"/emargement"), chromedp.WaitVisible("fieldset", chromedp.ByQuery))
	p.check(t, ctx, "attendance sheet", "Comité local")
	run(t, ctx, chromedp.Click(`a[href$="emargement?tous=presents"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`p.notice[role=status]`, chromedp.ByQuery))
	var unmarked int
	run(t, ctx, chromedp.Evaluate(`document.querySelectorAll('fieldset.presence input[value=present]:not(:checked)').length`, &unmarked))
	if unmarked != 0 {
		t.Errorf("after « Tout marquer présent », %d invitees are not marked present", unmarked)
	}
	submit(t, ctx, "/emargement")
	run(t, ctx,
		chromedp.Navigate(meetingURL+"/compte-rendu"),
		chromedp.WaitVisible("#f-compte_rendu", chromedp.ByQuery),
		chromedp.SendKeys("#f-compte_rendu", minutes, chromedp.ByQuery),
	)
	clickAndConfirm(t, ctx, `button[name="publier"][value="oui"]`)
}

// TestJourneyMeetingsHeld: a pilot's plenary and a group lead's meeting are
// held, attendance recorded and minutes published, read by an invitee; an
// HCTS seminar shows in both committees.
func TestJourneyMeetingsHeld(t *testing.T) {
	p := newPortal(t)
	yesterday := time.Now().AddDate(0, 0, -1)

	pilot := p.tab(t)
	p.login(t, pilot, "pilote")
	plenary := createMeeting(t, pilot, p.url+"/c/37-41/reunions/nouvelle", "Plénière d'hier", yesterday, "14:00", "16:00")
	attendAndPublish(t, p, pilot, plenary, "## Relevé\n\nLa charte est adoptée à l'unanimité.")

	lead := p.tab(t)
	p.login(t, lead, "accompagne")
	group := p.demoIDs(t).group
	groupMeeting := createMeeting(t, lead, fmt.Sprintf("%s/c/37-41/reunions/nouvelle?groupe=%d", p.url, group), "Atelier d'hier", yesterday, "10:00", "12:00")
	attendAndPublish(t, p, lead, groupMeeting, "Nous avons préparé notre contribution.")

	reader := p.tab(t)
	p.login(t, reader, "professionnel")
	for url, want := range map[string]string{plenary: "La charte est adoptée", groupMeeting: "Nous avons préparé notre contribution."} {
		run(t, reader, chromedp.Navigate(url), chromedp.WaitVisible("h1", chromedp.ByQuery))
		if !strings.Contains(text(t, reader, "main"), want) {
			t.Errorf("%s: the invitee does not read the minutes", url)
		}
		p.check(t, reader, "meeting with minutes", "Comité local")
	}

	hcts := p.tab(t)
	p.login(t, hcts, "hcts")
	next := time.Now().AddDate(0, 1, 0)
	run(t, hcts,
		chromedp.Navigate(p.url+"/national/seminaires"),
		chromedp.SetValue("#f-titre", "Séminaire national sur la participation", chromedp.ByQuery),
		chromedp.SetValue("#f-date", next.Format("2006-01-02"), chromedp.ByQuery),
		chromedp.SetValue("#f-debut", "09:30", chromedp.ByQuery),
		chromedp.SetValue("#f-fin", "16:30", chromedp.ByQuery),
		chromedp.SendKeys("#f-lieu", "Paris", chromedp.ByQuery),
	)
	submit(t, hcts, "/national/seminaires")
	for login, slug := range map[string]string{"pilote": "37-41", "pilote-autre": "autre"} {
		ctx := p.tab(t)
		p.login(t, ctx, login)
		run(t, ctx, chromedp.Navigate(p.url+"/c/"+slug+"/reunions"), chromedp.WaitVisible("h1", chromedp.ByQuery))
		if !strings.Contains(text(t, ctx, "main"), "Séminaire national sur la participation") {
			t.Errorf("committee %s does not show the seminar", slug)
		}
	}
}

package browsertest

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestJourneyConvocationAndAttendance: a pilot keeps a convocation for
// later and sends it from the meeting's page; a supported person answers
// that someone comes with them (a wrong number is shown next to its
// field); after a meeting, a wrong count of people from outside is shown
// next to its field. Every state passes the page checks.
func TestJourneyConvocationAndAttendance(t *testing.T) {
	p := newPortal(t)
	const committee = "Comité local"

	pilot := p.tab(t)
	p.login(t, pilot, "pilote")
	next := time.Now().AddDate(0, 0, 10)
	run(t, pilot,
		chromedp.Navigate(p.url+"/c/37-41/reunions/nouvelle"),
		chromedp.WaitVisible("#f-titre", chromedp.ByQuery),
		chromedp.SetValue("#f-titre", "Plénière convoquée plus tard", chromedp.ByQuery),
		chromedp.SetValue("#f-date", next.Format("2006-01-02"), chromedp.ByQuery),
		chromedp.SetValue("#f-debut", "14:00", chromedp.ByQuery),
		chromedp.SetValue("#f-fin", "16:00", chromedp.ByQuery),
		chromedp.SendKeys("#f-lieu", "Tours", chromedp.ByQuery),
		chromedp.Click("#f-convocation-plus_tard", chromedp.ByQuery),
	)
	clickAndConfirm(t, pilot, `main form button[type=submit]`)
	meeting := location(t, pilot)
	if i := strings.Index(meeting, "#"); i >= 0 {
		meeting = meeting[:i]
	}
	p.check(t, pilot, "meeting whose convocation waits", committee)
	submit(t, pilot, "/convocation")
	if !strings.Contains(text(t, pilot, "main"), "Convocation envoyée le") {
		t.Error("the page does not say that the convocation was sent")
	}

	acc := p.tab(t)
	p.login(t, acc, "accompagne")
	run(t, acc, chromedp.Navigate(meeting), chromedp.WaitVisible("#f-accompagnants", chromedp.ByQuery),
		chromedp.Click("#f-reponse-oui", chromedp.ByQuery),
		chromedp.SendKeys("#f-accompagnants", "9", chromedp.ByQuery))
	p.formWithErrors(t, acc, "answer with too many companions", `form[action$="/reponse"] button[type=submit]`, committee)
	run(t, acc, chromedp.SetValue("#f-accompagnants", "1", chromedp.ByQuery))
	submit(t, acc, "/reponse")

	// One tab at a time, each signed out: the pilot signs in again.
	pilot = p.tab(t)
	p.login(t, pilot, "pilote")
	run(t, pilot, chromedp.Navigate(meeting), chromedp.WaitVisible("h1", chromedp.ByQuery))
	if !strings.Contains(text(t, pilot, "main"), "Personnes attendues : 2") {
		t.Error("the organiser does not count the companion among the people expected")
	}

	// After a meeting: the sheet with a wrong count of people from outside.
	plenary := createMeeting(t, pilot, p.url+"/c/37-41/reunions/nouvelle", "Plénière d'avant-hier", time.Now().AddDate(0, 0, -2), "14:00", "16:00")
	run(t, pilot, chromedp.Navigate(plenary+"/emargement"), chromedp.WaitVisible("#f-exterieurs", chromedp.ByQuery),
		chromedp.SendKeys("#f-exterieurs", "beaucoup", chromedp.ByQuery))
	p.formWithErrors(t, pilot, "attendance sheet with errors", `form[action$="/emargement"] button[type=submit]`, committee)
}

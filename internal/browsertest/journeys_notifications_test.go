package browsertest

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
)

// checked reports whether the radio sel is checked.
func checked(t *testing.T, ctx context.Context, sel string) bool {
	t.Helper()
	var on bool
	run(t, ctx, chromedp.Evaluate(`document.querySelector(`+strconv.Quote(sel)+`).checked`, &on))
	return on
}

// TestJourneyNotifications is issue 16's "Done when" in the browser: the
// header says the unread count in words; a member sets news to weekly and
// convocations to at once and sees them kept; a convocation's « Je viens »
// link, opened signed out, leads to a confirmation page whose button
// records the answer, which the meeting's page then shows.
func TestJourneyNotifications(t *testing.T) {
	p := newPortal(t)
	bg := context.Background()
	conn := p.ownerIn(t, "37-41")
	var partner int64
	var unread int
	if err := conn.QueryRow(bg, `SELECT a.id, (SELECT count(*) FROM notifications n WHERE n.account_id = a.id AND n.read_at IS NULL)
		FROM accounts a WHERE a.login = 'partenaire'`).Scan(&partner, &unread); err != nil {
		t.Fatal(err)
	}
	if unread < 2 {
		t.Fatalf("the demo gives partenaire %d unread notifications", unread)
	}
	// The member had chosen otherwise before: news in the portal only,
	// convocations in the daily digest.
	if _, err := conn.Exec(bg, `INSERT INTO notification_preferences (account_id, kind, delivery)
		VALUES ($1, 'actualite', 'portail'), ($1, 'convocation', 'quotidien')`, partner); err != nil {
		t.Fatal(err)
	}

	ctx := p.tab(t)
	p.login(t, ctx, "partenaire")
	want := "Notifications (" + strconv.Itoa(unread) + " non lues)"
	if got := text(t, ctx, ".header-notifications a"); got != want {
		t.Errorf("header: %q, want %q", got, want)
	}
	// The centre, from the header's link.
	run(t, ctx, chromedp.Click(".header-notifications a", chromedp.ByQuery), chromedp.WaitVisible("main h1", chromedp.ByQuery))
	if got := p.pathOf(t, ctx); got != paths.Notifications {
		t.Fatalf("the header's link led to %s", got)
	}
	if n := strings.Count(text(t, ctx, "main"), "Non lue"); n != min(unread, 20) {
		t.Errorf("the centre marks %d notifications « Non lue », want %d", n, min(unread, 20))
	}
	p.visit(t, ctx, "partenaire", paths.Notifications, http.StatusOK, "")

	// Preferences: news weekly, convocations at once, kept.
	run(t, ctx, chromedp.Navigate(p.url+paths.Account), chromedp.WaitVisible("main h1", chromedp.ByQuery),
		chromedp.Click(`main a[href="`+paths.NotificationSettings+`"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#f-actualite-hebdomadaire", chromedp.ByQuery))
	if !checked(t, ctx, "#f-actualite-portail") || !checked(t, ctx, "#f-convocation-quotidien") {
		t.Fatal("the preferences page does not show the member's earlier choices")
	}
	p.check(t, ctx, "notification preferences", "")
	p.html.add("partenaire "+paths.NotificationSettings, p.servedHTML(t, ctx, paths.NotificationSettings, nil))
	// The form refused (no choice for convocations, an hour out of range):
	// its HTML for the checker too.
	refused := url.Values{"heure": {"24"}, "jour": {"1"}}
	p.html.add("partenaire refused preferences", p.servedHTML(t, ctx, paths.NotificationSettings, refused))
	run(t, ctx, chromedp.Click("#f-actualite-hebdomadaire", chromedp.ByQuery), chromedp.Click("#f-convocation-immediat", chromedp.ByQuery))
	clickAndConfirm(t, ctx, `form[action="`+paths.NotificationSettings+`"] button[type=submit]`)
	if got := text(t, ctx, ".notice-success"); got != "Vos choix de notifications sont enregistrés." {
		t.Errorf("confirmation: %q", got)
	}
	run(t, ctx, chromedp.Reload(), chromedp.WaitVisible("#f-actualite-hebdomadaire", chromedp.ByQuery))
	if !checked(t, ctx, "#f-actualite-hebdomadaire") || !checked(t, ctx, "#f-convocation-immediat") {
		t.Error("the choices are not kept after saving")
	}
	var stored string
	if err := conn.QueryRow(bg, `SELECT coalesce(string_agg(kind || '=' || delivery, ',' ORDER BY kind), '')
		FROM notification_preferences WHERE account_id = $1`, partner).Scan(&stored); err != nil {
		t.Fatal(err)
	}
	if stored != "" {
		t.Errorf("stored preferences %q: both choices are the defaults now, no row should be left", stored)
	}

	// A convocation: the pilot convenes a plenary; its « Je viens » link,
	// built as the worker builds it, with the portal's key.
	pilot := p.tab(t)
	p.login(t, pilot, "pilote")
	meetingURL := createMeeting(t, pilot, p.url+"/c/37-41/reunions/nouvelle", "Plénière des notifications",
		time.Now().AddDate(0, 0, 9), "14:00", "16:00")
	meeting, err := strconv.ParseInt(meetingURL[strings.LastIndex(meetingURL, "/")+1:], 10, 64)
	if err != nil {
		t.Fatalf("meeting URL %q: %v", meetingURL, err)
	}
	var (
		key       []byte
		committee int64
		start     time.Time
	)
	if err := conn.QueryRow(bg, `SELECT (SELECT key FROM signing_keys WHERE id = 1), committee_id, starts_at FROM meetings WHERE id = $1`,
		meeting).Scan(&key, &committee, &start); err != nil {
		t.Fatal(err)
	}
	token := auth.SignAnswer(key, auth.AnswerClaim{AccountID: partner, CommitteeID: committee, MeetingID: meeting, Expires: start})
	link := paths.MailAnswer(token, clts.AnswerYes)

	// Opened signed out, as from a mail client: the page, « Je viens »
	// chosen, nothing recorded yet.
	anon := p.tab(t)
	p.visit(t, anon, "anonymous", link, 200, "")
	if !checked(t, anon, "#f-reponse-oui") {
		t.Error("« Je viens » is not preselected")
	}
	if got := text(t, anon, "main h1"); got != "Répondre à la convocation" {
		t.Errorf("the link's page: %q", got)
	}
	var answers int
	if err := conn.QueryRow(bg, `SELECT count(*) FROM meeting_responses WHERE meeting_id = $1 AND account_id = $2 AND answer IS NOT NULL`,
		meeting, partner).Scan(&answers); err != nil {
		t.Fatal(err)
	}
	if answers != 0 {
		t.Fatal("opening the link recorded an answer")
	}
	clickAndConfirm(t, anon, "main form button[type=submit]")
	if got := text(t, anon, ".notice-success"); got != "Votre réponse : Je viens." {
		t.Errorf("confirmation: %q", got)
	}
	// (The confirmation answers a POST: a reload would post again, so the
	// page checks, which reload, ran on the link's page above.)
	if got := linkTo(t, anon, `main a[href^="/c/37-41/reunions/"]`); got != "/c/37-41/reunions/"+strconv.FormatInt(meeting, 10) {
		t.Errorf("the confirmation links to %q, not to the meeting", got)
	}

	// The meeting's page, signed in, shows the answer.
	again := p.tab(t)
	p.login(t, again, "partenaire")
	run(t, again, chromedp.Navigate(p.url+"/c/37-41/reunions/"+strconv.FormatInt(meeting, 10)),
		chromedp.WaitVisible("#titre-reponse", chromedp.ByQuery))
	if !checked(t, again, `#titre-reponse ~ form input[name=reponse][value=oui]`) {
		t.Error("the meeting's page does not show « Oui » after « Je viens » from the e-mail")
	}
	// The unsubscribe link's page, for the HTML checker.
	unsubscribe := paths.MailUnsubscribe(auth.SignUnsubscribe(key, auth.UnsubscribeClaim{AccountID: partner, Kind: auth.DigestWeekly}))
	p.visit(t, again, "anonymous", unsubscribe, http.StatusOK, "")
	p.validateHTML(t)

	// The link served once.
	run(t, again, chromedp.Navigate(p.url+link), chromedp.WaitVisible("main h1", chromedp.ByQuery))
	if got := text(t, again, "main h1"); got != "Ce lien a déjà servi" {
		t.Errorf("the link opened again: %q", got)
	}
}

// servedHTML is the page at path as served to the tab's user: a GET, or a
// POST of form when not nil (the refused form answers 422).
func (p *portal) servedHTML(t *testing.T, ctx context.Context, path string, form url.Values) string {
	t.Helper()
	c := p.client(t, ctx)
	var res *http.Response
	var err error
	if form == nil {
		res, err = c.Get(p.url + path)
	} else {
		res, err = c.PostForm(p.url+path, form)
	}
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if form != nil && res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("POST %s = %d, want 422", path, res.StatusCode)
	}
	return string(b)
}

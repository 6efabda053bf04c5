package browsertest

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/portail-clts/clts/internal/paths"
)

// TestJourneyReferents is issue 17's accompanied participation at 375 px:
// accompagne names professionnel as referent; she accepts, answers his next
// meeting and proposes an agenda item with him; the meeting's page shows
// « avec l'aide de … » to him and to the pilot; he ends the help, and her
// next attempt is refused with nothing written.
func TestJourneyReferents(t *testing.T) {
	p := newPortal(t)
	bg := context.Background()
	conn := p.ownerIn(t, "37-41")
	var sophie int64
	if err := conn.QueryRow(bg, `SELECT id FROM accounts WHERE login = 'professionnel'`).Scan(&sophie); err != nil {
		t.Fatal(err)
	}
	phone := func(ctx context.Context) {
		run(t, ctx, emulation.SetDeviceMetricsOverride(phoneWidth, phoneHeight, 1, true))
	}
	flash := func(ctx context.Context) string { return text(t, ctx, "main") }

	// He names her.
	ctx := p.tab(t)
	phone(ctx)
	p.login(t, ctx, "accompagne")
	run(t, ctx, chromedp.Navigate(p.url+paths.Help("37-41")), chromedp.WaitVisible("#f-referent", chromedp.ByQuery),
		chromedp.SetValue("#f-referent", strconv.FormatInt(sophie, 10), chromedp.ByQuery),
		chromedp.Click(`form[action$="/aide/referents"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`form[action$="/terminer"]`, chromedp.ByQuery))
	if got := flash(ctx); !strings.Contains(got, "Sophie Leroy") || !strings.Contains(got, "En attente de son accord") {
		t.Fatalf("after naming, the page says: %.400s", got)
	}
	checkPhone(t, ctx, "accompagne "+paths.Help("37-41"))

	// She accepts, then acts with him.
	ctx = p.tab(t)
	phone(ctx)
	p.login(t, ctx, "professionnel")
	run(t, ctx, chromedp.Navigate(p.url+paths.Help("37-41")),
		chromedp.Click(`form[action$="/accepter"] button`, chromedp.ByQuery),
		chromedp.WaitVisible(`main a.button[href*="/aide/"]`, chromedp.ByQuery),
		chromedp.Click(`main a.button[href*="/aide/"]`, chromedp.ByQuery),
		chromedp.WaitVisible("#f-point_titre", chromedp.ByQuery))
	if h1 := text(t, ctx, "main h1"); h1 != "Agir avec Jean D." {
		t.Errorf("the act page's heading: %q", h1)
	}
	checkPhone(t, ctx, "professionnel act page")
	var action string
	run(t, ctx, chromedp.AttributeValue(`form[action$="/ordre-du-jour"]`, "action", &action, nil, chromedp.ByQuery))
	m := regexp.MustCompile(`/reunions/(\d+)/`).FindStringSubmatch(action)
	if m == nil {
		t.Fatalf("no meeting in the proposal form's action %q", action)
	}
	meeting, _ := strconv.ParseInt(m[1], 10, 64)
	run(t, ctx,
		chromedp.Click("#f-reponse-oui", chromedp.ByQuery),
		chromedp.Click(`form[action$="/reponse"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(".notice-success", chromedp.ByQuery))
	run(t, ctx,
		chromedp.SendKeys("#f-point_titre", "Les transports pour venir aux réunions", chromedp.ByQuery),
		chromedp.Click(`form[action$="/ordre-du-jour"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`//div[contains(@class,"notice-success")][contains(., "proposition")]`, chromedp.BySearch))
	if got := flash(ctx); !strings.Contains(got, "La proposition est transmise") {
		t.Errorf("after proposing, the page says: %.300s", got)
	}

	// The meeting's page: the pilot sees the proposal and the answer with
	// the helper's name; he sees who helped him answer.
	ctx = p.tab(t)
	phone(ctx)
	p.login(t, ctx, "pilote")
	run(t, ctx, chromedp.Navigate(p.url+paths.Meeting("37-41", meeting)), chromedp.WaitVisible("#titre-odj", chromedp.ByQuery))
	if got := text(t, ctx, "main"); strings.Count(got, "avec l'aide de Sophie Leroy") < 2 {
		t.Errorf("the pilot's meeting page does not show « avec l'aide de Sophie Leroy » on the proposal and the answer")
	}
	ctx = p.tab(t)
	phone(ctx)
	p.login(t, ctx, "accompagne")
	run(t, ctx, chromedp.Navigate(p.url+paths.Meeting("37-41", meeting)), chromedp.WaitVisible("main h1", chromedp.ByQuery))
	if got := text(t, ctx, "main"); !strings.Contains(got, "avec l'aide de Sophie Leroy") {
		t.Errorf("his meeting page does not say who helped him answer")
	}

	// He ends the help.
	run(t, ctx, chromedp.Navigate(p.url+paths.Help("37-41")), chromedp.WaitVisible("#titre-fait", chromedp.ByQuery))
	if got := text(t, ctx, "#titre-fait + ul"); !strings.Contains(got, "avec l'aide de Sophie Leroy") {
		t.Errorf("his page does not list what was done with help: %q", got)
	}
	run(t, ctx, chromedp.Click(`form[action$="/terminer"] button`, chromedp.ByQuery),
		chromedp.WaitVisible(".notice-success", chromedp.ByQuery))
	if got := text(t, ctx, "#titre-referents + ul"); !strings.Contains(got, "Terminée") {
		t.Errorf("after ending, his referents: %q", got)
	}

	// Her next attempt is refused, and nothing is written.
	var before int
	count := `SELECT count(*) FROM agenda_items WHERE meeting_id = $1`
	if err := conn.QueryRow(bg, count, meeting).Scan(&before); err != nil {
		t.Fatal(err)
	}
	ctx = p.tab(t)
	phone(ctx)
	p.login(t, ctx, "professionnel")
	var jean int64
	if err := conn.QueryRow(bg, `SELECT id FROM accounts WHERE login = 'accompagne'`).Scan(&jean); err != nil {
		t.Fatal(err)
	}
	if status, _ := p.served(t, ctx, paths.ActWith("37-41", jean)); status != http.StatusForbidden {
		t.Errorf("the act page after the end: %d, want 403", status)
	}
	res, err := p.client(t, ctx).PostForm(p.url+paths.ActAgenda("37-41", jean, meeting), url.Values{"point_titre": {"Encore un point"}})
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("proposing after the end: %d, want 403", res.StatusCode)
	}
	var after int
	if err := conn.QueryRow(bg, count, meeting).Scan(&after); err != nil {
		t.Fatal(err)
	}
	if after != before {
		t.Errorf("the refused proposal was written: %d items, then %d", before, after)
	}
}

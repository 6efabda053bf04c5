package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestJourneyPilotHome: at 1280 and at 375 px, the pilot's home lists,
// above everything else, a pending request to join a group, a meeting
// waiting for their answer and a past meeting without minutes (the demo
// data), and each link leads to where the thing is done.
func TestJourneyPilotHome(t *testing.T) {
	p := newPortal(t)
	ctx := p.tab(t)
	p.login(t, ctx, "pilote")
	home := p.url + "/c/37-41/"
	const committee = "Comité local du travail social et du développement social 37-41"
	for _, width := range []int64{1280, 375} {
		run(t, ctx, emulation.SetDeviceMetricsOverride(width, 900, 1, width < 600))
		name := func(s string) string {
			return s + " (" + map[bool]string{true: "375", false: "1280"}[width < 600] + " px)"
		}

		run(t, ctx, chromedp.Navigate(home), chromedp.WaitVisible("section.todo", chromedp.ByQuery))
		var first string
		run(t, ctx, chromedp.Evaluate(`document.querySelector("main h2").textContent.trim()`, &first))
		if first != "À faire" {
			t.Errorf("%s: the first heading is %q, not « À faire »", name("home"), first)
		}
		var width0 int
		run(t, ctx, chromedp.Evaluate(`document.documentElement.scrollWidth`, &width0))
		if int64(width0) > width {
			t.Errorf("%s: %d px wide, horizontal scrolling", name("home"), width0)
		}

		// A pending request: the group's page, with the decision buttons.
		followTodo(t, ctx, home, "#todo-demandes ~ ul a", "#demandes", `form[action*="/demandes/"] button`, name("request"))
		// A meeting to answer: the meeting's page, at the answer form.
		followTodo(t, ctx, home, "#todo-reponses ~ ul a", "#titre-reponse", `form[action$="/reponse"] button[type=submit]`, name("answer"))
		// A past meeting without minutes: the minutes form.
		run(t, ctx, chromedp.Navigate(home), chromedp.WaitVisible("section.todo", chromedp.ByQuery))
		var minutesLink string
		run(t, ctx, chromedp.Evaluate(`(() => { const a = [...document.querySelectorAll('#todo-passees ~ ul a')]
			.find(a => a.textContent.includes('compte rendu')); return a ? a.getAttribute('href') : ''; })()`, &minutesLink))
		if !strings.HasSuffix(minutesLink, "/compte-rendu") {
			t.Fatalf("%s: no link to write the minutes of a past meeting (%q)", name("minutes"), minutesLink)
		}
		run(t, ctx, chromedp.Click(`#todo-passees ~ ul a[href="`+minutesLink+`"]`, chromedp.ByQuery),
			chromedp.WaitVisible(`main form textarea`, chromedp.ByQuery))
		if got := p.pathOf(t, ctx); got != minutesLink {
			t.Errorf("%s: the link led to %s", name("minutes"), got)
		}
	}
	run(t, ctx, emulation.ClearDeviceMetricsOverride(), chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(home), chromedp.WaitVisible("section.todo", chromedp.ByQuery))
	p.check(t, ctx, "pilot's home", committee)
}

// followTodo clicks, on the home, the first link matching sel, and checks
// that it opens the page at anchor (when not empty) showing done, the
// control where the thing is done.
func followTodo(t *testing.T, ctx context.Context, home, sel, anchor, done, name string) {
	t.Helper()
	var href string
	var ok bool
	run(t, ctx, chromedp.Navigate(home), chromedp.WaitVisible("section.todo", chromedp.ByQuery),
		chromedp.AttributeValue(sel, "href", &href, &ok, chromedp.ByQuery))
	if !ok || href == "" {
		t.Fatalf("%s: no link %s on the home", name, sel)
	}
	if anchor != "" && !strings.HasSuffix(href, anchor) {
		t.Errorf("%s: link %s does not lead to %s", name, href, anchor)
	}
	run(t, ctx, chromedp.Click(sel, chromedp.ByQuery), chromedp.WaitVisible(done, chromedp.ByQuery))
	var u string
	run(t, ctx, chromedp.Location(&u))
	if !strings.HasSuffix(u, href) {
		t.Errorf("%s: at %s, want %s", name, u, href)
	}
}

// committeeID returns the id of the demo committee slug.
func (p *portal) committeeID(t *testing.T, slug string) int64 {
	t.Helper()
	var c *clts.Committee
	pgtest.MustRead(t, p.db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		c, err = tx.CommitteeBySlug(context.Background(), slug)
		return err
	})
	return c.ID
}

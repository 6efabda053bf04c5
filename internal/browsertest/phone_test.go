package browsertest

import (
	"context"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// The phone every page is checked on: a 375 × 740 CSS px screen, where the
// header (banner and navigation) may take a quarter of the height at most.
const (
	phoneWidth      = 375
	phoneHeight     = 740
	maxHeaderHeight = phoneHeight / 4 // 185 px
)

// phoneFacts are what one script reads from the page on a phone.
type phoneFacts struct {
	Header      float64  `json:"header"`
	ScrollWidth int      `json:"scrollWidth"`
	Scrollers   []string `json:"scrollers"`
	Small       []string `json:"small"`
}

// phoneJS measures the header, finds any box that scrolls sideways, and the
// targets too small: links in lists, tables, navigation and pagers,
// checkboxes and radio buttons under 24 × 24 CSS px (links inside a
// sentence are exempt, as WCAG 2.5.8 allows), buttons under 44 px high.
const phoneJS = `(() => {
	const describe = el => el.tagName.toLowerCase() + (el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : '') +
		' «' + (el.textContent || el.getAttribute('aria-label') || el.name || '').trim().replace(/\s+/g, ' ').slice(0, 40) + '»';
	const header = document.querySelector('body > header');
	const scrollers = [...document.querySelectorAll('main *')].filter(el => {
		const ox = getComputedStyle(el).overflowX;
		return (ox === 'auto' || ox === 'scroll') && el.scrollWidth > el.clientWidth + 1;
	}).map(describe);
	const targets = [...document.querySelectorAll('li > a, td > a, th > a, dt > a, dd > a, nav a, .pager a, input[type=checkbox], input[type=radio], button, .button')]
		.filter(el => el.getClientRects().length > 0 && !el.closest('.visually-hidden, .skip-link'));
	const small = targets.filter(el => {
		const r = el.getBoundingClientRect();
		const button = el.matches('button, .button');
		return r.width < 23.5 || r.height < (button ? 43.5 : 23.5);
	}).map(el => describe(el) + ' ' + Math.round(el.getBoundingClientRect().width) + '×' + Math.round(el.getBoundingClientRect().height));
	return {header: header ? header.getBoundingClientRect().height : 0, scrollWidth: document.documentElement.scrollWidth,
		scrollers: scrollers, small: small};
})()`

// checkPhone reloads the page on a 375 × 740 screen: the header fits in a
// quarter of it, nothing scrolls sideways, and targets are large enough.
// The caller restores the desktop viewport.
func checkPhone(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	var f phoneFacts
	run(t, ctx,
		emulation.SetDeviceMetricsOverride(phoneWidth, phoneHeight, 1, true),
		chromedp.Reload(),
		chromedp.Evaluate(phoneJS, &f),
	)
	if f.Header > maxHeaderHeight {
		t.Errorf("%s: header %.0f px high at %d×%d, want at most %d (a quarter of the screen)", name, f.Header, phoneWidth, phoneHeight, maxHeaderHeight)
	}
	if f.ScrollWidth > phoneWidth {
		t.Errorf("%s: %d px wide at %d px: horizontal scrolling", name, f.ScrollWidth, phoneWidth)
	}
	for _, s := range f.Small {
		t.Errorf("%s: target too small at %d px (24 × 24 px, buttons 44 px high): %s", name, phoneWidth, s)
	}
	if strings.Contains(name, "/reunions/calendrier") {
		for _, s := range f.Scrollers {
			t.Errorf("%s: the month scrolls sideways at %d px: %s", name, phoneWidth, s)
		}
	}
}

// TestPhoneMenusMonthAndCalendars: on a phone, the committee menu opens and
// closes with the keyboard and without JavaScript; on a desktop it is shown
// as before. The month shows every day without horizontal scrolling, and
// the calendar page offers one-tap subscription and a copy button.
func TestPhoneMenusMonthAndCalendars(t *testing.T) {
	p := newPortal(t)
	ctx := p.tab(t)
	// The professional: the supported person's pages are in the easy
	// interface, whose header has no folded menus (journeys_easy_test.go).
	p.login(t, ctx, "professionnel")
	phone := emulation.SetDeviceMetricsOverride(phoneWidth, phoneHeight, 1, true)

	// The menus are closed on a phone: the committee's links are hidden.
	var visible bool
	navVisible := `[...document.querySelectorAll('nav[aria-label="Navigation du comité"] a')].some(a => a.checkVisibility({visibilityProperty: true}))`
	run(t, ctx, phone, chromedp.Navigate(p.url+"/c/37-41/"), chromedp.WaitReady("footer", chromedp.ByQuery),
		chromedp.Evaluate(navVisible, &visible))
	if visible {
		t.Error("phone: the committee menu is open before anyone opens it")
	}
	// Keyboard: Tab to the summary, Enter opens it, the links show and
	// take the focus next; Enter on the summary again closes it.
	tabTo(t, ctx, ".committee-menu > summary")
	var expanded bool
	run(t, ctx, chromedp.KeyEvent(kb.Enter), chromedp.Evaluate(navVisible, &visible),
		chromedp.Evaluate(`document.querySelector('.committee-menu').open`, &expanded))
	if !visible || !expanded {
		t.Fatalf("phone: Enter on « Menu du comité » does not open it (open=%v, links shown=%v)", expanded, visible)
	}
	tabTo(t, ctx, `nav[aria-label="Navigation du comité"] a[href="/c/37-41/reunions"]`)
	run(t, ctx, chromedp.KeyEvent(kb.Enter), chromedp.WaitReady(`footer`, chromedp.ByQuery))
	if u := location(t, ctx); !strings.HasSuffix(u, "/c/37-41/reunions") {
		t.Errorf("phone: the menu's link led to %s", u)
	}

	// Without JavaScript the menus work the same: <details> is HTML.
	run(t, ctx, emulation.SetScriptExecutionDisabled(true), chromedp.Reload(), chromedp.WaitReady("footer", chromedp.ByQuery),
		chromedp.Click(".committee-menu > summary", chromedp.ByQuery),
		chromedp.Evaluate(navVisible, &visible))
	if !visible {
		t.Error("phone, without JavaScript: a click on « Menu du comité » does not open it")
	}
	run(t, ctx, emulation.SetScriptExecutionDisabled(false))

	// Desktop: no button, the navigation shows as before.
	var summaryShown bool
	run(t, ctx, emulation.ClearDeviceMetricsOverride(), chromedp.EmulateViewport(1280, 900),
		chromedp.Navigate(p.url+"/c/37-41/"), chromedp.WaitReady("footer", chromedp.ByQuery),
		chromedp.Evaluate(navVisible, &visible),
		chromedp.Evaluate(`document.querySelector('.committee-menu > summary').getClientRects().length > 0`, &summaryShown))
	if !visible || summaryShown {
		t.Errorf("desktop: committee links shown=%v, menu button shown=%v; want the links, no button", visible, summaryShown)
	}

	// The month on a phone: every day of October 2018 is on the screen,
	// named in full, and nothing scrolls sideways.
	var month struct {
		Days        int      `json:"days"`
		Shown       []string `json:"shown"`
		ScrollWidth int      `json:"scrollWidth"`
		Scrolls     bool     `json:"scrolls"`
	}
	run(t, ctx, phone, chromedp.Navigate(p.url+"/c/37-41/reunions/calendrier?mois=2018-10"), chromedp.WaitReady("footer", chromedp.ByQuery),
		chromedp.Evaluate(`(() => {
			const days = [...document.querySelectorAll('table.month td:not(.outside)')];
			const shown = days.filter(td => { const r = td.getBoundingClientRect();
				const label = td.querySelector('.day-label');
				return r.left >= 0 && r.right <= window.innerWidth && r.width > 0 && label && label.getBoundingClientRect().width > 1; })
				.map(td => td.querySelector('.day-label').textContent.trim());
			const scrolls = [...document.querySelectorAll('main *')].some(el => el.scrollWidth > el.clientWidth + 1 &&
				['auto', 'scroll'].includes(getComputedStyle(el).overflowX));
			return {days: days.length, shown, scrollWidth: document.documentElement.scrollWidth, scrolls};
		})()`, &month))
	if month.Days != 31 || len(month.Shown) != 31 {
		t.Errorf("phone month: %d days, %d shown in full on the screen, want 31: %v", month.Days, len(month.Shown), month.Shown)
	}
	if len(month.Shown) > 5 && month.Shown[4] != "vendredi 5 octobre 2018" {
		t.Errorf("phone month: fifth day %q, want vendredi 5 octobre 2018", month.Shown[4])
	}
	if month.ScrollWidth > phoneWidth || month.Scrolls {
		t.Errorf("phone month: %d px wide, a box scrolls sideways: %v", month.ScrollWidth, month.Scrolls)
	}

	// The calendar subscription: a webcal:// link per feed, and a copy
	// button that the script adds and that says what it did.
	run(t, ctx, chromedp.Navigate(p.url+"/agendas"), chromedp.WaitReady("footer", chromedp.ByQuery),
		chromedp.Click(`main form button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(`code.feed-url`, chromedp.ByQuery))
	var webcal []string
	run(t, ctx, chromedp.Evaluate(`[...document.querySelectorAll('main a[href^="webcal://"]')].map(a => a.getAttribute('href'))`, &webcal))
	if len(webcal) < 2 {
		t.Fatalf("calendars: %d webcal:// links, want the personal feed and one per committee", len(webcal))
	}
	var address string
	run(t, ctx, chromedp.Text(`code.feed-url`, &address, chromedp.ByQuery))
	if want := "webcal://" + strings.TrimPrefix(strings.TrimSpace(address), "http://"); webcal[0] != want {
		t.Errorf("calendars: webcal link %q, want %q", webcal[0], want)
	}
	var status string
	run(t, ctx, chromedp.Click(`.feed button`, chromedp.ByQuery),
		chromedp.WaitVisible(`.copy-status`, chromedp.ByQuery),
		chromedp.Text(`.copy-status`, &status, chromedp.ByQuery))
	if !strings.Contains(status, "copi") {
		t.Errorf("calendars: after the copy button, status %q", status)
	}
	// The page as shown once, with its links and buttons, passes axe (a
	// reload would create new links).
	p.runAxe(t, ctx, "calendars with links")
}

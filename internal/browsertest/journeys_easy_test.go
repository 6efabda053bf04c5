package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
)

// TestJourneyEasyFirstScreen: on a 375 px phone, the demo supported person
// (easy interface by default) sees on her first screen her next meeting,
// in words, and answers it in one tap, back on the home with the
// confirmation; every link and button of that screen is at least 44 px
// high, as the browser lays it out; she leaves the easy interface in one
// click and comes back to it from her account.
func TestJourneyEasyFirstScreen(t *testing.T) {
	p := newPortal(t)
	ctx := p.tab(t)
	p.login(t, ctx, "accompagne")
	home := p.url + "/c/37-41/"
	run(t, ctx,
		emulation.SetDeviceMetricsOverride(375, 740, 1, true),
		chromedp.Navigate(home),
		chromedp.WaitVisible("#titre-prochaine", chromedp.ByQuery),
	)
	// The next meeting is on the first screen, its buttons in view.
	var firstScreen struct {
		Heading float64 `json:"heading"`
		Button  float64 `json:"button"`
	}
	run(t, ctx, chromedp.Evaluate(`({heading: document.querySelector('#titre-prochaine').getBoundingClientRect().top,
		button: document.querySelector('.easy-answers button').getBoundingClientRect().bottom})`, &firstScreen))
	if firstScreen.Heading > 740 || firstScreen.Button > 740 {
		t.Errorf("the next meeting is not on the first screen: heading at %.0f px, buttons end at %.0f px", firstScreen.Heading, firstScreen.Button)
	}
	block := text(t, ctx, "section[aria-labelledby=titre-prochaine]")
	for _, want := range []string{"Quand :", "Où :", "Pour que chacun puisse venir"} {
		if !strings.Contains(block, want) {
			t.Errorf("the next meeting does not say %q: %s", want, block)
		}
	}
	// Every link and button of the page: 44 px high at least.
	var small []string
	run(t, ctx, chromedp.Evaluate(`[...document.querySelectorAll('a, button, summary, input:not([type=hidden])')]
		.filter(el => el.getClientRects().length > 0 && !el.closest('.skip-link'))
		.filter(el => { const r = el.getBoundingClientRect(); return r.height < 43.5 || r.width < 43.5; })
		.map(el => el.tagName + ' «' + el.textContent.trim().slice(0, 40) + '» ' + Math.round(el.getBoundingClientRect().width) + '×' + Math.round(el.getBoundingClientRect().height))`, &small))
	for _, s := range small {
		t.Errorf("target under 44 px on the easy home at 375 px: %s", s)
	}
	// One tap: « Je ne viens pas », then back home with the confirmation.
	run(t, ctx,
		chromedp.Click(`.easy-answers form:has(input[name=reponse][value=non]) button`, chromedp.ByQuery),
		chromedp.WaitVisible(".notice-success", chromedp.ByQuery),
	)
	if u := location(t, ctx); u != home {
		t.Errorf("after the answer: %s, want the home", u)
	}
	if got := text(t, ctx, ".notice-success"); !strings.Contains(got, "Non") {
		t.Errorf("confirmation: %q", got)
	}
	if got := text(t, ctx, "#ma-reponse"); !strings.Contains(got, "je ne viens pas") {
		t.Errorf("the home does not show the answer: %q", got)
	}
	run(t, ctx,
		chromedp.Evaluate(`document.querySelector('.notice-success').remove()`, nil),
		chromedp.Click(`.easy-answers form:has(input[name=reponse][value=oui]) button`, chromedp.ByQuery),
		chromedp.WaitVisible(".notice-success", chromedp.ByQuery),
	)
	if got := text(t, ctx, "#ma-reponse"); !strings.Contains(got, "je viens") {
		t.Errorf("the home does not show the new answer: %q", got)
	}
	// The complete interface in one click, and back from the account.
	run(t, ctx,
		chromedp.Click(`form.easy-switch button`, chromedp.ByQuery),
		chromedp.WaitVisible(".committee-menu", chromedp.ByQuery),
	)
	if u := location(t, ctx); u != home {
		t.Errorf("leaving the easy interface led to %s", u)
	}
	run(t, ctx,
		chromedp.Navigate(p.url+"/compte"),
		chromedp.Click("#facile-oui", chromedp.ByQuery),
		chromedp.Click(`form[action="/compte/interface-facile"] button[type=submit]`, chromedp.ByQuery),
		chromedp.WaitVisible(".notice-success", chromedp.ByQuery),
		chromedp.Navigate(home),
		chromedp.WaitVisible("#titre-prochaine", chromedp.ByQuery),
	)
}

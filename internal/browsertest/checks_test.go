package browsertest

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// axeResult is the part of axe-core's result the tests read.
type axeResult struct {
	Violations []struct {
		ID     string `json:"id"`
		Impact string `json:"impact"`
		Help   string `json:"help"`
		Nodes  []struct {
			Target []any `json:"target"`
		} `json:"nodes"`
	} `json:"violations"`
}

// pageFacts are what one script reads from the page.
type pageFacts struct {
	Lang        string   `json:"lang"`
	Title       string   `json:"title"`
	H1          int      `json:"h1"`
	H1Text      string   `json:"h1text"`
	Unlabelled  []string `json:"unlabelled"`
	ScrollWidth int      `json:"scrollWidth"`
	Tabbables   int      `json:"tabbables"`
}

const factsJS = `(() => {
	const labelled = el => (el.id && document.querySelector('label[for="' + CSS.escape(el.id) + '"]')) ||
		el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || el.closest('label');
	const fields = [...document.querySelectorAll('input, select, textarea')]
		.filter(el => !['hidden', 'submit', 'button', 'reset'].includes(el.type));
	const tabbable = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, [tabindex]:not([tabindex="-1"])')]
		.filter(el => !el.disabled && el.getClientRects().length > 0);
	const h1 = document.querySelectorAll('h1');
	return {
		lang: document.documentElement.lang,
		title: document.title,
		h1: h1.length,
		h1text: h1.length ? h1[0].textContent.trim() : '',
		unlabelled: fields.filter(el => !labelled(el)).map(el => el.outerHTML.slice(0, 120)),
		scrollWidth: document.documentElement.scrollWidth,
		tabbables: tabbable.length,
	};
})()`

// focusJS describes the focused element and whether its focus shows.
const focusJS = `(() => {
	const el = document.activeElement;
	if (!el || el === document.body) return {tag: 'BODY', visible: true, key: 'body'};
	const cs = getComputedStyle(el);
	const visible = (cs.outlineStyle !== 'none' && parseFloat(cs.outlineWidth) >= 2) || (cs.boxShadow && cs.boxShadow !== 'none');
	const index = [...document.querySelectorAll('*')].indexOf(el);
	return {tag: el.tagName, visible: !!visible, segmented: ['date', 'time', 'datetime-local'].includes(el.type),
		key: index + ':' + el.tagName + '|' + (el.id || '') + '|' + (el.getAttribute('href') || el.getAttribute('name') || el.textContent.trim().slice(0, 40))};
})()`

type focusState struct {
	Tag       string `json:"tag"`
	Visible   bool   `json:"visible"`
	Segmented bool   `json:"segmented"` // date and time fields take a Tab per part
	Key       string `json:"key"`
}

// check runs every check on the page the tab shows: axe (WCAG 2.0/2.1 A
// and AA), lang, one h1, a title naming the page (and the committee inside
// one), labelled fields, 320 px without horizontal scrolling, focus
// visible and moving on when tabbing through the page, and on a 375 × 740
// phone a header within a quarter of the screen and targets of 24 px at
// least (checkPhone).
func (p *portal) check(t *testing.T, ctx context.Context, name, committee string) {
	t.Helper()
	p.runAxe(t, ctx, name)
	var facts pageFacts
	run(t, ctx, chromedp.Evaluate(factsJS, &facts))
	if facts.Lang != "fr" {
		t.Errorf("%s: lang=%q, want fr", name, facts.Lang)
	}
	if facts.H1 != 1 {
		t.Errorf("%s: %d h1, want 1", name, facts.H1)
	}
	if !strings.HasSuffix(facts.Title, "— Portail CLTS") || len(facts.Title) <= len("— Portail CLTS") {
		t.Errorf("%s: title %q does not name the page", name, facts.Title)
	}
	if committee != "" && !strings.Contains(facts.Title, committee) {
		t.Errorf("%s: title %q does not name the committee", name, facts.Title)
	}
	for _, u := range facts.Unlabelled {
		t.Errorf("%s: field without label: %s", name, u)
	}

	// Keyboard: Tab through the page; every stop shows its focus, and
	// focus moves on instead of staying trapped.
	run(t, ctx, chromedp.Evaluate(`document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0)`, nil))
	seen := map[string]int{}
	stops := facts.Tabbables + 2
	if stops > 80 {
		stops = 80
	}
	var last string
	repeats := 0
	for i := 0; i < stops+6; i++ {
		var f focusState
		run(t, ctx, chromedp.KeyEvent(kb.Tab), chromedp.Evaluate(focusJS, &f))
		if f.Tag == "BODY" {
			break // left the page: nothing trapped it
		}
		// Inside a date or time field, Tab also stops on the browser's own
		// picker button, whose focus ring the browser draws itself.
		if !f.Visible && !(f.Segmented && f.Key == last) {
			t.Errorf("%s: focus not visible on %s", name, f.Key)
		}
		if f.Key == last {
			repeats++
			if !f.Segmented || repeats > 3 {
				t.Errorf("%s: focus stuck on %s", name, f.Key)
				break
			}
			continue
		}
		repeats = 0
		seen[f.Key]++
		last = f.Key
	}
	if facts.Tabbables > 0 && len(seen) == 0 {
		t.Errorf("%s: Tab reaches nothing although the page has %d focusable elements", name, facts.Tabbables)
	}

	// 320 px wide: no horizontal scrolling, and the phone layout passes
	// axe too.
	var width int
	run(t, ctx,
		emulation.SetDeviceMetricsOverride(320, 640, 1, true),
		chromedp.Reload(),
		chromedp.Evaluate(`document.documentElement.scrollWidth`, &width),
	)
	if width > 320 {
		t.Errorf("%s: %d px wide at 320 px: horizontal scrolling", name, width)
	}
	p.runAxe(t, ctx, name+" (320 px)")
	checkPhone(t, ctx, name)
	run(t, ctx, emulation.ClearDeviceMetricsOverride(), chromedp.EmulateViewport(1280, 900))
}

// runAxe injects axe-core into the page as it is displayed and fails on any
// violation of the WCAG 2.0 and 2.1 A and AA rules.
func (p *portal) runAxe(t *testing.T, ctx context.Context, name string) {
	t.Helper()
	var res axeResult
	run(t, ctx,
		chromedp.Evaluate(p.axe, nil),
		evalAwait(`axe.run(document, {runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']}})`, &res),
	)
	for _, v := range res.Violations {
		var nodes []string
		for i, n := range v.Nodes {
			if i == 5 {
				nodes = append(nodes, fmt.Sprintf("et %d autres", len(v.Nodes)-5))
				break
			}
			nodes = append(nodes, fmt.Sprint(n.Target...))
		}
		t.Errorf("%s: axe %s (%s): %s — %s", name, v.ID, v.Impact, v.Help, strings.Join(nodes, " | "))
	}
}

// visit opens path in the tab, checks its status as served, keeps its HTML
// for the Nu checker, and runs every page check.
func (p *portal) visit(t *testing.T, ctx context.Context, role, path string, wantStatus int, committee string) {
	t.Helper()
	status, html := p.served(t, ctx, path)
	if status != wantStatus {
		t.Errorf("%s %s: status %d, want %d", role, path, status, wantStatus)
		return
	}
	p.html.add(role+" "+path, html)
	run(t, ctx, chromedp.Navigate(p.url+path), chromedp.WaitReady("body", chromedp.ByQuery))
	p.check(t, ctx, role+" "+path, committee)
}

package browsertest

import (
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/portail-clts/clts/internal/paths"
)

// TestJourneyEasyReadMinutes: on a 375 px phone, the demo supported person
// opens the minutes of a held meeting she attended, presses the « Version
// facile à lire » switch and reads the checked easy-to-read version with
// its « relu par » line, the switch pressed (aria-pressed="true"); pressed
// again, the original comes back. No JavaScript is needed: the switch is a
// GET form.
func TestJourneyEasyReadMinutes(t *testing.T) {
	p := newPortal(t)
	meeting, _, _, _ := p.easyReadSubjects(t)
	ctx := p.tab(t)
	p.login(t, ctx, "accompagne")
	page := p.url + paths.Meeting("37-41", meeting)
	pressed := func() string {
		var v string
		run(t, ctx, chromedp.AttributeValue(`form.easy-read-switch button`, "aria-pressed", &v, nil, chromedp.ByQuery))
		return v
	}
	run(t, ctx,
		emulation.SetDeviceMetricsOverride(375, 740, 1, true),
		chromedp.Navigate(page+"?"+paths.EasyReadParam+"=0"),
		chromedp.WaitVisible("#titre-cr", chromedp.ByQuery),
	)
	if got := pressed(); got != "false" {
		t.Errorf("the original asked: aria-pressed=%q, want false", got)
	}
	if got := text(t, ctx, "section[aria-labelledby=titre-cr]"); strings.Contains(got, "Relu par") || !strings.Contains(got, "Relevé de décisions") {
		t.Errorf("the original minutes: %s", got)
	}
	// The switch: the page comes back with the easy version.
	run(t, ctx,
		chromedp.Click(`form.easy-read-switch button`, chromedp.ByQuery),
		chromedp.WaitVisible("#facile-compte-rendu", chromedp.ByQuery),
	)
	if got := pressed(); got != "true" {
		t.Errorf("after the switch: aria-pressed=%q, want true", got)
	}
	if u := location(t, ctx); !strings.Contains(u, paths.EasyReadParam+"=1") {
		t.Errorf("after the switch: %s", u)
	}
	got := text(t, ctx, "#facile-compte-rendu")
	for _, want := range []string{"Version facile à lire", "Relu par Jean Dupuis le", "Les pilotes vont écrire une nouvelle charte."} {
		if !strings.Contains(got, want) {
			t.Errorf("the easy-to-read minutes do not say %q: %s", want, got)
		}
	}
	if strings.Contains(got, "J'ai relu") {
		t.Errorf("a checked version offers to check it again: %s", got)
	}
	// The switch is a 44 px target on the phone.
	var height float64
	run(t, ctx, chromedp.Evaluate(`document.querySelector('form.easy-read-switch button').getBoundingClientRect().height`, &height))
	if height < 43.5 {
		t.Errorf("the switch is %.0f px high, want 44", height)
	}
	// Pressed again: the original.
	run(t, ctx,
		chromedp.Click(`form.easy-read-switch button`, chromedp.ByQuery),
		chromedp.WaitNotPresent("#facile-compte-rendu", chromedp.ByQuery),
	)
	if got := pressed(); got != "false" {
		t.Errorf("back to the original: aria-pressed=%q, want false", got)
	}
}

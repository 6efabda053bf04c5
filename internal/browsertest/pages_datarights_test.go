package browsertest

import (
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/chromedp/chromedp"

	"github.com/portail-clts/clts/internal/paths"
)

// TestDataRightsPages runs every page check (axe at both widths, keyboard,
// 320 px, the Nu checker) on « Mes données » (the form, then the request
// waiting), with an archive being prepared, its erasure form sent unconfirmed, and the pilots' list of
// requests with one waiting. The account's pages are national: their
// title names no committee.
func TestDataRightsPages(t *testing.T) {
	p := newPortal(t)
	const committee = "Comité local"
	t.Run("accompagne", func(t *testing.T) {
		ctx := p.tab(t)
		p.login(t, ctx, "accompagne")
		p.visit(t, ctx, "accompagne", paths.Account, http.StatusOK, "")
		p.visit(t, ctx, "accompagne", paths.MyData, http.StatusOK, "")
		p.formWithErrors(t, ctx, "accompagne unconfirmed erasure", `form[action="`+paths.MyDataErasure+`"] button[type=submit]`, "")
		run(t, ctx,
			chromedp.Click("#f-confirme", chromedp.ByQuery),
			chromedp.Click(`form[action="`+paths.MyDataErasure+`"] button[type=submit]`, chromedp.ByQuery),
			chromedp.WaitNotPresent("#f-confirme", chromedp.ByQuery),
		)
		p.visit(t, ctx, "accompagne", paths.MyData, http.StatusOK, "")
	})
	t.Run("pilote", func(t *testing.T) {
		ctx := p.tab(t)
		p.login(t, ctx, "pilote")
		p.visit(t, ctx, "pilote", paths.ErasureRequests("37-41"), http.StatusOK, committee)
		p.visit(t, ctx, "pilote", paths.MyData, http.StatusOK, "")
		// An archive asked for in the background: the list of archives.
		var status int
		run(t, ctx, evalAwait(`fetch(`+strconv.Quote(paths.MyDataArchives)+`, {method: 'POST', credentials: 'same-origin', redirect: 'manual'}).then(r => r.status)`, &status))
		p.visit(t, ctx, "pilote archive requested", paths.MyData, http.StatusOK, "")
		if got := text(t, ctx, "main"); !strings.Contains(got, "en préparation") {
			t.Errorf("the requested archive is not listed: %.300s", got)
		}
	})
	p.validateHTML(t)
}

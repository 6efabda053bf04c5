package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestCampaignDeadlineBound: a deadline may only move later, so a
// mistyped one (2062 for 2026) would keep a campaign open for decades:
// opening or extending a campaign beyond the end of the year after its
// report's is refused next to the date, the form kept.
func TestCampaignDeadlineBound(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	db, campaign := ensureCampaign(t, f)
	hcts := f.login("hcts")
	res, body := hcts.post("/hcts/campagnes/nouvelle", url.Values{"annee": {"2098"}, "date_limite": {"2100-01-01"},
		"introduction": {"Une campagne."}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(tiedError(t, parse(t, body), "date_limite"), "31 décembre 2099") {
		t.Errorf("opening 2098 with a deadline in 2100: %d, error %q", res.StatusCode, tiedError(t, parse(t, body), "date_limite"))
	}
	mustSeeOther(t, hcts, "/hcts/campagnes/nouvelle", url.Values{"annee": {"2098"}, "date_limite": {"2099-12-31"}})

	year := db.text("", `SELECT year::text FROM campaigns WHERE id = $1`, campaign)
	doc := getPage(t, hcts, "/hcts/campagnes/"+campaign+"/modifier", http.StatusOK)
	res, body = hcts.post("/hcts/campagnes/"+campaign+"/modifier", url.Values{"version": {doc.Find(`input[name=version]`).AttrOr("value", "")},
		"date_limite": {"2999-06-30"}})
	if res.StatusCode != http.StatusUnprocessableEntity || tiedError(t, parse(t, body), "date_limite") == "" {
		t.Errorf("extending the %s campaign to 2999: %d", year, res.StatusCode)
	}
	if got := db.text("", `SELECT extract(year FROM deadline)::text FROM campaigns WHERE id = $1`, campaign); got == "2999" {
		t.Error("the campaign was extended to 2999")
	}
}

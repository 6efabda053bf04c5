package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestContributionStepOnStaleText: a pilot validates or transmits what
// the page showed them. When the text was saved again in between (another
// pilot, another tab), the step is refused in French (409), nothing
// changes and no e-mail leaves; from the page read again, it goes through.
func TestContributionStepOnStaleText(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ensureCampaign(t, f)
	pro, pilot := f.login("professionnel"), f.login("pilote")
	page := "/c/37-41/contributions/" + idAtEnd(t, mustSeeOther(t, pro, "/c/37-41/contributions/nouvelle", url.Values{
		"categorie": {"gouvernance"}, "titre": {"Instances de coordination"}, "texte": {"Première version."}, "apres": {"proposer"}}))

	// edit saves a new text as the pilot, from the edit form.
	edit := func(text string) {
		t.Helper()
		doc := getPage(t, pilot, page+"/modifier", http.StatusOK)
		mustSeeOther(t, pilot, page+"/modifier", url.Values{"version": {doc.Find(`input[name=version]`).AttrOr("value", "")},
			"titre": {"Instances de coordination"}, "texte": {text}})
	}
	// stale takes step from a page read before someone else's save: 409.
	stale := func(step, button string) {
		t.Helper()
		doc := getPage(t, pilot, page, http.StatusOK)
		seen := doc.Find(`form[action="`+page+`/`+step+`"] input[name=version]`).AttrOr("value", "")
		if seen == "" {
			t.Fatalf("the %s form carries no version", step)
		}
		edit("Texte changé pendant la relecture (" + step + ").")
		mailsBefore := len(f.mailsTo("professionnel@demo.test"))
		res, body := pilot.post(page+"/"+step, url.Values{"version": {seen}})
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, "depuis que vous l") {
			t.Errorf("%s from a stale page: %d, want 409 with the reason\n%.1500s", button, res.StatusCode, body)
		}
		if n := len(f.mailsTo("professionnel@demo.test")); n != mailsBefore {
			t.Errorf("%s refused, yet %d e-mail(s) left", button, n-mailsBefore)
		}
		// From the page read again, with the new text, it goes through.
		doc = getPage(t, pilot, page, http.StatusOK)
		mustStep(t, pilot, page+"/"+step, url.Values{"version": {doc.Find(`form[action="`+page+`/`+step+`"] input[name=version]`).AttrOr("value", "")}})
	}
	stale("valider", "validating")
	if doc := getPage(t, pilot, page, http.StatusOK); !strings.Contains(doc.Find(".tag").First().Text(), "Validée") {
		t.Fatalf("after validation: %q", doc.Find(".tag").First().Text())
	}
	stale("transmettre", "transmitting")
	if doc := getPage(t, pilot, page, http.StatusOK); !strings.Contains(doc.Find(".tag").First().Text(), "Transmise") ||
		!strings.Contains(doc.Text(), "Texte changé pendant la relecture (transmettre).") {
		t.Errorf("after transmission: %q", doc.Find(".tag").First().Text())
	}
}

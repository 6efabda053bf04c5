package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestContributionWithdrawnPracticeHidden: a practice linked to a
// contribution while published, then withdrawn by the pilots, is again
// its author's and the pilots' alone: the members who read the transmitted
// contribution, and its author, no longer see its title; the pilots do.
func TestContributionWithdrawnPracticeHidden(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	db, _ := ensureCampaign(t, f)
	pro, pilot, member := f.login("professionnel"), f.login("pilote"), f.login("partenaire")
	practice := db.id("37-41", `SELECT min(id) FROM practices WHERE committee_id = $1 AND status = 'publiee'
		AND author_id <> ALL ($2)`, f.committees["37-41"], []int64{f.accounts["professionnel"], f.accounts["partenaire"]})
	title := db.text("37-41", `SELECT title FROM practices WHERE committee_id = $1 AND id = $2`, f.committees["37-41"], practice)
	page := "/c/37-41/contributions/" + idAtEnd(t, mustSeeOther(t, pro, "/c/37-41/contributions/nouvelle", url.Values{
		"categorie": {"pratiques"}, "titre": {"Ce que la pratique nous apprend"}, "texte": {"Un texte."},
		"pratiques": {practice}, "apres": {"proposer"}}))
	mustStep(t, pilot, page+"/valider", url.Values{})
	mustStep(t, pilot, page+"/transmettre", url.Values{})
	if doc := getPage(t, member, page, http.StatusOK); !strings.Contains(doc.Text(), title) {
		t.Fatalf("the published practice %q is not shown on the contribution", title)
	}
	mustStep(t, pilot, "/c/37-41/pratiques/"+practice+"/retirer", url.Values{"motif": {"Des données personnelles y figuraient."}})
	for name, c := range map[string]*client{"a member": member, "the contribution's author": pro} {
		if doc := getPage(t, c, page, http.StatusOK); strings.Contains(doc.Text(), title) {
			t.Errorf("%s still reads the withdrawn practice's title %q on the contribution", name, title)
		}
	}
	if doc := getPage(t, pilot, page, http.StatusOK); !strings.Contains(doc.Text(), title) {
		t.Errorf("the pilot no longer sees the withdrawn practice %q", title)
	}
}

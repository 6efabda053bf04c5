package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestContributionCorrectionLinkReadable: the transmitted version links
// to its correction only for those who may read it: while the correction
// is a draft, its authors and the pilots; the other members are not sent
// to a page that does not exist for them.
func TestContributionCorrectionLinkReadable(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ensureCampaign(t, f)
	pro, pilot, member := f.login("professionnel"), f.login("pilote"), f.login("partenaire")
	page := "/c/37-41/contributions/" + idAtEnd(t, mustSeeOther(t, pro, "/c/37-41/contributions/nouvelle", url.Values{
		"categorie": {"recherche"}, "titre": {"Recherche-action"}, "texte": {"Un texte."}, "apres": {"proposer"}}))
	mustStep(t, pilot, page+"/valider", url.Values{})
	mustStep(t, pilot, page+"/transmettre", url.Values{})
	next := "/c/37-41/contributions/" + idAtEnd(t, mustSeeOther(t, pilot, page+"/corriger", url.Values{}))
	if res, _ := member.get(next); res.StatusCode != http.StatusNotFound {
		t.Fatalf("a member reading the correction's draft: %d, want 404", res.StatusCode)
	}
	doc := getPage(t, member, page, http.StatusOK)
	if doc.Find(`a[href="`+next+`"]`).Length() != 0 || strings.Contains(doc.Text(), "version corrigée de cette contribution existe") {
		t.Error("a member is sent to a correction they may not read")
	}
	for name, c := range map[string]*client{"the author": pro, "the pilot": pilot} {
		if doc := getPage(t, c, page, http.StatusOK); doc.Find(`a[href="`+next+`"]`).Length() == 0 {
			t.Errorf("%s is not linked to the correction", name)
		}
	}
}

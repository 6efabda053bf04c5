package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestContributionReturnCommentPrivate: the comment a pilot wrote to the
// authors when returning a contribution stays theirs and the pilots':
// once the contribution is transmitted, the other members read its
// history without it.
func TestContributionReturnCommentPrivate(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ensureCampaign(t, f)
	pro, pilot, member := f.login("professionnel"), f.login("pilote"), f.login("partenaire")
	page := "/c/37-41/contributions/" + idAtEnd(t, mustSeeOther(t, pro, "/c/37-41/contributions/nouvelle", url.Values{
		"categorie": {"metiers"}, "titre": {"Les métiers en tension"}, "texte": {"Un texte."}, "apres": {"proposer"}}))
	const comment = "Le passage sur la famille de Mme Durand la rend reconnaissable."
	mustStep(t, pilot, page+"/renvoyer", url.Values{"commentaire": {comment}})
	mustStep(t, pro, page+"/proposer", url.Values{})
	mustStep(t, pilot, page+"/valider", url.Values{})
	mustStep(t, pilot, page+"/transmettre", url.Values{})
	doc := getPage(t, member, page, http.StatusOK)
	if !strings.Contains(doc.Find("#titre-historique").Parent().Text(), "renvoyée à ses auteurs") {
		t.Error("the member does not see the contribution's steps")
	}
	if strings.Contains(doc.Text(), "Mme Durand") {
		t.Error("a member who is neither author nor pilot reads the pilot's comment to the authors")
	}
	for name, c := range map[string]*client{"the author": pro, "the pilot": pilot} {
		if doc := getPage(t, c, page, http.StatusOK); !strings.Contains(doc.Text(), "Mme Durand") {
			t.Errorf("%s no longer reads the return comment in the history", name)
		}
	}
}

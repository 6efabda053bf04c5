package server

import (
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/paths"
)

// TestReferentReopensPersonDrafts: the « Agir avec » page lists the
// person's drafts; the referent edits and proposes them with the person
// through the edit forms and the propose actions with ?avec= (the row
// records the helper, the journal the person); someone not named cannot
// open them; once the help ended, every attempt is refused and nothing is
// written.
func TestReferentReopensPersonDrafts(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ensureCampaign(t, f)
	db := openMatrixDB(t, f)
	const slug = "37-41"
	jean, sophie, partner := f.login("accompagne"), f.login("professionnel"), f.login("partenaire")
	jeanID := f.accounts["accompagne"]
	sophieID := strconv.FormatInt(f.accounts["professionnel"], 10)
	avec := "?avec=" + strconv.FormatInt(jeanID, 10)
	mustSeeOther(t, jean, paths.HelpName(slug), url.Values{"referent": {sophieID}})
	help := f.helpID(slug, "accompagne", "professionnel")
	mustSeeOther(t, sophie, paths.HelpAccept(slug, help), url.Values{})

	// Jean's own drafts, written alone.
	if res, body := postPracticeForm(t, jean, paths.PracticeNew(slug), url.Values{"titre": {"Brouillon de Jean"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("Jean's practice draft: %d\n%.1500s", res.StatusCode, body)
	}
	practice := db.id(slug, `SELECT id FROM practices WHERE title = 'Brouillon de Jean' AND author_id = $1 AND helped_by IS NULL`, jeanID)
	mustSeeOther(t, jean, paths.ContributionNew(slug, ""), url.Values{"categorie": {"metiers"}, "titre": {"Contribution de Jean"}})
	contribution := db.id(slug, `SELECT id FROM contributions WHERE title = 'Contribution de Jean' AND created_by = $1 AND helped_by IS NULL`, jeanID)
	pid, _ := strconv.ParseInt(practice, 10, 64)
	cid, _ := strconv.ParseInt(contribution, 10, 64)
	practiceEdit, contributionEdit := paths.PracticeEdit(slug, pid)+avec, paths.ContributionEdit(slug, cid)+avec

	// The « Agir avec » page lists them, each with its form with ?avec=.
	res, body := sophie.get(paths.ActWith(slug, jeanID))
	expectStatus(t, "the « Agir avec » page", res, http.StatusOK)
	body = html.UnescapeString(body)
	for _, want := range []string{"Brouillon de Jean", "Contribution de Jean", practiceEdit, contributionEdit} {
		if !strings.Contains(body, want) {
			t.Errorf("the « Agir avec » page does not show %q", want)
		}
	}

	// Without ?avec=, or by someone Jean did not name: not found.
	res, _ = sophie.get(paths.PracticeEdit(slug, pid))
	expectStatus(t, "the referent opening the draft without ?avec=", res, http.StatusNotFound)
	res, _ = partner.get(practiceEdit)
	expectStatus(t, "someone not named opening the draft", res, http.StatusNotFound)
	res, _ = partner.get(contributionEdit)
	expectStatus(t, "someone not named opening the contribution", res, http.StatusNotFound)

	// The referent edits the practice with Jean, then proposes it.
	res, body = sophie.get(practiceEdit)
	expectStatus(t, "the practice's form with the person", res, http.StatusOK)
	if !strings.Contains(html.UnescapeString(body), "avec Jean D.") || !strings.Contains(html.UnescapeString(body), practiceEdit) {
		t.Error("the edit form does not say whom it is written with, or does not send ?avec=")
	}
	if !strings.Contains(html.UnescapeString(body), "Annuler et revenir à la page « Agir avec »") {
		t.Error("the edit form with the person does not lead back to the « Agir avec » page")
	}
	version := db.text(slug, `SELECT version::text FROM practices WHERE id = $1`, pid)
	res, _ = postPracticeForm(t, sophie, practiceEdit, url.Values{"version": {version}, "titre": {"Brouillon repris"},
		"resume": {"Un résumé."}, "contexte": {"Le contexte."}, "actions": {"Ce qui a été fait."}, "en_cours": {"oui"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != paths.ActWith(slug, jeanID) {
		t.Fatalf("editing the practice with the person: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	db.id(slug, `SELECT id FROM practices WHERE id = $1 AND title = 'Brouillon repris' AND author_id = $2 AND status = 'brouillon'
		AND helped_by = $3`, pid, jeanID, f.accounts["professionnel"])
	db.id(slug, `SELECT id FROM audit_log WHERE action = 'practice.update' AND actor_id = $1 AND for_account_id = $2 ORDER BY id DESC LIMIT 1`,
		f.accounts["professionnel"], jeanID)
	res, _ = sophie.post(paths.PracticeSubmit(slug, pid)+avec, url.Values{})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != paths.ActWith(slug, jeanID) {
		t.Fatalf("proposing the practice with the person: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	db.id(slug, `SELECT id FROM practices WHERE id = $1 AND status = 'proposee' AND helped_by = $2`, pid, f.accounts["professionnel"])
	db.id(slug, `SELECT id FROM audit_log WHERE action = 'practice.submit' AND actor_id = $1 AND for_account_id = $2 ORDER BY id DESC LIMIT 1`,
		f.accounts["professionnel"], jeanID)

	// The contribution: edited, then proposed, with Jean.
	res, _ = sophie.get(contributionEdit)
	expectStatus(t, "the contribution's form with the person", res, http.StatusOK)
	version = db.text(slug, `SELECT version::text FROM contributions WHERE id = $1`, cid)
	res, _ = sophie.post(contributionEdit, url.Values{"version": {version}, "titre": {"Contribution reprise"}, "texte": {"Un texte écrit ensemble."}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != paths.ActWith(slug, jeanID) {
		t.Fatalf("editing the contribution with the person: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	db.id(slug, `SELECT id FROM contributions WHERE id = $1 AND title = 'Contribution reprise' AND status = 'brouillon' AND helped_by = $2`,
		cid, f.accounts["professionnel"])
	db.id(slug, `SELECT id FROM audit_log WHERE action = 'contribution.update' AND actor_id = $1 AND for_account_id = $2 ORDER BY id DESC LIMIT 1`,
		f.accounts["professionnel"], jeanID)
	// Another step than proposing is not done with the person.
	res, _ = sophie.post(paths.ContributionDelete(slug, cid)+avec, url.Values{})
	expectStatus(t, "deleting the contribution with the person", res, http.StatusForbidden)
	res, _ = sophie.post(paths.ContributionPropose(slug, cid)+avec, url.Values{})
	expectStatus(t, "proposing the contribution with the person", res, http.StatusSeeOther)
	db.id(slug, `SELECT id FROM contributions WHERE id = $1 AND status = 'proposee' AND helped_by = $2`, cid, f.accounts["professionnel"])

	// Once the help ended: refused, nothing written.
	if res, _ := postPracticeForm(t, jean, paths.PracticeNew(slug), url.Values{"titre": {"Après la fin"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("Jean's second draft: %d", res.StatusCode)
	}
	later := db.id(slug, `SELECT id FROM practices WHERE title = 'Après la fin' AND author_id = $1`, jeanID)
	lid, _ := strconv.ParseInt(later, 10, 64)
	mustSeeOther(t, jean, paths.HelpEnd(slug, help), url.Values{})
	laterEdit := paths.PracticeEdit(slug, lid) + avec
	res, _ = sophie.get(laterEdit)
	expectStatus(t, "the draft's form after the end", res, http.StatusForbidden)
	version = db.text(slug, `SELECT version::text FROM practices WHERE id = $1`, lid)
	if res, _ := postPracticeForm(t, sophie, laterEdit, url.Values{"version": {version}, "titre": {"Changé après la fin"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("editing after the end: %d, want 403", res.StatusCode)
	}
	res, _ = sophie.post(paths.PracticeSubmit(slug, lid)+avec, url.Values{})
	expectStatus(t, "proposing after the end", res, http.StatusForbidden)
	db.id(slug, `SELECT id FROM practices WHERE id = $1 AND title = 'Après la fin' AND status = 'brouillon' AND helped_by IS NULL`, lid)
	res, _ = sophie.get(paths.ActWith(slug, jeanID))
	expectStatus(t, "the « Agir avec » page after the end", res, http.StatusForbidden)
}

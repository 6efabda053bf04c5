package server

import (
	"net/url"
	"strconv"
	"testing"
	"time"

	"github.com/portail-clts/clts/web/components"
)

// setupContributionMatrix adds the ids of the campaign and contribution
// rows to the route matrix's sets, made over HTTP as their people would.
// The demo's HCTS reader gets the campaigns flag; {campaignID} is the open
// campaign (opened by that reader when the demo has none). In 37-41, the
// partner wrote: {contributionID}, transmitted; {draftContributionID}, a
// draft without a text (proposing it brings the page back);
// {proposedContributionID}, {validatedContributionID} and
// {participationContributionID} (proposed, in the participation
// category); the pilot wrote {pilotDraftContributionID}, a draft that its
// author deletes. The other set names, for all of them, a transmitted
// contribution of the other committee.
func setupContributionMatrix(t *testing.T, f *fixture, clients map[string]*client, db matrixDB, own, other map[string]string) {
	t.Helper()
	db.exec("", `UPDATE accounts SET hcts_publisher = true WHERE login = 'hcts'`)
	var open int
	db.in("")
	if err := db.conn.QueryRow(t.Context(), `SELECT count(*) FROM campaigns WHERE deadline > now() + interval '1 day'`).Scan(&open); err != nil {
		t.Fatal(err)
	}
	if open == 0 {
		deadline := time.Now().In(components.Paris()).AddDate(0, 0, 30)
		mustSeeOther(t, clients["hcts"], "/hcts/campagnes/nouvelle", url.Values{"annee": {"2099"},
			"date_limite": {deadline.Format("2006-01-02")}, "introduction": {"Campagne de la matrice."}})
	}
	campaign := db.id("", `SELECT id FROM campaigns WHERE deadline > now() ORDER BY year DESC LIMIT 1`)
	own["campaignID"], other["campaignID"] = campaign, campaign

	partner, pilot, pa := clients["partenaire"], clients["pilote"], clients["pilote-autre"]
	write := func(c *client, slug, category, title string, propose bool) string {
		form := url.Values{"categorie": {category}, "titre": {title}}
		if propose {
			form["texte"] = []string{"Ce que le comité a observé."}
			form["apres"] = []string{"proposer"}
		}
		return idAtEnd(t, mustSeeOther(t, c, "/c/"+slug+"/contributions/nouvelle", form))
	}
	step := func(c *client, slug, id, action string) {
		mustStep(t, c, "/c/"+slug+"/contributions/"+id+"/"+action, url.Values{})
	}
	transmitted := write(partner, "37-41", "besoins", "Transmise de la matrice", true)
	step(pilot, "37-41", transmitted, "valider")
	step(pilot, "37-41", transmitted, "transmettre")
	validated := write(partner, "37-41", "gouvernance", "Validée de la matrice", true)
	step(pilot, "37-41", validated, "valider")
	own["contributionID"] = transmitted
	own["draftContributionID"] = write(partner, "37-41", "recherche", "Brouillon de la matrice", false)
	own["proposedContributionID"] = write(partner, "37-41", "metiers", "Proposée de la matrice", true)
	own["validatedContributionID"] = validated
	own["participationContributionID"] = write(partner, "37-41", "participation", "Participation de la matrice", true)
	own["pilotDraftContributionID"] = write(pilot, "37-41", "pratiques", "Brouillon de la pilote", false)

	theirs := write(pa, "autre", "besoins", "Contribution du Loiret", true)
	step(pa, "autre", theirs, "valider")
	step(pa, "autre", theirs, "transmettre")
	for _, k := range []string{"contributionID", "draftContributionID", "proposedContributionID", "validatedContributionID",
		"participationContributionID", "pilotDraftContributionID"} {
		other[k] = theirs
	}
	if _, err := strconv.Atoi(theirs); err != nil {
		t.Fatal(err)
	}
}

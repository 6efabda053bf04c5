package server

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestReferentNeverActsWithAPilotsRights: the person who named a referent
// has since become a pilot of the committee; the referent may no longer act
// with them (403 on the page and on the forms), so that they never add an
// item straight to the agenda with a pilot's rights, and nothing is written.
func TestReferentNeverActsWithAPilotsRights(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	db := openMatrixDB(t, f)
	const slug = "37-41"
	jean, sophie := f.login("accompagne"), f.login("professionnel")
	jeanID := f.accounts["accompagne"]
	meeting := f.nextPlenary()
	mustSeeOther(t, jean, paths.HelpName(slug), url.Values{"referent": {strconv.FormatInt(f.accounts["professionnel"], 10)}})
	mustSeeOther(t, sophie, paths.HelpAccept(slug, f.helpID(slug, "accompagne", "professionnel")), url.Values{})

	db.exec(slug, `UPDATE memberships SET role = 'pilote' WHERE committee_id = clts_committee_id() AND account_id = $1`, jeanID)
	before := f.agendaCount(meeting)
	res, _ := sophie.get(paths.ActWith(slug, jeanID))
	expectStatus(t, "the act page with a person now pilot", res, http.StatusForbidden)
	res, _ = sophie.post(paths.ActAgenda(slug, jeanID, meeting), url.Values{"point_titre": {"Un point retenu d'office"}})
	expectStatus(t, "an agenda item with a person now pilot", res, http.StatusForbidden)
	res, _ = sophie.post(paths.ActAnswer(slug, jeanID, meeting), url.Values{"reponse": {"oui"}})
	expectStatus(t, "an answer with a person now pilot", res, http.StatusForbidden)
	if got := f.agendaCount(meeting); got != before {
		t.Errorf("agenda: %d items, want %d", got, before)
	}
}

// TestHelpedActionsNameTheReferentAsTheDirectory: on the person's « Aide »
// page, what was done with help names the referent as the directory shows
// them to the person: a referent who is also a supported person hiding
// their full name appears by first name and initial, nowhere in full.
func TestHelpedActionsNameTheReferentAsTheDirectory(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	db := openMatrixDB(t, f)
	const slug = "37-41"
	db.exec(slug, `UPDATE memberships SET role = 'personne_accompagnee', show_full_name = false
		WHERE committee_id = clts_committee_id() AND account_id = $1`, f.accounts["partenaire"])
	jean, karim := f.login("accompagne"), f.login("partenaire")
	jeanID := f.accounts["accompagne"]
	meeting := f.nextPlenary()
	mustSeeOther(t, jean, paths.HelpName(slug), url.Values{"referent": {strconv.FormatInt(f.accounts["partenaire"], 10)}})
	mustSeeOther(t, karim, paths.HelpAccept(slug, f.helpID(slug, "accompagne", "partenaire")), url.Values{})
	mustSeeOther(t, karim, paths.ActAnswer(slug, jeanID, meeting), url.Values{"reponse": {"oui"}})

	res, body := jean.get(paths.Help(slug))
	expectStatus(t, "the person's page", res, http.StatusOK)
	body = html.UnescapeString(body)
	if !strings.Contains(body, "avec l'aide de Karim B.") {
		t.Error("the person's page does not list the answer « avec l'aide de Karim B. »")
	}
	if strings.Contains(body, "Benali") {
		t.Error("the person's page shows the full name of a supported person who hides it")
	}
}

// TestEasyHomeSaysTheAnswerWasGivenWithHelp: the person's answer given by
// their referent with them shows on the easy home, their first screen,
// « avec l'aide de » the referent, as on the meeting's page.
func TestEasyHomeSaysTheAnswerWasGivenWithHelp(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	const slug = "37-41"
	jean, sophie := f.login("accompagne"), f.login("professionnel")
	var next *postgres.MeetingView
	f.read(slug, "accompagne", func(tx *postgres.Tx) error {
		var err error
		next, err = tx.NextInvitedMeeting(context.Background(), f.srv.now())
		return err
	})
	if next == nil {
		t.Fatal("the demo supported person has no upcoming meeting")
	}
	mustSeeOther(t, jean, paths.HelpName(slug), url.Values{"referent": {strconv.FormatInt(f.accounts["professionnel"], 10)}})
	mustSeeOther(t, sophie, paths.HelpAccept(slug, f.helpID(slug, "accompagne", "professionnel")), url.Values{})
	mustSeeOther(t, sophie, paths.ActAnswer(slug, f.accounts["accompagne"], next.Meeting.ID), url.Values{"reponse": {"oui"}})

	res, body := jean.get(paths.CommitteeHome(slug))
	expectStatus(t, "the easy home", res, http.StatusOK)
	doc := parse(t, body)
	if got := doc.Find("#ma-reponse").Text(); !strings.Contains(got, "je viens") || !strings.Contains(got, "avec l'aide de Sophie Leroy") {
		t.Errorf("the easy home's answer: %q, want it « avec l'aide de Sophie Leroy »", strings.Join(strings.Fields(got), " "))
	}
	// Answered by the person alone, the mention goes.
	action, v := easyForm(t, doc, ".easy-answers form:first-of-type")
	mustSeeOther(t, jean, action, v)
	_, body = jean.get(paths.CommitteeHome(slug))
	if got := parse(t, body).Find("#ma-reponse").Text(); strings.Contains(got, "avec l'aide de") {
		t.Errorf("the person's own answer still says it was helped: %q", strings.Join(strings.Fields(got), " "))
	}
}

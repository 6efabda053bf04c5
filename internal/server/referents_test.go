package server

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
)

// helpID is the id of the latest help between person and referent (logins)
// in committee slug; 0 when none.
func (f *fixture) helpID(slug, person, referent string) int64 {
	f.t.Helper()
	var id int64
	f.read(slug, referent, func(tx *postgres.Tx) error {
		h, _, err := tx.HelpWith(context.Background(), f.accounts[person], false, false)
		id = h.ID
		return err
	})
	return id
}

// nextPlenary is the id of committee 37-41's next plenary (every member is
// invited).
func (f *fixture) nextPlenary() int64 {
	f.t.Helper()
	now := time.Now()
	for _, m := range f.meetingsBetween("37-41", now.Add(24*time.Hour), now.AddDate(1, 0, 0), 50) {
		if m.Kind == clts.KindPlenary && m.Status == clts.MeetingPlanned {
			return m.ID
		}
	}
	f.t.Fatal("no plenary ahead in the demo")
	return 0
}

// agendaCount counts the items and proposals of a meeting.
func (f *fixture) agendaCount(meetingID int64) int {
	return len(f.agenda(meetingID))
}

func expectStatus(t *testing.T, what string, res *http.Response, want int) {
	t.Helper()
	if res.StatusCode != want {
		t.Errorf("%s: status %d, want %d", what, res.StatusCode, want)
	}
}

// TestReferentHandlers walks the help from naming to ending: the person
// names a referent, who accepts, answers a meeting and proposes an agenda
// item with him; the meeting's page shows « avec l'aide de » to the pilot
// and to the person; the person's page lists it; ended, the next attempt
// is refused and nothing is written.
func TestReferentHandlers(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	const slug = "37-41"
	jean, sophie := f.login("accompagne"), f.login("professionnel")
	jeanID := f.accounts["accompagne"]
	meeting := f.nextPlenary()
	act := func(c *client, kind string, form url.Values) *http.Response {
		path := paths.ActAgenda(slug, jeanID, meeting)
		if kind == "answer" {
			path = paths.ActAnswer(slug, jeanID, meeting)
		}
		res, _ := c.post(path, form)
		return res
	}
	item := url.Values{"point_titre": {"Les transports pour venir"}}

	res, body := jean.get(paths.Help(slug))
	expectStatus(t, "the person's page", res, http.StatusOK)
	if !strings.Contains(body, "Demander l'aide de quelqu'un") {
		t.Error("the person's page has no naming form")
	}
	res, _ = jean.post(paths.HelpName(slug), url.Values{"referent": {strconv.FormatInt(f.accounts["professionnel"], 10)}})
	expectStatus(t, "naming", res, http.StatusSeeOther)
	help := f.helpID(slug, "accompagne", "professionnel")

	// Waiting: the referent cannot act yet.
	expectStatus(t, "acting before the agreement", act(sophie, "agenda", item), http.StatusForbidden)
	res, _ = sophie.get(paths.ActWith(slug, jeanID))
	expectStatus(t, "the page before the agreement", res, http.StatusForbidden)
	// The person cannot accept for the referent.
	res, _ = jean.post(paths.HelpAccept(slug, help), nil)
	expectStatus(t, "the person accepting", res, http.StatusForbidden)
	res, _ = sophie.post(paths.HelpAccept(slug, help), nil)
	expectStatus(t, "accepting", res, http.StatusSeeOther)

	res, body = sophie.get(paths.ActWith(slug, jeanID))
	expectStatus(t, "the act page", res, http.StatusOK)
	if !strings.Contains(body, "Agir avec Jean D.") || !strings.Contains(body, "Proposer le point") {
		t.Errorf("the act page: %.300s", body)
	}
	// Bad input: 422, the input kept, nothing written.
	before := f.agendaCount(meeting)
	res = act(sophie, "agenda", url.Values{"point_titre": {""}, "point_description": {"Gardé"}})
	expectStatus(t, "an empty proposal", res, http.StatusUnprocessableEntity)
	res = act(sophie, "answer", url.Values{"reponse": {"oui"}, "besoin_transport": {"oui"}})
	expectStatus(t, "answering", res, http.StatusSeeOther)
	res = act(sophie, "agenda", item)
	expectStatus(t, "proposing", res, http.StatusSeeOther)
	if got := f.agendaCount(meeting); got != before+1 {
		t.Errorf("agenda: %d items, want %d", got, before+1)
	}

	_, body = f.login("pilote").get(paths.Meeting(slug, meeting))
	if strings.Count(body, "avec l'aide de Sophie Leroy") < 2 {
		t.Error("the pilot's meeting page does not show the answer and the proposal « avec l'aide de Sophie Leroy »")
	}
	_, body = jean.get(paths.Meeting(slug, meeting))
	if !strings.Contains(body, "Réponse donnée avec l'aide de Sophie Leroy") {
		t.Error("the person's meeting page does not say who helped them answer")
	}
	_, body = jean.get(paths.Help(slug))
	body = html.UnescapeString(body)
	if !strings.Contains(body, "Proposition pour l'ordre du jour") || !strings.Contains(body, "avec l'aide de Sophie Leroy") {
		t.Error("the person's page does not list what was done with help")
	}

	// Another member the person did not name; another committee's pilot.
	expectStatus(t, "someone not named", act(f.login("partenaire"), "agenda", item), http.StatusNotFound)
	res, _ = f.login("pilote-autre").post(paths.ActAgenda("autre", jeanID, meeting), item)
	expectStatus(t, "another committee", res, http.StatusNotFound)
	res, _ = f.login("pilote-autre").post(paths.ActAgenda(slug, jeanID, meeting), item)
	if res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusForbidden {
		t.Errorf("another committee's pilot on 37-41: %d", res.StatusCode)
	}

	// The person ends the help; the referent's next attempt is refused.
	res, _ = jean.post(paths.HelpEnd(slug, help), nil)
	expectStatus(t, "ending", res, http.StatusSeeOther)
	expectStatus(t, "acting after the end", act(sophie, "agenda", item), http.StatusForbidden)
	expectStatus(t, "answering after the end", act(sophie, "answer", url.Values{"reponse": {"non"}}), http.StatusForbidden)
	if got := f.agendaCount(meeting); got != before+1 {
		t.Errorf("agenda after the refusals: %d items, want %d", got, before+1)
	}
	res, _ = jean.post(paths.HelpEnd(slug, help), nil)
	expectStatus(t, "ending twice", res, http.StatusForbidden)
}

// TestReferentNaming: only supported persons name referents, never
// themselves nor someone outside the committee (422, nothing written).
func TestReferentNaming(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	const slug = "37-41"
	name := func(login, who string) *http.Response {
		res, _ := f.login(login).post(paths.HelpName(slug), url.Values{"referent": {who}})
		return res
	}
	id := func(login string) string { return strconv.FormatInt(f.accounts[login], 10) }
	expectStatus(t, "a pilot naming", name("pilote", id("professionnel")), http.StatusForbidden)
	expectStatus(t, "a professional naming", name("professionnel", id("pilote")), http.StatusForbidden)
	expectStatus(t, "naming oneself", name("accompagne", id("accompagne")), http.StatusUnprocessableEntity)
	expectStatus(t, "naming another committee's pilot", name("accompagne", id("pilote-autre")), http.StatusUnprocessableEntity)
	expectStatus(t, "naming no one", name("accompagne", ""), http.StatusUnprocessableEntity)
	if f.helpID(slug, "accompagne", "pilote-autre") != 0 || f.helpID(slug, "accompagne", "professionnel") != 0 {
		t.Error("a refused naming was written")
	}
	expectStatus(t, "naming", name("accompagne", id("partenaire")), http.StatusSeeOther)
	expectStatus(t, "naming twice", name("accompagne", id("partenaire")), http.StatusUnprocessableEntity)
	// Someone else's help: 404 to a third member.
	help := f.helpID(slug, "accompagne", "partenaire")
	res, _ := f.login("pilote41").post(paths.HelpAccept(slug, help), nil)
	expectStatus(t, "a third member accepting", res, http.StatusNotFound)
	res, _ = f.login("partenaire").post(paths.HelpDecline(slug, help), nil)
	expectStatus(t, "declining", res, http.StatusSeeOther)
	res, _ = f.login("partenaire").get(paths.ActWith(slug, f.accounts["accompagne"]))
	expectStatus(t, "acting after declining", res, http.StatusForbidden)
}

// TestReferentWritesWithPerson: with ?avec=, the new practice and the new
// contribution forms write the person's draft (or proposal) with the
// referent as helper, shown « avec l'aide de » on the sheet and the
// contribution's page; someone not named gets 404, an ended help 403, and
// nothing is written.
func TestReferentWritesWithPerson(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ensureCampaign(t, f)
	db := openMatrixDB(t, f)
	const slug = "37-41"
	jean, sophie := f.login("accompagne"), f.login("professionnel")
	jeanID := strconv.FormatInt(f.accounts["accompagne"], 10)
	mustSeeOther(t, jean, paths.HelpName(slug), url.Values{"referent": {strconv.FormatInt(f.accounts["professionnel"], 10)}})
	help := f.helpID(slug, "accompagne", "professionnel")
	avec := "?avec=" + jeanID
	practiceNew := paths.PracticeNew(slug) + avec
	contributionNew := paths.ContributionNew(slug, "") + avec
	contribution := url.Values{"categorie": {"metiers"}, "titre": {"Venir aux réunions"}, "texte": {"Un texte écrit ensemble."}, "apres": {"proposer"}}

	// Before the agreement: refused, nothing written.
	if res, _ := postPracticeForm(t, sophie, practiceNew, url.Values{"titre": {"Notre idée"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a practice before the agreement: %d, want 403", res.StatusCode)
	}
	mustSeeOther(t, sophie, paths.HelpAccept(slug, help), url.Values{})

	res, body := sophie.get(practiceNew)
	expectStatus(t, "the new practice form with the person", res, http.StatusOK)
	if !strings.Contains(body, "Écrire une pratique inspirante avec Jean D.") {
		t.Error("the form does not say whom the practice is written with")
	}
	res, _ = postPracticeForm(t, sophie, practiceNew, url.Values{"titre": {"Notre idée"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != paths.ActWith(slug, f.accounts["accompagne"]) {
		t.Fatalf("saving the practice with the person: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	practice := db.id(slug, `SELECT id FROM practices WHERE title = 'Notre idée' AND author_id = $1
		AND helped_by = (SELECT id FROM accounts WHERE login = 'professionnel')`, f.accounts["accompagne"])
	_, body = jean.get("/c/37-41/pratiques/" + practice)
	if !strings.Contains(html.UnescapeString(body), "avec l'aide de Sophie L.") {
		t.Error("the person's practice sheet does not say who helped")
	}

	res, _ = sophie.post(contributionNew, contribution)
	expectStatus(t, "proposing the contribution with the person", res, http.StatusSeeOther)
	id := db.id(slug, `SELECT id FROM contributions WHERE title = 'Venir aux réunions' AND created_by = $1 AND status = 'proposee'
		AND helped_by IS NOT NULL`, f.accounts["accompagne"])
	_, body = f.login("pilote").get("/c/37-41/contributions/" + id)
	if !strings.Contains(html.UnescapeString(body), "avec l'aide de Sophie L.") {
		t.Error("the contribution's page does not say who helped")
	}
	_, body = jean.get(paths.Help(slug))
	body = html.UnescapeString(body)
	for _, what := range []string{"Pratique inspirante", "Contribution"} {
		if !strings.Contains(body, what) {
			t.Errorf("the person's page does not list the %s written with help", what)
		}
	}

	// Someone not named, then the help ended: refused, nothing written.
	count := func() string {
		return db.id(slug, `SELECT count(*) FROM practices WHERE author_id = $1`, f.accounts["accompagne"])
	}
	before := count()
	if res, _ := postPracticeForm(t, f.login("partenaire"), practiceNew, url.Values{"titre": {"Pas nommé"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("a practice by someone not named: %d, want 404", res.StatusCode)
	}
	mustSeeOther(t, jean, paths.HelpEnd(slug, help), url.Values{})
	if res, _ := postPracticeForm(t, sophie, practiceNew, url.Values{"titre": {"Après la fin"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a practice after the end: %d, want 403", res.StatusCode)
	}
	res, _ = sophie.post(contributionNew, contribution)
	expectStatus(t, "a contribution after the end", res, http.StatusForbidden)
	if after := count(); after != before {
		t.Errorf("the person's practices: %s, then %s", before, after)
	}
}

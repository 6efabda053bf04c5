package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
)

// convocations returns the e-mails of the outbox whose subject starts with
// prefix (every one of them, newest first).
func (f *fixture) convocations(prefix string) []postgres.Mail {
	f.t.Helper()
	var out []postgres.Mail
	for _, m := range f.outbox(100_000) {
		if strings.HasPrefix(m.Mail.Subject, prefix) {
			out = append(out, m.Mail)
		}
	}
	return out
}

// membersWithEmail counts the active members of 37-41 with an address: the
// invitees of a plenary who get its e-mails.
func (f *fixture) membersWithEmail() int {
	f.t.Helper()
	return f.ownerCommitteeCount("37-41", `SELECT count(*) FROM memberships ms JOIN accounts a ON a.id = ms.account_id
		WHERE ms.committee_id = $1 AND ms.active AND a.email IS NOT NULL AND NOT a.disabled`, f.committees["37-41"])
}

func plenaryForm(title string, day time.Time, convene string) url.Values {
	v := url.Values{"titre": {title}, "date": {day.In(components.Paris()).Format("2006-01-02")}, "debut": {"14:00"}, "fin": {"16:00"},
		"lieu": {"Hôtel du Département, Tours"}, "repetition": {"1"}}
	if convene != "" {
		v.Set("convocation", convene)
	}
	return v
}

// TestPastMeetingIsNeverConvened: a meeting recorded after its date is
// created, but no one is convened, whatever the organiser chose; the form
// and the page say so.
func TestPastMeetingIsNeverConvened(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")

	_, body := pilot.get("/c/37-41/reunions/nouvelle")
	if hint := parse(t, body).Find("#f-convocation-hint").Text(); !strings.Contains(hint, "date est passée n'est jamais convoquée") {
		t.Errorf("the form does not say that a past meeting is not convened: %q", hint)
	}

	// The choice is kept when the form has errors, and a choice the form
	// does not offer is refused next to it.
	wrong := plenaryForm("Plénière rattrapée", time.Now().AddDate(0, 0, -3), "plus_tard")
	wrong.Set("fin", "13:00")
	res, body := pilot.post("/c/37-41/reunions/nouvelle", wrong)
	if res.StatusCode != http.StatusUnprocessableEntity || parse(t, body).Find("#f-convocation-plus_tard:checked").Length() != 1 {
		t.Errorf("form with errors: %d, the choice to convene later not kept", res.StatusCode)
	}
	wrong.Set("fin", "16:00")
	wrong.Set("convocation", "jamais")
	if res, body := pilot.post("/c/37-41/reunions/nouvelle", wrong); res.StatusCode != http.StatusUnprocessableEntity || fieldError(t, body, "convocation") == "" {
		t.Errorf("an unknown choice: %d, error %q", res.StatusCode, fieldError(t, body, "convocation"))
	}

	res, _ = pilot.post("/c/37-41/reunions/nouvelle", plenaryForm("Plénière rattrapée", time.Now().AddDate(0, 0, -3), "maintenant"))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create a past meeting: %d", res.StatusCode)
	}
	path := res.Header.Get("Location")
	_, body = pilot.get(path)
	if !strings.Contains(body, "Sa date est passée : personne n&#39;a été convoqué.") {
		t.Error("the confirmation does not say that no one was convened")
	}
	if !strings.Contains(parse(t, body).Find("main").Text(), "Personne n'a été convoqué à cette réunion") {
		t.Error("the page does not say that no one was convened")
	}
	if got := f.convocations("Convocation : Plénière rattrapée"); len(got) != 0 {
		t.Errorf("%d convocations for a past meeting, want none", len(got))
	}
	if res, _ := pilot.post(path+"/convocation", url.Values{}); res.StatusCode != http.StatusConflict {
		t.Errorf("convene a past meeting: %d, want 409", res.StatusCode)
	}
	if got := f.convocations("Convocation : Plénière rattrapée"); len(got) != 0 {
		t.Errorf("%d convocations after asking to convene a past meeting, want none", len(got))
	}

	// A series that starts in the past: only the meetings to come are
	// convened.
	res, _ = pilot.post("/c/37-41/reunions/nouvelle", func() url.Values {
		v := plenaryForm("Série à cheval", time.Now().AddDate(0, -3, 0), "maintenant")
		v.Set("repetition", "3") // three months ago, a month ago, in a month
		return v
	}())
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create a series: %d", res.StatusCode)
	}
	_, body = pilot.get(res.Header.Get("Location"))
	if !strings.Contains(body, "Personne n&#39;est convoqué pour celles dont la date est passée.") {
		t.Error("the confirmation of the series does not say that the past meetings were not convened")
	}
	want := f.membersWithEmail()
	if got := f.convocations("Convocation : Série à cheval"); len(got) != want {
		t.Errorf("%d convocations for the series, want %d (one meeting to come, one per member with an address)", len(got), want)
	}
}

// TestConvocationSentLater: the organiser keeps the convocation for later,
// prepares the agenda, then sends it from the meeting's page, once, with
// the agenda; changes before it tell no one, changes after it tell the
// invitees.
func TestConvocationSentLater(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot, partner := f.login("pilote"), f.login("partenaire")
	day := time.Now().AddDate(0, 0, 20)

	res, _ := pilot.post("/c/37-41/reunions/nouvelle", plenaryForm("Plénière préparée", day, "plus_tard"))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	path := res.Header.Get("Location")
	_, body := pilot.get(path)
	if !strings.Contains(body, "envoyez la convocation depuis cette page") {
		t.Error("the confirmation does not say that the convocation waits")
	}
	doc := parse(t, body)
	if doc.Find(`form[action$="/convocation"] button`).Length() != 1 {
		t.Fatal("the organiser has no button to send the convocation")
	}
	if got := f.convocations("Convocation : Plénière préparée"); len(got) != 0 {
		t.Fatalf("%d convocations sent at once, want none", len(got))
	}
	_, body = partner.get(path)
	if parse(t, body).Find(`form[action$="/convocation"]`).Length() != 0 {
		t.Error("a member who does not organise sees the button to send the convocation")
	}

	// A change before the convocation tells no one.
	edit := plenaryForm("Plénière préparée", day, "")
	edit.Set("lieu", "Hôtel du Département, Blois")
	edit.Set("version", "1")
	if res, _ := pilot.post(path+"/modifier", edit); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	if got := f.convocations("Modification : Plénière préparée"); len(got) != 0 {
		t.Errorf("%d change e-mails before the convocation, want none", len(got))
	}

	// The agenda, then the convocation: by its organisers only, with the
	// agenda, once.
	if res, _ := pilot.post(path+"/ordre-du-jour", url.Values{"point_titre": {"Bilan des groupes de travail"}, "point_duree": {"30"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("agenda item: %d", res.StatusCode)
	}
	if res, _ := partner.post(path+"/convocation", url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a member sends the convocation: %d, want 403", res.StatusCode)
	}
	if res, _ := pilot.post(path+"/convocation", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("send the convocation: %d", res.StatusCode)
	}
	sent := f.convocations("Convocation : Plénière préparée")
	if want := f.membersWithEmail(); len(sent) != want {
		t.Errorf("%d convocations, want %d (one per member with an address)", len(sent), want)
	}
	if len(sent) > 0 && (!strings.Contains(sent[0].Body, "Ordre du jour :") || !strings.Contains(sent[0].Body, "1. Bilan des groupes de travail (30 min)") ||
		!strings.Contains(sent[0].Body, "Blois")) {
		t.Errorf("the convocation does not carry the agenda and the meeting as it is now:\n%s", sent[0].Body)
	}
	if got := f.auditSubjects("meeting.convene"); len(got) != 1 || got[0] != "Plénière préparée" {
		t.Errorf("audit of the convocation: %q", got)
	}
	_, body = pilot.get(path)
	doc = parse(t, body)
	if !strings.Contains(doc.Find("main").Text(), "Convocation envoyée le") || doc.Find(`form[action$="/convocation"]`).Length() != 0 {
		t.Error("the page does not say that the convocation was sent, or still offers to send it")
	}
	if res, _ := pilot.post(path+"/convocation", url.Values{}); res.StatusCode != http.StatusConflict {
		t.Errorf("send the convocation twice: %d, want 409", res.StatusCode)
	}
	if got := f.convocations("Convocation : Plénière préparée"); len(got) != len(sent) {
		t.Errorf("%d convocations after a second try, want %d", len(got), len(sent))
	}

	// A change after the convocation tells the invitees, as before.
	edit.Set("lieu", "Hôtel du Département, Tours")
	edit.Set("version", "2")
	if res, _ := pilot.post(path+"/modifier", edit); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit after the convocation: %d", res.StatusCode)
	}
	if got := f.convocations("Modification : Plénière préparée"); len(got) != len(sent) {
		t.Errorf("%d change e-mails after the convocation, want %d", len(got), len(sent))
	}
}

// TestConveneOtherCommitteeMeeting: another committee's meeting is unknown
// (404) and stays unconvened.
func TestConveneOtherCommitteeMeeting(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res, _ := f.login("pilote-autre").post("/c/autre/reunions/nouvelle", plenaryForm("Plénière du Loiret", time.Now().AddDate(0, 0, 15), "plus_tard"))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	id := meetingIDFrom(t, res.Header.Get("Location"))
	if res, _ := f.login("pilote").post("/c/37-41/reunions/"+id+"/convocation", url.Values{}); res.StatusCode != http.StatusNotFound {
		t.Errorf("convene another committee's meeting: %d, want 404", res.StatusCode)
	}
	if got := f.convocations("Convocation : Plénière du Loiret"); len(got) != 0 {
		t.Errorf("%d convocations, want none", len(got))
	}
}

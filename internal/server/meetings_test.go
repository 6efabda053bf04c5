package server

import (
	"context"
	"fmt"
	"math"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/demo"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
)

// meetingIDFrom returns the meeting id of a /c/…/reunions/{id} location.
func meetingIDFrom(t *testing.T, loc string) string {
	t.Helper()
	m := regexp.MustCompile(`/reunions/(\d+)`).FindStringSubmatch(loc)
	if m == nil {
		t.Fatalf("no meeting id in %q", loc)
	}
	return m[1]
}

// TestPlenaryJourney: the pilot schedules a plenary with an agenda, members
// answer, a member proposes an item, the pilot records attendance and
// publishes minutes that invitees then read.
func TestPlenaryJourney(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot, partner, acc := f.login("pilote"), f.login("partenaire"), f.login("accompagne")
	next := time.Now().AddDate(0, 0, 10).In(components.Paris())

	// A wrong end time is refused with the input kept.
	form := url.Values{"titre": {"Plénière de rentrée"}, "date": {next.Format("2006-01-02")}, "debut": {"14:00"}, "fin": {"13:00"},
		"lieu": {"Hôtel du Département, Tours"}, "repetition": {"1"}}
	res, body := pilot.post("/c/37-41/reunions/nouvelle", form)
	if res.StatusCode != http.StatusUnprocessableEntity || parse(t, body).Find("#f-fin-error").Length() != 1 {
		t.Fatalf("end before start: %d", res.StatusCode)
	}
	if v, _ := parse(t, body).Find("#f-titre").Attr("value"); v != "Plénière de rentrée" {
		t.Errorf("title not kept: %q", v)
	}
	form.Set("fin", "16:30")
	res, _ = pilot.post("/c/37-41/reunions/nouvelle", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	path := res.Header.Get("Location")
	id := meetingIDFrom(t, path)

	// The convocation went to the invitees with an address.
	mails := f.outbox(50)
	convoked := 0
	for _, m := range mails {
		if strings.HasPrefix(m.Mail.Subject, "Convocation : Plénière de rentrée") {
			convoked++
		}
	}
	withEmail := 0
	for _, p := range demo.People() {
		if p.Email != "" {
			withEmail++
		}
	}
	for _, a := range demo.Accounts() {
		if a.Committee == "37-41" && a.Email != "" {
			withEmail++
		}
	}
	if convoked != withEmail {
		t.Errorf("%d convocations, want one per active member of 37-41 with an e-mail address (%d)", convoked, withEmail)
	}

	// Agenda: two items, then reorder.
	for _, it := range []url.Values{{"point_titre": {"Accueil"}, "point_duree": {"15"}}, {"point_titre": {"Charte"}, "point_duree": {"45"}, "point_intervenant": {"Luc Moreau"}}} {
		if res, _ := pilot.post(path+"/ordre-du-jour", it); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("agenda item: %d", res.StatusCode)
		}
	}
	_, body = pilot.get(path)
	if !strings.Contains(body, "1\u00a0h") {
		t.Error("the total duration (60 min) is not shown")
	}
	items := f.agenda(mustInt(t, id))
	if res, _ := pilot.post(fmt.Sprintf("%s/ordre-du-jour/%d/monter", path, items[1].ID), url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("move up: %d", res.StatusCode)
	}
	items = f.agenda(mustInt(t, id))
	if items[0].Title != "Charte" {
		t.Errorf("after moving up, first item is %q", items[0].Title)
	}

	// A member proposes; the proposal waits for the organiser.
	if res, _ := partner.post(path+"/ordre-du-jour", url.Values{"point_titre": {"Coffre-fort numérique"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("proposal: %d", res.StatusCode)
	}
	if res, _ := partner.post(fmt.Sprintf("%s/ordre-du-jour/%d/retenir", path, items[0].ID), url.Values{}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a member accepts proposals: %d", res.StatusCode)
	}
	_, body = pilot.get(path)
	if !strings.Contains(body, "Propositions des membres") || !strings.Contains(body, "Coffre-fort numérique") {
		t.Error("the pilot does not see the proposal")
	}
	// A proposal has no place on the agenda yet: it cannot be moved there.
	for _, it := range f.agenda(mustInt(t, id)) {
		if !it.Proposed {
			continue
		}
		for _, action := range []string{"monter", "descendre"} {
			if res, _ := pilot.post(fmt.Sprintf("%s/ordre-du-jour/%d/%s", path, it.ID, action), url.Values{}); res.StatusCode != http.StatusNotFound {
				t.Errorf("%s a pending proposal: %d, want 404", action, res.StatusCode)
			}
		}
	}
	if items := f.agenda(mustInt(t, id)); items[0].Title != "Charte" || items[1].Title != "Accueil" {
		t.Errorf("moving a proposal changed the agenda: %q, %q first", items[0].Title, items[1].Title)
	}

	// Members answer, with needs that only organisers see.
	if res, _ := acc.post(path+"/reponse", url.Values{"reponse": {"oui"}, "besoin_transport": {"oui"}, "precisions": {"Je viens en bus."}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer: %d", res.StatusCode)
	}
	if res, _ := partner.post(path+"/reponse", url.Values{"reponse": {"non"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer: %d", res.StatusCode)
	}
	if res, _ := partner.post(path+"/reponse", url.Values{"reponse": {"bientôt"}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("invalid answer: %d", res.StatusCode)
	}
	_, body = pilot.get(path)
	if !strings.Contains(body, "Je viens en bus.") || !strings.Contains(body, "1 oui, 0 peut-être, 1 non") {
		t.Error("the organiser does not see answers and needs")
	}
	_, body = partner.get(path)
	if strings.Contains(body, "Je viens en bus.") {
		t.Error("another member sees a person's needs")
	}

	// Attendance and minutes are for after the start.
	if res, _ := pilot.get(path + "/emargement"); res.StatusCode != http.StatusConflict {
		t.Errorf("attendance before the meeting: %d, want 409", res.StatusCode)
	}
	f.moveMeeting(mustInt(t, id), -2*time.Hour)
	// A crafted id of someone not invited (another committee's pilot)
	// counts for nothing.
	res, _ = pilot.post(path+"/emargement", url.Values{"presence_" + itoa(f.accounts["accompagne"]): {"present"}, "presence_" + itoa(f.accounts["pilote"]): {"present"},
		"presence_" + itoa(f.accounts["pilote-autre"]): {"present"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("attendance: %d", res.StatusCode)
	}
	_, body = pilot.get("/c/37-41/reunions/presence")
	if !strings.Contains(body, fmt.Sprintf("L&#39;émargement est enregistré : 2 présences, 0 absence excusée, %d absences", len(demo.People())+5-2)) {
		t.Error("the confirmation does not count the 2 invitees present")
	}
	invited := len(demo.People()) + 5 // every active member of 37-41
	if want := fmt.Sprintf("%d\u00a0%%", int(math.Round(200/float64(invited)))); !strings.Contains(parse(t, body).Find("main").Text(), want) {
		t.Errorf("attendance rate 2/%d = %s not shown:\n%s", invited, want, parse(t, body).Find("main").Text())
	}

	minutes := "## Décisions\n\n- La charte est adoptée.\n\n<script>alert(1)</script>"
	if res, _ := pilot.post(path+"/compte-rendu", url.Values{"compte_rendu": {minutes}, "version": {"0"}, "publier": {"non"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("draft: %d", res.StatusCode)
	}
	_, body = acc.get(path)
	if strings.Contains(body, "La charte est adoptée") {
		t.Error("an invitee reads a draft")
	}
	if res, _ := pilot.post(path+"/compte-rendu", url.Values{"compte_rendu": {minutes}, "version": {"1"}, "publier": {"oui"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	if res, _ := pilot.post(path+"/compte-rendu", url.Values{"compte_rendu": {minutes}, "version": {"2"}, "publier": {"oui"}, "ligne1_nature": {"action"},
		"ligne1_quoi": {"Envoyer la charte"}, "ligne1_qui": {"CD 41"}, "ligne1_echeance": {"2030-01-15"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("action: %d", res.StatusCode)
	}
	_, body = acc.get(path)
	doc := parse(t, body)
	if !strings.Contains(doc.Find(".minutes").Text(), "La charte est adoptée") || !strings.Contains(body, "Envoyer la charte") {
		t.Error("an invitee does not read the published minutes and actions")
	}
	if strings.Contains(body, "<script>alert") {
		t.Error("the minutes let a script through")
	}
	// A stale save does not overwrite.
	res, _ = pilot.post(path+"/compte-rendu", url.Values{"compte_rendu": {"autre texte"}, "version": {"1"}, "publier": {"oui"}})
	if res.StatusCode != http.StatusConflict {
		t.Errorf("stale minutes save: %d, want 409", res.StatusCode)
	}
}

func mustInt(t *testing.T, s string) int64 {
	t.Helper()
	id, err := parseID(s)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// agenda lists the agenda of a 37-41 meeting as its organiser sees it.
func (f *fixture) agenda(meetingID int64) []clts.AgendaItem {
	f.t.Helper()
	var items []clts.AgendaItem
	f.read("37-41", "", func(tx *postgres.Tx) error {
		var err error
		items, err = tx.AgendaItems(context.Background(), meetingID, true)
		return err
	})
	return items
}

// meetingsBetween lists the meetings of committee slug starting between
// from and to, first to last.
func (f *fixture) meetingsBetween(slug string, from, to time.Time, limit int) []clts.Meeting {
	f.t.Helper()
	var ms []clts.Meeting
	f.read(slug, "", func(tx *postgres.Tx) error {
		var err error
		ms, err = tx.MeetingsBetween(context.Background(), from, to, false, limit)
		return err
	})
	return ms
}

// seminars lists the national seminars, newest first.
func (f *fixture) seminars(limit int) []clts.Meeting {
	f.t.Helper()
	var ms []clts.Meeting
	f.read("", "", func(tx *postgres.Tx) error {
		var err error
		ms, err = tx.Seminars(context.Background(), limit)
		return err
	})
	return ms
}

// moveMeeting shifts a meeting so that it starts d from now.
func (f *fixture) moveMeeting(id int64, d time.Duration) {
	f.t.Helper()
	ctx := context.Background()
	f.write("37-41", "", func(tx *postgres.Tx) error {
		m, err := tx.MeetingByID(ctx, id)
		if err != nil {
			return err
		}
		length := m.EndsAt.Sub(m.StartsAt)
		m.StartsAt = time.Now().Add(d).Truncate(time.Minute)
		m.EndsAt = m.StartsAt.Add(length)
		return tx.UpdateMeeting(ctx, *m, nil)
	})
}

// TestGroupMeetingJourney: a group's lead (the supported person in the
// demo) schedules a meeting; only the group's members are invited.
func TestGroupMeetingJourney(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	lead, outsider := f.login("accompagne"), f.login("partenaire")
	group := f.groupID("Participation des personnes accompagnées")
	next := time.Now().AddDate(0, 0, 5).In(components.Paris())
	form := url.Values{"groupe": {group}, "titre": {"Atelier du groupe"}, "date": {next.Format("2006-01-02")}, "debut": {"10:00"}, "fin": {"12:00"}, "lieu": {"Tours"}}
	if res, _ := outsider.post("/c/37-41/reunions/nouvelle", form); res.StatusCode != http.StatusForbidden {
		t.Errorf("a non-lead schedules a group meeting: %d", res.StatusCode)
	}
	if res, _ := outsider.post("/c/37-41/reunions/nouvelle", url.Values{"titre": {"Plénière"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a partner schedules a plenary: %d", res.StatusCode)
	}
	res, _ := lead.post("/c/37-41/reunions/nouvelle", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("lead creates group meeting: %d", res.StatusCode)
	}
	path := res.Header.Get("Location")
	// The partner is not in this group: not invited, cannot answer.
	if res, _ := outsider.post(path+"/reponse", url.Values{"reponse": {"oui"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a non-invitee answers: %d", res.StatusCode)
	}
	// The professional is a member of the group: invited.
	pro := f.login("professionnel")
	if res, _ := pro.post(path+"/reponse", url.Values{"reponse": {"peut_etre"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a group member answers: %d", res.StatusCode)
	}
	if res, _ := lead.post(path+"/ordre-du-jour", url.Values{"point_titre": {"Tour de table"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("lead adds agenda item: %d", res.StatusCode)
	}
	_, body := lead.get("/c/37-41/groupes/" + group)
	if !strings.Contains(body, "Atelier du groupe") {
		t.Error("the group page does not list its meeting")
	}
	f.moveMeeting(mustInt(t, meetingIDFrom(t, path)), -time.Hour)
	if res, _ := lead.post(path+"/emargement", url.Values{"presence_" + itoa(f.accounts["professionnel"]): {"present"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("lead records attendance: %d", res.StatusCode)
	}
	if res, _ := lead.post(path+"/compte-rendu", url.Values{"compte_rendu": {"Compte rendu de l'atelier."}, "version": {"0"}, "publier": {"oui"}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("lead publishes minutes: %d", res.StatusCode)
	}
	_, body = pro.get(path)
	if !strings.Contains(body, "Compte rendu de l&#39;atelier.") {
		t.Error("a group member does not read the minutes")
	}
}

// TestSeminarAppearsInEveryCommittee: HCTS publishes a seminar; both demo
// committees show it; a change reaches both copies with a higher sequence.
func TestSeminarAppearsInEveryCommittee(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	hcts := f.login("hcts")
	next := time.Now().AddDate(0, 1, 0).In(components.Paris())
	form := url.Values{"titre": {"Séminaire sur l'évaluation"}, "date": {next.Format("2006-01-02")}, "debut": {"09:30"}, "fin": {"16:30"}, "lieu": {"Paris"}}
	if res, _ := f.login("pilote").post("/national/seminaires", form); res.StatusCode != http.StatusNotFound {
		t.Errorf("a pilot publishes a seminar: %d", res.StatusCode)
	}
	if res, _ := hcts.post("/national/seminaires", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	for _, who := range []string{"pilote", "pilote-autre"} {
		slug := map[string]string{"pilote": "37-41", "pilote-autre": "autre"}[who]
		_, body := f.login(who).get("/c/" + slug + "/reunions")
		if !strings.Contains(body, "Séminaire sur l&#39;évaluation") {
			t.Errorf("committee %s does not show the seminar", slug)
		}
	}
	seminars := f.seminars(10)
	var sid int64
	for _, s := range seminars {
		if s.Title == "Séminaire sur l'évaluation" {
			sid = s.SeminarID
		}
	}
	form.Set("lieu", "Lyon")
	form.Set("version", "1")
	if res, _ := hcts.post(fmt.Sprintf("/national/seminaires/%d/modifier", sid), form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit seminar: %d", res.StatusCode)
	}
	for _, slug := range []string{"37-41", "autre"} {
		ms := f.meetingsBetween(slug, time.Now(), time.Now().AddDate(1, 0, 0), 100)
		found := false
		for _, m := range ms {
			if m.SeminarID == sid {
				found = true
				if m.Place != "Lyon" || m.Sequence != 1 {
					t.Errorf("%s: copy place %q sequence %d, want Lyon and 1", slug, m.Place, m.Sequence)
				}
			}
		}
		if !found {
			t.Errorf("%s: no copy of the seminar", slug)
		}
	}

	// Every member with an address of every committee was invited, then told
	// of the change, once each.
	withEmail := 0
	for _, p := range demo.People() {
		if p.Email != "" {
			withEmail++
		}
	}
	for _, a := range demo.Accounts() {
		if a.Committee != "" && a.Email != "" {
			withEmail++
		}
	}
	mails := f.outbox(200)
	sent := map[string]map[string]int{}
	for _, m := range mails {
		for _, prefix := range []string{"Convocation : Séminaire sur l'évaluation", "Modification : Séminaire sur l'évaluation"} {
			if strings.HasPrefix(m.Mail.Subject, prefix) {
				if sent[prefix] == nil {
					sent[prefix] = map[string]int{}
				}
				sent[prefix][m.Mail.To]++
			}
		}
	}
	for prefix, to := range sent {
		for addr, n := range to {
			if n != 1 {
				t.Errorf("%s: %d e-mails to %s", prefix, n, addr)
			}
		}
	}
	for _, prefix := range []string{"Convocation : Séminaire sur l'évaluation", "Modification : Séminaire sur l'évaluation"} {
		if len(sent[prefix]) != withEmail {
			t.Errorf("%q went to %d addresses, want every member with one (%d)", prefix, len(sent[prefix]), withEmail)
		}
	}
	if sent["Convocation : Séminaire sur l'évaluation"]["pilote@autre.test"] != 1 {
		t.Error("the other committee's pilot was not invited")
	}
}

// TestMeetingAcrossDaylightSavingChange: a meeting on the last Sunday of
// October is stored at the right instant and shown at the time typed.
func TestMeetingAcrossDaylightSavingChange(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	form := url.Values{"titre": {"Plénière du changement d'heure"}, "date": {"2030-10-27"}, "debut": {"10:00"}, "fin": {"12:00"}, "lieu": {"Tours"}, "repetition": {"3"}}
	res, _ := pilot.post("/c/37-41/reunions/nouvelle", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	var m *clts.Meeting
	f.read("37-41", "", func(tx *postgres.Tx) error {
		var err error
		m, err = tx.MeetingByID(context.Background(), mustInt(t, meetingIDFrom(t, res.Header.Get("Location"))))
		return err
	})
	// 27 October 2030 is the change day: 10:00 in Paris is 09:00 UTC (CET).
	if got := m.StartsAt.UTC().Format("2006-01-02 15:04"); got != "2030-10-27 09:00" {
		t.Errorf("stored start %s UTC, want 2030-10-27 09:00", got)
	}
	_, body := pilot.get(res.Header.Get("Location"))
	if !strings.Contains(body, "dimanche 27 octobre 2030 à\u00a010\u00a0h\u00a000") {
		t.Error("the meeting page does not show 10 h 00")
	}
	// The series keeps 10:00 local time; the one before the change (in
	// August, summer time) would be 08:00 UTC, after it 09:00 UTC.
	ms := f.meetingsBetween("37-41", time.Date(2030, 10, 1, 0, 0, 0, 0, time.UTC), time.Date(2031, 3, 1, 0, 0, 0, 0, time.UTC), 10)
	if len(ms) != 3 {
		t.Fatalf("%d meetings in the series, want 3", len(ms))
	}
	for _, m := range ms {
		if h := m.StartsAt.In(components.Paris()).Hour(); h != 10 {
			t.Errorf("%s starts at %d h in Paris, want 10", m.StartsAt, h)
		}
	}
}

// TestMeetingIsolationAndPermissions: the other committee's meeting ids are
// 404s in 37-41's URLs; members who do not organise get 403.
func TestMeetingIsolationAndPermissions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	start := time.Now().Add(-time.Hour)
	noMail := func(clts.Meeting) *postgres.MeetingMail { return nil }
	var otherIDs, ownIDs []int64
	f.write("autre", "", func(tx *postgres.Tx) error {
		var err error
		otherIDs, err = tx.CreateMeetings(ctx, []clts.Meeting{{Kind: clts.KindPlenary, Title: "Plénière du Loiret",
			StartsAt: start, EndsAt: start.Add(2 * time.Hour), Place: "Orléans"}}, true, noMail)
		return err
	})
	f.write("37-41", "", func(tx *postgres.Tx) error {
		var err error
		ownIDs, err = tx.CreateMeetings(ctx, []clts.Meeting{{Kind: clts.KindPlenary, Title: "Plénière 37-41",
			StartsAt: start, EndsAt: start.Add(2 * time.Hour), Place: "Tours"}}, true, noMail)
		return err
	})
	pilot, partner := f.login("pilote"), f.login("partenaire")
	other := fmt.Sprintf("/c/37-41/reunions/%d", otherIDs[0])
	for _, p := range []string{"", "/modifier", "/emargement", "/compte-rendu", "/reunion.ics", "/convocation", "/compte-rendu/imprimer", "/ordre-du-jour/1/modifier"} {
		if res, _ := pilot.get(other + p); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s%s = %d, want 404", other, p, res.StatusCode)
		}
	}
	for _, p := range []string{"/reponse", "/annuler", "/ordre-du-jour", "/emargement", "/compte-rendu", "/ordre-du-jour/1/modifier"} {
		if res, _ := pilot.post(other+p, url.Values{"motif": {"x"}, "reponse": {"oui"}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s%s = %d, want 404", other, p, res.StatusCode)
		}
	}
	own := fmt.Sprintf("/c/37-41/reunions/%d", ownIDs[0])
	for _, p := range []string{"/modifier", "/emargement", "/compte-rendu", "/compte-rendu/imprimer"} {
		if res, _ := partner.get(own + p); res.StatusCode != http.StatusForbidden {
			t.Errorf("partner GET %s%s = %d, want 403", own, p, res.StatusCode)
		}
	}
	for _, p := range []string{"/annuler", "/emargement", "/compte-rendu", "/modifier"} {
		if res, _ := partner.post(own+p, url.Values{"motif": {"x"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("partner POST %s%s = %d, want 403", own, p, res.StatusCode)
		}
	}
	if res, _ := partner.get("/c/37-41/reunions/presence"); res.StatusCode != http.StatusForbidden {
		t.Errorf("partner attendance rates: %d", res.StatusCode)
	}
	for _, p := range []string{"/c/37-41/reunions", "/c/37-41/reunions/passees", "/c/37-41/reunions/calendrier", "/c/37-41/"} {
		_, body := pilot.get(p)
		if strings.Contains(body, "Loiret") {
			t.Errorf("%s shows the other committee's meeting", p)
		}
	}
	if res, _ := f.anonymous().get(own); res.StatusCode != http.StatusSeeOther {
		t.Errorf("anonymous meeting page: %d", res.StatusCode)
	}
	if res, _ := f.login("hcts").get(own); res.StatusCode != http.StatusNotFound {
		t.Errorf("HCTS reader on a committee meeting page: %d", res.StatusCode)
	}
}

// A group lead who is not a pilot organises the group's meetings but sees
// supported persons as the directory shows them: in the answers and in the
// agenda proposals, "Fatima B.", never her surname.
func TestOrganiserWhoIsNotPilotSeesProtectedNames(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	fatima := f.login("fatima.belkacem")
	_, list := fatima.get("/c/37-41/reunions")
	path, _ := parse(t, list).Find(`main a:contains("Groupe participation")`).Attr("href")
	if path == "" {
		t.Fatal("the demo group meeting is not listed")
	}
	if res, _ := fatima.post(path+"/ordre-du-jour", url.Values{"point_titre": {"Nos droits au numérique"}, "point_duree": {"20"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("proposal: %d", res.StatusCode)
	}
	if res, _ := fatima.post(path+"/reponse", url.Values{"reponse": {clts.AnswerYes}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer: %d", res.StatusCode)
	}
	_, body := f.login("accompagne").get(path) // Jean leads the group
	main := parse(t, body).Find("main").Text()
	if strings.Contains(main, "Belkacem") || !strings.Contains(main, "Fatima B.") {
		t.Errorf("a lead who is not a pilot sees a supported person's surname:\n%s", main)
	}
	_, body = f.login("pilote").get(path)
	if !strings.Contains(parse(t, body).Find("main").Text(), "Fatima Belkacem") {
		t.Error("a pilot does not see the full name they need to run the committee")
	}
}

// Once a meeting has started its agenda is closed; once it is over it can no
// longer be edited or cancelled; a cancelled meeting's actions are frozen.
func TestPastAndCancelledMeetingsAreClosed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot, partner := f.login("pilote"), f.login("partenaire")
	next := time.Now().AddDate(0, 0, 10).In(components.Paris())
	form := url.Values{"titre": {"Plénière close"}, "date": {next.Format("2006-01-02")}, "debut": {"14:00"}, "fin": {"16:30"},
		"lieu": {"Tours"}, "repetition": {"1"}}
	res, _ := pilot.post("/c/37-41/reunions/nouvelle", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	path := res.Header.Get("Location")
	id := meetingIDFrom(t, path)
	if res, _ := pilot.post(path+"/ordre-du-jour", url.Values{"point_titre": {"Accueil"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("agenda item: %d", res.StatusCode)
	}
	items := f.agenda(mustInt(t, id))

	f.moveMeeting(mustInt(t, id), -30*time.Minute) // started, not over
	if res, _ := partner.post(path+"/ordre-du-jour", url.Values{"point_titre": {"Trop tard"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("proposal after the start: %d, want 409", res.StatusCode)
	}
	if res, _ := pilot.post(fmt.Sprintf("%s/ordre-du-jour/%d/supprimer", path, items[0].ID), url.Values{}); res.StatusCode != http.StatusConflict {
		t.Errorf("agenda change after the start: %d, want 409", res.StatusCode)
	}
	if _, body := pilot.get(path); strings.Contains(body, ">Retirer<") {
		t.Error("the page still offers to change the agenda")
	}

	// Decisions and actions: lengths are counted in characters, and a long
	// "who" is a message next to the field, not a server error.
	accents := strings.Repeat("é", 500)
	if res, _ := pilot.post(path+"/compte-rendu", url.Values{"version": {"0"}, "ligne1_nature": {"action"}, "ligne1_quoi": {accents}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("500 accented characters refused: %d", res.StatusCode)
	}
	res, body := pilot.post(path+"/compte-rendu", url.Values{"version": {"1"}, "ligne1_nature": {"action"}, "ligne1_quoi": {"Relire la charte"}, "ligne1_qui": {strings.Repeat("x", 201)}})
	if res.StatusCode != http.StatusUnprocessableEntity || parse(t, body).Find("#f-ligne1_qui-error").Length() != 1 {
		t.Errorf("a 201-character 'qui': %d, want 422 with the message next to the field", res.StatusCode)
	}

	f.moveMeeting(mustInt(t, id), -4*time.Hour) // over
	if res, _ := pilot.get(path + "/modifier"); res.StatusCode != http.StatusConflict {
		t.Errorf("edit form after the end: %d, want 409", res.StatusCode)
	}
	if res, _ := pilot.post(path+"/annuler", url.Values{"motif": {"oubli"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("cancel after the end: %d, want 409", res.StatusCode)
	}
	if _, body := pilot.get(path); strings.Contains(body, "Annuler la réunion") || strings.Contains(body, "Modifier la réunion") {
		t.Error("the page still offers to edit or cancel a meeting that is over")
	}
}

func TestMonthsLaterKeepsTheDayOrTheMonthsEnd(t *testing.T) {
	t.Parallel()
	p := components.Paris()
	for _, tt := range []struct {
		from time.Time
		n    int
		want time.Time
	}{
		{time.Date(2026, time.December, 31, 14, 0, 0, 0, p), 2, time.Date(2027, time.February, 28, 14, 0, 0, 0, p)},
		{time.Date(2027, time.December, 31, 14, 0, 0, 0, p), 2, time.Date(2028, time.February, 29, 14, 0, 0, 0, p)},
		{time.Date(2026, time.August, 31, 9, 30, 0, 0, p), 2, time.Date(2026, time.October, 31, 9, 30, 0, 0, p)},
		{time.Date(2026, time.September, 15, 14, 0, 0, 0, p), 2, time.Date(2026, time.November, 15, 14, 0, 0, 0, p)}, // across the October change
	} {
		if got := monthsLater(tt.from, tt.n, p); !got.Equal(tt.want) {
			t.Errorf("monthsLater(%v, %d) = %v, want %v", tt.from, tt.n, got, tt.want)
		}
	}
}

// A national seminar that took place is no longer edited or cancelled: every
// committee keeps its record of it (attendance, minutes).
func TestPastSeminarIsClosed(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var past int64
	for _, s := range f.seminars(20) {
		if s.EndsAt.Before(time.Now()) {
			past = s.SeminarID
		}
	}
	hcts := f.login("hcts")
	path := fmt.Sprintf("/national/seminaires/%d/modifier", past)
	if res, _ := hcts.get(path); res.StatusCode != http.StatusConflict {
		t.Errorf("edit form of a past seminar: %d, want 409", res.StatusCode)
	}
	if res, _ := hcts.post(path, url.Values{"annuler": {"oui"}, "motif": {"erreur"}, "version": {"1"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("cancelling a past seminar: %d, want 409", res.StatusCode)
	}
	if _, body := hcts.get("/national/seminaires"); strings.Contains(body, fmt.Sprintf("/national/seminaires/%d/modifier", past)) {
		t.Error("the list still offers to change a past seminar")
	}
}

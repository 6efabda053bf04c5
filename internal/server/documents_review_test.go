package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/demo"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestDocumentMeetingIsItsOrganisers: a group's lead who does not organise
// a plenary attaches nothing to it (403, as its page offers no « Joindre
// un document »), not even a document for their own group; the pilot who
// organises it does.
func TestDocumentMeetingIsItsOrganisers(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := t.Context()
	start := time.Now().AddDate(0, 0, 30).Truncate(time.Hour)
	var meeting, item int64
	f.write("37-41", "pilote", func(tx *postgres.Tx) error {
		ids, err := tx.CreateMeetings(ctx, []clts.Meeting{{Kind: clts.KindPlenary, Title: "Plénière des documents",
			StartsAt: start, EndsAt: start.Add(2 * time.Hour), Place: "Tours"}}, false, func(clts.Meeting) *postgres.MeetingMail { return nil })
		if err != nil {
			return err
		}
		meeting = ids[0]
		if err := tx.AddAgendaItem(ctx, clts.AgendaItem{MeetingID: meeting, Title: "Bilan de l'année", Minutes: 20}, false); err != nil {
			return err
		}
		items, err := tx.AgendaItems(ctx, meeting, true)
		if err != nil {
			return err
		}
		item = items[0].ID
		return nil
	})
	target := "/c/37-41/documents/nouveau?reunion=" + strconv.FormatInt(meeting, 10) + "&point=" + strconv.FormatInt(item, 10)
	lead := f.login("thomas.petit")
	if _, page := lead.get("/c/37-41/reunions/" + strconv.FormatInt(meeting, 10)); strings.Contains(page, "Joindre un document") {
		t.Error("the plenary's page offers « Joindre un document » to a group's lead")
	}
	if res, _ := lead.get(target); res.StatusCode != http.StatusForbidden {
		t.Errorf("a group's lead opens the form of a plenary's item: %d, want 403", res.StatusCode)
	}
	group := f.groupID("Accès aux droits à l'ère numérique")
	res, _ := postDocumentForm(t, lead, target, url.Values{"titre": {"Notes du groupe pour la plénière"}, "lecteurs": {"groupe"},
		"groupe": {group}}, upFile{"notes.pdf", samplePDF})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("a group's lead attaches a document to a plenary's item: %d, want 403", res.StatusCode)
	}
	if n := f.ownerCommitteeCount("37-41", `SELECT count(*)::int FROM documents WHERE meeting_id = $1`, meeting); n != 0 {
		t.Errorf("%d documents on the plenary, want 0", n)
	}
	// The lead still uploads their group's documents outside a meeting,
	// and the pilot attaches to the plenary.
	f.addDocument(t, lead, "37-41", "", url.Values{"titre": {"Notes du groupe"}, "lecteurs": {"groupe"}, "groupe": {group}},
		upFile{"notes.pdf", samplePDF})
	res, body := postDocumentForm(t, f.login("pilote"), target, url.Values{"titre": {"Bilan"}, "lecteurs": {"comite"}},
		upFile{"bilan.pdf", samplePDF})
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("the pilot attaches a document to the plenary's item: %d\n%.2000s", res.StatusCode, body)
	}
}

// TestDocumentCancelledMeeting: a cancelled meeting takes no new document
// (409, and its page offers none), for its agenda or its minutes; the
// documents it holds stay on its page and downloadable.
func TestDocumentCancelledMeeting(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	lead := f.login("thomas.petit")
	meeting := f.ownerCommitteeCount("37-41", `SELECT id::int FROM meetings WHERE title = $1`, demo.DocumentMeetingTitle)
	m := strconv.Itoa(meeting)
	item := strconv.Itoa(f.ownerCommitteeCount("37-41", `SELECT id::int FROM agenda_items WHERE meeting_id = $1`, meeting))
	group := f.groupID("Accès aux droits à l'ère numérique")
	fields := url.Values{"titre": {"Document tardif"}, "lecteurs": {"groupe"}, "groupe": {group}}
	minutes := "/c/37-41/documents/nouveau?reunion=" + m + "&compte_rendu=oui"
	itemForm := "/c/37-41/documents/nouveau?reunion=" + m + "&point=" + item
	if res, _ := lead.get(itemForm); res.StatusCode != http.StatusOK {
		t.Fatalf("the item's form before the cancellation: %d, want 200", res.StatusCode)
	}
	// A document of its minutes: their section stays on its page.
	f.addDocument(t, lead, "37-41", "?reunion="+m+"&compte_rendu=oui", url.Values{"titre": {"Liste des présents prévus"},
		"lecteurs": {"groupe"}, "groupe": {group}}, upFile{"presents.pdf", samplePDF})
	f.write("37-41", "pilote", func(tx *postgres.Tx) error {
		return tx.CancelMeeting(t.Context(), int64(meeting), "Salle indisponible.", nil)
	})
	_, page := lead.get("/c/37-41/reunions/" + m)
	if !strings.Contains(page, "Liste des présents prévus") {
		t.Error("the cancelled meeting's page no longer shows its minutes' document")
	}
	if strings.Contains(page, "Joindre un document") {
		t.Error("the cancelled meeting's page offers « Joindre un document »")
	}
	slides := f.documentID("37-41", docSlides)
	if !strings.Contains(page, "/c/37-41/documents/"+slides+"/fichier") {
		t.Error("the cancelled meeting's page no longer shows its document")
	}
	for _, target := range []string{itemForm, minutes} {
		if res, _ := lead.get(target); res.StatusCode != http.StatusConflict {
			t.Errorf("GET %s of a cancelled meeting: %d, want 409", target, res.StatusCode)
		}
		for _, c := range []*client{lead, f.login("pilote")} {
			if res, _ := postDocumentForm(t, c, target, fields, upFile{"tardif.pdf", samplePDF}); res.StatusCode != http.StatusConflict {
				t.Errorf("POST %s of a cancelled meeting: %d, want 409", target, res.StatusCode)
			}
		}
	}
	if n := f.ownerCommitteeCount("37-41", `SELECT count(*)::int FROM documents WHERE title = 'Document tardif'`); n != 0 {
		t.Errorf("%d documents stored for the cancelled meeting, want 0", n)
	}
	if res, _ := f.login("partenaire").get("/c/37-41/documents/" + slides + "/fichier"); res.StatusCode != http.StatusOK {
		t.Errorf("a group member downloads the cancelled meeting's document: %d, want 200", res.StatusCode)
	}
}

// TestDocumentArchivedGroupMeeting: the past meeting of a group archived
// since keeps its group among the readers its organiser may choose, and
// preselected: its documents are not pushed to the whole committee. The
// group's documents stay readable by its members only.
func TestDocumentArchivedGroupMeeting(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	lead := f.login("thomas.petit")
	meeting := f.ownerCommitteeCount("37-41", `SELECT id::int FROM meetings WHERE title = $1`, demo.DocumentMeetingTitle)
	m := strconv.Itoa(meeting)
	group := f.groupID("Accès aux droits à l'ère numérique")
	f.moveMeeting(int64(meeting), -72*time.Hour)
	f.write("37-41", "pilote", func(tx *postgres.Tx) error {
		return tx.SetGroupArchived(t.Context(), mustInt(t, group), true)
	})
	minutes := "/c/37-41/documents/nouveau?reunion=" + m + "&compte_rendu=oui"
	res, body := lead.get(minutes)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("the minutes' form of the archived group's meeting: %d", res.StatusCode)
	}
	form := parse(t, body)
	if got := form.Find("#f-lecteurs option[selected]").AttrOr("value", ""); got != clts.AudienceGroup {
		t.Errorf("readers preselected: %q, want the group", got)
	}
	if got := form.Find("#f-groupe option[selected]").AttrOr("value", ""); got != group {
		t.Errorf("group preselected: %q, want %s", got, group)
	}
	f.addDocument(t, lead, "37-41", "?reunion="+m+"&compte_rendu=oui", url.Values{"titre": {"Bilan du groupe"},
		"lecteurs": {"groupe"}, "groupe": {group}}, upFile{"bilan.pdf", samplePDF})
	if _, page := f.login("partenaire").get("/c/37-41/reunions/" + m); !strings.Contains(page, "Bilan du groupe") {
		t.Error("a member of the archived group does not find its document on the meeting's page")
	}
	if _, page := f.login("professionnel").get("/c/37-41/reunions/" + m); strings.Contains(page, "Bilan du groupe") {
		t.Error("a member outside the archived group sees its document on the meeting's page")
	}
}

// TestDocumentOfArchivedGroupEdited: a document of a group archived since
// keeps its readers in its edit form, so that its lead (and a pilot) can
// change its title without giving it to others, or being refused.
func TestDocumentOfArchivedGroupEdited(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	group := f.groupID("Accès aux droits à l'ère numérique")
	f.write("37-41", "pilote", func(tx *postgres.Tx) error {
		return tx.SetGroupArchived(t.Context(), mustInt(t, group), true)
	})
	id := f.documentID("37-41", docSurvey)
	for i, login := range []string{"thomas.petit", "pilote"} {
		c := f.login(login)
		res, body := c.get("/c/37-41/documents/" + id + "/modifier")
		if res.StatusCode != http.StatusOK {
			t.Fatalf("%s: edit form %d", login, res.StatusCode)
		}
		form := parse(t, body)
		if got := form.Find("#f-lecteurs option[selected]").AttrOr("value", ""); got != clts.AudienceGroup {
			t.Errorf("%s: readers shown %q, want the group", login, got)
		}
		if got := form.Find("#f-groupe option[selected]").AttrOr("value", ""); got != group {
			t.Errorf("%s: group shown %q, want %s", login, got, group)
		}
		title := docSurvey + " " + strconv.Itoa(i)
		res, body = c.post("/c/37-41/documents/"+id+"/modifier", url.Values{"titre": {title}, "lecteurs": {clts.AudienceGroup},
			"groupe": {group}, "dossier": {"Groupes de travail"}, "version": {form.Find(`input[name="version"]`).AttrOr("value", "")}})
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("%s: edit %d, want 303\n%.2000s", login, res.StatusCode, body)
		}
	}
	if n := f.ownerCommitteeCount("37-41", `SELECT count(*)::int FROM documents WHERE id = $1 AND audience = 'groupe' AND group_id = $2
		AND title = $3`, mustInt(t, id), mustInt(t, group), docSurvey+" 1"); n != 1 {
		t.Error("the document is not renamed and kept for its group")
	}
	if res, _ := f.login("professionnel").get("/c/37-41/documents/" + id); res.StatusCode != http.StatusNotFound {
		t.Errorf("a member outside the archived group reads its document: %d, want 404", res.StatusCode)
	}
}

// TestDocumentGroupForgotten: a group's lead who chooses « a working
// group » without saying which is told so next to the group, and not
// that they may not give the document to these readers.
func TestDocumentGroupForgotten(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	res, body := postDocumentForm(t, f.login("thomas.petit"), "/c/37-41/documents/nouveau",
		url.Values{"titre": {"Compte rendu d'atelier"}, "lecteurs": {clts.AudienceGroup}, "groupe": {""}}, upFile{"atelier.pdf", samplePDF})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("no group chosen: %d, want 422", res.StatusCode)
	}
	doc := parse(t, body)
	if msg := tiedError(t, doc, "groupe"); !strings.Contains(msg, "Choisissez le groupe de travail") {
		t.Errorf("group: message %q", msg)
	}
	if msg := tiedError(t, doc, "lecteurs"); msg != "" {
		t.Errorf("readers refused when only the group is missing: %q", msg)
	}
	if got := doc.Find("#f-titre").AttrOr("value", ""); got != "Compte rendu d'atelier" {
		t.Errorf("title not kept: %q", got)
	}
}

// TestDocumentItemRemoved: removing an agenda item leaves its documents on
// the meeting, under « Autres documents de la réunion », still readable
// by their readers only.
func TestDocumentItemRemoved(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	lead := f.login("thomas.petit")
	meeting := f.ownerCommitteeCount("37-41", `SELECT id::int FROM meetings WHERE title = $1`, demo.DocumentMeetingTitle)
	m := strconv.Itoa(meeting)
	item := strconv.Itoa(f.ownerCommitteeCount("37-41", `SELECT id::int FROM agenda_items WHERE meeting_id = $1`, meeting))
	if res, body := lead.post("/c/37-41/reunions/"+m+"/ordre-du-jour/"+item+"/supprimer", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("removing the item: %d\n%.2000s", res.StatusCode, body)
	}
	slides := f.documentID("37-41", docSlides)
	if n := f.ownerCommitteeCount("37-41", `SELECT count(*)::int FROM documents WHERE id = $1 AND meeting_id = $2 AND agenda_item_id IS NULL`,
		mustInt(t, slides), meeting); n != 1 {
		t.Fatal("the document did not stay on the meeting")
	}
	_, page := f.login("partenaire").get("/c/37-41/reunions/" + m)
	if !strings.Contains(page, "Autres documents de la réunion") || !strings.Contains(page, "/c/37-41/documents/"+slides+"/fichier") {
		t.Error("a member of the group does not find the document among the meeting's other documents")
	}
	if _, page := f.login("professionnel").get("/c/37-41/reunions/" + m); strings.Contains(page, "Autres documents de la réunion") {
		t.Error("a member outside the group sees the group's document among the meeting's other documents")
	}
}

// TestDocumentEditsDoNotOverwrite: two people who opened a document's
// details at the same time do not erase each other's change: the second
// save is refused with a French notice, its typed details kept, and saving
// again from that page works.
func TestDocumentEditsDoNotOverwrite(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.documentID("37-41", docSurvey)
	group := f.groupID("Accès aux droits à l'ère numérique")
	path := "/c/37-41/documents/" + id + "/modifier"
	lead, pilot := f.login("thomas.petit"), f.login("pilote")
	version := func(c *client) string {
		res, body := c.get(path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("edit form: %d", res.StatusCode)
		}
		return parse(t, body).Find(`input[name="version"]`).AttrOr("value", "")
	}
	save := func(c *client, title, v string) (*http.Response, string) {
		return c.post(path, url.Values{"titre": {title}, "lecteurs": {clts.AudienceGroup}, "groupe": {group},
			"dossier": {"Groupes de travail"}, "version": {v}})
	}
	leadVersion, pilotVersion := version(lead), version(pilot)
	if leadVersion == "" || leadVersion != pilotVersion {
		t.Fatalf("versions %q and %q: want the same, not empty", leadVersion, pilotVersion)
	}
	if res, body := save(lead, "Relevé du groupe", leadVersion); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save: %d\n%.1500s", res.StatusCode, body)
	}
	res, body := save(pilot, "Relevé revu par la pilote", pilotVersion)
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("second save over the first: %d, want 409", res.StatusCode)
	}
	page := parse(t, body)
	if !strings.Contains(page.Text(), "modifié entre-temps") {
		t.Error("the refused save does not say why")
	}
	if got := page.Find("#f-titre").AttrOr("value", ""); got != "Relevé revu par la pilote" {
		t.Errorf("typed title not kept: %q", got)
	}
	if n := f.ownerCommitteeCount("37-41", `SELECT count(*)::int FROM documents WHERE id = $1 AND title = 'Relevé du groupe'`, mustInt(t, id)); n != 1 {
		t.Error("the first save was overwritten")
	}
	current := page.Find(`input[name="version"]`).AttrOr("value", "")
	if res, body := save(pilot, "Relevé revu par la pilote", current); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("saving again from the refused page: %d\n%.1500s", res.StatusCode, body)
	}
}

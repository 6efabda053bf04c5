package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/portail-clts/clts/internal/markdown"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
)

// heldPlenary creates, as the pilot, a 37-41 plenary that started two hours
// ago (created for tomorrow, then moved), and returns its page's path.
func (f *fixture) heldPlenary(t *testing.T, pilot *client, title string) string {
	t.Helper()
	day := time.Now().In(components.Paris()).AddDate(0, 0, 1).Format("2006-01-02")
	res, body := pilot.post("/c/37-41/reunions/nouvelle", url.Values{"titre": {title}, "date": {day}, "debut": {"14:00"},
		"fin": {"16:00"}, "lieu": {"Tours"}, "repetition": {"1"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create the meeting: %d\n%.1500s", res.StatusCode, body)
	}
	path := res.Header.Get("Location")
	if i := strings.Index(path, "#"); i >= 0 {
		path = path[:i]
	}
	f.moveMeeting(mustInt(t, meetingIDFrom(t, path)), -2*time.Hour)
	return path
}

// storedActions reads a meeting's decisions and actions through the store,
// as the pilot sees them.
func (f *fixture) storedActions(t *testing.T, path string) (version int, published bool, rows []string) {
	t.Helper()
	id := mustInt(t, meetingIDFrom(t, path))
	f.read("37-41", "pilote", func(tx *postgres.Tx) error {
		m, actions, err := tx.MeetingMinutes(context.Background(), id)
		version, published = m.Version, m.PublishedAt != nil
		for _, a := range actions {
			due := ""
			if a.DueOn != nil {
				due = a.DueOn.Format(time.DateOnly)
			}
			rows = append(rows, fmt.Sprintf("%s|%s|%d|%s|%s|%v", a.Kind, a.What, a.AssigneeID, a.Who, due, a.Done))
		}
		return err
	})
	return version, published, rows
}

// fieldValue is what the form shows in the control named name.
func fieldValue(t *testing.T, doc *goquery.Document, name string) string {
	t.Helper()
	control := doc.Find(`[name="` + name + `"]`)
	if control.Length() != 1 {
		t.Fatalf("%d controls named %s", control.Length(), name)
	}
	switch goquery.NodeName(control) {
	case "textarea":
		return control.Text()
	case "select":
		v, _ := control.Find("option[selected]").Attr("value")
		return v
	}
	v, _ := control.Attr("value")
	return v
}

// errorNextTo is the message shown next to the control named name, tied
// to it by aria-describedby; "" when there is none.
func errorNextTo(t *testing.T, doc *goquery.Document, name string) string {
	t.Helper()
	control := doc.Find(`[name="` + name + `"]`)
	msg := doc.Find("#f-" + name + "-error")
	described, _ := control.Attr("aria-describedby")
	if msg.Length() == 0 || !strings.Contains(described, "f-"+name+"-error") {
		return ""
	}
	return strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(msg.Text()), "Erreur :"))
}

// TestMinutesFormKeepsEverythingTyped: the minutes page is one form. Adding
// a row or asking for the preview shows it again with the text and every
// row kept, and writes nothing; saving writes the text and the rows at
// once; the stored rows come back to be edited (done, removed).
func TestMinutesFormKeepsEverythingTyped(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	path := f.heldPlenary(t, pilot, "Plénière du compte rendu")
	text := "## Relevé\n\nLa charte est **adoptée**."
	partner := strconv.FormatInt(f.accounts["partenaire"], 10)
	typed := url.Values{"version": {"0"}, "compte_rendu": {text},
		"ligne1_nature": {"action"}, "ligne1_quoi": {"Envoyer la charte"}, "ligne1_membre": {partner}, "ligne1_echeance": {"2030-01-15"}}

	res, body := pilot.get(path + "/compte-rendu")
	doc := parse(t, body)
	if res.StatusCode != http.StatusOK || doc.Find("h1").Text() != "Rédiger le compte rendu" || doc.Find("#f-ligne1_quoi").Length() != 1 {
		t.Fatalf("the empty minutes form: %d, h1 %q, with a blank row: %d", res.StatusCode, doc.Find("h1").Text(), doc.Find("#f-ligne1_quoi").Length())
	}

	// "Ajouter une ligne": everything typed comes back, with a new row.
	form := url.Values{"ajouter": {"ligne"}}
	for k, v := range typed {
		form[k] = v
	}
	res, body = pilot.post(path+"/compte-rendu", form)
	doc = parse(t, body)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("add a row: %d", res.StatusCode)
	}
	if got := fieldValue(t, doc, "compte_rendu"); got != text {
		t.Errorf("the text typed is lost when a row is added: %q", got)
	}
	for name, want := range map[string]string{"ligne1_quoi": "Envoyer la charte", "ligne1_membre": partner, "ligne1_echeance": "2030-01-15", "ligne1_nature": "action"} {
		if got := fieldValue(t, doc, name); got != want {
			t.Errorf("%s is %q after adding a row, want %q", name, got, want)
		}
	}
	if doc.Find("#f-ligne2_quoi").Length() != 1 {
		t.Error("no new row")
	}
	if v, _, rows := f.storedActions(t, path); v != 0 || len(rows) != 0 {
		t.Errorf("adding a row wrote the minutes: version %d, rows %v", v, rows)
	}

	// "Aperçu": the text rendered, everything kept, nothing written.
	form.Del("ajouter")
	form.Set("apercu", "oui")
	res, body = pilot.post(path+"/compte-rendu", form)
	doc = parse(t, body)
	if res.StatusCode != http.StatusOK || doc.Find("#apercu .minutes h2").Text() != "Relevé" || doc.Find("#apercu .minutes strong").Text() != "adoptée" {
		t.Errorf("the preview does not show the text rendered: %d\n%s", res.StatusCode, doc.Find("#apercu").Text())
	}
	if fieldValue(t, doc, "compte_rendu") != text || fieldValue(t, doc, "ligne1_quoi") != "Envoyer la charte" {
		t.Error("the preview loses what was typed")
	}
	if v, _, _ := f.storedActions(t, path); v != 0 {
		t.Error("the preview wrote the minutes")
	}

	// Saving writes the text and the rows together; a blank row is ignored.
	form.Del("apercu")
	form.Set("publier", "non")
	form.Set("ligne2_nature", "decision")
	form.Set("ligne2_quoi", "Adopter la charte")
	form.Set("ligne3_nature", "action")
	if res, body := pilot.post(path+"/compte-rendu", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d\n%s", res.StatusCode, parse(t, body).Find(".error-summary").Text())
	}
	v, published, rows := f.storedActions(t, path)
	want := []string{"decision|Adopter la charte|0|||false", "action|Envoyer la charte|" + partner + "||2030-01-15|false"}
	if v != 1 || published || strings.Join(rows, "\n") != strings.Join(want, "\n") {
		t.Errorf("saved: version %d, published %v, rows\n%s\nwant\n%s", v, published, strings.Join(rows, "\n"), strings.Join(want, "\n"))
	}
	_, body = pilot.get(path)
	doc = parse(t, body)
	if !strings.Contains(doc.Find("main table").Text(), f.displayName("partenaire")) || !strings.Contains(doc.Find("main table").Text(), "15 janvier 2030") {
		t.Errorf("the meeting's page does not show the action's assignee and due date:\n%s", doc.Find("main table").Text())
	}
	if !strings.Contains(doc.Find("main").Text(), "Modifier le compte rendu") || strings.Contains(doc.Find("main").Text(), "Rédiger le compte rendu") {
		t.Error("a meeting with minutes does not offer to edit them")
	}

	// The stored rows come back, each with its id; mark the action done
	// and remove the decision.
	_, body = pilot.get(path + "/compte-rendu")
	doc = parse(t, body)
	if doc.Find("h1").Text() != "Modifier le compte rendu" || fieldValue(t, doc, "ligne2_membre") != partner || fieldValue(t, doc, "compte_rendu") != text {
		t.Fatalf("the stored minutes are not in the form: %q, %q", doc.Find("h1").Text(), fieldValue(t, doc, "ligne2_membre"))
	}
	edit := url.Values{"version": {"1"}, "compte_rendu": {text}, "publier": {"non"}}
	doc.Find(`form.minutes-form input[name^="ligne"], form.minutes-form select[name^="ligne"]`).Each(func(_ int, s *goquery.Selection) {
		name, _ := s.Attr("name")
		if typ, _ := s.Attr("type"); typ == "checkbox" {
			return
		}
		if goquery.NodeName(s) == "select" {
			edit.Set(name, fieldValue(t, doc, name))
			return
		}
		value, _ := s.Attr("value")
		edit.Set(name, value)
	})
	edit.Set("ligne1_supprimer", "oui")
	edit.Set("ligne2_fait", "oui")
	if res, _ := pilot.post(path+"/compte-rendu", edit); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit the rows: %d", res.StatusCode)
	}
	if v, _, rows := f.storedActions(t, path); v != 2 || strings.Join(rows, "\n") != "action|Envoyer la charte|"+partner+"||2030-01-15|true" {
		t.Errorf("after the edit: version %d, rows %v", v, rows)
	}
}

// TestActionAssigneeMustBeAnActiveMember: an action goes to an active
// member of the meeting's committee, never to a member of another
// committee nor to a deactivated one, nor to both a member and someone
// outside; a date must be a date. Each refusal is a message next to its
// field, everything typed is kept, and nothing is written.
func TestActionAssigneeMustBeAnActiveMember(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	path := f.heldPlenary(t, pilot, "Plénière des affectations")
	f.deactivate("37-41", "professionnel")
	id := func(login string) string { return strconv.FormatInt(f.accounts[login], 10) }
	text := "Le texte tapé avant l'erreur."
	for _, tc := range []struct {
		name  string
		row   url.Values
		field string
		want  string
	}{
		{"OtherCommittee", url.Values{"ligne1_membre": {id("pilote-autre")}}, "ligne1_membre", "Choisissez un membre actif du comité"},
		{"Deactivated", url.Values{"ligne1_membre": {id("professionnel")}}, "ligne1_membre", "Choisissez un membre actif du comité"},
		{"NotAnID", url.Values{"ligne1_membre": {"Marie"}}, "ligne1_membre", "Choisissez un membre du comité dans la liste"},
		{"MemberAndOutsider", url.Values{"ligne1_membre": {id("partenaire")}, "ligne1_qui": {"CAF Touraine"}}, "ligne1_qui", "pas les deux"},
		{"BadDate", url.Values{"ligne1_echeance": {"15/01/2030"}}, "ligne1_echeance", "année-mois-jour"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := url.Values{"version": {"0"}, "compte_rendu": {text}, "publier": {"oui"}, "ligne1_nature": {"action"}, "ligne1_quoi": {"Relancer les partenaires"},
				"ligne2_nature": {"decision"}, "ligne2_quoi": {"Une décision valable"}}
			for k, v := range tc.row {
				form[k] = v
			}
			res, body := pilot.post(path+"/compte-rendu", form)
			doc := parse(t, body)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.StatusCode)
			}
			if msg := errorNextTo(t, doc, tc.field); !strings.Contains(msg, tc.want) {
				t.Errorf("message next to %s: %q, want %q", tc.field, msg, tc.want)
			}
			if doc.Find(`.error-summary a[href="#f-`+tc.field+`"]`).Length() != 1 {
				t.Error("the error summary does not link to the field")
			}
			if fieldValue(t, doc, "compte_rendu") != text || fieldValue(t, doc, "ligne2_quoi") != "Une décision valable" {
				t.Error("what was typed is lost")
			}
			if v, _, rows := f.storedActions(t, path); v != 0 || len(rows) != 0 {
				t.Errorf("a refused form wrote something: version %d, rows %v", v, rows)
			}
		})
	}
	if n := f.ownerCount(`SELECT count(*) FROM outbox WHERE subject LIKE 'Compte rendu publié%'`); n != 0 {
		t.Errorf("a refused publication queued %d e-mails", n)
	}

	// An action already given to someone who has left since may stay
	// theirs: the form keeps their name, and saving again keeps it.
	if res, _ := pilot.post(path+"/compte-rendu", url.Values{"version": {"0"}, "ligne1_nature": {"action"}, "ligne1_quoi": {"Relancer"},
		"ligne1_membre": {id("partenaire")}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	f.deactivate("37-41", "partenaire")
	_, body := pilot.get(path + "/compte-rendu")
	doc := parse(t, body)
	if got := doc.Find(`#f-ligne1_membre option[selected]`).Text(); !strings.Contains(got, "ne fait plus partie du comité") {
		t.Errorf("the former member is not kept in the list: %q", got)
	}
	actionID, _ := doc.Find(`[name="ligne1_id"]`).Attr("value")
	if res, _ := pilot.post(path+"/compte-rendu", url.Values{"version": {"1"}, "ligne1_id": {actionID}, "ligne1_nature": {"action"},
		"ligne1_quoi": {"Relancer les partenaires"}, "ligne1_membre": {id("partenaire")}}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("saving an action kept by a former member: %d", res.StatusCode)
	}
	if res, _ := pilot.post(path+"/compte-rendu", url.Values{"version": {"2"}, "ligne1_nature": {"action"},
		"ligne1_quoi": {"Nouvelle action"}, "ligne1_membre": {id("partenaire")}}); res.StatusCode != http.StatusUnprocessableEntity {
		t.Errorf("a new action given to a former member: %d, want 422", res.StatusCode)
	}
}

// TestPublishingMinutesMailsTheInvitees: the first publication queues one
// e-mail per invitee with an address, with the link to the minutes; a
// draft, a correction of published minutes, and a publication rolled back
// queue none.
func TestPublishingMinutesMailsTheInvitees(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	path := f.heldPlenary(t, pilot, "Plénière publiée")
	subject := "Compte rendu publié : Plénière publiée"
	sent := func() int {
		return f.ownerCount(`SELECT count(*) FROM outbox WHERE subject LIKE $1`, subject+"%")
	}
	if res, _ := pilot.post(path+"/compte-rendu", url.Values{"version": {"0"}, "compte_rendu": {"Brouillon."}, "publier": {"non"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("draft: %d", res.StatusCode)
	}
	if n := sent(); n != 0 {
		t.Errorf("a draft queued %d e-mails", n)
	}

	// A publication whose unit of work fails after the store queued the
	// e-mails: nothing is sent, nothing is published.
	id := mustInt(t, meetingIDFrom(t, path))
	text, err := markdown.Render("Publié puis annulé.")
	if err != nil {
		t.Fatal(err)
	}
	errAfter := fmt.Errorf("a failure after the publication")
	err = f.db.App.Write(context.Background(), f.scope("37-41", "pilote"), func(tx *postgres.Tx) error {
		if err := tx.SaveMinutes(context.Background(), id, postgres.MinutesChange{Text: text, Version: 1, Publish: true,
			Mail: &postgres.MeetingMail{Subject: subject, Body: "lien"}}); err != nil {
			return err
		}
		return errAfter
	})
	if err != errAfter {
		t.Fatalf("the unit of work: %v", err)
	}
	if n := sent(); n != 0 {
		t.Errorf("a publication rolled back queued %d e-mails", n)
	}
	if _, published, _ := f.storedActions(t, path); published {
		t.Error("a publication rolled back is published")
	}

	if res, _ := pilot.post(path+"/compte-rendu", url.Values{"version": {"1"}, "compte_rendu": {"Le texte publié."}, "publier": {"oui"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	invitees := f.ownerCount(`SELECT count(*) FROM memberships m JOIN accounts a ON a.id = m.account_id
		WHERE m.committee_id = $1 AND m.active AND a.email IS NOT NULL AND NOT a.disabled`, f.committees["37-41"])
	if n := sent(); n != invitees || n == 0 {
		t.Errorf("publication: %d e-mails, want one per invitee with an address (%d)", n, invitees)
	}
	mails := f.mailsTo(f.email("partenaire"))
	if len(mails) == 0 || !strings.HasPrefix(mails[0].Subject, subject) || !strings.Contains(mails[0].Body, path+"#titre-cr") {
		t.Errorf("the partner's e-mail does not link to the minutes: %+v", mails)
	}
	// A correction of published minutes tells nobody again.
	if res, _ := pilot.post(path+"/compte-rendu", url.Values{"version": {"2"}, "compte_rendu": {"Le texte corrigé."}, "publier": {"oui"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("correction: %d", res.StatusCode)
	}
	if n := sent(); n != invitees {
		t.Errorf("a correction queued %d more e-mails", n-invitees)
	}
}

// email is a demo account's address.
func (f *fixture) email(login string) string {
	f.t.Helper()
	var addr string
	f.read("", "", func(tx *postgres.Tx) error {
		a, err := tx.AccountByIdentifier(context.Background(), login)
		if err == nil {
			addr = a.Email
		}
		return err
	})
	return addr
}

// deactivate makes a member of committee slug inactive, behind the
// portal's back.
func (f *fixture) deactivate(slug, login string) {
	f.t.Helper()
	conn := f.ownerConn()
	ctx := context.Background()
	cid := f.committees[slug]
	if _, err := conn.Exec(ctx, `SELECT set_config('clts.committee_id', $1, false)`, strconv.FormatInt(cid, 10)); err != nil {
		f.t.Fatal(err)
	}
	tag, err := conn.Exec(ctx, `UPDATE memberships SET active = false WHERE committee_id = $1 AND account_id = $2`, cid, f.accounts[login])
	if err != nil || tag.RowsAffected() != 1 {
		f.t.Fatalf("deactivate %s: %v, %d rows", login, err, tag.RowsAffected())
	}
}

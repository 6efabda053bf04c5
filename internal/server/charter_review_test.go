package server

import (
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
)

// TestCharterCommentAfterTheConsultationKeepsTheText: a comment sent once
// the consultation closed, or once the version was adopted, is refused
// with the version's page (409), a French message and the typed comment
// to copy; nothing is written.
func TestCharterCommentAfterTheConsultationKeepsTheText(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, v2 := charterIDs(t, f, "37-41")
	base := "/c/37-41/charte/versions/" + v2
	db := openMatrixDB(t, f)
	comments := func() string {
		return db.text("37-41", `SELECT count(*)::text FROM charter_comments WHERE version_id = $1`, v2)
	}
	before := comments()
	pro := f.login("professionnel")
	typed := "Un avis écrit <juste> avant la fin, à garder."

	// Its last day was yesterday.
	db.exec("37-41", `UPDATE charter_versions SET consultation_ends_on = (now() AT TIME ZONE 'Europe/Paris')::date - 1 WHERE id = $1`, v2)
	res, page := pro.post(base+"/commentaires", url.Values{"alinea": {"2"}, "commentaire": {typed}})
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("a comment after the consultation: %d, want 409", res.StatusCode)
	}
	wantIn(t, "the late comment", page, "Votre commentaire n'est pas publié", "La consultation sur la version 2 s&#39;est terminée le",
		`<textarea id="commentaire-saisi" readonly`, "Un avis écrit &lt;juste&gt; avant la fin, à garder.",
		"Charte de fonctionnement, version 2")
	if strings.Contains(page, `action="`+base+`/commentaires"`) {
		t.Error("the closed consultation still offers the comment form")
	}

	// Adopted meanwhile: no longer in consultation.
	db.exec("37-41", `UPDATE charter_versions SET consultation_ends_on = (now() AT TIME ZONE 'Europe/Paris')::date + 7 WHERE id = $1`, v2)
	plenary := db.id("37-41", `SELECT id FROM meetings WHERE kind = 'pleniere' AND status <> 'annulee' AND starts_at < now() ORDER BY starts_at DESC LIMIT 1`)
	day := db.text("37-41", `SELECT to_char(starts_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') FROM meetings WHERE id = $1`, plenary)
	mustStep(t, f.login("pilote"), base+"/adoption", url.Values{"reunion": {plenary}, "date_adoption": {day}, "resultat": {"unanimite"}})
	res, page = pro.post(base+"/commentaires", url.Values{"alinea": {"0"}, "commentaire": {"Trop tard ?"}})
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("a comment on the adopted version: %d, want 409", res.StatusCode)
	}
	wantIn(t, "the comment on the adopted version", page, "La version 2 n&#39;est plus en consultation (en vigueur)", ">Trop tard ?</textarea>")
	if got := comments(); got != before {
		t.Errorf("%s comments after the refusals, want %s", got, before)
	}
}

// TestCharterReminderOnceADay: the pilots' second reminder within 24
// hours is refused (409) on the acceptances page, which says when the
// last one left, and e-mails nobody.
func TestCharterReminderOnceADay(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	cur, _ := charterIDs(t, f, "37-41")
	base := "/c/37-41/charte/versions/" + cur
	pilot := f.login("pilote")
	_, page := pilot.get(base + "/acceptations")
	if strings.Contains(page, "Dernier rappel envoyé") {
		t.Error("the acceptances page tells of a reminder never sent")
	}
	before := len(f.convocations(""))
	mustStep(t, pilot, base+"/rappel", url.Values{})
	sent := len(f.convocations("")) - before
	if sent == 0 {
		t.Fatal("the first reminder e-mailed nobody")
	}
	_, page = pilot.get(base + "/acceptations")
	wantIn(t, "the acceptances after a reminder", page, "Envoyer un rappel", "Dernier rappel envoyé le", "Le prochain pourra être envoyé à partir du")

	res, page := pilot.post(base+"/rappel", url.Values{})
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("a second reminder: %d, want 409", res.StatusCode)
	}
	wantIn(t, "the refused reminder", page, "Aucun rappel n&#39;est parti : le dernier a été envoyé le", "il y a moins de 24 heures",
		"Acceptations de la version 1")
	if got := len(f.convocations("")) - before; got != sent {
		t.Errorf("%d e-mails after the second click, want the first reminder's %d", got, sent)
	}
	// A day later, it leaves again.
	openMatrixDB(t, f).exec("37-41", `UPDATE charter_versions SET reminded_at = reminded_at - interval '24 hours' WHERE id = $1`, cur)
	mustStep(t, f.login("pilote41"), base+"/rappel", url.Values{})
	if got := len(f.convocations("")) - before; got != 2*sent {
		t.Errorf("%d e-mails after a reminder a day later, want %d", got, 2*sent)
	}
}

// TestHomeTodoCharterConsultation: the home of a member who has not
// commented on the version in consultation points to it, until they do;
// the pilots, who run it, are not asked.
func TestHomeTodoCharterConsultation(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, v2 := charterIDs(t, f, "37-41")
	db := openMatrixDB(t, f)
	pro := f.login("professionnel")
	const line = "La version 2 de la charte est en consultation jusqu'au"
	// In the demo the professional commented already.
	if _, home := pro.get("/c/37-41/"); strings.Contains(home, line) {
		t.Error("the home of a member who commented asks them to comment")
	}
	db.exec("37-41", `DELETE FROM charter_comments WHERE version_id = $1 AND author_id = (SELECT id FROM accounts WHERE login = 'professionnel')`, v2)
	_, home := pro.get("/c/37-41/")
	wantIn(t, "the home of a member who has not commented", home, line, `href="/c/37-41/charte/versions/`+v2+`"`)
	if _, home := f.login("pilote").get("/c/37-41/"); strings.Contains(home, line) {
		t.Error("the pilot's home asks them to comment their own consultation")
	}
	mustStep(t, pro, "/c/37-41/charte/versions/"+v2+"/commentaires", url.Values{"alinea": {"0"}, "commentaire": {"Mon avis."}})
	if _, home := pro.get("/c/37-41/"); strings.Contains(home, line) {
		t.Error("the home still asks for a comment once given")
	}
	// Closed: no longer asked.
	db.exec("37-41", `DELETE FROM charter_comments WHERE version_id = $1 AND author_id = (SELECT id FROM accounts WHERE login = 'professionnel')`, v2)
	db.exec("37-41", `UPDATE charter_versions SET consultation_ends_on = (now() AT TIME ZONE 'Europe/Paris')::date - 1 WHERE id = $1`, v2)
	if _, home := pro.get("/c/37-41/"); strings.Contains(home, line) {
		t.Error("the home asks to comment a closed consultation")
	}
}

// TestCharterCommentQuotesItsParagraph: a comment shows the text of the
// paragraph it was written on, marked as modified once an edit changed
// the paragraph at its number.
func TestCharterCommentQuotesItsParagraph(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, v2 := charterIDs(t, f, "37-41")
	base := "/c/37-41/charte/versions/" + v2
	partner := f.login("partenaire")
	mustStep(t, partner, base+"/commentaires", url.Values{"alinea": {"1"}, "commentaire": {"Le sigle CLTS mérite une définition."}})
	_, page := partner.get(base)
	wantIn(t, "the version", page, "À propos de&nbsp;: «\u00a0La présente charte fixe le fonctionnement du comité local")
	if strings.Count(page, "paragraphe modifié depuis") != 1 {
		t.Errorf("the demo marks %d comments as on a modified paragraph, want 1 (the one the pilot added to the text)",
			strings.Count(page, "paragraphe modifié depuis"))
	}
	// A paragraph inserted before the first: every paragraph moves.
	pilot := f.login("pilote")
	_, form := pilot.get(base + "/modifier")
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(form)
	src := regexp.MustCompile(`(?s)<textarea[^>]*>(.*?)</textarea>`).FindStringSubmatch(form)
	if version == nil || src == nil {
		t.Fatal("no version or text in the edit form")
	}
	text := strings.Replace(html.UnescapeString(src[1]), "## Objet\n", "## Objet\n\nUn préambule ajouté.\n", 1)
	mustStep(t, pilot, base+"/modifier", url.Values{"version": {version[1]}, "texte": {text}})
	_, page = partner.get(base)
	at := strings.Index(page, "Le sigle CLTS mérite une définition.")
	quote := strings.LastIndex(page[:max(at, 0)], "À propos de")
	if at < 0 || quote < 0 || !strings.Contains(page[quote:at], "La présente charte fixe le fonctionnement") ||
		!strings.Contains(page[quote:at], "paragraphe modifié depuis") {
		t.Errorf("after the renumbering, the comment does not quote its paragraph marked as modified")
	}
}

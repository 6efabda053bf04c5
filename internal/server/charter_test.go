package server

import (
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/web/components"
)

// charterIDs returns the demo's current version of committee slug and its
// version in consultation ("" when none), as the owner reads them.
func charterIDs(t *testing.T, f *fixture, slug string) (current, consultation string) {
	t.Helper()
	db := openMatrixDB(t, f)
	current = db.id(slug, `SELECT id FROM charter_versions WHERE state = 'adoptee'`)
	if slug == "37-41" {
		consultation = db.id(slug, `SELECT id FROM charter_versions WHERE state = 'consultation'`)
	}
	return current, consultation
}

// wantIn fails unless body holds every one of words.
func wantIn(t *testing.T, what, body string, words ...string) {
	t.Helper()
	for _, w := range words {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

func TestCharterDemoPages(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, v2 := charterIDs(t, f, "37-41")

	// The partner accepted version 1 in the demo; the professional has not.
	_, page := f.login("partenaire").get("/c/37-41/charte")
	wantIn(t, "the partner's charter page", page, "La charte en vigueur : version 1", "Consultation en cours sur la version 2",
		"Vous avez indiqué avoir lu et accepter la version 1", "à l&#39;unanimité", "Réunion plénière du comité",
		"Le comité se réunit en séance plénière tous les trois mois")
	if strings.Contains(page, "J'ai lu et j'accepte la charte") {
		t.Error("the partner is offered to accept again")
	}
	pro := f.login("professionnel")
	_, page = pro.get("/c/37-41/charte")
	wantIn(t, "the professional's charter page", page, "J'ai lu et j'accepte la charte")
	_, home := pro.get("/c/37-41/")
	wantIn(t, "the professional's home", home, "La charte de fonctionnement attend votre accord", "/c/37-41/charte#titre-acceptation")
	_, home = f.login("pilote").get("/c/37-41/")
	wantIn(t, "the pilot's home", home, "3 commentaires sur la charte attendent une réponse", "/charte/versions/"+v2+"#titre-texte")
	if _, home := f.login("partenaire").get("/c/37-41/"); strings.Contains(home, "attend votre accord") || strings.Contains(home, "attendent une réponse") {
		t.Error("the partner's home asks to accept the charter they accepted")
	}

	// Version 2: numbered paragraphs, the comments and the pilot's answer;
	// a supported person's name is shortened for other members.
	_, page = pro.get("/c/37-41/charte/versions/" + v2)
	wantIn(t, "version 2", page, `id="alinea-8"`, "tous les deux mois", "Commenter ce paragraphe", "Jean D.",
		"Réponse de Claire Martin", "Publier le commentaire")
	if strings.Contains(page, "Modifier le texte") || strings.Contains(page, "Enregistrer son adoption") {
		t.Error("a professional is offered the pilots' actions")
	}
	_, page = f.login("pilote").get("/c/37-41/charte/versions/" + v2)
	wantIn(t, "version 2 for a pilot", page, "Modifier le texte", "Enregistrer son adoption", "Répondre", "Jean Dupuis")

	// The difference: version 1 to 2, by default the last two versions.
	_, page = pro.get("/c/37-41/charte/differences")
	wantIn(t, "the difference", page, "De la version 1 à la version 2",
		`<del><span class="visually-hidden">[début de suppression] </span>trois`,
		`<ins><span class="visually-hidden">[début d'ajout] </span>deux`)

	// The printable version and its adoption record.
	cur, _ := charterIDs(t, f, "37-41")
	_, page = pro.get("/c/37-41/charte/versions/" + cur + "/imprimer")
	wantIn(t, "the printable charter", page, "/static/css/print.", "Adoptée le", "mardi 18 décembre 2018", "Version en ligne")

	// The Loiret's own charter, not 37-41's.
	_, page = f.login("pilote-autre").get("/c/autre/charte")
	wantIn(t, "the Loiret charter", page, "comité local du travail social du Loiret")
	if strings.Contains(page, "37-41") {
		t.Error("the Loiret charter page shows 37-41's charter")
	}
}

func TestCharterJourneyThroughThePortal(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	cur, v2 := charterIDs(t, f, "37-41")
	pilot, partner, pro := f.login("pilote"), f.login("partenaire"), f.login("professionnel")
	base := "/c/37-41/charte/versions/" + v2

	// A comment without text: 422, the message next to the field, the
	// paragraph kept.
	res, page := partner.post(base+"/commentaires", url.Values{"alinea": {"3"}, "commentaire": {"  "}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty comment: %d", res.StatusCode)
	}
	wantIn(t, "the refused comment", page, `id="f-commentaire-error"`, `<option value="3" selected`)
	mustStep(t, partner, base+"/commentaires", url.Values{"alinea": {"3"}, "commentaire": {"La CAF souhaite être citée."}})

	// Two pilots edit: the second, from a stale form, is told and keeps
	// their text.
	_, form := pilot.get(base + "/modifier")
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(form)
	if version == nil {
		t.Fatal("no version in the edit form")
	}
	mustStep(t, f.login("pilote41"), base+"/modifier", url.Values{"version": {version[1]}, "texte": {"## Objet\n\nTexte de Luc.\n\nLe comité se réunit tous les deux mois, à Tours ou à Blois."}})
	res, page = pilot.post(base+"/modifier", url.Values{"version": {version[1]}, "texte": {"Texte de Claire."}})
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("stale edit: %d", res.StatusCode)
	}
	wantIn(t, "the stale edit", page, "Quelqu&#39;un a modifié cette version", "Texte de Claire.", "Texte de Luc.")

	// The adoption form: no meeting, a future date: errors next to fields.
	res, page = pilot.post(base+"/adoption", url.Values{"reunion": {""}, "date_adoption": {time.Now().AddDate(0, 0, 3).Format(time.DateOnly)},
		"resultat": {"vote"}, "pour": {"3"}, "contre": {"5"}, "abstentions": {""}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("adoption without meeting: %d", res.StatusCode)
	}
	wantIn(t, "the refused adoption", page, `id="f-reunion-error"`, "sans elle, l&#39;adoption ne peut pas être enregistrée",
		`id="f-abstentions-error"`, `value="3"`)
	db := openMatrixDB(t, f)
	plenary := db.id("37-41", `SELECT id FROM meetings WHERE kind = 'pleniere' AND status <> 'annulee' AND starts_at < now() ORDER BY starts_at DESC LIMIT 1`)
	day := db.text("37-41", `SELECT to_char(starts_at AT TIME ZONE 'Europe/Paris', 'YYYY-MM-DD') FROM meetings WHERE id = $1`, plenary)
	before := len(f.convocations(""))
	mustStep(t, pilot, base+"/adoption", url.Values{"reunion": {plenary}, "date_adoption": {day}, "resultat": {"vote"},
		"pour": {"18"}, "contre": {"1"}, "abstentions": {"2"}})
	if db.text("37-41", `SELECT state FROM charter_versions WHERE id = $1`, v2) != "adoptee" ||
		db.text("37-41", `SELECT state FROM charter_versions WHERE id = $1`, cur) != "remplacee" {
		t.Fatal("after the adoption, version 2 is not current or version 1 not replaced")
	}
	if got := len(f.convocations("")) - before; got != f.membersWithEmail() {
		t.Errorf("%d adoption e-mails, want one per active member with an address (%d)", got, f.membersWithEmail())
	}

	// The partner accepts once, and for CAF Touraine; the professional
	// may not accept for an institution they do not represent.
	_, page = partner.get("/c/37-41/charte")
	wantIn(t, "the charter after adoption", page, "La charte en vigueur : version 2", "18\u00a0voix pour", "J'ai lu et j'accepte la charte",
		"Accepter la charte au nom de CAF Touraine")
	mustStep(t, partner, base+"/accepter", url.Values{})
	if res, _ := partner.post(base+"/accepter", url.Values{}); res.StatusCode != http.StatusConflict {
		t.Errorf("accepting twice: %d, want 409", res.StatusCode)
	}
	caf := db.id("37-41", `SELECT id FROM institutions WHERE name = 'CAF Touraine'`)
	if res, _ := pro.post(base+"/institution", url.Values{"institution": {caf}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a professional accepting for CAF Touraine: %d, want 403", res.StatusCode)
	}
	mustStep(t, partner, base+"/institution", url.Values{"institution": {caf}})

	// The pilots' list shows it; the reminder goes to the others.
	_, page = pilot.get(base + "/acceptations")
	wantIn(t, "the acceptances", page, "Karim Benali", "acceptée le", "Envoyer un rappel", "CAF Touraine", "(enregistré par Karim Benali)")
	if res, _ := pro.get(base + "/acceptations"); res.StatusCode != http.StatusForbidden {
		t.Errorf("a professional's acceptances page: %d", res.StatusCode)
	}
	before = len(f.convocations(""))
	mustStep(t, pilot, base+"/rappel", url.Values{})
	if got := len(f.convocations("")) - before; got == 0 || got >= f.membersWithEmail() {
		t.Errorf("%d reminders, want those who have not accepted", got)
	}

	// The home and the journal: the charter's lines name the version.
	_, page = pilot.get("/c/37-41/journal?type=charte")
	wantIn(t, "the journal", page, "Adoption de la charte", "Charte, version 2", "Acceptation de la charte par une institution")
}

func TestCharterNewVersionAndConsultation(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pa := f.login("pilote-autre")
	// The form starts from the current text.
	_, form := pa.get("/c/autre/charte/versions/nouvelle")
	wantIn(t, "the new version form", form, "Le comité se réunit trois fois par an à Orléans", "part du texte de la version 1")
	res, page := pa.post("/c/autre/charte/versions/nouvelle", url.Values{"texte": {""}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("empty text: %d", res.StatusCode)
	}
	wantIn(t, "the empty text", page, `id="f-texte-error"`)
	id := idAtEnd(t, mustSeeOther(t, pa, "/c/autre/charte/versions/nouvelle", url.Values{"texte": {"## Objet\n\nNouveau texte."}}))
	// A draft is the pilots': the Loiret has no other member in the demo,
	// 37-41's pilot does not see it.
	if res, _ := f.login("pilote").get("/c/37-41/charte/versions/" + id); res.StatusCode != http.StatusNotFound {
		t.Errorf("another committee's draft: %d", res.StatusCode)
	}
	// The end date must be after today; the error is next to the field.
	today := time.Now().In(components.Paris()).Format(time.DateOnly)
	res, page = pa.post("/c/autre/charte/versions/"+id+"/consultation", url.Values{"fin_consultation": {today}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a consultation ending today: %d", res.StatusCode)
	}
	wantIn(t, "the refused consultation", page, `id="f-fin_consultation-error"`, "doit être après aujourd&#39;hui", `value="`+today+`"`)
	// The new form, while a version is prepared, leads to it.
	if loc := mustGetRedirect(t, pa, "/c/autre/charte/versions/nouvelle"); loc != "/c/autre/charte/versions/"+id {
		t.Errorf("new form while a draft exists: sent to %s", loc)
	}
}

// mustGetRedirect gets path as c and returns where it is sent.
func mustGetRedirect(t *testing.T, c *client, path string) string {
	t.Helper()
	res, _ := c.get(path)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("GET %s = %d, want 303", path, res.StatusCode)
	}
	return res.Header.Get("Location")
}

func TestCharterPagesQueryCount(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	cur, v2 := charterIDs(t, f, "37-41")
	for _, path := range []string{"/c/37-41/charte", "/c/37-41/charte/versions/" + v2, "/c/37-41/charte/differences",
		"/c/37-41/charte/versions/" + cur + "/acceptations", "/c/37-41/"} {
		if n := f.countQueries("pilote", path); n > maxQueriesPerPage {
			t.Errorf("%s: %d statements, want at most %d", path, n, maxQueriesPerPage)
		}
	}
	if n := f.countQueries("partenaire", "/c/37-41/charte"); n > maxQueriesPerPage {
		t.Errorf("the partner's charter page: %d statements", n)
	}
}

// TestCharterTypedTextIsEscaped: a comment, an answer and a text with
// script and image payloads are shown as text on the version's page and
// on the difference page (the sources, escaped).
func TestCharterTypedTextIsEscaped(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, v2 := charterIDs(t, f, "37-41")
	base := "/c/37-41/charte/versions/" + v2
	comment, answer, text := xssPayload("commentaire"), xssPayload("reponse"), xssPayload("texte")
	mustStep(t, f.login("partenaire"), base+"/commentaires", url.Values{"alinea": {"0"}, "commentaire": {comment}})
	db := openMatrixDB(t, f)
	id := db.id("37-41", `SELECT max(id) FROM charter_comments WHERE version_id = $1`, v2)
	pilot := f.login("pilote")
	mustStep(t, pilot, base+"/commentaires/"+id+"/reponse", url.Values{"reponse": {answer}})
	_, page := pilot.get(base)
	assertEscaped(t, "the version page (comment)", page, comment)
	assertEscaped(t, "the version page (answer)", page, answer)

	_, form := pilot.get(base + "/modifier")
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(form)
	mustStep(t, pilot, base+"/modifier", url.Values{"version": {version[1]}, "texte": {"## Objet\n\n" + text}})
	_, page = pilot.get("/c/37-41/charte/differences?de=1&a=2")
	if !strings.Contains(page, "<ins>") {
		t.Fatal("no addition on the difference page")
	}
	assertEscaped(t, "the difference page", page, text)
	if _, page = pilot.get(base); strings.Contains(page, "<script>alert(") || strings.Contains(page, "<img src=x") {
		t.Error("the text's payload reaches the version page as HTML")
	}
}

// TestCharterCommentsOnRemovedParagraphs: a comment on a paragraph that an
// edit removed stays on the page, with the whole text's.
func TestCharterCommentsOnRemovedParagraphs(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, v2 := charterIDs(t, f, "37-41")
	base := "/c/37-41/charte/versions/" + v2
	pilot := f.login("pilote")
	_, form := pilot.get(base + "/modifier")
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(form)
	mustStep(t, pilot, base+"/modifier", url.Values{"version": {version[1]}, "texte": {"## Objet\n\nUn texte bien plus court."}})
	_, page := f.login("professionnel").get(base)
	wantIn(t, "the shortened version", page, "des paragraphes que le texte n'a plus", "paragraphe 9 d'alors",
		"Pourrait-on préciser comment un professionnel")
}

// TestCharterParagraphUnderAHeading: a paragraph written right under its
// heading, without a blank line, is numbered and can be commented on its
// own, as the form's hint promises.
func TestCharterParagraphUnderAHeading(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, v2 := charterIDs(t, f, "37-41")
	base := "/c/37-41/charte/versions/" + v2
	pilot := f.login("pilote")
	_, form := pilot.get(base + "/modifier")
	version := regexp.MustCompile(`name="version" value="(\d+)"`).FindStringSubmatch(form)
	mustStep(t, pilot, base+"/modifier", url.Values{"version": {version[1]},
		"texte": {"## Objet\nLe comité relaie les travaux du HCTS.\n## Fonctionnement\nLe comité se réunit tous les deux mois."}})
	partner := f.login("partenaire")
	_, page := partner.get(base)
	wantIn(t, "the version under headings", page, `id="alinea-1"`, `id="alinea-2"`, `<option value="2"`)
	mustStep(t, partner, base+"/commentaires", url.Values{"alinea": {"2"}, "commentaire": {"Deux mois, c'est bien."}})
	_, page = partner.get(base)
	wantIn(t, "the comment on paragraph 2", page, "Commentaires sur le paragraphe 2")
}

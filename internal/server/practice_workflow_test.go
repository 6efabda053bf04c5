package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
)

// TestPracticeWorkflow walks a practice's life over HTTP as its people
// would: a partner writes it with an attachment and proposes it; a pilot
// returns it with a comment; the partner reads the comment, corrects and
// proposes it again; the pilot publishes and shares it; members find it
// in the catalogue. Each step is told by e-mail: the pilots when it is
// proposed, the author when a pilot acts.
func TestPracticeWorkflow(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	partner, pilot, member := f.login("partenaire"), f.login("pilote"), f.login("professionnel")
	theme := f.groupID("Accès aux droits à l'ère numérique")
	var caf string
	for _, i := range f.institutions("37-41") {
		if strings.Contains(i.Name, "CAF") {
			caf = itoa(i.ID)
		}
	}
	if caf == "" {
		t.Fatal("no CAF among the demo's institutions")
	}

	// The form: the file field comes last, after every text field.
	res, body := partner.get("/c/37-41/pratiques/nouvelle")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("new practice form: %d", res.StatusCode)
	}
	controls := parse(t, body).Find("form[enctype='multipart/form-data']").Find("input:not([type=hidden]), textarea, select")
	if last := controls.Last(); last.AttrOr("type", "") != "file" || last.AttrOr("name", "") != "pieces_jointes" {
		t.Errorf("the form's last field is %s %q, want the file field", last.AttrOr("type", ""), last.AttrOr("name", ""))
	}
	if _, multiple := controls.Last().Attr("multiple"); !multiple {
		t.Error("the file field takes one file only")
	}

	// The partner writes the practice, attaches the programme, and
	// proposes it at once.
	form := completePractice("Permanences numériques dans les mairies rurales")
	form["themes"] = []string{theme}
	form["institutions"] = []string{caf}
	form["apres"] = []string{"proposer"}
	id := savePractice(t, partner, "/c/37-41/pratiques/nouvelle", form, upFile{"programme.pdf", samplePDF})
	sheet := "/c/37-41/pratiques/" + id
	if got := f.practice("37-41", id).Status; got != clts.PracticeSubmitted {
		t.Fatalf("after proposing: %s", got)
	}
	if mails := f.mailsTo("pilote@demo.test"); len(mails) == 0 || !strings.Contains(mails[0].Body, "Permanences numériques") {
		t.Errorf("the pilots are not told of the proposed practice: %v", mails)
	}

	_, body = partner.get(sheet)
	doc := parse(t, body)
	if !strings.Contains(doc.Find(".tag").Text(), "Proposée") {
		t.Errorf("the author's sheet does not say it waits: %q", doc.Find(".tag").Text())
	}
	if doc.Find("a[href*='/pieces-jointes/']:contains('programme.pdf')").Length() != 1 {
		t.Error("the sheet does not list the attachment")
	}
	if doc.Find("form[action$='/publier']").Length() != 0 {
		t.Error("the author is offered to publish their own practice")
	}
	if !strings.Contains(doc.Find(".minutes").Text(), "beaucoup de personnes") || doc.Find(".minutes strong").Length() == 0 {
		t.Error("the context's Markdown is not shown formatted")
	}

	// The pilot returns it; without a comment, the sheet says so next to
	// the field and nothing changes.
	_, body = pilot.get(sheet)
	doc = parse(t, body)
	if doc.Find("form[action$='/publier']").Length() != 1 || doc.Find("form[action$='/renvoyer']").Length() != 1 {
		t.Fatal("the pilot is not offered to publish or return the practice")
	}
	res, body = pilot.post(sheet+"/renvoyer", url.Values{"commentaire": {"  "}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("return without a comment: %d", res.StatusCode)
	}
	if msg := tiedError(t, parse(t, body), "commentaire"); msg == "" {
		t.Error("no message next to the missing comment")
	}
	if got := f.practice("37-41", id).Status; got != clts.PracticeSubmitted {
		t.Fatalf("a return without comment changed the state to %s", got)
	}
	mustStep(t, pilot, sheet+"/renvoyer", url.Values{"commentaire": {"Précisez le budget et le nombre de personnes reçues."}})
	if mails := f.mailsTo("partenaire@demo.test"); len(mails) == 0 || !strings.Contains(mails[0].Body, "Précisez le budget") {
		t.Errorf("the author is not sent the pilot's comment: %v", mails)
	}

	// The partner reads the comment, on the sheet and in the form,
	// corrects and proposes again.
	_, body = partner.get(sheet)
	if !strings.Contains(body, "Précisez le budget") {
		t.Error("the author's sheet does not show the pilot's comment")
	}
	_, body = partner.get(sheet + "/modifier")
	doc = parse(t, body)
	if !strings.Contains(doc.Find("section.panel").Text(), "Précisez le budget") {
		t.Error("the form does not show the pilot's comment")
	}
	if doc.Find("button[value=proposer]").Length() != 1 {
		t.Error("the form does not offer to propose the practice again")
	}
	form = completePractice("Permanences numériques dans les mairies rurales")
	form["version"] = []string{doc.Find("input[name=version]").AttrOr("value", "")}
	form["themes"] = []string{theme}
	form["moyens"] = []string{"Deux conseillers à mi-temps, 12 000 € par an ; 340 personnes reçues en 2019."}
	form["apres"] = []string{"proposer"}
	if got := savePractice(t, partner, sheet+"/modifier", form); got != id {
		t.Fatalf("the edit went to practice %s", got)
	}
	p := f.practice("37-41", id)
	if p.Status != clts.PracticeSubmitted || !strings.Contains(p.Means, "12 000 €") {
		t.Fatalf("after correcting: state %s, means %q", p.Status, p.Means)
	}

	// The pilot publishes and shares it; the author is told.
	mustStep(t, pilot, sheet+"/publier", url.Values{})
	if mails := f.mailsTo("partenaire@demo.test"); len(mails) < 2 || !strings.Contains(strings.ToLower(mails[0].Subject+mails[0].Body), "publiée") {
		t.Errorf("the author is not told of the publication: %v", mails[0])
	}
	mustStep(t, pilot, sheet+"/partager", url.Values{})
	p = f.practice("37-41", id)
	if p.Status != clts.PracticePublished || !p.Shared() {
		t.Fatalf("after publishing and sharing: %s, shared %v", p.Status, p.Shared())
	}
	_, body = pilot.get(sheet)
	doc = parse(t, body)
	if !strings.Contains(doc.Find(".tag").Text(), "Partagée au niveau national") {
		t.Error("the sheet does not say it is shared")
	}
	if doc.Find("form[action$='/departager']").Length() != 1 || doc.Find("form[action$='/partager']").Length() != 0 {
		t.Error("a shared practice's sheet offers to share it again")
	}

	// Members find it in the catalogue, with or without accents, and read
	// it; the searched word is highlighted in the summary.
	for _, q := range []string{"numerique", "Permanences", "mairie"} {
		_, body = member.get("/c/37-41/pratiques?q=" + url.QueryEscape(q))
		doc = parse(t, body)
		if doc.Find("a[href='"+sheet+"']").Length() != 1 {
			t.Errorf("searching %q does not find the practice", q)
		}
	}
	_, body = member.get("/c/37-41/pratiques?q=demarches")
	if parse(t, body).Find(".card mark").Length() == 0 {
		t.Error("the searched word is not highlighted in the summary")
	}
	_, body = member.get("/c/37-41/pratiques?theme=" + theme + "&annee=2019&en_cours=oui&tri=date")
	if parse(t, body).Find("a[href='"+sheet+"']").Length() != 1 {
		t.Error("the filters by theme, year and running do not find the practice")
	}
	_, body = member.get("/c/37-41/pratiques?annee=2018")
	if parse(t, body).Find("a[href='"+sheet+"']").Length() != 0 {
		t.Error("the year filter lets through a practice of another year")
	}
	if res, _ := member.get(sheet); res.StatusCode != http.StatusOK {
		t.Errorf("a member reading the published practice: %d", res.StatusCode)
	}

	// A member flags it; the pilots are told and see the flag.
	mustStep(t, member, sheet+"/signaler", url.Values{"motif_signalement": {"Le lien vers la mairie ne fonctionne plus."}})
	_, body = pilot.get(sheet)
	if !strings.Contains(body, "Le lien vers la mairie ne fonctionne plus.") {
		t.Error("the pilot does not see the flag")
	}

	// The author keeps it up to date: the change is in its history.
	_, body = partner.get(sheet + "/modifier")
	form = completePractice("Permanences numériques dans les mairies rurales")
	form["version"] = []string{parse(t, body).Find("input[name=version]").AttrOr("value", "")}
	form["resultats"] = []string{"Neuf personnes sur dix ont ouvert leurs droits."}
	savePractice(t, partner, sheet+"/modifier", form)
	_, body = partner.get(sheet)
	if hist := parse(t, body).Find("#titre-historique").Parent().Text(); !strings.Contains(hist, "Karim Benali") {
		t.Errorf("the history does not show who changed the published practice: %q", hist)
	}

	// Withdrawn with a reason: hidden from members, kept for the author.
	mustStep(t, pilot, sheet+"/retirer", url.Values{"motif": {"Le dispositif a été arrêté."}})
	if mails := f.mailsTo("partenaire@demo.test"); !strings.Contains(mails[0].Body, "Le dispositif a été arrêté.") {
		t.Errorf("the author is not sent the withdrawal's reason: %v", mails[0])
	}
	if res, _ := member.get(sheet); res.StatusCode != http.StatusNotFound {
		t.Errorf("a member reading a withdrawn practice: %d, want 404", res.StatusCode)
	}
	if res, body := partner.get(sheet); res.StatusCode != http.StatusOK || !strings.Contains(body, "Le dispositif a été arrêté.") {
		t.Errorf("the author reading their withdrawn practice: %d", res.StatusCode)
	}
	if p := f.practice("37-41", id); p.Shared() {
		t.Error("a withdrawn practice is still shared")
	}
}

// TestPracticeListsByState: the pilots' lists by state, and each member's
// own sheets with their drafts; others' drafts appear nowhere.
func TestPracticeListsByState(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	partner, pilot, member := f.login("partenaire"), f.login("pilote"), f.login("professionnel")
	draft := savePractice(t, partner, "/c/37-41/pratiques/nouvelle", url.Values{"titre": {"Brouillon du partenaire"}})
	form := completePractice("Fiche à relire du partenaire")
	form["apres"] = []string{"proposer"}
	proposed := savePractice(t, partner, "/c/37-41/pratiques/nouvelle", form)

	has := func(c *client, path, id string) bool {
		t.Helper()
		res, body := c.get(path)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("GET %s: %d", path, res.StatusCode)
		}
		return parse(t, body).Find("a[href='/c/37-41/pratiques/"+id+"']").Length() == 1
	}
	if !has(partner, "/c/37-41/pratiques?vue=mes-fiches", draft) || !has(partner, "/c/37-41/pratiques?vue=mes-fiches", proposed) {
		t.Error("the author's own list misses their draft or proposed practice")
	}
	if !has(pilot, "/c/37-41/pratiques?vue=a-relire", proposed) {
		t.Error("the pilots' list to review misses the proposed practice")
	}
	if has(pilot, "/c/37-41/pratiques?vue=a-relire", draft) || has(pilot, "/c/37-41/pratiques", draft) {
		t.Error("another's draft appears in the pilot's lists")
	}
	// A member asking for a pilots' list gets the catalogue, which holds
	// neither.
	if has(member, "/c/37-41/pratiques?vue=a-relire", proposed) || has(member, "/c/37-41/pratiques", draft) {
		t.Error("a member sees practices not published")
	}
	_, body := member.get("/c/37-41/pratiques")
	if parse(t, body).Find("a[href*='vue=a-relire']").Length() != 0 {
		t.Error("a member is offered the pilots' lists")
	}
	_, body = pilot.get("/c/37-41/pratiques")
	doc := parse(t, body)
	if doc.Find("a[href*='vue=a-relire']").Length() != 1 {
		t.Error("the pilot is not offered the lists by state")
	}
	if doc.Find("nav a[href='/c/37-41/pratiques']:contains('Pratiques inspirantes')").Length() != 1 {
		t.Error("the committee navigation has no link « Pratiques inspirantes »")
	}
}

package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/portail-clts/clts/web/components"
)

// ensureCampaign gives the demo's HCTS reader the campaigns flag and
// returns the id of an open campaign, opened through the portal when the
// demo has none.
func ensureCampaign(t *testing.T, f *fixture) (db matrixDB, id string) {
	t.Helper()
	db = openMatrixDB(t, f)
	db.exec("", `UPDATE accounts SET hcts_publisher = true WHERE login = 'hcts'`)
	db.in("")
	var open int
	if err := db.conn.QueryRow(t.Context(), `SELECT count(*) FROM campaigns WHERE deadline > now() + interval '1 day'`).Scan(&open); err != nil {
		t.Fatal(err)
	}
	if open == 0 {
		deadline := time.Now().In(components.Paris()).AddDate(0, 0, 30)
		mustSeeOther(t, f.login("hcts"), "/hcts/campagnes/nouvelle", url.Values{"annee": {"2099"},
			"date_limite": {deadline.Format("2006-01-02")}, "introduction": {"Campagne des tests."},
			"orientations_besoins": {"Dites-nous **ce qui manque**."}})
	}
	return db, db.id("", `SELECT id FROM campaigns WHERE deadline > now() ORDER BY year DESC LIMIT 1`)
}

// checkOutline checks what every page owes a screen reader: one h1,
// headings that never skip a level, a label for every control, errors
// tied to their control.
func checkOutline(t *testing.T, page string, doc *goquery.Document) {
	t.Helper()
	if n := doc.Find("h1").Length(); n != 1 {
		t.Errorf("%s: %d h1, want 1", page, n)
	}
	last := 0
	doc.Find("h1, h2, h3, h4, h5, h6").Each(func(_ int, h *goquery.Selection) {
		level := int(goquery.NodeName(h)[1] - '0')
		if level > last+1 {
			t.Errorf("%s: heading %q (h%d) skips a level after h%d", page, strings.TrimSpace(h.Text()), level, last)
		}
		last = level
	})
	doc.Find("main input, main textarea, main select").Each(func(_ int, c *goquery.Selection) {
		if typ, _ := c.Attr("type"); typ == "hidden" {
			return
		}
		id, _ := c.Attr("id")
		if id == "" || doc.Find(`label[for="`+id+`"]`).Length() == 0 {
			name, _ := c.Attr("name")
			t.Errorf("%s: the control %q has no label", page, name)
		}
	})
	doc.Find(".error-message").Each(func(_ int, m *goquery.Selection) {
		id, _ := m.Attr("id")
		if doc.Find(`[aria-describedby~="`+id+`"]`).Length() == 0 {
			t.Errorf("%s: the error %q is tied to no control", page, strings.TrimSpace(m.Text()))
		}
	})
}

// getPage gets path as c, expects status and checks the page's outline.
func getPage(t *testing.T, c *client, path string, status int) *goquery.Document {
	t.Helper()
	res, body := c.get(path)
	if res.StatusCode != status {
		t.Fatalf("GET %s = %d, want %d\n%.2000s", path, res.StatusCode, status, body)
	}
	doc := parse(t, body)
	checkOutline(t, path, doc)
	return doc
}

// TestContributionJourney is the story through the portal: a
// professional drafts (a wrong form keeps what was typed, the message
// tied to its field) and proposes; the pilot returns it with a comment
// (required, and mailed), then validates and transmits it from the
// campaign's summary; it can no longer be edited; a correction makes a
// linked version; both stay readable. Every page passes the outline
// checks.
func TestContributionJourney(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, campaign := ensureCampaign(t, f)
	pro, pilot, member := f.login("professionnel"), f.login("pilote"), f.login("partenaire")

	doc := getPage(t, pro, "/c/37-41/contributions", http.StatusOK)
	if doc.Find(`a[href="/c/37-41/contributions/nouvelle?categorie=participation"]`).Length() != 1 {
		t.Error("the campaign page offers no link to write in the participation category")
	}
	getPage(t, pro, "/c/37-41/contributions/nouvelle?categorie=besoins", http.StatusOK)

	// No title: 422, the text kept, the message tied to the title.
	res, body := pro.post("/c/37-41/contributions/nouvelle", url.Values{"categorie": {"besoins"}, "titre": {"  "},
		"texte": {"Les transports à la demande manquent."}, "apres": {"proposer"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a contribution without a title: %d", res.StatusCode)
	}
	doc = parse(t, body)
	checkOutline(t, "form with errors", doc)
	if tiedError(t, doc, "titre") == "" || doc.Find("#f-texte").Text() != "Les transports à la demande manquent." {
		t.Errorf("the form's error or its kept text: %q / %q", tiedError(t, doc, "titre"), doc.Find("#f-texte").Text())
	}
	if doc.Find(".error-summary a[href='#f-titre']").Length() != 1 {
		t.Error("the error summary does not link to the title")
	}

	loc := mustSeeOther(t, pro, "/c/37-41/contributions/nouvelle", url.Values{"categorie": {"besoins"},
		"titre": {"Mobilité en zone rurale"}, "texte": {"Les transports à la demande **manquent**."}, "apres": {"proposer"}})
	id := idAtEnd(t, loc)
	page := "/c/37-41/contributions/" + id
	doc = getPage(t, pro, page, http.StatusOK)
	if !strings.Contains(doc.Find(".tag").First().Text(), "Proposée") || doc.Find(".minutes strong").Text() != "manquent" {
		t.Errorf("the author's page: state %q, text %q", doc.Find(".tag").First().Text(), doc.Find(".minutes").Text())
	}
	// Another member does not see a proposed contribution.
	if res, _ := member.get(page); res.StatusCode != http.StatusNotFound {
		t.Errorf("another member reading a proposed contribution: %d, want 404", res.StatusCode)
	}

	// The pilot returns it: the comment is required.
	doc = getPage(t, pilot, page, http.StatusOK)
	if doc.Find(`form[action="`+page+`/renvoyer"]`).Length() != 1 {
		t.Fatal("the pilot's page has no return form")
	}
	res, body = pilot.post(page+"/renvoyer", url.Values{"commentaire": {" "}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("returning without a comment: %d", res.StatusCode)
	}
	doc = parse(t, body)
	checkOutline(t, "page with a refused return", doc)
	if tiedError(t, doc, "commentaire") == "" {
		t.Error("no message next to the missing comment")
	}
	mustStep(t, pilot, page+"/renvoyer", url.Values{"commentaire": {"Citez les communes concernées."}})
	mails := f.mailsTo("professionnel@demo.test")
	if len(mails) == 0 || !strings.Contains(mails[0].Body, "> Citez les communes concernées.") || !strings.Contains(mails[0].Body, page) {
		t.Errorf("the author's e-mail of the return: %+v", mails)
	}
	doc = getPage(t, pro, page+"/modifier", http.StatusOK)
	if !strings.Contains(doc.Text(), "Citez les communes concernées.") {
		t.Error("the edit form does not show the pilots' comment")
	}
	mustSeeOther(t, pro, page+"/modifier", url.Values{"version": {doc.Find(`input[name=version]`).AttrOr("value", "")},
		"titre": {"Mobilité en zone rurale"}, "texte": {"Les transports manquent à Loches et Montrichard."}, "apres": {"proposer"}})
	mustStep(t, pilot, page+"/valider", url.Values{})

	// The pilots' follow-up and the summary of what to transmit.
	doc = getPage(t, pilot, "/c/37-41/campagnes/"+campaign, http.StatusOK)
	if doc.Find(`a[href="/c/37-41/campagnes/`+campaign+`/transmettre"]`).Length() != 1 {
		t.Error("the follow-up page offers no transmission")
	}
	doc = getPage(t, pilot, "/c/37-41/campagnes/"+campaign+"/transmettre", http.StatusOK)
	if doc.Find(`input[name=contributions][value="`+id+`"]:checked`).Length() != 1 {
		t.Fatal("the validated contribution is not ticked in the summary")
	}
	// Nothing ticked: 422, tied to the list.
	res, body = pilot.post("/c/37-41/campagnes/"+campaign+"/transmettre", url.Values{})
	if res.StatusCode != http.StatusUnprocessableEntity || tiedError(t, parse(t, body), "contributions") == "" {
		t.Errorf("transmitting nothing: %d", res.StatusCode)
	}
	mustSeeOther(t, pilot, "/c/37-41/campagnes/"+campaign+"/transmettre", url.Values{"contributions": {id}})

	// Transmitted: every member reads it; nobody edits it.
	doc = getPage(t, member, page, http.StatusOK)
	if !strings.Contains(doc.Text(), "Transmise au HCTS") {
		t.Error("the transmitted contribution does not say so")
	}
	if res, _ := pilot.get(page + "/modifier"); res.StatusCode != http.StatusConflict {
		t.Errorf("the edit form of a transmitted contribution: %d, want 409", res.StatusCode)
	}
	// A correction: a linked draft; both readable.
	next := idAtEnd(t, mustSeeOther(t, pro, page+"/corriger", url.Values{}))
	doc = getPage(t, pro, "/c/37-41/contributions/"+next, http.StatusOK)
	if doc.Find(`a[href="`+page+`"]`).Length() == 0 || !strings.Contains(doc.Text(), "Version 2") {
		t.Error("the correction does not link to the transmitted version")
	}
	// Its author (the correction's too) is linked to it; a member who may
	// not read the correction's draft is not (TestContributionCorrectionLinkReadable).
	doc = getPage(t, pro, page, http.StatusOK)
	if doc.Find(`a[href="/c/37-41/contributions/`+next+`"]`).Length() == 0 {
		t.Error("the transmitted version does not link to its correction")
	}
	if res, _ := pro.post(page+"/corriger", url.Values{}); res.StatusCode != http.StatusConflict {
		t.Errorf("a second correction: %d, want 409", res.StatusCode)
	}
	// The home page shows the campaign.
	doc = getPage(t, pro, "/c/37-41/", http.StatusOK)
	if doc.Find("#campagne-hcts").Length() != 1 {
		t.Error("the committee home has no campaign block")
	}
}

// TestContributionTransmitAfterDeadline: once the campaign's deadline
// passed, the pilot's transmission is refused with a French message and
// the contribution stays validated.
func TestContributionTransmitAfterDeadline(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	db, campaign := ensureCampaign(t, f)
	pro, pilot := f.login("professionnel"), f.login("pilote")
	id := idAtEnd(t, mustSeeOther(t, pro, "/c/37-41/contributions/nouvelle", url.Values{"categorie": {"recherche"},
		"titre": {"Recherche-action"}, "texte": {"Avec l'IRFSS."}, "apres": {"proposer"}}))
	page := "/c/37-41/contributions/" + id
	mustStep(t, pilot, page+"/valider", url.Values{})
	if _, err := db.conn.Exec(t.Context(), `SELECT set_config('clts.hcts', 'on', false)`); err != nil {
		t.Fatal(err)
	}
	db.exec("", `UPDATE campaigns SET deadline = now() - interval '1 hour' WHERE id = $1`, campaign)
	for _, path := range []string{page + "/transmettre", "/c/37-41/campagnes/" + campaign + "/transmettre"} {
		res, body := pilot.post(path, url.Values{"contributions": {id}})
		if res.StatusCode != http.StatusConflict {
			t.Fatalf("POST %s after the deadline: %d, want 409", path, res.StatusCode)
		}
		doc := parse(t, body)
		checkOutline(t, path, doc)
		if !strings.Contains(doc.Find(".notice-error").Text(), "La campagne est close : plus rien ne peut lui être transmis.") {
			t.Errorf("POST %s: the refusal does not say why: %q", path, doc.Find(".notice-error").Text())
		}
	}
	if doc := getPage(t, pilot, page, http.StatusOK); !strings.Contains(doc.Text(), "Validée") {
		t.Error("the contribution is no longer validated after the refusal")
	}
}

// TestContributionOtherCommittee: another committee's pilot asking for
// 37-41's contributions under their own committee's name gets 404, for
// the page and every step.
func TestContributionOtherCommittee(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ensureCampaign(t, f)
	pro, pilot, pa := f.login("professionnel"), f.login("pilote"), f.login("pilote-autre")
	id := idAtEnd(t, mustSeeOther(t, pro, "/c/37-41/contributions/nouvelle", url.Values{"categorie": {"besoins"},
		"titre": {"Interne à 37-41"}, "texte": {"Texte."}, "apres": {"proposer"}}))
	mustStep(t, pilot, "/c/37-41/contributions/"+id+"/valider", url.Values{})
	mustStep(t, pilot, "/c/37-41/contributions/"+id+"/transmettre", url.Values{})
	theirs := "/c/autre/contributions/" + id
	if res, _ := pa.get(theirs); res.StatusCode != http.StatusNotFound {
		t.Errorf("GET %s: %d, want 404", theirs, res.StatusCode)
	}
	if res, _ := pa.get(theirs + "/modifier"); res.StatusCode != http.StatusNotFound {
		t.Errorf("GET %s/modifier: %d, want 404", theirs, res.StatusCode)
	}
	for _, step := range []string{"proposer", "valider", "renvoyer", "transmettre", "corriger", "supprimer", "consentement", "indicateurs"} {
		if res, _ := pa.post(theirs+"/"+step, url.Values{"commentaire": {"Non."}}); res.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s/%s: %d, want 404", theirs, step, res.StatusCode)
		}
	}
	// Under 37-41's name, they are not a member: 404 too.
	if res, _ := pa.get("/c/37-41/contributions/" + id); res.StatusCode != http.StatusNotFound {
		t.Errorf("GET 37-41's contribution as the other pilot: %d", res.StatusCode)
	}
}

// TestCampaignPagesHCTS: the HCTS reader with the campaigns flag opens a
// campaign (a wrong form keeps what was typed), and extends it; the
// deadline never moves earlier.
func TestCampaignPagesHCTS(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	_, campaign := ensureCampaign(t, f)
	hcts := f.login("hcts")
	doc := getPage(t, hcts, "/hcts/campagnes", http.StatusOK)
	if doc.Find(`a[href="/hcts/campagnes/nouvelle"]`).Length() != 1 {
		t.Error("no link to open a campaign")
	}
	getPage(t, hcts, "/hcts/campagnes/nouvelle", http.StatusOK)
	res, body := hcts.post("/hcts/campagnes/nouvelle", url.Values{"annee": {"20x6"}, "date_limite": {"demain"},
		"introduction": {"Texte gardé."}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a wrong campaign form: %d", res.StatusCode)
	}
	doc = parse(t, body)
	checkOutline(t, "campaign form with errors", doc)
	if tiedError(t, doc, "annee") == "" || tiedError(t, doc, "date_limite") == "" || doc.Find("#f-introduction").Text() != "Texte gardé." {
		t.Error("the campaign form's errors or its kept text")
	}
	edit := "/hcts/campagnes/" + campaign + "/modifier"
	doc = getPage(t, hcts, edit, http.StatusOK)
	deadline, _ := doc.Find("#f-date_limite").Attr("value")
	day, err := time.Parse("2006-01-02", deadline)
	if err != nil {
		t.Fatalf("deadline field %q", deadline)
	}
	version := doc.Find(`input[name=version]`).AttrOr("value", "")
	res, body = hcts.post(edit, url.Values{"version": {version}, "date_limite": {day.AddDate(0, 0, -1).Format("2006-01-02")}})
	if res.StatusCode != http.StatusUnprocessableEntity || tiedError(t, parse(t, body), "date_limite") == "" {
		t.Errorf("moving the deadline earlier: %d", res.StatusCode)
	}
	mustSeeOther(t, hcts, edit, url.Values{"version": {version}, "date_limite": {day.AddDate(0, 0, 7).Format("2006-01-02")}})
	db := openMatrixDB(t, f)
	if _, err := db.conn.Exec(t.Context(), `SELECT set_config('clts.operator', 'on', false)`); err != nil {
		t.Fatal(err)
	}
	if n := db.id("", `SELECT count(*) FROM audit_log WHERE action = 'campaign.extend'`); n != "1" {
		t.Errorf("%s extensions in the audit log, want 1", n)
	}
	// A plain HCTS reader lists campaigns but does not open them.
	db.exec("", `UPDATE accounts SET hcts_publisher = false WHERE login = 'hcts'`)
	if res, _ := hcts.get("/hcts/campagnes/nouvelle"); res.StatusCode != http.StatusNotFound {
		t.Errorf("an HCTS reader without the flag opening a campaign: %d, want 404", res.StatusCode)
	}
	if doc := getPage(t, hcts, "/hcts/campagnes", http.StatusOK); doc.Find(`a[href="/hcts/campagnes/nouvelle"]`).Length() != 0 {
		t.Error("a reader without the flag is offered to open a campaign")
	}
}

// TestContributionCoauthorEdits: a co-author (a supported person) edits
// the draft they were named on and stays one of its authors; the form
// offers every member but the first author, the co-author ticked.
func TestContributionCoauthorEdits(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ensureCampaign(t, f)
	pro, acc := f.login("professionnel"), f.login("accompagne")
	accID := strconv.FormatInt(f.accounts["accompagne"], 10)
	proID := strconv.FormatInt(f.accounts["professionnel"], 10)
	page := "/c/37-41/contributions/" + idAtEnd(t, mustSeeOther(t, pro, "/c/37-41/contributions/nouvelle", url.Values{
		"categorie": {"participation"}, "titre": {"Écrite à deux"}, "coauteurs": {accID}}))
	doc := getPage(t, acc, page+"/modifier", http.StatusOK)
	if doc.Find(`input[name=coauteurs][value="`+accID+`"]:checked`).Length() != 1 {
		t.Error("the co-author is not ticked in the form")
	}
	if doc.Find(`input[name=coauteurs][value="`+proID+`"]`).Length() != 0 {
		t.Error("the first author is offered as a co-author")
	}
	mustSeeOther(t, acc, page+"/modifier", url.Values{"version": {doc.Find(`input[name=version]`).AttrOr("value", "")},
		"titre": {"Écrite à deux"}, "texte": {"Ce que nous avons vécu."}, "coauteurs": {accID}})
	doc = getPage(t, acc, page, http.StatusOK)
	if doc.Find(".minutes").Text() == "" || doc.Find(`form[action="`+page+`/proposer"]`).Length() != 1 {
		t.Error("after saving, the co-author no longer writes the draft")
	}
	if doc := getPage(t, pro, page, http.StatusOK); !strings.Contains(doc.Find(".facts").Text(), "Jean") {
		t.Error("the co-author is not listed among the authors")
	}
}

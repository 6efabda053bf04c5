package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// attachmentLinks lists the download links of a sheet, as c sees it.
func attachmentLinks(t *testing.T, c *client, sheet string) []string {
	t.Helper()
	res, body := c.get(sheet)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d", sheet, res.StatusCode)
	}
	var out []string
	for _, n := range parse(t, body).Find("a[href*='/pieces-jointes/']").Nodes {
		for _, a := range n.Attr {
			if a.Key == "href" && !strings.HasSuffix(a.Val, "/supprimer") {
				out = append(out, a.Val)
			}
		}
	}
	return out
}

// practicesInStates writes, over HTTP, practices of the partner in 37-41
// in each state, each with an attachment, and returns their sheets and
// the download link of their attachment.
func practicesInStates(t *testing.T, f *fixture) (sheets, files map[string]string) {
	t.Helper()
	partner, pilot := f.login("partenaire"), f.login("pilote")
	sheets, files = map[string]string{}, map[string]string{}
	for _, state := range []string{"draft", "submitted", "published", "withdrawn"} {
		form := completePractice("Pratique " + state)
		if state != "draft" {
			form["apres"] = []string{"proposer"}
		}
		id := savePractice(t, partner, "/c/37-41/pratiques/nouvelle", form, upFile{"annexe-" + state + ".pdf", samplePDF})
		sheet := "/c/37-41/pratiques/" + id
		if state == "published" || state == "withdrawn" {
			mustStep(t, pilot, sheet+"/publier", url.Values{})
		}
		if state == "withdrawn" {
			mustStep(t, pilot, sheet+"/retirer", url.Values{"motif": {"Doublon d'une autre fiche."}})
		}
		sheets[state] = sheet
		links := attachmentLinks(t, partner, sheet)
		if len(links) != 1 {
			t.Fatalf("the %s practice has %d attachments", state, len(links))
		}
		files[state] = links[0]
	}
	return sheets, files
}

// TestPracticeStepsWhoMay: who may read, edit and take each step, over
// HTTP: 404 for whoever may not read the practice, 403 for a reader who
// may never take the step, 409 when the practice's state does not allow
// it. Refusals change nothing; the rule comes before the comment's
// check.
func TestPracticeStepsWhoMay(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	sheets, files := practicesInStates(t, f)
	clients := map[string]*client{}
	for _, login := range []string{"partenaire", "pilote", "professionnel", "accompagne"} {
		clients[login] = f.login(login)
	}
	comment := url.Values{"commentaire": {"Un commentaire."}, "motif": {"Un motif."}, "motif_signalement": {"Un signalement."}}
	for _, tc := range []struct {
		who, method, state, path string
		form                     url.Values
		want                     int
	}{
		// Reading: drafts, proposed and withdrawn practices are the
		// author's and the pilots'; published ones every member's.
		{"partenaire", "GET", "draft", "", nil, 200},
		{"pilote", "GET", "draft", "", nil, 200},
		{"professionnel", "GET", "draft", "", nil, 404},
		{"accompagne", "GET", "draft", "", nil, 404},
		{"professionnel", "GET", "submitted", "", nil, 404},
		{"accompagne", "GET", "published", "", nil, 200},
		{"professionnel", "GET", "withdrawn", "", nil, 404},
		{"partenaire", "GET", "withdrawn", "", nil, 200},
		{"pilote", "GET", "withdrawn", "", nil, 200},
		// Attachments follow their practice.
		{"professionnel", "FILE", "draft", "", nil, 404},
		{"pilote", "FILE", "draft", "", nil, 200},
		{"accompagne", "FILE", "published", "", nil, 200},
		{"professionnel", "FILE", "withdrawn", "", nil, 404},
		// Editing.
		{"partenaire", "GET", "draft", "/modifier", nil, 200},
		{"pilote", "GET", "draft", "/modifier", nil, 403},
		{"professionnel", "GET", "draft", "/modifier", nil, 404},
		{"partenaire", "GET", "submitted", "/modifier", nil, 409},
		{"pilote", "GET", "submitted", "/modifier", nil, 200},
		{"partenaire", "GET", "published", "/modifier", nil, 200},
		{"professionnel", "GET", "published", "/modifier", nil, 403},
		{"partenaire", "GET", "withdrawn", "/modifier", nil, 409},
		{"pilote", "GET", "withdrawn", "/modifier", nil, 409},
		{"professionnel", "POST", "published", "/modifier", url.Values{"titre": {"Détournée"}}, 403},
		// Proposing: the author, from a draft or a returned practice.
		{"pilote", "POST", "draft", "/proposer", url.Values{}, 403},
		{"partenaire", "POST", "submitted", "/proposer", url.Values{}, 409},
		// Publishing and returning: the pilots, a proposed practice.
		{"partenaire", "POST", "submitted", "/publier", url.Values{}, 403},
		{"professionnel", "POST", "submitted", "/publier", url.Values{}, 404},
		{"pilote", "POST", "draft", "/publier", url.Values{}, 409},
		{"pilote", "POST", "published", "/publier", url.Values{}, 409},
		{"partenaire", "POST", "submitted", "/renvoyer", comment, 403},
		{"partenaire", "POST", "submitted", "/renvoyer", url.Values{}, 403}, // the rule before the missing comment
		{"pilote", "POST", "published", "/renvoyer", comment, 409},
		// Withdrawing and sharing: the pilots, a published practice.
		{"partenaire", "POST", "published", "/retirer", comment, 403},
		{"professionnel", "POST", "published", "/retirer", url.Values{}, 403},
		{"pilote", "POST", "submitted", "/retirer", comment, 409},
		{"partenaire", "POST", "published", "/partager", url.Values{}, 403},
		{"pilote", "POST", "draft", "/partager", url.Values{}, 409},
		{"pilote", "POST", "withdrawn", "/partager", url.Values{}, 409},
		{"pilote", "POST", "published", "/departager", url.Values{}, 409},
		// Flagging: any member, a published practice.
		{"partenaire", "POST", "draft", "/signaler", comment, 409},
		{"professionnel", "POST", "submitted", "/signaler", comment, 404},
		// Removing an attachment: whoever may edit.
		{"professionnel", "DELETE", "published", "", nil, 403},
		{"pilote", "DELETE", "draft", "", nil, 403},
		{"partenaire", "DELETE", "withdrawn", "", nil, 409},
	} {
		c := clients[tc.who]
		var res *http.Response
		var target string
		switch tc.method {
		case "GET":
			target = sheets[tc.state] + tc.path
			res, _ = c.get(target)
		case "FILE":
			target = files[tc.state]
			res, _ = c.get(target)
		case "DELETE":
			target = files[tc.state] + "/supprimer"
			res, _ = c.post(target, url.Values{})
		default:
			target = sheets[tc.state] + tc.path
			if tc.path == "/modifier" {
				res, _ = postPracticeForm(t, c, target, tc.form)
			} else {
				res, _ = c.post(target, tc.form)
			}
		}
		if res.StatusCode != tc.want {
			t.Errorf("%s %s (%s) as %s = %d, want %d", tc.method, target, tc.state, tc.who, res.StatusCode, tc.want)
		}
	}
	// Nothing changed: each practice is in its state, with its file.
	for state, want := range map[string]string{"draft": "brouillon", "submitted": "proposee", "published": "publiee", "withdrawn": "retiree"} {
		id := sheets[state][strings.LastIndex(sheets[state], "/")+1:]
		if p := f.practice("37-41", id); p.Status != want || p.Shared() || p.Title != "Pratique "+state {
			t.Errorf("the %s practice became %s (shared %v, %q)", state, p.Status, p.Shared(), p.Title)
		}
	}
	var ids []string
	for _, sheet := range sheets {
		ids = append(ids, sheet[strings.LastIndex(sheet, "/")+1:])
	}
	ours := "practice_id IN (" + strings.Join(ids, ", ") + ")"
	if n := f.ownerCommitteeCount("37-41", `SELECT count(*) FROM practice_attachments WHERE `+ours); n != 4 {
		t.Errorf("%d attachments left, want 4", n)
	}
	if n := f.ownerCommitteeCount("37-41", `SELECT count(*) FROM practice_flags WHERE `+ours); n != 0 {
		t.Errorf("%d flags recorded by refused requests", n)
	}

	// Then what is allowed: the author removes an attachment of their
	// draft, and finds its form again.
	res, _ := clients["partenaire"].post(files["draft"]+"/supprimer", url.Values{})
	if res.StatusCode != http.StatusSeeOther || !strings.HasSuffix(strings.Split(res.Header.Get("Location"), "#")[0], "/modifier") {
		t.Errorf("the author removing an attachment: %d to %q", res.StatusCode, res.Header.Get("Location"))
	}
	if res, _ := clients["partenaire"].get(files["draft"]); res.StatusCode != http.StatusNotFound {
		t.Errorf("a removed attachment: %d, want 404", res.StatusCode)
	}
	// An incomplete draft proposed comes back as its form, with what to
	// complete.
	draft := savePractice(t, clients["accompagne"], "/c/37-41/pratiques/nouvelle", url.Values{"titre": {"Mon idée, à compléter"}})
	res, body := clients["accompagne"].post("/c/37-41/pratiques/"+draft+"/proposer", url.Values{})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("proposing an incomplete draft: %d, want 422", res.StatusCode)
	}
	doc := parse(t, body)
	if tiedError(t, doc, "resume") == "" || tiedError(t, doc, "contexte") == "" || tiedError(t, doc, "actions") == "" {
		t.Error("the form does not say what to complete")
	}
	if p := f.practice("37-41", draft); p.Status != "brouillon" {
		t.Errorf("an incomplete draft became %s", p.Status)
	}
}

// TestPracticeCommitteeIsolation: another committee's practices and
// files, even shared nationally, are unknown in 37-41's URLs (404 for
// every route and id), as are 37-41's in the other committee; the form
// refuses another committee's institution, theme or member as a message,
// never as a link.
func TestPracticeCommitteeIsolation(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	other := f.login("pilote-autre")
	form := completePractice("Pratique du Loiret")
	form["apres"] = []string{"proposer"}
	otherID := savePractice(t, other, "/c/autre/pratiques/nouvelle", form, upFile{"loiret.pdf", samplePDF})
	mustStep(t, other, "/c/autre/pratiques/"+otherID+"/publier", url.Values{})
	mustStep(t, other, "/c/autre/pratiques/"+otherID+"/partager", url.Values{})
	otherFile := attachmentLinks(t, other, "/c/autre/pratiques/"+otherID)[0]
	otherFileID := otherFile[strings.LastIndex(otherFile, "/")+1:]
	otherDraft := savePractice(t, other, "/c/autre/pratiques/nouvelle", url.Values{"titre": {"Brouillon du Loiret"}})

	partner, pilot := f.login("partenaire"), f.login("pilote")
	ownForm := completePractice("Pratique de Touraine")
	ownForm["apres"] = []string{"proposer"}
	ownID := savePractice(t, partner, "/c/37-41/pratiques/nouvelle", ownForm, upFile{"touraine.pdf", samplePDF})
	mustStep(t, pilot, "/c/37-41/pratiques/"+ownID+"/publier", url.Values{})
	ownFile := attachmentLinks(t, partner, "/c/37-41/pratiques/"+ownID)[0]
	ownFileID := ownFile[strings.LastIndex(ownFile, "/")+1:]

	comment := url.Values{"commentaire": {"Un commentaire."}, "motif": {"Un motif."}, "motif_signalement": {"Un signalement."}}
	check := func(c *client, who, method, path string, multipart bool) {
		t.Helper()
		var res *http.Response
		switch {
		case method == "GET":
			res, _ = c.get(path)
		case multipart:
			res, _ = postPracticeForm(t, c, path, completePractice("Détournée"), upFile{"x.pdf", samplePDF})
		default:
			res, _ = c.post(path, comment)
		}
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s %s as %s = %d, want 404", method, path, who, res.StatusCode)
		}
	}
	for _, id := range []string{otherID, otherDraft} {
		base := "/c/37-41/pratiques/" + id
		for who, c := range map[string]*client{"pilote": pilot, "partenaire": partner} {
			check(c, who, "GET", base, false)
			check(c, who, "GET", base+"/modifier", false)
			check(c, who, "POST", base+"/modifier", true)
			for _, step := range []string{"proposer", "publier", "renvoyer", "retirer", "partager", "departager", "signaler"} {
				check(c, who, "POST", base+"/"+step, false)
			}
			check(c, who, "GET", base+"/pieces-jointes/"+otherFileID, false)
			check(c, who, "POST", base+"/pieces-jointes/"+otherFileID+"/supprimer", false)
		}
	}
	// The other committee's file under 37-41's own practice.
	for who, c := range map[string]*client{"pilote": pilot, "partenaire": partner} {
		check(c, who, "GET", "/c/37-41/pratiques/"+ownID+"/pieces-jointes/"+otherFileID, false)
		check(c, who, "POST", "/c/37-41/pratiques/"+ownID+"/pieces-jointes/"+otherFileID+"/supprimer", false)
	}
	// And the other way round: 37-41's practice in the other committee.
	check(other, "pilote-autre", "GET", "/c/autre/pratiques/"+ownID, false)
	check(other, "pilote-autre", "GET", "/c/autre/pratiques/"+ownID+"/pieces-jointes/"+ownFileID, false)
	check(other, "pilote-autre", "POST", "/c/autre/pratiques/"+ownID+"/retirer", false)
	// 37-41's members in the other committee's URLs.
	check(partner, "partenaire", "GET", "/c/autre/pratiques", false)
	check(partner, "partenaire", "GET", "/c/autre/pratiques/"+otherID, false)
	check(partner, "partenaire", "GET", otherFile, false)
	check(partner, "partenaire", "POST", "/c/autre/pratiques/nouvelle", true)

	// Nothing of the other committee changed.
	if p := f.practice("autre", otherID); p.Status != "publiee" || !p.Shared() || p.Title != "Pratique du Loiret" {
		t.Errorf("the other committee's practice changed: %s, shared %v, %q", p.Status, p.Shared(), p.Title)
	}
	if n := f.ownerCommitteeCount("autre", `SELECT count(*) FROM practice_attachments WHERE practice_id = $1`, otherID); n != 1 {
		t.Errorf("the other committee has %d attachments, want 1", n)
	}
	if n := f.ownerCommitteeCount("37-41", `SELECT count(*) FROM practices WHERE title = 'Détournée'`); n != 0 {
		t.Error("a practice was written through another committee's ids")
	}

	// The catalogue of 37-41 never shows the other committee's practice,
	// whatever the filter.
	otherInst := f.institutionsOf(t, "autre", other)
	for _, q := range []string{"q=Loiret", "institution=" + otherInst} {
		_, body := partner.get("/c/37-41/pratiques?" + q)
		if strings.Contains(body, "Pratique du Loiret") {
			t.Errorf("the catalogue of 37-41 shows the other committee's practice (%s)", q)
		}
	}

	// The form refuses the other committee's institution and member.
	form = completePractice("Pratique aux mauvais partenaires")
	form["institutions"] = []string{otherInst}
	form["contact_membre"] = []string{itoa(f.accounts["pilote-autre"])}
	res, body := postPracticeForm(t, partner, "/c/37-41/pratiques/nouvelle", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("another committee's institution and member: %d, want 422", res.StatusCode)
	}
	doc := parse(t, body)
	if tiedError(t, doc, "institutions") == "" || tiedError(t, doc, "contact_membre") == "" {
		t.Error("no message next to the institutions or the contact")
	}
	if strings.Contains(body, "Nadia Perrin") {
		t.Error("the form shows the other committee's pilot")
	}
}

// institutionsOf creates an institution in committee slug as its pilot c
// and returns its id.
func (f *fixture) institutionsOf(t *testing.T, slug string, c *client) string {
	t.Helper()
	return idAtEnd(t, postInstitution(t, c, "/c/"+slug+"/institutions/nouvelle", "Mission locale du Loiret"))
}

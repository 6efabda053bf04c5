package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/portail-clts/clts/internal/demo"
)

// displayName is the name of a demo account, as pilots see it.
func (f *fixture) displayName(login string) string {
	f.t.Helper()
	for _, a := range demo.Accounts() {
		if a.Login == login {
			return a.Name
		}
	}
	f.t.Fatalf("no demo account %s", login)
	return ""
}

// rateRow returns the cells of the row of the rates table captioned
// caption whose header contains label.
func rateRow(t *testing.T, body, caption, label string) []string {
	t.Helper()
	var cells []string
	parse(t, body).Find("table").Each(func(_ int, table *goquery.Selection) {
		if table.Find("caption").Text() != caption {
			return
		}
		table.Find("tbody tr").Each(func(_ int, tr *goquery.Selection) {
			if strings.Contains(tr.Find("th").Text(), label) {
				tr.Find("td").Each(func(_ int, td *goquery.Selection) {
					cells = append(cells, strings.TrimSpace(td.Text()))
				})
			}
		})
	})
	if cells == nil {
		t.Fatalf("no row %q in the table %q", label, caption)
	}
	return cells
}

// TestAttendanceWithExcusedAndOutside: the organiser marks everyone
// present in one click, corrects, records an excused absence and people
// from outside the committee; the rates leave excused absences out.
func TestAttendanceWithExcusedAndOutside(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	res, _ := pilot.post("/c/37-41/reunions/nouvelle", plenaryForm("Plénière émargée", time.Now().AddDate(0, 0, 5), ""))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	path := res.Header.Get("Location")
	id := meetingIDFrom(t, path)
	f.moveMeeting(mustInt(t, id), -3*time.Hour)
	invited := f.ownerCommitteeCount("37-41", `SELECT count(*) FROM memberships WHERE committee_id = $1 AND active`, f.committees["37-41"])

	// "Tout marquer présent", without script: the same sheet with every
	// invitee present, nothing saved.
	_, body := pilot.get(path + "/emargement")
	doc := parse(t, body)
	link, _ := doc.Find(`a[href$="emargement?tous=presents"]`).Attr("href")
	if link == "" {
		t.Fatal("no link to mark everyone present")
	}
	if n := doc.Find(`input[type=radio][value=present]:checked`).Length(); n == invited {
		t.Fatalf("everyone is present before the link is followed")
	}
	_, body = pilot.get(link)
	doc = parse(t, body)
	if n := doc.Find(`input[type=radio][value=present]:checked`).Length(); n != invited {
		t.Errorf("after « Tout marquer présent », %d of %d invitees present", n, invited)
	}
	if doc.Find(`fieldset.presence legend`).Length() != invited {
		t.Errorf("%d invitees on the sheet, want %d", doc.Find(`fieldset.presence legend`).Length(), invited)
	}
	if n := f.ownerCommitteeCount("37-41", `SELECT count(*) FROM meeting_responses WHERE committee_id = $1 AND meeting_id = $2 AND attended IS NOT NULL`,
		f.committees["37-41"], mustInt(t, id)); n != 0 {
		t.Errorf("following the link saved %d rows", n)
	}

	// The sheet as posted: the partner excused, the supported person
	// absent, everyone else present, three people from outside.
	form := url.Values{}
	doc.Find(`input[type=radio][value=present]`).Each(func(_ int, in *goquery.Selection) {
		name, _ := in.Attr("name")
		form.Set(name, "present")
	})
	form.Set("presence_"+itoa(f.accounts["partenaire"]), "excuse")
	form.Set("presence_"+itoa(f.accounts["accompagne"]), "absent")
	form.Set("exterieurs", "trois")
	res, body = pilot.post(path+"/emargement", form)
	if res.StatusCode != http.StatusUnprocessableEntity || fieldError(t, body, "exterieurs") == "" {
		t.Fatalf("a wrong number of people from outside: %d, error %q", res.StatusCode, fieldError(t, body, "exterieurs"))
	}
	doc = parse(t, body)
	if v, _ := doc.Find("#f-exterieurs").Attr("value"); v != "trois" {
		t.Errorf("the number typed is not kept: %q", v)
	}
	if doc.Find(fmt.Sprintf(`input[name=presence_%d][value=excuse]:checked`, f.accounts["partenaire"])).Length() != 1 {
		t.Error("the statuses chosen are not kept")
	}
	form.Set("exterieurs", "3")
	if res, _ := pilot.post(path+"/emargement", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("attendance: %d", res.StatusCode)
	}
	_, body = pilot.get(path)
	want := fmt.Sprintf("L&#39;émargement est enregistré : %d présences, 1 absence excusée, 1 absence et 3 personnes extérieures au comité.", invited-2)
	if !strings.Contains(body, want) {
		t.Errorf("the confirmation does not count the sheet: want %q", want)
	}
	doc = parse(t, body)
	if !strings.Contains(doc.Find("main").Text(), "Personnes extérieures au comité présentes : 3.") {
		t.Error("the meeting's page does not show the people from outside")
	}
	presence := func(login string) string {
		var got string
		doc.Find("table.stack tbody tr").Each(func(_ int, tr *goquery.Selection) {
			if tr.Find("th").Text() == f.displayName(login) {
				got = strings.TrimSpace(tr.Find(`td[data-label="Présence"]`).Text())
			}
		})
		return got
	}
	if presence("partenaire") != "Excusé·e" || presence("accompagne") != "Absent·e" || presence("pilote") != "Présent·e" {
		t.Errorf("presence shown: partner %q, supported person %q, pilot %q", presence("partenaire"), presence("accompagne"), presence("pilote"))
	}

	// The rates: present ÷ (invited − excused); the formula is on the page.
	_, body = pilot.get("/c/37-41/reunions/presence")
	if !strings.Contains(parse(t, body).Find("main").Text(), "Taux de présence = présences ÷ (invitations − absences excusées)") {
		t.Error("the rates page does not give its formula")
	}
	rate := func(present, base int) string {
		return fmt.Sprintf("%d\u00a0%%", (present*100+base/2)/base)
	}
	cells := rateRow(t, body, "Présence par réunion", "Plénière émargée")
	wantCells := []string{itoa(int64(invited - 2)), "1", "1", rate(invited-2, invited-1), "3"}
	if strings.Join(cells, "|") != strings.Join(wantCells, "|") {
		t.Errorf("meeting row %q, want %q", cells, wantCells)
	}
	// The partner's rate: the excused absence leaves the base.
	before := rateRow(t, body, "Présence par membre", f.displayName("partenaire"))
	var partnerPresent, partnerExcused, partnerAbsent int
	fmt.Sscan(before[0], &partnerPresent)
	fmt.Sscan(before[1], &partnerExcused)
	fmt.Sscan(before[2], &partnerAbsent)
	if partnerExcused < 1 {
		t.Fatalf("the partner's excused absence is not counted: %q", before)
	}
	if base := partnerPresent + partnerAbsent; base > 0 && before[3] != rate(partnerPresent, base) {
		t.Errorf("partner's rate %q, want %s of %d (excused absences left out)", before[3], rate(partnerPresent, base), base)
	}
}

// TestAnswerWithCompanions: an invitee says they come with an interpreter
// or a companion; the organiser counts them among the people expected.
func TestAnswerWithCompanions(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot, acc, partner := f.login("pilote"), f.login("accompagne"), f.login("partenaire")
	res, _ := pilot.post("/c/37-41/reunions/nouvelle", plenaryForm("Plénière accompagnée", time.Now().AddDate(0, 0, 9), ""))
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	path := res.Header.Get("Location")

	// Too many is refused next to the field, with everything kept.
	res, body := acc.post(path+"/reponse", url.Values{"reponse": {"oui"}, "accompagnants": {"12"}, "precisions": {"Avec mon interprète."},
		"besoin_interpretation": {"oui"}})
	if res.StatusCode != http.StatusUnprocessableEntity || fieldError(t, body, "accompagnants") == "" {
		t.Fatalf("12 companions: %d, error %q", res.StatusCode, fieldError(t, body, "accompagnants"))
	}
	doc := parse(t, body)
	if v, _ := doc.Find("#f-accompagnants").Attr("value"); v != "12" {
		t.Errorf("the number typed is not kept: %q", v)
	}
	if doc.Find("#f-reponse-oui:checked").Length() != 1 || doc.Find("#f-besoin_interpretation:checked").Length() != 1 {
		t.Error("the answer and the needs chosen are not kept")
	}
	if res, _ := acc.post(path+"/reponse", url.Values{"reponse": {"oui"}, "accompagnants": {"2"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer: %d", res.StatusCode)
	}
	if res, _ := partner.post(path+"/reponse", url.Values{"reponse": {"oui"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer: %d", res.StatusCode)
	}
	// Companions come with someone who comes: a "non" keeps none.
	if res, _ := f.login("professionnel").post(path+"/reponse", url.Values{"reponse": {"non"}, "accompagnants": {"3"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("answer: %d", res.StatusCode)
	}
	_, body = acc.get(path)
	if v, _ := parse(t, body).Find("#f-accompagnants").Attr("value"); v != "2" {
		t.Errorf("the invitee's own answer shows %q companions, want 2", v)
	}
	_, body = pilot.get(path)
	text := strings.Join(strings.Fields(parse(t, body).Find("main").Text()), " ")
	if !strings.Contains(text, "Personnes attendues : 4 (2 oui et 2 personnes qui les accompagnent") {
		t.Errorf("the organiser's figures do not count the companions:\n%s", text)
	}
	_, body = partner.get(path)
	if strings.Contains(body, "Personnes attendues") {
		t.Error("a member who does not organise sees the organiser's figures")
	}
}

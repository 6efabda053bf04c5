package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"
)

// xssPayload is typed text meant to run as script: a script element, and an
// image whose error handler runs, breaking out of an attribute first. mark
// tells the fields apart.
func xssPayload(mark string) string {
	return `<script>alert("` + mark + `")</script>"><img src=x onerror=alert("` + mark + `")>`
}

// assertEscaped fails unless the page shows payload as text (in its text
// or an attribute's value) and no element or attribute came from it.
func assertEscaped(t *testing.T, page, body, payload string) {
	t.Helper()
	doc := parse(t, body)
	shown := strings.Contains(doc.Text(), payload)
	doc.Find("*").Each(func(_ int, s *goquery.Selection) {
		for _, a := range s.Nodes[0].Attr {
			if a.Val == payload {
				shown = true
			}
			if strings.HasPrefix(strings.ToLower(a.Key), "on") {
				t.Errorf("%s: an element <%s> carries the event handler %s=%q", page, goquery.NodeName(s), a.Key, a.Val)
			}
		}
		if goquery.NodeName(s) == "script" && strings.Contains(s.Text(), "alert(") {
			t.Errorf("%s: a script element holds %q", page, s.Text())
		}
	})
	if n := doc.Find(`img[src="x"]`).Length(); n > 0 {
		t.Errorf("%s: %d img elements came from typed text", page, n)
	}
	if strings.Contains(body, "<script>alert(") || strings.Contains(body, "<img src=x") {
		t.Errorf("%s: the payload is in the HTML unescaped", page)
	}
	if !shown {
		t.Errorf("%s does not show the typed text %q (escaped) at all: the check proves nothing", page, payload)
	}
}

// TestTypedTextIsEscaped: text typed in forms outside Markdown (a display
// name, a group's title and description, an institution's name, a
// meeting's title and description) reaches the pages that show it as text:
// script and image payloads are escaped by templ, in text and in
// attributes, on every page that shows them.
func TestTypedTextIsEscaped(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot, partner := f.login("pilote"), f.login("partenaire")

	name := xssPayload("nom")
	_, body := partner.get("/compte")
	version, _ := parse(t, body).Find(`form[action="/compte/nom"] input[name="version"]`).Attr("value")
	mustSeeOther(t, partner, "/compte/nom", url.Values{"nom": {name}, "version": {version}})

	groupTitle, groupDescription := xssPayload("groupe"), xssPayload("description du groupe")
	group := mustSeeOther(t, pilot, "/c/37-41/groupes/nouveau", url.Values{"titre": {groupTitle}, "description": {groupDescription}})

	instName := xssPayload("institution")
	res, page := pilot.postMultipart("/c/37-41/institutions/nouvelle", url.Values{"nom": {instName}, "type": {"autre"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("new institution = %d\n%.2000s", res.StatusCode, page)
	}
	institution := res.Header.Get("Location")
	// The partner joins the institution, so that the directory shows both.
	mustSeeOther(t, pilot, "/c/37-41/annuaire/"+itoa(f.accounts["partenaire"])+"/institution",
		url.Values{"institution": {idAtEnd(t, institution)}})

	meetingTitle, meetingDescription := xssPayload("réunion"), xssPayload("présentation de la réunion")
	paris, _ := time.LoadLocation("Europe/Paris")
	day := time.Now().In(paris).AddDate(0, 0, 3).Format("2006-01-02")
	meeting := mustSeeOther(t, pilot, "/c/37-41/reunions/nouvelle", url.Values{"titre": {meetingTitle}, "description": {meetingDescription},
		"date": {day}, "debut": {"14:00"}, "fin": {"16:00"}, "lieu": {"Tours"}, "repetition": {"1"}})

	for _, tc := range []struct {
		who     *client
		path    string
		payload []string
	}{
		{partner, "/compte", []string{name}},
		{pilot, "/c/37-41/annuaire", []string{name, instName}},
		{pilot, "/c/37-41/annuaire/" + itoa(f.accounts["partenaire"]), []string{name, instName}},
		{pilot, "/c/37-41/membres", []string{name}},
		{pilot, "/c/37-41/groupes", []string{groupTitle}},
		{pilot, group, []string{groupTitle, groupDescription}},
		{pilot, group + "/modifier", []string{groupTitle, groupDescription}},
		{pilot, "/c/37-41/institutions", []string{instName}},
		{pilot, institution, []string{instName, name}},
		{pilot, institution + "/modifier", []string{instName}},
		{pilot, "/c/37-41/", []string{meetingTitle}},
		{pilot, "/c/37-41/reunions", []string{meetingTitle}},
		{pilot, meeting, []string{meetingTitle, meetingDescription}},
		{pilot, meeting + "/modifier", []string{meetingTitle, meetingDescription}},
		{pilot, "/c/37-41/journal", []string{groupTitle, instName, meetingTitle}},
	} {
		res, body := tc.who.get(tc.path)
		if res.StatusCode != http.StatusOK {
			t.Errorf("GET %s = %d", tc.path, res.StatusCode)
			continue
		}
		for _, p := range tc.payload {
			assertEscaped(t, tc.path, body, p)
		}
	}
}

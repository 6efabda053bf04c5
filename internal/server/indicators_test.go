package server

import (
	"context"
	"net/http"
	"strconv"
	"strings"
	"testing"

	"github.com/PuerkitoBio/goquery"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
)

// TestIndicatorsPage: a pilot reads the demo committee's 2019 figures in a
// table and in a chart that says them in words; the year selector offers
// the years of the committee's meetings and keeps the one shown.
func TestIndicatorsPage(t *testing.T) {
	f := newFixture(t)
	var want *clts.Indicators
	f.read("37-41", "pilote", func(tx *postgres.Tx) error {
		var err error
		want, err = tx.ParticipationIndicators(context.Background(), 2019, f.srv.now())
		return err
	})
	if want.Total.Attendees == 0 || want.Total.SupportedAttendees == 0 {
		t.Fatalf("the demo's 2019 has no attendance of supported persons: %+v", want.Total)
	}
	res, body := f.login("pilote").get(paths.Participation("37-41", 2019))
	if res.StatusCode != http.StatusOK {
		t.Fatalf("status %d", res.StatusCode)
	}
	doc := parse(t, body)
	if h := doc.Find("h1").Text(); h != "Indicateurs de participation 2019" || doc.Find("h1").Length() != 1 {
		t.Errorf("h1 %q", h)
	}
	if doc.Find("script").Length() != 0 {
		t.Error("the dashboard needs no JavaScript")
	}

	// The table: one row per indicator, the quarters then the year.
	rows := map[string][]string{}
	doc.Find("table").First().Find("tbody tr").Each(func(_ int, tr *goquery.Selection) {
		var cells []string
		tr.Find("td").Each(func(_ int, td *goquery.Selection) { cells = append(cells, strings.TrimSpace(td.Text())) })
		rows[strings.TrimSpace(tr.Find("th").Text())] = cells
	})
	period := func(i int) clts.IndicatorPeriod {
		if i == 4 {
			return want.Total
		}
		return want.Quarters[i]
	}
	for label, value := range map[string]func(clts.IndicatorPeriod) int{
		"Réunions tenues":                                 func(p clts.IndicatorPeriod) int { return p.Meetings },
		"Présences":                                       func(p clts.IndicatorPeriod) int { return p.Attendees },
		"Présences de personnes accompagnées":             func(p clts.IndicatorPeriod) int { return p.SupportedAttendees },
		"Personnes accompagnées différentes":              func(p clts.IndicatorPeriod) int { return p.DistinctSupported },
		"Réunions avec au moins une personne accompagnée": func(p clts.IndicatorPeriod) int { return p.MeetingsWithSupported },
	} {
		got := rows[label]
		if len(got) != 5 {
			t.Errorf("row %q: %q, want 4 quarters and the year", label, got)
			continue
		}
		for i := range got {
			if got[i] != strconv.Itoa(value(period(i))) {
				t.Errorf("row %q, column %d: %s, want %d", label, i, got[i], value(period(i)))
			}
		}
	}
	share := strconv.Itoa(int(want.Total.SupportedShare()*100+0.5)) + "\u00a0%"
	if got := rows["Part des personnes accompagnées parmi les présences"]; len(got) != 5 || got[4] != share {
		t.Errorf("share row %q, want the year's %q", got, share)
	}

	// The chart: an image whose title and description are its text.
	svg := doc.Find(`svg[role="img"]`)
	if svg.Length() != 1 {
		t.Fatalf("%d svg images", svg.Length())
	}
	for _, id := range strings.Fields(svg.AttrOr("aria-labelledby", "")) {
		if svg.Find("#"+id).Length() != 1 {
			t.Errorf("aria-labelledby names %q, not in the chart", id)
		}
	}
	if svg.Find("title").Length() != 1 || svg.Find("desc").Length() != 1 {
		t.Error("the chart needs a title and a description")
	}
	desc := svg.Find("desc").Text()
	q1 := want.Quarters[0]
	for _, s := range []string{
		"1er trimestre 2019 : " + strconv.Itoa(q1.Attendees) + " présences",
		"Sur l'année : " + strconv.Itoa(want.Total.Attendees) + " présences, dont " + strconv.Itoa(want.Total.SupportedAttendees) + " de personnes accompagnées (" + share + ")",
	} {
		if !strings.Contains(desc, s) {
			t.Errorf("chart description %q lacks %q", desc, s)
		}
	}
	// Each bar's value is written, not only drawn.
	if got := svg.Find("text").Text(); !strings.Contains(got, "part : ") {
		t.Errorf("the chart writes no share: %q", got)
	}

	// The year selector: the committee's years, 2019 chosen.
	sel := doc.Find(`form[method="get"] select[name="annee"]`)
	if sel.Find(`option[value="2018"]`).Length() != 1 || sel.Find(`option[value="2019"][selected]`).Length() != 1 {
		t.Errorf("year selector: %q", sel.Text())
	}
	if l := doc.Find(`label[for="` + sel.AttrOr("id", "?") + `"]`).Text(); !strings.Contains(l, "Année") {
		t.Errorf("the selector's label: %q", l)
	}
	// Attendance per institution: the demo's partners.
	if inst := doc.Find("#institutions + .table-wrap tbody th").Text(); !strings.Contains(inst, "CAF Touraine") {
		t.Errorf("institutions: %q", inst)
	}

	t.Run("CurrentYearByDefault", func(t *testing.T) {
		year := f.srv.now().In(components.Paris()).Year()
		res, body := f.login("pilote").get(paths.Participation("37-41", 0))
		doc := parse(t, body)
		if res.StatusCode != http.StatusOK || doc.Find("h1").Text() != "Indicateurs de participation "+strconv.Itoa(year) {
			t.Errorf("status %d, h1 %q", res.StatusCode, doc.Find("h1").Text())
		}
		if !strings.Contains(doc.Find(".hint").Text(), "n'est pas terminée") {
			t.Error("the current year's figures should say they stop at today")
		}
	})
	t.Run("YearNotOffered", func(t *testing.T) {
		for _, y := range []string{"1990", "deux-mille", "3000"} {
			res, body := f.login("pilote").get(paths.Participation("37-41", 0) + "?annee=" + y)
			doc := parse(t, body)
			if res.StatusCode != http.StatusBadRequest {
				t.Errorf("%s: status %d, want 400", y, res.StatusCode)
			}
			sel := doc.Find(`select[name="annee"]`)
			errID := doc.Find(".error-message").AttrOr("id", "?")
			if sel.AttrOr("aria-invalid", "") != "true" || !strings.Contains(sel.AttrOr("aria-describedby", ""), errID) {
				t.Errorf("%s: the error is not tied to the selector", y)
			}
			if !strings.Contains(doc.Find(".error-message").Text(), "Choisissez une année entre 2018 et") {
				t.Errorf("%s: error %q", y, doc.Find(".error-message").Text())
			}
		}
	})
	t.Run("OnlyPilots", func(t *testing.T) {
		for login, status := range map[string]int{"partenaire": 403, "accompagne": 403, "professionnel": 403, "pilote-autre": 404, "hcts": 404} {
			if res, _ := f.login(login).get(paths.Participation("37-41", 2019)); res.StatusCode != status {
				t.Errorf("%s: %d, want %d", login, res.StatusCode, status)
			}
		}
	})
	t.Run("HomeLink", func(t *testing.T) {
		link := `a[href="` + paths.Participation("37-41", 0) + `"]`
		_, body := f.login("pilote").get(paths.CommitteeHome("37-41"))
		if parse(t, body).Find(link).Length() != 1 {
			t.Error("the pilot's home has no link to the indicators")
		}
		_, body = f.login("partenaire").get(paths.CommitteeHome("37-41"))
		if parse(t, body).Find(link).Length() != 0 {
			t.Error("a partner's home links to the pilots' indicators")
		}
	})
}

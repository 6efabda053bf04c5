package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/web/components"
)

// TestAgendaItemEdit: the organiser changes an item's title, speaker,
// duration and description; a wrong form comes back with each message next
// to its field and what was typed kept, and changes nothing; members who do
// not organise are refused, and nobody edits once the meeting has started.
func TestAgendaItemEdit(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot, partner := f.login("pilote"), f.login("partenaire")
	day := time.Now().In(components.Paris()).AddDate(0, 0, 5).Format("2006-01-02")
	res, _ := pilot.post("/c/37-41/reunions/nouvelle", url.Values{"titre": {"Plénière à préparer"}, "date": {day}, "debut": {"14:00"},
		"fin": {"16:00"}, "lieu": {"Tours"}, "repetition": {"1"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create: %d", res.StatusCode)
	}
	path := strings.Split(res.Header.Get("Location"), "#")[0]
	if res, _ := pilot.post(path+"/ordre-du-jour", url.Values{"point_titre": {"Tour de tabel"}, "point_duree": {"10"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("agenda item: %d", res.StatusCode)
	}
	id := mustInt(t, meetingIDFrom(t, path))
	item := f.agenda(id)[0]
	edit := fmt.Sprintf("%s/ordre-du-jour/%d/modifier", path, item.ID)

	_, body := pilot.get(path)
	if parse(t, body).Find(`a[href="`+edit+`"]`).Length() != 1 {
		t.Error("the meeting's page does not link to the item's edit form")
	}
	res, body = pilot.get(edit)
	if res.StatusCode != http.StatusOK || fieldValue(t, parse(t, body), "point_titre") != "Tour de tabel" || fieldValue(t, parse(t, body), "point_duree") != "10" {
		t.Fatalf("the edit form does not show the item: %d", res.StatusCode)
	}

	for _, tc := range []struct {
		name, field, want string
		form              url.Values
	}{
		{"NoTitle", "point_titre", "Indiquez l'intitulé du point", url.Values{"point_titre": {"  "}, "point_description": {"Une description tapée"}, "point_duree": {"15"}}},
		{"NotANumber", "point_duree", "Indiquez une durée en minutes", url.Values{"point_titre": {"Tour de table"}, "point_description": {"Une description tapée"}, "point_duree": {"un quart d'heure"}}},
		{"TooLong", "point_duree", "entre 0 et 600", url.Values{"point_titre": {"Tour de table"}, "point_description": {"Une description tapée"}, "point_duree": {"900"}}},
		{"LongSpeaker", "point_intervenant", "200", url.Values{"point_titre": {"Tour de table"}, "point_description": {"Une description tapée"}, "point_intervenant": {strings.Repeat("é", 201)}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			res, body := pilot.post(edit, tc.form)
			doc := parse(t, body)
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("status %d, want 422", res.StatusCode)
			}
			if msg := errorNextTo(t, doc, tc.field); !strings.Contains(msg, tc.want) {
				t.Errorf("message next to %s: %q, want %q", tc.field, msg, tc.want)
			}
			for name, v := range tc.form {
				if got := fieldValue(t, doc, name); got != v[0] && strings.TrimSpace(v[0]) != "" {
					t.Errorf("%s typed %q comes back as %q", name, v[0], got)
				}
			}
			if got := f.agenda(id)[0]; got.Title != "Tour de tabel" || got.Minutes != 10 || got.Description != "" {
				t.Errorf("a refused edit changed the item: %+v", got)
			}
		})
	}

	res, _ = pilot.post(edit, url.Values{"point_titre": {"Tour de table"}, "point_intervenant": {"Claire Martin"}, "point_duree": {"20"},
		"point_description": {"Chacun se présente."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("edit: %d", res.StatusCode)
	}
	if got := f.agenda(id)[0]; got.Title != "Tour de table" || got.Presenter != "Claire Martin" || got.Minutes != 20 || got.Description != "Chacun se présente." || got.Position != item.Position {
		t.Errorf("after the edit: %+v", got)
	}
	_, body = pilot.get(path)
	if agenda := parse(t, body).Find("ol.agenda").Text(); !strings.Contains(agenda, "Tour de table") || !strings.Contains(agenda, "Claire Martin") || !strings.Contains(agenda, "20 min") {
		t.Errorf("the agenda does not show the edit:\n%s", agenda)
	}

	// Members who do not organise: 403, the item unchanged.
	if res, _ := partner.get(edit); res.StatusCode != http.StatusForbidden {
		t.Errorf("partner's edit form: %d, want 403", res.StatusCode)
	}
	if res, _ := partner.post(edit, url.Values{"point_titre": {"Pris en main"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("partner's edit: %d, want 403", res.StatusCode)
	}
	// Once the meeting has started, the agenda is closed.
	f.moveMeeting(id, -30*time.Minute)
	if res, _ := pilot.post(edit, url.Values{"point_titre": {"Trop tard"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("edit after the start: %d, want 409", res.StatusCode)
	}
	if got := f.agenda(id)[0]; got.Title != "Tour de table" {
		t.Errorf("the item changed: %+v", got)
	}
}

// TestPrintableAgendaAndMinutes: the convocation with its agenda prints
// for every member; the minutes print for those who may read them, from
// the meeting's page; both are plain documents with the print stylesheet.
func TestPrintableAgendaAndMinutes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot, partner := f.login("pilote"), f.login("partenaire")
	path := f.heldPlenary(t, pilot, "Plénière à imprimer")
	if res, _ := partner.get(path + "/compte-rendu/imprimer"); res.StatusCode != http.StatusNotFound && res.StatusCode != http.StatusForbidden {
		t.Errorf("printable minutes before any: %d", res.StatusCode)
	}
	if res, _ := pilot.get(path + "/compte-rendu/imprimer"); res.StatusCode != http.StatusNotFound {
		t.Errorf("printable minutes before any, for the organiser: %d, want 404", res.StatusCode)
	}

	res, body := partner.get(path + "/convocation")
	doc := parse(t, body)
	if res.StatusCode != http.StatusOK || doc.Find("h1").Text() != "Convocation : Plénière à imprimer" {
		t.Fatalf("convocation: %d, h1 %q", res.StatusCode, doc.Find("h1").Text())
	}
	if css, _ := doc.Find(`link[rel="stylesheet"]`).Attr("href"); !strings.Contains(css, "print") || doc.Find(".site-header").Length() != 0 {
		t.Errorf("the convocation is not a printable document: stylesheet %q", css)
	}

	partnerID := fmt.Sprint(f.accounts["partenaire"])
	if res, _ := pilot.post(path+"/compte-rendu", url.Values{"version": {"0"}, "compte_rendu": {"## Relevé\n\nLa charte est adoptée."}, "publier": {"non"},
		"ligne1_nature": {"action"}, "ligne1_quoi": {"Envoyer la charte"}, "ligne1_membre": {partnerID}, "ligne1_echeance": {"2030-01-15"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("draft: %d", res.StatusCode)
	}
	if res, _ := partner.get(path + "/compte-rendu/imprimer"); res.StatusCode != http.StatusForbidden {
		t.Errorf("an invitee prints a draft: %d, want 403", res.StatusCode)
	}
	if res, _ := pilot.post(path+"/compte-rendu", url.Values{"version": {"1"}, "compte_rendu": {"## Relevé\n\nLa charte est adoptée."}, "publier": {"oui"},
		"ligne1_nature": {"action"}, "ligne1_quoi": {"Envoyer la charte"}, "ligne1_membre": {partnerID}, "ligne1_echeance": {"2030-01-15"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("publish: %d", res.StatusCode)
	}
	_, body = partner.get(path)
	page := parse(t, body)
	for _, link := range []string{path + "/convocation", path + "/compte-rendu/imprimer"} {
		if page.Find(`main a[href="`+link+`"]`).Length() != 1 {
			t.Errorf("the meeting's page does not link to %s", link)
		}
	}
	res, body = partner.get(path + "/compte-rendu/imprimer")
	doc = parse(t, body)
	if res.StatusCode != http.StatusOK || doc.Find(".minutes h2").Text() != "Relevé" {
		t.Fatalf("printable minutes: %d", res.StatusCode)
	}
	if row := doc.Find("table tbody tr").Text(); !strings.Contains(row, "Envoyer la charte") || !strings.Contains(row, f.displayName("partenaire")) || !strings.Contains(row, "15 janvier 2030") {
		t.Errorf("the printed actions: %q", row)
	}
}

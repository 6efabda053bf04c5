package server

import (
	"context"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestOperatorOpensACommitteeAndInvitesItsFirstPilot: from the web, the
// operator opens a committee, is sent to its page, invites its first pilot
// (the form keeps what was typed and says what is wrong next to the
// field), and the invitation link makes a pilot of whoever follows it;
// an existing account becomes pilot at once, without a second account.
func TestOperatorOpensACommitteeAndInvitesItsFirstPilot(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	op := f.login("operateur")
	res, _ := op.post(paths.OperatorCommittees, url.Values{"slug": {"28"}, "nom": {"Comité local du travail social d'Eure-et-Loir"}, "departements": {"28"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("open a committee: %d", res.StatusCode)
	}
	page := res.Header.Get("Location")
	if !regexp.MustCompile(`^/exploitation/comites/[0-9]+$`).MatchString(page) {
		t.Fatalf("after opening, sent to %q, want the committee's page", page)
	}
	_, body := op.get(page)
	doc := parse(t, body)
	if got := doc.Find("h1").Text(); got != "Comité local du travail social d'Eure-et-Loir" {
		t.Errorf("h1 %q", got)
	}
	if !strings.Contains(doc.Find("#titre-pilote").Text(), "Inviter le premier pilote") ||
		!strings.Contains(doc.Find(".notice-success").Text(), "Invitez maintenant son premier pilote") {
		t.Error("the new committee's page does not ask for its first pilot")
	}
	pilotForm := page + "/pilote"

	// A wrong address: 422, the message next to the field, the input kept.
	res, body = op.post(pilotForm, url.Values{"pilote_nom": {"Jeanne Perrin"}, "pilote_email": {"jeanne-sans-arobase"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("a wrong address: %d, want 422", res.StatusCode)
	}
	doc = parse(t, body)
	if v, _ := doc.Find(`#f-pilote_nom`).Attr("value"); v != "Jeanne Perrin" {
		t.Errorf("the name typed is not kept: %q", v)
	}
	if doc.Find(`#f-pilote_email-error`).Length() != 1 {
		t.Error("no message next to the address")
	}

	// A new person: an invitation as pilot, by e-mail, naming the operator.
	res, _ = op.post(pilotForm, url.Values{"pilote_nom": {"Jeanne Perrin"}, "pilote_email": {"jeanne.perrin@eure-et-loir.example"}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != page {
		t.Fatalf("invite the first pilot: %d → %s", res.StatusCode, res.Header.Get("Location"))
	}
	_, body = op.get(page)
	if !strings.Contains(body, "Invitation envoyée à jeanne.perrin@eure-et-loir.example") || !strings.Contains(body, "Invitations de pilotes en cours") {
		t.Error("the page does not show the invitation sent")
	}
	var mail postgres.OutboxMail
	f.read("", "", func(tx *postgres.Tx) error {
		ms, err := tx.Outbox(context.Background(), 20)
		for _, m := range ms {
			if m.Mail.To == "jeanne.perrin@eure-et-loir.example" {
				mail = m
			}
		}
		return err
	})
	if !strings.Contains(mail.Mail.Body, "L'opérateur de la plateforme vous invite") || !strings.Contains(mail.Mail.Body, "« Pilote »") {
		t.Errorf("invitation e-mail: %q", mail.Mail.Body)
	}
	link := regexp.MustCompile(`/invitation\?jeton=[A-Za-z0-9_-]+`).FindString(mail.Mail.Body)
	if link == "" {
		t.Fatal("no link in the invitation")
	}
	anon := f.anonymous()
	if res, body := anon.get(link); res.StatusCode != http.StatusOK || !strings.Contains(body, "Eure-et-Loir") {
		t.Errorf("the invitation link: %d", res.StatusCode)
	}

	// An existing account becomes pilot at once: no invitation, no second account.
	res, _ = op.post(pilotForm, url.Values{"pilote_nom": {"Amélie Roux"}, "pilote_email": {"amelie.roux@demo.test"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("an existing account as pilot: %d", res.StatusCode)
	}
	amelie := f.login("amelie.roux")
	if res, _ := amelie.get("/c/28/membres"); res.StatusCode != http.StatusOK {
		t.Errorf("the existing account is not pilot of the new committee: %d", res.StatusCode)
	}
	// Inviting her again says she is a member already, next to the address.
	res, body = op.post(pilotForm, url.Values{"pilote_nom": {"Amélie Roux"}, "pilote_email": {"amelie.roux@demo.test"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(parse(t, body).Find(`#f-pilote_email-error`).Text(), "déjà membre") {
		t.Errorf("an existing member again: %d", res.StatusCode)
	}
	// The operator's home no longer lists it as a committee without a pilot.
	_, body = op.get(paths.Committees)
	if strings.Contains(body, "Inviter le premier pilote du Comité local du travail social d'Eure-et-Loir") {
		t.Error("the committee with a pilot is still to do")
	}
}

// TestOperatorRenamesACommittee: the name and the départements change, the
// short identifier stays; a wrong name is refused next to the field, with
// what was typed kept; the committee's log records it.
func TestOperatorRenamesACommittee(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	op := f.login("operateur")
	page := paths.OperatorCommittee(f.committees["autre"])
	res, body := op.post(page+"/nom", url.Values{"nom": {"  "}, "departements": {"45, 28"}})
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("an empty name: %d, want 422", res.StatusCode)
	}
	doc := parse(t, body)
	if doc.Find(`#f-nom-error`).Length() != 1 {
		t.Error("no message next to the name")
	}
	if v, _ := doc.Find(`#f-departements`).Attr("value"); v != "45, 28" {
		t.Errorf("the départements typed are not kept: %q", v)
	}
	res, _ = op.post(page+"/nom", url.Values{"nom": {"Comité local du travail social du Loiret et d'Eure-et-Loir"}, "departements": {"45, 28"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rename: %d", res.StatusCode)
	}
	var c *clts.Committee
	f.read("", "", func(tx *postgres.Tx) error {
		var err error
		c, err = tx.CommitteeBySlug(context.Background(), "autre")
		return err
	})
	if c.Name != "Comité local du travail social du Loiret et d'Eure-et-Loir" || strings.Join(c.Departements, ",") != "45,28" {
		t.Errorf("after renaming: %+v", c)
	}
	// Its pilot sees the new name and the line in the committee's log.
	pa := f.login("pilote-autre")
	if _, body := pa.get("/c/autre/"); parse(t, body).Find("h1").Text() != "Comité local du travail social du Loiret et d'Eure-et-Loir" {
		t.Error("the committee's home does not show its new name")
	}
	if _, body := pa.get("/c/autre/journal"); !strings.Contains(body, "Comité renommé") {
		t.Error("the committee's log does not record the renaming")
	}
	// An unknown committee is not found.
	if res, _ := op.get(paths.OperatorCommittee(999999)); res.StatusCode != http.StatusNotFound {
		t.Errorf("an unknown committee: %d, want 404", res.StatusCode)
	}
	if res, _ := op.post(paths.OperatorCommitteeRename(999999), url.Values{"nom": {"X"}, "departements": {"45"}}); res.StatusCode != http.StatusNotFound {
		t.Errorf("renaming an unknown committee: %d, want 404", res.StatusCode)
	}
}

// TestNationalHomes: the operator and HCTS readers, members of no
// committee, get a home that says what they can do, with links, instead of
// "member of no committee"; the operator's lists what waits for them.
func TestNationalHomes(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	op := f.login("operateur")
	if res, _ := op.post(paths.OperatorCommittees, url.Values{"slug": {"18"}, "nom": {"Comité du Cher"}, "departements": {"18"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("open a committee: %d", res.StatusCode)
	}
	for _, tc := range []struct {
		login, h1 string
		links     []string
	}{
		{"operateur", "Exploitation de la plateforme", []string{paths.OperatorCommittees + "#titre-creer", paths.OperatorCommittees,
			paths.OperatorOutbox, paths.OperatorLog, paths.OperatorSecondFactor}},
		{"hcts", "Espace national", []string{paths.NationalContributions, paths.Campaigns, paths.NationalPractices}},
	} {
		_, body := f.login(tc.login).get(paths.Committees)
		doc := parse(t, body)
		if got := doc.Find("h1").Text(); got != tc.h1 {
			t.Errorf("%s: h1 %q, want %q", tc.login, got, tc.h1)
		}
		if strings.Contains(body, "membre d'aucun comité") {
			t.Errorf("%s: told they are a member of no committee", tc.login)
		}
		for _, l := range tc.links {
			if doc.Find(`main a[href="`+l+`"]`).Length() == 0 {
				t.Errorf("%s: no link to %s", tc.login, l)
			}
		}
	}
	_, body := op.get(paths.Committees)
	doc := parse(t, body)
	if !strings.Contains(doc.Find("#todo-sans-pilote").Text(), "1 comité n'a aucun pilote actif") ||
		doc.Find(`a:contains("Inviter le premier pilote du Comité du Cher")`).Length() != 1 {
		t.Errorf("the operator's home does not list the committee without a pilot: %q", doc.Find("section.todo").Text())
	}
	// A member without national flags keeps "Mes comités".
	if _, body := f.login("partenaire").get(paths.Committees); parse(t, body).Find("h1").Text() != "Mes comités" {
		t.Error("a member's committees page changed its title")
	}
}

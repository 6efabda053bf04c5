package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
)

// TestFieldLimitsOnForms: every limited text field of the forms is refused
// one character above its limit, with the message next to the field, the
// text typed kept, and the limit stated beside the field (maxlength and
// hint). The video link, the cancellation reason and an institution's
// website had no limit at all.
func TestFieldLimitsOnForms(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot, hcts, operator := f.login("pilote"), f.login("hcts"), f.login("operateur")
	anon := f.anonymous()
	upcoming := f.meetingsBetween("37-41", time.Now().Add(24*time.Hour), time.Now().AddDate(2, 0, 0), 1)
	past := f.meetingsBetween("37-41", time.Date(2018, 1, 1, 0, 0, 0, 0, time.UTC), time.Now().Add(-24*time.Hour), 1)
	if len(upcoming) == 0 || len(past) == 0 {
		t.Fatal("the demo data has no upcoming or no past meeting")
	}
	meeting, held := "/c/37-41/reunions/"+itoa(upcoming[0].ID), "/c/37-41/reunions/"+itoa(past[0].ID)
	var seminar string
	for _, s := range f.seminars(20) {
		if s.Status == clts.MeetingPlanned && s.StartsAt.After(time.Now()) {
			seminar = "/national/seminaires/" + itoa(s.SeminarID) + "/modifier"
		}
	}
	if seminar == "" {
		t.Fatal("the demo data has no upcoming seminar")
	}

	token := auth.NewToken()
	f.invite("37-41", clts.InvitationEmail, "nouvelle@exemple.fr", clts.RoleProfessionnel, time.Now().Add(24*time.Hour), token, auth.HashToken(token))
	accept := url.Values{"jeton": {token}, "nom": {"Camille"}, "identifiant": {"camille"}, "mot_de_passe": {"une phrase assez longue"}, "confirmation": {"une phrase assez longue"}}

	text := func(n int) string { return strings.Repeat("é", n) }
	link := func(n int) string { return "https://exemple.fr/" + strings.Repeat("a", n-len("https://exemple.fr/")) }
	address := func(n int) string { return strings.Repeat("a", n-len("@exemple.fr")) + "@exemple.fr" }
	newMeeting := url.Values{"titre": {"Plénière"}, "date": {"2031-03-04"}, "debut": {"14:00"}, "fin": {"16:00"}, "lieu": {"Tours"}, "repetition": {"1"}}

	for _, tc := range []struct {
		name      string
		who       *client
		path      string
		base      url.Values // the rest of a valid form
		field     string
		max       int
		value     func(int) string
		multipart bool
	}{
		{"Login", anon, "/connexion", url.Values{"mot_de_passe": {"un mot de passe"}}, "identifiant", clts.MaxIdentifier, text, false},
		{"Forgot", anon, "/mot-de-passe-oublie", nil, "email", clts.MaxEmail, address, false},
		{"AccountName", pilot, "/compte/nom", url.Values{"version": {"1"}}, "nom", clts.MaxDisplayName, text, false},
		{"Presentation", pilot, "/c/37-41/mon-profil", url.Values{"version": {"1"}}, "presentation", clts.MaxPresentation, text, false},
		{"MeetingTitle", pilot, "/c/37-41/reunions/nouvelle", newMeeting, "titre", clts.MaxMeetingTitle, text, false},
		{"Place", pilot, "/c/37-41/reunions/nouvelle", newMeeting, "lieu", clts.MaxPlace, text, false},
		{"VideoURL", pilot, "/c/37-41/reunions/nouvelle", newMeeting, "visio", clts.MaxVideoURL, link, false},
		{"Accessibility", pilot, "/c/37-41/reunions/nouvelle", newMeeting, "accessibilite", clts.MaxAccessibility, text, false},
		{"MeetingDescription", pilot, "/c/37-41/reunions/nouvelle", newMeeting, "description", clts.MaxMeetingDescription, text, false},
		{"CancelReason", pilot, meeting + "/annuler", nil, "motif", clts.MaxCancelReason, text, false},
		{"SeminarCancelReason", hcts, seminar, url.Values{"annuler": {"oui"}, "version": {"1"}}, "motif", clts.MaxCancelReason, text, false},
		{"NeedsNote", pilot, meeting + "/reponse", url.Values{"reponse": {"oui"}}, "precisions", clts.MaxNeedsNote, text, false},
		{"AgendaTitle", pilot, meeting + "/ordre-du-jour", nil, "point_titre", clts.MaxAgendaTitle, text, false},
		{"AgendaDescription", pilot, meeting + "/ordre-du-jour", url.Values{"point_titre": {"Point"}}, "point_description", clts.MaxAgendaDescription, text, false},
		{"Presenter", pilot, meeting + "/ordre-du-jour", url.Values{"point_titre": {"Point"}}, "point_intervenant", clts.MaxPresenter, text, false},
		{"Minutes", pilot, held + "/compte-rendu", url.Values{"version": {"0"}, "publier": {"non"}}, "compte_rendu", clts.MaxMinutes, text, false},
		{"ActionWhat", pilot, held + "/compte-rendu", url.Values{"version": {"0"}, "ligne1_nature": {"action"}}, "ligne1_quoi", clts.MaxActionWhat, text, false},
		{"ActionWho", pilot, held + "/compte-rendu", url.Values{"version": {"0"}, "ligne1_nature": {"action"}, "ligne1_quoi": {"Envoyer"}}, "ligne1_qui", clts.MaxActionWho, text, false},
		{"GroupTitle", pilot, "/c/37-41/groupes/nouveau", nil, "titre", clts.MaxGroupTitle, text, false},
		{"GroupDescription", pilot, "/c/37-41/groupes/nouveau", url.Values{"titre": {"Nouveau groupe"}}, "description", clts.MaxGroupDescription, text, false},
		{"GroupObjectives", pilot, "/c/37-41/groupes/nouveau", url.Values{"titre": {"Nouveau groupe"}}, "objectifs", clts.MaxGroupObjectives, text, false},
		{"InstitutionName", pilot, "/c/37-41/institutions/nouvelle", url.Values{"type": {"autre"}}, "nom", clts.MaxInstitutionName, text, true},
		{"Website", pilot, "/c/37-41/institutions/nouvelle", url.Values{"type": {"autre"}, "nom": {"Nouvelle"}}, "site", clts.MaxWebsite, link, true},
		{"InstitutionDescription", pilot, "/c/37-41/institutions/nouvelle", url.Values{"type": {"autre"}, "nom": {"Nouvelle"}}, "description", clts.MaxInstitutionDescription, text, true},
		{"InviteName", pilot, "/c/37-41/invitations/nouvelle", url.Values{"envoi": {"code"}, "role": {"professionnel"}}, "nom", clts.MaxDisplayName, text, false},
		{"InviteEmail", pilot, "/c/37-41/invitations/nouvelle", url.Values{"envoi": {"email"}, "role": {"professionnel"}, "nom": {"Camille"}}, "email", clts.MaxEmail, address, false},
		{"AcceptName", anon, "/invitation", accept, "nom", clts.MaxDisplayName, text, false},
		{"AcceptLogin", anon, "/invitation", accept, "identifiant", clts.MaxLogin, func(n int) string { return strings.Repeat("a", n) }, false},
		{"CommitteeName", operator, "/exploitation/comites", url.Values{"slug": {"nouveau"}, "departements": {"18"}}, "nom", clts.MaxCommitteeName, text, false},
		{"Search", pilot, "/c/37-41/annuaire", nil, "q", clts.MaxSearch, text, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			form := url.Values{}
			for k, v := range tc.base {
				form[k] = v
			}
			typed := tc.value(tc.max + 1)
			form.Set(tc.field, typed)
			var res *http.Response
			var body string
			switch {
			case tc.name == "Search":
				res, body = tc.who.get(tc.path + "?" + form.Encode())
			case tc.multipart:
				res, body = tc.who.postMultipart(tc.path, form)
			default:
				res, body = tc.who.post(tc.path, form)
			}
			if res.StatusCode != http.StatusUnprocessableEntity {
				t.Fatalf("%d characters: status %d, want 422", tc.max+1, res.StatusCode)
			}
			control := parse(t, body).Find(`[name="` + tc.field + `"]:not([type=hidden])`)
			if control.Length() != 1 {
				t.Fatalf("%d controls named %s", control.Length(), tc.field)
			}
			field := control.Closest(".field")
			msg := strings.TrimSpace(field.Find(".error-message").Text())
			if !strings.Contains(msg, clts.Count(tc.max)+" caractères") {
				t.Errorf("message next to the field: %q", msg)
			}
			if got := controlValue(control); got != typed {
				t.Errorf("the text typed is not kept (%d characters back)", clts.Length(got))
			}
			if ml, _ := control.Attr("maxlength"); ml != itoa(int64(tc.max)) {
				t.Errorf("maxlength %q, want %d", ml, tc.max)
			}
			if hint := field.Find(".hint").Text(); !strings.Contains(hint, clts.Count(tc.max)+" caractères au plus") {
				t.Errorf("the hint does not state the limit: %q", hint)
			}
		})
	}
}

// controlValue is what a form control shows: an input's value, a text
// area's text.
func controlValue(s *goquery.Selection) string {
	if goquery.NodeName(s) == "textarea" {
		// The HTML parser drops one line feed right after <textarea>.
		return s.Text()
	}
	v, _ := s.Attr("value")
	return v
}

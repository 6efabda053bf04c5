package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// badValues are the bytes an external audit sent to every form and query:
// PostgreSQL refuses NUL and invalid UTF-8 in text, and a 9 MB value fits
// under the body limit.
var badValues = []struct {
	name  string
	value string
}{
	{"NUL", "Claire\x00Martin"},
	{"InvalidUTF8", "Claire\xff\xfeMartin"},
	{"Latin1", "Ren\xe9e"},
	{"Huge", strings.Repeat("a", 9<<20)},
}

// TestBadBytesNeverServerError: NUL bytes, invalid UTF-8 and a 9 MB value,
// in a form field or the query string of the routes that take input, are
// answered with the French 400 page or a field message (422), never a 500.
func TestBadBytesNeverServerError(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	anon, pilot := f.anonymous(), f.login("pilote")
	group := f.groupID("Participation des personnes accompagnées")

	type route struct {
		name      string
		who       *client
		method    string
		path      string                  // may hold %s for the value, escaped
		form      func(string) url.Values // nil for a GET
		multipart bool
	}
	routes := []route{
		{"Login", anon, http.MethodPost, "/connexion", func(v string) url.Values {
			return url.Values{"identifiant": {v}, "mot_de_passe": {"un mot de passe quelconque"}}
		}, false},
		{"LoginPassword", anon, http.MethodPost, "/connexion", func(v string) url.Values {
			return url.Values{"identifiant": {"pilote"}, "mot_de_passe": {v}}
		}, false},
		{"LoginReturn", anon, http.MethodGet, "/connexion?retour=%s", nil, false},
		{"Forgot", anon, http.MethodPost, "/mot-de-passe-oublie", func(v string) url.Values {
			return url.Values{"email": {v}}
		}, false},
		{"InvitationLink", anon, http.MethodGet, "/invitation?jeton=%s", nil, false},
		{"InvitationCode", anon, http.MethodPost, "/invitation/code", func(v string) url.Values {
			return url.Values{"code": {v}}
		}, false},
		{"ResetLink", anon, http.MethodGet, "/nouveau-mot-de-passe?jeton=%s", nil, false},
		{"Directory", pilot, http.MethodGet, "/c/37-41/annuaire?q=%s", nil, false},
		{"DirectoryDepartement", pilot, http.MethodGet, "/c/37-41/annuaire?departement=%s&tri=%s", nil, false},
		{"Month", pilot, http.MethodGet, "/c/37-41/reunions/calendrier?mois=%s", nil, false},
		{"Slug", pilot, http.MethodGet, "/c/%s/annuaire", nil, false},
		{"AccountName", pilot, http.MethodPost, "/compte/nom", func(v string) url.Values {
			return url.Values{"nom": {v}, "version": {"1"}}
		}, false},
		{"Profile", pilot, http.MethodPost, "/c/37-41/mon-profil", func(v string) url.Values {
			return url.Values{"presentation": {v}, "version": {"1"}}
		}, false},
		{"Meeting", pilot, http.MethodPost, "/c/37-41/reunions/nouvelle", func(v string) url.Values {
			return url.Values{"titre": {v}, "date": {"2031-03-04"}, "debut": {"14:00"}, "fin": {"16:00"},
				"lieu": {"Tours"}, "repetition": {"1"}}
		}, false},
		{"MeetingVideo", pilot, http.MethodPost, "/c/37-41/reunions/nouvelle", func(v string) url.Values {
			return url.Values{"titre": {"Réunion"}, "date": {"2031-03-04"}, "debut": {"14:00"}, "fin": {"16:00"},
				"visio": {v}, "repetition": {"1"}}
		}, false},
		{"MeetingQuery", pilot, http.MethodPost, "/c/37-41/reunions/nouvelle?groupe=%s", func(string) url.Values {
			return url.Values{"titre": {"Réunion"}, "date": {"2031-03-04"}, "debut": {"14:00"}, "fin": {"16:00"}, "lieu": {"Tours"}}
		}, false},
		{"Group", pilot, http.MethodPost, "/c/37-41/groupes/nouveau", func(v string) url.Values {
			return url.Values{"titre": {v}, "description": {"Un thème."}}
		}, false},
		{"GroupEdit", pilot, http.MethodPost, "/c/37-41/groupes/" + group + "/modifier", func(v string) url.Values {
			return url.Values{"titre": {"Titre"}, "objectifs": {v}, "version": {"1"}}
		}, false},
		{"Institution", pilot, http.MethodPost, "/c/37-41/institutions/nouvelle", func(v string) url.Values {
			return url.Values{"nom": {"CAF"}, "type": {"autre"}, "site": {v}}
		}, true},
		{"Committee", f.login("operateur"), http.MethodPost, "/exploitation/comites", func(v string) url.Values {
			return url.Values{"slug": {"nouveau"}, "nom": {v}, "departements": {"37"}}
		}, false},
	}
	for _, rt := range routes {
		for _, bv := range badValues {
			t.Run(rt.name+"/"+bv.name, func(t *testing.T) {
				v := bv.value
				if bv.name == "Huge" && strings.Contains(rt.path, "%s") {
					// A URL is bounded by the header limit: a value far
					// longer than any the portal builds, still below it.
					if !strings.Contains(rt.path, "?") {
						t.Skip("a long path names nothing: 404")
					}
					v = strings.Repeat("a", 20<<10)
				}
				path := rt.path
				if strings.Contains(path, "%s") {
					path = strings.ReplaceAll(path, "%s", url.QueryEscape(v))
				}
				var res *http.Response
				var body string
				switch {
				case rt.form == nil:
					res, body = rt.who.get(path)
				case rt.multipart:
					res, body = rt.who.postMultipart(path, rt.form(v))
				default:
					res, body = rt.who.post(path, rt.form(v))
				}
				if res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusUnprocessableEntity {
					t.Fatalf("status %d, want 400 or 422: %.300s", res.StatusCode, body)
				}
				doc := parse(t, body)
				if lang, _ := doc.Find("html").Attr("lang"); lang != "fr" {
					t.Errorf("not the portal's French page: %.200s", body)
				}
				if res.StatusCode == http.StatusUnprocessableEntity && doc.Find(".error-message").Length() == 0 {
					t.Error("422 without a message next to a field")
				}
			})
		}
	}
}

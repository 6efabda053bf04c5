package clts

import (
	"errors"
	"net/url"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"
)

// The fuzz targets of this file feed the domain's validation whatever a
// form or a command line may carry. Whatever the input, validation answers
// nil or an EINVALID error whose fields are all ones the form shows next
// to an input (a message under a field that does not exist would leave the
// person with a form refused and nothing to fix), each with a French
// message; and what it accepts holds the rule the storage and the pages
// rely on.

// checkFieldErrors fails unless err is nil or an EINVALID *Error naming
// only fields of form, each with a message, in UTF-8 when the input was
// (the portal refuses bytes that are not text before validation: see
// internal/server/input.go).
func checkFieldErrors(t *testing.T, err error, in []string, form ...string) FieldErrors {
	t.Helper()
	if err == nil {
		return nil
	}
	var e *Error
	if !errors.As(err, &e) || e.Code != EINVALID || len(e.Fields) == 0 || e.Message == "" {
		t.Fatalf("validation answered %#v, want nil or an EINVALID error with fields", err)
	}
	for field, msg := range e.Fields {
		known := false
		for _, f := range form {
			known = known || f == field
		}
		if !known {
			t.Fatalf("error on %q, which the form does not show (fields %v): %q", field, form, msg)
		}
		if strings.TrimSpace(msg) == "" || (!utf8.ValidString(msg) && allUTF8(in)) {
			t.Fatalf("field %q has the message %q", field, msg)
		}
	}
	return e.Fields
}

func allUTF8(in []string) bool {
	for _, s := range in {
		if !utf8.ValidString(s) {
			return false
		}
	}
	return true
}

// seedTexts are hostile values tried in every text field.
var seedTexts = []string{
	"", " ", "Réunion plénière", "\x00", "\xff\xfe", "=1+1", "<script>alert(1)</script>",
	"\u202e\u200b\ufeff", "a\r\nb", strings.Repeat("é", 201), strings.Repeat(" ", 300), "😀",
}

func FuzzCommitteeValidate(f *testing.F) {
	for i, s := range seedTexts {
		f.Add(s, seedTexts[(i+1)%len(seedTexts)], "37,41")
	}
	f.Add("37-41", "Comité 37-41", "37,41,2A,974")
	f.Add("a--b", "x", "37,37")
	f.Add("-", "x", "00,96,2C,977,,")
	f.Fuzz(func(t *testing.T, slug, name, deps string) {
		c := Committee{Slug: slug, Name: name, Departements: strings.Split(deps, ",")}
		if checkFieldErrors(t, c.Validate(), []string{slug, name, deps}, "slug", "name", "departements") != nil {
			return
		}
		if !slugPattern.MatchString(slug) || len(slug) > 40 || strings.Contains(slug, "--") {
			t.Fatalf("slug %q accepted", slug)
		}
		if strings.TrimSpace(name) == "" {
			t.Fatalf("blank name %q accepted", name)
		}
		seen := map[string]bool{}
		for _, d := range c.Departements {
			if !departementPattern.MatchString(d) || seen[d] {
				t.Fatalf("départements %q accepted", c.Departements)
			}
			seen[d] = true
		}
	})
}

func FuzzInstitutionValidate(f *testing.F) {
	for i, s := range seedTexts {
		f.Add(s, KindAutre, "37", seedTexts[(i+3)%len(seedTexts)], s)
	}
	f.Add("CAF Touraine", KindPartenaire, "37,41", "https://www.caf.fr/", "Caisse")
	f.Add("x", "inconnu", "37", "javascript:alert(1)", "")
	f.Add("x", KindAutre, "2A", "https://", "")
	f.Add("x", KindAutre, "", "//evil.example", "")
	f.Fuzz(func(t *testing.T, name, kind, deps, website, description string) {
		i := Institution{Name: name, Kind: kind, Website: website, Description: description}
		if deps != "" {
			i.Departements = strings.Split(deps, ",")
		}
		if checkFieldErrors(t, i.Validate(), []string{name, kind, deps, website, description}, "nom", "type", "departements", "site", "description") != nil {
			return
		}
		if strings.TrimSpace(name) == "" || InstitutionKindLabel(kind) == kind {
			t.Fatalf("name %q, kind %q accepted", name, kind)
		}
		// The website becomes a link on the institution's page: only
		// http(s) to a host, never javascript: or a relative path.
		if website != "" {
			u, err := url.Parse(website)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				t.Fatalf("website %q accepted", website)
			}
		}
	})
}

func FuzzGroupValidate(f *testing.F) {
	for i, s := range seedTexts {
		f.Add(s, seedTexts[(i+1)%len(seedTexts)], seedTexts[(i+2)%len(seedTexts)])
	}
	f.Fuzz(func(t *testing.T, title, description, objectives string) {
		g := Group{Title: title, Description: description, Objectives: objectives}
		if checkFieldErrors(t, g.Validate(), []string{title, description, objectives}, "titre", "description", "objectifs") != nil {
			return
		}
		if strings.TrimSpace(title) == "" {
			t.Fatalf("blank title %q accepted", title)
		}
	})
}

func FuzzMeetingValidate(f *testing.F) {
	for i, s := range seedTexts {
		f.Add(s, s, seedTexts[(i+1)%len(seedTexts)], "https://visio.example.fr/r/1", s, int64(1544274000), int64(120))
	}
	f.Add("Plénière", "", "", "", "", int64(1544274000), int64(0))
	f.Add("Plénière", "", "Tours", "javascript:alert(1)", "", int64(1544274000), int64(-60))
	f.Add("Plénière", "", "", "http://", "", int64(0), int64(72*60+1))
	f.Fuzz(func(t *testing.T, title, description, place, video, access string, start, minutes int64) {
		m := Meeting{Title: title, Description: description, Place: place, VideoURL: video, Accessibility: access}
		if start != 0 {
			m.StartsAt = time.Unix(start, 0)
		}
		if minutes != 0 && minutes > -100_000_000 && minutes < 100_000_000 {
			m.EndsAt = time.Unix(start, 0).Add(time.Duration(minutes) * time.Minute)
		}
		if checkFieldErrors(t, m.Validate(), []string{title, description, place, video, access}, "titre", "debut", "fin", "lieu", "visio", "description", "accessibilite") != nil {
			return
		}
		if strings.TrimSpace(title) == "" || !m.EndsAt.After(m.StartsAt) || m.EndsAt.Sub(m.StartsAt) > 72*time.Hour {
			t.Fatalf("meeting %q from %v to %v accepted", title, m.StartsAt, m.EndsAt)
		}
		if strings.TrimSpace(place) == "" && video == "" {
			t.Fatal("a meeting with neither place nor video link accepted")
		}
		// The video link becomes a link in convocations and calendars.
		if video != "" {
			u, err := url.Parse(video)
			if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				t.Fatalf("video link %q accepted", video)
			}
		}
	})
}

func FuzzAgendaItemValidate(f *testing.F) {
	for i, s := range seedTexts {
		f.Add(s, seedTexts[(i+1)%len(seedTexts)], s, 30)
	}
	f.Add("Point", "", "", -1)
	f.Add("Point", "", "", 601)
	f.Fuzz(func(t *testing.T, title, description, presenter string, minutes int) {
		a := AgendaItem{Title: title, Description: description, Presenter: presenter, Minutes: minutes}
		if checkFieldErrors(t, a.Validate(), []string{title, description, presenter}, "point_titre", "point_duree", "point_description", "point_intervenant") != nil {
			return
		}
		if strings.TrimSpace(title) == "" || minutes < 0 || minutes > 600 {
			t.Fatalf("agenda item %q of %d minutes accepted", title, minutes)
		}
	})
}

func FuzzProfileValidate(f *testing.F) {
	for _, s := range seedTexts {
		f.Add(s, "02 47 00 00 00", "37", true)
		f.Add(s, s, s, false)
	}
	f.Add("", "", "", true)
	f.Add("", "+33 (0)2 47.00.00-00", "2B", true)
	f.Fuzz(func(t *testing.T, presentation, phone, departement string, showPhone bool) {
		p := Profile{Presentation: presentation, Phone: phone, Departement: departement, ShowPhone: showPhone}
		if checkFieldErrors(t, p.ValidateProfile(), []string{presentation, phone, departement}, "presentation", "telephone", "departement") != nil {
			return
		}
		// The phone number becomes a tel: link for other members.
		if strings.ContainsFunc(phone, func(r rune) bool { return !strings.ContainsRune("0123456789 +().-", r) }) {
			t.Fatalf("phone %q accepted", phone)
		}
		if showPhone && phone == "" {
			t.Fatal("showing an empty phone number accepted")
		}
		if departement != "" && !departementPattern.MatchString(departement) {
			t.Fatalf("département %q accepted", departement)
		}
	})
}

// FuzzAccountFields covers the fields of an account: the invitation and
// password forms, and `clts operator create`.
func FuzzAccountFields(f *testing.F) {
	for i, s := range seedTexts {
		f.Add(s, s, s, seedTexts[(i+1)%len(seedTexts)])
	}
	f.Add("pilote", "clts-demo-2026", "Claire Martin", "pilote@demo.test")
	f.Add("a.b_c-d", strings.Repeat("é", 12), "Jean", " Jean <jean@x.fr>")
	f.Add("ab", strings.Repeat("x", 201), "", "\"a b\"@x.fr")
	f.Add("x", "", "", "a@b\r\nBcc: c@d.fr")
	f.Add("x", "", "", "a@localhost")
	f.Fuzz(func(t *testing.T, login, password, name, email string) {
		fe := FieldErrors{}
		ValidateLogin(fe, "identifiant", login)
		ValidatePassword(fe, "mot_de_passe", password)
		ValidateDisplayName(fe, "nom", name)
		normalized := NormalizeEmail(fe, "email", email)
		checkFieldErrors(t, fe.Err(), []string{login, password, name, email}, "identifiant", "mot_de_passe", "nom", "email")

		if _, bad := fe["identifiant"]; !bad && !loginPattern.MatchString(login) {
			t.Fatalf("login %q accepted", login)
		}
		if _, bad := fe["mot_de_passe"]; !bad && utf8.RuneCountInString(password) < MinPasswordLength {
			t.Fatalf("password of %d characters accepted", utf8.RuneCountInString(password))
		}
		if _, bad := fe["nom"]; !bad && strings.TrimSpace(name) == "" {
			t.Fatalf("blank name %q accepted", name)
		}
		if _, bad := fe["email"]; bad || normalized == "" {
			return
		}
		// An accepted address goes into the headers of e-mails: no line
		// break or other control character may ride along, and it must be
		// stable, so that the account is found again by the same address.
		if strings.ContainsFunc(normalized, unicode.IsControl) || !strings.Contains(normalized, "@") {
			t.Fatalf("address %q accepted", normalized)
		}
		again := FieldErrors{}
		if n := NormalizeEmail(again, "email", normalized); n != normalized || len(again) > 0 {
			t.Fatalf("NormalizeEmail is not stable: %q → %q (%v)", normalized, n, again)
		}
	})
}

package clts

import (
	"strings"
	"testing"
	"time"
)

func TestLength(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want int
	}{
		{"", 0},
		{"abc", 3},
		{"Élodie", 6},
		{"a\r\nb", 3}, // a text area's line break counts once, as maxlength counts it
		{"a\nb", 3},
		{"😀", 1},
	} {
		if got := Length(tc.in); got != tc.want {
			t.Errorf("Length(%q) = %d, want %d", tc.in, got, tc.want)
		}
	}
}

func TestCount(t *testing.T) {
	for n, want := range map[int]string{0: "0", 40: "40", 500: "500", 2000: "2\u00a0000", 100000: "100\u00a0000", 1234567: "1\u00a0234\u00a0567"} {
		if got := Count(n); got != want {
			t.Errorf("Count(%d) = %q, want %q", n, got, want)
		}
	}
}

// TestFieldLimits: every limited text field is accepted at its limit, line
// breaks sent as CR LF counting once, and refused one character above it,
// with a French message on that field that states the limit.
func TestFieldLimits(t *testing.T) {
	start := time.Date(2031, 3, 4, 14, 0, 0, 0, time.UTC)
	meeting := func(set func(*Meeting, string)) func(string) error {
		return func(s string) error {
			m := Meeting{Title: "Plénière", StartsAt: start, EndsAt: start.Add(2 * time.Hour), Place: "Tours"}
			set(&m, s)
			return m.Validate()
		}
	}
	institution := func(set func(*Institution, string)) func(string) error {
		return func(s string) error {
			i := Institution{Name: "CAF", Kind: KindAutre}
			set(&i, s)
			return i.Validate()
		}
	}
	fields := func(f func(FieldErrors, string)) func(string) error {
		return func(s string) error { fe := FieldErrors{}; f(fe, s); return fe.Err() }
	}
	text := func(n int) string { return strings.Repeat("é", n) }
	link := func(n int) string { return "https://exemple.fr/" + strings.Repeat("a", n-len("https://exemple.fr/")) }
	address := func(n int) string { return strings.Repeat("a", n-len("@exemple.fr")) + "@exemple.fr" }
	for _, tc := range []struct {
		name      string
		field     string
		max       int
		value     func(n int) string // a valid value of n characters
		multiline bool               // a text area
		check     func(string) error
	}{
		{"MeetingTitle", "titre", MaxMeetingTitle, text, false, meeting(func(m *Meeting, s string) { m.Title = s })},
		{"Place", "lieu", MaxPlace, text, false, meeting(func(m *Meeting, s string) { m.Place = s })},
		{"VideoURL", "visio", MaxVideoURL, link, false, meeting(func(m *Meeting, s string) { m.VideoURL = s })},
		{"MeetingDescription", "description", MaxMeetingDescription, text, true, meeting(func(m *Meeting, s string) { m.Description = s })},
		{"Accessibility", "accessibilite", MaxAccessibility, text, true, meeting(func(m *Meeting, s string) { m.Accessibility = s })},
		{"CancelReason", "motif", MaxCancelReason, text, false, func(s string) error { return Meeting{CancelReason: s}.ValidateCancel() }},
		{"InstitutionName", "nom", MaxInstitutionName, text, false, institution(func(i *Institution, s string) { i.Name = s })},
		{"Website", "site", MaxWebsite, link, false, institution(func(i *Institution, s string) { i.Website = s })},
		{"InstitutionDescription", "description", MaxInstitutionDescription, text, true, institution(func(i *Institution, s string) { i.Description = s })},
		{"GroupTitle", "titre", MaxGroupTitle, text, false, func(s string) error { return Group{Title: s}.Validate() }},
		{"GroupDescription", "description", MaxGroupDescription, text, true, func(s string) error { return Group{Title: "G", Description: s}.Validate() }},
		{"GroupObjectives", "objectifs", MaxGroupObjectives, text, true, func(s string) error { return Group{Title: "G", Objectives: s}.Validate() }},
		{"AgendaTitle", "point_titre", MaxAgendaTitle, text, false, func(s string) error { return AgendaItem{Title: s}.Validate() }},
		{"AgendaDescription", "point_description", MaxAgendaDescription, text, true, func(s string) error { return AgendaItem{Title: "P", Description: s}.Validate() }},
		{"Presenter", "point_intervenant", MaxPresenter, text, false, func(s string) error { return AgendaItem{Title: "P", Presenter: s}.Validate() }},
		{"ActionWhat", "quoi", MaxActionWhat, text, false, func(s string) error { return ActionItem{Kind: "action", What: s}.Validate() }},
		{"ActionWho", "qui", MaxActionWho, text, false, func(s string) error { return ActionItem{Kind: "action", What: "A", Who: s}.Validate() }},
		{"Minutes", "compte_rendu", MaxMinutes, text, true, func(s string) error { return Minutes{Body: s}.Validate() }},
		{"Presentation", "presentation", MaxPresentation, text, true, func(s string) error { return Profile{Presentation: s}.ValidateProfile() }},
		{"CommitteeName", "name", MaxCommitteeName, text, false, func(s string) error {
			return Committee{Slug: "c", Name: s, Departements: []string{"37"}}.Validate()
		}},
		{"DisplayName", "nom", MaxDisplayName, text, false, fields(func(fe FieldErrors, s string) { ValidateDisplayName(fe, "nom", s) })},
		{"Password", "mot_de_passe", MaxPassword, text, false, fields(func(fe FieldErrors, s string) { ValidatePassword(fe, "mot_de_passe", s) })},
		{"SignInIdentifier", "identifiant", MaxIdentifier, text, false, func(s string) error { return ValidateSignIn(s, "x") }},
		{"SignInPassword", "mot_de_passe", MaxPassword, text, false, func(s string) error { return ValidateSignIn("pilote", s) }},
		{"Email", "email", MaxEmail, address, false, fields(func(fe FieldErrors, s string) { NormalizeEmail(fe, "email", s) })},
		{"NeedsNote", "precisions", MaxNeedsNote, text, true, fields(ValidateNeedsNote)},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if msg := fieldMessage(tc.check(tc.value(tc.max)), tc.field); msg != "" {
				t.Errorf("%d characters refused: %s", tc.max, msg)
			}
			if tc.multiline {
				lines := strings.Repeat("é\r\n", tc.max/2)
				if msg := fieldMessage(tc.check(lines), tc.field); msg != "" {
					t.Errorf("%d characters with CR LF line breaks refused: %s", tc.max, msg)
				}
			}
			msg := fieldMessage(tc.check(tc.value(tc.max+1)), tc.field)
			if msg == "" {
				t.Fatalf("%d characters accepted", tc.max+1)
			}
			if !strings.Contains(msg, Count(tc.max)+" caractères") {
				t.Errorf("the message does not state the limit: %q", msg)
			}
		})
	}
}

func fieldMessage(err error, field string) string {
	if e, ok := err.(*Error); ok {
		return e.Fields[field]
	}
	return ""
}

func TestDepartementsBounded(t *testing.T) {
	many := make([]string, 100_000)
	for i := range many {
		many[i] = "37"
	}
	err := Institution{Name: "CAF", Kind: KindAutre, Departements: many}.Validate()
	if msg := fieldMessage(err, "departements"); !strings.Contains(msg, "20 départements au plus") {
		t.Errorf("100,000 départements: %q", msg)
	}
}

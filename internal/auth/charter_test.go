package auth

import (
	"errors"
	"slices"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
)

var allCharterActions = []CharterAction{ReadCharter, EditCharter, OpenCharterConsultation, CommentCharter, AnswerCharterComment,
	AdoptCharter, AcceptCharter, SeeCharterAcceptances, RemindCharter}

// TestCharterRules walks who asks × the version's state × every action:
// what is listed is allowed; everything else is refused, with 404 for
// whoever may not read the version, 409 when its state does not allow it
// for someone who may do it in another state, 403 otherwise.
func TestCharterRules(t *testing.T) {
	viewers := map[string]Principal{
		"pilote":        {AccountID: 1, Role: clts.RolePilote},
		"partenaire":    {AccountID: 2, Role: clts.RolePartenaire},
		"professionnel": {AccountID: 3, Role: clts.RoleProfessionnel},
		"accompagne":    {AccountID: 4, Role: clts.RoleAccompagne},
		"inactive":      {AccountID: 5},
		"hcts":          {AccountID: 6, HCTSReader: true, HCTSPublisher: true},
		"operator":      {AccountID: 7, Operator: true},
	}
	states := map[string]CharterFacts{
		"draft":             {State: clts.CharterDraft},
		"consultation":      {State: clts.CharterConsultation, CommentsOpen: true},
		"consultation-over": {State: clts.CharterConsultation},
		"current":           {State: clts.CharterCurrent},
		"current-accepted":  {State: clts.CharterCurrent, Accepted: true},
		"replaced":          {State: clts.CharterReplaced},
	}
	const (
		read, edit, open, comment, answer = ReadCharter, EditCharter, OpenCharterConsultation, CommentCharter, AnswerCharterComment
		adopt, accept, see, remind        = AdoptCharter, AcceptCharter, SeeCharterAcceptances, RemindCharter
	)
	member := map[string][]CharterAction{
		"draft":             nil, // not found
		"consultation":      {read, comment},
		"consultation-over": {read},
		"current":           {read, accept},
		"current-accepted":  {read},
		"replaced":          {read},
	}
	allowed := map[string]map[string][]CharterAction{
		"pilote": {
			"draft":             {read, edit, open, answer, adopt},
			"consultation":      {read, edit, comment, answer, adopt},
			"consultation-over": {read, edit, answer, adopt},
			"current":           {read, answer, accept, see, remind},
			"current-accepted":  {read, answer, see, remind},
			"replaced":          {read, see},
		},
		"partenaire":    member,
		"professionnel": member,
		"accompagne":    member,
	}
	// Who may do an action in some state: refused elsewhere with 409.
	pilotOnly := []CharterAction{edit, open, answer, adopt, see, remind}
	for vname, p := range viewers {
		for sname, f := range states {
			want := allowed[vname][sname]
			for _, a := range allCharterActions {
				err := CheckCharter(p, f, a)
				ok := slices.Contains(want, a)
				switch {
				case ok && err != nil:
					t.Errorf("%s, %s, %s: refused (%v), want allowed", vname, sname, a, err)
				case ok:
				case p.Role == "" || (sname == "draft" && vname != "pilote"):
					if !errors.Is(err, ErrCharterNotFound) {
						t.Errorf("%s, %s, %s: %v, want not found", vname, sname, a, err)
					}
				case vname != "pilote" && slices.Contains(pilotOnly, a):
					if !errors.Is(err, ErrCharterForbidden) {
						t.Errorf("%s, %s, %s: %v, want forbidden", vname, sname, a, err)
					}
				default:
					if !errors.Is(err, ErrCharterState) {
						t.Errorf("%s, %s, %s: %v, want a state refusal", vname, sname, a, err)
					}
				}
				if CanCharter(p, f, a) != ok {
					t.Errorf("%s, %s, %s: CanCharter disagrees with CheckCharter", vname, sname, a)
				}
			}
		}
	}
	if !CanDraftCharter(viewers["pilote"]) || CanDraftCharter(viewers["partenaire"]) || CanDraftCharter(viewers["hcts"]) {
		t.Error("only pilots draft a new version")
	}
}

// TestInstitutionAcceptanceRules: an institution's representative (a
// partner attached to it) or a pilot, for the current version, once.
func TestInstitutionAcceptanceRules(t *testing.T) {
	current := CharterFacts{State: clts.CharterCurrent}
	for _, c := range []struct {
		name string
		p    Principal
		f    CharterFacts
		inst InstitutionFacts
		want error
	}{
		{"representative", Principal{Role: clts.RolePartenaire}, current, InstitutionFacts{Represents: true}, nil},
		{"pilot for anyone", Principal{Role: clts.RolePilote}, current, InstitutionFacts{}, nil},
		{"partner of another", Principal{Role: clts.RolePartenaire}, current, InstitutionFacts{}, ErrCharterForbidden},
		{"professional attached", Principal{Role: clts.RoleProfessionnel}, current, InstitutionFacts{Represents: true}, ErrCharterForbidden},
		{"twice", Principal{Role: clts.RolePartenaire}, current, InstitutionFacts{Represents: true, Accepted: true}, ErrCharterState},
		{"replaced version", Principal{Role: clts.RolePilote}, CharterFacts{State: clts.CharterReplaced}, InstitutionFacts{}, ErrCharterState},
		{"draft", Principal{Role: clts.RolePartenaire}, CharterFacts{State: clts.CharterDraft}, InstitutionFacts{Represents: true}, ErrCharterNotFound},
		{"outside", Principal{HCTSReader: true}, current, InstitutionFacts{Represents: true}, ErrCharterNotFound},
	} {
		if err := CheckInstitutionAcceptance(c.p, c.f, c.inst); !errors.Is(err, c.want) && !(err == nil && c.want == nil) {
			t.Errorf("%s: %v, want %v", c.name, err, c.want)
		}
	}
}

func TestAdoptionRefusal(t *testing.T) {
	paris, _ := time.LoadLocation("Europe/Paris")
	now := time.Date(2026, time.March, 10, 15, 0, 0, 0, paris)
	meeting := time.Date(2026, time.March, 10, 14, 0, 0, 0, paris)
	day := func(d int) time.Time { return time.Date(2026, time.March, d, 0, 0, 0, 0, time.UTC) }
	plenary := AdoptionMeeting{Kind: clts.KindPlenary, Status: clts.MeetingPlanned, StartsAt: meeting}
	for _, c := range []struct {
		name  string
		m     AdoptionMeeting
		day   time.Time
		field string
	}{
		{"same day, attendance not recorded yet", plenary, day(10), ""},
		{"held, recorded later", AdoptionMeeting{Kind: clts.KindPlenary, Status: clts.MeetingHeld, StartsAt: meeting.AddDate(0, 0, -7)}, day(9), ""},
		{"a group's meeting", AdoptionMeeting{Kind: clts.KindGroup, StartsAt: meeting}, day(10), clts.FieldCharterMeeting},
		{"a seminar", AdoptionMeeting{Kind: clts.KindSeminar, StartsAt: meeting}, day(10), clts.FieldCharterMeeting},
		{"cancelled", AdoptionMeeting{Kind: clts.KindPlenary, Status: clts.MeetingCancelled, StartsAt: meeting}, day(10), clts.FieldCharterMeeting},
		{"tomorrow", plenary, day(11), clts.FieldCharterAdoptedOn},
		{"before the meeting", plenary, day(9), clts.FieldCharterAdoptedOn},
	} {
		if field, _ := AdoptionRefusal(c.m, c.day, now); field != c.field {
			t.Errorf("%s: refused on %q, want %q", c.name, field, c.field)
		}
	}
	if ConsultationEndRefusal(day(10), now) == "" || ConsultationEndRefusal(day(11), now) != "" {
		t.Error("a consultation ends after today")
	}
	if fe := VoteRefusals(clts.Vote{Result: clts.AdoptionVote, For: 3, Against: 3}); fe[clts.FieldCharterVotesFor] == "" {
		t.Error("a tied vote adopts nothing")
	}
	if fe := VoteRefusals(clts.Vote{}); fe[clts.FieldCharterResult] == "" {
		t.Error("a result is required")
	}
	if fe := VoteRefusals(clts.Vote{Result: clts.AdoptionUnanimity}); len(fe) != 0 {
		t.Errorf("unanimity: %v", fe)
	}
}

func TestCharterReminderDue(t *testing.T) {
	now := time.Date(2026, time.March, 10, 9, 0, 0, 0, time.UTC)
	at := func(d time.Duration) *time.Time { t := now.Add(d); return &t }
	cases := []struct {
		name string
		last *time.Time
		due  bool
	}{
		{"never sent", nil, true},
		{"a minute ago", at(-time.Minute), false},
		{"23 hours ago", at(-23 * time.Hour), false},
		{"24 hours ago", at(-24 * time.Hour), true},
		{"three days ago", at(-72 * time.Hour), true},
	}
	for _, c := range cases {
		due, next := CharterReminderDue(c.last, now)
		if due != c.due {
			t.Errorf("%s: due = %v, want %v", c.name, due, c.due)
		}
		if !due && !next.Equal(c.last.Add(24*time.Hour)) {
			t.Errorf("%s: next = %v, want 24 hours after the last one", c.name, next)
		}
	}
}

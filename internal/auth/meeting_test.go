package auth

import (
	"errors"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
)

var allMeetingActions = []MeetingAction{EditMeeting, CancelMeeting, ConveneMeeting, AnswerMeeting, ProposeAgendaItem, ManageAgenda,
	SeeResponses, RecordAttendance, WriteMinutes, ReadMinutes}

// TestMeetingRules walks who asks × the meeting's kind and state × every
// action: what is listed is allowed, everything else refused.
func TestMeetingRules(t *testing.T) {
	now := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
	hour := time.Hour
	at := func(start time.Duration) (time.Time, time.Time) { return now.Add(start), now.Add(start + 2*hour) }

	// Who asks, and their status in the meeting's group. Invitations
	// follow the rule of the store: every active member for a plenary or a
	// seminar, the group's non-pending members for a group meeting.
	type viewer struct {
		p           Principal
		groupStatus string
	}
	viewers := map[string]viewer{
		"pilote":      {Principal{AccountID: 1, Role: clts.RolePilote}, ""},
		"lead":        {Principal{AccountID: 2, Role: clts.RolePartenaire}, clts.StatusLead},
		"member":      {Principal{AccountID: 3, Role: clts.RolePartenaire}, clts.StatusMember},
		"outsider":    {Principal{AccountID: 4, Role: clts.RolePartenaire}, ""},
		"accompagne":  {Principal{AccountID: 5, Role: clts.RoleAccompagne}, clts.StatusMember},
		"hcts-reader": {Principal{AccountID: 6, HCTSReader: true}, ""},
	}
	meeting := func(kind, status string, start time.Duration, published bool) MeetingFacts {
		m := MeetingFacts{Kind: kind, Status: status, MinutesPublished: published, Convened: true}
		m.StartsAt, m.EndsAt = at(start)
		if kind == clts.KindSeminar {
			m.SeminarID = 9
		}
		return m
	}
	meetings := map[string]MeetingFacts{
		"plenary-future":       meeting(clts.KindPlenary, clts.MeetingPlanned, 48*hour, false),
		"plenary-started":      meeting(clts.KindPlenary, clts.MeetingPlanned, -hour, false),
		"plenary-ended":        meeting(clts.KindPlenary, clts.MeetingPlanned, -48*hour, false),
		"plenary-cancelled":    meeting(clts.KindPlenary, clts.MeetingCancelled, 48*hour, false),
		"plenary-held":         meeting(clts.KindPlenary, clts.MeetingHeld, -48*hour, true),
		"group-future":         meeting(clts.KindGroup, clts.MeetingPlanned, 48*hour, false),
		"group-held-draft":     meeting(clts.KindGroup, clts.MeetingHeld, -48*hour, false),
		"group-held-published": meeting(clts.KindGroup, clts.MeetingHeld, -48*hour, true),
		"seminar-future":       meeting(clts.KindSeminar, clts.MeetingPlanned, 48*hour, false),
		"seminar-held":         meeting(clts.KindSeminar, clts.MeetingHeld, -48*hour, true),
	}
	// Convocations kept for later, and a meeting recorded after its date,
	// never convened.
	later := func(name string) MeetingFacts {
		m := meetings[name]
		m.Convened = false
		return m
	}
	meetings["plenary-later"] = later("plenary-future")
	meetings["group-later"] = later("group-future")
	meetings["plenary-started-unconvened"] = later("plenary-started")
	meetings["plenary-recorded-after"] = later("plenary-ended")
	meetings["plenary-cancelled-unconvened"] = later("plenary-cancelled")
	const (
		edit, cancel, answer, propose, manage = EditMeeting, CancelMeeting, AnswerMeeting, ProposeAgendaItem, ManageAgenda
		see, attend, write, read              = SeeResponses, RecordAttendance, WriteMinutes, ReadMinutes
	)
	organiserBefore := []MeetingAction{edit, cancel, propose, manage, see, read}
	organiserAfter := []MeetingAction{see, attend, write, read}
	tests := []struct {
		meeting, viewer string
		allowed         []MeetingAction
	}{
		{"plenary-future", "pilote", append(organiserBefore, answer)},
		{"plenary-future", "lead", []MeetingAction{answer, propose}},
		{"plenary-future", "member", []MeetingAction{answer, propose}},
		{"plenary-future", "outsider", []MeetingAction{answer, propose}}, // every member is invited to a plenary
		{"plenary-future", "accompagne", []MeetingAction{answer, propose}},
		{"plenary-future", "hcts-reader", nil},

		// Started: the agenda is closed; the meeting may still change,
		// be answered, and have its attendance and minutes taken.
		{"plenary-started", "pilote", []MeetingAction{edit, cancel, answer, see, attend, write, read}},
		{"plenary-started", "member", []MeetingAction{answer}},
		{"plenary-started", "accompagne", []MeetingAction{answer}},
		{"plenary-started", "hcts-reader", nil},

		{"plenary-ended", "pilote", organiserAfter},
		{"plenary-ended", "member", nil},
		{"plenary-ended", "accompagne", nil},

		{"plenary-cancelled", "pilote", []MeetingAction{see, read}},
		{"plenary-cancelled", "member", nil},
		{"plenary-cancelled", "hcts-reader", nil},

		{"plenary-held", "pilote", organiserAfter},
		{"plenary-held", "lead", []MeetingAction{read}},
		{"plenary-held", "member", []MeetingAction{read}},
		{"plenary-held", "accompagne", []MeetingAction{read}},
		{"plenary-held", "hcts-reader", nil},

		// Group meetings: pilots organise without being invited; the lead
		// organises and answers.
		{"group-future", "pilote", organiserBefore},
		{"group-future", "lead", append(organiserBefore, answer)},
		{"group-future", "member", []MeetingAction{answer, propose}},
		{"group-future", "outsider", nil},
		{"group-future", "accompagne", []MeetingAction{answer, propose}},
		{"group-future", "hcts-reader", nil},

		{"group-held-draft", "pilote", organiserAfter},
		{"group-held-draft", "lead", organiserAfter},
		{"group-held-draft", "member", nil},
		{"group-held-draft", "outsider", nil},
		{"group-held-draft", "accompagne", nil},
		{"group-held-draft", "hcts-reader", nil},

		{"group-held-published", "member", []MeetingAction{read}},
		{"group-held-published", "accompagne", []MeetingAction{read}},
		{"group-held-published", "outsider", nil},
		{"group-held-published", "hcts-reader", nil},

		// A seminar's copy: the HCTS changes it and it has no agenda; the
		// committee's pilots take the attendance and the minutes.
		{"seminar-future", "pilote", []MeetingAction{answer, see, read}},
		{"seminar-future", "member", []MeetingAction{answer}},
		{"seminar-future", "accompagne", []MeetingAction{answer}},
		{"seminar-future", "hcts-reader", nil},

		{"seminar-held", "pilote", organiserAfter},

		// The convocation kept for later: its organisers send it, once,
		// before the meeting starts; never for a meeting whose date is past.
		{"plenary-later", "pilote", append(organiserBefore, answer, ConveneMeeting)},
		{"plenary-later", "member", []MeetingAction{answer, propose}},
		{"plenary-later", "hcts-reader", nil},
		{"group-later", "lead", append(organiserBefore, answer, ConveneMeeting)},
		{"group-later", "pilote", append(organiserBefore, ConveneMeeting)},
		{"group-later", "member", []MeetingAction{answer, propose}},
		{"group-later", "outsider", nil},
		{"plenary-started-unconvened", "pilote", []MeetingAction{edit, cancel, answer, see, attend, write, read}},
		{"plenary-recorded-after", "pilote", organiserAfter},
		{"plenary-cancelled-unconvened", "pilote", []MeetingAction{see, read}},
		{"seminar-held", "member", []MeetingAction{read}},
		{"seminar-held", "hcts-reader", nil},
	}
	for _, tt := range tests {
		t.Run(tt.meeting+"/"+tt.viewer, func(t *testing.T) {
			v, ok := viewers[tt.viewer]
			m, ok2 := meetings[tt.meeting]
			if !ok || !ok2 {
				t.Fatalf("unknown case %s/%s", tt.meeting, tt.viewer)
			}
			if m.Kind == clts.KindGroup {
				m.GroupStatus = v.groupStatus
				m.Invited = v.groupStatus == clts.StatusLead || v.groupStatus == clts.StatusMember
			} else {
				m.Invited = v.p.Role != ""
			}
			for _, a := range allMeetingActions {
				want := false
				for _, x := range tt.allowed {
					want = want || x == a
				}
				if got := CanMeeting(v.p, m, a, now); got != want {
					t.Errorf("%s: allowed = %v, want %v", a, got, want)
				}
			}
		})
	}
}

// TestMeetingRefusals checks that a refusal says why: who asks (403) or the
// meeting's state (409).
func TestMeetingRefusals(t *testing.T) {
	now := time.Date(2026, 3, 10, 15, 0, 0, 0, time.UTC)
	pilot := Principal{Role: clts.RolePilote}
	partner := Principal{Role: clts.RolePartenaire}
	future := MeetingFacts{Kind: clts.KindPlenary, Status: clts.MeetingPlanned, Invited: true,
		StartsAt: now.Add(24 * time.Hour), EndsAt: now.Add(26 * time.Hour)}
	over := future
	over.StartsAt, over.EndsAt = now.Add(-26*time.Hour), now.Add(-24*time.Hour)
	seminar := future
	seminar.Kind, seminar.SeminarID = clts.KindSeminar, 9
	group := future
	group.Kind, group.Invited = clts.KindGroup, false
	cancelled := future
	cancelled.Status = clts.MeetingCancelled
	future.Convened, over.Convened = true, true
	later := future
	later.Convened = false
	laterOver := over
	laterOver.Convened = false
	seminarLater := seminar
	seminarLater.Convened = false

	tests := []struct {
		name string
		p    Principal
		m    MeetingFacts
		a    MeetingAction
		want error
	}{
		{"OK", pilot, future, EditMeeting, nil},
		{"ErrNotOrganiser", partner, future, EditMeeting, ErrMeetingForbidden},
		{"ErrEditOver", pilot, over, EditMeeting, ErrMeetingClosed},
		{"ErrCancelCancelled", pilot, cancelled, CancelMeeting, ErrMeetingClosed},
		{"ErrEditSeminarCopy", pilot, seminar, EditMeeting, ErrMeetingForbidden},
		{"ErrProposeSeminarCopy", partner, seminar, ProposeAgendaItem, ErrMeetingClosed},
		{"ErrProposeNotInvited", partner, group, ProposeAgendaItem, ErrMeetingForbidden},
		{"ErrProposeAfterStart", partner, over, ProposeAgendaItem, ErrMeetingClosed},
		{"ErrManageAgendaNotOrganiser", partner, future, ManageAgenda, ErrMeetingForbidden},
		{"ErrAnswerNotInvited", partner, group, AnswerMeeting, ErrMeetingForbidden},
		{"ErrAnswerOverComesFirst", Principal{}, over, AnswerMeeting, ErrMeetingClosed},
		{"ErrAttendanceBeforeStart", pilot, future, RecordAttendance, ErrMeetingClosed},
		{"ErrMinutesNotOrganiser", partner, over, WriteMinutes, ErrMeetingForbidden},
		{"ErrMinutesCancelled", pilot, cancelled, WriteMinutes, ErrMeetingClosed},
		{"ErrDraftMinutes", partner, over, ReadMinutes, ErrMeetingForbidden},
		{"ConveneLater", pilot, later, ConveneMeeting, nil},
		{"ErrConveneTwice", pilot, future, ConveneMeeting, ErrMeetingClosed},
		{"ErrConvenePast", pilot, laterOver, ConveneMeeting, ErrMeetingClosed},
		{"ErrConveneNotOrganiser", partner, later, ConveneMeeting, ErrMeetingForbidden},
		{"ErrConveneSeminarCopy", pilot, seminarLater, ConveneMeeting, ErrMeetingForbidden},
		{"ErrUnknownAction", pilot, future, MeetingAction("delete_meeting"), ErrMeetingForbidden},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CheckMeeting(tt.p, tt.m, tt.a, now); !errors.Is(got, tt.want) {
				t.Errorf("CheckMeeting(%s) = %v, want %v", tt.a, got, tt.want)
			}
		})
	}
	if clts.ErrorCode(ErrMeetingForbidden) != clts.EFORBIDDEN || clts.ErrorCode(ErrMeetingClosed) != clts.ECONFLICT {
		t.Error("refusals do not carry the codes the HTTP layer maps to 403 and 409")
	}
}

func TestCanScheduleMeetings(t *testing.T) {
	pilot := Principal{Role: clts.RolePilote}
	partner := Principal{Role: clts.RolePartenaire}
	hcts := Principal{HCTSReader: true}
	tests := []struct {
		name     string
		p        Principal
		g        GroupFacts
		plenary  bool
		groupMtg bool
	}{
		{"Pilot", pilot, GroupFacts{}, true, true},
		{"PilotArchivedGroup", pilot, GroupFacts{Archived: true}, true, false},
		{"Lead", partner, GroupFacts{ViewerStatus: clts.StatusLead}, false, true},
		{"LeadArchivedGroup", partner, GroupFacts{ViewerStatus: clts.StatusLead, Archived: true}, false, false},
		{"Member", partner, GroupFacts{ViewerStatus: clts.StatusMember}, false, false},
		{"Pending", partner, GroupFacts{ViewerStatus: clts.StatusPending}, false, false},
		{"HCTSReaderWithoutMembership", hcts, GroupFacts{ViewerStatus: clts.StatusLead}, false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := CanSchedulePlenary(tt.p); got != tt.plenary {
				t.Errorf("CanSchedulePlenary = %v, want %v", got, tt.plenary)
			}
			if got := CanScheduleGroupMeeting(tt.p, tt.g); got != tt.groupMtg {
				t.Errorf("CanScheduleGroupMeeting = %v, want %v", got, tt.groupMtg)
			}
		})
	}
}

package auth

import (
	"time"

	"github.com/portail-clts/clts/internal/clts"
)

// MeetingFacts are what the rules about one meeting depend on: the
// meeting's kind and state, and the viewer's place in it. The store reads
// them with the meeting, in the same statement.
type MeetingFacts struct {
	Kind        string // clts.KindPlenary, KindGroup or KindSeminar
	Status      string // clts.MeetingPlanned, MeetingHeld or MeetingCancelled
	GroupStatus string // the viewer's status in the meeting's group; empty when none
	Invited     bool   // the viewer is among the invitees
	SeminarID   int64  // non-zero for the committee's copy of a national seminar
	StartsAt    time.Time
	EndsAt      time.Time
	// MinutesPublished: the minutes exist and are published.
	MinutesPublished bool
	// Convened: the convocation was sent (always for a seminar's copy).
	Convened bool
}

// MeetingAction is something done to one meeting, or seen on its page.
type MeetingAction string

// Meeting actions, decided by CheckMeeting.
const (
	EditMeeting       MeetingAction = "edit_meeting"        // change its date, place and texts
	CancelMeeting     MeetingAction = "cancel_meeting"      // cancel it, telling the invitees
	ConveneMeeting    MeetingAction = "convene_meeting"     // send the convocation kept for later, once
	AnswerMeeting     MeetingAction = "answer_meeting"      // answer the convocation, with needs to attend
	ProposeAgendaItem MeetingAction = "propose_agenda_item" // add an item (organisers) or propose one (invitees)
	ManageAgenda      MeetingAction = "manage_agenda"       // add items directly, move, accept, remove them
	SeeResponses      MeetingAction = "see_responses"       // everyone's answers and needs to attend
	RecordAttendance  MeetingAction = "record_attendance"   // who was there; marks the meeting held
	WriteMinutes      MeetingAction = "write_minutes"       // write and publish minutes with their decisions and actions
	ReadMinutes       MeetingAction = "read_minutes"        // published minutes; drafts for organisers
)

// Why a meeting action is refused. Handlers return them from their unit of
// work; the HTTP layer answers 403 for the first and 409 for the second.
var (
	// ErrMeetingForbidden: the person may not do this to this meeting,
	// whatever its state.
	ErrMeetingForbidden = clts.Errorf(clts.EFORBIDDEN, "Vous ne pouvez pas faire cela pour cette réunion.")
	// ErrMeetingClosed: the meeting's state does not allow it, yet or any
	// more (started, over, cancelled, or a seminar's copy).
	ErrMeetingClosed = clts.Errorf(clts.ECONFLICT, "Cette réunion ne le permet pas, ou plus.")
)

// CanOrganiseMeeting reports whether p organises the meeting: pilots for
// plenaries and (attendance, minutes) the committee's copies of seminars,
// pilots and the group's leads for group meetings.
func CanOrganiseMeeting(p Principal, m MeetingFacts) bool {
	switch m.Kind {
	case clts.KindPlenary, clts.KindSeminar:
		return p.Can(ManageMeetings)
	case clts.KindGroup:
		// Archived or not: a group's past meetings keep their organisers.
		return CanLeadGroup(p, GroupFacts{ViewerStatus: m.GroupStatus})
	}
	return false
}

// CanSchedulePlenary reports whether p may schedule plenaries: pilots.
func CanSchedulePlenary(p Principal) bool {
	return p.Can(ManageMeetings)
}

// CanScheduleGroupMeeting reports whether p may schedule a meeting of the
// group: those who lead it, while it is active.
func CanScheduleGroupMeeting(p Principal, g GroupFacts) bool {
	return CanLeadGroup(p, g) && !g.Archived
}

// CanMeeting reports whether p may do a to meeting m at now. Templates call
// it to show only what p may do.
func CanMeeting(p Principal, m MeetingFacts, a MeetingAction, now time.Time) bool {
	return CheckMeeting(p, m, a, now) == nil
}

// CheckMeeting returns nil when p may do a to meeting m at now, and
// otherwise why not: ErrMeetingForbidden when p may not (403), or
// ErrMeetingClosed when the meeting's state does not allow it (409). Deny by
// default: an unknown action is forbidden.
func CheckMeeting(p Principal, m MeetingFacts, a MeetingAction, now time.Time) error {
	org := CanOrganiseMeeting(p, m)
	switch a {
	case EditMeeting, CancelMeeting:
		// The HCTS changes seminars: their copies are never the committee's to change.
		return check(org && m.SeminarID == 0, m.state().Changeable(now))
	case ConveneMeeting:
		// Once, before the meeting starts: a meeting whose date is past
		// is never convened.
		return check(org && m.SeminarID == 0, m.Status == clts.MeetingPlanned && !m.Convened && now.Before(m.StartsAt))
	case AnswerMeeting:
		// The state comes first: whoever asks, a meeting over no longer
		// awaits answers.
		if !answersOpen(m, now) {
			return ErrMeetingClosed
		}
		return check(m.Invited, true)
	case ProposeAgendaItem:
		return check(org || m.Invited, agendaOpen(m, now))
	case ManageAgenda:
		return check(org, agendaOpen(m, now))
	case SeeResponses:
		return check(org, true)
	case RecordAttendance, WriteMinutes:
		return check(org, !now.Before(m.StartsAt) && m.Status != clts.MeetingCancelled)
	case ReadMinutes:
		// Drafts are the organisers'; published minutes are for the
		// invitees and the pilots.
		return check(org || (m.MinutesPublished && (m.Invited || p.Can(ManageMeetings))), true)
	}
	return ErrMeetingForbidden
}

// check turns the two halves of a rule into its answer: who may, then when.
func check(who, when bool) error {
	switch {
	case !who:
		return ErrMeetingForbidden
	case !when:
		return ErrMeetingClosed
	}
	return nil
}

// agendaOpen reports whether the agenda may still change at now: until the
// meeting starts, and never for a seminar's copy, whose programme is the
// HCTS's.
func agendaOpen(m MeetingFacts, now time.Time) bool {
	return m.SeminarID == 0 && m.state().AgendaOpen(now)
}

// answersOpen reports whether the meeting still awaits answers at now:
// planned and not over.
func answersOpen(m MeetingFacts, now time.Time) bool {
	return m.Status == clts.MeetingPlanned && now.Before(m.EndsAt)
}

// state is the meeting as the domain's state rules (clts.Meeting.AgendaOpen,
// Changeable) read it.
func (m MeetingFacts) state() clts.Meeting {
	return clts.Meeting{Kind: m.Kind, Status: m.Status, SeminarID: m.SeminarID, StartsAt: m.StartsAt, EndsAt: m.EndsAt}
}

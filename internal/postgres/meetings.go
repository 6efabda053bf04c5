package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// meetingColumns and meetingFrom read meetings with their group title, the
// viewer's answer ($1) and the answer, companion and attendance counts, in one
// statement whatever the number of meetings; the caller's WHERE names the
// committee as $2.
const meetingColumns = `mt.committee_id, mt.id, mt.kind, coalesce(mt.group_id, 0), coalesce(g.title, ''),
		coalesce(mt.seminar_id, 0), mt.title, mt.description, mt.starts_at, mt.ends_at, mt.place, mt.video_url,
		mt.accessibility, mt.status, mt.cancel_reason, mt.sequence, mt.version, mt.updated_at,
		coalesce(me.answer, ''), coalesce(c.yes, 0), coalesce(c.no, 0), coalesce(c.maybe, 0), coalesce(c.attended, 0),
		mt.convened_at, mt.outside_attendees, coalesce(c.companions, 0), NOT mt.reminders`

const meetingFrom = `FROM meetings mt
	LEFT JOIN working_groups g ON g.committee_id = mt.committee_id AND g.id = mt.group_id
	LEFT JOIN meeting_responses me ON me.committee_id = mt.committee_id AND me.meeting_id = mt.id AND me.account_id = $1
	LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE r.answer = 'oui') AS yes,
			count(*) FILTER (WHERE r.answer = 'non') AS no,
			count(*) FILTER (WHERE r.answer = 'peut_etre') AS maybe,
			count(*) FILTER (WHERE r.attended) AS attended,
			sum(r.companions) FILTER (WHERE r.answer = 'oui') AS companions
		FROM meeting_responses r WHERE r.committee_id = mt.committee_id AND r.meeting_id = mt.id) c ON true`

const meetingSelect = `SELECT ` + meetingColumns + `
	` + meetingFrom

func meetingDest(m *clts.Meeting) []any {
	return []any{&m.CommitteeID, &m.ID, &m.Kind, &m.GroupID, &m.GroupTitle, &m.SeminarID, &m.Title, &m.Description,
		&m.StartsAt, &m.EndsAt, &m.Place, &m.VideoURL, &m.Accessibility, &m.Status, &m.CancelReason, &m.Sequence,
		&m.Version, &m.UpdatedAt, &m.MyAnswer, &m.Yes, &m.No, &m.Maybe, &m.Attended, &m.ConvenedAt, &m.OutsideAttendees, &m.Companions, &m.NoReminders}
}

func scanMeeting(row pgx.Row) (clts.Meeting, error) {
	var m clts.Meeting
	err := row.Scan(meetingDest(&m)...)
	return m, err
}

func collectMeetings(rows pgx.Rows) ([]clts.Meeting, error) {
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.Meeting, error) { return scanMeeting(row) })
}

// MeetingsBetween lists the committee's meetings starting in [from, to),
// in time order (or reverse), at most limit, seen by the scope's account.
func (tx *Tx) MeetingsBetween(ctx context.Context, from, to time.Time, reverse bool, limit int) ([]clts.Meeting, error) {
	order := "mt.starts_at, mt.id"
	if reverse {
		order = "mt.starts_at DESC, mt.id DESC"
	}
	rows, err := tx.query(ctx, meetingSelect+`
		WHERE mt.committee_id = $2 AND mt.starts_at >= $3 AND mt.starts_at < $4
		ORDER BY `+order+` LIMIT $5`, tx.sc.AccountID, tx.sc.CommitteeID, from, to, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: meetings: %w", err)
	}
	out, err := collectMeetings(rows)
	if err != nil {
		return nil, fmt.Errorf("postgres: meetings: %w", err)
	}
	return out, nil
}

// GroupHasPlannedMeetings reports whether a group has meetings planned that
// are not over yet.
func (tx *Tx) GroupHasPlannedMeetings(ctx context.Context, groupID int64) (bool, error) {
	var planned bool
	err := tx.queryRow(ctx, `SELECT EXISTS (SELECT FROM meetings WHERE committee_id = $1 AND group_id = $2
		AND status = 'prevue' AND ends_at > now())`, tx.sc.CommitteeID, groupID).Scan(&planned)
	if err != nil {
		return false, fmt.Errorf("postgres: group planned meetings: %w", err)
	}
	return planned, nil
}

// GroupMeetings lists a group's meetings, newest first, seen by the scope's
// account.
func (tx *Tx) GroupMeetings(ctx context.Context, groupID int64, limit int) ([]clts.Meeting, error) {
	rows, err := tx.query(ctx, meetingSelect+`
		WHERE mt.committee_id = $2 AND mt.group_id = $3 ORDER BY mt.starts_at DESC LIMIT $4`, tx.sc.AccountID, tx.sc.CommitteeID, groupID, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: group meetings: %w", err)
	}
	out, err := collectMeetings(rows)
	if err != nil {
		return nil, fmt.Errorf("postgres: group meetings: %w", err)
	}
	return out, nil
}

// MeetingByID returns one of the committee's meetings, seen by the scope's
// account (one statement). A meeting's page and forms use MeetingPage,
// which also reads what the viewer may do there.
func (tx *Tx) MeetingByID(ctx context.Context, id int64) (*clts.Meeting, error) {
	m, err := scanMeeting(tx.queryRow(ctx, meetingSelect+` WHERE mt.committee_id = $2 AND mt.id = $3`, tx.sc.AccountID, tx.sc.CommitteeID, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Réunion introuvable.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: meeting: %w", err)
	}
	return &m, nil
}

// MeetingView is a meeting as its page and forms need it for the viewer
// (the scope's account): the meeting, the facts that decide what the viewer
// may do there, and the minutes, which the caller shows or not.
type MeetingView struct {
	Meeting clts.Meeting
	// GroupStatus is the viewer's status in the meeting's group (lead,
	// member or pending), "" when none or for a meeting of no group.
	GroupStatus string
	Invited     bool          // the viewer is among the invitees
	My          clts.Response // the viewer's own answer and needs; zero unless invited
	Minutes     clts.Minutes  // empty with version 0 when none were written
	// MinutesHTML is the minutes' HTML as stored when they were saved,
	// sanitized then (escaped plain text for minutes saved before the
	// portal stored it): pages show it as is and never render Markdown.
	MinutesHTML string
	Actions     []clts.ActionItem
	// Easy are the easy-to-read versions of the agenda and the minutes,
	// by kind (easy_read.go); the caller shows them to whoever reads the
	// original.
	Easy map[clts.EasyReadKind]*clts.EasyReadVersion
}

// meetingPageSQL is meetingSelect for one meeting ($3) with the viewer's
// ($1) group status, invitation and answer, and the minutes with their
// actions (minutesColumns, minutesJoins). A variable only because the
// invitation rule is written by inviteesOf.
var meetingPageSQL = `SELECT ` + meetingColumns + `,
		coalesce(gm.status, ''), EXISTS (` + inviteesOf("$2", "$3") + ` AND ms.account_id = $1),
		me.needs, coalesce(me.needs_note, ''), me.attended, coalesce(me.companions, 0), coalesce(me.excused, false),
		` + helperNameSQL("me.helped_by", "$2", "false", "$1") + `,
		` + minutesColumns + `,
		` + easyReadMeetingSQL + `
	` + meetingFrom + `
	LEFT JOIN group_members gm ON gm.committee_id = mt.committee_id AND gm.group_id = mt.group_id AND gm.account_id = $1
	` + minutesJoins + `
	WHERE mt.committee_id = $2 AND mt.id = $3`

// MeetingPage returns one of the committee's meetings with everything its
// page needs about the viewer (the scope's account) and its minutes, in ONE
// statement: it replaces MeetingByID, GroupStatus, IsInvited, MyResponse
// and MeetingMinutes on the meeting's page, which then needs at most two
// more statements (AgendaItems, and Responses for its organisers).
func (tx *Tx) MeetingPage(ctx context.Context, id int64) (*MeetingView, error) {
	var v MeetingView
	var my clts.Response
	var mr minutesRow
	dest := append(meetingDest(&v.Meeting), &v.GroupStatus, &v.Invited, &my.Needs, &my.NeedsNote, &my.Attended, &my.Companions, &my.Excused, &my.HelpedByName)
	var easy []byte
	err := tx.queryRow(ctx, meetingPageSQL, tx.sc.AccountID, tx.sc.CommitteeID, id).Scan(append(append(dest, mr.dest()...), &easy)...)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Réunion introuvable.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: meeting page: %w", err)
	}
	if v.Invited {
		my.AccountID, my.Answer = tx.sc.AccountID, v.Meeting.MyAnswer
		v.My = my
	}
	if v.Minutes, v.MinutesHTML, v.Actions, err = mr.result(); err != nil {
		return nil, fmt.Errorf("postgres: meeting page: %w", err)
	}
	if v.Easy, err = decodeEasyReads(easy); err != nil {
		return nil, err
	}
	return &v, nil
}

// inviteesOf selects the accounts invited to a meeting of a committee: the
// group's members for a group meeting, every active member otherwise.
// committee and meeting are placeholders ("$1"), never columns of the
// caller's query: the subquery names its own meetings mt.
func inviteesOf(committee, meeting string) string {
	return `SELECT ms.account_id FROM memberships ms JOIN meetings mt ON mt.committee_id = ms.committee_id AND mt.id = ` + meeting + `
	WHERE ms.committee_id = ` + committee + ` AND ms.active AND (mt.group_id IS NULL OR EXISTS (
		SELECT FROM group_members gm WHERE gm.committee_id = ms.committee_id AND gm.group_id = mt.group_id
		  AND gm.account_id = ms.account_id AND gm.status <> 'pending'))`
}

// inviteesSQL selects the accounts invited to meeting $2 of committee $1.
var inviteesSQL = inviteesOf("$1", "$2")

// IsInvited reports whether the account is invited to the meeting. The
// meeting's page reads the viewer's invitation with the meeting
// (MeetingPage).
func (tx *Tx) IsInvited(ctx context.Context, meetingID, accountID int64) (bool, error) {
	var ok bool
	err := tx.queryRow(ctx, `SELECT EXISTS (`+inviteesSQL+` AND ms.account_id = $3)`, tx.sc.CommitteeID, meetingID, accountID).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("postgres: invited: %w", err)
	}
	return ok, nil
}

// MeetingMail is what a meeting's event tells its invitees (tx.notify: the
// notification centre, and the e-mail of those who want it at once).
type MeetingMail struct {
	Subject string
	Body    string
	// Link is the portal path of the meeting ('' when none).
	Link string
	// Calendar, for a convocation or a change, is the meeting as the
	// e-mail's .ics part (mails.MeetingCalendar); the store sets its
	// SEQUENCE and time of change from the meeting's row as the change
	// left it.
	Calendar *CalendarPart
}

// notifyInvitees tells m to every invitee of the meeting, as an event of
// kind; a convocation, a change or a reminder names the meeting, so that
// the e-mail carries the answer links and the .ics part when m.Calendar
// is set.
func (tx *Tx) notifyInvitees(ctx context.Context, meetingID int64, kind clts.NotificationKind, m *MeetingMail) error {
	return tx.notifyInviteesWhere(ctx, meetingID, kind, m, "true")
}

// notifyInviteesWhere is notifyInvitees for the invitees whom cond (a
// condition on ms, the membership; $1 is the committee, $2 the meeting)
// selects.
func (tx *Tx) notifyInviteesWhere(ctx context.Context, meetingID int64, kind clts.NotificationKind, m *MeetingMail, cond string) error {
	if m == nil {
		return nil
	}
	n := Notice{Kind: kind, Title: m.Subject, Body: m.Body, Link: m.Link}
	if kind != clts.NotifyMinutes {
		n.MeetingID = meetingID
	}
	if m.Calendar != nil {
		part := *m.Calendar
		err := tx.queryRow(ctx, `SELECT sequence, updated_at FROM meetings WHERE committee_id = $1 AND id = $2`,
			tx.sc.CommitteeID, meetingID).Scan(&part.Event.Sequence, &part.Event.Updated)
		if err != nil {
			return fmt.Errorf("postgres: meeting notice: %w", err)
		}
		n.Calendar = &part
	}
	if _, err := tx.notify(ctx, n, inviteesSQL+` AND (`+cond+`)`, tx.sc.CommitteeID, meetingID); err != nil {
		return fmt.Errorf("postgres: meeting notice: %w", err)
	}
	return nil
}

// CreateMeetings creates one meeting, or a series, in the committee. With
// convene, each meeting that starts after now is convened: mail(m) gives
// the convocation of the meeting m (with its id and committee), told to
// its invitees as a clts.NotifyConvocation (nil: recorded as sent, no
// notice); a meeting whose date is past is never convened. Without
// convene, the organiser sends the convocations later (ConveneMeeting).
// It returns the new ids.
func (tx *Tx) CreateMeetings(ctx context.Context, ms []clts.Meeting, convene bool, mail func(clts.Meeting) *MeetingMail) ([]int64, error) {
	var ids []int64
	for _, m := range ms {
		if err := m.Validate(); err != nil {
			return nil, err
		}
		var id int64
		var convened bool
		// The journal speaks French time: the date as pilots read it.
		var when string
		err := tx.queryRow(ctx, `INSERT INTO meetings (committee_id, kind, group_id, title, description, starts_at, ends_at,
				place, video_url, accessibility, created_by, convened_at, reminders)
			VALUES ($1, $2, nullif($3, 0), $4, $5, $6, $7, $8, $9, $10, $11, CASE WHEN $12 AND $6 > now() THEN now() END, NOT $13)
			RETURNING id, convened_at IS NOT NULL, to_char(starts_at AT TIME ZONE 'Europe/Paris', 'DD/MM/YYYY à FMHH24" h "MI')`,
			tx.sc.CommitteeID, m.Kind, m.GroupID, strings.TrimSpace(m.Title), m.Description, m.StartsAt, m.EndsAt,
			m.Place, m.VideoURL, m.Accessibility, nullID(tx.sc.AccountID), convene, m.NoReminders).Scan(&id, &convened, &when)
		if err != nil {
			return nil, fmt.Errorf("postgres: create meeting: %w", mapError(err))
		}
		m.ID, m.CommitteeID = id, tx.sc.CommitteeID
		ids = append(ids, id)
		if convened {
			if err := tx.notifyInvitees(ctx, id, clts.NotifyConvocation, mail(m)); err != nil {
				return nil, err
			}
		}
		if err := tx.auditOn(ctx, "meeting.create", m.Title+" — "+when, clts.On(clts.ObjectMeeting, id)); err != nil {
			return nil, err
		}
	}
	return ids, nil
}

// ConveneMeeting sends the convocation of a meeting that the organiser
// kept for later: once, to its invitees, before it starts (a meeting whose
// date is past is never convened). The caller checks the rule
// (auth.ConveneMeeting); the statement checks the state again.
func (tx *Tx) ConveneMeeting(ctx context.Context, id int64, mail *MeetingMail) error {
	var title string
	err := tx.queryRow(ctx, `UPDATE meetings SET convened_at = now()
		WHERE committee_id = $1 AND id = $2 AND convened_at IS NULL AND seminar_id IS NULL
		  AND status = 'prevue' AND starts_at > now()
		RETURNING title`, tx.sc.CommitteeID, id).Scan(&title)
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Errorf(clts.ECONFLICT, "La convocation a déjà été envoyée, ou la réunion a commencé ou est annulée.")
	}
	if err != nil {
		return fmt.Errorf("postgres: convene meeting: %w", err)
	}
	if err := tx.notifyInvitees(ctx, id, clts.NotifyConvocation, mail); err != nil {
		return err
	}
	return tx.auditOn(ctx, "meeting.convene", title, clts.On(clts.ObjectMeeting, id))
}

// UpdateMeeting saves a meeting edited from version m.Version, raises its
// calendar sequence, and tells the invitees of the change if they were
// convened (a convocation sent later carries the meeting as it is then):
// a change of kind clts.NotifyMeetingChange. A meeting moved to another
// time will be reminded again (its reminders' marks are cleared), and the
// reminders of the old time not yet sent are withdrawn.
func (tx *Tx) UpdateMeeting(ctx context.Context, m clts.Meeting, mail *MeetingMail) error {
	if err := m.Validate(); err != nil {
		return err
	}
	var convened, moved bool
	err := tx.queryRow(ctx, `UPDATE meetings SET title = $4, description = $5, starts_at = $6, ends_at = $7, place = $8,
			video_url = $9, accessibility = $10, reminders = NOT $11,
			reminded_unanswered_at = CASE WHEN starts_at = $6 THEN reminded_unanswered_at END,
			reminded_attending_at = CASE WHEN starts_at = $6 THEN reminded_attending_at END,
			sequence = sequence + 1, version = version + 1, updated_at = now()
		FROM (SELECT starts_at AS old_start FROM meetings WHERE committee_id = $1 AND id = $2) o
		WHERE committee_id = $1 AND id = $2 AND version = $3 AND seminar_id IS NULL AND status = 'prevue'
		RETURNING convened_at IS NOT NULL, o.old_start <> $6`,
		tx.sc.CommitteeID, m.ID, m.Version, strings.TrimSpace(m.Title), m.Description, m.StartsAt, m.EndsAt, m.Place, m.VideoURL, m.Accessibility,
		m.NoReminders).Scan(&convened, &moved)
	if errors.Is(err, pgx.ErrNoRows) {
		return tx.staleOrMissing(ctx, "meetings", m.ID)
	}
	if err != nil {
		return fmt.Errorf("postgres: update meeting: %w", mapError(err))
	}
	if moved {
		if err := tx.withdrawReminders(ctx, m.ID); err != nil {
			return err
		}
	}
	if convened {
		if err := tx.notifyInvitees(ctx, m.ID, clts.NotifyMeetingChange, mail); err != nil {
			return err
		}
	}
	return tx.auditOn(ctx, "meeting.update", m.Title, clts.On(clts.ObjectMeeting, m.ID))
}

// CancelMeeting cancels a planned meeting with a reason, and tells the
// invitees if they were convened (clts.NotifyMeetingChange; mail's
// Calendar is the cancellation, METHOD:CANCEL).
func (tx *Tx) CancelMeeting(ctx context.Context, id int64, reason string, mail *MeetingMail) error {
	var title string
	var convened bool
	err := tx.queryRow(ctx, `UPDATE meetings SET status = 'annulee', cancel_reason = $3, sequence = sequence + 1,
			version = version + 1, updated_at = now()
		WHERE committee_id = $1 AND id = $2 AND status = 'prevue' AND seminar_id IS NULL RETURNING title, convened_at IS NOT NULL`,
		tx.sc.CommitteeID, id, reason).Scan(&title, &convened)
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Errorf(clts.ENOTFOUND, "Réunion introuvable ou déjà tenue ou annulée.")
	}
	if err != nil {
		return fmt.Errorf("postgres: cancel meeting: %w", err)
	}
	if err := tx.withdrawReminders(ctx, id); err != nil {
		return err
	}
	if convened {
		if err := tx.notifyInvitees(ctx, id, clts.NotifyMeetingChange, mail); err != nil {
			return err
		}
	}
	return tx.auditOn(ctx, "meeting.cancel", title, clts.On(clts.ObjectMeeting, id))
}

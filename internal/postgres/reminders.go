package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// The two reminders of a meeting (clts.NotifyReminder), each sent once.
const (
	// ReminderUnanswered goes a few days before the meeting to the
	// invitees who have not answered, with the answer links.
	ReminderUnanswered = "sans_reponse"
	// ReminderAttending goes the day before to those who said they come,
	// with the place, the video link and the accessibility information.
	ReminderAttending = "venue"
)

// When reminders leave.
const (
	// UnansweredReminderBefore: the invitees who have not answered are
	// reminded once the meeting is this close.
	UnansweredReminderBefore = 72 * time.Hour
	// AttendingReminderBefore: those who come are reminded once the
	// meeting is this close (the day before).
	AttendingReminderBefore = 24 * time.Hour
	// ReminderQuiet: no reminder to answer leaves less than this after the
	// convocation, which people have just received.
	ReminderQuiet = 24 * time.Hour
)

// Reminder is a reminder due: which one, and the meeting with its
// committee.
type Reminder struct {
	Which     string // ReminderUnanswered or ReminderAttending
	Committee clts.Committee
	Meeting   clts.Meeting
}

// claimUnansweredSQL and claimAttendingSQL are the statements that take
// the meetings of committee $1 due for each reminder at $2 ($3: how close;
// $4, for the first: the quiet time after the convocation) and mark them
// reminded, so that each reminder leaves once even with two workers (the
// second waits for the first's row locks, then finds them marked). Only convened meetings still planned, not
// started, whose organisers left reminders on; national seminars, which
// each committee copies, have none.
const (
	claimUnansweredSQL = `UPDATE meetings SET reminded_unanswered_at = $2
		WHERE committee_id = $1 AND status = 'prevue' AND reminders AND seminar_id IS NULL
		  AND convened_at IS NOT NULL AND convened_at <= $2::timestamptz - $4::interval AND reminded_unanswered_at IS NULL
		  AND starts_at > $2 AND starts_at <= $2::timestamptz + $3::interval
		RETURNING id`
	claimAttendingSQL = `UPDATE meetings SET reminded_attending_at = $2
		WHERE committee_id = $1 AND status = 'prevue' AND reminders AND seminar_id IS NULL
		  AND convened_at IS NOT NULL AND reminded_attending_at IS NULL
		  AND starts_at > $2 AND starts_at <= $2::timestamptz + $3::interval
		RETURNING id`
)

// unansweredSQL and attendingSQL select, among a meeting's invitees (a
// condition on ms, for notifyInviteesWhere), those each reminder goes to.
const (
	unansweredSQL = `NOT EXISTS (SELECT FROM meeting_responses r WHERE r.committee_id = $1 AND r.meeting_id = $2
		AND r.account_id = ms.account_id AND r.answer IS NOT NULL)`
	attendingSQL = `EXISTS (SELECT FROM meeting_responses r WHERE r.committee_id = $1 AND r.meeting_id = $2
		AND r.account_id = ms.account_id AND r.answer = 'oui')`
)

// RemindMeetings sends the reminders of the scope's committee due at now
// (the worker's clock, a parameter so that tests need none): to the
// invitees who have not answered once a meeting is UnansweredReminderBefore
// away (and its convocation at least ReminderQuiet old), to those who come
// once it is AttendingReminderBefore away. write
// gives the text of each (its Calendar, for the first, brings the answer
// links); the notices are clts.NotifyReminder naming the meeting. It
// returns how many reminders left (one per meeting and kind, whoever it
// reached). The caller's unit of work is InCommittee(committee, 0).
func (tx *Tx) RemindMeetings(ctx context.Context, now time.Time, write func(Reminder) *MeetingMail) (int, error) {
	var c clts.Committee
	if err := tx.queryRow(ctx, `SELECT id, slug, name FROM committees WHERE id = $1`, tx.sc.CommitteeID).
		Scan(&c.ID, &c.Slug, &c.Name); err != nil {
		return 0, fmt.Errorf("postgres: reminders: %w", err)
	}
	sent := 0
	for _, which := range []string{ReminderUnanswered, ReminderAttending} {
		claim, args, to := claimUnansweredSQL, []any{c.ID, now, UnansweredReminderBefore, ReminderQuiet}, unansweredSQL
		if which == ReminderAttending {
			claim, args, to = claimAttendingSQL, []any{c.ID, now, AttendingReminderBefore}, attendingSQL
		}
		rows, err := tx.query(ctx, claim, args...)
		if err != nil {
			return sent, fmt.Errorf("postgres: reminders: %w", err)
		}
		ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
		if err != nil {
			return sent, fmt.Errorf("postgres: reminders: %w", err)
		}
		for _, id := range ids {
			m, err := tx.MeetingByID(ctx, id)
			if err != nil {
				return sent, err
			}
			mail := write(Reminder{Which: which, Committee: c, Meeting: *m})
			if err := tx.notifyInviteesWhere(ctx, id, clts.NotifyReminder, mail, to); err != nil {
				return sent, err
			}
			sent++
		}
	}
	return sent, nil
}

// withdrawReminders takes back the reminders of a meeting not yet sent, when
// it is moved or cancelled: the e-mails still waiting in the outbox are
// deleted, and the reminders waiting for a digest are marked as taken, so
// that nobody is reminded of a time that no longer holds. The portal's list
// keeps them; the change's own notification follows them.
func (tx *Tx) withdrawReminders(ctx context.Context, meetingID int64) error {
	_, err := tx.exec(ctx, `WITH o AS (
			DELETE FROM outbox WHERE source_committee_id = $1 AND meeting_id = $2 AND kind = $3 AND sent_at IS NULL
		)
		UPDATE notifications SET digested_at = now()
		WHERE source_committee_id = $1 AND meeting_id = $2 AND kind = $3 AND digested_at IS NULL
		  AND delivery IN ('quotidien', 'hebdomadaire')`,
		tx.sc.CommitteeID, meetingID, string(clts.NotifyReminder))
	if err != nil {
		return fmt.Errorf("postgres: withdraw reminders: %w", err)
	}
	return nil
}

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

// meetingSelect reads meetings with their group title, the viewer's answer
// ($viewer) and the answer and attendance counts, in one statement whatever
// the number of meetings.
const meetingSelect = `SELECT mt.committee_id, mt.id, mt.kind, coalesce(mt.group_id, 0), coalesce(g.title, ''),
		coalesce(mt.seminar_id, 0), mt.title, mt.description, mt.starts_at, mt.ends_at, mt.place, mt.video_url,
		mt.accessibility, mt.status, mt.cancel_reason, mt.sequence, mt.version, mt.updated_at,
		coalesce(me.answer, ''), coalesce(c.yes, 0), coalesce(c.no, 0), coalesce(c.maybe, 0), coalesce(c.attended, 0)
	FROM meetings mt
	LEFT JOIN working_groups g ON g.committee_id = mt.committee_id AND g.id = mt.group_id
	LEFT JOIN meeting_responses me ON me.committee_id = mt.committee_id AND me.meeting_id = mt.id AND me.account_id = $1
	LEFT JOIN LATERAL (SELECT count(*) FILTER (WHERE r.answer = 'oui') AS yes,
			count(*) FILTER (WHERE r.answer = 'non') AS no,
			count(*) FILTER (WHERE r.answer = 'peut_etre') AS maybe,
			count(*) FILTER (WHERE r.attended) AS attended
		FROM meeting_responses r WHERE r.committee_id = mt.committee_id AND r.meeting_id = mt.id) c ON true`

func scanMeeting(row pgx.Row) (clts.Meeting, error) {
	var m clts.Meeting
	err := row.Scan(&m.CommitteeID, &m.ID, &m.Kind, &m.GroupID, &m.GroupTitle, &m.SeminarID, &m.Title, &m.Description,
		&m.StartsAt, &m.EndsAt, &m.Place, &m.VideoURL, &m.Accessibility, &m.Status, &m.CancelReason, &m.Sequence,
		&m.Version, &m.UpdatedAt, &m.MyAnswer, &m.Yes, &m.No, &m.Maybe, &m.Attended)
	return m, err
}

func collectMeetings(rows pgx.Rows) ([]clts.Meeting, error) {
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.Meeting, error) { return scanMeeting(row) })
}

// MeetingsBetween lists the committee's meetings starting in [from, to),
// in time order (or reverse), at most limit, seen by viewerID.
func (db *DB) MeetingsBetween(ctx context.Context, sc Scope, viewerID int64, from, to time.Time, reverse bool, limit int) ([]clts.Meeting, error) {
	order := "mt.starts_at, mt.id"
	if reverse {
		order = "mt.starts_at DESC, mt.id DESC"
	}
	var out []clts.Meeting
	err := db.inTx(ctx, sc, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, meetingSelect+`
			WHERE mt.committee_id = $2 AND mt.starts_at >= $3 AND mt.starts_at < $4
			ORDER BY `+order+` LIMIT $5`, viewerID, sc.CommitteeID, from, to, limit)
		if err != nil {
			return fmt.Errorf("postgres: meetings: %w", err)
		}
		out, err = collectMeetings(rows)
		return err
	})
	return out, err
}

// GroupHasPlannedMeetings reports whether a group has meetings planned that
// are not over yet.
func (db *DB) GroupHasPlannedMeetings(ctx context.Context, sc Scope, groupID int64) (bool, error) {
	var planned bool
	err := db.inTx(ctx, sc, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM meetings WHERE committee_id = $1 AND group_id = $2
			AND status = 'prevue' AND ends_at > now())`, sc.CommitteeID, groupID).Scan(&planned)
	})
	if err != nil {
		return false, fmt.Errorf("postgres: group planned meetings: %w", err)
	}
	return planned, nil
}

// GroupMeetings lists a group's meetings, newest first.
func (db *DB) GroupMeetings(ctx context.Context, sc Scope, viewerID, groupID int64, limit int) ([]clts.Meeting, error) {
	var out []clts.Meeting
	err := db.inTx(ctx, sc, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, meetingSelect+`
			WHERE mt.committee_id = $2 AND mt.group_id = $3 ORDER BY mt.starts_at DESC LIMIT $4`, viewerID, sc.CommitteeID, groupID, limit)
		if err != nil {
			return fmt.Errorf("postgres: group meetings: %w", err)
		}
		out, err = collectMeetings(rows)
		return err
	})
	return out, err
}

// MeetingByID returns one of the committee's meetings.
func (db *DB) MeetingByID(ctx context.Context, sc Scope, viewerID, id int64) (*clts.Meeting, error) {
	var m clts.Meeting
	err := db.inTx(ctx, sc, func(tx pgx.Tx) error {
		var err error
		m, err = scanMeeting(tx.QueryRow(ctx, meetingSelect+` WHERE mt.committee_id = $2 AND mt.id = $3`, viewerID, sc.CommitteeID, id))
		return err
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Réunion introuvable.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: meeting: %w", err)
	}
	return &m, nil
}

// inviteesSQL selects the accounts invited to meeting $2 of committee $1:
// the group's members for a group meeting, every active member otherwise.
const inviteesSQL = `SELECT ms.account_id FROM memberships ms JOIN meetings mt ON mt.committee_id = ms.committee_id AND mt.id = $2
	WHERE ms.committee_id = $1 AND ms.active AND (mt.group_id IS NULL OR EXISTS (
		SELECT FROM group_members gm WHERE gm.committee_id = ms.committee_id AND gm.group_id = mt.group_id
		  AND gm.account_id = ms.account_id AND gm.status <> 'pending'))`

// IsInvited reports whether the account is invited to the meeting.
func (db *DB) IsInvited(ctx context.Context, sc Scope, meetingID, accountID int64) (bool, error) {
	var ok bool
	err := db.inTx(ctx, sc, func(tx pgx.Tx) error {
		return tx.QueryRow(ctx, `SELECT EXISTS (`+inviteesSQL+` AND ms.account_id = $3)`, sc.CommitteeID, meetingID, accountID).Scan(&ok)
	})
	if err != nil {
		return false, fmt.Errorf("postgres: invited: %w", err)
	}
	return ok, nil
}

// MeetingMail is the text of an e-mail sent to every invitee of a meeting
// who has an address.
type MeetingMail struct {
	Subject string
	Body    string
}

// mailInvitees queues one e-mail per invitee with an address, in one
// statement.
func mailInvitees(ctx context.Context, tx pgx.Tx, committeeID, meetingID int64, m *MeetingMail) error {
	if m == nil {
		return nil
	}
	_, err := tx.Exec(ctx, `INSERT INTO outbox (to_address, subject, body)
		SELECT a.email, $3, $4 FROM accounts a WHERE a.email IS NOT NULL AND NOT a.disabled
		  AND a.id IN (`+inviteesSQL+`)`, committeeID, meetingID, m.Subject, m.Body)
	if err != nil {
		return fmt.Errorf("postgres: meeting mail: %w", err)
	}
	return nil
}

// CreateMeetings creates one meeting, or a series, in the committee and
// mails each invitation (mail(i) gives the text for the i-th meeting, with
// its id). It returns the new ids.
func (db *DB) CreateMeetings(ctx context.Context, sc Scope, ms []clts.Meeting, mail func(clts.Meeting) *MeetingMail, ip string) ([]int64, error) {
	var ids []int64
	err := db.inTx(ctx, sc, func(tx pgx.Tx) error {
		for _, m := range ms {
			if err := m.Validate(); err != nil {
				return err
			}
			var id int64
			err := tx.QueryRow(ctx, `INSERT INTO meetings (committee_id, kind, group_id, title, description, starts_at, ends_at,
					place, video_url, accessibility, created_by)
				VALUES ($1, $2, nullif($3, 0), $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
				sc.CommitteeID, m.Kind, m.GroupID, strings.TrimSpace(m.Title), m.Description, m.StartsAt, m.EndsAt,
				m.Place, m.VideoURL, m.Accessibility, nullID(sc.AccountID)).Scan(&id)
			if err != nil {
				return fmt.Errorf("postgres: create meeting: %w", mapError(err))
			}
			m.ID = id
			ids = append(ids, id)
			if err := mailInvitees(ctx, tx, sc.CommitteeID, id, mail(m)); err != nil {
				return err
			}
			// The journal speaks French time: the date as pilots read it.
			var when string
			if err := tx.QueryRow(ctx, `SELECT to_char($1::timestamptz AT TIME ZONE 'Europe/Paris', 'DD/MM/YYYY à FMHH24" h "MI')`,
				m.StartsAt).Scan(&when); err != nil {
				return fmt.Errorf("postgres: create meeting: %w", err)
			}
			if err := audit(ctx, tx, clts.AuditEntry{CommitteeID: sc.CommitteeID, ActorID: sc.AccountID, Action: "meeting.create",
				Subject: m.Title + " — " + when, IP: ip}); err != nil {
				return err
			}
		}
		return nil
	})
	return ids, err
}

// UpdateMeeting saves a meeting edited from version m.Version, raises its
// calendar sequence, and mails the change to the invitees.
func (db *DB) UpdateMeeting(ctx context.Context, sc Scope, m clts.Meeting, mail *MeetingMail, ip string) error {
	if err := m.Validate(); err != nil {
		return err
	}
	return db.inTx(ctx, sc, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE meetings SET title = $4, description = $5, starts_at = $6, ends_at = $7, place = $8,
				video_url = $9, accessibility = $10, sequence = sequence + 1, version = version + 1, updated_at = now()
			WHERE committee_id = $1 AND id = $2 AND version = $3 AND seminar_id IS NULL AND status = 'prevue'`,
			sc.CommitteeID, m.ID, m.Version, strings.TrimSpace(m.Title), m.Description, m.StartsAt, m.EndsAt, m.Place, m.VideoURL, m.Accessibility)
		if err != nil {
			return fmt.Errorf("postgres: update meeting: %w", mapError(err))
		}
		if tag.RowsAffected() == 0 {
			return staleOrMissing(ctx, tx, "meetings", sc.CommitteeID, m.ID)
		}
		if err := mailInvitees(ctx, tx, sc.CommitteeID, m.ID, mail); err != nil {
			return err
		}
		return audit(ctx, tx, clts.AuditEntry{CommitteeID: sc.CommitteeID, ActorID: sc.AccountID, Action: "meeting.update", Subject: m.Title, IP: ip})
	})
}

// CancelMeeting cancels a planned meeting with a reason, and tells the invitees.
func (db *DB) CancelMeeting(ctx context.Context, sc Scope, id int64, reason string, mail *MeetingMail, ip string) error {
	return db.inTx(ctx, sc, func(tx pgx.Tx) error {
		var title string
		err := tx.QueryRow(ctx, `UPDATE meetings SET status = 'annulee', cancel_reason = $3, sequence = sequence + 1,
				version = version + 1, updated_at = now()
			WHERE committee_id = $1 AND id = $2 AND status = 'prevue' AND seminar_id IS NULL RETURNING title`,
			sc.CommitteeID, id, reason).Scan(&title)
		if errors.Is(err, pgx.ErrNoRows) {
			return clts.Errorf(clts.ENOTFOUND, "Réunion introuvable ou déjà tenue ou annulée.")
		}
		if err != nil {
			return fmt.Errorf("postgres: cancel meeting: %w", err)
		}
		if err := mailInvitees(ctx, tx, sc.CommitteeID, id, mail); err != nil {
			return err
		}
		return audit(ctx, tx, clts.AuditEntry{CommitteeID: sc.CommitteeID, ActorID: sc.AccountID, Action: "meeting.cancel", Subject: title, IP: ip})
	})
}

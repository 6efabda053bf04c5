package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// Responses lists a meeting's invitees with their answers, needs and
// attendance, by the name the viewer (sc.AccountID) may see: a group lead
// who is not a pilot sees supported persons as the directory shows them.
// One query.
func (db *DB) Responses(ctx context.Context, sc Scope, meetingID int64, viewerIsPilot bool) ([]clts.Response, error) {
	var out []clts.Response
	err := db.inTx(ctx, sc, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT a.id, v.name, m.role, coalesce(r.answer, ''), coalesce(r.needs, '{}'),
				coalesce(r.needs_note, ''), r.attended
			FROM (`+inviteesSQL+`) inv
			JOIN memberships m ON m.committee_id = $1 AND m.account_id = inv.account_id
			JOIN accounts a ON a.id = inv.account_id
			CROSS JOIN LATERAL (SELECT `+visibleNameSQL("$3", "$4")+` AS name) v
			LEFT JOIN meeting_responses r ON r.committee_id = $1 AND r.meeting_id = $2 AND r.account_id = inv.account_id
			ORDER BY v.name COLLATE clts_fr, a.id`, sc.CommitteeID, meetingID, viewerIsPilot, sc.AccountID)
		if err != nil {
			return fmt.Errorf("postgres: responses: %w", err)
		}
		out, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.Response, error) {
			var r clts.Response
			err := row.Scan(&r.AccountID, &r.Name, &r.Role, &r.Answer, &r.Needs, &r.NeedsNote, &r.Attended)
			return r, err
		})
		return err
	})
	return out, err
}

// MyResponse returns the account's answer to a meeting (zero when none).
func (db *DB) MyResponse(ctx context.Context, sc Scope, meetingID, accountID int64) (clts.Response, error) {
	r := clts.Response{AccountID: accountID}
	err := db.inTx(ctx, sc, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `SELECT coalesce(answer, ''), needs, needs_note, attended FROM meeting_responses
			WHERE committee_id = $1 AND meeting_id = $2 AND account_id = $3`, sc.CommitteeID, meetingID, accountID).
			Scan(&r.Answer, &r.Needs, &r.NeedsNote, &r.Attended)
		if err == pgx.ErrNoRows {
			return nil
		}
		return err
	})
	if err != nil {
		return r, fmt.Errorf("postgres: my response: %w", err)
	}
	return r, nil
}

// SetResponse records an invitee's answer and needs.
func (db *DB) SetResponse(ctx context.Context, sc Scope, meetingID, accountID int64, answer string, needs []string, note, ip string) error {
	if needs == nil {
		needs = []string{}
	}
	return db.inTx(ctx, sc, func(tx pgx.Tx) error {
		var invited bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (`+inviteesSQL+` AND ms.account_id = $3)`, sc.CommitteeID, meetingID, accountID).Scan(&invited); err != nil {
			return fmt.Errorf("postgres: response: %w", err)
		}
		if !invited {
			return clts.Errorf(clts.EFORBIDDEN, "Vous n'êtes pas invité à cette réunion.")
		}
		_, err := tx.Exec(ctx, `INSERT INTO meeting_responses (committee_id, meeting_id, account_id, answer, needs, needs_note)
			VALUES ($1, $2, $3, $4, $5, $6)
			ON CONFLICT (committee_id, meeting_id, account_id) DO UPDATE
			SET answer = EXCLUDED.answer, needs = EXCLUDED.needs, needs_note = EXCLUDED.needs_note, updated_at = now()`,
			sc.CommitteeID, meetingID, accountID, answer, needs, note)
		if err != nil {
			return fmt.Errorf("postgres: response: %w", mapError(err))
		}
		return audit(ctx, tx, clts.AuditEntry{CommitteeID: sc.CommitteeID, ActorID: sc.AccountID, Action: "meeting.answer",
			Subject: fmt.Sprintf("réunion %d : %s", meetingID, clts.AnswerLabel(answer)), IP: ip})
	})
}

// RecordAttendance records who attended among the invitees (everyone else
// is marked absent), marks the meeting held and returns how many invitees
// attended (ids of people not invited count for nothing).
func (db *DB) RecordAttendance(ctx context.Context, sc Scope, meetingID int64, attended []int64, ip string) (present int, err error) {
	if attended == nil {
		attended = []int64{}
	}
	err = db.inTx(ctx, sc, func(tx pgx.Tx) error {
		var title string
		err := tx.QueryRow(ctx, `UPDATE meetings SET status = 'tenue', updated_at = now()
			WHERE committee_id = $1 AND id = $2 AND status <> 'annulee' RETURNING title`, sc.CommitteeID, meetingID).Scan(&title)
		if err == pgx.ErrNoRows {
			return clts.Errorf(clts.ENOTFOUND, "Réunion introuvable ou annulée.")
		}
		if err != nil {
			return fmt.Errorf("postgres: attendance: %w", err)
		}
		err = tx.QueryRow(ctx, `WITH saved AS (INSERT INTO meeting_responses (committee_id, meeting_id, account_id, attended)
			SELECT $1, $2, inv.account_id, inv.account_id = ANY ($3::bigint[]) FROM (`+inviteesSQL+`) inv
			ON CONFLICT (committee_id, meeting_id, account_id) DO UPDATE SET attended = EXCLUDED.attended, updated_at = now()
			RETURNING attended)
			SELECT count(*) FILTER (WHERE attended) FROM saved`,
			sc.CommitteeID, meetingID, attended).Scan(&present)
		if err != nil {
			return fmt.Errorf("postgres: attendance: %w", err)
		}
		return audit(ctx, tx, clts.AuditEntry{CommitteeID: sc.CommitteeID, ActorID: sc.AccountID, Action: "meeting.attendance",
			Subject: fmt.Sprintf("%s : %d présents", title, present), IP: ip})
	})
	return present, err
}

// AttendanceRates returns the attendance of each held meeting and of each
// active member over held meetings, in two queries.
func (db *DB) AttendanceRates(ctx context.Context, sc Scope) (meetings, members []clts.AttendanceRate, err error) {
	err = db.inTx(ctx, sc, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT mt.id, mt.title || ' — ' || to_char(mt.starts_at AT TIME ZONE 'Europe/Paris', 'DD/MM/YYYY'),
				count(r.account_id) FILTER (WHERE r.attended IS NOT NULL), count(r.account_id) FILTER (WHERE r.attended)
			FROM meetings mt LEFT JOIN meeting_responses r ON r.committee_id = mt.committee_id AND r.meeting_id = mt.id
			WHERE mt.committee_id = $1 AND mt.status = 'tenue'
			GROUP BY mt.committee_id, mt.id ORDER BY mt.starts_at DESC`, sc.CommitteeID)
		if err != nil {
			return fmt.Errorf("postgres: attendance rates: %w", err)
		}
		scan := func(row pgx.CollectableRow) (clts.AttendanceRate, error) {
			var a clts.AttendanceRate
			err := row.Scan(&a.ID, &a.Label, &a.Invited, &a.Attended)
			return a, err
		}
		if meetings, err = pgx.CollectRows(rows, scan); err != nil {
			return err
		}
		rows, err = tx.Query(ctx, `SELECT a.id, a.display_name,
				count(r.meeting_id) FILTER (WHERE r.attended IS NOT NULL AND mt.status = 'tenue'),
				count(r.meeting_id) FILTER (WHERE r.attended AND mt.status = 'tenue')
			FROM memberships ms JOIN accounts a ON a.id = ms.account_id
			LEFT JOIN meeting_responses r ON r.committee_id = ms.committee_id AND r.account_id = ms.account_id
			LEFT JOIN meetings mt ON mt.committee_id = r.committee_id AND mt.id = r.meeting_id
			WHERE ms.committee_id = $1 AND ms.active
			GROUP BY a.id ORDER BY a.display_name COLLATE clts_fr, a.id`, sc.CommitteeID)
		if err != nil {
			return fmt.Errorf("postgres: attendance rates: %w", err)
		}
		members, err = pgx.CollectRows(rows, scan)
		return err
	})
	return meetings, members, err
}

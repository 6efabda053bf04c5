package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// MeetingMinutes returns a meeting's minutes (empty with version 0 when
// none were written) and its decisions and actions.
func (db *DB) MeetingMinutes(ctx context.Context, sc Scope, meetingID int64) (clts.Minutes, []clts.ActionItem, error) {
	var m clts.Minutes
	var actions []clts.ActionItem
	err := db.inTx(ctx, sc, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `SELECT body, published_at, version, updated_at FROM minutes WHERE committee_id = $1 AND meeting_id = $2`,
			sc.CommitteeID, meetingID).Scan(&m.Body, &m.PublishedAt, &m.Version, &m.UpdatedAt)
		if err != nil && !errors.Is(err, pgx.ErrNoRows) {
			return fmt.Errorf("postgres: minutes: %w", err)
		}
		rows, err := tx.Query(ctx, `SELECT id, kind, what, who, due_on, done FROM meeting_actions
			WHERE committee_id = $1 AND meeting_id = $2 ORDER BY kind DESC, id`, sc.CommitteeID, meetingID)
		if err != nil {
			return fmt.Errorf("postgres: actions: %w", err)
		}
		actions, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.ActionItem, error) {
			var a clts.ActionItem
			err := row.Scan(&a.ID, &a.Kind, &a.What, &a.Who, &a.DueOn, &a.Done)
			return a, err
		})
		return err
	})
	return m, actions, err
}

// SaveMinutes saves the minutes edited from version (0 for new minutes),
// and publishes them when publish is true. Publishing is final: published
// minutes may still be corrected, and stay published.
func (db *DB) SaveMinutes(ctx context.Context, sc Scope, meetingID int64, body string, version int, publish bool, ip string) error {
	// Browsers send line ends as CRLF; stored as LF, and counted in
	// characters, as the message and the database say.
	body = strings.ReplaceAll(body, "\r\n", "\n")
	if utf8.RuneCountInString(body) > 100000 {
		return (clts.FieldErrors{"compte_rendu": "Le compte rendu ne doit pas dépasser 100 000 caractères."}).Err()
	}
	return db.inTx(ctx, sc, func(tx pgx.Tx) error {
		var tag interface{ RowsAffected() int64 }
		var err error
		if version == 0 {
			tag, err = tx.Exec(ctx, `INSERT INTO minutes (committee_id, meeting_id, body, published_at, updated_by)
				VALUES ($1, $2, $3, CASE WHEN $4 THEN now() END, $5) ON CONFLICT DO NOTHING`,
				sc.CommitteeID, meetingID, body, publish, nullID(sc.AccountID))
		} else {
			tag, err = tx.Exec(ctx, `UPDATE minutes SET body = $4, published_at = CASE WHEN $5 THEN coalesce(published_at, now()) ELSE published_at END,
					version = version + 1, updated_by = $6, updated_at = now()
				WHERE committee_id = $1 AND meeting_id = $2 AND version = $3`,
				sc.CommitteeID, meetingID, version, body, publish, nullID(sc.AccountID))
		}
		if err != nil {
			return fmt.Errorf("postgres: save minutes: %w", mapError(err))
		}
		if tag.RowsAffected() == 0 {
			return clts.Errorf(clts.ECONFLICT, "Quelqu'un a enregistré le compte rendu pendant que vous écriviez. Votre texte est conservé ci-dessous : comparez avec la version actuelle, puis enregistrez de nouveau.")
		}
		action := "minutes.save"
		if publish {
			action = "minutes.publish"
		}
		return audit(ctx, tx, clts.AuditEntry{CommitteeID: sc.CommitteeID, ActorID: sc.AccountID, Action: action,
			Subject: fmt.Sprintf("réunion %d", meetingID), IP: ip})
	})
}

// AddAction records a decision or an action of a meeting.
func (db *DB) AddAction(ctx context.Context, sc Scope, meetingID int64, a clts.ActionItem, ip string) error {
	fe := clts.FieldErrors{}
	if n := utf8.RuneCountInString(strings.TrimSpace(a.What)); n == 0 || n > 500 {
		fe.Add("quoi", "Décrivez la décision ou l'action (500 caractères au plus).")
	}
	if utf8.RuneCountInString(strings.TrimSpace(a.Who)) > 200 {
		fe.Add("qui", "Indiquez qui s'en charge en 200 caractères au plus.")
	}
	if a.Kind != "decision" && a.Kind != "action" {
		fe.Add("nature", "Choisissez décision ou action.")
	}
	if err := fe.Err(); err != nil {
		return err
	}
	return db.inTx(ctx, sc, func(tx pgx.Tx) error {
		var due *time.Time
		if a.DueOn != nil {
			due = a.DueOn
		}
		_, err := tx.Exec(ctx, `INSERT INTO meeting_actions (committee_id, meeting_id, kind, what, who, due_on) VALUES ($1, $2, $3, $4, $5, $6)`,
			sc.CommitteeID, meetingID, a.Kind, strings.TrimSpace(a.What), strings.TrimSpace(a.Who), due)
		if err != nil {
			return fmt.Errorf("postgres: add action: %w", mapError(err))
		}
		return audit(ctx, tx, clts.AuditEntry{CommitteeID: sc.CommitteeID, ActorID: sc.AccountID, Action: "minutes.action", Subject: a.What, IP: ip})
	})
}

// SetActionDone marks an action done or not done.
func (db *DB) SetActionDone(ctx context.Context, sc Scope, meetingID, id int64, done bool) error {
	return db.inTx(ctx, sc, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE meeting_actions SET done = $4 WHERE committee_id = $1 AND meeting_id = $2 AND id = $3`,
			sc.CommitteeID, meetingID, id, done)
		if err != nil {
			return fmt.Errorf("postgres: action done: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return clts.Errorf(clts.ENOTFOUND, "Action introuvable.")
		}
		return nil
	})
}

// DeleteAction removes a decision or an action.
func (db *DB) DeleteAction(ctx context.Context, sc Scope, meetingID, id int64) error {
	return db.inTx(ctx, sc, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `DELETE FROM meeting_actions WHERE committee_id = $1 AND meeting_id = $2 AND id = $3`, sc.CommitteeID, meetingID, id)
		if err != nil {
			return fmt.Errorf("postgres: delete action: %w", err)
		}
		if tag.RowsAffected() == 0 {
			return clts.Errorf(clts.ENOTFOUND, "Action introuvable.")
		}
		return nil
	})
}

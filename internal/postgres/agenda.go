package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// AgendaItems lists a meeting's agenda in order, then the proposals, with
// the name of who proposed each as the viewer (the scope's account) may see
// it. One statement.
func (tx *Tx) AgendaItems(ctx context.Context, meetingID int64, viewerIsPilot bool) ([]clts.AgendaItem, error) {
	rows, err := tx.query(ctx, `SELECT ai.id, ai.meeting_id, ai.position, ai.title, ai.description, ai.presenter, ai.minutes,
			ai.status = 'propose', coalesce(`+visibleNameSQL("$3", "$4")+`, ''),
			`+helperNameSQL("ai.helped_by", "$1", "$3", "$4")+`
		FROM agenda_items ai
		LEFT JOIN accounts a ON a.id = ai.proposed_by
		LEFT JOIN memberships m ON m.committee_id = ai.committee_id AND m.account_id = ai.proposed_by
		WHERE ai.committee_id = $1 AND ai.meeting_id = $2 AND ai.status <> 'refuse'
		ORDER BY ai.status DESC, ai.position, ai.id`, tx.sc.CommitteeID, meetingID, viewerIsPilot, tx.sc.AccountID)
	if err != nil {
		return nil, fmt.Errorf("postgres: agenda: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.AgendaItem, error) {
		var a clts.AgendaItem
		err := row.Scan(&a.ID, &a.MeetingID, &a.Position, &a.Title, &a.Description, &a.Presenter, &a.Minutes, &a.Proposed, &a.ProposedByName, &a.HelpedByName)
		return a, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: agenda: %w", err)
	}
	return out, nil
}

// AddAgendaItem appends an item to the agenda, or records a member's
// proposal when proposed is true; the scope's account proposes it.
func (tx *Tx) AddAgendaItem(ctx context.Context, a clts.AgendaItem, proposed bool) error {
	if err := a.Validate(); err != nil {
		return err
	}
	status := "retenu"
	if proposed {
		status = "propose"
	}
	cid := tx.sc.CommitteeID
	// Lock the meeting so two additions do not take the same position.
	var one int
	if err := tx.queryRow(ctx, `SELECT 1 FROM meetings WHERE committee_id = $1 AND id = $2 FOR UPDATE`, cid, a.MeetingID).Scan(&one); err != nil {
		if errors.Is(err, pgx.ErrNoRows) {
			return clts.Errorf(clts.ENOTFOUND, "Réunion introuvable.")
		}
		return fmt.Errorf("postgres: agenda: %w", err)
	}
	_, err := tx.exec(ctx, `INSERT INTO agenda_items (committee_id, meeting_id, position, title, description, presenter, minutes, status, proposed_by, helped_by)
		VALUES ($1, $2, (SELECT coalesce(max(position), 0) + 1 FROM agenda_items WHERE committee_id = $1 AND meeting_id = $2),
			$3, $4, $5, $6, $7, $8, $9)`,
		cid, a.MeetingID, strings.TrimSpace(a.Title), a.Description, a.Presenter, a.Minutes, status, nullID(tx.sc.AccountID), nullID(tx.helper))
	if err != nil {
		return fmt.Errorf("postgres: add agenda item: %w", mapError(err))
	}
	action := "agenda.add"
	if proposed {
		action = "agenda.propose"
	}
	return tx.auditOn(ctx, action, a.Title, clts.On(clts.ObjectMeeting, a.MeetingID))
}

// agendaItem locks an item of the meeting and returns its status and position.
func (tx *Tx) agendaItem(ctx context.Context, meetingID, id int64) (status string, position int, err error) {
	err = tx.queryRow(ctx, `SELECT status, position FROM agenda_items WHERE committee_id = $1 AND meeting_id = $2 AND id = $3 FOR UPDATE`,
		tx.sc.CommitteeID, meetingID, id).Scan(&status, &position)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", 0, clts.Errorf(clts.ENOTFOUND, "Point de l'ordre du jour introuvable.")
	}
	return status, position, err
}

// MoveAgendaItem swaps an item with its neighbour above (up) or below.
func (tx *Tx) MoveAgendaItem(ctx context.Context, meetingID, id int64, up bool) error {
	cid := tx.sc.CommitteeID
	if _, err := tx.exec(ctx, `SELECT 1 FROM meetings WHERE committee_id = $1 AND id = $2 FOR UPDATE`, cid, meetingID); err != nil {
		return fmt.Errorf("postgres: move agenda item: %w", err)
	}
	status, pos, err := tx.agendaItem(ctx, meetingID, id)
	if err != nil {
		return err
	}
	if status != "retenu" {
		// A proposal, pending or declined, has no place on the agenda.
		return clts.Errorf(clts.ENOTFOUND, "Point de l'ordre du jour introuvable.")
	}
	cmp, order := "<", "DESC"
	if !up {
		cmp, order = ">", "ASC"
	}
	var otherID int64
	var otherPos int
	err = tx.queryRow(ctx, `SELECT id, position FROM agenda_items WHERE committee_id = $1 AND meeting_id = $2
		AND status = 'retenu' AND position `+cmp+` $3 ORDER BY position `+order+` LIMIT 1`, cid, meetingID, pos).Scan(&otherID, &otherPos)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil // already first or last
	}
	if err != nil {
		return fmt.Errorf("postgres: move agenda item: %w", err)
	}
	if _, err := tx.exec(ctx, `UPDATE agenda_items SET position = CASE id WHEN $3 THEN $5::int ELSE $4::int END
		WHERE committee_id = $1 AND meeting_id = $2 AND id IN ($3, $6)`, cid, meetingID, id, pos, otherPos, otherID); err != nil {
		return fmt.Errorf("postgres: move agenda item: %w", err)
	}
	return nil
}

// AcceptProposal puts a member's proposal at the end of the agenda, and
// tells its author (notifyProposer).
func (tx *Tx) AcceptProposal(ctx context.Context, meetingID, id int64) error {
	status, _, err := tx.agendaItem(ctx, meetingID, id)
	if err != nil {
		return err
	}
	if status != "propose" {
		return clts.Errorf(clts.ENOTFOUND, "Proposition introuvable.")
	}
	var title string
	err = tx.queryRow(ctx, `UPDATE agenda_items SET status = 'retenu', decided_at = now(), decided_by = $4,
			position = (SELECT coalesce(max(position), 0) + 1 FROM agenda_items WHERE committee_id = $1 AND meeting_id = $2 AND status = 'retenu')
		WHERE committee_id = $1 AND meeting_id = $2 AND id = $3 RETURNING title`, tx.sc.CommitteeID, meetingID, id, nullID(tx.sc.AccountID)).Scan(&title)
	if err != nil {
		return fmt.Errorf("postgres: accept proposal: %w", err)
	}
	if err := tx.auditOn(ctx, "agenda.accept", title, clts.On(clts.ObjectMeeting, meetingID)); err != nil {
		return err
	}
	return tx.notifyProposer(ctx, meetingID, id, EventProposalAccepted)
}

// DeleteAgendaItem removes an item of the agenda. A proposal is not
// deleted but declined (DeclineProposal), so its author learns its fate.
func (tx *Tx) DeleteAgendaItem(ctx context.Context, meetingID, id int64) error {
	var title string
	err := tx.queryRow(ctx, `DELETE FROM agenda_items WHERE committee_id = $1 AND meeting_id = $2 AND id = $3 AND status = 'retenu'
		RETURNING title`, tx.sc.CommitteeID, meetingID, id).Scan(&title)
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Errorf(clts.ENOTFOUND, "Point de l'ordre du jour introuvable.")
	}
	if err != nil {
		return fmt.Errorf("postgres: delete agenda item: %w", err)
	}
	return tx.auditOn(ctx, "agenda.delete", title, clts.On(clts.ObjectMeeting, meetingID))
}

// AgendaItemByID returns an item of the meeting's agenda, or a proposal
// still waiting for the organiser's decision, to edit it (one statement).
func (tx *Tx) AgendaItemByID(ctx context.Context, meetingID, id int64) (clts.AgendaItem, error) {
	var a clts.AgendaItem
	err := tx.queryRow(ctx, `SELECT id, meeting_id, position, title, description, presenter, minutes, status = 'propose'
		FROM agenda_items WHERE committee_id = $1 AND meeting_id = $2 AND id = $3 AND status IN ('retenu', 'propose')`,
		tx.sc.CommitteeID, meetingID, id).Scan(&a.ID, &a.MeetingID, &a.Position, &a.Title, &a.Description, &a.Presenter, &a.Minutes, &a.Proposed)
	if errors.Is(err, pgx.ErrNoRows) {
		return a, clts.Errorf(clts.ENOTFOUND, "Point de l'ordre du jour introuvable.")
	}
	if err != nil {
		return a, fmt.Errorf("postgres: agenda item: %w", err)
	}
	return a, nil
}

// UpdateAgendaItem changes the title, description, speaker and duration of
// an item of the agenda, or of a proposal still waiting; its place and
// status stay.
func (tx *Tx) UpdateAgendaItem(ctx context.Context, a clts.AgendaItem) error {
	if err := a.Validate(); err != nil {
		return err
	}
	tag, err := tx.exec(ctx, `UPDATE agenda_items SET title = $4, description = $5, presenter = $6, minutes = $7
		WHERE committee_id = $1 AND meeting_id = $2 AND id = $3 AND status IN ('retenu', 'propose')`,
		tx.sc.CommitteeID, a.MeetingID, a.ID, strings.TrimSpace(a.Title), a.Description, strings.TrimSpace(a.Presenter), a.Minutes)
	if err != nil {
		return fmt.Errorf("postgres: update agenda item: %w", mapError(err))
	}
	if tag.RowsAffected() == 0 {
		return clts.Errorf(clts.ENOTFOUND, "Point de l'ordre du jour introuvable.")
	}
	return tx.auditOn(ctx, "agenda.update", a.Title, clts.On(clts.ObjectMeeting, a.MeetingID))
}

package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
)

// DeclineProposal declines a member's proposal for the meeting's agenda. The
// proposal is kept, declined, with who decided and when, so that its author
// sees what became of it on their home (Todo) and is told
// (notifyProposer); the meeting's agenda no longer lists it.
func (tx *Tx) DeclineProposal(ctx context.Context, meetingID, id int64) error {
	var title string
	err := tx.queryRow(ctx, `UPDATE agenda_items SET status = 'refuse', decided_at = now(), decided_by = $4
		WHERE committee_id = $1 AND meeting_id = $2 AND id = $3 AND status = 'propose' RETURNING title`,
		tx.sc.CommitteeID, meetingID, id, nullID(tx.sc.AccountID)).Scan(&title)
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Errorf(clts.ENOTFOUND, "Proposition introuvable.")
	}
	if err != nil {
		return fmt.Errorf("postgres: decline proposal: %w", err)
	}
	if err := tx.auditOn(ctx, "agenda.decline", title, clts.On(clts.ObjectMeeting, meetingID)); err != nil {
		return err
	}
	return tx.notifyProposer(ctx, meetingID, id, EventProposalDeclined)
}

// notifyProposer tells the member who proposed agenda item id of the
// meeting that it was retained (EventProposalAccepted) or not
// (EventProposalDeclined), unless they decided it themselves or left the
// committee (clts.NotifyAgenda).
func (tx *Tx) notifyProposer(ctx context.Context, meetingID, id int64, event string) error {
	n := EventNotice{Event: event}
	var proposer int64
	err := tx.queryRow(ctx, `SELECT ai.title, coalesce(ai.proposed_by, 0),
			mt.title || ', le ' || to_char(mt.starts_at AT TIME ZONE 'Europe/Paris', 'DD/MM/YYYY à FMHH24" h "MI')
		FROM agenda_items ai JOIN meetings mt ON mt.committee_id = ai.committee_id AND mt.id = ai.meeting_id
		WHERE ai.committee_id = $1 AND ai.meeting_id = $2 AND ai.id = $3`, tx.sc.CommitteeID, meetingID, id).
		Scan(&n.Title, &proposer, &n.Context)
	if err != nil {
		return fmt.Errorf("postgres: proposal notice: %w", err)
	}
	if proposer == 0 {
		return nil
	}
	return tx.notifyEvent(ctx, clts.NotifyAgenda, n, func(slug string) string { return paths.Meeting(slug, meetingID) },
		`SELECT m.account_id FROM memberships m WHERE m.committee_id = $1 AND m.account_id = $2 AND m.active AND m.account_id <> $3`,
		tx.sc.CommitteeID, proposer, tx.sc.AccountID)
}

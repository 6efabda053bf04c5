package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// DeclineProposal declines a member's proposal for the meeting's agenda. The
// proposal is kept, declined, with who decided and when, so that its author
// sees what became of it on their home (Todo); the meeting's agenda no
// longer lists it.
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
	return tx.auditOn(ctx, "agenda.decline", title, clts.On(clts.ObjectMeeting, meetingID))
}

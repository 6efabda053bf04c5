package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// The demo plays its contributions through the store's workflow steps, as
// people would, then places in their year the dates that those steps take
// from the clock: a 2019 campaign written today would otherwise read as
// written in the demo's year. No route calls these methods, and they
// write no audit entry: they describe the past, they do not act.

// BackdateCampaign sets a campaign's opening and deadline (HCTS scope):
// the demo's campaign of 2019, opened with a deadline still to come so
// that its contributions could be written, closes in 2019.
func (tx *Tx) BackdateCampaign(ctx context.Context, id int64, openedAt, deadline time.Time) error {
	tag, err := tx.exec(ctx, `UPDATE campaigns SET opened_at = $2, updated_at = $2, deadline = $3 WHERE id = $1`,
		id, openedAt, deadline)
	if err != nil {
		return fmt.Errorf("postgres: backdate campaign: %w", mapError(err))
	}
	if tag.RowsAffected() == 0 {
		return clts.Errorf(clts.ENOTFOUND, "Campagne introuvable.")
	}
	return nil
}

// BackdateContribution spreads the history of a contribution of the
// scope's committee from created, one step every step: its events keep
// their order, a transmission keeps its own date (transmitted_at), and a
// contribution not yet transmitted takes the dates of its events (the
// trigger leaves a transmitted one as it is: call this before and after
// transmitting).
func (tx *Tx) BackdateContribution(ctx context.Context, id int64, created time.Time, step time.Duration) error {
	var status string
	err := tx.queryRow(ctx, `SELECT status FROM contributions WHERE committee_id = $1 AND id = $2`, tx.sc.CommitteeID, id).Scan(&status)
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Errorf(clts.ENOTFOUND, "Contribution introuvable.")
	}
	if err != nil {
		return fmt.Errorf("postgres: backdate contribution: %w", err)
	}
	if _, err := tx.exec(ctx, `WITH ev AS (
			SELECT e.id, e.action, row_number() OVER (ORDER BY e.at, e.id) - 1 AS n, c.transmitted_at
			FROM contribution_events e JOIN contributions c ON c.committee_id = e.committee_id AND c.id = e.contribution_id
			WHERE e.committee_id = $1 AND e.contribution_id = $2)
		UPDATE contribution_events e
		SET at = CASE WHEN ev.action = 'transmit' AND ev.transmitted_at IS NOT NULL THEN ev.transmitted_at
			ELSE $3::timestamptz + ev.n * $4::interval END
		FROM ev WHERE e.committee_id = $1 AND e.id = ev.id`, tx.sc.CommitteeID, id, created, step); err != nil {
		return fmt.Errorf("postgres: backdate contribution: %w", err)
	}
	if status == clts.ContributionTransmitted {
		return nil
	}
	if _, err := tx.exec(ctx, `UPDATE contributions c SET created_at = $3,
			proposed_at = CASE WHEN c.proposed_at IS NULL THEN NULL ELSE
				(SELECT max(at) FROM contribution_events e WHERE e.committee_id = c.committee_id AND e.contribution_id = c.id AND e.action = 'propose') END,
			validated_at = CASE WHEN c.validated_at IS NULL THEN NULL ELSE
				(SELECT max(at) FROM contribution_events e WHERE e.committee_id = c.committee_id AND e.contribution_id = c.id AND e.action = 'validate') END,
			updated_at = coalesce((SELECT max(at) FROM contribution_events e WHERE e.committee_id = c.committee_id AND e.contribution_id = c.id), $3)
		WHERE c.committee_id = $1 AND c.id = $2`, tx.sc.CommitteeID, id, created); err != nil {
		return fmt.Errorf("postgres: backdate contribution: %w", mapError(err))
	}
	return nil
}

// SetHCTSPublisher grants an HCTS reader the right to publish seminars,
// news and campaigns, or takes it back: the demo's HCTS account has it.
func (tx *Tx) SetHCTSPublisher(ctx context.Context, accountID int64, on bool) error {
	tag, err := tx.exec(ctx, `UPDATE accounts SET hcts_publisher = $2 WHERE id = $1 AND hcts_reader`, accountID, on)
	if err != nil {
		return fmt.Errorf("postgres: hcts publisher: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return clts.Errorf(clts.ENOTFOUND, "Compte HCTS introuvable.")
	}
	return nil
}

// BackdateGroups dates the scope's committee's working groups created
// after created back to it: the demo's groups, written today, were formed
// when the committee began.
func (tx *Tx) BackdateGroups(ctx context.Context, created time.Time) error {
	if _, err := tx.exec(ctx, `UPDATE working_groups SET created_at = $2 WHERE committee_id = $1 AND created_at > $2`,
		tx.sc.CommitteeID, created); err != nil {
		return fmt.Errorf("postgres: backdate groups: %w", err)
	}
	return nil
}

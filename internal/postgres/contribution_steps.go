package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
)

// lockedContribution is what a workflow step reads of the contribution it
// locks: its fields, authors, campaign and whether it was corrected.
type lockedContribution struct {
	clts.Contribution
	deadline time.Time
}

// lockContribution locks a contribution of the scope's committee for the
// rest of the unit of work; ErrContributionNotFound when missing.
func (tx *Tx) lockContribution(ctx context.Context, id int64) (lockedContribution, error) {
	var c lockedContribution
	var authors []int64
	var hasNext bool
	err := tx.queryRow(ctx, `SELECT c.id, c.campaign_id, cp.year, cp.deadline, c.category, c.status, c.title, c.body, c.body_html,
			coalesce(c.group_id, 0), c.created_by, coalesce(c.previous_id, 0), c.edition, c.indicators_comment,
			c.proposed_at, c.transmitted_at, c.version,
			EXISTS (SELECT FROM contributions n WHERE n.committee_id = c.committee_id AND n.previous_id = c.id),
			array(SELECT account_id FROM contribution_authors ca WHERE ca.committee_id = c.committee_id AND ca.contribution_id = c.id ORDER BY account_id)
		FROM contributions c JOIN campaigns cp ON cp.id = c.campaign_id
		WHERE c.committee_id = $1 AND c.id = $2 FOR UPDATE OF c`, tx.sc.CommitteeID, id).Scan(
		&c.ID, &c.CampaignID, &c.CampaignYear, &c.deadline, &c.Category, &c.Status, &c.Title, &c.Body, &c.BodyHTML,
		&c.GroupID, &c.CreatedBy, &c.PreviousID, &c.Edition, &c.IndicatorsComment,
		&c.ProposedAt, &c.TransmittedAt, &c.Version, &hasNext, &authors)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, auth.ErrContributionNotFound
	}
	if err != nil {
		return c, fmt.Errorf("postgres: lock contribution: %w", err)
	}
	if hasNext {
		c.NextID = -1 // exists; its id is not needed here
	}
	for _, a := range authors {
		c.Authors = append(c.Authors, clts.ContributionAuthor{AccountID: a})
	}
	return c, nil
}

// beginContributionStep locks the contribution and checks, with the
// contribution rules (internal/auth), that the scope's account may take
// step a now: 404, 403 or 409 (with its French message) otherwise.
func (tx *Tx) beginContributionStep(ctx context.Context, id int64, a auth.ContributionAction, now time.Time) (lockedContribution, error) {
	p, err := tx.viewer(ctx)
	if err != nil {
		return lockedContribution{}, err
	}
	c, err := tx.lockContribution(ctx, id)
	if err != nil {
		return c, err
	}
	if err := auth.CheckContribution(p, auth.ContributionFactsOf(c.Contribution, !now.After(c.deadline)), a); err != nil {
		return c, err
	}
	return c, nil
}

// contributionEvent records a step in the contribution's history.
func (tx *Tx) contributionEvent(ctx context.Context, id int64, action, comment string) error {
	if _, err := tx.exec(ctx, `INSERT INTO contribution_events (committee_id, contribution_id, actor_id, action, comment)
		VALUES ($1, $2, $3, $4, $5)`, tx.sc.CommitteeID, id, tx.sc.AccountID, action, comment); err != nil {
		return fmt.Errorf("postgres: contribution event: %w", err)
	}
	return nil
}

// ProposeContribution gives a draft to the pilots (an author; EINVALID
// when it has no text yet) and mails the committee's active pilots.
func (tx *Tx) ProposeContribution(ctx context.Context, id int64) error {
	c, err := tx.beginContributionStep(ctx, id, auth.ProposeContribution, time.Now())
	if err != nil {
		return err
	}
	if err := c.ValidateForProposal(); err != nil {
		return err
	}
	// A referent proposing it with the person is recorded as helper
	// (ActingWith); a step taken alone keeps the help already recorded.
	if _, err := tx.exec(ctx, `UPDATE contributions SET status = 'proposee', proposed_at = now(), return_comment = '',
			helped_by = coalesce($3::bigint, helped_by), version = version + 1, updated_at = now()
		WHERE committee_id = $1 AND id = $2`, tx.sc.CommitteeID, id, nullID(tx.helper)); err != nil {
		return fmt.Errorf("postgres: propose contribution: %w", mapError(err))
	}
	return tx.finishContributionStep(ctx, "propose", c.Contribution, "", notifyPilots)
}

// ReturnContribution gives a proposed or validated contribution back to
// its authors as a draft, with the pilot's comment (required: EINVALID on
// field "commentaire"), and mails them the comment.
func (tx *Tx) ReturnContribution(ctx context.Context, id int64, comment string) error {
	comment = strings.TrimSpace(strings.ReplaceAll(comment, "\r\n", "\n"))
	if err := clts.ValidateContributionComment(clts.FieldContributionComment, comment); err != nil {
		return err
	}
	c, err := tx.beginContributionStep(ctx, id, auth.ReturnContribution, time.Now())
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `UPDATE contributions SET status = 'brouillon', return_comment = $3,
			validated_at = NULL, validated_by = NULL, version = version + 1, updated_at = now()
		WHERE committee_id = $1 AND id = $2`, tx.sc.CommitteeID, id, comment); err != nil {
		return fmt.Errorf("postgres: return contribution: %w", mapError(err))
	}
	return tx.finishContributionStep(ctx, "return", c.Contribution, comment, notifyAuthors)
}

// ValidateContribution validates a proposed contribution (a pilot) and
// mails its authors.
func (tx *Tx) ValidateContribution(ctx context.Context, id int64) error {
	c, err := tx.beginContributionStep(ctx, id, auth.ValidateContribution, time.Now())
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `UPDATE contributions SET status = 'validee', validated_at = now(), validated_by = $3,
			version = version + 1, updated_at = now()
		WHERE committee_id = $1 AND id = $2`, tx.sc.CommitteeID, id, tx.sc.AccountID); err != nil {
		return fmt.Errorf("postgres: validate contribution: %w", mapError(err))
	}
	return tx.finishContributionStep(ctx, "validate", c.Contribution, "", notifyAuthors)
}

// publicNameSQL is the name of account a, member m, as someone outside
// the committee's pilots and the person themself may see it (the
// directory's rule): a supported person who does not show their full name
// is published as their first name and the initial of their last, even
// when they agreed to publish it, as in the directory.
var publicNameSQL = visibleNameSQL("false", "0")

// TransmitContributions transmits validated contributions to the HCTS at
// now, all or none: each must be validated and its campaign open (the
// first refusal is returned, and nothing is written). Each gets the
// names of the authors who agreed to publish them (publicNameSQL), frozen; one of the
// participation category gets the committee's figures of its campaign's
// year, computed now; each enters the national search; its authors are
// mailed.
func (tx *Tx) TransmitContributions(ctx context.Context, ids []int64, now time.Time) error {
	ids = uniqueIDs(ids)
	if len(ids) == 0 {
		return clts.FieldErrors{"contributions": "Cochez au moins une contribution validée à transmettre."}.Err()
	}
	// Locked in id order, so that two pilots transmitting together wait
	// for each other instead of deadlocking.
	locked := make([]lockedContribution, 0, len(ids))
	for _, id := range ids {
		c, err := tx.beginContributionStep(ctx, id, auth.TransmitContribution, now)
		if err != nil {
			return err
		}
		locked = append(locked, c)
	}
	figures := map[int][]byte{} // by campaign year
	for _, c := range locked {
		var indicators []byte
		if c.Category == clts.CategoryParticipation {
			if indicators = figures[c.CampaignYear]; indicators == nil {
				ind, err := tx.ParticipationIndicators(ctx, c.CampaignYear, now)
				if err != nil {
					return err
				}
				if indicators, err = json.Marshal(ind); err != nil {
					return fmt.Errorf("postgres: indicators: %w", err)
				}
				figures[c.CampaignYear] = indicators
			}
		}
		if _, err := tx.exec(ctx, `UPDATE contributions c SET status = 'transmise', transmitted_at = $3, transmitted_by = $4,
				indicators = $5::jsonb, version = version + 1, updated_at = now(),
				public_authors = coalesce((SELECT string_agg(`+publicNameSQL+`, ', ' ORDER BY `+publicNameSQL+` COLLATE clts_fr)
					FROM contribution_authors ca JOIN accounts a ON a.id = ca.account_id
					JOIN memberships m ON m.committee_id = ca.committee_id AND m.account_id = ca.account_id
					WHERE ca.committee_id = c.committee_id AND ca.contribution_id = c.id AND ca.publish_name), '')
			WHERE c.committee_id = $1 AND c.id = $2`, tx.sc.CommitteeID, c.ID, now, tx.sc.AccountID, indicators); err != nil {
			return fmt.Errorf("postgres: transmit contribution: %w", mapError(err))
		}
		if _, err := tx.exec(ctx, `INSERT INTO contribution_national_search (committee_id, contribution_id, search, transmitted_at, campaign_id, category)
			SELECT committee_id, id, search, transmitted_at, campaign_id, category FROM contributions WHERE committee_id = $1 AND id = $2`,
			tx.sc.CommitteeID, c.ID); err != nil {
			return fmt.Errorf("postgres: transmit contribution: %w", mapError(err))
		}
		if err := tx.finishContributionStep(ctx, "transmit", c.Contribution, "", notifyAuthors); err != nil {
			return err
		}
	}
	return nil
}

// CorrectContribution starts the correction of a transmitted contribution
// (a pilot or an author, while the campaign is open, once): a new draft,
// the next edition, linked to it, with its title, text, category, group,
// authors (the person correcting among them) and practices. It returns
// the new contribution's id; the transmitted one stays as it was.
func (tx *Tx) CorrectContribution(ctx context.Context, id int64) (int64, error) {
	old, err := tx.beginContributionStep(ctx, id, auth.CorrectContribution, time.Now())
	if err != nil {
		return 0, err
	}
	var newID int64
	err = tx.queryRow(ctx, `INSERT INTO contributions (committee_id, campaign_id, category, title, body, body_html, group_id,
			created_by, previous_id, edition, indicators_comment)
		SELECT committee_id, campaign_id, category, title, body, body_html, group_id, $3, id, edition + 1, indicators_comment
		FROM contributions WHERE committee_id = $1 AND id = $2
		RETURNING id`, tx.sc.CommitteeID, id, tx.sc.AccountID).Scan(&newID)
	if err != nil {
		if clts.ErrorCode(mapError(err)) == clts.ECONFLICT {
			return 0, auth.ErrAlreadyCorrected
		}
		return 0, fmt.Errorf("postgres: correct contribution: %w", mapError(err))
	}
	authors := make([]int64, 0, len(old.Authors)+1)
	for _, a := range old.Authors {
		authors = append(authors, a.AccountID)
	}
	if !slices.Contains(authors, tx.sc.AccountID) {
		authors = append(authors, tx.sc.AccountID)
	}
	// The authors of the correction are those of the transmitted text who
	// are still active members, and the person correcting.
	if _, err := tx.exec(ctx, `INSERT INTO contribution_authors (committee_id, contribution_id, account_id, publish_name)
		SELECT $1, $2, m.account_id, coalesce(ca.publish_name, false)
		FROM memberships m
		LEFT JOIN contribution_authors ca ON ca.committee_id = m.committee_id AND ca.contribution_id = $3 AND ca.account_id = m.account_id
		WHERE m.committee_id = $1 AND m.active AND m.account_id = ANY ($4)`, tx.sc.CommitteeID, newID, id, authors); err != nil {
		return 0, fmt.Errorf("postgres: correct contribution: %w", mapError(err))
	}
	if _, err := tx.exec(ctx, `INSERT INTO contribution_practices (committee_id, contribution_id, practice_id)
		SELECT committee_id, $3, practice_id FROM contribution_practices WHERE committee_id = $1 AND contribution_id = $2`,
		tx.sc.CommitteeID, id, newID); err != nil {
		return 0, fmt.Errorf("postgres: correct contribution: %w", mapError(err))
	}
	n := old.Contribution
	n.ID, n.Edition = newID, old.Edition+1
	return newID, tx.finishContributionStep(ctx, "correct", n, "", notifyAuthors)
}

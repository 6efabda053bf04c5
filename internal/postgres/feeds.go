package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// SetCalendarToken stores the hash of the scope's account's calendar feed
// secret, replacing the previous one, which stops working.
func (tx *Tx) SetCalendarToken(ctx context.Context, hash []byte) error {
	_, err := tx.exec(ctx, `UPDATE accounts SET calendar_token_hash = $2 WHERE id = $1`, tx.sc.AccountID, hash)
	if err != nil {
		return fmt.Errorf("postgres: calendar token: %w", err)
	}
	return nil
}

// CalendarOwner finds the active account whose feed secret hashes to hash
// and makes it the unit of work's account, for the feed read next in the
// same transaction (a feed is served outside any session). The statement
// sets the setting in its select list, which PostgreSQL evaluates for the
// row found only. A missing, wrong or old secret is ENOTFOUND.
func (tx *Tx) CalendarOwner(ctx context.Context, hash []byte) (*clts.Account, error) {
	var set string
	acc, err := scanAccount(tx.queryRow(ctx, `SELECT `+accountColumns+`, set_config('clts.account_id', id::text, true)
		FROM accounts WHERE calendar_token_hash = $1 AND NOT disabled`, hash), &set)
	if err != nil {
		return nil, err
	}
	tx.sc.AccountID = acc.ID
	return acc, nil
}

// EnterCommittee makes the committee of slug the unit of work's committee
// when the scope's account is an active member there, in one statement
// (the setting is made in the select list of the membership found), and
// returns the membership. Otherwise it is ENOTFOUND and the scope stays as
// it was.
func (tx *Tx) EnterCommittee(ctx context.Context, slug string) (*clts.Membership, error) {
	m := clts.Membership{AccountID: tx.sc.AccountID}
	var set string
	err := tx.queryRow(ctx, `SELECT c.id, c.slug, c.name, c.departements, m.role, m.active,
			set_config('clts.committee_id', c.id::text, true)
		FROM committees c JOIN memberships m ON m.committee_id = c.id AND m.account_id = $1 AND m.active
		WHERE c.slug = $2`, tx.sc.AccountID, slug).
		Scan(&m.Committee.ID, &m.Committee.Slug, &m.Committee.Name, &m.Committee.Departements, &m.Role, &m.Active, &set)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Vous n'êtes pas membre de ce comité.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: enter committee: %w", err)
	}
	tx.sc.CommitteeID = m.Committee.ID
	return &m, nil
}

// FeedMeeting is a meeting in a calendar feed, with its committee.
type FeedMeeting struct {
	clts.Meeting
	CommitteeSlug string
	CommitteeName string
}

// PersonalFeed returns, in one query, the meetings of every committee the
// scope's account is an active member of from since on: plenaries and
// seminars, and the meetings of the groups it belongs to. A seminar appears
// once, whatever the number of committees. It runs in the feed owner's
// scope outside any committee (Scope{AccountID: owner}): the policies that
// show a person their own calendar apply only there.
func (tx *Tx) PersonalFeed(ctx context.Context, since time.Time, limit int) ([]FeedMeeting, error) {
	rows, err := tx.query(ctx, `SELECT * FROM (
			SELECT DISTINCT ON (coalesce('s' || mt.seminar_id, 'm' || mt.committee_id || '-' || mt.id))
				mt.committee_id, mt.id, mt.kind, coalesce(mt.group_id, 0), coalesce(mt.seminar_id, 0), mt.title, mt.description,
				mt.starts_at, mt.ends_at, mt.place, mt.video_url, mt.accessibility, mt.status, mt.cancel_reason,
				mt.sequence, mt.updated_at, c.slug, c.name
			FROM meetings mt JOIN committees c ON c.id = mt.committee_id
			WHERE mt.starts_at >= $2
			  AND (mt.group_id IS NULL OR EXISTS (SELECT FROM group_members gm WHERE gm.committee_id = mt.committee_id
			       AND gm.group_id = mt.group_id AND gm.account_id = $1 AND gm.status <> 'pending'))
			ORDER BY coalesce('s' || mt.seminar_id, 'm' || mt.committee_id || '-' || mt.id), mt.committee_id) f
		ORDER BY starts_at LIMIT $3`, tx.sc.AccountID, since, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: personal feed: %w", err)
	}
	return pgx.CollectRows(rows, scanFeed)
}

func scanFeed(row pgx.CollectableRow) (FeedMeeting, error) {
	var f FeedMeeting
	err := row.Scan(&f.CommitteeID, &f.ID, &f.Kind, &f.GroupID, &f.SeminarID, &f.Title, &f.Description, &f.StartsAt, &f.EndsAt,
		&f.Place, &f.VideoURL, &f.Accessibility, &f.Status, &f.CancelReason, &f.Sequence, &f.UpdatedAt, &f.CommitteeSlug, &f.CommitteeName)
	return f, err
}

// CommitteeFeed returns the committee's meetings from since on, in one query.
func (tx *Tx) CommitteeFeed(ctx context.Context, since time.Time, limit int) ([]FeedMeeting, error) {
	rows, err := tx.query(ctx, `SELECT mt.committee_id, mt.id, mt.kind, coalesce(mt.group_id, 0), coalesce(mt.seminar_id, 0), mt.title,
			mt.description, mt.starts_at, mt.ends_at, mt.place, mt.video_url, mt.accessibility, mt.status, mt.cancel_reason,
			mt.sequence, mt.updated_at, c.slug, c.name
		FROM meetings mt JOIN committees c ON c.id = mt.committee_id
		WHERE mt.committee_id = $1 AND mt.starts_at >= $2 ORDER BY mt.starts_at LIMIT $3`, tx.sc.CommitteeID, since, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: committee feed: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanFeed)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	return out, err
}

// HasCalendarToken reports whether the scope's account has a feed secret.
func (tx *Tx) HasCalendarToken(ctx context.Context) (bool, error) {
	var ok bool
	err := tx.queryRow(ctx, `SELECT calendar_token_hash IS NOT NULL FROM accounts WHERE id = $1`, tx.sc.AccountID).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("postgres: calendar token: %w", err)
	}
	return ok, nil
}

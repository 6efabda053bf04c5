package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// The notification centre: the scope's account's own notifications. The
// table is national (no row-level security): every statement names the
// account of the scope, and nobody else's row is ever read or changed.

// Notifications returns a page of the scope's account's notifications,
// newest first, with the name and slug of their committee, and how many
// it has in all, in one statement.
func (tx *Tx) Notifications(ctx context.Context, limit, offset int) ([]clts.Notification, int, error) {
	rows, err := tx.query(ctx, `WITH t AS (SELECT count(*) AS total FROM notifications WHERE account_id = $1)
		SELECT t.total, n.id, n.committee_id, n.name, n.slug, n.kind, n.title, n.link, n.delivery, n.created_at, n.read_at
		FROM t LEFT JOIN LATERAL (
			SELECT n.id, coalesce(n.source_committee_id, 0) AS committee_id, coalesce(c.name, '') AS name, coalesce(c.slug, '') AS slug,
				n.kind, n.title, n.link, n.delivery, n.created_at, n.read_at
			FROM notifications n LEFT JOIN committees c ON c.id = n.source_committee_id
			WHERE n.account_id = $1
			ORDER BY n.created_at DESC, n.id DESC LIMIT $2 OFFSET $3
		) n ON true
		ORDER BY n.created_at DESC, n.id DESC`, tx.sc.AccountID, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: notifications: %w", err)
	}
	defer rows.Close()
	var (
		out   []clts.Notification
		total int
	)
	for rows.Next() {
		var (
			id, committee         *int64
			name, slug, kind      *string
			title, link, delivery *string
			created               *time.Time
			n                     clts.Notification
		)
		if err := rows.Scan(&total, &id, &committee, &name, &slug, &kind, &title, &link, &delivery, &created, &n.ReadAt); err != nil {
			return nil, 0, fmt.Errorf("postgres: notifications: %w", err)
		}
		if id == nil {
			continue // the page is past the end
		}
		n.ID, n.CommitteeID, n.CommitteeName, n.CommitteeSlug = *id, *committee, *name, *slug
		n.Kind, n.Title, n.Link, n.Delivery = clts.NotificationKind(*kind), *title, *link, clts.Delivery(*delivery)
		n.CreatedAt = *created
		out = append(out, n)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, fmt.Errorf("postgres: notifications: %w", err)
	}
	return out, total, nil
}

// UnreadNotifications counts the scope's account's unread notifications
// (the header reads it with the session: FindSession).
func (tx *Tx) UnreadNotifications(ctx context.Context) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT count(*) FROM notifications WHERE account_id = $1 AND read_at IS NULL`, tx.sc.AccountID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("postgres: unread notifications: %w", err)
	}
	return n, nil
}

// MarkNotificationRead marks one of the scope's account's notifications
// read (it stays read if it was). Another person's notification, or none,
// is ENOTFOUND.
func (tx *Tx) MarkNotificationRead(ctx context.Context, id int64) error {
	var ok bool
	err := tx.queryRow(ctx, `UPDATE notifications SET read_at = coalesce(read_at, now())
		WHERE id = $1 AND account_id = $2 RETURNING true`, id, tx.sc.AccountID).Scan(&ok)
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Errorf(clts.ENOTFOUND, "Notification introuvable.")
	}
	if err != nil {
		return fmt.Errorf("postgres: mark notification read: %w", err)
	}
	return nil
}

// MarkAllNotificationsRead marks every unread notification of the scope's
// account read and returns how many there were.
func (tx *Tx) MarkAllNotificationsRead(ctx context.Context) (int, error) {
	tag, err := tx.exec(ctx, `UPDATE notifications SET read_at = now() WHERE account_id = $1 AND read_at IS NULL`, tx.sc.AccountID)
	if err != nil {
		return 0, fmt.Errorf("postgres: mark all notifications read: %w", err)
	}
	return int(tag.RowsAffected()), nil
}

// PastNotice is an event the demo tells as already past: it writes the
// notification centre's rows only, dated, some read, as if the e-mails
// had left and the digests had gathered them then.
type PastNotice struct {
	Kind        clts.NotificationKind
	Title, Link string
	CommitteeID int64 // 0 for a national event
	AccountIDs  []int64
	ReadBy      []int64 // those among them who have read it
	CreatedAt   time.Time
}

// RecordPastNotice writes the rows of a past event for each of its
// accounts, each with the delivery of their preference for its kind (as
// tx.notify does), queueing no e-mail: the demo describes the past. An
// account that has a notification of that kind and title already gets
// none, so that loading the demo twice changes nothing. No route calls it.
func (tx *Tx) RecordPastNotice(ctx context.Context, n PastNotice) error {
	if _, ok := clts.NotificationKindFor(n.Kind); !ok {
		return fmt.Errorf("postgres: past notice: unknown kind %q", n.Kind)
	}
	readBy := n.ReadBy
	if readBy == nil {
		readBy = []int64{}
	}
	_, err := tx.exec(ctx, `INSERT INTO notifications (account_id, source_committee_id, kind, title, link, delivery, created_at, read_at, digested_at)
		SELECT a.id, nullif($2::bigint, 0), $3, $4, $5, d.delivery, $7,
			CASE WHEN a.id = ANY ($8::bigint[]) THEN $7::timestamptz END,
			CASE WHEN d.delivery IN ('quotidien', 'hebdomadaire') THEN $7::timestamptz END
		FROM accounts a
		LEFT JOIN notification_preferences pr ON pr.account_id = a.id AND pr.kind = $3
		CROSS JOIN LATERAL (SELECT coalesce(pr.delivery, $6) AS delivery) d
		WHERE a.id = ANY ($1::bigint[]) AND NOT a.disabled
		  AND NOT EXISTS (SELECT FROM notifications x WHERE x.account_id = a.id AND x.kind = $3 AND x.title = $4)
		ORDER BY a.id`,
		n.AccountIDs, n.CommitteeID, string(n.Kind), n.Title, n.Link, string(clts.DefaultDelivery(n.Kind)), n.CreatedAt, readBy)
	if err != nil {
		return fmt.Errorf("postgres: past notice: %w", err)
	}
	return nil
}

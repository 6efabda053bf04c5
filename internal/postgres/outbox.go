package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// Mail is an e-mail to send.
type Mail struct {
	To      string
	Subject string
	Body    string
	// A notification's e-mail (tx.notify) also names its recipient, its
	// kind and its notification, and for a meeting the meeting and the
	// calendar part; a transactional e-mail (an invitation, a password
	// reset) has none of them.
	AccountID      int64
	Kind           clts.NotificationKind
	NotificationID int64
	CommitteeID    int64
	MeetingID      int64
	Calendar       *CalendarPart
}

// OutboxMail is a queued e-mail.
type OutboxMail struct {
	ID        int64
	Mail      Mail
	CreatedAt time.Time
	SentAt    *time.Time
	Attempts  int
	LastError string
	// NextAttemptAt is when a failed e-mail is tried again.
	NextAttemptAt time.Time
}

// Delivery schedule: a failed e-mail waits 1, 2, 4… minutes, then an hour
// between attempts; after MaxMailAttempts (about three days of failures) it
// is given up, until the operator asks for a new try.
const (
	MaxMailAttempts = 78
	maxMailDelay    = time.Hour
	// mailLease is how long a claimed e-mail is left to the instance
	// sending it; if that instance dies, another one takes it afterwards.
	mailLease = 15 * time.Minute
)

// GivenUp reports whether delivery stopped after MaxMailAttempts failures.
func (m OutboxMail) GivenUp() bool { return m.SentAt == nil && m.Attempts >= MaxMailAttempts }

func (tx *Tx) enqueueMail(ctx context.Context, m Mail) error {
	if _, err := tx.exec(ctx, `INSERT INTO outbox (to_address, subject, body) VALUES ($1, $2, $3)`, m.To, m.Subject, m.Body); err != nil {
		return fmt.Errorf("postgres: enqueue mail: %w", err)
	}
	return nil
}

// EnqueueMail queues an e-mail on its own.
func (tx *Tx) EnqueueMail(ctx context.Context, m Mail) error {
	return tx.enqueueMail(ctx, m)
}

// Outbox lists the newest e-mails, for the operator's page.
func (tx *Tx) Outbox(ctx context.Context, limit int) ([]OutboxMail, error) {
	rows, err := tx.query(ctx, `SELECT id, to_address, subject, body, created_at, sent_at, attempts, coalesce(last_error, ''), next_attempt_at,
			coalesce(account_id, 0), coalesce(kind, ''), coalesce(notification_id, 0), coalesce(source_committee_id, 0), coalesce(meeting_id, 0), calendar
		FROM outbox ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: outbox: %w", err)
	}
	return pgx.CollectRows(rows, scanOutbox)
}

// OutboxAfter lists e-mails queued after id, oldest first (make run prints
// them in its log).
func (tx *Tx) OutboxAfter(ctx context.Context, id int64) ([]OutboxMail, error) {
	rows, err := tx.query(ctx, `SELECT id, to_address, subject, body, created_at, sent_at, attempts, coalesce(last_error, ''), next_attempt_at,
			coalesce(account_id, 0), coalesce(kind, ''), coalesce(notification_id, 0), coalesce(source_committee_id, 0), coalesce(meeting_id, 0), calendar
		FROM outbox WHERE id > $1 ORDER BY id LIMIT 100`, id)
	if err != nil {
		return nil, fmt.Errorf("postgres: outbox: %w", err)
	}
	return pgx.CollectRows(rows, scanOutbox)
}

func scanOutbox(row pgx.CollectableRow) (OutboxMail, error) {
	var m OutboxMail
	var kind string
	err := row.Scan(&m.ID, &m.Mail.To, &m.Mail.Subject, &m.Mail.Body, &m.CreatedAt, &m.SentAt, &m.Attempts, &m.LastError, &m.NextAttemptAt,
		&m.Mail.AccountID, &kind, &m.Mail.NotificationID, &m.Mail.CommitteeID, &m.Mail.MeetingID, &m.Mail.Calendar)
	m.Mail.Kind = clts.NotificationKind(kind)
	return m, err
}

// Delivery counts what one DeliverPending call did.
type Delivery struct {
	Sent, Failed, GivenUp int
}

// DeliverPending claims up to limit unsent e-mails that are due and calls
// send for each, outside any transaction, so that what a relay accepted is
// recorded at once and never sent again because a later one failed. The
// claim is one statement: it skips e-mails another instance holds (FOR
// UPDATE SKIP LOCKED) and leases them for mailLease. A success marks the
// e-mail sent and erases its body (it may hold a single-use link nobody else
// should read); a failure records the error and schedules the next attempt.
// When ctx ends, the e-mails not yet tried are released. The claim and each
// outcome are short units of work of their own (the worker has no request
// to share one with).
func (db *DB) DeliverPending(ctx context.Context, limit int, send func(context.Context, OutboxMail) error) (Delivery, error) {
	var d Delivery
	mails, err := db.claimMail(ctx, limit)
	if err != nil {
		return d, err
	}
	// The outcome of a delivery is recorded even when ctx ends meanwhile.
	record := context.WithoutCancel(ctx)
	for i, m := range mails {
		if ctx.Err() != nil {
			ids := make([]int64, 0, len(mails)-i)
			for _, left := range mails[i:] {
				ids = append(ids, left.ID)
			}
			return d, db.outboxUpdate(record, "postgres: release mail", `UPDATE outbox SET next_attempt_at = now() WHERE id = ANY($1)`, ids)
		}
		if sendErr := send(ctx, m); sendErr != nil {
			if err := db.outboxUpdate(record, "postgres: mail failure", `UPDATE outbox SET attempts = attempts + 1, last_error = $2,
				next_attempt_at = now() + least(interval '1 minute' * power(2, least(attempts, 10)), $3::interval)
				WHERE id = $1`, m.ID, sendErr.Error(), maxMailDelay); err != nil {
				return d, err
			}
			d.Failed++
			if m.Attempts+1 >= MaxMailAttempts {
				d.GivenUp++
			}
			continue
		}
		if err := db.outboxUpdate(record, "postgres: mail sent", `UPDATE outbox SET attempts = attempts + 1, sent_at = now(), last_error = NULL, body = ''
			WHERE id = $1`, m.ID); err != nil {
			return d, err
		}
		d.Sent++
	}
	return d, nil
}

// claimMail leases up to limit due e-mails in one short transaction of its
// own, committed before any is sent.
func (db *DB) claimMail(ctx context.Context, limit int) ([]OutboxMail, error) {
	var mails []OutboxMail
	err := db.Write(ctx, Scope{}, func(tx *Tx) error {
		rows, err := tx.query(ctx, `UPDATE outbox SET next_attempt_at = now() + $3::interval
			WHERE id IN (SELECT id FROM outbox
				WHERE sent_at IS NULL AND attempts < $2 AND next_attempt_at <= now()
				ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
			RETURNING id, to_address, subject, body, created_at, sent_at, attempts, coalesce(last_error, ''), next_attempt_at,
			coalesce(account_id, 0), coalesce(kind, ''), coalesce(notification_id, 0), coalesce(source_committee_id, 0), coalesce(meeting_id, 0), calendar`,
			limit, MaxMailAttempts, mailLease)
		if err != nil {
			return err
		}
		mails, err = pgx.CollectRows(rows, scanOutbox)
		return err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: claim mail: %w", err)
	}
	return mails, nil
}

// outboxUpdate records one outcome of a delivery in a short transaction of
// its own, so that it holds whatever happens to the next e-mail.
func (db *DB) outboxUpdate(ctx context.Context, what, sql string, args ...any) error {
	err := db.Write(ctx, Scope{}, func(tx *Tx) error {
		_, err := tx.exec(ctx, sql, args...)
		return err
	})
	if err != nil {
		return fmt.Errorf("%s: %w", what, err)
	}
	return nil
}

// RetryMail puts an e-mail that was given up back in the queue, at once
// and with a fresh schedule, and records who asked (the scope's account, on
// the operator's page). It reports false when the e-mail does not exist or
// was sent.
func (tx *Tx) RetryMail(ctx context.Context, id int64) (bool, error) {
	var to string
	err := tx.queryRow(ctx, `UPDATE outbox SET attempts = 0, next_attempt_at = now()
		WHERE id = $1 AND sent_at IS NULL RETURNING to_address`, id).Scan(&to)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("postgres: retry mail: %w", err)
	}
	err = tx.auditEntry(ctx, clts.AuditEntry{ActorID: tx.sc.AccountID, Action: "mail.retry",
		Subject: fmt.Sprintf("courriel n° %d à %s", id, to)})
	return err == nil, err
}

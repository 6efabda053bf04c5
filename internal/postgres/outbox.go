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

func enqueueMail(ctx context.Context, tx pgx.Tx, m Mail) error {
	if _, err := tx.Exec(ctx, `INSERT INTO outbox (to_address, subject, body) VALUES ($1, $2, $3)`, m.To, m.Subject, m.Body); err != nil {
		return fmt.Errorf("postgres: enqueue mail: %w", err)
	}
	return nil
}

// EnqueueMail queues an e-mail on its own.
func (db *DB) EnqueueMail(ctx context.Context, m Mail) error {
	return db.inTx(ctx, Scope{}, func(tx pgx.Tx) error { return enqueueMail(ctx, tx, m) })
}

// Outbox lists the newest e-mails, for the operator's page.
func (db *DB) Outbox(ctx context.Context, limit int) ([]OutboxMail, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, to_address, subject, body, created_at, sent_at, attempts, coalesce(last_error, ''), next_attempt_at
		FROM outbox ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: outbox: %w", err)
	}
	return pgx.CollectRows(rows, scanOutbox)
}

// OutboxAfter lists e-mails queued after id, oldest first (make run prints
// them in its log).
func (db *DB) OutboxAfter(ctx context.Context, id int64) ([]OutboxMail, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, to_address, subject, body, created_at, sent_at, attempts, coalesce(last_error, ''), next_attempt_at
		FROM outbox WHERE id > $1 ORDER BY id LIMIT 100`, id)
	if err != nil {
		return nil, fmt.Errorf("postgres: outbox: %w", err)
	}
	return pgx.CollectRows(rows, scanOutbox)
}

func scanOutbox(row pgx.CollectableRow) (OutboxMail, error) {
	var m OutboxMail
	err := row.Scan(&m.ID, &m.Mail.To, &m.Mail.Subject, &m.Mail.Body, &m.CreatedAt, &m.SentAt, &m.Attempts, &m.LastError, &m.NextAttemptAt)
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
// When ctx ends, the e-mails not yet tried are released.
func (db *DB) DeliverPending(ctx context.Context, limit int, send func(context.Context, Mail) error) (Delivery, error) {
	var d Delivery
	rows, err := db.pool.Query(ctx, `UPDATE outbox SET next_attempt_at = now() + $3::interval
		WHERE id IN (SELECT id FROM outbox
			WHERE sent_at IS NULL AND attempts < $2 AND next_attempt_at <= now()
			ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED)
		RETURNING id, to_address, subject, body, created_at, sent_at, attempts, coalesce(last_error, ''), next_attempt_at`,
		limit, MaxMailAttempts, mailLease)
	if err != nil {
		return d, fmt.Errorf("postgres: claim mail: %w", err)
	}
	mails, err := pgx.CollectRows(rows, scanOutbox)
	if err != nil {
		return d, fmt.Errorf("postgres: claim mail: %w", err)
	}
	// The outcome of a delivery is recorded even when ctx ends meanwhile.
	record := context.WithoutCancel(ctx)
	for i, m := range mails {
		if ctx.Err() != nil {
			ids := make([]int64, 0, len(mails)-i)
			for _, left := range mails[i:] {
				ids = append(ids, left.ID)
			}
			if _, err := db.pool.Exec(record, `UPDATE outbox SET next_attempt_at = now() WHERE id = ANY($1)`, ids); err != nil {
				return d, fmt.Errorf("postgres: release mail: %w", err)
			}
			return d, nil
		}
		if sendErr := send(ctx, m.Mail); sendErr != nil {
			if _, err := db.pool.Exec(record, `UPDATE outbox SET attempts = attempts + 1, last_error = $2,
				next_attempt_at = now() + least(interval '1 minute' * power(2, least(attempts, 10)), $3::interval)
				WHERE id = $1`, m.ID, sendErr.Error(), maxMailDelay); err != nil {
				return d, fmt.Errorf("postgres: mail failure: %w", err)
			}
			d.Failed++
			if m.Attempts+1 >= MaxMailAttempts {
				d.GivenUp++
			}
			continue
		}
		if _, err := db.pool.Exec(record, `UPDATE outbox SET attempts = attempts + 1, sent_at = now(), last_error = NULL, body = ''
			WHERE id = $1`, m.ID); err != nil {
			return d, fmt.Errorf("postgres: mail sent: %w", err)
		}
		d.Sent++
	}
	return d, nil
}

// RetryMail puts an e-mail that was given up back in the queue, at once
// and with a fresh schedule, and records who asked (the operator's page).
// It reports false when the e-mail does not exist or was sent.
func (db *DB) RetryMail(ctx context.Context, sc Scope, id int64, ip string) (bool, error) {
	retried := false
	err := db.inTx(ctx, sc, func(tx pgx.Tx) error {
		var to string
		err := tx.QueryRow(ctx, `UPDATE outbox SET attempts = 0, next_attempt_at = now()
			WHERE id = $1 AND sent_at IS NULL RETURNING to_address`, id).Scan(&to)
		if errors.Is(err, pgx.ErrNoRows) {
			return nil
		}
		if err != nil {
			return fmt.Errorf("postgres: retry mail: %w", err)
		}
		retried = true
		return audit(ctx, tx, clts.AuditEntry{ActorID: sc.AccountID, Action: "mail.retry",
			Subject: fmt.Sprintf("courriel n° %d à %s", id, to), IP: ip})
	})
	return retried, err
}

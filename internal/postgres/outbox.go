package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
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

// MaxMailAttempts is how many times an e-mail is tried before it is given up.
const MaxMailAttempts = 10

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

// DeliverPending claims up to limit unsent e-mails that are due, skipping
// those another instance holds (FOR UPDATE SKIP LOCKED), and calls send for
// each; a success marks it sent and erases its body (it may hold a
// single-use link nobody else should read), a failure records the error and schedules
// the next attempt after a delay that doubles each time (1 minute, 2, 4…,
// at most 6 hours), until MaxMailAttempts.
func (db *DB) DeliverPending(ctx context.Context, limit int, send func(Mail) error) (int, error) {
	sent := 0
	err := db.inTx(ctx, Scope{}, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, to_address, subject, body, created_at, sent_at, attempts, coalesce(last_error, ''), next_attempt_at
			FROM outbox WHERE sent_at IS NULL AND attempts < $2 AND next_attempt_at <= now()
			ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`, limit, MaxMailAttempts)
		if err != nil {
			return fmt.Errorf("postgres: claim mail: %w", err)
		}
		mails, err := pgx.CollectRows(rows, scanOutbox)
		if err != nil {
			return fmt.Errorf("postgres: claim mail: %w", err)
		}
		for _, m := range mails {
			if err := send(m.Mail); err != nil {
				_, err = tx.Exec(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = $2,
					next_attempt_at = now() + least(interval '1 minute' * power(2, attempts), interval '6 hours')
					WHERE id = $1`, m.ID, err.Error())
				if err != nil {
					return fmt.Errorf("postgres: mail failure: %w", err)
				}
				continue
			}
			if _, err := tx.Exec(ctx, `UPDATE outbox SET attempts = attempts + 1, sent_at = now(), last_error = NULL, body = '' WHERE id = $1`, m.ID); err != nil {
				return fmt.Errorf("postgres: mail sent: %w", err)
			}
			sent++
		}
		return nil
	})
	return sent, err
}

// DeleteExpiredSessions removes sessions past their expiry.
func (db *DB) DeleteExpiredSessions(ctx context.Context) error {
	if _, err := db.pool.Exec(ctx, `DELETE FROM sessions WHERE expiry < now()`); err != nil {
		return fmt.Errorf("postgres: delete expired sessions: %w", err)
	}
	return nil
}

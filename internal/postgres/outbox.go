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
}

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
	rows, err := db.pool.Query(ctx, `SELECT id, to_address, subject, body, created_at, sent_at, attempts, coalesce(last_error, '')
		FROM outbox ORDER BY id DESC LIMIT $1`, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: outbox: %w", err)
	}
	return pgx.CollectRows(rows, scanOutbox)
}

// OutboxAfter lists e-mails queued after id, oldest first (make run prints
// them in its log).
func (db *DB) OutboxAfter(ctx context.Context, id int64) ([]OutboxMail, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, to_address, subject, body, created_at, sent_at, attempts, coalesce(last_error, '')
		FROM outbox WHERE id > $1 ORDER BY id LIMIT 100`, id)
	if err != nil {
		return nil, fmt.Errorf("postgres: outbox: %w", err)
	}
	return pgx.CollectRows(rows, scanOutbox)
}

func scanOutbox(row pgx.CollectableRow) (OutboxMail, error) {
	var m OutboxMail
	err := row.Scan(&m.ID, &m.Mail.To, &m.Mail.Subject, &m.Mail.Body, &m.CreatedAt, &m.SentAt, &m.Attempts, &m.LastError)
	return m, err
}

// DeliverPending claims up to limit unsent e-mails, skipping those another
// instance holds (FOR UPDATE SKIP LOCKED), and calls send for each; a
// success marks it sent, a failure records the error for a later retry.
func (db *DB) DeliverPending(ctx context.Context, limit int, send func(Mail) error) (int, error) {
	sent := 0
	err := db.inTx(ctx, Scope{}, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT id, to_address, subject, body, created_at, sent_at, attempts, coalesce(last_error, '')
			FROM outbox WHERE sent_at IS NULL AND attempts < 10 ORDER BY id LIMIT $1 FOR UPDATE SKIP LOCKED`, limit)
		if err != nil {
			return fmt.Errorf("postgres: claim mail: %w", err)
		}
		mails, err := pgx.CollectRows(rows, scanOutbox)
		if err != nil {
			return fmt.Errorf("postgres: claim mail: %w", err)
		}
		for _, m := range mails {
			if err := send(m.Mail); err != nil {
				_, err = tx.Exec(ctx, `UPDATE outbox SET attempts = attempts + 1, last_error = $2 WHERE id = $1`, m.ID, err.Error())
				if err != nil {
					return fmt.Errorf("postgres: mail failure: %w", err)
				}
				continue
			}
			if _, err := tx.Exec(ctx, `UPDATE outbox SET attempts = attempts + 1, sent_at = now(), last_error = NULL WHERE id = $1`, m.ID); err != nil {
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

package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// ResetInterval is the least time between two reset links for one account.
const ResetInterval = 5 * time.Minute

// CreatePasswordReset stores the hash of a reset link for the account and
// queues its e-mail, in one transaction; within ResetInterval of the last
// link it does nothing.
func (db *DB) CreatePasswordReset(ctx context.Context, accountID int64, tokenHash []byte, expires time.Time, m Mail, ip string) error {
	return db.inTx(ctx, Scope{}, func(tx pgx.Tx) error {
		// One link every ResetInterval at most: nobody can fill a person's
		// mailbox from the "forgotten password" page. The account row is
		// locked so that requests sent together are counted in turn.
		var recent bool
		if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM accounts WHERE id = $1 FOR UPDATE)
			AND EXISTS (SELECT FROM password_resets WHERE account_id = $1 AND created_at > now() - $2::interval)`,
			accountID, ResetInterval).Scan(&recent); err != nil {
			return fmt.Errorf("postgres: create password reset: %w", err)
		}
		if recent {
			return nil
		}
		if _, err := tx.Exec(ctx, `INSERT INTO password_resets (token_hash, account_id, expires_at) VALUES ($1, $2, $3)`,
			tokenHash, accountID, expires); err != nil {
			return fmt.Errorf("postgres: create password reset: %w", err)
		}
		if err := enqueueMail(ctx, tx, m); err != nil {
			return err
		}
		return audit(ctx, tx, clts.AuditEntry{ActorID: accountID, Action: "account.reset_request", IP: ip})
	})
}

// PasswordResetValid reports whether a reset link can still be used.
func (db *DB) PasswordResetValid(ctx context.Context, tokenHash []byte) (bool, error) {
	var ok bool
	err := db.pool.QueryRow(ctx, `SELECT EXISTS (SELECT FROM password_resets
		WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now())`, tokenHash).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("postgres: password reset: %w", err)
	}
	return ok, nil
}

// UsePasswordReset sets the new password through a reset link, once: the
// link is marked used, the account's other links too, and every session of
// the account ends. It returns the account id.
func (db *DB) UsePasswordReset(ctx context.Context, tokenHash []byte, passwordHash, ip string) (int64, error) {
	var accountID int64
	err := db.inTx(ctx, Scope{}, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `UPDATE password_resets SET used_at = now()
			WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING account_id`, tokenHash).Scan(&accountID)
		if errors.Is(err, pgx.ErrNoRows) {
			return clts.Errorf(clts.ENOTFOUND, "Ce lien n'est plus valable : il a déjà servi ou a expiré. Demandez-en un nouveau.")
		}
		if err != nil {
			return fmt.Errorf("postgres: use password reset: %w", err)
		}
		if _, err := tx.Exec(ctx, `UPDATE password_resets SET used_at = now() WHERE account_id = $1 AND used_at IS NULL`, accountID); err != nil {
			return fmt.Errorf("postgres: use password reset: %w", err)
		}
		if _, err := setPassword(ctx, tx, accountID, passwordHash); err != nil {
			return err
		}
		return audit(ctx, tx, clts.AuditEntry{ActorID: accountID, Action: "account.reset", IP: ip})
	})
	return accountID, err
}

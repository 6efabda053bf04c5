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

// CreatePasswordReset stores the hash of a reset link for the scope's
// account (the one asking, Scope{AccountID: …}) and queues its e-mail, in
// the caller's unit of work; within ResetInterval of the last link it does
// nothing.
func (tx *Tx) CreatePasswordReset(ctx context.Context, tokenHash []byte, expires time.Time, m Mail) error {
	accountID := tx.sc.AccountID
	// One link every ResetInterval at most: nobody can fill a person's
	// mailbox from the "forgotten password" page. The account row is
	// locked so that requests sent together are counted in turn.
	var recent bool
	if err := tx.queryRow(ctx, `SELECT EXISTS (SELECT FROM accounts WHERE id = $1 FOR UPDATE)
		AND EXISTS (SELECT FROM password_resets WHERE account_id = $1 AND created_at > now() - $2::interval)`,
		accountID, ResetInterval).Scan(&recent); err != nil {
		return fmt.Errorf("postgres: create password reset: %w", err)
	}
	if recent {
		return nil
	}
	if _, err := tx.exec(ctx, `INSERT INTO password_resets (token_hash, account_id, expires_at) VALUES ($1, $2, $3)`,
		tokenHash, accountID, expires); err != nil {
		return fmt.Errorf("postgres: create password reset: %w", err)
	}
	if err := tx.enqueueMail(ctx, m); err != nil {
		return err
	}
	return tx.auditEntry(ctx, clts.AuditEntry{ActorID: accountID, Action: "account.reset_request"})
}

// PasswordResetValid reports whether a reset link can still be used.
func (tx *Tx) PasswordResetValid(ctx context.Context, tokenHash []byte) (bool, error) {
	var ok bool
	err := tx.queryRow(ctx, `SELECT EXISTS (SELECT FROM password_resets
		WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now())`, tokenHash).Scan(&ok)
	if err != nil {
		return false, fmt.Errorf("postgres: password reset: %w", err)
	}
	return ok, nil
}

// UsePasswordReset sets the new password through a reset link, once: the
// link is marked used, the account's other links too, every session of the
// account ends, and the failed logins under its login name and e-mail
// address are forgotten, which lifts a lock someone else's guesses caused.
// It returns the account id. The scope needs no account: the link names
// it, and it is the actor in the audit log.
func (tx *Tx) UsePasswordReset(ctx context.Context, tokenHash []byte, passwordHash string) (int64, error) {
	var accountID int64
	err := tx.queryRow(ctx, `UPDATE password_resets SET used_at = now()
		WHERE token_hash = $1 AND used_at IS NULL AND expires_at > now() RETURNING account_id`, tokenHash).Scan(&accountID)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, clts.Errorf(clts.ENOTFOUND, "Ce lien n'est plus valable : il a déjà servi ou a expiré. Demandez-en un nouveau.")
	}
	if err != nil {
		return 0, fmt.Errorf("postgres: use password reset: %w", err)
	}
	if _, err := tx.exec(ctx, `UPDATE password_resets SET used_at = now() WHERE account_id = $1 AND used_at IS NULL`, accountID); err != nil {
		return 0, fmt.Errorf("postgres: use password reset: %w", err)
	}
	if _, err := tx.setPassword(ctx, accountID, passwordHash); err != nil {
		return 0, err
	}
	if err := tx.clearAccountFailures(ctx, accountID, ""); err != nil {
		return 0, err
	}
	if err := tx.auditEntry(ctx, clts.AuditEntry{ActorID: accountID, Action: "account.reset"}); err != nil {
		return 0, err
	}
	return accountID, nil
}

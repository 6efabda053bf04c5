package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// SecondFactor is an account's second factor: the secret in use (empty
// before the first confirmation), a secret being enrolled, the step of the
// last code accepted and how many recovery codes are left. The secrets are
// sensitive: they never go to a log or to the audit log.
type SecondFactor struct {
	Secret        string
	ConfirmedAt   time.Time
	PendingSecret string
	LastStep      int64
	RecoveryLeft  int
	recovery      [][]byte
}

// Enrolled reports whether the second factor is in use.
func (f SecondFactor) Enrolled() bool { return f.Secret != "" }

// SecondFactor returns the second factor of the scope's account; the zero
// SecondFactor when it has none. Row-level security shows the row to the
// account itself and to an operator scope only.
func (tx *Tx) SecondFactor(ctx context.Context) (SecondFactor, error) {
	return tx.secondFactor(ctx, tx.sc.AccountID, "")
}

// LockSecondFactor is SecondFactor with the row locked until the end of
// the unit of work, for a step that checks it and then changes it.
func (tx *Tx) LockSecondFactor(ctx context.Context) (SecondFactor, error) {
	return tx.secondFactor(ctx, tx.sc.AccountID, " FOR UPDATE")
}

func (tx *Tx) secondFactor(ctx context.Context, accountID int64, lock string) (SecondFactor, error) {
	var (
		f               SecondFactor
		secret, pending *string
		confirmed       *time.Time
	)
	err := tx.queryRow(ctx, `SELECT secret, confirmed_at, pending_secret, last_step, recovery_hashes
		FROM second_factors WHERE account_id = $1`+lock, accountID).
		Scan(&secret, &confirmed, &pending, &f.LastStep, &f.recovery)
	if errors.Is(err, pgx.ErrNoRows) {
		return SecondFactor{}, nil
	}
	if err != nil {
		return SecondFactor{}, fmt.Errorf("postgres: second factor: %w", err)
	}
	if secret != nil {
		f.Secret = *secret
	}
	if confirmed != nil {
		f.ConfirmedAt = *confirmed
	}
	if pending != nil {
		f.PendingSecret = *pending
	}
	f.RecoveryLeft = len(f.recovery)
	return f, nil
}

// StartSecondFactor stores secret as the scope's account's secret being
// enrolled, replacing one shown before; the secret in use, if any, stays
// in use until the new one is confirmed.
func (tx *Tx) StartSecondFactor(ctx context.Context, secret string) error {
	_, err := tx.exec(ctx, `INSERT INTO second_factors (account_id, pending_secret) VALUES ($1, $2)
		ON CONFLICT (account_id) DO UPDATE SET pending_secret = EXCLUDED.pending_secret, updated_at = now()`,
		tx.sc.AccountID, secret)
	if err != nil {
		return fmt.Errorf("postgres: start second factor: %w", err)
	}
	return nil
}

// ConfirmSecondFactor puts the secret being enrolled in use, once a code of
// step made with it was checked, with new recovery codes (their hashes),
// and writes the enrolment to the audit log. It fails with ECONFLICT when
// the secret being enrolled is no longer pending (confirmed or replaced in
// another tab meanwhile).
func (tx *Tx) ConfirmSecondFactor(ctx context.Context, pendingSecret string, step int64, recoveryHashes [][]byte) error {
	tag, err := tx.exec(ctx, `UPDATE second_factors SET secret = pending_secret, pending_secret = NULL,
			confirmed_at = now(), last_step = $3, recovery_hashes = $4, updated_at = now()
		WHERE account_id = $1 AND pending_secret = $2`, tx.sc.AccountID, pendingSecret, step, recoveryHashes)
	if err != nil {
		return fmt.Errorf("postgres: confirm second factor: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return clts.Errorf(clts.ECONFLICT, "Cette clé a changé entre-temps (dans un autre onglet ?) : recommencez avec le code affiché ci-dessous.")
	}
	if err := tx.clearSecondFactorFailures(ctx, tx.sc.AccountID); err != nil {
		return err
	}
	return tx.auditAccount(ctx, "second_factor.enrol", "")
}

// UseTOTPStep records that the scope's account's code of step was
// accepted: a code of that step or before will be refused. It reports
// false when a code of that step or a later one was accepted meanwhile (the
// same code sent twice at once).
func (tx *Tx) UseTOTPStep(ctx context.Context, step int64) (bool, error) {
	tag, err := tx.exec(ctx, `UPDATE second_factors SET last_step = $2, updated_at = now()
		WHERE account_id = $1 AND secret IS NOT NULL AND last_step < $2`, tx.sc.AccountID, step)
	if err != nil {
		return false, fmt.Errorf("postgres: use code: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// UseRecoveryCode spends the scope's account's recovery code of hash, and
// writes its use to the audit log with the number of codes left. It
// reports false when no such code is left.
func (tx *Tx) UseRecoveryCode(ctx context.Context, hash []byte) (used bool, left int, err error) {
	err = tx.queryRow(ctx, `UPDATE second_factors SET recovery_hashes = array_remove(recovery_hashes, $2), updated_at = now()
		WHERE account_id = $1 AND secret IS NOT NULL AND $2 = ANY (recovery_hashes)
		RETURNING cardinality(recovery_hashes)`, tx.sc.AccountID, hash).Scan(&left)
	if errors.Is(err, pgx.ErrNoRows) {
		return false, 0, nil
	}
	if err != nil {
		return false, 0, fmt.Errorf("postgres: use recovery code: %w", err)
	}
	return true, left, tx.auditAccount(ctx, "second_factor.recovery_used", recoveryLeft(left))
}

func recoveryLeft(n int) string {
	switch n {
	case 0:
		return "aucun code de secours restant"
	case 1:
		return "1 code de secours restant"
	}
	return strconv.Itoa(n) + " codes de secours restants"
}

// ReplaceRecoveryCodes gives the scope's account new recovery codes (their
// hashes), voiding the old ones, and writes it to the audit log.
func (tx *Tx) ReplaceRecoveryCodes(ctx context.Context, hashes [][]byte) error {
	tag, err := tx.exec(ctx, `UPDATE second_factors SET recovery_hashes = $2, updated_at = now()
		WHERE account_id = $1 AND secret IS NOT NULL`, tx.sc.AccountID, hashes)
	if err != nil {
		return fmt.Errorf("postgres: replace recovery codes: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return clts.Errorf(clts.ECONFLICT, "La double authentification n'est pas activée sur votre compte.")
	}
	return tx.auditAccount(ctx, "second_factor.recovery_renew", "")
}

// ResetSecondFactor removes the second factor of account id (an operator
// helping someone who lost their phone and their recovery codes), ends its
// sessions and writes the reset to the audit log with the account's login
// name and the reason given. It fails with ENOTFOUND when the account has
// no second factor in use. The scope must be an operator's.
func (tx *Tx) ResetSecondFactor(ctx context.Context, id int64, login, reason string) error {
	tag, err := tx.exec(ctx, `DELETE FROM second_factors WHERE account_id = $1 AND secret IS NOT NULL`, id)
	if err != nil {
		return fmt.Errorf("postgres: reset second factor: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return clts.Errorf(clts.ENOTFOUND, "Ce compte n'utilise pas la double authentification.")
	}
	if err := tx.clearSecondFactorFailures(ctx, id); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `UPDATE accounts SET session_stamp = session_stamp + 1 WHERE id = $1`, id); err != nil {
		return fmt.Errorf("postgres: reset second factor: %w", err)
	}
	subject := login
	if reason != "" {
		subject += " (" + reason + ")"
	}
	return tx.auditAccount(ctx, "second_factor.reset", subject)
}

// EnrolSecondFactor puts secret in use for the scope's account at once,
// without recovery codes, unless the account already has a second factor in
// use: the demo's enrolled pilot. It reports whether it enrolled.
func (tx *Tx) EnrolSecondFactor(ctx context.Context, secret string) (bool, error) {
	tag, err := tx.exec(ctx, `INSERT INTO second_factors (account_id, secret, confirmed_at) VALUES ($1, $2, now())
		ON CONFLICT (account_id) DO UPDATE SET secret = EXCLUDED.secret, confirmed_at = now(), pending_secret = NULL,
			last_step = 0, recovery_hashes = '{}', updated_at = now()
		WHERE second_factors.secret IS NULL`, tx.sc.AccountID, secret)
	if err != nil {
		return false, fmt.Errorf("postgres: enrol second factor: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return false, nil
	}
	return true, tx.auditAccount(ctx, "second_factor.enrol", "")
}

// BeginSecondFactor counts the scope's account's wrong codes since since,
// then records this attempt as a wrong code until SecondFactorPassed says
// otherwise, under a lock on the account: codes sent together are counted
// one after the other. Like BeginLogin, it belongs in a short unit of work
// of its own, committed before the code is checked.
func (tx *Tx) BeginSecondFactor(ctx context.Context, since time.Time) (failures int, err error) {
	id := tx.sc.AccountID
	// A lock class of its own (BeginLogin uses 1 and 2, BeginGuesses 3).
	if _, err := tx.exec(ctx, `SELECT pg_advisory_xact_lock(4, hashtext($1::bigint::text))`, id); err != nil {
		return 0, fmt.Errorf("postgres: begin second factor: %w", err)
	}
	// Old failures count no longer: forget them, so that the table stays
	// small without a purge.
	if _, err := tx.exec(ctx, `DELETE FROM second_factor_failures WHERE account_id = $1 AND at <= $2`, id, since); err != nil {
		return 0, fmt.Errorf("postgres: begin second factor: %w", err)
	}
	if err := tx.queryRow(ctx, `WITH attempt AS (INSERT INTO second_factor_failures (account_id, ip) VALUES ($1, $2))
		SELECT count(*) FROM second_factor_failures WHERE account_id = $1`, id, tx.sc.IP).Scan(&failures); err != nil {
		return 0, fmt.Errorf("postgres: begin second factor: %w", err)
	}
	return failures, nil
}

// SecondFactorPassed closes an attempt begun with BeginSecondFactor whose
// code was right: the account's wrong codes are forgotten.
func (tx *Tx) SecondFactorPassed(ctx context.Context) error {
	return tx.clearSecondFactorFailures(ctx, tx.sc.AccountID)
}

func (tx *Tx) clearSecondFactorFailures(ctx context.Context, id int64) error {
	if _, err := tx.exec(ctx, `DELETE FROM second_factor_failures WHERE account_id = $1`, id); err != nil {
		return fmt.Errorf("postgres: clear second factor failures: %w", err)
	}
	return nil
}

// RecordSecondFactorFailure writes a wrong code of the scope's account to
// the audit log (the failure is already counted), with what kind of code it
// was; locked says that codes are refused for a while, after too many.
func (tx *Tx) RecordSecondFactorFailure(ctx context.Context, kind string, locked bool) error {
	action := "second_factor.failure"
	if locked {
		action = "second_factor.lockout"
	}
	return tx.auditAccount(ctx, action, kind)
}

// RecordSecondFactorLogin writes a sign-in completed by a code to the audit
// log, as a login: its second step.
func (tx *Tx) RecordSecondFactorLogin(ctx context.Context, login, how string) error {
	return tx.auditAccount(ctx, "login.success", login+" ("+how+")")
}

// PasswordStepPassed closes an attempt begun with BeginLogin for typed
// whose password was right, when a code is still due: the password's
// failures are cleared as for a login (both names of the account and what
// was typed), and the audit log says the password was right, not yet that
// the scope's account signed in.
func (tx *Tx) PasswordStepPassed(ctx context.Context, typed string) error {
	if err := tx.clearAccountFailures(ctx, tx.sc.AccountID, loginName(typed)); err != nil {
		return err
	}
	return tx.auditAccount(ctx, "login.password", loginName(typed))
}

// EnrolledAccount is an account that uses a second factor, as the
// operator's page lists them.
type EnrolledAccount struct {
	Login, Name string
	Since       time.Time
}

// SecondFactorAccounts lists the accounts that use a second factor, by
// login name. The scope must be an operator's.
func (tx *Tx) SecondFactorAccounts(ctx context.Context) ([]EnrolledAccount, error) {
	rows, err := tx.query(ctx, `SELECT a.login, a.display_name, f.confirmed_at
		FROM second_factors f JOIN accounts a ON a.id = f.account_id
		WHERE f.secret IS NOT NULL ORDER BY lower(a.login)`)
	if err != nil {
		return nil, fmt.Errorf("postgres: second factor accounts: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (EnrolledAccount, error) {
		var e EnrolledAccount
		err := row.Scan(&e.Login, &e.Name, &e.Since)
		return e, err
	})
}

package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/portail-clts/clts/internal/clts"
)

// loginName is how login attempts key a typed identifier.
func loginName(identifier string) string { return strings.ToLower(strings.TrimSpace(identifier)) }

// Login attempts and guesses of other secrets share the login_attempts
// table in two key spaces (its kind column): 'login' rows are keyed by the
// identifier as typed, 'guess' rows by the name of the secret guessed. No
// query of one kind reads the other's rows, so no login name, whatever is
// typed, counts as a guess, and no guess as a failed login.
const (
	kindLogin = "login"
	kindGuess = "guess"
)

// BeginGuesses takes a lock on secret for the scope's address until the end
// of the unit of work, so that guesses sent together are counted one after
// the other, and counts the wrong guesses of secret recorded since since:
// from every address, and from the scope's. It serves secrets that are not
// logins (invitation codes), whose wrong guesses RecordWrongGuess records.
func (tx *Tx) BeginGuesses(ctx context.Context, secret string, since time.Time) (all, fromAddr int, err error) {
	id, ip := loginName(secret), tx.sc.IP
	if _, err := tx.exec(ctx, `SELECT pg_advisory_xact_lock(3, hashtext($1 || ' ' || $2))`, id, ip); err != nil {
		return 0, 0, fmt.Errorf("postgres: begin guesses: %w", err)
	}
	err = tx.queryRow(ctx, `SELECT count(*), count(*) FILTER (WHERE ip = $2)
		FROM login_attempts WHERE kind = $4 AND identifier = $1 AND NOT success AND at > $3`,
		id, ip, since, kindGuess).Scan(&all, &fromAddr)
	if err != nil {
		return 0, 0, fmt.Errorf("postgres: begin guesses: %w", err)
	}
	return all, fromAddr, nil
}

// RecordWrongGuess records a wrong guess of secret from the scope's address,
// counted by BeginGuesses, and writes it to the audit log as a failed
// login, with reason.
func (tx *Tx) RecordWrongGuess(ctx context.Context, secret, reason string) error {
	id := loginName(secret)
	if _, err := tx.exec(ctx, `INSERT INTO login_attempts (kind, identifier, ip, success) VALUES ($1, $2, $3, false)`,
		kindGuess, id, tx.sc.IP); err != nil {
		return fmt.Errorf("postgres: record wrong guess: %w", err)
	}
	return tx.finishLogin(ctx, id, id, 0, false, reason)
}

// BeginLogin counts the recent failures for the identifier as typed (an
// e-mail address and a login name count apart) and for the scope's address, then records this attempt as a failure until
// FinishLogin or PasswordConfirmed says otherwise, all under a lock on the
// name and on the address: attempts sent together are counted one after
// the other, so a burst of guesses cannot all read the same count before
// any is recorded. The locks last until the end of the unit of work: it
// should be a short one of its own, committed before the password is
// checked, so that the failure counts even if the rest goes wrong.
func (tx *Tx) BeginLogin(ctx context.Context, identifier string, since time.Time) (forLogin, forAddr int, err error) {
	id, ip := loginName(identifier), tx.sc.IP
	// Names are locked before addresses (two lock classes), so two
	// attempts never wait for each other in a cycle.
	if _, err := tx.exec(ctx, `SELECT pg_advisory_xact_lock(1, hashtext($1)), pg_advisory_xact_lock(2, hashtext($2))`, id, ip); err != nil {
		return 0, 0, fmt.Errorf("postgres: begin login: %w", err)
	}
	// The address's count takes in its wrong guesses of other secrets too.
	if err := tx.queryRow(ctx, `SELECT
		(SELECT count(*) FROM login_attempts WHERE kind = $4 AND identifier = $1 AND NOT success AND at > $3),
		(SELECT count(*) FROM login_attempts WHERE ip = $2 AND NOT success AND at > $3)`, id, ip, since, kindLogin).Scan(&forLogin, &forAddr); err != nil {
		return 0, 0, fmt.Errorf("postgres: begin login: %w", err)
	}
	if _, err := tx.exec(ctx, `INSERT INTO login_attempts (kind, identifier, ip, success) VALUES ($1, $2, $3, false)`, kindLogin, id, ip); err != nil {
		return 0, 0, fmt.Errorf("postgres: begin login: %w", err)
	}
	return forLogin, forAddr, nil
}

// FinishLogin records the outcome of an attempt begun with BeginLogin for
// identifier (a failure is already counted; a success clears the failures
// of identifier and of both names of the account, this attempt's
// included), and writes it to the audit log with what was typed. accountID
// is 0 when no account matched.
func (tx *Tx) FinishLogin(ctx context.Context, identifier, typed string, accountID int64, success bool, reason string) error {
	return tx.finishLogin(ctx, loginName(identifier), loginName(typed), accountID, success, reason)
}

// PasswordConfirmed closes an attempt begun with BeginLogin whose password
// was right but that is no login (the current password asked before a
// change): the name's failures are cleared, and nothing is audited.
func (tx *Tx) PasswordConfirmed(ctx context.Context, identifier string) error {
	return tx.clearLoginFailures(ctx, loginName(identifier))
}

// clearLoginFailures gives a login name a clean slate after a success.
func (tx *Tx) clearLoginFailures(ctx context.Context, id string) error {
	if _, err := tx.exec(ctx, `DELETE FROM login_attempts WHERE kind = $2 AND identifier = $1 AND NOT success`, id, kindLogin); err != nil {
		return fmt.Errorf("postgres: clear login failures: %w", err)
	}
	return nil
}

// clearAccountFailures gives both names of an account, its login name and
// its e-mail address, and the identifier typed ("" for none), a clean
// slate after a successful login or a password reset, which prove that the
// person holds the account: failures someone else caused no longer lock
// them out.
func (tx *Tx) clearAccountFailures(ctx context.Context, accountID int64, typed string) error {
	if _, err := tx.exec(ctx, `DELETE FROM login_attempts WHERE kind = $3 AND NOT success AND identifier IN (
			SELECT $2 UNION ALL SELECT lower(login) FROM accounts WHERE id = $1
			UNION ALL SELECT lower(email) FROM accounts WHERE id = $1 AND email IS NOT NULL)`,
		accountID, typed, kindLogin); err != nil {
		return fmt.Errorf("postgres: clear login failures: %w", err)
	}
	return nil
}

// finishLogin audits a login on behalf of accountID, the account that
// matched, whatever the scope's.
func (tx *Tx) finishLogin(ctx context.Context, id, typed string, accountID int64, success bool, reason string) error {
	action := "login.failure"
	if success {
		if err := tx.clearAccountFailures(ctx, accountID, id); err != nil {
			return err
		}
		action = "login.success"
	}
	subject := typed
	if reason != "" {
		subject += " (" + reason + ")"
	}
	return tx.auditEntry(ctx, clts.AuditEntry{ActorID: accountID, Action: action, Subject: subject})
}

// RecordLogout writes the scope's account's logout to the audit log.
func (tx *Tx) RecordLogout(ctx context.Context) error {
	return tx.auditEntry(ctx, clts.AuditEntry{ActorID: tx.sc.AccountID, Action: "logout"})
}

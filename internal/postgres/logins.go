package postgres

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// RecentLoginFailures counts failed logins since since for the login name
// typed (case-insensitively) and for the address.
func (db *DB) RecentLoginFailures(ctx context.Context, identifier, ip string, since time.Time) (forLogin, forAddr int, err error) {
	err = db.pool.QueryRow(ctx, `SELECT
		(SELECT count(*) FROM login_attempts WHERE identifier = $1 AND NOT success AND at > $3),
		(SELECT count(*) FROM login_attempts WHERE ip = $2 AND NOT success AND at > $3)`,
		strings.ToLower(strings.TrimSpace(identifier)), ip, since).Scan(&forLogin, &forAddr)
	if err != nil {
		return 0, 0, fmt.Errorf("postgres: login failures: %w", err)
	}
	return forLogin, forAddr, nil
}

// RecordLogin records a login attempt and writes it to the audit log.
// accountID is 0 when no account matched.
func (db *DB) RecordLogin(ctx context.Context, identifier, ip string, accountID int64, success bool, reason string) error {
	return db.inTx(ctx, Scope{AccountID: accountID}, func(tx pgx.Tx) error {
		id := strings.ToLower(strings.TrimSpace(identifier))
		if _, err := tx.Exec(ctx, `INSERT INTO login_attempts (identifier, ip, success) VALUES ($1, $2, $3)`, id, ip, success); err != nil {
			return fmt.Errorf("postgres: record login: %w", err)
		}
		return finishLogin(ctx, tx, id, id, ip, accountID, success, reason)
	})
}

// BeginLogin counts the recent failures for the login name and for the
// address, then records this attempt as a failure until FinishLogin or
// PasswordConfirmed says otherwise, all under a lock on the name and on the
// address: attempts sent together are counted one after the other, so a
// burst of guesses cannot all read the same count before any is recorded.
func (db *DB) BeginLogin(ctx context.Context, identifier, ip string, since time.Time) (forLogin, forAddr int, err error) {
	id := strings.ToLower(strings.TrimSpace(identifier))
	err = db.inTx(ctx, Scope{}, func(tx pgx.Tx) error {
		// Names are locked before addresses (two lock classes), so two
		// attempts never wait for each other in a cycle.
		if _, err := tx.Exec(ctx, `SELECT pg_advisory_xact_lock(1, hashtext($1)), pg_advisory_xact_lock(2, hashtext($2))`, id, ip); err != nil {
			return fmt.Errorf("postgres: begin login: %w", err)
		}
		if err := tx.QueryRow(ctx, `SELECT
			(SELECT count(*) FROM login_attempts WHERE identifier = $1 AND NOT success AND at > $3),
			(SELECT count(*) FROM login_attempts WHERE ip = $2 AND NOT success AND at > $3)`, id, ip, since).Scan(&forLogin, &forAddr); err != nil {
			return fmt.Errorf("postgres: begin login: %w", err)
		}
		if _, err := tx.Exec(ctx, `INSERT INTO login_attempts (identifier, ip, success) VALUES ($1, $2, false)`, id, ip); err != nil {
			return fmt.Errorf("postgres: begin login: %w", err)
		}
		return nil
	})
	return forLogin, forAddr, err
}

// FinishLogin records the outcome of an attempt begun with BeginLogin for
// identifier (a failure is already counted; a success clears the name's
// failures, this attempt's included), and writes it to the audit log with
// what was typed. accountID is 0 when no account matched.
func (db *DB) FinishLogin(ctx context.Context, identifier, typed, ip string, accountID int64, success bool, reason string) error {
	return db.inTx(ctx, Scope{AccountID: accountID}, func(tx pgx.Tx) error {
		return finishLogin(ctx, tx, strings.ToLower(strings.TrimSpace(identifier)), strings.ToLower(strings.TrimSpace(typed)), ip, accountID, success, reason)
	})
}

// PasswordConfirmed closes an attempt begun with BeginLogin whose password
// was right but that is no login (the current password asked before a
// change): the name's failures are cleared, and nothing is audited.
func (db *DB) PasswordConfirmed(ctx context.Context, identifier string) error {
	return db.inTx(ctx, Scope{}, func(tx pgx.Tx) error {
		return clearLoginFailures(ctx, tx, strings.ToLower(strings.TrimSpace(identifier)))
	})
}

// clearLoginFailures gives a login name a clean slate after a success.
func clearLoginFailures(ctx context.Context, tx pgx.Tx, id string) error {
	if _, err := tx.Exec(ctx, `DELETE FROM login_attempts WHERE identifier = $1 AND NOT success`, id); err != nil {
		return fmt.Errorf("postgres: clear login failures: %w", err)
	}
	return nil
}

func finishLogin(ctx context.Context, tx pgx.Tx, id, typed, ip string, accountID int64, success bool, reason string) error {
	action := "login.failure"
	if success {
		if err := clearLoginFailures(ctx, tx, id); err != nil {
			return err
		}
		action = "login.success"
	}
	subject := typed
	if reason != "" {
		subject += " (" + reason + ")"
	}
	return audit(ctx, tx, clts.AuditEntry{ActorID: accountID, Action: action, Subject: subject, IP: ip})
}

// RecordLogout writes a logout to the audit log.
func (db *DB) RecordLogout(ctx context.Context, accountID int64, ip string) error {
	return db.inTx(ctx, Scope{AccountID: accountID}, func(tx pgx.Tx) error {
		return audit(ctx, tx, clts.AuditEntry{ActorID: accountID, Action: "logout", IP: ip})
	})
}

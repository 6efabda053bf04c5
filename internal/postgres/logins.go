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
		if success {
			// A success clears the slate for this login name.
			if _, err := tx.Exec(ctx, `DELETE FROM login_attempts WHERE identifier = $1 AND NOT success`, id); err != nil {
				return fmt.Errorf("postgres: record login: %w", err)
			}
		}
		action := "login.success"
		if !success {
			action = "login.failure"
		}
		subject := id
		if reason != "" {
			subject += " (" + reason + ")"
		}
		return audit(ctx, tx, clts.AuditEntry{ActorID: accountID, Action: action, Subject: subject, IP: ip})
	})
}

// RecordLogout writes a logout to the audit log.
func (db *DB) RecordLogout(ctx context.Context, accountID int64, ip string) error {
	return db.inTx(ctx, Scope{AccountID: accountID}, func(tx pgx.Tx) error {
		return audit(ctx, tx, clts.AuditEntry{ActorID: accountID, Action: "logout", IP: ip})
	})
}

package postgres

import (
	"context"
	"fmt"
	"time"
)

// How long personal data that only serves security or delivery is kept.
const (
	// LoginAttemptsKept is well beyond the throttling window; successes and
	// failures stay in the audit log.
	LoginAttemptsKept = 24 * time.Hour
	// SecondFactorFailuresKept is the same for wrong second-factor codes
	// (account and address): the code step counts them over the throttle
	// window, and forgets an account's old ones only when it tries again.
	SecondFactorFailuresKept = 24 * time.Hour
	// ResetsKept is how long an expired or used reset token is kept.
	ResetsKept = 24 * time.Hour
	// MailsKept is how long the outbox keeps a delivered or abandoned
	// e-mail, for the operator's page.
	MailsKept = 30 * 24 * time.Hour
	// ReadNotificationsKept is how long the notification centre keeps a
	// notification the person marked read, UnreadNotificationsKept one
	// they never opened.
	ReadNotificationsKept   = 183 * 24 * time.Hour
	UnreadNotificationsKept = 365 * 24 * time.Hour
	// AuditKept follows the usual recommendation for security logs (one
	// year at most).
	AuditKept = 365 * 24 * time.Hour
)

// Purged counts what one purge removed.
type Purged struct {
	LoginAttempts, SecondFactorFailures, Resets, AccessSheets, Mails, AuditEntries int64
	// UsedTokens are the used single-use e-mail links past their expiry
	// (a link past its expiry is refused anyway); Notifications, the
	// centre's entries past ReadNotificationsKept or UnreadNotificationsKept.
	UsedTokens, Notifications int64
}

// PurgeExpired removes the rows kept past their retention period, as of now,
// in one unit of work of its own, in an operator scope (the background
// worker calls it).
func (db *DB) PurgeExpired(ctx context.Context, now time.Time) (Purged, error) {
	var p Purged
	err := db.Write(ctx, Scope{Operator: true}, func(tx *Tx) error {
		for _, q := range []struct {
			n   *int64
			sql string
			arg time.Time
		}{
			{&p.LoginAttempts, `DELETE FROM login_attempts WHERE at < $1`, now.Add(-LoginAttemptsKept)},
			{&p.SecondFactorFailures, `DELETE FROM second_factor_failures WHERE at < $1`, now.Add(-SecondFactorFailuresKept)},
			{&p.Resets, `DELETE FROM password_resets WHERE expires_at < $1`, now.Add(-ResetsKept)},
			{&p.AccessSheets, `DELETE FROM access_codes WHERE expires_at < $1`, now.Add(-ResetsKept)},
			{&p.Mails, `DELETE FROM outbox WHERE created_at < $1 AND (sent_at IS NOT NULL OR attempts >= ` +
				fmt.Sprint(MaxMailAttempts) + `)`, now.Add(-MailsKept)},
			{&p.AuditEntries, `DELETE FROM audit_log WHERE at < $1`, now.Add(-AuditKept)},
			{&p.UsedTokens, `DELETE FROM used_tokens WHERE expires_at < $1`, now},
			{&p.Notifications, `DELETE FROM notifications WHERE read_at IS NOT NULL AND created_at < $1`, now.Add(-ReadNotificationsKept)},
			{&p.Notifications, `DELETE FROM notifications WHERE created_at < $1`, now.Add(-UnreadNotificationsKept)},
		} {
			tag, err := tx.exec(ctx, q.sql, q.arg)
			if err != nil {
				return fmt.Errorf("postgres: purge: %w", err)
			}
			*q.n += tag.RowsAffected()
		}
		return nil
	})
	return p, err
}

package postgres

import (
	"context"
	"fmt"
	"time"
)

// SigningKey reads the key that signs the links e-mails carry (answering a
// meeting, unsubscribing; auth.SignAnswer), drawn by migration 00029. Every
// instance reads it once at start.
func (db *DB) SigningKey(ctx context.Context) ([]byte, error) {
	var key []byte
	err := db.Read(ctx, Scope{}, func(tx *Tx) error {
		return tx.queryRow(ctx, `SELECT key FROM signing_keys WHERE id = 1`).Scan(&key)
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: signing key: %w", err)
	}
	return key, nil
}

// UseLink records a single-use link as used, until it expires. It reports
// false when the link was used already.
func (tx *Tx) UseLink(ctx context.Context, mac []byte, expires time.Time) (bool, error) {
	tag, err := tx.exec(ctx, `INSERT INTO used_tokens (mac, expires_at) VALUES ($1, $2) ON CONFLICT (mac) DO NOTHING`, mac, expires)
	if err != nil {
		return false, fmt.Errorf("postgres: use link: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// LinkUsed reports whether a single-use link was used already (the
// confirmation page says so before anyone clicks).
func (tx *Tx) LinkUsed(ctx context.Context, mac []byte) (bool, error) {
	var used bool
	if err := tx.queryRow(ctx, `SELECT EXISTS (SELECT FROM used_tokens WHERE mac = $1)`, mac).Scan(&used); err != nil {
		return false, fmt.Errorf("postgres: link used: %w", err)
	}
	return used, nil
}

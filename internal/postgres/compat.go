package postgres

// TRANSITION ONLY: deleted once every store method is a Tx method.

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

func (db *DB) inTx(ctx context.Context, sc Scope, fn func(tx pgx.Tx) error) error {
	return db.Write(ctx, sc, func(tx *Tx) error { return fn(tx.pg) })
}

func audit(ctx context.Context, tx pgx.Tx, e clts.AuditEntry) error {
	_, err := tx.Exec(ctx, `INSERT INTO audit_log (committee_id, actor_id, action, subject, ip)
		VALUES ($1, $2, $3, $4, $5)`, nullID(e.CommitteeID), nullID(e.ActorID), e.Action, e.Subject, e.IP)
	if err != nil {
		return fmt.Errorf("postgres: audit %s: %w", e.Action, err)
	}
	return nil
}

package postgres

import (
	"context"

	"github.com/jackc/pgx/v5"
)

// InTx exposes the scoped transaction helper to the external tests.
func (db *DB) InTx(ctx context.Context, sc Scope, fn func(tx pgx.Tx) error) error {
	return db.inTx(ctx, sc, fn)
}

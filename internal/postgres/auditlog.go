package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// AuditLog lists the newest entries visible in the scope: a committee's own
// entries, or, for an operator scope without committee, all entries. The
// filter is in SQL and in the row-level security policy alike.
func (tx *Tx) AuditLog(ctx context.Context, limit, offset int) ([]clts.AuditEntry, error) {
	rows, err := tx.query(ctx, `SELECT l.id, coalesce(l.committee_id, 0), coalesce(l.actor_id, 0),
			coalesce(a.display_name, ''), l.action, l.subject, l.ip, l.at
		FROM audit_log l LEFT JOIN accounts a ON a.id = l.actor_id
		WHERE ($1::bigint IS NULL OR l.committee_id = $1)
		ORDER BY l.at DESC, l.id DESC LIMIT $2 OFFSET $3`, nullID(tx.sc.CommitteeID), limit, offset)
	if err != nil {
		return nil, fmt.Errorf("postgres: audit log: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.AuditEntry, error) {
		var e clts.AuditEntry
		err := row.Scan(&e.ID, &e.CommitteeID, &e.ActorID, &e.ActorName, &e.Action, &e.Subject, &e.IP, &e.At)
		return e, err
	})
}

// RecordExport writes an export of committee data to the audit log.
func (tx *Tx) RecordExport(ctx context.Context, what string) error {
	return tx.audit(ctx, "export", what)
}

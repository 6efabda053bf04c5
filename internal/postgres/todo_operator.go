package postgres

import (
	"context"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// GivenUpMails counts the e-mails the worker gave up sending, which wait
// for the operator to ask for a new try (the operator's home).
func (tx *Tx) GivenUpMails(ctx context.Context) (int, error) {
	var n int
	err := tx.queryRow(ctx, `SELECT count(*) FROM outbox WHERE sent_at IS NULL AND attempts >= $1`, MaxMailAttempts).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("postgres: given-up mails: %w", err)
	}
	return n, nil
}

// Pilots lists the active pilots of the scope's committee by name, for the
// operator's page of the committee, in one statement.
func (tx *Tx) Pilots(ctx context.Context) ([]clts.Member, error) {
	rows, err := tx.query(ctx, `SELECT a.id, a.display_name, coalesce(a.email, ''), a.login, m.role, m.active
		FROM memberships m JOIN accounts a ON a.id = m.account_id
		WHERE m.committee_id = $1 AND m.role = 'pilote' AND m.active
		ORDER BY a.display_name COLLATE clts_fr, a.id`, tx.sc.CommitteeID)
	if err != nil {
		return nil, fmt.Errorf("postgres: pilots: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.Member, error) {
		var m clts.Member
		err := row.Scan(&m.AccountID, &m.DisplayName, &m.Email, &m.Login, &m.Role, &m.Active)
		return m, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: pilots: %w", err)
	}
	return out, nil
}

package postgres

import (
	"context"
	"fmt"

	"github.com/portail-clts/clts/internal/clts"
)

// UpsertCommittee creates the committee with c.Slug or updates its name and
// départements, and returns its id. The demo loader relies on it being
// idempotent.
func (db *DB) UpsertCommittee(ctx context.Context, c clts.Committee) (int64, error) {
	if err := c.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := db.pool.QueryRow(ctx, `
		INSERT INTO committees (slug, name, departements) VALUES ($1, $2, $3)
		ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, departements = EXCLUDED.departements
		RETURNING id`, c.Slug, c.Name, c.Departements).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("postgres: upsert committee %s: %w", c.Slug, err)
	}
	return id, nil
}

// Committees lists every committee by name.
func (db *DB) Committees(ctx context.Context) ([]clts.Committee, error) {
	rows, err := db.pool.Query(ctx, `SELECT id, slug, name, departements FROM committees ORDER BY name`)
	if err != nil {
		return nil, fmt.Errorf("postgres: committees: %w", err)
	}
	defer rows.Close()
	var out []clts.Committee
	for rows.Next() {
		var c clts.Committee
		if err := rows.Scan(&c.ID, &c.Slug, &c.Name, &c.Departements); err != nil {
			return nil, fmt.Errorf("postgres: committees: %w", err)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

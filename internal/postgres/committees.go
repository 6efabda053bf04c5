package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

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
	rows, err := db.pool.Query(ctx, `SELECT id, slug, name, departements FROM committees ORDER BY name COLLATE clts_fr`)
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

// CommitteeBySlug returns the committee with that slug.
func (db *DB) CommitteeBySlug(ctx context.Context, slug string) (*clts.Committee, error) {
	var c clts.Committee
	err := db.pool.QueryRow(ctx, `SELECT id, slug, name, departements FROM committees WHERE slug = $1`, slug).
		Scan(&c.ID, &c.Slug, &c.Name, &c.Departements)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Comité introuvable.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: committee %s: %w", slug, err)
	}
	return &c, nil
}

// CreateCommittee creates a committee (platform operator) and records it.
func (db *DB) CreateCommittee(ctx context.Context, c clts.Committee, actorID int64, ip string) (int64, error) {
	if err := c.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := db.inTx(ctx, Scope{AccountID: actorID, Operator: true}, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO committees (slug, name, departements) VALUES ($1, $2, $3) RETURNING id`,
			c.Slug, strings.TrimSpace(c.Name), c.Departements).Scan(&id)
		if err != nil {
			return fmt.Errorf("postgres: create committee: %w", mapError(err))
		}
		if err := audit(ctx, tx, clts.AuditEntry{ActorID: actorID, Action: "committee.create", Subject: c.Slug, IP: ip}); err != nil {
			return err
		}
		// The new committee sees the national seminars still to come.
		return copySeminars(ctx, tx, id)
	})
	return id, err
}

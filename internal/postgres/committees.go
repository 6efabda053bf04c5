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
func (tx *Tx) UpsertCommittee(ctx context.Context, c clts.Committee) (int64, error) {
	if err := c.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := tx.queryRow(ctx, `
		INSERT INTO committees (slug, name, departements) VALUES ($1, $2, $3)
		ON CONFLICT (slug) DO UPDATE SET name = EXCLUDED.name, departements = EXCLUDED.departements
		RETURNING id`, c.Slug, c.Name, c.Departements).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("postgres: upsert committee %s: %w", c.Slug, err)
	}
	return id, nil
}

// Committees lists every committee by name.
func (tx *Tx) Committees(ctx context.Context) ([]clts.Committee, error) {
	rows, err := tx.query(ctx, committeesSQL)
	if err != nil {
		return nil, fmt.Errorf("postgres: committees: %w", err)
	}
	return scanCommittees(rows)
}

// committeesSQL is Committees' statement: French order is name_order,
// kept by a trigger on committees (migration 00036).
const committeesSQL = `SELECT id, slug, name, departements FROM committees ORDER BY name_order, id`

// scanCommittees reads the rows of committeesSQL.
func scanCommittees(rows pgx.Rows) ([]clts.Committee, error) {
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
func (tx *Tx) CommitteeBySlug(ctx context.Context, slug string) (*clts.Committee, error) {
	var c clts.Committee
	err := tx.queryRow(ctx, `SELECT id, slug, name, departements FROM committees WHERE slug = $1`, slug).
		Scan(&c.ID, &c.Slug, &c.Name, &c.Departements)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Comité introuvable.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: committee %s: %w", slug, err)
	}
	return &c, nil
}

// CreateCommittee creates a committee and records it. It runs in an
// operator scope (Scope{AccountID: …, Operator: true}), whose account is the
// actor. It then moves the unit of work into the new committee, still as
// operator, to give it the national seminars still to come; the caller may
// go on acting there (its first pilot's invitation, say).
func (tx *Tx) CreateCommittee(ctx context.Context, c clts.Committee) (int64, error) {
	if err := c.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := tx.queryRow(ctx, `INSERT INTO committees (slug, name, departements) VALUES ($1, $2, $3) RETURNING id`,
		c.Slug, strings.TrimSpace(c.Name), c.Departements).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("postgres: create committee: %w", mapError(err))
	}
	// A national line: the committee did not exist when it was decided.
	if err := tx.auditEntry(ctx, clts.AuditEntry{ActorID: tx.sc.AccountID, Action: "committee.create", Subject: c.Slug}); err != nil {
		return 0, err
	}
	sc := tx.sc
	sc.CommitteeID = id
	if err := tx.rescope(ctx, sc); err != nil {
		return 0, fmt.Errorf("postgres: create committee: %w", err)
	}
	// The new committee sees the national seminars still to come.
	if err := tx.copySeminars(ctx, id); err != nil {
		return 0, err
	}
	return id, nil
}

// CommitteeByID returns the committee with that id.
func (tx *Tx) CommitteeByID(ctx context.Context, id int64) (*clts.Committee, error) {
	var c clts.Committee
	err := tx.queryRow(ctx, `SELECT id, slug, name, departements FROM committees WHERE id = $1`, id).
		Scan(&c.ID, &c.Slug, &c.Name, &c.Departements)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Comité introuvable.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: committee %d: %w", id, err)
	}
	return &c, nil
}

// RenameCommittee changes the name and the départements of the scope's
// committee; its slug, in every address of the committee, stays. It runs
// in the operator's scope moved into the committee, whose log records it.
func (tx *Tx) RenameCommittee(ctx context.Context, c clts.Committee) error {
	if err := c.Validate(); err != nil {
		return err
	}
	var old string
	err := tx.queryRow(ctx, `UPDATE committees n SET name = $2, departements = $3 FROM committees o
		WHERE n.id = $1 AND o.id = n.id RETURNING o.name`, tx.sc.CommitteeID, strings.TrimSpace(c.Name), c.Departements).Scan(&old)
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Errorf(clts.ENOTFOUND, "Comité introuvable.")
	}
	if err != nil {
		return fmt.Errorf("postgres: rename committee: %w", mapError(err))
	}
	return tx.audit(ctx, "committee.rename", old+" → "+strings.TrimSpace(c.Name))
}

// CommitteeStatus is a committee as the operator's pages list it: with how
// many active pilots it has.
type CommitteeStatus struct {
	clts.Committee
	Pilots int
}

// CommitteesWithPilots lists every committee by name with its number of
// active pilots, in one statement. It runs in an operator scope, whose
// policy reads the memberships of every committee.
func (tx *Tx) CommitteesWithPilots(ctx context.Context) ([]CommitteeStatus, error) {
	rows, err := tx.query(ctx, `SELECT c.id, c.slug, c.name, c.departements,
			(SELECT count(*) FROM memberships m WHERE m.committee_id = c.id AND m.role = 'pilote' AND m.active)
		FROM committees c ORDER BY c.name COLLATE clts_fr`)
	if err != nil {
		return nil, fmt.Errorf("postgres: committees with pilots: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (CommitteeStatus, error) {
		var c CommitteeStatus
		err := row.Scan(&c.ID, &c.Slug, &c.Name, &c.Departements, &c.Pilots)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: committees with pilots: %w", err)
	}
	return out, nil
}

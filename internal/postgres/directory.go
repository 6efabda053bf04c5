package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// DirectoryFilter selects and orders a page of the members directory.
type DirectoryFilter struct {
	Query         string // part of the name, as the viewer sees it
	Role          clts.Role
	InstitutionID int64
	GroupID       int64
	Departement   string
	Sort          string // "nom" (default), "role" or "institution"
	Page          int    // from 1
	PageSize      int
	// ViewerID and ViewerIsPilot decide which name is searched: a supported
	// person who hides their full name is found by first name and initial
	// only, so a search cannot reveal it.
	ViewerID      int64
	ViewerIsPilot bool
}

// shortNameSQL mirrors clts.ShortName: first word and the initial of the last.
const shortNameSQL = `CASE WHEN btrim(a.display_name) ~ '\s'
	THEN substring(btrim(a.display_name) from '^\S+') || ' ' || left(substring(btrim(a.display_name) from '\S+$'), 1) || '.'
	ELSE btrim(a.display_name) END`

// visibleNameSQL is the name of account a, member m, as a viewer may see
// it: the SQL twin of clts.Profile.View's rule, for every query that lists
// people. pilot and viewer name the query's parameters for "the viewer is
// a pilot" and the viewer's account id.
func visibleNameSQL(pilot, viewer string) string {
	return `CASE WHEN m.role = 'personne_accompagnee' AND NOT m.show_full_name AND NOT ` + pilot +
		` AND m.account_id <> ` + viewer + ` THEN ` + shortNameSQL + ` ELSE a.display_name END`
}

const profileSelect = `SELECT a.id, a.display_name, coalesce(a.email, ''), a.login, m.role, m.active,
		coalesce(m.institution_id, 0), coalesce(i.name, ''), m.departement, m.presentation, m.phone,
		m.show_email, m.show_phone, m.show_full_name, m.version,
		coalesce((SELECT array_agg(g.title ORDER BY g.title COLLATE clts_fr) FROM group_members gm
			JOIN working_groups g ON g.committee_id = gm.committee_id AND g.id = gm.group_id
			WHERE gm.committee_id = m.committee_id AND gm.account_id = m.account_id
			  AND gm.status <> 'pending' AND NOT g.archived), '{}')`

const profileFrom = `FROM memberships m
	JOIN accounts a ON a.id = m.account_id
	LEFT JOIN institutions i ON i.committee_id = m.committee_id AND i.id = m.institution_id`

func scanProfile(row pgx.Row, extra ...any) (clts.Profile, error) {
	var p clts.Profile
	dest := []any{&p.AccountID, &p.DisplayName, &p.Email, &p.Login, &p.Role, &p.Active,
		&p.InstitutionID, &p.Institution, &p.Departement, &p.Presentation, &p.Phone,
		&p.ShowEmail, &p.ShowPhone, &p.ShowFullName, &p.Version, &p.Groups}
	err := row.Scan(append(dest, extra...)...)
	return p, err
}

// directoryOrder is the order of the directory's members for a sort ("nom",
// the default, "role" or "institution").
func directoryOrder(sort string) string {
	switch sort {
	case "role":
		return "m.role, visible_name COLLATE clts_fr, a.id"
	case "institution":
		return "i.name IS NULL, i.name COLLATE clts_fr, visible_name COLLATE clts_fr, a.id"
	}
	return "visible_name COLLATE clts_fr, a.id"
}

// directoryFrom is the FROM clause of the directory's queries: the
// members with the name the viewer sees (v.visible_name), the viewer being
// parameters $2 and $3 of directoryArgs.
func directoryFrom() string {
	return profileFrom + `,
		LATERAL (SELECT ` + visibleNameSQL("$2", "$3") + ` AS visible_name) v`
}

// directoryMatch selects, over directoryFrom, the committee's active members
// matching the filter of directoryArgs ($1 to $8).
func directoryMatch() string {
	return `m.committee_id = $1 AND m.active
		  AND ($4 = '' OR ` + foldSQL("v.visible_name") + ` LIKE '%' || ` + foldSQL("$4") + ` || '%')
		  AND ($5 = '' OR m.role = $5)
		  AND ($6 = 0 OR m.institution_id = $6)
		  AND ($7 = 0 OR EXISTS (SELECT FROM group_members gm WHERE gm.committee_id = m.committee_id
		       AND gm.group_id = $7 AND gm.account_id = m.account_id AND gm.status <> 'pending'))
		  AND ($8 = '' OR m.departement = $8 OR $8 = ANY (i.departements))`
}

// directoryArgs are the parameters of directoryMatch for f in the scope's
// committee.
func (tx *Tx) directoryArgs(f DirectoryFilter) []any {
	return []any{tx.sc.CommitteeID, f.ViewerIsPilot, f.ViewerID, escapeLike(strings.TrimSpace(f.Query)),
		string(f.Role), f.InstitutionID, f.GroupID, f.Departement}
}

// Directory returns one page of the committee's active members matching f,
// and the number of matches (count(*) OVER the filtered rows), in a single
// statement whatever the page's length.
func (tx *Tx) Directory(ctx context.Context, f DirectoryFilter) ([]clts.Profile, int, error) {
	if f.PageSize <= 0 {
		f.PageSize = 50
	}
	if f.Page < 1 {
		f.Page = 1
	}
	order := directoryOrder(f.Sort)
	// The page is chosen first, over the filtered members only; the
	// profile columns and group titles are then read for that page's
	// rows alone, so a long directory costs one sort, not one subquery
	// per member.
	q := `WITH page AS (
		SELECT m.account_id, count(*) OVER () AS total, row_number() OVER (ORDER BY ` + order + `) AS rn
		` + directoryFrom() + `
		WHERE ` + directoryMatch() + `
		ORDER BY ` + order + ` LIMIT $9 OFFSET $10)
	` + profileSelect + `, page.total ` + profileFrom + `
		JOIN page ON page.account_id = m.account_id
		WHERE m.committee_id = $1
		ORDER BY page.rn`
	rows, err := tx.query(ctx, q, append(tx.directoryArgs(f), f.PageSize, (f.Page-1)*f.PageSize)...)
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: directory: %w", err)
	}
	total := 0
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.Profile, error) {
		return scanProfile(row, &total)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: directory: %w", err)
	}
	return out, total, nil
}

// EachDirectoryEntry calls fn with every committee member matching f
// (its page and page size aside), in the directory's order, as the rows
// arrive from one statement: an export streams them without holding the
// directory in memory. It stops at fn's first error and returns it as is.
func (tx *Tx) EachDirectoryEntry(ctx context.Context, f DirectoryFilter, fn func(clts.Profile) error) error {
	rows, err := tx.query(ctx, profileSelect+` `+directoryFrom()+`
		WHERE `+directoryMatch()+`
		ORDER BY `+directoryOrder(f.Sort), tx.directoryArgs(f)...)
	if err != nil {
		return fmt.Errorf("postgres: directory entries: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		p, err := scanProfile(rows)
		if err != nil {
			return fmt.Errorf("postgres: directory entries: %w", err)
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postgres: directory entries: %w", err)
	}
	return nil
}

// foldSQL lowers a text and removes French accents, so that "eloise"
// finds "Éloïse" (the unaccent extension would need a superuser).
func foldSQL(expr string) string {
	return "translate(lower(" + expr + "), 'àâäáãåéèêëíìîïóòôöõúùûüýÿçñœæ', 'aaaaaaeeeeiiiiooooouuuuyycnoa')"
}

// escapeLike makes a search text match literally inside LIKE.
func escapeLike(s string) string {
	return strings.NewReplacer(`\`, `\\`, `%`, `\%`, `_`, `\_`).Replace(s)
}

// Profile returns a member's profile in the committee.
func (tx *Tx) Profile(ctx context.Context, accountID int64) (*clts.Profile, error) {
	p, err := scanProfile(tx.queryRow(ctx, profileSelect+` `+profileFrom+`
		WHERE m.committee_id = $1 AND m.account_id = $2`, tx.sc.CommitteeID, accountID))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Membre introuvable.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: profile: %w", err)
	}
	return &p, nil
}

// InstitutionRepresentatives lists the active members attached to an
// institution.
func (tx *Tx) InstitutionRepresentatives(ctx context.Context, institutionID int64) ([]clts.Profile, error) {
	rows, err := tx.query(ctx, profileSelect+` `+profileFrom+`
		WHERE m.committee_id = $1 AND m.institution_id = $2 AND m.active
		ORDER BY a.display_name COLLATE clts_fr, a.id`, tx.sc.CommitteeID, institutionID)
	if err != nil {
		return nil, fmt.Errorf("postgres: representatives: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.Profile, error) { return scanProfile(row) })
	if err != nil {
		return nil, fmt.Errorf("postgres: representatives: %w", err)
	}
	return out, nil
}

// UpdateProfile saves what a member writes about themselves, edited from
// version p.Version.
func (tx *Tx) UpdateProfile(ctx context.Context, p clts.Profile) error {
	if err := p.ValidateProfile(); err != nil {
		return err
	}
	tag, err := tx.exec(ctx, `UPDATE memberships SET departement = $4, presentation = $5, phone = $6,
			show_email = $7, show_phone = $8, show_full_name = $9, version = version + 1, updated_at = now()
		WHERE committee_id = $1 AND account_id = $2 AND version = $3`,
		tx.sc.CommitteeID, p.AccountID, p.Version, p.Departement, p.Presentation, p.Phone, p.ShowEmail, p.ShowPhone, p.ShowFullName)
	if err != nil {
		return fmt.Errorf("postgres: update profile: %w", mapError(err))
	}
	if tag.RowsAffected() == 0 {
		return clts.Errorf(clts.ECONFLICT, "Votre profil a été modifié entre-temps (dans un autre onglet ?). Votre texte est conservé ci-dessous : vérifiez-le et enregistrez de nouveau.")
	}
	return tx.audit(ctx, "profile.update", "")
}

// SetMemberInstitution attaches a member to an institution of the committee,
// or detaches them (institutionID 0).
func (tx *Tx) SetMemberInstitution(ctx context.Context, accountID, institutionID int64) error {
	var name string
	err := tx.queryRow(ctx, `UPDATE memberships SET institution_id = nullif($3, 0), version = version + 1, updated_at = now()
		WHERE committee_id = $1 AND account_id = $2
		RETURNING (SELECT display_name FROM accounts WHERE id = $2)`, tx.sc.CommitteeID, accountID, institutionID).Scan(&name)
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Errorf(clts.ENOTFOUND, "Membre introuvable.")
	}
	if err != nil {
		return fmt.Errorf("postgres: member institution: %w", mapError(err))
	}
	return tx.auditOn(ctx, "member.institution", name, clts.On(clts.ObjectInstitution, institutionID))
}

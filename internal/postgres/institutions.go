package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// Institutions lists the committee's institutions by name, with the number
// of active members attached to each, in one query.
func (tx *Tx) Institutions(ctx context.Context, includeArchived bool) ([]clts.Institution, error) {
	rows, err := tx.query(ctx, `SELECT i.committee_id, i.id, i.name, i.kind, i.departements, i.website, i.description,
			i.logo IS NOT NULL, i.archived, i.version,
			(SELECT count(*) FROM memberships m
			 WHERE m.committee_id = i.committee_id AND m.institution_id = i.id AND m.active)
		FROM institutions i
		WHERE i.committee_id = $1 AND (NOT i.archived OR $2)
		ORDER BY i.archived, i.name COLLATE clts_fr`, tx.sc.CommitteeID, includeArchived)
	if err != nil {
		return nil, fmt.Errorf("postgres: institutions: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.Institution, error) {
		var i clts.Institution
		err := row.Scan(&i.CommitteeID, &i.ID, &i.Name, &i.Kind, &i.Departements, &i.Website, &i.Description,
			&i.HasLogo, &i.Archived, &i.Version, &i.Members)
		return i, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: institutions: %w", err)
	}
	return out, nil
}

// InstitutionByID returns one institution of the committee.
func (tx *Tx) InstitutionByID(ctx context.Context, id int64) (*clts.Institution, error) {
	var i clts.Institution
	err := tx.queryRow(ctx, `SELECT committee_id, id, name, kind, departements, website, description,
			logo IS NOT NULL, archived, version
		FROM institutions WHERE committee_id = $1 AND id = $2`, tx.sc.CommitteeID, id).
		Scan(&i.CommitteeID, &i.ID, &i.Name, &i.Kind, &i.Departements, &i.Website, &i.Description, &i.HasLogo, &i.Archived, &i.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Institution introuvable.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: institution: %w", err)
	}
	return &i, nil
}

// InstitutionLogo returns an institution's logo and its content type. The
// logo of an archived institution is found only with includeArchived, as
// the institution itself is for those who manage institutions.
func (tx *Tx) InstitutionLogo(ctx context.Context, id int64, includeArchived bool) ([]byte, string, error) {
	var logo []byte
	var ctype string
	err := tx.queryRow(ctx, `SELECT logo, logo_type FROM institutions
		WHERE committee_id = $1 AND id = $2 AND logo IS NOT NULL AND (NOT archived OR $3)`,
		tx.sc.CommitteeID, id, includeArchived).Scan(&logo, &ctype)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, "", clts.Errorf(clts.ENOTFOUND, "Logo introuvable.")
	}
	if err != nil {
		return nil, "", fmt.Errorf("postgres: logo: %w", err)
	}
	return logo, ctype, nil
}

// Logo is an uploaded image; nil keeps the current one.
type Logo struct {
	Data        []byte
	ContentType string
	Remove      bool
}

// CreateInstitution adds a partner institution to the committee.
func (tx *Tx) CreateInstitution(ctx context.Context, i clts.Institution, logo *Logo) (int64, error) {
	if err := i.Validate(); err != nil {
		return 0, err
	}
	if i.Departements == nil {
		i.Departements = []string{}
	}
	var data []byte
	ctype := ""
	if logo != nil && !logo.Remove {
		data, ctype = logo.Data, logo.ContentType
	}
	var id int64
	err := tx.queryRow(ctx, `INSERT INTO institutions (committee_id, name, kind, departements, website, description, logo, logo_type)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id`,
		tx.sc.CommitteeID, strings.TrimSpace(i.Name), i.Kind, i.Departements, i.Website, i.Description, data, ctype).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("postgres: create institution: %w", institutionError(err))
	}
	if err := tx.auditOn(ctx, "institution.create", i.Name, clts.On(clts.ObjectInstitution, id)); err != nil {
		return 0, err
	}
	return id, nil
}

// UpdateInstitution saves an institution edited from version i.Version; if
// someone saved in between, it changes nothing and returns a conflict.
func (tx *Tx) UpdateInstitution(ctx context.Context, i clts.Institution, logo *Logo) error {
	if err := i.Validate(); err != nil {
		return err
	}
	if i.Departements == nil {
		i.Departements = []string{}
	}
	tag, err := tx.exec(ctx, `UPDATE institutions SET name = $4, kind = $5, departements = $6, website = $7,
			description = $8, version = version + 1, updated_at = now()
		WHERE committee_id = $1 AND id = $2 AND version = $3`,
		tx.sc.CommitteeID, i.ID, i.Version, strings.TrimSpace(i.Name), i.Kind, i.Departements, i.Website, i.Description)
	if err != nil {
		return fmt.Errorf("postgres: update institution: %w", institutionError(err))
	}
	if tag.RowsAffected() == 0 {
		return tx.staleOrMissing(ctx, "institutions", i.ID)
	}
	if logo != nil {
		var data []byte
		ctype := ""
		if !logo.Remove {
			data, ctype = logo.Data, logo.ContentType
		}
		if _, err := tx.exec(ctx, `UPDATE institutions SET logo = $3, logo_type = $4 WHERE committee_id = $1 AND id = $2`,
			tx.sc.CommitteeID, i.ID, data, ctype); err != nil {
			return fmt.Errorf("postgres: institution logo: %w", err)
		}
	}
	return tx.auditOn(ctx, "institution.update", i.Name, clts.On(clts.ObjectInstitution, i.ID))
}

// SetInstitutionArchived archives or restores an institution.
func (tx *Tx) SetInstitutionArchived(ctx context.Context, id int64, archived bool) error {
	return tx.setArchived(ctx, "institutions", "name", "institution", id, archived)
}

// setArchived archives or restores a row of a committee table that has an
// archived flag, and records it as "<what>.archive" or "<what>.restore"
// with the row's label column.
func (tx *Tx) setArchived(ctx context.Context, table, labelCol, what string, id int64, archived bool) error {
	var label string
	err := tx.queryRow(ctx, `UPDATE `+table+` SET archived = $3, version = version + 1, updated_at = now()
		WHERE committee_id = $1 AND id = $2 RETURNING `+labelCol, tx.sc.CommitteeID, id, archived).Scan(&label)
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Errorf(clts.ENOTFOUND, "Élément introuvable.")
	}
	if err != nil {
		return fmt.Errorf("postgres: archive %s: %w", what, err)
	}
	action := what + ".restore"
	if archived {
		action = what + ".archive"
	}
	return tx.auditOn(ctx, action, label, clts.On(what, id))
}

func institutionError(err error) error {
	err = mapError(err)
	var e *clts.Error
	if errors.As(err, &e) && e.Code == clts.ECONFLICT {
		e.Fields = clts.FieldErrors{"nom": "Une institution de ce comité porte déjà ce nom."}
	}
	return err
}

// staleOrMissing explains why an optimistic update of the scope's committee
// changed no row: the row is gone (not found) or was saved by someone else
// since (conflict).
func (tx *Tx) staleOrMissing(ctx context.Context, table string, id int64) error {
	var exists bool
	if err := tx.queryRow(ctx, `SELECT EXISTS (SELECT FROM `+table+` WHERE committee_id = $1 AND id = $2)`, tx.sc.CommitteeID, id).Scan(&exists); err != nil {
		return fmt.Errorf("postgres: %s: %w", table, err)
	}
	if !exists {
		return clts.Errorf(clts.ENOTFOUND, "Élément introuvable.")
	}
	return clts.Errorf(clts.ECONFLICT, "Quelqu'un a enregistré une modification pendant que vous écriviez. Votre texte est conservé ci-dessous : comparez avec la version actuelle, puis enregistrez de nouveau.")
}

package postgres

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/portail-clts/clts/internal/clts"
)

// Scope says on whose behalf a transaction runs. Its fields become
// transaction-local settings that the row-level security policies read, so
// they vanish at commit or rollback and never leak to the next user of the
// pooled connection.
type Scope struct {
	CommitteeID int64  // the committee worked in; 0 outside any committee
	AccountID   int64  // the signed-in account; 0 when anonymous
	Operator    bool   // a platform operator on a national page
	HCTS        bool   // HCTS staff publishing national seminars
	TokenHash   []byte // an invitation token being redeemed
}

// InCommittee returns the scope of account working in committee.
func InCommittee(committeeID, accountID int64) Scope {
	return Scope{CommitteeID: committeeID, AccountID: accountID}
}

// inTx runs fn in a transaction with sc's settings, committing when fn
// returns nil.
func (db *DB) inTx(ctx context.Context, sc Scope, fn func(tx pgx.Tx) error) error {
	tx, err := db.pool.Begin(ctx)
	if err != nil {
		return fmt.Errorf("postgres: begin: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // no-op after commit
	if err := setScope(ctx, tx, sc); err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		return err
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: commit: %w", mapError(err))
	}
	return nil
}

func setScope(ctx context.Context, tx pgx.Tx, sc Scope) error {
	id := func(v int64) string {
		if v == 0 {
			return ""
		}
		return strconv.FormatInt(v, 10)
	}
	flag := func(b bool) string {
		if b {
			return "on"
		}
		return ""
	}
	_, err := tx.Exec(ctx, `SELECT set_config('clts.committee_id', $1, true),
		set_config('clts.account_id', $2, true),
		set_config('clts.operator', $3, true),
		set_config('clts.token_hash', $4, true),
		set_config('clts.hcts', $5, true)`,
		id(sc.CommitteeID), id(sc.AccountID), flag(sc.Operator), hex.EncodeToString(sc.TokenHash), flag(sc.HCTS))
	if err != nil {
		return fmt.Errorf("postgres: set scope: %w", err)
	}
	return nil
}

// mapError turns PostgreSQL errors that a user can cause into domain errors;
// this is the only place that reads PostgreSQL error codes. Messages never
// name another committee's rows.
func mapError(err error) error {
	var pe *pgconn.PgError
	if !errors.As(err, &pe) {
		return err
	}
	switch pe.Code {
	case "23505": // unique_violation
		switch pe.ConstraintName {
		case "accounts_login_key":
			e := clts.Errorf(clts.ECONFLICT, "Cet identifiant est déjà pris.")
			e.Fields = clts.FieldErrors{"login": "Cet identifiant est déjà pris : choisissez-en un autre."}
			return e
		case "accounts_email_key":
			e := clts.Errorf(clts.ECONFLICT, "Cette adresse électronique a déjà un compte.")
			e.Fields = clts.FieldErrors{"email": "Cette adresse électronique a déjà un compte : connectez-vous avec elle."}
			return e
		case "committees_slug_key":
			e := clts.Errorf(clts.ECONFLICT, "Ce comité existe déjà.")
			e.Fields = clts.FieldErrors{"slug": "Un comité porte déjà cet identifiant court."}
			return e
		}
		return clts.Errorf(clts.ECONFLICT, "Cet élément existe déjà.")
	case "23503", "42501": // foreign_key_violation, insufficient_privilege (RLS)
		return clts.Errorf(clts.ENOTFOUND, "Élément introuvable.")
	}
	return err
}

// audit writes a line of the audit log inside the action's transaction.
func audit(ctx context.Context, tx pgx.Tx, e clts.AuditEntry) error {
	_, err := tx.Exec(ctx, `INSERT INTO audit_log (committee_id, actor_id, action, subject, ip)
		VALUES ($1, $2, $3, $4, $5)`, nullID(e.CommitteeID), nullID(e.ActorID), e.Action, e.Subject, e.IP)
	if err != nil {
		return fmt.Errorf("postgres: audit %s: %w", e.Action, err)
	}
	return nil
}

// nullID maps the zero id to SQL NULL.
func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

package postgres

import (
	"context"
	"encoding/hex"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/portail-clts/clts/internal/clts"
)

// Scope says on whose behalf a unit of work runs. Its committee, account
// and flags become transaction-local settings that the row-level security
// policies read, so they vanish at commit or rollback and never leak to the
// next user of the pooled connection. The audit log takes its actor and
// address from the scope: no store method takes them as parameters.
type Scope struct {
	CommitteeID int64  // the committee worked in; 0 outside any committee
	AccountID   int64  // the signed-in account (or the one being signed in); 0 when anonymous
	Operator    bool   // a platform operator on a national page
	HCTS        bool   // HCTS staff publishing national seminars
	National    bool   // a reader of nationally shared rows (the national catalogue)
	TokenHash   []byte // an invitation token being redeemed
	IP          string // the client's address, for the audit log and throttles
	// GenericPlans plans each statement of the unit of work once per
	// connection and reuses the plan (plan_cache_mode =
	// force_generic_plan), instead of planning it for its parameters at
	// every execution as other units of work do: for the units of work whose
	// statements cost more to plan than to run and are written so that
	// their plan does not depend on their parameters (the practice
	// searches, practice_search.go).
	GenericPlans bool
}

// InCommittee returns the scope of account working in committee.
func InCommittee(committeeID, accountID int64) Scope {
	return Scope{CommitteeID: committeeID, AccountID: accountID}
}

// Tx is a unit of work: one transaction opened with its scope's settings.
// Its methods are the store's queries; they read the committee, the actor
// and the address from the scope. A Tx is only valid inside the callback of
// DB.Read, DB.Write or DB.Snapshot.
type Tx struct {
	pg pgx.Tx
	sc Scope
	db *DB
	// helper is the referent acting with the scope's account, a supported
	// person (ActingWith, referents.go); 0 otherwise.
	helper int64
}

// Scope returns the scope the unit of work runs in.
func (tx *Tx) Scope() Scope { return tx.sc }

// Read runs fn in one read-only transaction: a page's reads share one
// BEGIN, one setting of the scope and one COMMIT.
func (db *DB) Read(ctx context.Context, sc Scope, fn func(*Tx) error) error {
	return db.run(ctx, sc, "READ COMMITTED READ ONLY", fn)
}

// Write runs fn in one read-write transaction, committed when fn returns
// nil and rolled back otherwise: a workflow step (check the state, change
// it, audit it, queue the e-mail) is all or nothing.
func (db *DB) Write(ctx context.Context, sc Scope, fn func(*Tx) error) error {
	return db.run(ctx, sc, "READ COMMITTED READ WRITE", fn)
}

// Snapshot runs fn in one read-only REPEATABLE READ transaction, so that a
// streamed export is one consistent picture of the data.
func (db *DB) Snapshot(ctx context.Context, sc Scope, fn func(*Tx) error) error {
	return db.run(ctx, sc, "REPEATABLE READ READ ONLY", fn)
}

func (db *DB) run(ctx context.Context, sc Scope, mode string, fn func(*Tx) error) error {
	// BEGIN and the scope's settings travel in one message (one round trip):
	// the values are integers, flags and hex digits, written by scopeSQL.
	pg, err := db.pool.BeginTx(ctx, pgx.TxOptions{BeginQuery: "BEGIN ISOLATION LEVEL " + mode + "; " + scopeSQL(sc)})
	if err != nil {
		return fmt.Errorf("postgres: begin: %w", err)
	}
	defer pg.Rollback(ctx) //nolint:errcheck // no-op after commit
	if err := fn(&Tx{pg: pg, sc: sc, db: db}); err != nil {
		return err
	}
	if err := pg.Commit(ctx); err != nil {
		return fmt.Errorf("postgres: commit: %w", mapError(err))
	}
	return nil
}

// rescope changes the scope of a running unit of work, for the rare step
// that learns its committee on the way (redeeming an invitation, creating a
// committee and its first pilot).
func (tx *Tx) rescope(ctx context.Context, sc Scope) error {
	if sc.IP == "" {
		sc.IP = tx.sc.IP
	}
	if _, err := tx.pg.Exec(ctx, scopeSQL(sc)); err != nil {
		return fmt.Errorf("postgres: set scope: %w", err)
	}
	tx.sc = sc
	return nil
}

// scopeSQL is the statement that sets sc's settings for the current
// transaction only (set_config's third argument). It is sent with the
// simple protocol, next to BEGIN, hence literal values: every one is an
// integer, "on" or hex digits, so nothing needs quoting.
func scopeSQL(sc Scope) string {
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
	var b strings.Builder
	b.WriteString("SELECT ")
	for i, kv := range [][2]string{
		{"clts.committee_id", id(sc.CommitteeID)},
		{"clts.account_id", id(sc.AccountID)},
		{"clts.operator", flag(sc.Operator)},
		{"clts.token_hash", hex.EncodeToString(sc.TokenHash)},
		{"clts.hcts", flag(sc.HCTS)},
		{"clts.national", flag(sc.National)},
	} {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "set_config('%s', '%s', true)", kv[0], kv[1])
	}
	// The portal's statements are short and their parameters matter (a
	// committee's 5 next meetings, one person's feed): a plan made for the
	// actual parameters each time beats a cached generic one that reads
	// every meeting's answers before keeping five (7 ms against 1 ms in
	// make bench). The connection's default, generic plans, is for the
	// session store's statements (OpenConfig).
	if sc.GenericPlans {
		b.WriteString(", set_config('plan_cache_mode', 'force_generic_plan', true)")
	} else {
		b.WriteString(", set_config('plan_cache_mode', 'force_custom_plan', true)")
	}
	return b.String()
}

// query, queryRow, exec and sendBatch run statements in the unit of work.
func (tx *Tx) query(ctx context.Context, sql string, args ...any) (pgx.Rows, error) {
	return tx.pg.Query(ctx, sql, args...)
}

func (tx *Tx) queryRow(ctx context.Context, sql string, args ...any) pgx.Row {
	return tx.pg.QueryRow(ctx, sql, args...)
}

func (tx *Tx) exec(ctx context.Context, sql string, args ...any) (pgconn.CommandTag, error) {
	return tx.pg.Exec(ctx, sql, args...)
}

// sendBatch sends independent statements together, in one round trip.
func (tx *Tx) sendBatch(ctx context.Context, b *pgx.Batch) pgx.BatchResults {
	return tx.pg.SendBatch(ctx, b)
}

// audit writes a line of the audit log inside the action's transaction,
// on behalf of the scope: its committee (none for a national action), its
// account and its address.
func (tx *Tx) audit(ctx context.Context, action, subject string) error {
	return tx.auditEntry(ctx, clts.AuditEntry{CommitteeID: tx.sc.CommitteeID, ActorID: tx.sc.AccountID,
		Action: action, Subject: subject, IP: tx.sc.IP})
}

// auditOn is audit for a change of one of the committee's rows, obj: the
// journal names it by its current title and links to it. The subject
// stays the words of the moment, shown when the row is gone.
func (tx *Tx) auditOn(ctx context.Context, action, subject string, obj clts.AuditObject) error {
	return tx.auditEntry(ctx, clts.AuditEntry{CommitteeID: tx.sc.CommitteeID, ActorID: tx.sc.AccountID,
		Action: action, Subject: subject, IP: tx.sc.IP, Object: obj})
}

// auditEntry writes an audit line whose committee or actor differ from the
// scope's (a national line written from a committee page, say).
func (tx *Tx) auditEntry(ctx context.Context, e clts.AuditEntry) error {
	if e.IP == "" {
		e.IP = tx.sc.IP
	}
	// With a referent's help, the referent did it for the person.
	var forID int64
	if tx.helper != 0 && e.ActorID == tx.sc.AccountID {
		e.ActorID, forID = tx.helper, tx.sc.AccountID
	}
	// The subject then names the person: « … — pour Jean Dupuis ».
	_, err := tx.pg.Exec(ctx, `INSERT INTO audit_log (committee_id, actor_id, action, subject, ip, object_kind, object_id, for_account_id)
		VALUES ($1, $2, $3, CASE WHEN $8::bigint IS NULL THEN $4::text
			ELSE concat_ws(' — ', nullif($4::text, ''), 'pour ' || (SELECT display_name FROM accounts WHERE id = $8)) END,
			$5, nullif($6, ''), $7, $8)`, nullID(e.CommitteeID), nullID(e.ActorID), e.Action, e.Subject, e.IP,
		e.Object.Kind, nullID(e.Object.ID), nullID(forID))
	if err != nil {
		return fmt.Errorf("postgres: audit %s: %w", e.Action, err)
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
	case "23514": // check_violation: the contributions' guard (migration 00018)
		switch {
		case strings.Contains(pe.Message, "is transmitted and locked"):
			return clts.Errorf(clts.ECONFLICT, "Cette contribution a été transmise au HCTS : elle ne peut plus être modifiée.")
		case strings.Contains(pe.Message, "is closed"):
			return clts.Errorf(clts.ECONFLICT, "La campagne est close : plus rien ne peut lui être transmis.")
		}
	case "23503", "42501": // foreign_key_violation, insufficient_privilege (RLS)
		return clts.Errorf(clts.ENOTFOUND, "Élément introuvable.")
	}
	return err
}

// nullID maps the zero id to SQL NULL.
func nullID(id int64) *int64 {
	if id == 0 {
		return nil
	}
	return &id
}

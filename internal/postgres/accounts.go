package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

const accountColumns = `id, coalesce(email, ''), login, display_name, password_hash, disabled,
	hcts_reader, operator, session_stamp, version`

func scanAccount(row pgx.Row) (*clts.Account, error) {
	var a clts.Account
	err := row.Scan(&a.ID, &a.Email, &a.Login, &a.DisplayName, &a.PasswordHash, &a.Disabled,
		&a.HCTSReader, &a.Operator, &a.SessionStamp, &a.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Compte introuvable.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: account: %w", err)
	}
	return &a, nil
}

// AccountByID returns an account.
func (db *DB) AccountByID(ctx context.Context, id int64) (*clts.Account, error) {
	return scanAccount(db.pool.QueryRow(ctx, `SELECT `+accountColumns+` FROM accounts WHERE id = $1`, id))
}

// AccountByIdentifier finds an account by e-mail address or login name,
// case-insensitively, as typed on the login form.
func (db *DB) AccountByIdentifier(ctx context.Context, identifier string) (*clts.Account, error) {
	identifier = strings.TrimSpace(identifier)
	col := "lower(login)"
	if strings.Contains(identifier, "@") {
		col = "lower(email)"
	}
	return scanAccount(db.pool.QueryRow(ctx,
		`SELECT `+accountColumns+` FROM accounts WHERE `+col+` = lower($1)`, identifier))
}

// NewAccount is what creating an account needs.
type NewAccount struct {
	Email        string
	Login        string
	DisplayName  string
	PasswordHash string
	HCTSReader   bool
	Operator     bool
}

func createAccount(ctx context.Context, tx pgx.Tx, a NewAccount) (int64, error) {
	var id int64
	err := tx.QueryRow(ctx, `INSERT INTO accounts (email, login, display_name, password_hash, hcts_reader, operator)
		VALUES (nullif($1, ''), $2, $3, $4, $5, $6) RETURNING id`,
		a.Email, a.Login, clts.CleanName(a.DisplayName), a.PasswordHash, a.HCTSReader, a.Operator).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("postgres: create account: %w", mapError(err))
	}
	return id, nil
}

// CreateAccount creates an account outside any committee (operator and HCTS
// accounts, the command line, the demo) and records it in the audit log.
func (db *DB) CreateAccount(ctx context.Context, a NewAccount, actorID int64, ip string) (int64, error) {
	var id int64
	err := db.inTx(ctx, Scope{AccountID: actorID}, func(tx pgx.Tx) error {
		var err error
		if id, err = createAccount(ctx, tx, a); err != nil {
			return err
		}
		return audit(ctx, tx, clts.AuditEntry{ActorID: actorID, Action: "account.create", Subject: a.Login, IP: ip})
	})
	return id, err
}

// UpdateDisplayName renames an account if nobody saved it since version.
func (db *DB) UpdateDisplayName(ctx context.Context, id int64, version int, name, ip string) error {
	return db.inTx(ctx, Scope{AccountID: id}, func(tx pgx.Tx) error {
		tag, err := tx.Exec(ctx, `UPDATE accounts SET display_name = $3, version = version + 1, updated_at = now()
			WHERE id = $1 AND version = $2`, id, version, clts.CleanName(name))
		if err != nil {
			return fmt.Errorf("postgres: rename account: %w", mapError(err))
		}
		if tag.RowsAffected() == 0 {
			return clts.Errorf(clts.ECONFLICT, "Votre compte a été modifié entre-temps (dans un autre onglet ?). Vérifiez et enregistrez de nouveau.")
		}
		return audit(ctx, tx, clts.AuditEntry{ActorID: id, Action: "account.rename", IP: ip})
	})
}

// SetPassword stores a new password hash and raises the session stamp, which
// ends every other session of the account; it returns the new stamp.
func (db *DB) SetPassword(ctx context.Context, id int64, hash, ip string) (int64, error) {
	var stamp int64
	err := db.inTx(ctx, Scope{AccountID: id}, func(tx pgx.Tx) error {
		var err error
		stamp, err = setPassword(ctx, tx, id, hash)
		if err != nil {
			return err
		}
		return audit(ctx, tx, clts.AuditEntry{ActorID: id, Action: "account.password", IP: ip})
	})
	return stamp, err
}

func setPassword(ctx context.Context, tx pgx.Tx, id int64, hash string) (int64, error) {
	var stamp int64
	err := tx.QueryRow(ctx, `UPDATE accounts SET password_hash = $2, session_stamp = session_stamp + 1,
		version = version + 1, updated_at = now() WHERE id = $1 RETURNING session_stamp`, id, hash).Scan(&stamp)
	if err != nil {
		return 0, fmt.Errorf("postgres: set password: %w", err)
	}
	// A new password voids the reset links still pending: one sent before
	// would otherwise change it again within the hour.
	if _, err := tx.Exec(ctx, `UPDATE password_resets SET used_at = now() WHERE account_id = $1 AND used_at IS NULL`, id); err != nil {
		return 0, fmt.Errorf("postgres: set password: %w", err)
	}
	return stamp, nil
}

// RehashPassword replaces a hash made with older parameters, keeping sessions.
func (db *DB) RehashPassword(ctx context.Context, id int64, hash string) error {
	_, err := db.pool.Exec(ctx, `UPDATE accounts SET password_hash = $2 WHERE id = $1`, id, hash)
	if err != nil {
		return fmt.Errorf("postgres: rehash password: %w", err)
	}
	return nil
}

// EndSessions raises the session stamp: every session of the account ends at
// its next request. It returns the new stamp.
func (db *DB) EndSessions(ctx context.Context, id, actorID int64, ip string) (int64, error) {
	var stamp int64
	err := db.inTx(ctx, Scope{AccountID: actorID}, func(tx pgx.Tx) error {
		if err := tx.QueryRow(ctx, `UPDATE accounts SET session_stamp = session_stamp + 1 WHERE id = $1
			RETURNING session_stamp`, id).Scan(&stamp); err != nil {
			return fmt.Errorf("postgres: end sessions: %w", err)
		}
		return audit(ctx, tx, clts.AuditEntry{ActorID: actorID, Action: "account.logout_everywhere", IP: ip})
	})
	return stamp, err
}

// EnsureAccount returns the id of the account with a's login name, creating
// it when missing (demo data, command line). An existing account is left as
// it is.
func (db *DB) EnsureAccount(ctx context.Context, a NewAccount) (id int64, created bool, err error) {
	existing, err := db.AccountByIdentifier(ctx, a.Login)
	if err == nil {
		return existing.ID, false, nil
	}
	if clts.ErrorCode(err) != clts.ENOTFOUND {
		return 0, false, err
	}
	id, err = db.CreateAccount(ctx, a, 0, "")
	return id, err == nil, err
}

// AccountExists reports whether an account uses the login name or e-mail.
func (db *DB) AccountExists(ctx context.Context, identifier string) (bool, error) {
	_, err := db.AccountByIdentifier(ctx, identifier)
	if err == nil {
		return true, nil
	}
	if clts.ErrorCode(err) == clts.ENOTFOUND {
		return false, nil
	}
	return false, err
}

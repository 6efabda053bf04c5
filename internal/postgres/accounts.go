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

// scanAccount scans accountColumns, then the extra columns into extra.
func scanAccount(row pgx.Row, extra ...any) (*clts.Account, error) {
	var a clts.Account
	err := row.Scan(append([]any{&a.ID, &a.Email, &a.Login, &a.DisplayName, &a.PasswordHash, &a.Disabled,
		&a.HCTSReader, &a.Operator, &a.SessionStamp, &a.Version}, extra...)...)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Compte introuvable.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: account: %w", err)
	}
	return &a, nil
}

// AccountByID returns an account.
func (tx *Tx) AccountByID(ctx context.Context, id int64) (*clts.Account, error) {
	return scanAccount(tx.queryRow(ctx, `SELECT `+accountColumns+` FROM accounts WHERE id = $1`, id))
}

// AccountByIdentifier finds an account by e-mail address or login name,
// case-insensitively, as typed on the login form.
func (tx *Tx) AccountByIdentifier(ctx context.Context, identifier string) (*clts.Account, error) {
	identifier = strings.TrimSpace(identifier)
	col := "lower(login)"
	if strings.Contains(identifier, "@") {
		col = "lower(email)"
	}
	return scanAccount(tx.queryRow(ctx,
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

func (tx *Tx) createAccount(ctx context.Context, a NewAccount) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, `INSERT INTO accounts (email, login, display_name, password_hash, hcts_reader, operator)
		VALUES (nullif($1, ''), $2, $3, $4, $5, $6) RETURNING id`,
		a.Email, a.Login, clts.CleanName(a.DisplayName), a.PasswordHash, a.HCTSReader, a.Operator).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("postgres: create account: %w", mapError(err))
	}
	return id, nil
}

// CreateAccount creates an account outside any committee (operator and HCTS
// accounts, the command line, the demo) and records it in the audit log on
// behalf of the scope's account (none for the command line and the demo).
func (tx *Tx) CreateAccount(ctx context.Context, a NewAccount) (int64, error) {
	id, err := tx.createAccount(ctx, a)
	if err != nil {
		return 0, err
	}
	return id, tx.auditAccount(ctx, "account.create", a.Login)
}

// auditAccount writes a national line of the audit log (no committee, even
// from a committee page) on behalf of the scope's account.
func (tx *Tx) auditAccount(ctx context.Context, action, subject string) error {
	return tx.auditEntry(ctx, clts.AuditEntry{ActorID: tx.sc.AccountID, Action: action, Subject: subject})
}

// UpdateDisplayName renames the scope's account if nobody saved it since
// version.
func (tx *Tx) UpdateDisplayName(ctx context.Context, version int, name string) error {
	tag, err := tx.exec(ctx, `UPDATE accounts SET display_name = $3, version = version + 1, updated_at = now()
		WHERE id = $1 AND version = $2`, tx.sc.AccountID, version, clts.CleanName(name))
	if err != nil {
		return fmt.Errorf("postgres: rename account: %w", mapError(err))
	}
	if tag.RowsAffected() == 0 {
		return clts.Errorf(clts.ECONFLICT, "Votre compte a été modifié entre-temps (dans un autre onglet ?). Vérifiez et enregistrez de nouveau.")
	}
	return tx.auditAccount(ctx, "account.rename", "")
}

// SetPassword stores a new password hash for the scope's account and raises
// its session stamp, which ends every other session of the account; it
// returns the new stamp.
func (tx *Tx) SetPassword(ctx context.Context, hash string) (int64, error) {
	stamp, err := tx.setPassword(ctx, tx.sc.AccountID, hash)
	if err != nil {
		return 0, err
	}
	return stamp, tx.auditAccount(ctx, "account.password", "")
}

func (tx *Tx) setPassword(ctx context.Context, id int64, hash string) (int64, error) {
	var stamp int64
	err := tx.queryRow(ctx, `UPDATE accounts SET password_hash = $2, session_stamp = session_stamp + 1,
		version = version + 1, updated_at = now() WHERE id = $1 RETURNING session_stamp`, id, hash).Scan(&stamp)
	if err != nil {
		return 0, fmt.Errorf("postgres: set password: %w", err)
	}
	// A new password voids the reset links still pending: one sent before
	// would otherwise change it again within the hour.
	if _, err := tx.exec(ctx, `UPDATE password_resets SET used_at = now() WHERE account_id = $1 AND used_at IS NULL`, id); err != nil {
		return 0, fmt.Errorf("postgres: set password: %w", err)
	}
	return stamp, nil
}

// RehashPassword replaces the scope's account's hash made with older
// parameters, keeping sessions. The scope's account is the one signing in.
func (tx *Tx) RehashPassword(ctx context.Context, hash string) error {
	_, err := tx.exec(ctx, `UPDATE accounts SET password_hash = $2 WHERE id = $1`, tx.sc.AccountID, hash)
	if err != nil {
		return fmt.Errorf("postgres: rehash password: %w", err)
	}
	return nil
}

// EndSessions logs account id out everywhere: it raises the session stamp,
// so that every session of the account ends at its next request, and voids
// the calendar feed secret, whose links would otherwise go on showing the
// person's meetings to whoever copied them (a new one can be made on the
// calendars page). The scope's account is recorded as the actor. It
// returns the new stamp.
func (tx *Tx) EndSessions(ctx context.Context, id int64) (int64, error) {
	var stamp int64
	if err := tx.queryRow(ctx, `UPDATE accounts SET session_stamp = session_stamp + 1, calendar_token_hash = NULL
		WHERE id = $1 RETURNING session_stamp`, id).Scan(&stamp); err != nil {
		return 0, fmt.Errorf("postgres: end sessions: %w", err)
	}
	return stamp, tx.auditAccount(ctx, "account.logout_everywhere", "")
}

// EnsureAccount returns the id of the account with a's login name, creating
// it when missing (demo data, command line). An existing account is left as
// it is.
func (tx *Tx) EnsureAccount(ctx context.Context, a NewAccount) (id int64, created bool, err error) {
	existing, err := tx.AccountByIdentifier(ctx, a.Login)
	if err == nil {
		return existing.ID, false, nil
	}
	if clts.ErrorCode(err) != clts.ENOTFOUND {
		return 0, false, err
	}
	id, err = tx.CreateAccount(ctx, a)
	return id, err == nil, err
}

// AccountExists reports whether an account uses the login name or e-mail.
func (tx *Tx) AccountExists(ctx context.Context, identifier string) (bool, error) {
	_, err := tx.AccountByIdentifier(ctx, identifier)
	if err == nil {
		return true, nil
	}
	if clts.ErrorCode(err) == clts.ENOTFOUND {
		return false, nil
	}
	return false, err
}

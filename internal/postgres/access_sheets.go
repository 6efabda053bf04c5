package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
)

// errSheetGone is what a code that no longer works says, wherever it is
// typed: used, replaced by a newer sheet, expired, or never printed.
func errSheetGone() error {
	return clts.Errorf(clts.ENOTFOUND, "Ce code n'est plus valable : il a déjà servi, a expiré ou a été remplacé par une nouvelle fiche. Demandez une nouvelle fiche d'accès au pilote de votre comité.")
}

// CreateAccessSheet stores a new access sheet for a member of the scope's
// committee, printed by the scope's account, with the hash of its code:
// after the member rules (auth.AccessSheetRefusal) allow it, the member's
// sheets still pending stop working, and the printing is recorded.
func (tx *Tx) CreateAccessSheet(ctx context.Context, accountID int64, tokenHash []byte, expires time.Time) (*clts.AccessSheet, error) {
	m, facts, err := tx.lockMember(ctx, accountID)
	if err != nil {
		return nil, err
	}
	p, err := tx.viewer(ctx)
	if err != nil {
		return nil, err
	}
	if facts.OtherCommittees, err = tx.otherCommittees(ctx, accountID); err != nil {
		return nil, err
	}
	if why := auth.AccessSheetRefusal(p, facts); why != "" {
		if !p.Can(auth.ManageMembers) {
			return nil, clts.Errorf(clts.EFORBIDDEN, "%s", why)
		}
		return nil, clts.Errorf(clts.ECONFLICT, "%s", why)
	}
	committeeID := tx.sc.CommitteeID
	if _, err := tx.exec(ctx, `UPDATE access_codes SET voided_at = now()
		WHERE committee_id = $1 AND account_id = $2 AND used_at IS NULL AND voided_at IS NULL`, committeeID, accountID); err != nil {
		return nil, fmt.Errorf("postgres: create access sheet: %w", err)
	}
	sheet := clts.AccessSheet{CommitteeID: committeeID, AccountID: accountID, DisplayName: m.DisplayName, Login: m.Login}
	err = tx.queryRow(ctx, `INSERT INTO access_codes (committee_id, account_id, token_hash, issued_by, expires_at)
		VALUES ($1, $2, $3, $4, $5) RETURNING id, expires_at`,
		committeeID, accountID, tokenHash, nullID(tx.sc.AccountID), expires).Scan(&sheet.ID, &sheet.ExpiresAt)
	if err != nil {
		return nil, fmt.Errorf("postgres: create access sheet: %w", mapError(err))
	}
	if err := tx.auditOn(ctx, "access.print", m.DisplayName, clts.On(clts.ObjectMember, accountID)); err != nil {
		return nil, err
	}
	return &sheet, nil
}

// otherCommittees counts the account's active memberships in committees
// other than the scope's. A committee cannot read them: the unit of work
// steps, for this one statement, into the account's own scope, where the
// policy "a person's own memberships" shows them, then steps back.
func (tx *Tx) otherCommittees(ctx context.Context, accountID int64) (int, error) {
	back := tx.sc
	own := Scope{CommitteeID: back.CommitteeID, AccountID: accountID, IP: back.IP}
	if err := tx.rescope(ctx, own); err != nil {
		return 0, err
	}
	var n int
	err := tx.queryRow(ctx, `SELECT count(*) FROM memberships WHERE account_id = $1 AND active AND committee_id <> $2`,
		accountID, back.CommitteeID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("postgres: other committees: %w", err)
	}
	if err := tx.rescope(ctx, back); err != nil {
		return 0, err
	}
	return n, nil
}

// AccessSheetByCode finds a pending access sheet by the hash of its code,
// with the member's name and login name, in a scope carrying the same hash
// (Scope{TokenHash: …}), which is what lets row-level security show it.
func (tx *Tx) AccessSheetByCode(ctx context.Context, tokenHash []byte) (*clts.AccessSheet, error) {
	var s clts.AccessSheet
	err := tx.queryRow(ctx, `SELECT s.committee_id, s.id, s.account_id, a.display_name, a.login, s.expires_at
		FROM access_codes s JOIN accounts a ON a.id = s.account_id
		WHERE s.token_hash = $1 AND s.used_at IS NULL AND s.voided_at IS NULL AND s.expires_at > now() AND NOT a.disabled`,
		tokenHash).Scan(&s.CommitteeID, &s.ID, &s.AccountID, &s.DisplayName, &s.Login, &s.ExpiresAt)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, errSheetGone()
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: access sheet: %w", err)
	}
	return &s, nil
}

// UseAccessSheet sets the member's new password through a sheet's code,
// once, in a scope carrying the code's hash: the sheet is locked and
// checked (pending, and the facts that let a pilot print it still hold:
// auth.AccessSheetStands), marked used, the member's other sheets and
// reset links stop working, every session of the account ends, and the
// failed logins under its login name are forgotten, which lifts a lock
// someone's guesses caused. The unit of work then belongs to the member's committee, on the
// member's behalf: they are the actor in the journal. It returns the sheet.
func (tx *Tx) UseAccessSheet(ctx context.Context, tokenHash []byte, passwordHash string) (*clts.AccessSheet, error) {
	var committeeID, id, accountID int64
	err := tx.queryRow(ctx, `SELECT committee_id, id, account_id FROM access_codes WHERE token_hash = $1`, tokenHash).
		Scan(&committeeID, &id, &accountID)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, errSheetGone()
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: use access sheet: %w", err)
	}
	if err := tx.rescope(ctx, Scope{CommitteeID: committeeID, AccountID: accountID, TokenHash: tokenHash}); err != nil {
		return nil, err
	}
	s := clts.AccessSheet{CommitteeID: committeeID, ID: id, AccountID: accountID}
	var pending, disabled, changed bool
	var facts auth.MemberFacts
	// The scope is the member's own: the policy on one's own memberships
	// shows those of other committees, counted as CreateAccessSheet does.
	err = tx.queryRow(ctx, `SELECT s.used_at IS NULL AND s.voided_at IS NULL AND s.expires_at > now(), s.expires_at,
			m.active, a.email IS NOT NULL, a.operator OR a.hcts_reader, a.disabled,
			(SELECT count(*) FROM memberships o WHERE o.account_id = s.account_id AND o.active AND o.committee_id <> s.committee_id),
			a.display_name, a.login, a.updated_at > s.created_at
		FROM access_codes s
		JOIN memberships m ON m.committee_id = s.committee_id AND m.account_id = s.account_id
		JOIN accounts a ON a.id = s.account_id
		WHERE s.committee_id = $1 AND s.id = $2 AND s.token_hash = $3
		FOR UPDATE OF s`, committeeID, id, tokenHash).Scan(&pending, &s.ExpiresAt, &facts.Active, &facts.HasEmail, &facts.National,
		&disabled, &facts.OtherCommittees, &s.DisplayName, &s.Login, &changed)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && !pending) {
		return nil, errSheetGone()
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: use access sheet: %w", err)
	}
	if disabled || changed || !auth.AccessSheetStands(facts) {
		// Deactivated since, given an address, national rights or another
		// committee, or the account changed (a new password chosen another
		// way, a new name: every change of accounts stamps updated_at): the
		// sheet no longer stands for the member it was printed for.
		return nil, errSheetGone()
	}
	if _, err := tx.exec(ctx, `UPDATE access_codes SET used_at = now() WHERE committee_id = $1 AND id = $2`, committeeID, id); err != nil {
		return nil, fmt.Errorf("postgres: use access sheet: %w", err)
	}
	if _, err := tx.exec(ctx, `UPDATE access_codes SET voided_at = now()
		WHERE committee_id = $1 AND account_id = $2 AND used_at IS NULL AND voided_at IS NULL`, committeeID, accountID); err != nil {
		return nil, fmt.Errorf("postgres: use access sheet: %w", err)
	}
	if _, err := tx.setPassword(ctx, accountID, passwordHash); err != nil {
		return nil, err
	}
	if err := tx.clearAccountFailures(ctx, accountID, ""); err != nil {
		return nil, err
	}
	if err := tx.auditOn(ctx, "access.use", s.DisplayName, clts.On(clts.ObjectMember, accountID)); err != nil {
		return nil, err
	}
	return &s, nil
}

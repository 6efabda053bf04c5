package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

const invitationColumns = `committee_id, id, kind, coalesce(email, ''), display_name, role,
	coalesce(invited_by, 0), expires_at, accepted_at, revoked_at, created_at`

func scanInvitation(row pgx.Row) (clts.Invitation, error) {
	var i clts.Invitation
	err := row.Scan(&i.CommitteeID, &i.ID, &i.Kind, &i.Email, &i.DisplayName, &i.Role,
		&i.InvitedBy, &i.ExpiresAt, &i.AcceptedAt, &i.RevokedAt, &i.CreatedAt)
	return i, err
}

// CreateInvitation stores an invitation to the scope's committee, made by
// the scope's account, with the hash of its token or code, queues its
// e-mail when m is not nil, and records it.
func (tx *Tx) CreateInvitation(ctx context.Context, inv clts.Invitation, tokenHash []byte, m *Mail) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, `INSERT INTO invitations
		(committee_id, kind, email, display_name, role, token_hash, invited_by, expires_at)
		VALUES ($1, $2, nullif($3, ''), $4, $5, $6, $7, $8) RETURNING id`,
		tx.sc.CommitteeID, inv.Kind, inv.Email, clts.CleanName(inv.DisplayName), inv.Role, tokenHash, nullID(tx.sc.AccountID), inv.ExpiresAt).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("postgres: create invitation: %w", mapError(err))
	}
	if m != nil {
		if err := tx.enqueueMail(ctx, *m); err != nil {
			return 0, err
		}
	}
	return id, tx.auditOn(ctx, "invitation.create", fmt.Sprintf("%s (%s)", inv.DisplayName, inv.Role.Label()), clts.On(clts.ObjectInvitation, id))
}

// Invitations lists the committee's invitations, newest first.
func (tx *Tx) Invitations(ctx context.Context) ([]clts.Invitation, error) {
	rows, err := tx.query(ctx, `SELECT `+invitationColumns+` FROM invitations
		WHERE committee_id = $1 ORDER BY created_at DESC, id DESC LIMIT 200`, tx.sc.CommitteeID)
	if err != nil {
		return nil, fmt.Errorf("postgres: invitations: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.Invitation, error) { return scanInvitation(row) })
}

// InvitationByID returns one of the committee's invitations.
func (tx *Tx) InvitationByID(ctx context.Context, id int64) (*clts.Invitation, error) {
	inv, err := scanInvitation(tx.queryRow(ctx, `SELECT `+invitationColumns+` FROM invitations
		WHERE committee_id = $1 AND id = $2`, tx.sc.CommitteeID, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Invitation introuvable.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: invitation: %w", err)
	}
	return &inv, nil
}

// RenewInvitation gives a not-yet-accepted invitation a new token and a new
// expiry (re-send): the old link or code stops working.
func (tx *Tx) RenewInvitation(ctx context.Context, id int64, tokenHash []byte, expires time.Time, m *Mail) error {
	var name string
	err := tx.queryRow(ctx, `UPDATE invitations SET token_hash = $3, expires_at = $4, revoked_at = NULL
		WHERE committee_id = $1 AND id = $2 AND accepted_at IS NULL RETURNING display_name`,
		tx.sc.CommitteeID, id, tokenHash, expires).Scan(&name)
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Errorf(clts.ENOTFOUND, "Invitation introuvable ou déjà acceptée.")
	}
	if err != nil {
		return fmt.Errorf("postgres: renew invitation: %w", err)
	}
	if m != nil {
		if err := tx.enqueueMail(ctx, *m); err != nil {
			return err
		}
	}
	return tx.auditOn(ctx, "invitation.renew", name, clts.On(clts.ObjectInvitation, id))
}

// RevokeInvitation cancels a pending invitation.
func (tx *Tx) RevokeInvitation(ctx context.Context, id int64) error {
	var name string
	err := tx.queryRow(ctx, `UPDATE invitations SET revoked_at = now()
		WHERE committee_id = $1 AND id = $2 AND accepted_at IS NULL AND revoked_at IS NULL RETURNING display_name`,
		tx.sc.CommitteeID, id).Scan(&name)
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Errorf(clts.ENOTFOUND, "Invitation introuvable, déjà acceptée ou déjà révoquée.")
	}
	if err != nil {
		return fmt.Errorf("postgres: revoke invitation: %w", err)
	}
	return tx.auditOn(ctx, "invitation.revoke", name, clts.On(clts.ObjectInvitation, id))
}

// InvitationByToken finds a pending invitation by the hash of its token or
// code, with its committee. Used, accepted, revoked and expired invitations
// are all "not found": the person only needs to know it no longer works.
// It runs in a scope carrying the same token hash (Scope{TokenHash: …}),
// which is what lets row-level security show the invitation.
func (tx *Tx) InvitationByToken(ctx context.Context, tokenHash []byte) (*clts.Invitation, *clts.Committee, error) {
	var c clts.Committee
	inv, err := scanInvitation(tx.queryRow(ctx, `SELECT `+invitationColumns+` FROM invitations
		WHERE token_hash = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()`, tokenHash))
	if err == nil {
		err = tx.queryRow(ctx, `SELECT id, slug, name, departements FROM committees WHERE id = $1`, inv.CommitteeID).
			Scan(&c.ID, &c.Slug, &c.Name, &c.Departements)
	}
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil, clts.Errorf(clts.ENOTFOUND, "Cette invitation n'est plus valable : elle a déjà servi, a expiré ou a été révoquée. Demandez-en une nouvelle au pilote de votre comité.")
	}
	if err != nil {
		return nil, nil, fmt.Errorf("postgres: invitation by token: %w", err)
	}
	return &inv, &c, nil
}

// Acceptance says who accepts an invitation: an existing account (signed
// in), or a new account to create.
type Acceptance struct {
	AccountID  int64
	NewAccount *NewAccount
}

// AcceptInvitation redeems an invitation once: it locks it, checks it is
// still pending, creates the account if needed, adds the membership and
// marks the invitation used, all in the caller's unit of work. That runs in
// a scope carrying the token hash (Scope{TokenHash: tokenHash, AccountID:
// a.AccountID}); once the token has shown the invitation's committee, the
// unit of work moves into that committee and stays there, on behalf of the
// account that joins (a new account from its creation on), so that the
// caller can go on with it (its second factor, say).
func (tx *Tx) AcceptInvitation(ctx context.Context, tokenHash []byte, a Acceptance) (accountID int64, committee *clts.Committee, err error) {
	// The token shows which committee the invitation belongs to; the
	// transaction then works inside that committee, where the row can
	// be locked (locking needs the committee's update policy).
	var committeeID, id int64
	err = tx.queryRow(ctx, `SELECT committee_id, id FROM invitations WHERE token_hash = $1`, tokenHash).Scan(&committeeID, &id)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil, clts.Errorf(clts.ENOTFOUND, "Cette invitation n'est plus valable.")
	}
	if err != nil {
		return 0, nil, fmt.Errorf("postgres: accept invitation: %w", err)
	}
	sc := tx.sc
	sc.CommitteeID = committeeID
	if err := tx.rescope(ctx, sc); err != nil {
		return 0, nil, fmt.Errorf("postgres: accept invitation: %w", err)
	}
	inv, err := scanInvitation(tx.queryRow(ctx, `SELECT `+invitationColumns+` FROM invitations
		WHERE committee_id = $1 AND id = $2 AND token_hash = $3 FOR UPDATE`, committeeID, id, tokenHash))
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, nil, clts.Errorf(clts.ENOTFOUND, "Cette invitation n'est plus valable.")
	}
	if err != nil {
		return 0, nil, fmt.Errorf("postgres: accept invitation: %w", err)
	}
	if !inv.Pending(time.Now()) {
		return 0, nil, clts.Errorf(clts.ENOTFOUND, "Cette invitation n'est plus valable : elle a déjà servi, a expiré ou a été révoquée. Demandez-en une nouvelle au pilote de votre comité.")
	}
	accountID = a.AccountID
	if a.NewAccount != nil {
		if accountID, err = tx.createAccount(ctx, *a.NewAccount); err != nil {
			return 0, nil, err
		}
		sc.AccountID = accountID
		if err := tx.rescope(ctx, sc); err != nil {
			return 0, nil, fmt.Errorf("postgres: accept invitation: %w", err)
		}
	} else if err := tx.checkNotMember(ctx, inv, accountID); err != nil {
		return 0, nil, err
	}
	if err := tx.addMember(ctx, inv.CommitteeID, accountID, inv.Role); err != nil {
		return 0, nil, err
	}
	if _, err := tx.exec(ctx, `UPDATE invitations SET accepted_at = now(), accepted_by = $3
		WHERE committee_id = $1 AND id = $2`, inv.CommitteeID, inv.ID, accountID); err != nil {
		return 0, nil, fmt.Errorf("postgres: accept invitation: %w", err)
	}
	var c clts.Committee
	if err := tx.queryRow(ctx, `SELECT id, slug, name, departements FROM committees WHERE id = $1`, inv.CommitteeID).
		Scan(&c.ID, &c.Slug, &c.Name, &c.Departements); err != nil {
		return 0, nil, fmt.Errorf("postgres: accept invitation: %w", err)
	}
	// The actor is the account that joins, which a new account is only now.
	if err := tx.auditEntry(ctx, clts.AuditEntry{CommitteeID: inv.CommitteeID, ActorID: accountID, Action: "invitation.accept",
		Subject: fmt.Sprintf("%s (%s)", inv.DisplayName, inv.Role.Label())}); err != nil {
		return 0, nil, err
	}
	return accountID, &c, nil
}

// checkNotMember refuses an invitation to someone already in its committee:
// it would silently change their role (a pilot trying a code sheet printed
// for someone else would lose the role). A member deactivated since the
// invitation was made cannot use it to come back either; a newer invitation
// brings them back.
func (tx *Tx) checkNotMember(ctx context.Context, inv clts.Invitation, accountID int64) error {
	var active bool
	var changed time.Time
	err := tx.queryRow(ctx, `SELECT active, updated_at FROM memberships WHERE committee_id = $1 AND account_id = $2`,
		inv.CommitteeID, accountID).Scan(&active, &changed)
	switch {
	case errors.Is(err, pgx.ErrNoRows):
		return nil
	case err != nil:
		return fmt.Errorf("postgres: accept invitation: %w", err)
	case active:
		return clts.Errorf(clts.ECONFLICT, "Vous êtes déjà membre de ce comité : cette invitation ne change pas votre rôle et reste valable. Si elle est destinée à quelqu'un d'autre, déconnectez-vous avant de la lui laisser utiliser.")
	case inv.CreatedAt.Before(changed):
		return clts.Errorf(clts.ECONFLICT, "Votre accès à ce comité a été désactivé après l'envoi de cette invitation : elle ne peut pas le rétablir. Demandez au pilote de votre comité.")
	}
	return nil
}

package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
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

// CreateInvitation stores an invitation with the hash of its token or code,
// queues its e-mail when m is not nil, and records it.
func (db *DB) CreateInvitation(ctx context.Context, sc Scope, inv clts.Invitation, tokenHash []byte, m *Mail, ip string) (int64, error) {
	var id int64
	err := db.inTx(ctx, sc, func(tx pgx.Tx) error {
		err := tx.QueryRow(ctx, `INSERT INTO invitations
			(committee_id, kind, email, display_name, role, token_hash, invited_by, expires_at)
			VALUES ($1, $2, nullif($3, ''), $4, $5, $6, $7, $8) RETURNING id`,
			sc.CommitteeID, inv.Kind, inv.Email, clts.CleanName(inv.DisplayName), inv.Role, tokenHash, nullID(sc.AccountID), inv.ExpiresAt).Scan(&id)
		if err != nil {
			return fmt.Errorf("postgres: create invitation: %w", mapError(err))
		}
		if m != nil {
			if err := enqueueMail(ctx, tx, *m); err != nil {
				return err
			}
		}
		return audit(ctx, tx, clts.AuditEntry{CommitteeID: sc.CommitteeID, ActorID: sc.AccountID, Action: "invitation.create",
			Subject: fmt.Sprintf("%s (%s)", inv.DisplayName, inv.Role.Label()), IP: ip})
	})
	return id, err
}

// Invitations lists the committee's invitations, newest first.
func (db *DB) Invitations(ctx context.Context, sc Scope) ([]clts.Invitation, error) {
	var out []clts.Invitation
	err := db.inTx(ctx, sc, func(tx pgx.Tx) error {
		rows, err := tx.Query(ctx, `SELECT `+invitationColumns+` FROM invitations
			WHERE committee_id = $1 ORDER BY created_at DESC, id DESC LIMIT 200`, sc.CommitteeID)
		if err != nil {
			return fmt.Errorf("postgres: invitations: %w", err)
		}
		out, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.Invitation, error) { return scanInvitation(row) })
		return err
	})
	return out, err
}

// InvitationByID returns one of the committee's invitations.
func (db *DB) InvitationByID(ctx context.Context, sc Scope, id int64) (*clts.Invitation, error) {
	var inv clts.Invitation
	err := db.inTx(ctx, sc, func(tx pgx.Tx) error {
		var err error
		inv, err = scanInvitation(tx.QueryRow(ctx, `SELECT `+invitationColumns+` FROM invitations
			WHERE committee_id = $1 AND id = $2`, sc.CommitteeID, id))
		return err
	})
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
func (db *DB) RenewInvitation(ctx context.Context, sc Scope, id int64, tokenHash []byte, expires time.Time, m *Mail, ip string) error {
	return db.inTx(ctx, sc, func(tx pgx.Tx) error {
		var name string
		err := tx.QueryRow(ctx, `UPDATE invitations SET token_hash = $3, expires_at = $4, revoked_at = NULL
			WHERE committee_id = $1 AND id = $2 AND accepted_at IS NULL RETURNING display_name`,
			sc.CommitteeID, id, tokenHash, expires).Scan(&name)
		if errors.Is(err, pgx.ErrNoRows) {
			return clts.Errorf(clts.ENOTFOUND, "Invitation introuvable ou déjà acceptée.")
		}
		if err != nil {
			return fmt.Errorf("postgres: renew invitation: %w", err)
		}
		if m != nil {
			if err := enqueueMail(ctx, tx, *m); err != nil {
				return err
			}
		}
		return audit(ctx, tx, clts.AuditEntry{CommitteeID: sc.CommitteeID, ActorID: sc.AccountID, Action: "invitation.renew", Subject: name, IP: ip})
	})
}

// RevokeInvitation cancels a pending invitation.
func (db *DB) RevokeInvitation(ctx context.Context, sc Scope, id int64, ip string) error {
	return db.inTx(ctx, sc, func(tx pgx.Tx) error {
		var name string
		err := tx.QueryRow(ctx, `UPDATE invitations SET revoked_at = now()
			WHERE committee_id = $1 AND id = $2 AND accepted_at IS NULL AND revoked_at IS NULL RETURNING display_name`,
			sc.CommitteeID, id).Scan(&name)
		if errors.Is(err, pgx.ErrNoRows) {
			return clts.Errorf(clts.ENOTFOUND, "Invitation introuvable, déjà acceptée ou déjà révoquée.")
		}
		if err != nil {
			return fmt.Errorf("postgres: revoke invitation: %w", err)
		}
		return audit(ctx, tx, clts.AuditEntry{CommitteeID: sc.CommitteeID, ActorID: sc.AccountID, Action: "invitation.revoke", Subject: name, IP: ip})
	})
}

// InvitationByToken finds a pending invitation by the hash of its token or
// code, with its committee. Used, accepted, revoked and expired invitations
// are all "not found": the person only needs to know it no longer works.
func (db *DB) InvitationByToken(ctx context.Context, tokenHash []byte) (*clts.Invitation, *clts.Committee, error) {
	var inv clts.Invitation
	var c clts.Committee
	err := db.inTx(ctx, Scope{TokenHash: tokenHash}, func(tx pgx.Tx) error {
		var err error
		inv, err = scanInvitation(tx.QueryRow(ctx, `SELECT `+invitationColumns+` FROM invitations
			WHERE token_hash = $1 AND accepted_at IS NULL AND revoked_at IS NULL AND expires_at > now()`, tokenHash))
		if err != nil {
			return err
		}
		return tx.QueryRow(ctx, `SELECT id, slug, name, departements FROM committees WHERE id = $1`, inv.CommitteeID).
			Scan(&c.ID, &c.Slug, &c.Name, &c.Departements)
	})
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
	IP         string
}

// AcceptInvitation redeems an invitation once: it locks it, checks it is
// still pending, creates the account if needed, adds the membership and
// marks the invitation used, all in one transaction.
func (db *DB) AcceptInvitation(ctx context.Context, tokenHash []byte, a Acceptance) (accountID int64, committee *clts.Committee, err error) {
	var c clts.Committee
	err = db.inTx(ctx, Scope{TokenHash: tokenHash, AccountID: a.AccountID}, func(tx pgx.Tx) error {
		// The token shows which committee the invitation belongs to; the
		// transaction then works inside that committee, where the row can
		// be locked (locking needs the committee's update policy).
		var committeeID, id int64
		err := tx.QueryRow(ctx, `SELECT committee_id, id FROM invitations WHERE token_hash = $1`, tokenHash).Scan(&committeeID, &id)
		if errors.Is(err, pgx.ErrNoRows) {
			return clts.Errorf(clts.ENOTFOUND, "Cette invitation n'est plus valable.")
		}
		if err != nil {
			return fmt.Errorf("postgres: accept invitation: %w", err)
		}
		if _, err := tx.Exec(ctx, `SELECT set_config('clts.committee_id', $1, true)`, strconv.FormatInt(committeeID, 10)); err != nil {
			return fmt.Errorf("postgres: accept invitation: %w", err)
		}
		inv, err := scanInvitation(tx.QueryRow(ctx, `SELECT `+invitationColumns+` FROM invitations
			WHERE committee_id = $1 AND id = $2 AND token_hash = $3 FOR UPDATE`, committeeID, id, tokenHash))
		if errors.Is(err, pgx.ErrNoRows) {
			return clts.Errorf(clts.ENOTFOUND, "Cette invitation n'est plus valable.")
		}
		if err != nil {
			return fmt.Errorf("postgres: accept invitation: %w", err)
		}
		if !inv.Pending(time.Now()) {
			return clts.Errorf(clts.ENOTFOUND, "Cette invitation n'est plus valable : elle a déjà servi, a expiré ou a été révoquée. Demandez-en une nouvelle au pilote de votre comité.")
		}
		accountID = a.AccountID
		if a.NewAccount != nil {
			if accountID, err = createAccount(ctx, tx, *a.NewAccount); err != nil {
				return err
			}
		} else if err := checkNotMember(ctx, tx, inv, accountID); err != nil {
			return err
		}
		if err := addMember(ctx, tx, inv.CommitteeID, accountID, inv.Role); err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `UPDATE invitations SET accepted_at = now(), accepted_by = $3
			WHERE committee_id = $1 AND id = $2`, inv.CommitteeID, inv.ID, accountID); err != nil {
			return fmt.Errorf("postgres: accept invitation: %w", err)
		}
		if err := tx.QueryRow(ctx, `SELECT id, slug, name, departements FROM committees WHERE id = $1`, inv.CommitteeID).
			Scan(&c.ID, &c.Slug, &c.Name, &c.Departements); err != nil {
			return fmt.Errorf("postgres: accept invitation: %w", err)
		}
		return audit(ctx, tx, clts.AuditEntry{CommitteeID: inv.CommitteeID, ActorID: accountID, Action: "invitation.accept",
			Subject: fmt.Sprintf("%s (%s)", inv.DisplayName, inv.Role.Label()), IP: a.IP})
	})
	if err != nil {
		return 0, nil, err
	}
	return accountID, &c, nil
}

// checkNotMember refuses an invitation to someone already in its committee:
// it would silently change their role (a pilot trying a code sheet printed
// for someone else would lose the role). A member deactivated since the
// invitation was made cannot use it to come back either; a newer invitation
// brings them back.
func checkNotMember(ctx context.Context, tx pgx.Tx, inv clts.Invitation, accountID int64) error {
	var active bool
	var changed time.Time
	err := tx.QueryRow(ctx, `SELECT active, updated_at FROM memberships WHERE committee_id = $1 AND account_id = $2`,
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

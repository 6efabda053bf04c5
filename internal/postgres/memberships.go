package postgres

import (
	"context"
	"errors"
	"fmt"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
)

// MembershipsOfAccount lists the committees the scope's account is an
// active member of, by committee name. It reads across committees through
// the policy that shows a person their own memberships: the scope is the
// account's, outside any committee.
func (tx *Tx) MembershipsOfAccount(ctx context.Context) ([]clts.Membership, error) {
	accountID := tx.sc.AccountID
	rows, err := tx.query(ctx, `SELECT c.id, c.slug, c.name, c.departements, m.role, m.active
		FROM memberships m JOIN committees c ON c.id = m.committee_id
		WHERE m.account_id = $1 AND m.active ORDER BY c.name COLLATE clts_fr`, accountID)
	if err != nil {
		return nil, fmt.Errorf("postgres: memberships of account: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.Membership, error) {
		m := clts.Membership{AccountID: accountID}
		err := row.Scan(&m.Committee.ID, &m.Committee.Slug, &m.Committee.Name, &m.Committee.Departements, &m.Role, &m.Active)
		return m, err
	})
}

// Membership returns the account's membership in the scope's committee,
// active or not.
func (tx *Tx) Membership(ctx context.Context, accountID int64) (*clts.Membership, error) {
	m := clts.Membership{AccountID: accountID}
	err := tx.queryRow(ctx, `SELECT c.id, c.slug, c.name, c.departements, m.role, m.active
		FROM memberships m JOIN committees c ON c.id = m.committee_id
		WHERE m.committee_id = $1 AND m.account_id = $2`, tx.sc.CommitteeID, accountID).
		Scan(&m.Committee.ID, &m.Committee.Slug, &m.Committee.Name, &m.Committee.Departements, &m.Role, &m.Active)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Vous n'êtes pas membre de ce comité.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: membership: %w", err)
	}
	return &m, nil
}

// Members lists the committee's members, active first, by name.
func (tx *Tx) Members(ctx context.Context) ([]clts.Member, error) {
	rows, err := tx.query(ctx, `SELECT a.id, a.display_name, coalesce(a.email, ''), a.login, m.role, m.active
		FROM memberships m JOIN accounts a ON a.id = m.account_id
		WHERE m.committee_id = $1
		ORDER BY m.active DESC, a.display_name COLLATE clts_fr, a.id`, tx.sc.CommitteeID)
	if err != nil {
		return nil, fmt.Errorf("postgres: members: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.Member, error) {
		var m clts.Member
		err := row.Scan(&m.AccountID, &m.DisplayName, &m.Email, &m.Login, &m.Role, &m.Active)
		return m, err
	})
}

// AddMember makes an account a member of the scope's committee with role,
// or reactivates it with that role.
func (tx *Tx) AddMember(ctx context.Context, accountID int64, role clts.Role) error {
	// An active member keeps their role: changing it goes through
	// ChangeRole, which never removes the last pilot and ends the
	// person's sessions.
	var active bool
	err := tx.queryRow(ctx, `SELECT active FROM memberships WHERE committee_id = $1 AND account_id = $2 FOR UPDATE`,
		tx.sc.CommitteeID, accountID).Scan(&active)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return fmt.Errorf("postgres: add member: %w", err)
	}
	if err == nil && active {
		return clts.Errorf(clts.ECONFLICT, "Cette personne est déjà membre du comité ; pour changer son rôle, utilisez la page « Membres et invitations ».")
	}
	if err := tx.addMember(ctx, tx.sc.CommitteeID, accountID, role); err != nil {
		return err
	}
	return tx.auditOn(ctx, "member.add", "rôle "+role.Label(), clts.On(clts.ObjectMember, accountID))
}

// protectSupportedSQL resets the directory choices of a membership whose
// role becomes personne accompagnée; $3 is the new role. The version moves
// on, so a profile form opened before cannot restore them.
const protectSupportedSQL = `show_email = CASE WHEN ` + becomesSupported + ` THEN false ELSE memberships.show_email END,
	show_phone = CASE WHEN ` + becomesSupported + ` THEN false ELSE memberships.show_phone END,
	show_full_name = CASE WHEN ` + becomesSupported + ` THEN false ELSE memberships.show_full_name END,
	version = memberships.version + 1`

const becomesSupported = `($3 = 'personne_accompagnee' AND memberships.role <> 'personne_accompagnee')`

func (tx *Tx) addMember(ctx context.Context, committeeID, accountID int64, role clts.Role) error {
	// Professionals show their e-mail address in the directory by default;
	// supported persons show nothing until they choose to.
	_, err := tx.exec(ctx, `INSERT INTO memberships (committee_id, account_id, role, show_email)
		VALUES ($1, $2, $3, $3 <> 'personne_accompagnee')
		ON CONFLICT (committee_id, account_id) DO UPDATE SET role = EXCLUDED.role, active = true, updated_at = now(),
			`+protectSupportedSQL,
		committeeID, accountID, role)
	if err != nil {
		return fmt.Errorf("postgres: add member: %w", mapError(err))
	}
	return nil
}

// ChangeRole changes a member's role. The last active pilot cannot lose the
// role: a committee always has someone to run it.
func (tx *Tx) ChangeRole(ctx context.Context, accountID int64, role clts.Role) error {
	committeeID := tx.sc.CommitteeID
	var old clts.Role
	err := tx.queryRow(ctx, `SELECT role FROM memberships WHERE committee_id = $1 AND account_id = $2 FOR UPDATE`,
		committeeID, accountID).Scan(&old)
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Errorf(clts.ENOTFOUND, "Membre introuvable.")
	}
	if err != nil {
		return fmt.Errorf("postgres: change role: %w", err)
	}
	if old == role {
		return nil
	}
	if old == clts.RolePilote {
		if err := tx.ensureAnotherPilot(ctx, committeeID, accountID); err != nil {
			return err
		}
	}
	// A person who becomes a supported person starts from the protected
	// profile (first name and initial, no contact details), as at
	// invitation: they choose what to show themselves.
	if _, err := tx.exec(ctx, `UPDATE memberships SET role = $3, updated_at = now(),
			`+protectSupportedSQL+`
		WHERE committee_id = $1 AND account_id = $2`, committeeID, accountID, role); err != nil {
		return fmt.Errorf("postgres: change role: %w", err)
	}
	// A change of privilege ends the member's sessions.
	if _, err := tx.exec(ctx, `UPDATE accounts SET session_stamp = session_stamp + 1 WHERE id = $1`, accountID); err != nil {
		return fmt.Errorf("postgres: change role: %w", err)
	}
	return tx.auditOn(ctx, "member.role", old.Label()+" → "+role.Label(), clts.On(clts.ObjectMember, accountID))
}

// ensureAnotherPilot refuses to remove the last active pilot. The pilots
// are locked so two pilots demoting each other cannot both succeed.
func (tx *Tx) ensureAnotherPilot(ctx context.Context, committeeID, accountID int64) error {
	rows, err := tx.query(ctx, `SELECT account_id FROM memberships
		WHERE committee_id = $1 AND role = 'pilote' AND active AND account_id <> $2 FOR UPDATE`, committeeID, accountID)
	if err != nil {
		return fmt.Errorf("postgres: pilots: %w", err)
	}
	others, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("postgres: pilots: %w", err)
	}
	if len(others) == 0 {
		return clts.Errorf(clts.ECONFLICT, "C'est le dernier pilote du comité : nommez d'abord un autre pilote.")
	}
	return nil
}

// lockMember reads and locks a member of the scope's committee, with the
// facts of the member rules (internal/auth/member.go). The committee's
// active pilots are locked first, always in the same order, and counted:
// two pilots deactivating each other wait for one another instead of both
// succeeding (the second then finds one pilot left), and never deadlock.
func (tx *Tx) lockMember(ctx context.Context, accountID int64) (clts.Member, auth.MemberFacts, error) {
	var m clts.Member
	var pilots int
	err := tx.queryRow(ctx, `SELECT count(*) FROM (SELECT FROM memberships WHERE committee_id = $1 AND role = 'pilote' AND active
		ORDER BY account_id FOR UPDATE) p`, tx.sc.CommitteeID).Scan(&pilots)
	if err != nil {
		return m, auth.MemberFacts{}, fmt.Errorf("postgres: pilots: %w", err)
	}
	err = tx.queryRow(ctx, `SELECT a.id, a.display_name, coalesce(a.email, ''), a.login, m.role, m.active,
			a.operator OR a.hcts_reader
		FROM memberships m JOIN accounts a ON a.id = m.account_id
		WHERE m.committee_id = $1 AND m.account_id = $2
		FOR UPDATE OF m`, tx.sc.CommitteeID, accountID).Scan(&m.AccountID, &m.DisplayName, &m.Email,
		&m.Login, &m.Role, &m.Active, &m.National)
	if errors.Is(err, pgx.ErrNoRows) {
		return m, auth.MemberFacts{}, clts.Errorf(clts.ENOTFOUND, "Membre introuvable.")
	}
	if err != nil {
		return m, auth.MemberFacts{}, fmt.Errorf("postgres: member: %w", err)
	}
	return m, auth.MemberFactsOf(m, pilots), nil
}

// MemberFacts returns a member of the scope's committee with the facts of
// the member rules, for a page that asks before acting (the
// deactivation's confirmation).
func (tx *Tx) MemberFacts(ctx context.Context, accountID int64) (clts.Member, auth.MemberFacts, error) {
	var m clts.Member
	var pilots int
	err := tx.queryRow(ctx, `SELECT a.id, a.display_name, coalesce(a.email, ''), a.login, m.role, m.active,
			a.operator OR a.hcts_reader,
			(SELECT count(*) FROM memberships p WHERE p.committee_id = $1 AND p.role = 'pilote' AND p.active)
		FROM memberships m JOIN accounts a ON a.id = m.account_id
		WHERE m.committee_id = $1 AND m.account_id = $2`, tx.sc.CommitteeID, accountID).Scan(&m.AccountID, &m.DisplayName, &m.Email,
		&m.Login, &m.Role, &m.Active, &m.National, &pilots)
	if errors.Is(err, pgx.ErrNoRows) {
		return m, auth.MemberFacts{}, clts.Errorf(clts.ENOTFOUND, "Membre introuvable.")
	}
	if err != nil {
		return m, auth.MemberFacts{}, fmt.Errorf("postgres: member: %w", err)
	}
	return m, auth.MemberFactsOf(m, pilots), nil
}

// SetMemberActive deactivates or reactivates a member. Deactivation follows
// the member rules (auth.DeactivationRefusal: a pilot, never themselves nor
// the last active pilot) and ends the person's sessions at once, and the
// helps they gave or received there.
func (tx *Tx) SetMemberActive(ctx context.Context, accountID int64, active bool) error {
	committeeID := tx.sc.CommitteeID
	m, facts, err := tx.lockMember(ctx, accountID)
	if err != nil {
		return err
	}
	if m.Active == active {
		return nil
	}
	if !active {
		p, err := tx.viewer(ctx)
		if err != nil {
			return err
		}
		if why := auth.DeactivationRefusal(p, facts); why != "" {
			if !p.Can(auth.ManageMembers) {
				return clts.Errorf(clts.EFORBIDDEN, "%s", why)
			}
			return clts.Errorf(clts.ECONFLICT, "%s", why)
		}
	}
	if _, err := tx.exec(ctx, `UPDATE memberships SET active = $3, updated_at = now()
		WHERE committee_id = $1 AND account_id = $2`, committeeID, accountID, active); err != nil {
		return fmt.Errorf("postgres: set member active: %w", err)
	}
	action := "member.reactivate"
	if !active {
		action = "member.deactivate"
		if _, err := tx.exec(ctx, `UPDATE accounts SET session_stamp = session_stamp + 1 WHERE id = $1`, accountID); err != nil {
			return fmt.Errorf("postgres: end sessions: %w", err)
		}
		// The helps given or received in the committee end with the
		// membership: coming back does not silently resume them.
		if _, err := tx.exec(ctx, `UPDATE referents SET state = 'terminee', ended_at = now(), ended_by = $3
			WHERE committee_id = $1 AND (person_id = $2 OR referent_id = $2) AND state IN ('attente', 'active')`,
			committeeID, accountID, tx.sc.AccountID); err != nil {
			return fmt.Errorf("postgres: end helps: %w", err)
		}
	}
	return tx.auditOn(ctx, action, m.DisplayName, clts.On(clts.ObjectMember, accountID))
}

// MembersPage returns one page of the committee's members (active first, by
// name) and their total, in one query.
// The page's members come with what the member rules need
// (auth.MemberFactsOf): whether each account has national rights, and the
// committee's active pilots, counted over all members by the window.
func (tx *Tx) MembersPage(ctx context.Context, limit, offset int) (members []clts.Member, total, activePilots int, err error) {
	rows, err := tx.query(ctx, `SELECT a.id, a.display_name, coalesce(a.email, ''), a.login, m.role, m.active,
			a.operator OR a.hcts_reader, count(*) OVER (), count(*) FILTER (WHERE m.role = 'pilote' AND m.active) OVER ()
		FROM memberships m JOIN accounts a ON a.id = m.account_id
		WHERE m.committee_id = $1
		ORDER BY m.active DESC, a.display_name COLLATE clts_fr, a.id LIMIT $2 OFFSET $3`, tx.sc.CommitteeID, limit, offset)
	if err != nil {
		return nil, 0, 0, fmt.Errorf("postgres: members page: %w", err)
	}
	members, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.Member, error) {
		var m clts.Member
		err := row.Scan(&m.AccountID, &m.DisplayName, &m.Email, &m.Login, &m.Role, &m.Active, &m.National, &total, &activePilots)
		return m, err
	})
	return members, total, activePilots, err
}

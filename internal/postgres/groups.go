package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
)

// groupSelect reads groups with their counts of leads, members and pending
// requests, among active members of the committee only (as the group page
// lists them).
const groupSelect = `SELECT g.committee_id, g.id, g.title, g.description, g.objectives, g.archived, g.version,
	c.leads, c.members, c.pending
	FROM working_groups g
	CROSS JOIN LATERAL (SELECT count(*) FILTER (WHERE gm.status = 'lead') AS leads,
			count(*) FILTER (WHERE gm.status <> 'pending') AS members,
			count(*) FILTER (WHERE gm.status = 'pending') AS pending
		FROM group_members gm JOIN memberships m ON m.committee_id = gm.committee_id AND m.account_id = gm.account_id AND m.active
		WHERE gm.committee_id = g.committee_id AND gm.group_id = g.id) c`

func scanGroup(row pgx.Row) (clts.Group, error) {
	var g clts.Group
	err := row.Scan(&g.CommitteeID, &g.ID, &g.Title, &g.Description, &g.Objectives, &g.Archived, &g.Version, &g.Leads, &g.Members, &g.Pending)
	return g, err
}

// Groups lists the committee's working groups by title, with their counts,
// in one query.
func (tx *Tx) Groups(ctx context.Context, includeArchived bool) ([]clts.Group, error) {
	rows, err := tx.query(ctx, groupSelect+` WHERE g.committee_id = $1 AND (NOT g.archived OR $2)
		ORDER BY g.archived, g.title COLLATE clts_fr`, tx.sc.CommitteeID, includeArchived)
	if err != nil {
		return nil, fmt.Errorf("postgres: groups: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.Group, error) { return scanGroup(row) })
	if err != nil {
		return nil, fmt.Errorf("postgres: groups: %w", err)
	}
	return out, nil
}

// GroupsOfAccount lists the active groups the scope's account leads or
// belongs to, with its status in each, in one statement.
func (tx *Tx) GroupsOfAccount(ctx context.Context) ([]clts.Group, []string, error) {
	rows, err := tx.query(ctx, `SELECT g.*, me.status FROM (`+groupSelect+` WHERE g.committee_id = $1 AND NOT g.archived) g
		JOIN group_members me ON me.committee_id = g.committee_id AND me.group_id = g.id
		WHERE me.account_id = $2 ORDER BY g.title COLLATE clts_fr`, tx.sc.CommitteeID, tx.sc.AccountID)
	if err != nil {
		return nil, nil, fmt.Errorf("postgres: groups of account: %w", err)
	}
	defer rows.Close()
	var groups []clts.Group
	var statuses []string
	for rows.Next() {
		var g clts.Group
		var status string
		if err := rows.Scan(&g.CommitteeID, &g.ID, &g.Title, &g.Description, &g.Objectives, &g.Archived, &g.Version,
			&g.Leads, &g.Members, &g.Pending, &status); err != nil {
			return nil, nil, fmt.Errorf("postgres: groups of account: %w", err)
		}
		groups, statuses = append(groups, g), append(statuses, status)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("postgres: groups of account: %w", err)
	}
	return groups, statuses, nil
}

// GroupByID returns one group of the committee.
func (tx *Tx) GroupByID(ctx context.Context, id int64) (*clts.Group, error) {
	g, err := scanGroup(tx.queryRow(ctx, groupSelect+` WHERE g.committee_id = $1 AND g.id = $2`, tx.sc.CommitteeID, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Groupe introuvable.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: group: %w", err)
	}
	return &g, nil
}

// GroupWithMembers returns one group of the committee with its people
// (leads, members, pending requests) and their profiles, in one statement:
// the group's row joined to each of its people, or alone when it has none.
func (tx *Tx) GroupWithMembers(ctx context.Context, groupID int64) (*clts.Group, []clts.Profile, []string, error) {
	rows, err := tx.query(ctx, `SELECT gs.*, pm.* FROM (`+groupSelect+` WHERE g.committee_id = $1 AND g.id = $2) gs
		LEFT JOIN LATERAL (`+profileSelect+`, gm.status,
				CASE gm.status WHEN 'lead' THEN 0 WHEN 'member' THEN 1 ELSE 2 END AS status_rank
			`+profileFrom+`
			JOIN group_members gm ON gm.committee_id = m.committee_id AND gm.account_id = m.account_id
			WHERE m.committee_id = gs.committee_id AND gm.group_id = gs.id AND m.active) pm ON true
		ORDER BY pm.status_rank, pm.display_name COLLATE clts_fr, pm.id`,
		tx.sc.CommitteeID, groupID)
	if err != nil {
		return nil, nil, nil, fmt.Errorf("postgres: group members: %w", err)
	}
	defer rows.Close()
	var g *clts.Group
	var profiles []clts.Profile
	var statuses []string
	for rows.Next() {
		var row clts.Group
		// The person's columns are NULL on the row of a group without people.
		var (
			id, institutionID                          *int64
			name, email, login, role, institution      *string
			departement, presentation, phone, status   *string
			active, showEmail, showPhone, showFullName *bool
			version, rank                              *int32
			groups                                     []string
		)
		if err := rows.Scan(&row.CommitteeID, &row.ID, &row.Title, &row.Description, &row.Objectives, &row.Archived,
			&row.Version, &row.Leads, &row.Members, &row.Pending,
			&id, &name, &email, &login, &role, &active, &institutionID, &institution, &departement, &presentation,
			&phone, &showEmail, &showPhone, &showFullName, &version, &groups, &status, &rank); err != nil {
			return nil, nil, nil, fmt.Errorf("postgres: group members: %w", err)
		}
		g = &row
		if id == nil {
			continue
		}
		profiles = append(profiles, clts.Profile{AccountID: *id, DisplayName: *name, Email: *email, Login: *login,
			Role: clts.Role(*role), Active: *active, InstitutionID: *institutionID, Institution: *institution,
			Departement: *departement, Presentation: *presentation, Phone: *phone, ShowEmail: *showEmail,
			ShowPhone: *showPhone, ShowFullName: *showFullName, Version: int(*version), Groups: groups})
		statuses = append(statuses, *status)
	}
	if err := rows.Err(); err != nil {
		return nil, nil, nil, fmt.Errorf("postgres: group members: %w", err)
	}
	if g == nil {
		return nil, nil, nil, clts.Errorf(clts.ENOTFOUND, "Groupe introuvable.")
	}
	return g, profiles, statuses, nil
}

// GroupStatus returns an account's status in a group, "" when none. The
// meeting page reads the viewer's own status with the meeting (MeetingPage).
func (tx *Tx) GroupStatus(ctx context.Context, groupID, accountID int64) (string, error) {
	var status string
	err := tx.queryRow(ctx, `SELECT status FROM group_members WHERE committee_id = $1 AND group_id = $2 AND account_id = $3`,
		tx.sc.CommitteeID, groupID, accountID).Scan(&status)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", nil
	}
	if err != nil {
		return "", fmt.Errorf("postgres: group status: %w", err)
	}
	return status, nil
}

// CreateGroup adds a working group.
func (tx *Tx) CreateGroup(ctx context.Context, g clts.Group) (int64, error) {
	if err := g.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err := tx.queryRow(ctx, `INSERT INTO working_groups (committee_id, title, description, objectives)
		VALUES ($1, $2, $3, $4) RETURNING id`, tx.sc.CommitteeID, strings.TrimSpace(g.Title), g.Description, g.Objectives).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("postgres: create group: %w", groupError(err))
	}
	if err := tx.auditOn(ctx, "group.create", g.Title, clts.On(clts.ObjectGroup, id)); err != nil {
		return 0, err
	}
	return id, nil
}

// UpdateGroup saves a group edited from version g.Version.
func (tx *Tx) UpdateGroup(ctx context.Context, g clts.Group) error {
	if err := g.Validate(); err != nil {
		return err
	}
	tag, err := tx.exec(ctx, `UPDATE working_groups SET title = $4, description = $5, objectives = $6,
			version = version + 1, updated_at = now()
		WHERE committee_id = $1 AND id = $2 AND version = $3`,
		tx.sc.CommitteeID, g.ID, g.Version, strings.TrimSpace(g.Title), g.Description, g.Objectives)
	if err != nil {
		return fmt.Errorf("postgres: update group: %w", groupError(err))
	}
	if tag.RowsAffected() == 0 {
		return tx.staleOrMissing(ctx, "working_groups", g.ID)
	}
	if err := tx.syncSearchThemes(ctx, g.ID); err != nil {
		return err
	}
	return tx.auditOn(ctx, "group.update", g.Title, clts.On(clts.ObjectGroup, g.ID))
}

// SetGroupArchived archives or restores a group.
func (tx *Tx) SetGroupArchived(ctx context.Context, id int64, archived bool) error {
	return tx.setArchived(ctx, "working_groups", "title", "group", id, archived)
}

// SetGroupMember puts an active member of the committee in a group with a
// status (lead, member or pending), or removes them (status ""). A pending
// request never downgrades a lead or a member. A new request is told to the
// group's leads, its acceptance to the person (clts.NotifyGroup).
func (tx *Tx) SetGroupMember(ctx context.Context, groupID, accountID int64, status string) error {
	cid := tx.sc.CommitteeID
	var title, name string
	var archived bool
	err := tx.queryRow(ctx, `SELECT g.title, g.archived, a.display_name
		FROM working_groups g, memberships m JOIN accounts a ON a.id = m.account_id
		WHERE g.committee_id = $1 AND g.id = $2 AND m.committee_id = $1 AND m.account_id = $3 AND m.active
		FOR UPDATE OF g`, cid, groupID, accountID).Scan(&title, &archived, &name)
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Errorf(clts.ENOTFOUND, "Groupe ou membre introuvable.")
	}
	if err != nil {
		return fmt.Errorf("postgres: group member: %w", err)
	}
	if archived && status != "" {
		return clts.Errorf(clts.ECONFLICT, "Ce groupe est archivé : il n'accueille plus de membres.")
	}
	var action, event string
	switch status {
	case "":
		// An active group keeps someone to run it: its last lead hands
		// over first (a pilot appoints another), as a committee keeps
		// its last pilot.
		var lastLead bool
		if err := tx.queryRow(ctx, `SELECT EXISTS (SELECT FROM group_members WHERE committee_id = $1 AND group_id = $2
				AND account_id = $3 AND status = 'lead')
			AND NOT EXISTS (SELECT FROM group_members o JOIN memberships om ON om.committee_id = o.committee_id
				AND om.account_id = o.account_id AND om.active
				WHERE o.committee_id = $1 AND o.group_id = $2 AND o.status = 'lead' AND o.account_id <> $3)`,
			cid, groupID, accountID).Scan(&lastLead); err != nil {
			return fmt.Errorf("postgres: group member: %w", err)
		}
		if lastLead && !archived {
			return clts.Errorf(clts.ECONFLICT, "Vous animez seul ce groupe : demandez à un pilote de nommer un autre animateur ou une autre animatrice avant de le quitter.")
		}
		_, err = tx.exec(ctx, `DELETE FROM group_members WHERE committee_id = $1 AND group_id = $2 AND account_id = $3`,
			cid, groupID, accountID)
		action = "group.leave"
	case clts.StatusPending:
		var tag pgconn.CommandTag
		tag, err = tx.exec(ctx, `INSERT INTO group_members (committee_id, group_id, account_id, status) VALUES ($1, $2, $3, 'pending')
			ON CONFLICT DO NOTHING`, cid, groupID, accountID)
		action = "group.request"
		if err == nil && tag.RowsAffected() > 0 {
			// A new request is told to the group's leads.
			event = EventJoinRequest
		}
	default:
		var was string
		err = tx.queryRow(ctx, `WITH was AS (SELECT status FROM group_members WHERE committee_id = $1 AND group_id = $2 AND account_id = $3),
			up AS (INSERT INTO group_members (committee_id, group_id, account_id, status) VALUES ($1, $2, $3, $4)
				ON CONFLICT (committee_id, group_id, account_id) DO UPDATE SET status = EXCLUDED.status)
			SELECT coalesce((SELECT status FROM was), '')`,
			cid, groupID, accountID, status).Scan(&was)
		action = "group." + status
		if was == clts.StatusPending {
			// A request accepted is told to the person who asked.
			event = EventJoinAccepted
		}
	}
	if err != nil {
		return fmt.Errorf("postgres: group member: %w", mapError(err))
	}
	if err := tx.auditOn(ctx, action, name+" — "+title, clts.On(clts.ObjectGroup, groupID)); err != nil {
		return err
	}
	return tx.notifyGroupEvent(ctx, event, groupID, accountID, title)
}

// notifyGroupEvent tells event (EventJoinRequest, EventJoinAccepted or
// EventJoinDeclined; "" tells nothing) about the request of account to
// join the group (clts.NotifyGroup): a request to the group's leads who
// are active members, the answer to the person, never to the one acting.
func (tx *Tx) notifyGroupEvent(ctx context.Context, event string, groupID, accountID int64, title string) error {
	if event == "" {
		return nil
	}
	n := EventNotice{Event: event, Title: title}
	link := func(slug string) string { return paths.Group(slug, groupID) }
	if event == EventJoinRequest {
		return tx.notifyEvent(ctx, clts.NotifyGroup, n, link, `SELECT gm.account_id FROM group_members gm
			JOIN memberships m ON m.committee_id = gm.committee_id AND m.account_id = gm.account_id AND m.active
			WHERE gm.committee_id = $1 AND gm.group_id = $2 AND gm.status = 'lead' AND gm.account_id <> $3`,
			tx.sc.CommitteeID, groupID, tx.sc.AccountID)
	}
	return tx.notifyEvent(ctx, clts.NotifyGroup, n, link, `SELECT m.account_id FROM memberships m
		WHERE m.committee_id = $1 AND m.account_id = $2 AND m.active AND m.account_id <> $3`,
		tx.sc.CommitteeID, accountID, tx.sc.AccountID)
}

// DeclineRequest removes a pending request to join (the person may ask
// again later, and is told: clts.NotifyGroup).
func (tx *Tx) DeclineRequest(ctx context.Context, groupID, accountID int64) error {
	var title string
	err := tx.queryRow(ctx, `DELETE FROM group_members gm USING working_groups g
		WHERE gm.committee_id = $1 AND gm.group_id = $2 AND gm.account_id = $3 AND gm.status = 'pending'
		  AND g.committee_id = gm.committee_id AND g.id = gm.group_id
		RETURNING g.title`, tx.sc.CommitteeID, groupID, accountID).Scan(&title)
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Errorf(clts.ENOTFOUND, "Demande introuvable.")
	}
	if err != nil {
		return fmt.Errorf("postgres: decline request: %w", err)
	}
	if err := tx.auditOn(ctx, "group.decline", title, clts.On(clts.ObjectGroup, groupID)); err != nil {
		return err
	}
	return tx.notifyGroupEvent(ctx, EventJoinDeclined, groupID, accountID, title)
}

func groupError(err error) error {
	err = mapError(err)
	var e *clts.Error
	if errors.As(err, &e) && e.Code == clts.ECONFLICT {
		e.Fields = clts.FieldErrors{"titre": "Un groupe de ce comité porte déjà ce titre."}
	}
	return err
}

package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
)

// Accompanied participation (issue 17): the referents a supported person
// names in their committee (referents, under the committee's row-level
// security), and the unit of work of a referent acting with them
// (ActingWith). The rules are auth's (referent.go); these methods read the
// facts and write.

// helperNameSQL is the name of the referent whose account is col (a
// helped_by column), as the viewer may see it (visibleNameSQL), in
// committee; ” when col is NULL.
func helperNameSQL(col, committee, pilot, viewer string) string {
	return `coalesce((SELECT ` + visibleNameSQL(pilot, viewer) + ` FROM accounts a
		JOIN memberships m ON m.committee_id = ` + committee + ` AND m.account_id = a.id WHERE a.id = ` + col + `), '')`
}

// ActingWith returns the unit of work of the scope's account, the
// referent of h, acting with h's person: the same transaction, whose
// store methods act as the person (their answer, their proposal), record
// the referent as helper (helped_by) and write the journal's entries as
// done by the referent for the person. The caller checked auth.CanActFor
// in this unit of work (HelpWith, locked).
func (tx *Tx) ActingWith(h clts.Help) *Tx {
	sc := tx.sc
	sc.AccountID = h.PersonID
	return &Tx{pg: tx.pg, sc: sc, db: tx.db, helper: h.ReferentID}
}

// Helper is the referent acting with the scope's account (ActingWith); 0
// when none.
func (tx *Tx) Helper() int64 { return tx.helper }

// helpSelect reads helps with the names the viewer ($2: pilot, $3: the
// viewer) may see, in the committee $1. The person's membership pm always
// exists (the referents' foreign key), so that HelpWith may lock it.
var helpSelect = `SELECT r.id, r.person_id, coalesce(pn.name, ''), coalesce(pm.role, ''), r.referent_id, coalesce(rn.name, ''),
		r.state, r.named_at, r.accepted_at, r.ended_at, coalesce(pm.active, false)
	FROM referents r
	JOIN memberships pm ON pm.committee_id = r.committee_id AND pm.account_id = r.person_id
	LEFT JOIN LATERAL (SELECT ` + visibleNameAliasSQL + ` AS name FROM accounts a
		JOIN memberships m ON m.committee_id = r.committee_id AND m.account_id = a.id WHERE a.id = r.person_id) pn ON true
	LEFT JOIN LATERAL (SELECT ` + visibleNameAliasSQL + ` AS name FROM accounts a
		JOIN memberships m ON m.committee_id = r.committee_id AND m.account_id = a.id WHERE a.id = r.referent_id) rn ON true
	WHERE r.committee_id = $1`

var visibleNameAliasSQL = visibleNameSQL("$2", "$3")

func scanHelp(row pgx.Row) (clts.Help, auth.HelpFacts, error) {
	var (
		h            clts.Help
		role, state  string
		personActive bool
	)
	err := row.Scan(&h.ID, &h.PersonID, &h.PersonName, &role, &h.ReferentID, &h.ReferentName, &state,
		&h.NamedAt, &h.AcceptedAt, &h.EndedAt, &personActive)
	h.PersonRole, h.State = clts.Role(role), clts.HelpState(state)
	f := auth.HelpFacts{Found: err == nil, PersonID: h.PersonID, ReferentID: h.ReferentID, State: h.State,
		PersonActive: personActive, PersonRole: h.PersonRole}
	return h, f, err
}

// HelpByID returns one of the committee's helps and its facts; a help of
// another committee, or none, has facts not Found (and no error).
func (tx *Tx) HelpByID(ctx context.Context, id int64, viewerIsPilot bool) (clts.Help, auth.HelpFacts, error) {
	h, f, err := scanHelp(tx.queryRow(ctx, helpSelect+` AND r.id = $4`, tx.sc.CommitteeID, viewerIsPilot, tx.sc.AccountID, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Help{}, auth.HelpFacts{}, nil
	}
	if err != nil {
		return clts.Help{}, auth.HelpFacts{}, fmt.Errorf("postgres: help: %w", err)
	}
	return h, f, nil
}

// HelpWith returns the help between the person and the scope's account as
// their referent: the current one (waiting or active), else the latest
// ended; facts not Found when the person never named them in this
// committee. lock keeps the facts auth.CanActFor read from changing until
// the unit of work ends (a Write acting with the person): the help cannot
// end, nor the person's membership be deactivated or change role, half-way;
// a change committed first is read (READ COMMITTED re-reads locked rows).
func (tx *Tx) HelpWith(ctx context.Context, personID int64, viewerIsPilot, lock bool) (clts.Help, auth.HelpFacts, error) {
	sql := helpSelect + ` AND r.person_id = $4 AND r.referent_id = $3
		ORDER BY r.state IN ('attente', 'active') DESC, r.named_at DESC, r.id DESC LIMIT 1`
	if lock {
		sql += ` FOR SHARE OF r, pm`
	}
	h, f, err := scanHelp(tx.queryRow(ctx, sql, tx.sc.CommitteeID, viewerIsPilot, tx.sc.AccountID, personID))
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Help{}, auth.HelpFacts{}, nil
	}
	if err != nil {
		return clts.Help{}, auth.HelpFacts{}, fmt.Errorf("postgres: help: %w", err)
	}
	return h, f, nil
}

// Helps lists the helps of the scope's account: those it named (as the
// person) and those it was named for (as the referent), current first,
// then newest.
func (tx *Tx) Helps(ctx context.Context, viewerIsPilot bool) (named, asReferent []clts.Help, err error) {
	rows, err := tx.query(ctx, helpSelect+` AND (r.person_id = $3 OR r.referent_id = $3)
		ORDER BY r.state IN ('attente', 'active') DESC, r.named_at DESC, r.id DESC`,
		tx.sc.CommitteeID, viewerIsPilot, tx.sc.AccountID)
	if err != nil {
		return nil, nil, fmt.Errorf("postgres: helps: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		h, _, err := scanHelp(rows)
		if err != nil {
			return nil, nil, fmt.Errorf("postgres: helps: %w", err)
		}
		if h.PersonID == tx.sc.AccountID {
			named = append(named, h)
		} else {
			asReferent = append(asReferent, h)
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("postgres: helps: %w", err)
	}
	return named, asReferent, nil
}

// ReferentChoice is a member a supported person may name as referent.
type ReferentChoice struct {
	AccountID int64
	Name      string
	Role      clts.Role
}

// ReferentChoices lists the committee's active members other than the
// scope's account and those it already named (waiting or active), by the
// name it may see, for the naming form.
func (tx *Tx) ReferentChoices(ctx context.Context) ([]ReferentChoice, error) {
	rows, err := tx.query(ctx, `SELECT id, name, role FROM (
			SELECT a.id, `+visibleNameSQL("false", "$2")+` AS name, m.role
			FROM memberships m JOIN accounts a ON a.id = m.account_id
			WHERE m.committee_id = $1 AND m.active AND NOT a.disabled AND m.account_id <> $2
			  AND NOT EXISTS (SELECT FROM referents r WHERE r.committee_id = $1 AND r.person_id = $2
				AND r.referent_id = m.account_id AND r.state IN ('attente', 'active'))) c
		ORDER BY name COLLATE clts_fr, id`, tx.sc.CommitteeID, tx.sc.AccountID)
	if err != nil {
		return nil, fmt.Errorf("postgres: referent choices: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (ReferentChoice, error) {
		var c ReferentChoice
		var role string
		err := row.Scan(&c.AccountID, &c.Name, &role)
		c.Role = clts.Role(role)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: referent choices: %w", err)
	}
	return out, nil
}

// ReferentCandidate reads what naming the account as the scope's
// account's referent depends on (auth.CanNameReferent).
func (tx *Tx) ReferentCandidate(ctx context.Context, accountID int64) (auth.ReferentCandidate, error) {
	c := auth.ReferentCandidate{AccountID: accountID}
	err := tx.queryRow(ctx, `SELECT
			EXISTS (SELECT FROM memberships m JOIN accounts a ON a.id = m.account_id
				WHERE m.committee_id = $1 AND m.account_id = $3 AND m.active AND NOT a.disabled),
			EXISTS (SELECT FROM referents r WHERE r.committee_id = $1 AND r.person_id = $2 AND r.referent_id = $3
				AND r.state IN ('attente', 'active'))`, tx.sc.CommitteeID, tx.sc.AccountID, accountID).Scan(&c.Member, &c.Current)
	if err != nil {
		return c, fmt.Errorf("postgres: referent candidate: %w", err)
	}
	return c, nil
}

// NameReferent records that the scope's account names the account as
// referent, waiting for their agreement, and tells them. The caller
// checked auth.CanNameReferent in this unit of work.
func (tx *Tx) NameReferent(ctx context.Context, referentID int64) (int64, error) {
	var id int64
	var name string
	err := tx.queryRow(ctx, `INSERT INTO referents (committee_id, person_id, referent_id) VALUES ($1, $2, $3)
		RETURNING id, (SELECT display_name FROM accounts WHERE id = $3)`, tx.sc.CommitteeID, tx.sc.AccountID, referentID).Scan(&id, &name)
	if err != nil {
		return 0, fmt.Errorf("postgres: name referent: %w", mapError(err))
	}
	if err := tx.audit(ctx, "referent.name", name); err != nil {
		return 0, err
	}
	return id, tx.notifyHelp(ctx, referentID, "Une personne vous demande de l'aider sur le portail",
		"Une personne du comité vous nomme référent·e : vous pourrez l'aider à répondre aux réunions, à proposer un point "+
			"à l'ordre du jour et à écrire ses pratiques et ses contributions, avec elle. Acceptez ou refusez sur la page « Aide » du portail.")
}

// AnswerHelp records the referent's (the scope's account's) agreement or
// refusal of help id, if it waits, and tells the person.
func (tx *Tx) AnswerHelp(ctx context.Context, id int64, accept bool) error {
	state, action, title := clts.HelpDeclined, "referent.decline", "Votre référent·e ne peut pas vous aider"
	if accept {
		state, action, title = clts.HelpActive, "referent.accept", "Votre référent·e accepte de vous aider"
	}
	var person int64
	err := tx.queryRow(ctx, `UPDATE referents SET state = $4,
			accepted_at = CASE WHEN $4 = 'active' THEN now() END, ended_at = CASE WHEN $4 <> 'active' THEN now() END,
			ended_by = CASE WHEN $4 <> 'active' THEN $3::bigint END
		WHERE committee_id = $1 AND id = $2 AND referent_id = $3 AND state = 'attente' RETURNING person_id`,
		tx.sc.CommitteeID, id, tx.sc.AccountID, string(state)).Scan(&person)
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Errorf(clts.ECONFLICT, "Cette demande d'aide n'attend plus de réponse.")
	}
	if err != nil {
		return fmt.Errorf("postgres: answer help: %w", err)
	}
	if err := tx.audit(ctx, action, ""); err != nil {
		return err
	}
	return tx.notifyHelp(ctx, person, title, title+". Retrouvez vos référents sur la page « Aide » du portail.")
}

// EndHelp ends help id (waiting or active), by the person or the referent
// (the scope's account), and tells the other one.
func (tx *Tx) EndHelp(ctx context.Context, id int64) error {
	var person, referent int64
	err := tx.queryRow(ctx, `UPDATE referents SET state = 'terminee', ended_at = now(), ended_by = $3
		WHERE committee_id = $1 AND id = $2 AND $3 IN (person_id, referent_id) AND state IN ('attente', 'active')
		RETURNING person_id, referent_id`, tx.sc.CommitteeID, id, tx.sc.AccountID).Scan(&person, &referent)
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Errorf(clts.ECONFLICT, "Cette aide est déjà terminée.")
	}
	if err != nil {
		return fmt.Errorf("postgres: end help: %w", err)
	}
	if err := tx.audit(ctx, "referent.end", ""); err != nil {
		return err
	}
	if tx.sc.AccountID == person {
		return tx.notifyHelp(ctx, referent, "Une personne que vous aidiez arrête l'aide",
			"Une personne que vous aidiez sur le portail a arrêté votre aide : vous ne pouvez plus agir avec elle.")
	}
	return tx.notifyHelp(ctx, person, "Votre référent·e arrête de vous aider",
		"Votre référent·e ne peut plus vous aider sur le portail. Vous pouvez nommer quelqu'un d'autre sur la page « Aide ».")
}

// notifyHelp tells one active member of the committee about a help.
func (tx *Tx) notifyHelp(ctx context.Context, accountID int64, title, body string) error {
	var slug string
	if err := tx.queryRow(ctx, `SELECT slug FROM committees WHERE id = $1`, tx.sc.CommitteeID).Scan(&slug); err != nil {
		return fmt.Errorf("postgres: help notice: %w", err)
	}
	_, err := tx.notify(ctx, Notice{Kind: clts.NotifyHelp, Title: title, Body: body, Link: paths.Help(slug)},
		`SELECT m.account_id FROM memberships m WHERE m.committee_id = $1 AND m.account_id = $2 AND m.active`,
		tx.sc.CommitteeID, accountID)
	return err
}

// HelpedActions lists what referents did with the person in the
// committee, newest first, from the journal (for_account_id), at most
// limit. The referent is named as the person, who reads the list and is
// not a pilot, may see them in the directory (helperNameSQL): a referent
// who is themselves a supported person hiding their full name shows by
// first name and initial.
func (tx *Tx) HelpedActions(ctx context.Context, personID int64, limit int) ([]clts.HelpedAction, error) {
	// The subject without the « — pour <the person> » the journal adds.
	rows, err := tx.query(ctx, `SELECT l.at, l.action, regexp_replace(l.subject, '(^| — )pour [^—]*$', ''),
			`+helperNameSQL("l.actor_id", "$1", "false", "$2")+`,
			coalesce(l.object_kind, ''), coalesce(l.object_id, 0), c.slug
		FROM audit_log l JOIN committees c ON c.id = l.committee_id
		WHERE l.committee_id = $1 AND l.for_account_id = $2
		ORDER BY l.at DESC, l.id DESC LIMIT $3`, tx.sc.CommitteeID, personID, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: helped actions: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.HelpedAction, error) {
		var (
			h          clts.HelpedAction
			kind, slug string
			objID      int64
			at         time.Time
		)
		err := row.Scan(&at, &h.Action, &h.Subject, &h.HelperName, &kind, &objID, &slug)
		h.At = at
		h.Link = objectPath(slug, kind, objID)
		return h, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: helped actions: %w", err)
	}
	return out, nil
}

// objectPath is the portal path of a journal's object (” when none).
func objectPath(slug, kind string, id int64) string {
	switch {
	case id == 0:
		return ""
	case kind == clts.ObjectMeeting:
		return paths.Meeting(slug, id)
	case kind == clts.ObjectPractice:
		return paths.Practice(slug, id)
	case kind == clts.ObjectContribution:
		return paths.Contribution(slug, id)
	}
	return ""
}

package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
)

// minutesColumns and minutesJoins read the minutes of meeting mt (NULLs
// when none were written), their HTML as stored when they were saved, and
// the meeting's decisions and actions, aggregated as a JSON array, so that
// a query for the meeting reads them in the same statement; minutesRow
// scans them. An action's assignee is named as the viewer (the scope's
// account) may see them: the directory's rule, pilots see full names.
const minutesColumns = `mi.body, mi.html, mi.published_at, mi.version, mi.updated_at, act.list`

var minutesJoins = `LEFT JOIN minutes mi ON mi.committee_id = mt.committee_id AND mi.meeting_id = mt.id
	LEFT JOIN LATERAL (SELECT json_agg(json_build_object('id', x.id, 'kind', x.kind, 'what', x.what, 'who', x.who,
			'assignee_id', x.assignee_id, 'assignee', ` + assigneeNameSQL + `,
			'due_on', to_char(x.due_on, 'YYYY-MM-DD'), 'done', x.done) ORDER BY x.kind DESC, x.id) AS list
		FROM meeting_actions x
		LEFT JOIN memberships m ON m.committee_id = x.committee_id AND m.account_id = x.assignee_id
		LEFT JOIN accounts a ON a.id = x.assignee_id
		WHERE x.committee_id = mt.committee_id AND x.meeting_id = mt.id) act ON true`

// assigneeNameSQL is the name of an action's assignee (account a, member
// m) as the scope's account may see it.
var assigneeNameSQL = visibleNameSQL(`EXISTS (SELECT FROM memberships vm WHERE vm.committee_id = x.committee_id
	AND vm.account_id = coalesce(clts_account_id(), 0) AND vm.role = 'pilote' AND vm.active)`, `coalesce(clts_account_id(), 0)`)

// actionJSON is a decision or an action as minutesJoins aggregates it.
type actionJSON struct {
	ID         int64   `json:"id"`
	Kind       string  `json:"kind"`
	What       string  `json:"what"`
	Who        string  `json:"who"`
	AssigneeID *int64  `json:"assignee_id"`
	Assignee   *string `json:"assignee"`
	DueOn      *string `json:"due_on"` // YYYY-MM-DD
	Done       bool    `json:"done"`
}

// minutesRow receives minutesColumns.
type minutesRow struct {
	body      *string
	html      *string
	published *time.Time
	version   *int
	updated   *time.Time
	actions   []actionJSON
}

func (r *minutesRow) dest() []any {
	return []any{&r.body, &r.html, &r.published, &r.version, &r.updated, &r.actions}
}

// result returns the minutes (empty with version 0 when none were
// written), their HTML and the actions, in their order. The HTML is the
// one stored when the minutes were saved, sanitized then; minutes saved
// before the portal stored it (NULL, see migration 00010) are shown as
// escaped plain text (markdown.Plain, linear in time) until they are
// saved again: a page view never renders Markdown.
func (r *minutesRow) result() (clts.Minutes, string, []clts.ActionItem, error) {
	var m clts.Minutes
	var html string
	if r.version != nil {
		m = clts.Minutes{Body: *r.body, PublishedAt: r.published, Version: *r.version, UpdatedAt: *r.updated}
		if r.html != nil {
			html = *r.html
		} else {
			html = markdown.Plain(m.Body)
		}
	}
	actions := make([]clts.ActionItem, 0, len(r.actions))
	for _, a := range r.actions {
		it := clts.ActionItem{ID: a.ID, Kind: a.Kind, What: a.What, Who: a.Who, Done: a.Done}
		if a.AssigneeID != nil {
			it.AssigneeID = *a.AssigneeID
		}
		if a.Assignee != nil {
			it.AssigneeName = *a.Assignee
		}
		if a.DueOn != nil {
			due, err := time.Parse(time.DateOnly, *a.DueOn)
			if err != nil {
				return m, "", nil, fmt.Errorf("action %d: due date: %w", a.ID, err)
			}
			it.DueOn = &due
		}
		actions = append(actions, it)
	}
	return m, html, actions, nil
}

// MeetingMinutes returns a meeting's minutes (empty with version 0 when
// none were written) and its decisions and actions, in one statement. The
// meeting's page reads them with the meeting (MeetingPage).
func (tx *Tx) MeetingMinutes(ctx context.Context, meetingID int64) (clts.Minutes, []clts.ActionItem, error) {
	var r minutesRow
	err := tx.queryRow(ctx, `SELECT `+minutesColumns+` FROM meetings mt `+minutesJoins+`
		WHERE mt.committee_id = $1 AND mt.id = $2`, tx.sc.CommitteeID, meetingID).Scan(r.dest()...)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return clts.Minutes{}, nil, fmt.Errorf("postgres: minutes: %w", err)
	}
	m, _, actions, err := r.result()
	if err != nil {
		return m, nil, fmt.Errorf("postgres: minutes: %w", err)
	}
	return m, actions, nil
}

// MinutesChange is what the minutes form saves, all in one unit of work:
// the text, the decisions and actions edited with it, and whether to
// publish.
type MinutesChange struct {
	// Text comes from markdown.Render, called before the unit of work: its
	// source has LF line ends, and its HTML is the sanitizer's output,
	// which pages show as stored.
	Text    markdown.Text
	Version int // the version edited; 0 for new minutes
	Publish bool
	Actions []ActionChange
	// Mail is told to every invitee (clts.NotifyMinutes) when the minutes
	// are published for the first time (not when published minutes are
	// corrected).
	Mail *MeetingMail
}

// ActionChange is a row of the minutes form: a new decision or action (ID
// 0), an existing one changed, or one removed.
type ActionChange struct {
	Row    int // the form's row, from 1: its fields carry the errors (clts.ActionField)
	Item   clts.ActionItem
	Remove bool
}

// SaveMinutes saves the minutes of a meeting edited from c.Version and
// their decisions and actions, and publishes them when c.Publish is true.
// Publishing is final: published minutes may still be corrected, and stay
// published; the first publication queues c.Mail to the invitees. An action
// is given to an active member of the committee (or was already given to
// this person): anyone else is refused next to the row's list. Any refusal
// leaves everything as it was: the caller's unit of work rolls back.
func (tx *Tx) SaveMinutes(ctx context.Context, meetingID int64, c MinutesChange) error {
	if err := tx.checkMinutes(ctx, meetingID, c); err != nil {
		return err
	}
	first, err := tx.saveMinutesText(ctx, meetingID, c)
	if err != nil {
		return err
	}
	if err := tx.saveActions(ctx, meetingID, c.Actions); err != nil {
		return err
	}
	if first {
		if err := tx.notifyInvitees(ctx, meetingID, clts.NotifyMinutes, c.Mail); err != nil {
			return err
		}
	}
	action := "minutes.save"
	if c.Publish {
		action = "minutes.publish"
	}
	return tx.auditOn(ctx, action, "", clts.On(clts.ObjectMeeting, meetingID))
}

// checkMinutes validates the text and every row, then checks the
// assignees in one statement, before anything is written.
func (tx *Tx) checkMinutes(ctx context.Context, meetingID int64, c MinutesChange) error {
	fe := clts.FieldErrors{}
	if err := (clts.Minutes{Body: c.Text.Source()}).Validate(); err != nil {
		fe = fieldErrorsOf(err)
	}
	if len(c.Actions) > clts.MaxActionRows {
		return clts.Errorf(clts.EINVALID, "Un compte rendu compte au plus %d décisions et actions.", clts.MaxActionRows)
	}
	var rows []int32
	var ids, assignees []int64
	for _, a := range c.Actions {
		if a.Remove {
			continue
		}
		for k, v := range a.Item.ValidateRow(a.Row) {
			fe[k] = v
		}
		if a.Item.AssigneeID != 0 {
			rows, ids, assignees = append(rows, int32(a.Row)), append(ids, a.Item.ID), append(assignees, a.Item.AssigneeID)
		}
	}
	if len(rows) > 0 {
		// The rows whose assignee is neither an active member of the
		// committee nor the one the action already had.
		refused, err := tx.query(ctx, `SELECT u.row FROM unnest($3::int[], $4::bigint[], $5::bigint[]) AS u(row, id, assignee)
			WHERE NOT EXISTS (SELECT FROM memberships ms WHERE ms.committee_id = $1 AND ms.account_id = u.assignee AND ms.active)
			  AND NOT EXISTS (SELECT FROM meeting_actions x WHERE x.committee_id = $1 AND x.meeting_id = $2 AND x.id = u.id
				AND x.assignee_id = u.assignee)`, tx.sc.CommitteeID, meetingID, rows, ids, assignees)
		if err != nil {
			return fmt.Errorf("postgres: action assignees: %w", err)
		}
		bad, err := pgx.CollectRows(refused, pgx.RowTo[int32])
		if err != nil {
			return fmt.Errorf("postgres: action assignees: %w", err)
		}
		for _, row := range bad {
			fe.Add(clts.ActionField(int(row), "membre"), "Choisissez un membre actif du comité dans la liste.")
		}
	}
	return fe.Err()
}

// saveMinutesText writes the minutes' text, checking the version edited,
// and reports whether this save published them for the first time.
func (tx *Tx) saveMinutesText(ctx context.Context, meetingID int64, c MinutesChange) (firstPublished bool, err error) {
	body, html := c.Text.Source(), c.Text.HTML()
	cid, self := tx.sc.CommitteeID, nullID(tx.sc.AccountID)
	if c.Version == 0 {
		var tag pgconn.CommandTag
		tag, err = tx.exec(ctx, `INSERT INTO minutes (committee_id, meeting_id, body, html, published_at, updated_by)
			VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN now() END, $6) ON CONFLICT DO NOTHING`,
			cid, meetingID, body, html, c.Publish, self)
		if err == nil && tag.RowsAffected() == 0 {
			err = errMinutesConflict
		}
		firstPublished = c.Publish
	} else {
		// old locks the row edited; the update then sees whether it was
		// published before.
		err = tx.queryRow(ctx, `WITH old AS (
				SELECT published_at FROM minutes WHERE committee_id = $1 AND meeting_id = $2 AND version = $3 FOR UPDATE)
			UPDATE minutes mi SET body = $4, html = $5,
				published_at = CASE WHEN $6 THEN coalesce(mi.published_at, now()) ELSE mi.published_at END,
				version = mi.version + 1, updated_by = $7, updated_at = now()
			FROM old WHERE mi.committee_id = $1 AND mi.meeting_id = $2 AND mi.version = $3
			RETURNING old.published_at IS NULL AND mi.published_at IS NOT NULL`,
			cid, meetingID, c.Version, body, html, c.Publish, self).Scan(&firstPublished)
		if errors.Is(err, pgx.ErrNoRows) {
			err = errMinutesConflict
		}
	}
	if err != nil && !errors.Is(err, errMinutesConflict) {
		err = fmt.Errorf("postgres: save minutes: %w", mapError(err))
	}
	return firstPublished, err
}

// errMinutesConflict: the minutes changed since the form was opened.
var errMinutesConflict = clts.Errorf(clts.ECONFLICT, "Quelqu'un a enregistré le compte rendu pendant que vous écriviez. Votre texte est conservé ci-dessous : comparez avec la version actuelle, puis enregistrez de nouveau.")

// saveActions removes, changes and adds the rows of the minutes form, in
// three statements at most, whatever their number. A row that no longer
// exists is a conflict: the minutes' version, checked first, makes it
// unlikely.
func (tx *Tx) saveActions(ctx context.Context, meetingID int64, changes []ActionChange) error {
	var removed []int64
	var upd, add actionColumns
	for _, c := range changes {
		switch {
		case c.Remove && c.Item.ID != 0:
			removed = append(removed, c.Item.ID)
		case c.Remove:
		case c.Item.ID != 0:
			upd.add(c.Item)
		default:
			add.add(c.Item)
		}
	}
	cid := tx.sc.CommitteeID
	gone := clts.Errorf(clts.ECONFLICT, "Une décision ou une action a été retirée pendant que vous écriviez : rouvrez le compte rendu.")
	if len(removed) > 0 {
		tag, err := tx.exec(ctx, `DELETE FROM meeting_actions WHERE committee_id = $1 AND meeting_id = $2 AND id = ANY($3)`, cid, meetingID, removed)
		if err != nil {
			return fmt.Errorf("postgres: remove actions: %w", err)
		}
		if int(tag.RowsAffected()) != len(removed) {
			return gone
		}
	}
	if len(upd.id) > 0 {
		tag, err := tx.exec(ctx, `UPDATE meeting_actions x SET kind = u.kind, what = btrim(u.what), who = btrim(u.who),
				assignee_id = nullif(u.assignee, 0), due_on = nullif(u.due, '')::date, done = u.done
			FROM unnest($3::bigint[], $4::text[], $5::text[], $6::text[], $7::bigint[], $8::text[], $9::boolean[])
				AS u(id, kind, what, who, assignee, due, done)
			WHERE x.committee_id = $1 AND x.meeting_id = $2 AND x.id = u.id`,
			cid, meetingID, upd.id, upd.kind, upd.what, upd.who, upd.assignee, upd.due, upd.done)
		if err != nil {
			return fmt.Errorf("postgres: update actions: %w", mapError(err))
		}
		if int(tag.RowsAffected()) != len(upd.id) {
			return gone
		}
	}
	if len(add.kind) > 0 {
		_, err := tx.exec(ctx, `INSERT INTO meeting_actions (committee_id, meeting_id, kind, what, who, assignee_id, due_on, done)
			SELECT $1, $2, u.kind, btrim(u.what), btrim(u.who), nullif(u.assignee, 0), nullif(u.due, '')::date, u.done
			FROM unnest($3::text[], $4::text[], $5::text[], $6::bigint[], $7::text[], $8::boolean[])
				WITH ORDINALITY AS u(kind, what, who, assignee, due, done, n)
			ORDER BY u.n`,
			cid, meetingID, add.kind, add.what, add.who, add.assignee, add.due, add.done)
		if err != nil {
			return fmt.Errorf("postgres: add actions: %w", mapError(err))
		}
	}
	return nil
}

// actionColumns are rows of meeting_actions as arrays, one per column,
// for unnest.
type actionColumns struct {
	id              []int64
	kind, what, who []string
	assignee        []int64
	due             []string
	done            []bool
}

func (c *actionColumns) add(a clts.ActionItem) {
	due := ""
	if a.DueOn != nil {
		due = a.DueOn.Format(time.DateOnly)
	}
	c.id = append(c.id, a.ID)
	c.kind, c.what, c.who = append(c.kind, a.Kind), append(c.what, a.What), append(c.who, a.Who)
	c.assignee, c.due, c.done = append(c.assignee, a.AssigneeID), append(c.due, due), append(c.done, a.Done)
}

// ActionAssignees lists the committee's active members, to whom an action
// may be given, named as the viewer (the scope's account) may see them, in
// alphabetical order. One statement.
func (tx *Tx) ActionAssignees(ctx context.Context, viewerIsPilot bool) ([]clts.MemberChoice, error) {
	rows, err := tx.query(ctx, `SELECT m.account_id, v.name FROM memberships m JOIN accounts a ON a.id = m.account_id
		CROSS JOIN LATERAL (SELECT `+visibleNameSQL("$2", "$3")+` AS name) v
		WHERE m.committee_id = $1 AND m.active
		ORDER BY v.name COLLATE clts_fr, m.account_id`, tx.sc.CommitteeID, viewerIsPilot, tx.sc.AccountID)
	if err != nil {
		return nil, fmt.Errorf("postgres: action assignees: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.MemberChoice, error) {
		var c clts.MemberChoice
		err := row.Scan(&c.AccountID, &c.Name)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: action assignees: %w", err)
	}
	return out, nil
}

package postgres

import (
	"context"
	"errors"
	"fmt"
	"strings"
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
// scans them.
const minutesColumns = `mi.body, mi.html, mi.published_at, mi.version, mi.updated_at, act.list`

const minutesJoins = `LEFT JOIN minutes mi ON mi.committee_id = mt.committee_id AND mi.meeting_id = mt.id
	LEFT JOIN LATERAL (SELECT json_agg(json_build_object('id', a.id, 'kind', a.kind, 'what', a.what, 'who', a.who,
			'due_on', to_char(a.due_on, 'YYYY-MM-DD'), 'done', a.done) ORDER BY a.kind DESC, a.id) AS list
		FROM meeting_actions a WHERE a.committee_id = mt.committee_id AND a.meeting_id = mt.id) act ON true`

// actionJSON is a decision or an action as minutesJoins aggregates it.
type actionJSON struct {
	ID    int64   `json:"id"`
	Kind  string  `json:"kind"`
	What  string  `json:"what"`
	Who   string  `json:"who"`
	DueOn *string `json:"due_on"` // YYYY-MM-DD
	Done  bool    `json:"done"`
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

// SaveMinutes saves the minutes edited from version (0 for new minutes),
// their source and their HTML side by side, and publishes them when
// publish is true. Publishing is final: published minutes may still be
// corrected, and stay published. The text comes from markdown.Render,
// called before the unit of work: its source has LF line ends, and its
// HTML is the sanitizer's output, which pages show as stored.
func (tx *Tx) SaveMinutes(ctx context.Context, meetingID int64, text markdown.Text, version int, publish bool) error {
	body, html := text.Source(), text.HTML()
	if err := (clts.Minutes{Body: body}).Validate(); err != nil {
		return err
	}
	cid, self := tx.sc.CommitteeID, nullID(tx.sc.AccountID)
	var tag pgconn.CommandTag
	var err error
	if version == 0 {
		tag, err = tx.exec(ctx, `INSERT INTO minutes (committee_id, meeting_id, body, html, published_at, updated_by)
			VALUES ($1, $2, $3, $4, CASE WHEN $5 THEN now() END, $6) ON CONFLICT DO NOTHING`,
			cid, meetingID, body, html, publish, self)
	} else {
		tag, err = tx.exec(ctx, `UPDATE minutes SET body = $4, html = $5, published_at = CASE WHEN $6 THEN coalesce(published_at, now()) ELSE published_at END,
				version = version + 1, updated_by = $7, updated_at = now()
			WHERE committee_id = $1 AND meeting_id = $2 AND version = $3`,
			cid, meetingID, version, body, html, publish, self)
	}
	if err != nil {
		return fmt.Errorf("postgres: save minutes: %w", mapError(err))
	}
	if tag.RowsAffected() == 0 {
		return clts.Errorf(clts.ECONFLICT, "Quelqu'un a enregistré le compte rendu pendant que vous écriviez. Votre texte est conservé ci-dessous : comparez avec la version actuelle, puis enregistrez de nouveau.")
	}
	action := "minutes.save"
	if publish {
		action = "minutes.publish"
	}
	return tx.audit(ctx, action, fmt.Sprintf("réunion %d", meetingID))
}

// AddAction records a decision or an action of a meeting.
func (tx *Tx) AddAction(ctx context.Context, meetingID int64, a clts.ActionItem) error {
	if err := a.Validate(); err != nil {
		return err
	}
	_, err := tx.exec(ctx, `INSERT INTO meeting_actions (committee_id, meeting_id, kind, what, who, due_on) VALUES ($1, $2, $3, $4, $5, $6)`,
		tx.sc.CommitteeID, meetingID, a.Kind, strings.TrimSpace(a.What), strings.TrimSpace(a.Who), a.DueOn)
	if err != nil {
		return fmt.Errorf("postgres: add action: %w", mapError(err))
	}
	return tx.audit(ctx, "minutes.action", a.What)
}

// SetActionDone marks an action done or not done.
func (tx *Tx) SetActionDone(ctx context.Context, meetingID, id int64, done bool) error {
	tag, err := tx.exec(ctx, `UPDATE meeting_actions SET done = $4 WHERE committee_id = $1 AND meeting_id = $2 AND id = $3`,
		tx.sc.CommitteeID, meetingID, id, done)
	if err != nil {
		return fmt.Errorf("postgres: action done: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return clts.Errorf(clts.ENOTFOUND, "Action introuvable.")
	}
	return nil
}

// DeleteAction removes a decision or an action.
func (tx *Tx) DeleteAction(ctx context.Context, meetingID, id int64) error {
	tag, err := tx.exec(ctx, `DELETE FROM meeting_actions WHERE committee_id = $1 AND meeting_id = $2 AND id = $3`, tx.sc.CommitteeID, meetingID, id)
	if err != nil {
		return fmt.Errorf("postgres: delete action: %w", err)
	}
	if tag.RowsAffected() == 0 {
		return clts.Errorf(clts.ENOTFOUND, "Action introuvable.")
	}
	return nil
}

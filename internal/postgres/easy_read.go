package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
)

// Easy-to-read versions (FALC) of the committee's texts: one current
// version per subject (easy_read_versions, migration 00033), rewritten in
// place; rewriting clears the check. The handlers check the rules
// (auth.CheckEasyReadVersion) and that the viewer reads the original; the
// store checks again, under the row's lock, what the rows say (the version
// the person read, the author, a check already made).

// ErrEasyReadChanged is a version rewritten since the form was opened, or
// since the person read it.
var ErrEasyReadChanged = clts.Errorf(clts.ECONFLICT,
	"La version facile à lire a changé depuis que vous l'avez ouverte : lisez la nouvelle version.")

// easyReadName is the name of account col as the viewer may see it: the
// directory's rule (visibleNameSQL) for a member of the version's
// committee e; pilot and viewer are SQL for "the viewer is a pilot" and
// the viewer's account id.
func easyReadName(col, pilot, viewer string) string {
	return `coalesce((SELECT CASE WHEN m.role = 'personne_accompagnee' AND NOT m.show_full_name AND NOT ` + pilot +
		` AND m.account_id <> ` + viewer + ` THEN ` + shortNameSQL + ` ELSE a.display_name END
		FROM accounts a JOIN memberships m ON m.committee_id = e.committee_id AND m.account_id = a.id WHERE a.id = ` + col + `), '')`
}

// easyReadSelect reads a version with its author's and checker's names as
// the viewer may see them ($1 the committee, $3 viewer is a pilot, $4 the
// viewer's account).
var easyReadSelect = `SELECT e.subject_kind, e.subject_id, e.body, e.body_html, e.written_by,
		` + easyReadName("e.written_by", "$3::boolean", "$4::bigint") + `,
		e.written_at, coalesce(e.checked_by, 0),
		` + easyReadName("e.checked_by", "$3::boolean", "$4::bigint") + `,
		e.checked_at, e.version
	FROM easy_read_versions e`

// easyReadMeetingSQL is the column of meetingPageSQL holding the easy
// versions of the meeting mt's agenda and minutes as a JSON array, so that
// the meeting's page reads them in its one statement ($1 the viewer, $2
// the committee).
var easyReadMeetingSQL = `(SELECT coalesce(json_agg(json_build_object('kind', e.subject_kind, 'id', e.subject_id,
		'body', e.body, 'body_html', e.body_html, 'written_by', e.written_by,
		'author', ` + easyReadName("e.written_by", easyReadViewerPilot, "$1") + `, 'written_at', e.written_at,
		'checked_by', coalesce(e.checked_by, 0), 'checker', ` + easyReadName("e.checked_by", easyReadViewerPilot, "$1") + `,
		'checked_at', e.checked_at, 'version', e.version)), '[]'::json)
	FROM easy_read_versions e WHERE e.committee_id = $2 AND e.subject_kind IN ('agenda', 'minutes') AND e.subject_id = mt.id)`

// easyReadViewerPilot: viewer $1 is an active pilot of committee $2.
const easyReadViewerPilot = `EXISTS (SELECT FROM memberships vp WHERE vp.committee_id = $2 AND vp.account_id = $1 AND vp.active AND vp.role = 'pilote')`

// easyReadJSON is a version as easyReadMeetingSQL writes it.
type easyReadJSON struct {
	Kind      string     `json:"kind"`
	ID        int64      `json:"id"`
	Body      string     `json:"body"`
	BodyHTML  string     `json:"body_html"`
	WrittenBy int64      `json:"written_by"`
	Author    string     `json:"author"`
	WrittenAt time.Time  `json:"written_at"`
	CheckedBy int64      `json:"checked_by"`
	Checker   string     `json:"checker"`
	CheckedAt *time.Time `json:"checked_at"`
	Version   int        `json:"version"`
}

// decodeEasyReads reads easyReadMeetingSQL's column.
func decodeEasyReads(raw []byte) (map[clts.EasyReadKind]*clts.EasyReadVersion, error) {
	var rows []easyReadJSON
	if err := json.Unmarshal(raw, &rows); err != nil {
		return nil, fmt.Errorf("postgres: easy-read versions: %w", err)
	}
	out := map[clts.EasyReadKind]*clts.EasyReadVersion{}
	for _, r := range rows {
		out[clts.EasyReadKind(r.Kind)] = &clts.EasyReadVersion{Kind: clts.EasyReadKind(r.Kind), SubjectID: r.ID, Body: r.Body,
			BodyHTML: r.BodyHTML, WrittenBy: r.WrittenBy, AuthorName: r.Author, WrittenAt: r.WrittenAt,
			CheckedBy: r.CheckedBy, CheckerName: r.Checker, CheckedAt: r.CheckedAt, Version: r.Version}
	}
	return out, nil
}

func scanEasyRead(row pgx.Row) (*clts.EasyReadVersion, error) {
	var v clts.EasyReadVersion
	var kind string
	err := row.Scan(&kind, &v.SubjectID, &v.Body, &v.BodyHTML, &v.WrittenBy, &v.AuthorName, &v.WrittenAt,
		&v.CheckedBy, &v.CheckerName, &v.CheckedAt, &v.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: easy-read version: %w", err)
	}
	v.Kind = clts.EasyReadKind(kind)
	return &v, nil
}

// EasyRead reads the current easy-to-read version of the subject (kind,
// id) in the scope's committee, nil when it has none. viewerIsPilot says
// whether names are shown whole (as in the directory).
func (tx *Tx) EasyRead(ctx context.Context, kind clts.EasyReadKind, id int64, viewerIsPilot bool) (*clts.EasyReadVersion, error) {
	return scanEasyRead(tx.queryRow(ctx, easyReadSelect+`
		WHERE e.committee_id = $1 AND e.subject_kind = $2 AND e.subject_id = $5`,
		tx.sc.CommitteeID, string(kind), viewerIsPilot, tx.sc.AccountID, id))
}

// easyReadObject is the journal's object of the subject of a version.
func easyReadObject(kind clts.EasyReadKind, id int64) clts.AuditObject {
	switch kind {
	case clts.EasyReadCharter:
		return clts.On(clts.ObjectCharter, id)
	case clts.EasyReadPractice:
		return clts.On(clts.ObjectPractice, id)
	case clts.EasyReadNews:
		return clts.On(clts.ObjectNews, id)
	}
	return clts.On(clts.ObjectMeeting, id)
}

// easyReadSubject names the subject in the journal.
func easyReadSubject(kind clts.EasyReadKind, id int64) string {
	return "version facile à lire de " + kind.Label() + " n° " + strconv.FormatInt(id, 10)
}

// lockEasyRead reads the version of (kind, id) under a row lock: version 0
// when there is none yet.
func (tx *Tx) lockEasyRead(ctx context.Context, kind clts.EasyReadKind, id int64) (version int, author int64, checked bool, err error) {
	err = tx.queryRow(ctx, `SELECT version, written_by, checked_by IS NOT NULL FROM easy_read_versions
		WHERE committee_id = $1 AND subject_kind = $2 AND subject_id = $3 FOR UPDATE`,
		tx.sc.CommitteeID, string(kind), id).Scan(&version, &author, &checked)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, 0, false, nil
	}
	if err != nil {
		return 0, 0, false, fmt.Errorf("postgres: lock easy-read version: %w", err)
	}
	return version, author, checked, nil
}

// SaveEasyRead writes the easy-to-read version of (kind, id) as the scope's
// account: the first one (expected 0) or a rewrite of version expected,
// which clears its check (it must be read again). ErrEasyReadChanged when
// the version is no longer expected.
func (tx *Tx) SaveEasyRead(ctx context.Context, kind clts.EasyReadKind, id int64, expected int, text markdown.Text, now time.Time) error {
	current, _, _, err := tx.lockEasyRead(ctx, kind, id)
	if err != nil {
		return err
	}
	if current != expected {
		return ErrEasyReadChanged
	}
	action := "easy_read.create"
	if current == 0 {
		// Two first versions at once: the second waits for the first on
		// the primary key, then inserts nothing; its writer is told that a
		// version was written meanwhile, not that theirs is saved.
		tag, ierr := tx.exec(ctx, `INSERT INTO easy_read_versions (committee_id, subject_kind, subject_id, body, body_html, written_by, written_at)
			VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING`,
			tx.sc.CommitteeID, string(kind), id, text.Source(), text.HTML(), tx.sc.AccountID, now)
		if ierr == nil && tag.RowsAffected() == 0 {
			return ErrEasyReadChanged
		}
		err = ierr
	} else {
		action = "easy_read.edit"
		_, err = tx.exec(ctx, `UPDATE easy_read_versions SET body = $4, body_html = $5, written_by = $6, written_at = $7,
			checked_by = NULL, checked_at = NULL, version = version + 1
			WHERE committee_id = $1 AND subject_kind = $2 AND subject_id = $3`,
			tx.sc.CommitteeID, string(kind), id, text.Source(), text.HTML(), tx.sc.AccountID, now)
	}
	if err != nil {
		return fmt.Errorf("postgres: save easy-read version: %w", err)
	}
	return tx.auditOn(ctx, action, easyReadSubject(kind, id), easyReadObject(kind, id))
}

// CheckEasyReadText records that the scope's account, a supported person
// (the handler checked the rule), read version of (kind, id) and found it
// easy to understand: refused when it changed since (ErrEasyReadChanged),
// when they wrote it, or when it is checked already.
func (tx *Tx) CheckEasyReadText(ctx context.Context, kind clts.EasyReadKind, id int64, version int, now time.Time) error {
	current, author, checked, err := tx.lockEasyRead(ctx, kind, id)
	switch {
	case err != nil:
		return err
	case current == 0:
		return clts.Errorf(clts.ENOTFOUND, "Version facile à lire introuvable.")
	case current != version:
		return ErrEasyReadChanged
	case author == tx.sc.AccountID:
		return clts.Errorf(clts.EFORBIDDEN, "Vous avez écrit ce texte : une autre personne doit le relire.")
	case checked:
		return clts.Errorf(clts.ECONFLICT, "Ce texte est déjà relu.")
	}
	if _, err := tx.exec(ctx, `UPDATE easy_read_versions SET checked_by = $4, checked_at = $5
		WHERE committee_id = $1 AND subject_kind = $2 AND subject_id = $3`,
		tx.sc.CommitteeID, string(kind), id, tx.sc.AccountID, now); err != nil {
		return fmt.Errorf("postgres: check easy-read version: %w", err)
	}
	return tx.auditOn(ctx, "easy_read.check", easyReadSubject(kind, id), easyReadObject(kind, id))
}

package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// AuditFilter selects entries of the journal. Its zero value selects every
// entry the scope sees, without their addresses.
type AuditFilter struct {
	// Prefixes keeps the actions whose code begins with one of them, the
	// part before the dot (clts.AuditKind); none keeps every action.
	Prefixes []string
	// ActorID keeps the entries of one person; 0 keeps everyone's.
	ActorID int64
	// From and Until keep the entries of [From, Until); zero times leave
	// that side open.
	From, Until time.Time
	// Addresses reads the client's address of each entry: the operator's
	// log shows it, for security; a committee's journal never does, so its
	// pilots never see where members connect from.
	Addresses bool
}

func nullTime(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	return &t
}

// JournalCountCap bounds the count of the entries a filter keeps: past
// it, the journal says "at least" rather than reading a year of entries to
// count them.
const JournalCountCap = 10_000

// auditFilterSQL is the journal's filter, on audit_log l.
const auditFilterSQL = `($1::bigint IS NULL OR l.committee_id = $1)
		AND (cardinality($2::text[]) = 0 OR split_part(l.action, '.', 1) = ANY ($2))
		AND ($3::bigint IS NULL OR l.actor_id = $3)
		AND ($4::timestamptz IS NULL OR l.at >= $4)
		AND ($5::timestamptz IS NULL OR l.at < $5)`

// auditSQL reads a page of the journal and the number of entries the filter
// keeps (up to $9), in one statement: the page's entries alone are joined
// to their actor's name and to the current name of their object (a
// meeting's title and date, a group's title, a member's name…), read
// through the committee's own policies, so that an object the scope may
// not read, or one deleted, has no name.
const auditSQL = `SELECT l.id, coalesce(l.committee_id, 0), coalesce(l.actor_id, 0),
		coalesce(a.display_name, ''), l.action, l.subject, CASE WHEN $6 THEN l.ip ELSE '' END, l.at,
		coalesce(l.object_kind, ''), coalesce(l.object_id, 0),
		coalesce(mt.title, g.title, i.name, p.title, c.title, ma.display_name, inv.display_name, doc.title, nw.title,
			'Charte, version ' || ch.number, ''), mt.starts_at,
		(SELECT count(*) FROM (SELECT FROM audit_log l WHERE ` + auditFilterSQL + ` LIMIT $9) kept)
	FROM (SELECT * FROM audit_log l WHERE ` + auditFilterSQL + `
		ORDER BY l.at DESC, l.id DESC LIMIT $7 OFFSET $8) l
	LEFT JOIN accounts a ON a.id = l.actor_id
	LEFT JOIN meetings mt ON l.object_kind = 'meeting' AND mt.committee_id = l.committee_id AND mt.id = l.object_id
	LEFT JOIN working_groups g ON l.object_kind = 'group' AND g.committee_id = l.committee_id AND g.id = l.object_id
	LEFT JOIN institutions i ON l.object_kind = 'institution' AND i.committee_id = l.committee_id AND i.id = l.object_id
	LEFT JOIN practices p ON l.object_kind = 'practice' AND p.committee_id = l.committee_id AND p.id = l.object_id
	LEFT JOIN contributions c ON l.object_kind = 'contribution' AND c.committee_id = l.committee_id AND c.id = l.object_id
	LEFT JOIN (memberships mm JOIN accounts ma ON ma.id = mm.account_id)
		ON l.object_kind = 'member' AND mm.committee_id = l.committee_id AND mm.account_id = l.object_id
	LEFT JOIN invitations inv ON l.object_kind = 'invitation' AND inv.committee_id = l.committee_id AND inv.id = l.object_id
	LEFT JOIN documents doc ON l.object_kind = 'document' AND doc.committee_id = l.committee_id AND doc.id = l.object_id
	LEFT JOIN news nw ON l.object_kind = 'news' AND nw.committee_id = l.committee_id AND nw.id = l.object_id
	LEFT JOIN charter_versions ch ON l.object_kind = 'charter' AND ch.committee_id = l.committee_id AND ch.id = l.object_id
	ORDER BY l.at DESC, l.id DESC`

// Journal lists the newest entries visible in the scope that f keeps, and
// how many it keeps in all, up to JournalCountCap: a committee's own
// entries, or, for an operator scope without committee, all entries. The
// committee is in the SQL and in the row-level security policy alike.
func (tx *Tx) Journal(ctx context.Context, f AuditFilter, limit, offset int) ([]clts.AuditEntry, int, error) {
	prefixes := f.Prefixes
	if prefixes == nil {
		prefixes = []string{}
	}
	rows, err := tx.query(ctx, auditSQL, nullID(tx.sc.CommitteeID), prefixes, nullID(f.ActorID),
		nullTime(f.From), nullTime(f.Until), f.Addresses, limit, offset, JournalCountCap)
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: journal: %w", err)
	}
	total := 0
	entries, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.AuditEntry, error) {
		var e clts.AuditEntry
		err := row.Scan(&e.ID, &e.CommitteeID, &e.ActorID, &e.ActorName, &e.Action, &e.Subject, &e.IP, &e.At,
			&e.Object.Kind, &e.Object.ID, &e.Object.Name, &e.Object.At, &total)
		return e, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: journal: %w", err)
	}
	return entries, total, nil
}

// AuditLog lists the newest entries visible in the scope, with their
// addresses: Journal without a filter.
func (tx *Tx) AuditLog(ctx context.Context, limit, offset int) ([]clts.AuditEntry, error) {
	entries, _, err := tx.Journal(ctx, AuditFilter{Addresses: true}, limit, offset)
	return entries, err
}

// JournalActors lists the people who appear in the committee's journal, by
// name, for its filter by person.
func (tx *Tx) JournalActors(ctx context.Context) ([]clts.Member, error) {
	rows, err := tx.query(ctx, `SELECT a.id, a.display_name FROM accounts a
		WHERE a.id IN (SELECT DISTINCT actor_id FROM audit_log WHERE committee_id = $1 AND actor_id IS NOT NULL)
		ORDER BY a.display_name COLLATE clts_fr, a.id`, tx.sc.CommitteeID)
	if err != nil {
		return nil, fmt.Errorf("postgres: journal actors: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.Member, error) {
		var m clts.Member
		err := row.Scan(&m.AccountID, &m.DisplayName)
		return m, err
	})
}

// RecordExport writes an export of committee data to the audit log.
func (tx *Tx) RecordExport(ctx context.Context, what string) error {
	return tx.audit(ctx, "export", what)
}

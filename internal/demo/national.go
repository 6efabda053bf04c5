package demo

import (
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"math/rand/v2"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/auth"
)

// The national dataset puts the portal at the scale of a national
// deployment, for load tests (make bench): a hundred more committees, 50,000
// accounts, 20,000 meetings with agendas, answers and minutes, 200,000
// practices (one in twenty shared nationally), 100,000 contributions
// transmitted to the HCTS's campaigns, and the 37-41 committee grown
// to about 500 members, 300 meetings and 2,000 practices so that its lists
// are long. Everything is written with COPY in one transaction, from plain
// SQL rather than the store: it is a bulk load, not an application action,
// and it writes no audit entries and queues no e-mails.

// nationalAccounts is the number of accounts the national dataset adds.
const nationalAccounts = 50_000

// idTables are the tables whose identity the dataset assigns itself, so
// that rows can reference each other before they are written; their
// sequences are moved past the new ids afterwards.
var idTables = []string{"committees", "accounts", "institutions", "working_groups", "meetings", "agenda_items", "meeting_actions", "practices"}

// national is the dataset being built: the committees with what the
// following tables need to know of them, and the last id taken per table.
type national struct {
	now        time.Time
	rng        *rand.Rand
	hash       string
	last       map[string]int64
	committees []*natCommittee // 37-41 first, then n001 to n100
	accounts   []natAccount
}

// id takes the next id of a table.
func (n *national) id(table string) int64 {
	n.last[table]++
	return n.last[table]
}

// chance is true with probability p.
func (n *national) chance(p float64) bool { return n.rng.Float64() < p }

// LoadNational adds the national dataset on top of the demo data (Load must
// have run). conn must be a superuser or a BYPASSRLS role: COPY is refused
// on tables whose row-level security applies to the copying role, and the
// committee tables force it even on their owner. Nothing happens when
// committee n001 exists.
func LoadNational(ctx context.Context, conn *pgx.Conn, now time.Time, w io.Writer) error {
	start := time.Now()
	var bypass bool
	if err := conn.QueryRow(ctx, `SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = current_user`).Scan(&bypass); err != nil {
		return fmt.Errorf("demo: national: %w", err)
	}
	if !bypass {
		return errors.New("demo: national: the connection must be a superuser or have BYPASSRLS (COPY is refused under forced row-level security)")
	}
	tx, err := conn.Begin(ctx)
	if err != nil {
		return fmt.Errorf("demo: national: %w", err)
	}
	defer tx.Rollback(ctx) //nolint:errcheck // no-op after commit
	// Writers wait until the load commits: the ids it assigns stay free.
	if _, err := tx.Exec(ctx, `LOCK TABLE committees, accounts, institutions, working_groups, memberships, group_members,
		meetings, agenda_items, meeting_responses, minutes, meeting_actions, practices, practice_groups, practice_institutions
		IN SHARE ROW EXCLUSIVE MODE`); err != nil {
		return fmt.Errorf("demo: national: %w", err)
	}
	var loaded bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM committees WHERE slug = 'n001')`).Scan(&loaded); err != nil {
		return fmt.Errorf("demo: national: %w", err)
	}
	if loaded {
		// A dataset loaded before the contributions existed gets them.
		return addNationalContributions(ctx, conn, tx, now, w)
	}
	if _, err := tx.Exec(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
		return fmt.Errorf("demo: national: %w", err)
	}
	// One argon2id hash for every account: computing 50,000 would take minutes.
	hash, err := auth.HashPassword(Password, auth.OWASPParams)
	if err != nil {
		return fmt.Errorf("demo: national: %w", err)
	}
	n := &national{now: now, rng: rand.New(rand.NewPCG(2026, 3741)), hash: hash, last: map[string]int64{}}
	for _, t := range idTables {
		var last int64
		err := tx.QueryRow(ctx, `SELECT greatest(coalesce(max(id), 0),
				coalesce(pg_sequence_last_value(pg_get_serial_sequence($1, 'id')::regclass), 0)) FROM `+pgx.Identifier{t}.Sanitize(), t).
			Scan(&last)
		if err != nil {
			return fmt.Errorf("demo: national: ids of %s: %w", t, err)
		}
		n.last[t] = last
	}
	if err := n.loadExisting(ctx, tx); err != nil {
		return fmt.Errorf("demo: national: %w", err)
	}
	n.plan()

	counts := map[string]int64{}
	for _, c := range []struct {
		table string
		cols  []string
		rows  iter.Seq[[]any]
	}{
		{"committees", []string{"id", "slug", "name", "departements"}, n.committeeRows()},
		{"accounts", []string{"id", "email", "login", "display_name", "password_hash"}, n.accountRows()},
		{"institutions", []string{"committee_id", "id", "name", "kind", "departements", "website", "description"}, n.institutionRows()},
		{"working_groups", []string{"committee_id", "id", "title", "description", "objectives"}, n.groupRows()},
		{"memberships", []string{"committee_id", "account_id", "role", "active", "institution_id", "departement",
			"presentation", "phone", "show_email", "show_phone", "show_full_name"}, n.membershipRows()},
		{"group_members", []string{"committee_id", "group_id", "account_id", "status"}, n.groupMemberRows()},
		{"meetings", []string{"committee_id", "id", "kind", "group_id", "title", "description", "starts_at", "ends_at",
			"place", "video_url", "accessibility", "status", "cancel_reason", "sequence", "created_by"}, n.meetingRows()},
		{"agenda_items", []string{"committee_id", "meeting_id", "id", "position", "title", "description", "presenter",
			"minutes", "status", "proposed_by"}, n.agendaRows()},
		{"meeting_responses", []string{"committee_id", "meeting_id", "account_id", "answer", "needs", "needs_note", "attended"}, n.responseRows()},
		{"minutes", []string{"committee_id", "meeting_id", "body", "published_at", "updated_by"}, n.minutesRows()},
		{"meeting_actions", []string{"committee_id", "meeting_id", "id", "kind", "what", "who", "due_on", "done"}, n.actionRows()},
		{"practices", practiceColumns, n.practiceRows()},
		{"practice_groups", []string{"committee_id", "practice_id", "group_id"}, n.practiceGroupRows()},
		{"practice_institutions", []string{"committee_id", "practice_id", "institution_id"}, n.practiceInstitutionRows()},
	} {
		count, err := copySeq(ctx, tx, c.table, c.cols, c.rows)
		if err != nil {
			return fmt.Errorf("demo: national: copy %s: %w", c.table, err)
		}
		counts[c.table] = count
	}
	if counts["contributions"], err = n.loadContributions(ctx, tx); err != nil {
		return fmt.Errorf("demo: national: contributions: %w", err)
	}
	// The new committees receive the national seminars still to come, as
	// the portal does for a committee it creates.
	tag, err := tx.Exec(ctx, `INSERT INTO meetings (committee_id, kind, seminar_id, title, description, starts_at, ends_at,
			place, video_url, accessibility, status, cancel_reason, sequence, created_by)
		SELECT c.id, 'seminaire', s.id, s.title, s.description, s.starts_at, s.ends_at, s.place, s.video_url, s.accessibility,
			s.status, s.cancel_reason, s.sequence, s.created_by
		FROM seminars s CROSS JOIN committees c WHERE c.id >= $1 AND s.ends_at > now()
		ON CONFLICT (committee_id, seminar_id) WHERE seminar_id IS NOT NULL DO NOTHING`, n.committees[1].id)
	if err != nil {
		return fmt.Errorf("demo: national: seminars: %w", err)
	}
	counts["meetings"] += tag.RowsAffected()
	// The search tables, as the store's syncSearch keeps them (COPY went
	// around the store): the published practices for the committees'
	// searches, the shared ones, with their themes, for the national
	// search.
	if _, err := tx.Exec(ctx, `INSERT INTO practice_search (committee_id, practice_id, search, published_at, departement, start_year, running)
		SELECT committee_id, id, search, published_at, departement, start_year, running FROM practices WHERE status = 'publiee'
		ORDER BY committee_id, id
		ON CONFLICT (committee_id, practice_id) DO NOTHING`); err != nil {
		return fmt.Errorf("demo: national: practice search: %w", err)
	}
	if _, err := tx.Exec(ctx, `INSERT INTO practice_national_search (committee_id, practice_id, search, published_at,
			departement, start_year, running, theme_ids, themes)
		SELECT p.committee_id, p.id, p.search, p.published_at, p.departement, p.start_year, p.running,
			coalesce(t.ids, '{}'), coalesce(t.titles, '{}')
		FROM practices p
		LEFT JOIN LATERAL (SELECT array_agg(g.id ORDER BY g.title COLLATE clts_fr, g.id) AS ids,
				array_agg(g.title ORDER BY g.title COLLATE clts_fr, g.id) AS titles
			FROM practice_groups pg JOIN working_groups g ON g.committee_id = pg.committee_id AND g.id = pg.group_id
			WHERE pg.committee_id = p.committee_id AND pg.practice_id = p.id) t ON true
		WHERE p.shared_at IS NOT NULL AND p.status = 'publiee'
		ORDER BY p.committee_id, p.id
		ON CONFLICT (committee_id, practice_id) DO NOTHING`); err != nil {
		return fmt.Errorf("demo: national: national practice search: %w", err)
	}
	for _, t := range idTables {
		if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, 'id'), greatest($2::bigint, 1))`, t, n.last[t]); err != nil {
			return fmt.Errorf("demo: national: sequence of %s: %w", t, err)
		}
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("demo: national: commit: %w", err)
	}
	// Fresh statistics, as autovacuum would gather shortly: without them the
	// planner takes the new tables for empty ones.
	if _, err := conn.Exec(ctx, `ANALYZE`); err != nil {
		return fmt.Errorf("demo: national: analyze: %w", err)
	}
	fmt.Fprintf(w, "Données nationales chargées en %.1f s : %d comités, %d comptes, %d adhésions, %d institutions, %d groupes, "+
		"%d réunions, %d points d'ordre du jour, %d réponses, %d comptes rendus, %d pratiques, %d contributions transmises.\n",
		time.Since(start).Seconds(), counts["committees"], counts["accounts"], counts["memberships"], counts["institutions"],
		counts["working_groups"], counts["meetings"], counts["agenda_items"], counts["meeting_responses"], counts["minutes"],
		counts["practices"], counts["contributions"])
	return nil
}

// copySeq writes rows into table with COPY, as they are generated.
func copySeq(ctx context.Context, tx pgx.Tx, table string, cols []string, rows iter.Seq[[]any]) (int64, error) {
	next, stop := iter.Pull(rows)
	defer stop()
	return tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromFunc(func() ([]any, error) {
		row, ok := next()
		if !ok {
			return nil, nil
		}
		return row, nil
	}))
}

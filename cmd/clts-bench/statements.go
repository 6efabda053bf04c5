package main

import (
	"context"
	"regexp"
	"sort"

	"github.com/portail-clts/clts/internal/postgres"
)

// statements counts the statements the application role sent for one
// request, from pg_stat_statements (BEGIN and COMMIT included: the bench
// cluster tracks utility statements). pg_stat_statements counts each
// statement of a simple-protocol message on its own: the portal's
// "BEGIN …; SELECT set_config(…)" message is one BEGIN and one scope
// statement here, though it is one round trip.
type statements struct {
	total float64
	// begins, scopes and commits are the transaction frames: BEGIN (or
	// START TRANSACTION), the statements that set the tenant settings
	// (SELECT set_config(…)), COMMIT or ROLLBACK.
	begins, scopes, commits float64
	session                 float64 // the session store's statements
	// jit is the time PostgreSQL spent compiling plans (JIT), in ms.
	jit float64
	// queryIDs are the data statements seen, to check that the bare
	// handler runs the portal's statements.
	queryIDs map[int64]bool
	// rows are the statements seen, for the run's log.
	rows []statementRow
}

// statementRow is one pg_stat_statements entry of a count.
type statementRow struct {
	calls float64 // per request
	kind  string
	query string
}

func (s statements) frames() float64 { return s.begins + s.scopes + s.commits }
func (s statements) data() float64   { return s.total - s.frames() - s.session }

var (
	beginStatement  = regexp.MustCompile(`(?is)^\s*(begin|start\s+transaction)\b`)
	commitStatement = regexp.MustCompile(`(?is)^\s*(commit|rollback|end)\b`)
	// scopeStatement sets the tenant settings and nothing else; a data
	// statement that sets one in its select list (CalendarOwner) is data.
	scopeStatement = regexp.MustCompile(`(?is)^\s*select\s+set_config\(`)
	// sessionStatement reads or writes the scs session table.
	sessionStatement = regexp.MustCompile(`(?i)\b(from|into|update)\s+sessions\b`)
)

// classify names the kind of a statement of pg_stat_statements.
func classify(query string) string {
	switch {
	case beginStatement.MatchString(query):
		return "begin"
	case commitStatement.MatchString(query):
		return "commit"
	case scopeStatement.MatchString(query):
		return "scope"
	case sessionStatement.MatchString(query):
		return "session"
	}
	return "data"
}

// countStatements resets pg_stat_statements, calls request n times and
// returns the statements per call.
func (b *bench) countStatements(ctx context.Context, n int, request func() error) (statements, error) {
	if _, err := b.admin.Exec(ctx, `SELECT pg_stat_statements_reset()`); err != nil {
		return statements{}, err
	}
	for range n {
		if err := request(); err != nil {
			return statements{}, err
		}
	}
	rows, err := b.admin.Query(ctx, `SELECT queryid, calls, query,
			jit_generation_time + jit_inlining_time + jit_optimization_time + jit_emission_time
		FROM pg_stat_statements
		WHERE userid = $1::regrole AND dbid = (SELECT oid FROM pg_database WHERE datname = current_database())`, postgres.WebRole)
	if err != nil {
		return statements{}, err
	}
	defer rows.Close()
	s := statements{queryIDs: map[int64]bool{}}
	for rows.Next() {
		var id, calls int64
		var query string
		var jit float64
		if err := rows.Scan(&id, &calls, &query, &jit); err != nil {
			return statements{}, err
		}
		per := float64(calls) / float64(n)
		s.total += per
		s.jit += jit / float64(n)
		kind := classify(query)
		s.rows = append(s.rows, statementRow{calls: per, kind: kind, query: query})
		switch kind {
		case "begin":
			s.begins += per
		case "commit":
			s.commits += per
		case "scope":
			s.scopes += per
		case "session":
			s.session += per
		default:
			s.queryIDs[id] = true
		}
	}
	sort.Slice(s.rows, func(i, j int) bool { return s.rows[i].kind < s.rows[j].kind })
	return s, rows.Err()
}

// sameStatements reports whether every data statement of the bare handler
// was also run by the portal.
func sameStatements(bare, portal statements) bool {
	for id := range bare.queryIDs {
		if !portal.queryIDs[id] {
			return false
		}
	}
	return len(bare.queryIDs) > 0
}

// covered counts the portal's data statements that the bare handler runs
// too.
func covered(bare, portal statements) int {
	n := 0
	for id := range portal.queryIDs {
		if bare.queryIDs[id] {
			n++
		}
	}
	return n
}

package main

import (
	"context"
	"regexp"

	"github.com/portail-clts/clts/internal/postgres"
)

// statements counts the statements the application role sent for one
// request, from pg_stat_statements (BEGIN and COMMIT included: the bench
// cluster tracks utility statements).
type statements struct {
	total, frames, session float64
	// jit is the time PostgreSQL spent compiling plans (JIT), in ms.
	jit float64
	// queryIDs are the data statements seen, to check that the bare
	// handler runs the portal's statements.
	queryIDs map[int64]bool
}

// frameStatement is a transaction frame: BEGIN, COMMIT or ROLLBACK, or the
// tenant settings.
var frameStatement = regexp.MustCompile(`(?is)^\s*(begin|commit|rollback|start transaction)\b|set_config\(`)

// sessionStatement reads or writes the scs session table.
var sessionStatement = regexp.MustCompile(`(?i)\b(from|into|update)\s+sessions\b`)

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
		switch {
		case frameStatement.MatchString(query):
			s.frames += per
		case sessionStatement.MatchString(query):
			s.session += per
		default:
			s.queryIDs[id] = true
		}
	}
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

// Package postgres holds every SQL statement of the portal, the connection
// pool, migrations and the mapping of PostgreSQL errors to domain errors.
package postgres

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
)

// DB is the application's handle on PostgreSQL.
type DB struct {
	pool           *pgxpool.Pool
	practiceMailer PracticeMailer          // see SetPracticeMailer
	replyMailer    ContributionReplyMailer // see SetContributionReplyMailer
	// contributionMailer: see SetContributionMailer.
	contributionMailer ContributionMailer
	// charterMailer: see SetCharterMailer.
	charterMailer CharterMailer
	// eventMailer: see SetEventMailer.
	eventMailer EventMailer
	// reading keeps the pages of the national reading's searches
	// (NationalReading).
	reading *readingCache
}

// Open connects a pool with the application role. It does not fail when the
// database is down: the pool connects lazily and /readyz reports the state.
func Open(ctx context.Context, url string) (*DB, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, fmt.Errorf("postgres: parse DATABASE_URL: %w", err)
	}
	return OpenConfig(ctx, cfg)
}

// OpenConfig is Open with a parsed configuration (tests adjust it).
func OpenConfig(ctx context.Context, cfg *pgxpool.Config) (*DB, error) {
	if cfg.ConnConfig.RuntimeParams == nil {
		cfg.ConnConfig.RuntimeParams = map[string]string{}
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = "clts"
	cfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	// Outside a unit of work a connection runs the session store's
	// statements only (sessions.go): lookups by primary key, whose plan
	// does not depend on the token, planned once per connection and
	// reused (the session statement planned in 0.2 to 0.28 ms, on every
	// request). A unit of work plans its statements for their parameters
	// (scopeSQL sets force_custom_plan for the transaction), unless it
	// asks for generic plans (Scope.GenericPlans). Compiling a plan (JIT)
	// costs more than it saves.
	cfg.ConnConfig.RuntimeParams["plan_cache_mode"] = "force_generic_plan"
	cfg.ConnConfig.RuntimeParams["jit"] = "off"
	// A dead connection is noticed before use after a database restart.
	cfg.HealthCheckPeriod = 15 * time.Second
	cfg.ConnConfig.Tracer = queryCounter{}
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("postgres: open pool: %w", err)
	}
	return &DB{pool: pool, reading: newReadingCache(readingCacheSize)}, nil
}

// Close waits for borrowed connections and closes the pool.
func (db *DB) Close() { db.pool.Close() }

// Pool exposes the pool to tests that set up rows behind the store's back;
// the portal itself goes through units of work and the session statements.
func (db *DB) Pool() *pgxpool.Pool { return db.pool }

// CheckAppRole refuses a connection role that would escape row-level
// security: a superuser, a role with BYPASSRLS, or the owner of the tables,
// or a member of any such role, inheriting or not (a member may SET ROLE).
func (db *DB) CheckAppRole(ctx context.Context) error {
	var user string
	var super, bypass, owns bool
	err := db.pool.QueryRow(ctx, `
		SELECT current_user,
		       EXISTS (SELECT FROM pg_roles r WHERE r.rolsuper AND pg_has_role(current_user, r.oid, 'MEMBER')),
		       EXISTS (SELECT FROM pg_roles r WHERE r.rolbypassrls AND pg_has_role(current_user, r.oid, 'MEMBER')),
		       EXISTS (SELECT FROM pg_tables t
		               WHERE t.schemaname = 'public' AND pg_has_role(current_user, t.tableowner, 'MEMBER'))`).Scan(&user, &super, &bypass, &owns)
	if err != nil {
		return fmt.Errorf("postgres: check application role: %w", err)
	}
	if super || bypass || owns {
		return fmt.Errorf("postgres: DATABASE_URL connects as %q, which is a superuser, bypasses row-level security or owns the tables "+
			"(or may SET ROLE to a role that does); connect as a member of %s that owns nothing (see the README)", user, AppRole)
	}
	return nil
}

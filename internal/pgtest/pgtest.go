// Package pgtest gives tests a real PostgreSQL: each test gets its own fresh,
// migrated database, cloned from a template, so tests are isolated and may run
// in parallel.
//
// With DATABASE_URL unset, the first test that asks starts one throwaway
// cluster for the whole test binary, from the system's server binaries, in a
// temporary folder; Main stops it. With DATABASE_URL set (a URL naming a
// superuser), databases are created on that server instead.
package pgtest

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/pgcluster"
	"github.com/portail-clts/clts/internal/postgres"
)

// harness is the one server of a test binary. It is process-wide by nature,
// which is why this test-only package keeps it in a package variable.
type harness struct {
	once     sync.Once
	err      error
	cluster  *pgcluster.Cluster
	tmp      string
	adminURL string
	template string
	seq      atomic.Int64
	// roleURL returns the connection string of role on database db.
	roleURL func(role, db string) string
}

var h harness

// Main runs the tests of a package and then stops the throwaway cluster.
// Use it as: func TestMain(m *testing.M) { pgtest.Main(m) }.
func Main(m *testing.M) {
	code := m.Run()
	h.stop()
	os.Exit(code)
}

func (h *harness) start() {
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	h.template = fmt.Sprintf("clts_template_%d", os.Getpid())
	if admin := os.Getenv("DATABASE_URL"); admin != "" {
		h.err = h.useServer(ctx, admin)
	} else {
		h.err = h.startCluster(ctx)
	}
	if h.err != nil {
		return
	}
	h.err = h.createTemplate(ctx)
}

func (h *harness) startCluster(ctx context.Context) error {
	tmp, err := MkdirTemp()
	if err != nil {
		return err
	}
	h.tmp = tmp
	c, err := StartCluster(ctx, filepath.Join(tmp, "pg"))
	if err != nil {
		return err
	}
	h.cluster = c
	h.adminURL = c.URL(pgcluster.Superuser, "postgres")
	h.roleURL = func(role, db string) string { return c.URL(role, db) }
	return nil
}

// testPassword is given to the web role on a DATABASE_URL server, so the
// tests can log in as it whatever the server's authentication method.
const testPassword = "clts-test-only"

func (h *harness) useServer(ctx context.Context, admin string) error {
	u, err := url.Parse(admin)
	if err != nil || (u.Scheme != "postgres" && u.Scheme != "postgresql") {
		return fmt.Errorf("pgtest: DATABASE_URL must be a postgres:// URL naming a superuser")
	}
	h.adminURL = admin
	conn, err := pgx.Connect(ctx, admin)
	if err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	defer conn.Close(ctx)
	if err := postgres.EnsureRoles(ctx, conn); err != nil {
		return err
	}
	if _, err := conn.Exec(ctx, "ALTER ROLE "+postgres.WebRole+" LOGIN PASSWORD '"+testPassword+"'"); err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	h.roleURL = func(role, db string) string {
		v := *u
		v.Path = "/" + db
		if role == postgres.WebRole {
			v.User = url.UserPassword(role, testPassword)
		}
		return v.String()
	}
	return nil
}

// createTemplate creates and migrates the template database.
func (h *harness) createTemplate(ctx context.Context) error {
	if err := h.exec(ctx, "DROP DATABASE IF EXISTS "+h.template); err != nil {
		return err
	}
	if err := h.exec(ctx, "CREATE DATABASE "+h.template+" OWNER "+h.ownerRole()); err != nil {
		return err
	}
	m, err := postgres.NewMigrator(h.roleURL(h.ownerRole(), h.template))
	if err != nil {
		return err
	}
	defer m.Close()
	return m.Up(ctx, discard{})
}

// ownerRole owns the tables: clts_owner on a throwaway cluster, the given
// superuser on a DATABASE_URL server (the web role still owns nothing).
func (h *harness) ownerRole() string {
	if h.cluster != nil {
		return postgres.OwnerRole
	}
	cfg, err := pgx.ParseConfig(h.adminURL)
	if err != nil {
		return postgres.OwnerRole
	}
	return pgx.Identifier{cfg.User}.Sanitize()
}

func (h *harness) exec(ctx context.Context, sql string) error {
	conn, err := pgx.Connect(ctx, h.adminURL)
	if err != nil {
		return fmt.Errorf("pgtest: %w", err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		return fmt.Errorf("pgtest: %s: %w", sql, err)
	}
	return nil
}

func (h *harness) stop() {
	if h.cluster == nil && h.template != "" && h.err == nil && h.adminURL != "" {
		_ = h.exec(context.Background(), "DROP DATABASE IF EXISTS "+h.template+" WITH (FORCE)")
	}
	if h.cluster != nil {
		_ = h.cluster.Stop()
	}
	if h.tmp != "" {
		_ = os.RemoveAll(h.tmp)
	}
}

type discard struct{}

func (discard) Write(p []byte) (int, error) { return len(p), nil }

package pgtest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/pgcluster"
	"github.com/portail-clts/clts/internal/postgres"
)

// DB is a fresh, migrated database for one test.
type DB struct {
	Name string
	// OwnerURL connects as the tables' owner (migrations, fixtures that
	// bypass the application).
	OwnerURL string
	// AppURL connects as the application's web role, subject to RLS.
	AppURL string
	// App is a pool on AppURL, closed when the test ends.
	App *postgres.DB
}

// New returns a fresh database cloned from the migrated template. It is
// dropped when the test ends.
func New(tb testing.TB) *DB {
	tb.Helper()
	h.once.Do(h.start)
	if h.err != nil {
		tb.Fatalf("pgtest: no PostgreSQL for tests: %v", h.err)
	}
	ctx := context.Background()
	name := fmt.Sprintf("t_%d_%d", os.Getpid(), h.seq.Add(1))
	if err := h.exec(ctx, "CREATE DATABASE "+name+" TEMPLATE "+h.template+" OWNER "+h.ownerRole()); err != nil {
		tb.Fatal(err)
	}
	d := &DB{Name: name, OwnerURL: h.roleURL(h.ownerRole(), name), AppURL: h.roleURL(postgres.WebRole, name)}
	app, err := postgres.Open(ctx, d.AppURL)
	if err != nil {
		tb.Fatal(err)
	}
	d.App = app
	tb.Cleanup(func() {
		app.Close()
		_ = h.exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return d
}

// MustRead runs fn in one read-only unit of work in scope sc, as a request
// of the portal would, and fails the test when it returns an error.
func MustRead(tb testing.TB, db *postgres.DB, sc postgres.Scope, fn func(tx *postgres.Tx) error) {
	tb.Helper()
	if err := db.Read(context.Background(), sc, fn); err != nil {
		tb.Fatal(err)
	}
}

// MustWrite runs fn in one read-write unit of work in scope sc, committed
// when fn succeeds, and fails the test when it returns an error.
func MustWrite(tb testing.TB, db *postgres.DB, sc postgres.Scope, fn func(tx *postgres.Tx) error) {
	tb.Helper()
	if err := db.Write(context.Background(), sc, fn); err != nil {
		tb.Fatal(err)
	}
}

// NewEmpty returns a fresh database with no migration applied, for tests of
// the migrations themselves.
func NewEmpty(tb testing.TB) *DB {
	tb.Helper()
	h.once.Do(h.start)
	if h.err != nil {
		tb.Fatalf("pgtest: no PostgreSQL for tests: %v", h.err)
	}
	name := fmt.Sprintf("e_%d_%d", os.Getpid(), h.seq.Add(1))
	if err := h.exec(context.Background(), "CREATE DATABASE "+name+" OWNER "+h.ownerRole()); err != nil {
		tb.Fatal(err)
	}
	d := &DB{Name: name, OwnerURL: h.roleURL(h.ownerRole(), name), AppURL: h.roleURL(postgres.WebRole, name)}
	tb.Cleanup(func() {
		_ = h.exec(context.Background(), "DROP DATABASE IF EXISTS "+name+" WITH (FORCE)")
	})
	return d
}

// MkdirTemp makes a temporary folder the postgres user can traverse, since
// the server runs as that user when tests run as root.
func MkdirTemp() (string, error) {
	dir, err := os.MkdirTemp("", "clts-pg-")
	if err != nil {
		return "", err
	}
	if err := os.Chmod(dir, 0o755); err != nil {
		return "", err
	}
	return dir, nil
}

// StartCluster starts a throwaway cluster in dir, tuned for tests (no fsync:
// a crash loses nothing a test needs). It dies with the test binary.
func StartCluster(ctx context.Context, dir string) (*pgcluster.Cluster, error) {
	c, err := pgcluster.Start(ctx, pgcluster.Options{
		Dir:           dir,
		DieWithParent: true,
		Settings: map[string]string{
			"fsync":              "off",
			"synchronous_commit": "off",
			"full_page_writes":   "off",
			"max_connections":    "300",
		},
	})
	if err != nil {
		return nil, err
	}
	if err := postgres.Bootstrap(ctx, c.URL(pgcluster.Superuser, "postgres"), "clts"); err != nil {
		_ = c.Stop()
		return nil, err
	}
	return c, nil
}

// NewCluster starts a dedicated cluster for a test that must stop and
// restart its database; it is removed when the test ends.
func NewCluster(tb testing.TB) *pgcluster.Cluster {
	tb.Helper()
	if _, err := pgcluster.FindBinDir(); err != nil && os.Getenv("DATABASE_URL") != "" {
		tb.Skip("a dedicated cluster needs the PostgreSQL server binaries")
	}
	tmp, err := MkdirTemp()
	if err != nil {
		tb.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	c, err := StartCluster(ctx, filepath.Join(tmp, "pg"))
	if err != nil {
		_ = os.RemoveAll(tmp)
		tb.Fatal(err)
	}
	tb.Cleanup(func() {
		_ = c.Stop()
		_ = os.RemoveAll(tmp)
	})
	return c
}

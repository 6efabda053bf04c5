package pgcluster_test

import (
	"context"
	"os"
	"path/filepath"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/pgcluster"
)

// TestDataSurvivesRestart is what a second `make run` relies on.
func TestDataSurvivesRestart(t *testing.T) {
	tmp, err := os.MkdirTemp("", "clts-pgcluster-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	if err := os.Chmod(tmp, 0o755); err != nil {
		t.Fatal(err)
	}
	dir := filepath.Join(tmp, "pg")
	ctx := context.Background()

	c, err := pgcluster.Start(ctx, pgcluster.Options{Dir: dir, DieWithParent: true})
	if err != nil {
		t.Fatal(err)
	}
	exec(t, c, "CREATE TABLE kept (v text); INSERT INTO kept VALUES ('bonjour')")
	if err := c.Stop(); err != nil {
		t.Fatal(err)
	}
	if !c.Exited() {
		t.Fatal("Stop returned before the server exited")
	}
	if err := c.Stop(); err != nil {
		t.Fatalf("second Stop: %v", err)
	}

	c, err = pgcluster.Start(ctx, pgcluster.Options{Dir: dir, DieWithParent: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	conn, err := pgx.Connect(ctx, c.URL(pgcluster.Superuser, "postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	var v string
	if err := conn.QueryRow(ctx, "SELECT v FROM kept").Scan(&v); err != nil || v != "bonjour" {
		t.Fatalf("after restart: %q, %v; want the row written before", v, err)
	}
}

func TestSecondServerOnSameDirFails(t *testing.T) {
	tmp, err := os.MkdirTemp("", "clts-pgcluster-")
	if err != nil {
		t.Fatal(err)
	}
	defer os.RemoveAll(tmp)
	_ = os.Chmod(tmp, 0o755)
	dir := filepath.Join(tmp, "pg")
	ctx := context.Background()
	c, err := pgcluster.Start(ctx, pgcluster.Options{Dir: dir, DieWithParent: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Stop()
	if c2, err := pgcluster.Start(ctx, pgcluster.Options{Dir: dir, DieWithParent: true}); err == nil {
		_ = c2.Stop()
		t.Fatal("a second server started on a folder in use")
	}
}

func exec(t *testing.T, c *pgcluster.Cluster, sql string) {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, c.URL(pgcluster.Superuser, "postgres"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	if _, err := conn.Exec(ctx, sql); err != nil {
		t.Fatal(err)
	}
}

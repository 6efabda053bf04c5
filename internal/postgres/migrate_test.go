package postgres_test

import (
	"context"
	"io"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// tables lists the tables of the public schema, goose's own excepted.
func tables(t *testing.T, url string) []string {
	t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, url)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(ctx)
	rows, err := conn.Query(ctx, `SELECT tablename FROM pg_tables
		WHERE schemaname = 'public' AND tablename <> 'goose_db_version' ORDER BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	names, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		t.Fatal(err)
	}
	return names
}

// TestMigrationsRoundTrip applies every migration, rolls every one back,
// then applies them again: each Down undoes its Up.
func TestMigrationsRoundTrip(t *testing.T) {
	t.Parallel()
	db := pgtest.NewEmpty(t)
	ctx := context.Background()
	m, err := postgres.NewMigrator(db.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()

	if err := m.Up(ctx, io.Discard); err != nil {
		t.Fatalf("first up: %v", err)
	}
	first := tables(t, db.OwnerURL)
	if !contains(first, "committees") {
		t.Fatalf("after up, tables = %v, want committees among them", first)
	}
	v, err := m.Version(ctx)
	if err != nil || v == 0 {
		t.Fatalf("version after up = %d, %v", v, err)
	}
	if err := m.DownAll(ctx); err != nil {
		t.Fatalf("down to 0: %v", err)
	}
	if left := tables(t, db.OwnerURL); len(left) != 0 {
		t.Fatalf("after down to 0, tables left: %v", left)
	}
	if err := m.Up(ctx, io.Discard); err != nil {
		t.Fatalf("second up: %v", err)
	}
	if again := tables(t, db.OwnerURL); strings.Join(again, ",") != strings.Join(first, ",") {
		t.Fatalf("second up gives %v, first gave %v", again, first)
	}
	var status strings.Builder
	if err := m.Status(ctx, &status); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(status.String(), "en attente") {
		t.Errorf("status after up lists pending migrations:\n%s", status.String())
	}
}

func TestMigrationsUpIsIdempotent(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	m, err := postgres.NewMigrator(db.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	var out strings.Builder
	if err := m.Up(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	if out.Len() != 0 {
		t.Errorf("up on a migrated database applied: %s", out.String())
	}
}

func TestCheckAppRole(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	t.Run("OK", func(t *testing.T) {
		if err := db.App.CheckAppRole(ctx); err != nil {
			t.Fatalf("the web role is refused: %v", err)
		}
	})
	t.Run("ErrOwner", func(t *testing.T) {
		owner, err := postgres.Open(ctx, db.OwnerURL)
		if err != nil {
			t.Fatal(err)
		}
		defer owner.Close()
		if err := owner.CheckAppRole(ctx); err == nil {
			t.Fatal("the owner of the tables is accepted as the application role")
		}
	})
	t.Run("AppCannotAlterTables", func(t *testing.T) {
		conn, err := pgx.Connect(ctx, db.AppURL)
		if err != nil {
			t.Fatal(err)
		}
		defer conn.Close(ctx)
		if _, err := conn.Exec(ctx, "ALTER TABLE committees DISABLE ROW LEVEL SECURITY"); err == nil {
			t.Fatal("the application role may alter tables")
		}
	})
}

func contains(list []string, s string) bool {
	for _, x := range list {
		if x == s {
			return true
		}
	}
	return false
}

// Instances that start together migrate one at a time: the others wait for
// the lock, then find nothing left to apply.
func TestConcurrentMigrationsWaitForEachOther(t *testing.T) {
	t.Parallel()
	db := pgtest.NewEmpty(t)
	ctx := context.Background()
	const instances = 3
	errs := make(chan error, instances)
	for range instances {
		go func() {
			m, err := postgres.NewMigrator(db.OwnerURL)
			if err != nil {
				errs <- err
				return
			}
			defer m.Close()
			errs <- m.Up(ctx, io.Discard)
		}()
	}
	for range instances {
		if err := <-errs; err != nil {
			t.Errorf("concurrent up: %v", err)
		}
	}
	if !contains(tables(t, db.OwnerURL), "meetings") {
		t.Error("migrations not applied")
	}
}

package postgres

import (
	"context"
	"database/sql"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5/stdlib"
	"github.com/pressly/goose/v3"
	"github.com/pressly/goose/v3/lock"

	"github.com/portail-clts/clts/migrations"
)

// Migrator applies the embedded goose migrations as the owner role.
type Migrator struct {
	db       *sql.DB
	provider *goose.Provider
}

// NewMigrator connects to url, which must be the tables' owner.
func NewMigrator(url string) (*Migrator, error) {
	cfg, err := pgxConfig(url)
	if err != nil {
		return nil, err
	}
	db := stdlib.OpenDB(*cfg)
	// Several instances may start together: a session advisory lock lets
	// one migrate while the others wait, then find nothing to do.
	locker, err := lock.NewPostgresSessionLocker(lock.WithLockTimeout(1, 300))
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("postgres: migrations lock: %w", err)
	}
	p, err := goose.NewProvider(goose.DialectPostgres, db, migrations.FS, goose.WithSessionLocker(locker))
	if err != nil {
		_ = db.Close()
		return nil, fmt.Errorf("postgres: migrations: %w", err)
	}
	return &Migrator{db: db, provider: p}, nil
}

// Close closes the migrator's connection.
func (m *Migrator) Close() error { return m.db.Close() }

// Up applies every pending migration and reports each one to w.
func (m *Migrator) Up(ctx context.Context, w io.Writer) error {
	res, err := m.provider.Up(ctx)
	for _, r := range res {
		fmt.Fprintf(w, "migration %s appliquée (%s)\n", r.Source.Path, r.Duration.Round(1e6))
	}
	if err != nil {
		return fmt.Errorf("postgres: migrate up: %w", err)
	}
	return nil
}

// Down rolls back the last applied migration.
func (m *Migrator) Down(ctx context.Context, w io.Writer) error {
	r, err := m.provider.Down(ctx)
	if r != nil && r.Source != nil {
		fmt.Fprintf(w, "migration %s annulée\n", r.Source.Path)
	}
	if err != nil {
		return fmt.Errorf("postgres: migrate down: %w", err)
	}
	return nil
}

// DownAll rolls back every migration (tests use it for the round trip).
func (m *Migrator) DownAll(ctx context.Context) error {
	if _, err := m.provider.DownTo(ctx, 0); err != nil {
		return fmt.Errorf("postgres: migrate down to 0: %w", err)
	}
	return nil
}

// Status writes one line per migration: applied or pending.
func (m *Migrator) Status(ctx context.Context, w io.Writer) error {
	st, err := m.provider.Status(ctx)
	if err != nil {
		return fmt.Errorf("postgres: migrate status: %w", err)
	}
	for _, s := range st {
		state := "en attente"
		if s.State == goose.StateApplied {
			state = "appliquée le " + s.AppliedAt.Local().Format("2006-01-02 15:04:05")
		}
		fmt.Fprintf(w, "%-40s %s\n", s.Source.Path, state)
	}
	return nil
}

// Version returns the newest applied migration, 0 when none is.
func (m *Migrator) Version(ctx context.Context) (int64, error) {
	v, err := m.provider.GetDBVersion(ctx)
	if err != nil {
		return 0, fmt.Errorf("postgres: migrate version: %w", err)
	}
	return v, nil
}

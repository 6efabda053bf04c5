package main

import (
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/pgcluster"
	"github.com/portail-clts/clts/internal/postgres"
)

// benchDatabase is the database name inside the bench cluster.
const benchDatabase = "clts"

// startCluster starts the bench's private cluster (created the first time,
// kept between runs with its data) with pg_stat_statements counting every
// statement, BEGIN and COMMIT included (track_utility).
func (b *bench) startCluster(ctx context.Context) error {
	dir, err := filepath.Abs(filepath.Join(b.opts.dataDir, "postgres"))
	if err != nil {
		return err
	}
	if err := os.MkdirAll(filepath.Dir(dir), 0o755); err != nil {
		return err
	}
	log, err := os.OpenFile(dir+".log", os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return err
	}
	b.logf("Grappe PostgreSQL du banc : %s (journal : %s.log)", dir, dir)
	b.cluster, err = pgcluster.Start(ctx, pgcluster.Options{Dir: dir, Log: log, DieWithParent: true, Settings: map[string]string{
		"shared_preload_libraries":         "pg_stat_statements",
		"pg_stat_statements.track":         "top",
		"pg_stat_statements.track_utility": "on",
		"shared_buffers":                   "512MB",
	}})
	if err != nil {
		return err
	}
	if err := postgres.Bootstrap(ctx, b.cluster.URL(pgcluster.Superuser, "postgres"), benchDatabase); err != nil {
		return err
	}
	if b.admin, err = pgx.Connect(ctx, b.url(pgcluster.Superuser)); err != nil {
		return err
	}
	_, err = b.admin.Exec(ctx, `CREATE EXTENSION IF NOT EXISTS pg_stat_statements`)
	return err
}

// url is the connection string of role on the bench database.
func (b *bench) url(role string) string { return b.cluster.URL(role, benchDatabase) }

// loadData migrates and loads the demo and national data with the clts
// binary, as a deployment would (both steps do nothing when already done),
// then vacuums so that autovacuum does not start in the middle of a
// measure.
func (b *bench) loadData(ctx context.Context) error {
	start := time.Now()
	if err := b.clts(ctx, "migrate", "up"); err != nil {
		return err
	}
	if err := b.clts(ctx, "demo", "--national", "--admin-url", b.url(pgcluster.Superuser)); err != nil {
		return err
	}
	if _, err := b.admin.Exec(ctx, `VACUUM (ANALYZE)`); err != nil {
		return err
	}
	b.logf("Données prêtes en %.1f s.", time.Since(start).Seconds())
	return nil
}

// clts runs a clts subcommand against the bench database.
func (b *bench) clts(ctx context.Context, args ...string) error {
	cmd := exec.CommandContext(ctx, b.opts.clts, args...)
	cmd.Env = b.portalEnv("")
	cmd.Stdout, cmd.Stderr = b.stdout, b.stderr
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("clts %v: %w", args, err)
	}
	return nil
}

// portalEnv is the environment of the clts processes: the application
// role as in `clts dev`, no second factor asked of the demo pilot (as
// `clts dev`: the bench signs in through the login form), and nothing
// inherited that could configure them differently (SMTP, log format).
// Portals built before the second factor ignore TOTP_REQUIRED.
func (b *bench) portalEnv(listen string) []string {
	env := []string{
		"PATH=" + os.Getenv("PATH"),
		"HOME=" + os.Getenv("HOME"),
		"DATABASE_URL=" + b.url(postgres.WebRole),
		"MIGRATIONS_DATABASE_URL=" + b.url(postgres.OwnerRole),
		"TOTP_REQUIRED=none",
	}
	if listen != "" {
		env = append(env, "LISTEN_ADDR="+listen)
	}
	return env
}

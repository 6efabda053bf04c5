package main

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/config"
	"github.com/portail-clts/clts/internal/demo"
	"github.com/portail-clts/clts/internal/pgcluster"
	"github.com/portail-clts/clts/internal/postgres"
)

// devDatabase is the database name inside the project-local cluster.
const devDatabase = "clts"

func cmdDev(ctx context.Context, args []string, e env) error {
	fs := newFlagSet("dev", "Démarre le portail pour l'essayer ou le développer : sans DATABASE_URL, une grappe\n"+
		"PostgreSQL locale est créée dans --data-dir (elle garde ses données d'un lancement à l'autre),\n"+
		"les migrations et les données de démonstration sont chargées, puis le serveur démarre.\n"+
		"Ctrl-C arrête le serveur puis la grappe.", e, true)
	dataDir := fs.String("data-dir", ".data/postgres", "dossier de la grappe PostgreSQL locale")
	noDemo := fs.Bool("no-demo", false, "ne pas charger les données de démonstration")
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := config.FromEnv(e.getenv)
	if err != nil {
		return err
	}
	// No demo account is asked to enrol in the second factor, so that the
	// demo logins stay one step (pilote41 shows the code step); an explicit
	// TOTP_REQUIRED still applies.
	if strings.TrimSpace(e.getenv("TOTP_REQUIRED")) == "" {
		cfg.SecondFactorRequired = auth.SecondFactorRoles{}
	}
	if cfg.DatabaseURL == "" {
		cluster, err := startLocalCluster(ctx, *dataDir, e)
		if err != nil {
			return err
		}
		defer func() {
			fmt.Fprintln(e.stdout, "Arrêt de la grappe PostgreSQL locale…")
			if err := cluster.Stop(); err != nil {
				fmt.Fprintln(e.stderr, "clts:", err)
			}
		}()
		cfg.DatabaseURL = cluster.URL(postgres.WebRole, devDatabase)
		cfg.MigrationsDatabaseURL = cluster.URL(postgres.OwnerRole, devDatabase)
	}
	if err := migrateUp(ctx, cfg.MigrationsDatabaseURL, e); err != nil {
		return err
	}
	if !*noDemo {
		if err := loadDemo(ctx, cfg.DatabaseURL, e); err != nil {
			return err
		}
	}
	cfg.MigrateOnStart = false
	if e.getenv("SHUTDOWN_DRAIN") == "" {
		cfg.ShutdownDrain = 0 // no load balancer to warn: Ctrl-C stops at once
	}
	return serve(ctx, cfg, e, func(addr string) {
		fmt.Fprintf(e.stdout, "\nPortail CLTS prêt : %s/\n", cfg.BaseURL)
		fmt.Fprint(e.stdout, demo.LoginsHelp())
		fmt.Fprintln(e.stdout, "Les courriels (invitations, mots de passe) s'affichent ici. Ctrl-C pour arrêter.")
	}, e.stdout)
}

// startLocalCluster starts (creating it the first time) the project-local
// cluster and its database.
func startLocalCluster(ctx context.Context, dir string, e env) (*pgcluster.Cluster, error) {
	abs, err := filepath.Abs(dir)
	if err != nil {
		return nil, err
	}
	if err := os.MkdirAll(filepath.Dir(abs), 0o755); err != nil {
		return nil, err
	}
	logPath := abs + ".log"
	logFile, err := os.OpenFile(logPath, os.O_CREATE|os.O_WRONLY|os.O_APPEND, 0o644)
	if err != nil {
		return nil, err
	}
	fmt.Fprintf(e.stdout, "Grappe PostgreSQL locale : %s (journal : %s)\n", abs, logPath)
	cluster, err := pgcluster.Start(ctx, pgcluster.Options{Dir: abs, Log: logFile})
	if err != nil {
		return nil, err
	}
	if err := postgres.Bootstrap(ctx, cluster.URL(pgcluster.Superuser, "postgres"), devDatabase); err != nil {
		_ = cluster.Stop()
		return nil, err
	}
	return cluster, nil
}

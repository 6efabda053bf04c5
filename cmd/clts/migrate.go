package main

import (
	"context"
	"errors"
	"fmt"

	"github.com/portail-clts/clts/internal/config"
	"github.com/portail-clts/clts/internal/postgres"
)

func cmdMigrate(ctx context.Context, args []string, e env) error {
	fs := newFlagSet("migrate up|down|status",
		"Applique toutes les migrations en attente (up), annule la dernière (down) ou liste leur état (status).\n"+
			"Se connecte avec MIGRATIONS_DATABASE_URL, à défaut DATABASE_URL : le rôle propriétaire des tables.", e, true)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return errors.New("migrate attend une action : up, down ou status")
	}
	cfg, err := config.FromEnv(e.getenv)
	if err != nil {
		return err
	}
	if cfg.MigrationsDatabaseURL == "" {
		return errors.New("ni MIGRATIONS_DATABASE_URL ni DATABASE_URL n'est défini")
	}
	switch fs.Arg(0) {
	case "up":
		return migrateUp(ctx, cfg.MigrationsDatabaseURL, e)
	case "down", "status":
		m, err := postgres.NewMigrator(cfg.MigrationsDatabaseURL)
		if err != nil {
			return err
		}
		defer m.Close()
		if fs.Arg(0) == "down" {
			return m.Down(ctx, e.stdout)
		}
		return m.Status(ctx, e.stdout)
	}
	return fmt.Errorf("action inconnue %q : up, down ou status", fs.Arg(0))
}

func migrateUp(ctx context.Context, url string, e env) error {
	m, err := postgres.NewMigrator(url)
	if err != nil {
		return err
	}
	defer m.Close()
	return m.Up(ctx, e.stdout)
}

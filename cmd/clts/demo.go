package main

import (
	"context"
	"errors"

	"github.com/portail-clts/clts/internal/config"
	"github.com/portail-clts/clts/internal/demo"
	"github.com/portail-clts/clts/internal/postgres"
)

func cmdDemo(ctx context.Context, args []string, e env) error {
	fs := newFlagSet("demo", "Charge les données de démonstration (comité 37-41, second comité, comptes de démonstration).\n"+
		"Sans effet si elles sont déjà chargées. Ne jamais utiliser en production.", e, true)
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := config.FromEnv(e.getenv)
	if err != nil {
		return err
	}
	if cfg.DatabaseURL == "" {
		return errors.New("DATABASE_URL n'est pas défini")
	}
	return loadDemo(ctx, cfg.DatabaseURL, e)
}

func loadDemo(ctx context.Context, url string, e env) error {
	db, err := postgres.Open(ctx, url)
	if err != nil {
		return err
	}
	defer db.Close()
	return demo.Load(ctx, db, e.stdout)
}

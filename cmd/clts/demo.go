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
	national := fs.Bool("national", false, "ajoute le jeu de données national des mesures de charge (100 comités, 50 000 comptes, 20 000 réunions, 200 000 pratiques)")
	adminURL := fs.String("admin-url", "", "avec --national : connexion d'un superutilisateur ou d'un rôle BYPASSRLS (COPY est refusé sous la sécurité au niveau des lignes)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *national && *adminURL == "" {
		return errors.New("--national demande --admin-url, par exemple pour la grappe de make run : " +
			`--admin-url "host=$PWD/.data/postgres user=postgres dbname=clts"`)
	}
	cfg, err := config.FromEnv(e.getenv)
	if err != nil {
		return err
	}
	if cfg.DatabaseURL == "" {
		return errors.New("DATABASE_URL n'est pas défini")
	}
	if err := loadDemo(ctx, cfg.DatabaseURL, e); err != nil {
		return err
	}
	if *national {
		return loadNational(ctx, *adminURL, e)
	}
	return nil
}

func loadDemo(ctx context.Context, url string, e env) error {
	db, err := postgres.Open(ctx, url)
	if err != nil {
		return err
	}
	defer db.Close()
	return demo.Load(ctx, db, e.stdout)
}

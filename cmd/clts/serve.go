package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"

	"github.com/portail-clts/clts/internal/config"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/internal/server"
	"github.com/portail-clts/clts/internal/worker"
)

func cmdServe(ctx context.Context, args []string, e env) error {
	fs := newFlagSet("serve", "Démarre le serveur web. Applique d'abord les migrations en attente, sauf si MIGRATE_ON_START=false.", e, true)
	if err := fs.Parse(args); err != nil {
		return err
	}
	cfg, err := config.FromEnv(e.getenv)
	if err != nil {
		return err
	}
	if cfg.DatabaseURL == "" {
		return errors.New("DATABASE_URL n'est pas défini (pour essayer le portail en local : make run)")
	}
	return serve(ctx, cfg, e, nil, nil)
}

// serve migrates when configured, then runs the HTTP server and the
// background worker until ctx ends. ready, when not nil, is called with the
// listening address; echo, when not nil, receives new e-mails.
func serve(ctx context.Context, cfg config.Config, e env, ready func(addr string), echo io.Writer) error {
	logger := newLogger(cfg, e.stderr)
	if cfg.MigrateOnStart {
		if err := migrateUp(ctx, cfg.MigrationsDatabaseURL, e); err != nil {
			return err
		}
	}
	db, err := postgres.Open(ctx, cfg.DatabaseURL)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.CheckAppRole(ctx); err != nil {
		return err
	}
	srv, err := server.New(cfg, db, logger)
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", cfg.ListenAddr)
	if err != nil {
		return fmt.Errorf("écoute sur %s : %w", cfg.ListenAddr, err)
	}
	logger.Info("listening", slog.String("addr", ln.Addr().String()), slog.String("base_url", cfg.BaseURL.String()), slog.String("version", version))
	if ready != nil {
		ready(ln.Addr().String())
	}
	wk := worker.New(db, cfg, logger)
	wk.Echo = echo
	wctx, stopWorker := context.WithCancel(ctx)
	done := make(chan struct{})
	go func() {
		defer close(done)
		wk.Run(wctx)
	}()
	err = server.Serve(ctx, ln, srv.Handler(), srv.ShutdownPlan(), logger)
	stopWorker()
	<-done
	return err
}

package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/pgcluster"
	"github.com/portail-clts/clts/internal/postgres"
)

// startPortal starts `clts serve` of the binary bin with the application
// role, as `clts dev` does, with extra environment variables, its output
// in DATA-DIR/logName; migrations are applied already, so readiness
// measures the start.
func (b *bench) startPortal(ctx context.Context, bin, logName string, extra []string) (*child, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	log, err := os.Create(filepath.Join(b.opts.dataDir, logName))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "serve")
	cmd.Env = append(b.portalEnv(addr), extra...)
	cmd.Stdout, cmd.Stderr = log, log
	c, err := startChild(ctx, "clts serve", "http://"+addr, paths.Readyz, cmd)
	if err != nil {
		return nil, err
	}
	b.logf("Portail %s prêt en %d ms sur %s (journal : %s).", bin, c.ready.Milliseconds(), c.base, log.Name())
	return c, nil
}

// startBare starts this binary's bare handler.
func (b *bench) startBare(ctx context.Context) (*child, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	self, err := os.Executable()
	if err != nil {
		return nil, err
	}
	log, err := os.Create(filepath.Join(b.opts.dataDir, "bare.log"))
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(self, "bare", "--listen", addr, "--sql", b.opts.bareSQL,
		"--app-url", b.url(postgres.WebRole), "--admin-url", b.url(pgcluster.Superuser))
	cmd.Stdout, cmd.Stderr = log, log
	return startChild(ctx, "bare handler", "http://"+addr, "/hello", cmd)
}

// bareURLs are a page's URLs on the bare handler: under RLS, then without.
func bareURLs(base string, p page) []string {
	if p.bare == "" {
		return []string{base + "/hello"}
	}
	return []string{base + "/rls/" + p.bare, base + "/norls/" + p.bare}
}

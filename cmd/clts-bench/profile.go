package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// pprofOverlay is added to package main of cmd/clts, for the profiling
// pass only, with `go build -overlay`: the portal's sources are not
// changed, and the binary measured by the bench has no profiling endpoint.
const pprofOverlay = `package main

import (
	"net/http"
	_ "net/http/pprof"
	"os"
)

// Added by clts-bench for its profiling pass: net/http/pprof on
// CLTS_PPROF_ADDR, apart from the portal's own listener and router.
func init() {
	if addr := os.Getenv("CLTS_PPROF_ADDR"); addr != "" {
		go func() { _ = http.ListenAndServe(addr, nil) }()
	}
}
`

// buildProfilingPortal builds cmd/clts of the current folder with the
// pprof overlay into dir.
func (b *bench) buildProfilingPortal(ctx context.Context, dir string) (string, error) {
	src, err := filepath.Abs(filepath.Join("cmd", "clts"))
	if err != nil {
		return "", err
	}
	if _, err := os.Stat(filepath.Join(src, "main.go")); err != nil {
		return "", fmt.Errorf("BENCH_PROFILE: run from the repository's root (%w)", err)
	}
	file, err := filepath.Abs(filepath.Join(dir, "pprof_overlay.go.txt"))
	if err != nil {
		return "", err
	}
	if err := os.WriteFile(file, []byte(pprofOverlay), 0o644); err != nil {
		return "", err
	}
	overlay, err := json.Marshal(map[string]map[string]string{"Replace": {filepath.Join(src, "zz_bench_pprof.go"): file}})
	if err != nil {
		return "", err
	}
	overlayFile := filepath.Join(dir, "overlay.json")
	if err := os.WriteFile(overlayFile, overlay, 0o644); err != nil {
		return "", err
	}
	bin, err := filepath.Abs(filepath.Join(dir, "clts-pprof"))
	if err != nil {
		return "", err
	}
	version, _ := exec.Command("git", "describe", "--always", "--dirty").Output()
	cmd := exec.CommandContext(ctx, "go", "build", "-overlay", overlayFile,
		"-ldflags", "-X main.version="+strings.TrimSpace(string(version))+"+pprof", "-o", bin, "./cmd/clts")
	cmd.Stdout, cmd.Stderr = b.stdout, b.stderr
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("build of the profiling portal: %w", err)
	}
	return bin, nil
}

// profilePages loads each page again on a portal built with the pprof
// overlay and takes a CPU profile of it under that load, into
// BENCH_PROFILE/PAGE.pprof (read with go tool pprof -top). It comes after
// the measures, which it does not disturb.
func (b *bench) profilePages(ctx context.Context, res *results) error {
	dir := b.opts.profile
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	b.logf("Profil CPU du portail sous charge (%s)…", dir)
	bin, err := b.buildProfilingPortal(ctx, dir)
	if err != nil {
		return err
	}
	pprofAddr, err := freeAddr()
	if err != nil {
		return err
	}
	portal, err := b.startPortal(ctx, bin, "serve-pprof.log", []string{"CLTS_PPROF_ADDR=" + pprofAddr})
	if err != nil {
		return err
	}
	defer portal.stop()
	// Sessions live in PostgreSQL: the measured portal's are valid here.
	script := filepath.Join(b.opts.dataDir, "cookies.lua")
	hctsScript := filepath.Join(b.opts.dataDir, "cookies-hcts.lua")
	seconds := max(1, int((b.opts.duration-time.Second)/time.Second))
	for i := range res.pages {
		pr := &res.pages[i]
		if _, _, err := b.waitQuiet(ctx, b.opts.quietWait); err != nil {
			return err
		}
		file := filepath.Join(dir, strings.ReplaceAll(pr.page.name, " ", "-")+".pprof")
		done := make(chan error, 1)
		go func() { done <- fetchProfile(ctx, pprofAddr, seconds, file) }()
		l, err := b.runWrk(ctx, portal.base+pr.page.portal, pr.page.cookie(script, hctsScript))
		if err != nil {
			return err
		}
		if err := <-done; err != nil {
			return err
		}
		pr.profile = file
		b.logf("%s : %.0f requêtes/s pendant le profil, %s", pr.page.name, l.rps, file)
	}
	return nil
}

// fetchProfile takes a CPU profile of seconds from the pprof endpoint.
func fetchProfile(ctx context.Context, addr string, seconds int, file string) error {
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, fmt.Sprintf("http://%s/debug/pprof/profile?seconds=%d", addr, seconds), nil)
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return fmt.Errorf("CPU profile: status %d", resp.StatusCode)
	}
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, resp.Body); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os/exec"
	"runtime"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/demo"
	"github.com/portail-clts/clts/internal/pgcluster"
)

// options are the bench's settings; the load's come from BENCH_*
// environment variables so that `make bench BENCH_DURATION=3s` works.
type options struct {
	clts, dataDir, docs  string
	duration             time.Duration
	connections, threads int
}

// bench is one run: its settings, output and cluster.
type bench struct {
	opts           options
	stdout, stderr io.Writer
	cluster        *pgcluster.Cluster
	admin          *pgx.Conn // superuser: fixtures and pg_stat_statements
}

func (b *bench) logf(format string, args ...any) {
	fmt.Fprintf(b.stdout, "• "+format+"\n", args...)
}

func parseOptions(args []string, getenv func(string) string, stderr io.Writer) (options, error) {
	fs := flag.NewFlagSet("run", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o options
	fs.StringVar(&o.clts, "clts", "bin/clts", "the portal's binary")
	fs.StringVar(&o.dataDir, "data-dir", ".data/bench", "folder of the bench cluster (kept between runs) and logs")
	fs.StringVar(&o.docs, "docs", "docs/benchmarks.md", "file whose generated section receives the results; empty: none")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	var err error
	if o.duration, err = time.ParseDuration(envOr(getenv, "BENCH_DURATION", "10s")); err != nil {
		return o, fmt.Errorf("BENCH_DURATION: %w", err)
	}
	if o.connections, err = strconv.Atoi(envOr(getenv, "BENCH_CONNECTIONS", "50")); err != nil || o.connections < 1 {
		return o, fmt.Errorf("BENCH_CONNECTIONS: a positive number")
	}
	if o.threads, err = strconv.Atoi(envOr(getenv, "BENCH_THREADS", "2")); err != nil || o.threads < 1 || o.threads > o.connections {
		return o, fmt.Errorf("BENCH_THREADS: a positive number, at most BENCH_CONNECTIONS")
	}
	return o, nil
}

func envOr(getenv func(string) string, key, def string) string {
	if v := getenv(key); v != "" {
		return v
	}
	return def
}

func runBench(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	opts, err := parseOptions(args, getenv, stderr)
	if err != nil {
		return err
	}
	if _, err := exec.LookPath("wrk"); err != nil {
		return errors.New("wrk not found: install the Debian package wrk (make wrk-bin)")
	}
	b := &bench{opts: opts, stdout: stdout, stderr: stderr}
	res := &results{when: time.Now(), opts: opts}
	cpuStart := sampleCPU()
	if err := b.startCluster(ctx); err != nil {
		return err
	}
	defer func() {
		if err := b.cluster.Stop(); err != nil {
			fmt.Fprintln(stderr, "clts-bench:", err)
		}
	}()
	defer b.admin.Close(context.Background())
	if err := b.loadData(ctx); err != nil {
		return err
	}
	if err := b.describe(ctx, res); err != nil {
		return err
	}
	if err := b.measure(ctx, res); err != nil {
		return err
	}
	// Stopped, the cluster's CPU time counts as ours.
	_ = b.admin.Close(ctx)
	if err := b.cluster.Stop(); err != nil {
		return err
	}
	res.elapsed = time.Since(res.when)
	res.others = othersShare(cpuStart, sampleCPU(), res.elapsed, runtime.NumCPU())
	report := res.markdown()
	fmt.Fprint(stdout, "\n", report)
	if opts.docs != "" {
		if err := writeDocs(opts.docs, report); err != nil {
			return err
		}
		b.logf("Résultats écrits dans %s.", opts.docs)
	}
	return nil
}

// measure starts the portal and the bare handler, counts each page's
// statements, then loads each page on both.
func (b *bench) measure(ctx context.Context, res *results) error {
	fx, err := b.fixtures(ctx)
	if err != nil {
		return err
	}
	portal, err := b.startPortal(ctx)
	if err != nil {
		return err
	}
	defer portal.stop()
	res.portal.ready = portal.ready
	res.portal.rssStart, _, _ = portal.memory()

	b.logf("Connexion de %d sessions du compte pilote…", b.opts.connections)
	client := newClient()
	cookies := make([]string, b.opts.connections)
	for i := range cookies {
		if cookies[i], err = login(client, portal.base, "pilote", demo.Password); err != nil {
			return err
		}
	}
	token, err := calendarToken(client, portal.base, cookies[0])
	if err != nil {
		return err
	}
	pages := b.pages(fx, token, time.Now())
	// Every page once with every session: a failure shows here, not as a
	// fast error page under load.
	for _, p := range pages {
		for _, c := range cookies {
			if err := fetch(client, portal.base+p.portal, p.cookie(c)); err != nil {
				return err
			}
		}
	}
	res.portal.rssWarm, _, _ = portal.memory()

	bare, err := b.startBare(ctx)
	if err != nil {
		return err
	}
	defer bare.stop()
	res.bare.ready = bare.ready
	res.bare.rssStart, _, _ = bare.memory()
	for _, p := range pages {
		for _, u := range bareURLs(bare.base, p) {
			if err := fetch(client, u, ""); err != nil {
				return err
			}
		}
	}
	res.bare.rssWarm, _, _ = bare.memory()

	if res.pages, err = b.countPages(ctx, client, pages, portal, bare, cookies[0]); err != nil {
		return err
	}
	if err := b.loadPages(ctx, res.pages, portal, bare, cookies); err != nil {
		return err
	}
	b.logf("Dix secondes au repos avant de relever la mémoire…")
	select {
	case <-time.After(10 * time.Second):
	case <-ctx.Done():
		return ctx.Err()
	}
	res.portal.rssIdle, res.portal.peak, _ = portal.memory()
	res.bare.rssIdle, res.bare.peak, _ = bare.memory()
	return nil
}

// countPages counts the statements of each page on the portal and on the
// bare handler under RLS, and checks that the bare ones are the portal's.
func (b *bench) countPages(ctx context.Context, client *http.Client, pages []page, portal, bare *child, cookie string) ([]pageResult, error) {
	b.logf("Décompte des instructions SQL par requête (pg_stat_statements)…")
	var out []pageResult
	for _, p := range pages {
		r := pageResult{page: p}
		var err error
		if r.stmts, err = b.countStatements(ctx, 20, func() error { return fetch(client, portal.base+p.portal, p.cookie(cookie)) }); err != nil {
			return nil, err
		}
		if p.bare != "" {
			bareStmts, err := b.countStatements(ctx, 5, func() error { return fetch(client, bareURLs(bare.base, p)[0], "") })
			if err != nil {
				return nil, err
			}
			r.bareStmts, r.same = bareStmts.total, sameStatements(bareStmts, r.stmts)
		}
		out = append(out, r)
	}
	return out, nil
}

// loadPages runs wrk on each page: the portal, then the bare handler under
// RLS and without.
func (b *bench) loadPages(ctx context.Context, results []pageResult, portal, bare *child, cookies []string) error {
	script, err := b.writeCookieScript(b.opts.dataDir, cookies)
	if err != nil {
		return err
	}
	for i := range results {
		r := &results[i]
		restore := b.pageConnections(r.page)
		b.logf("Charge : %s (%s par mesure)…", r.page.name, b.opts.duration)
		if r.portal, err = b.runWrk(ctx, portal.base+r.page.portal, r.page.cookie(script)); err != nil {
			return err
		}
		urls := bareURLs(bare.base, r.page)
		if r.bareRLS, err = b.runWrk(ctx, urls[0], ""); err != nil {
			return err
		}
		r.bareNoRLS = r.bareRLS
		if len(urls) > 1 {
			if r.bareNoRLS, err = b.runWrk(ctx, urls[1], ""); err != nil {
				return err
			}
		}
		restore()
	}
	return nil
}

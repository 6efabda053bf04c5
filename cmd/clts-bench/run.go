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
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/demo"
	"github.com/portail-clts/clts/internal/pgcluster"
)

// options are the bench's settings; the load's come from BENCH_*
// environment variables so that `make bench BENCH_DURATION=3s` works.
type options struct {
	// clts migrates and loads the data; portal is the binary measured
	// (BENCH_PORTAL_BIN, clts when empty), which may be an older build
	// served on the same data.
	clts, portal, dataDir, docs string
	// bareSQL is the bare handler's statements and frame (BENCH_BARE_SQL):
	// sqlCurrent, or sqlLegacy for a portal built before the data-layer
	// rewrite.
	bareSQL              string
	duration             time.Duration
	connections, threads int
	// quietWait bounds the wait, before each measure, for the builds and
	// tests of others to end (BENCH_QUIET_WAIT).
	quietWait time.Duration
	// profile, when not empty, is a folder that receives a CPU profile of
	// the portal under each page's load, taken in a pass of its own after
	// the measures (BENCH_PROFILE).
	profile string
	// only, when not empty, measures only the pages whose name holds one
	// of these words (BENCH_PAGES, comma-separated, e.g. "practice"): a
	// quick measure, printed, not written into the docs.
	only []string
	// attempts is how many times a disturbed measure is taken at most
	// (3; 1 for ab, whose interleaved measures share the disturbances).
	attempts int
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
	fs.StringVar(&o.clts, "clts", "bin/clts", "the binary that migrates and loads the data, and the portal measured unless BENCH_PORTAL_BIN names another")
	fs.StringVar(&o.dataDir, "data-dir", ".data/bench", "folder of the bench cluster (kept between runs) and logs")
	fs.StringVar(&o.docs, "docs", "docs/benchmarks.md", "file whose generated section receives the results; empty: none")
	if err := fs.Parse(args); err != nil {
		return o, err
	}
	o.portal = envOr(getenv, "BENCH_PORTAL_BIN", o.clts)
	o.bareSQL = envOr(getenv, "BENCH_BARE_SQL", sqlCurrent)
	if o.bareSQL != sqlCurrent && o.bareSQL != sqlLegacy {
		return o, fmt.Errorf("BENCH_BARE_SQL: %s (today's portal) or %s (a portal built before the data-layer rewrite)", sqlCurrent, sqlLegacy)
	}
	o.profile = getenv("BENCH_PROFILE")
	o.attempts = 3
	for _, w := range strings.Split(getenv("BENCH_PAGES"), ",") {
		if w = strings.TrimSpace(w); w != "" {
			o.only = append(o.only, strings.ToLower(w))
		}
	}
	if o.profile != "" && o.portal != o.clts {
		return o, errors.New("BENCH_PROFILE profiles the portal built from this checkout: leave BENCH_PORTAL_BIN empty")
	}
	var err error
	if o.duration, err = time.ParseDuration(envOr(getenv, "BENCH_DURATION", "10s")); err != nil {
		return o, fmt.Errorf("BENCH_DURATION: %w", err)
	}
	if o.quietWait, err = time.ParseDuration(envOr(getenv, "BENCH_QUIET_WAIT", "15m")); err != nil {
		return o, fmt.Errorf("BENCH_QUIET_WAIT: %w", err)
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
	if err := b.explainPages(ctx, res); err != nil {
		return err
	}
	if opts.profile != "" {
		if err := b.profilePages(ctx, res); err != nil {
			return err
		}
	}
	_ = b.admin.Close(ctx)
	if err := b.cluster.Stop(); err != nil {
		return err
	}
	res.elapsed = time.Since(res.when)
	res.others = othersShare(cpuStart, sampleCPU(), runtime.NumCPU())
	report := res.markdown()
	fmt.Fprint(stdout, "\n", report)
	if len(opts.only) > 0 {
		b.logf("BENCH_PAGES : mesure partielle, %s n'est pas réécrit.", opts.docs)
	} else if opts.docs != "" {
		if err := writeDocs(opts.docs, report); err != nil {
			return err
		}
		b.logf("Résultats écrits dans %s.", opts.docs)
	}
	return nil
}

// signIn signs in n sessions of the demo account login.
func (b *bench) signIn(client *http.Client, base, login string, n int) ([]string, error) {
	b.logf("Connexion de %d sessions du compte %s…", n, login)
	cookies := make([]string, n)
	for i := range cookies {
		var err error
		if cookies[i], err = signInAs(client, base, login, demo.Password); err != nil {
			return nil, err
		}
	}
	return cookies, nil
}

// measure starts the portal and the bare handler, counts each page's
// statements, then loads each page on both.
func (b *bench) measure(ctx context.Context, res *results) error {
	fx, err := b.fixtures(ctx)
	if err != nil {
		return err
	}
	// The start is timed: it waits for a quiet machine too.
	if _, _, err := b.waitQuiet(ctx, b.opts.quietWait); err != nil {
		return err
	}
	portal, err := b.startPortal(ctx, b.opts.portal, "serve.log", nil)
	if err != nil {
		return err
	}
	defer portal.stop()
	res.portal.ready = portal.ready
	res.portal.rssStart, _, _ = portal.memory()
	b.logf("Dix secondes au repos après le démarrage…")
	select {
	case <-time.After(10 * time.Second):
	case <-ctx.Done():
		return ctx.Err()
	}
	res.portal.rssStartIdle, _, _ = portal.memory()
	res.portal.anonStartIdle, res.portal.fileStartIdle = portal.residentParts()

	client := newClient()
	cookies, err := b.signIn(client, portal.base, "pilote", b.opts.connections)
	if err != nil {
		return err
	}
	// The HCTS reader's sessions, for the national reading and its
	// exports: as many as its pages' connections.
	hctsCookies, err := b.signIn(client, portal.base, hctsLogin, min(nationalConnections, b.opts.connections))
	if err != nil {
		return err
	}
	token, err := calendarToken(client, portal.base, cookies[0])
	if err != nil {
		return err
	}
	pages := b.selected(b.pages(fx, token, time.Now()))
	// Every page once with every session: a failure shows here, not as a
	// fast error page under load.
	for _, p := range pages {
		for i, c := range cookies {
			if err := fetch(client, portal.base+p.portal, p.cookie(c, hctsCookies[i%len(hctsCookies)])); err != nil {
				return err
			}
		}
	}
	res.portal.rssWarm, _, _ = portal.memory()

	if _, _, err := b.waitQuiet(ctx, b.opts.quietWait); err != nil {
		return err
	}
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

	if res.pages, err = b.countPages(ctx, client, pages, portal, bare, cookies[0], hctsCookies[0]); err != nil {
		return err
	}
	if err := b.loadPages(ctx, res.pages, portal, bare, cookies, hctsCookies); err != nil {
		return err
	}
	b.logf("Dix secondes au repos avant de relever la mémoire…")
	select {
	case <-time.After(10 * time.Second):
	case <-ctx.Done():
		return ctx.Err()
	}
	res.portal.rssIdle, res.portal.peak, _ = portal.memory()
	res.portal.anonIdle, res.portal.fileIdle = portal.residentParts()
	res.bare.rssIdle, res.bare.peak, _ = bare.memory()
	if res.upload, err = b.measureUpload(ctx, client, portal, cookies[0]); err != nil {
		return err
	}
	res.exports, err = b.measureExports(ctx, client, portal, fx.national, hctsCookies[0])
	return err
}

// countPages counts the statements of each page on the portal and on the
// bare handler under RLS, and checks that the bare ones are the portal's.
func (b *bench) countPages(ctx context.Context, client *http.Client, pages []page, portal, bare *child, cookie, hctsCookie string) ([]pageResult, error) {
	b.logf("Décompte des instructions SQL par requête (pg_stat_statements)…")
	var out []pageResult
	for _, p := range pages {
		r := pageResult{page: p}
		var err error
		if r.stmts, err = b.countStatements(ctx, 20, func() error { return fetch(client, portal.base+p.portal, p.cookie(cookie, hctsCookie)) }); err != nil {
			return nil, err
		}
		b.logf("%s, portail, instructions par requête :", p.name)
		for _, row := range r.stmts.rows {
			fmt.Fprintf(b.stdout, "    %-7s %4s  %s\n", row.kind, count(row.calls), oneLine(row.query, 110))
		}
		if p.bare != "" {
			bareStmts, err := b.countStatements(ctx, 5, func() error { return fetch(client, bareURLs(bare.base, p)[0], "") })
			if err != nil {
				return nil, err
			}
			r.bareStmts, r.same = bareStmts, sameStatements(bareStmts, r.stmts)
			r.covered = covered(bareStmts, r.stmts)
		}
		out = append(out, r)
	}
	return out, nil
}

// oneLine shortens a statement to one line of at most n characters.
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len([]rune(s)) > n {
		s = string([]rune(s)[:n]) + "…"
	}
	return s
}

// loadPages runs wrk on each page: the portal, then the bare handler under
// RLS and without.
func (b *bench) loadPages(ctx context.Context, results []pageResult, portal, bare *child, cookies, hctsCookies []string) error {
	script, err := b.writeCookieScript(b.opts.dataDir, "cookies.lua", cookies)
	if err != nil {
		return err
	}
	hctsScript, err := b.writeCookieScript(b.opts.dataDir, "cookies-hcts.lua", hctsCookies)
	if err != nil {
		return err
	}
	for i := range results {
		r := &results[i]
		restore := b.pageConnections(r.page)
		b.logf("Charge : %s (%s par mesure)…", r.page.name, b.opts.duration)
		if r.portal, err = b.measureWrk(ctx, portal.base+r.page.portal, r.page.cookie(script, hctsScript)); err != nil {
			return err
		}
		urls := bareURLs(bare.base, r.page)
		if r.bareRLS, err = b.measureWrk(ctx, urls[0], ""); err != nil {
			return err
		}
		r.bareNoRLS = r.bareRLS
		if len(urls) > 1 {
			if r.bareNoRLS, err = b.measureWrk(ctx, urls[1], ""); err != nil {
				return err
			}
		}
		restore()
	}
	return nil
}

// busyShare is the share of the CPU other work may take during a measure
// before it is taken again.
const busyShare = 0.10

// measureWrk waits for the builds and tests of others to end, then runs
// wrk and records the share of the CPU that other work took meanwhile. A
// measure during which other work took more than busyShare is taken again,
// twice at most; the least disturbed one is kept.
func (b *bench) measureWrk(ctx context.Context, target, script string) (load, error) {
	var best load
	taken := 0
	for attempt := range b.opts.attempts {
		taken++
		waited, quiet, err := b.waitQuiet(ctx, b.opts.quietWait)
		if err != nil {
			return load{}, err
		}
		start := sampleCPU()
		l, err := b.runWrk(ctx, target, script)
		if err != nil {
			return l, err
		}
		end := sampleCPU()
		l.others = othersShare(start, end, runtime.NumCPU())
		l.cpu = end.ours - start.ours
		l.waited, l.quiet = waited, quiet
		if attempt == 0 || l.others < best.others {
			best = l
		}
		if l.others <= busyShare {
			break
		}
		b.logf("Autre travail : %.0f %% du processeur pendant la mesure (%.0f requêtes/s), mesure reprise.", 100*l.others, l.rps)
	}
	best.attempts = taken
	return best, nil
}

// selected keeps the pages that BENCH_PAGES names (all without it).
func (b *bench) selected(pages []page) []page {
	if len(b.opts.only) == 0 {
		return pages
	}
	var out []page
	for _, p := range pages {
		for _, w := range b.opts.only {
			if strings.Contains(strings.ToLower(p.name), w) {
				out = append(out, p)
				break
			}
		}
	}
	return out
}

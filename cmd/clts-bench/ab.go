package main

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"slices"
	"strconv"
	"time"
)

// runAB compares two builds of the portal on the same data and the same
// machine, page by page, their measures interleaved: `clts-bench ab`
// (make bench-ab). BENCH_AB_BEFORE names the other build (A), measured
// against bin/clts (B); both serve the bench cluster at once, each with
// its own sessions. For each round and page it loads A then B (B then A
// in the next round), with wrk as `run` does (the page's connections,
// BENCH_DURATION, waiting for a quiet machine and taking a disturbed
// measure again), and prints each measure and, per page, the median of
// the rounds. On a machine that others share, interleaving gives both
// builds the same disturbances; BENCH_PAGES selects the pages (practice
// and reading by default), BENCH_AB_ROUNDS the rounds (3).
func runAB(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	opts, err := parseOptions(args, getenv, stderr)
	if err != nil {
		return err
	}
	before := getenv("BENCH_AB_BEFORE")
	if before == "" {
		return fmt.Errorf("BENCH_AB_BEFORE: the other build of clts to compare with %s", opts.clts)
	}
	rounds, err := strconv.Atoi(envOr(getenv, "BENCH_AB_ROUNDS", "3"))
	if err != nil || rounds < 1 {
		return fmt.Errorf("BENCH_AB_ROUNDS: a positive number")
	}
	opts.attempts = 1
	if len(opts.only) == 0 {
		opts.only = []string{"practice", "reading"}
	}
	b := &bench{opts: opts, stdout: stdout, stderr: stderr}
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
	fx, err := b.fixtures(ctx)
	if err != nil {
		return err
	}
	type side struct {
		name, bin          string
		portal             *child
		script, hctsScript string
	}
	sides := []*side{{name: "A", bin: before}, {name: "B", bin: opts.clts}}
	client := newClient()
	for _, s := range sides {
		if s.portal, err = b.startPortal(ctx, s.bin, "serve-"+s.name+".log", nil); err != nil {
			return err
		}
		defer s.portal.stop()
		n := min(nationalConnections, opts.connections)
		cookies, err := b.signIn(client, s.portal.base, "pilote", n)
		if err != nil {
			return err
		}
		hcts, err := b.signIn(client, s.portal.base, hctsLogin, n)
		if err != nil {
			return err
		}
		if s.script, err = b.writeCookieScript(opts.dataDir, "cookies-"+s.name+".lua", cookies); err != nil {
			return err
		}
		if s.hctsScript, err = b.writeCookieScript(opts.dataDir, "cookies-hcts-"+s.name+".lua", hcts); err != nil {
			return err
		}
		for _, p := range b.selected(b.pages(fx, "", time.Now())) {
			for i := range cookies {
				if err := fetch(client, s.portal.base+p.portal, p.cookie(cookies[i], hcts[i])); err != nil {
					return fmt.Errorf("%s (%s): %w", p.name, s.bin, err)
				}
			}
		}
	}
	pages := b.selected(b.pages(fx, "", time.Now()))
	loads := map[string][][]load{} // page → side → rounds
	for round := range rounds {
		for _, p := range pages {
			restore := b.pageConnections(p)
			order := []int{0, 1}
			if round%2 == 1 {
				order = []int{1, 0}
			}
			if loads[p.name] == nil {
				loads[p.name] = make([][]load, len(sides))
			}
			for _, i := range order {
				s := sides[i]
				l, err := b.measureWrk(ctx, s.portal.base+p.portal, p.cookie(s.script, s.hctsScript))
				if err != nil {
					return err
				}
				loads[p.name][i] = append(loads[p.name][i], l)
				b.logf("Tour %d, %s, %s (%s) : %.0f requêtes/s, p50 %s, p99 %s, %s de processeur par requête, autre travail %.0f %%",
					round+1, p.name, s.name, s.bin, l.rps, ms(l.p50), ms(l.p99), ms(l.cpuPerRequest()), 100*l.others)
			}
			restore()
		}
	}
	cores := runtime.NumCPU()
	fmt.Fprintf(stdout, "\nA: `%s`; B: `%s`; %d rounds of %s per build and page, interleaved (A then B, then B then A); median of the rounds; %d cores (`nproc`), wrk %d threads.\n",
		before, opts.clts, rounds, opts.duration, cores, opts.threads)
	fmt.Fprintf(stdout, "**CPU per request** is the CPU time of the portal, PostgreSQL and wrk during the measure divided by its requests; "+
		"**p50 on a quiet machine** is what it predicts when the page's connections keep the %d cores busy: connections × CPU per request ÷ cores.\n\n", cores)
	fmt.Fprintln(stdout, "| page | A req/s | A p50 | A CPU per request | A p50 on a quiet machine | B req/s | B p50 | B CPU per request | B p50 on a quiet machine | other work (highest) |")
	fmt.Fprintln(stdout, "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, p := range pages {
		restore := b.pageConnections(p)
		conns := b.opts.connections
		restore()
		a, bb := medianLoad(loads[p.name][0]), medianLoad(loads[p.name][1])
		others := 0.0
		for _, side := range loads[p.name] {
			for _, l := range side {
				others = max(others, l.others)
			}
		}
		quiet := func(l load) time.Duration { return l.cpu * time.Duration(conns) / time.Duration(cores) }
		fmt.Fprintf(stdout, "| %s `%s` | %s | %s | %s | %s | %s | %s | %s | %s | %.0f %% |\n", p.name, p.portal,
			thousands(int64(a.rps)), ms(a.p50), ms(a.cpu), ms(quiet(a)),
			thousands(int64(bb.rps)), ms(bb.p50), ms(bb.cpu), ms(quiet(bb)), 100*others)
	}
	return nil
}

// cpuPerRequest is the bench's CPU time per request of the measure.
func (l load) cpuPerRequest() time.Duration {
	if l.requests == 0 {
		return 0
	}
	return l.cpu / time.Duration(l.requests)
}

// medianLoad is the median of each figure of the loads.
func medianLoad(ls []load) load {
	med := func(f func(load) float64) float64 {
		v := make([]float64, len(ls))
		for i, l := range ls {
			v[i] = f(l)
		}
		slices.Sort(v)
		if n := len(v); n%2 == 1 {
			return v[n/2]
		} else {
			return (v[n/2-1] + v[n/2]) / 2
		}
	}
	// cpu is the median CPU time per request.
	return load{
		rps: med(func(l load) float64 { return l.rps }),
		p50: time.Duration(med(func(l load) float64 { return float64(l.p50) })),
		p99: time.Duration(med(func(l load) float64 { return float64(l.p99) })),
		cpu: time.Duration(med(func(l load) float64 { return float64(l.cpuPerRequest()) })),
	}
}

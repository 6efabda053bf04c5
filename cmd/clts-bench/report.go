package main

import (
	"bufio"
	"context"
	"fmt"
	"os"
	"os/exec"
	"runtime"
	"strings"
	"time"
)

// results is everything a run measured.
type results struct {
	when    time.Time
	elapsed time.Duration
	opts    options
	machine string
	// portalVersion is what the measured binary says of itself (clts
	// version).
	portalVersion string
	// others is the share of the CPU that other work on the machine took
	// during the run: it lowers every figure.
	others  float64
	dataset string
	pages   []pageResult
	portal  process
	bare    process
	upload  uploadMemory
	exports []exportResult
}

type pageResult struct {
	page               page
	portal             load
	bareRLS, bareNoRLS load
	stmts              statements
	bareStmts          statements
	same               bool // the bare handler runs the portal's statements
	covered            int  // the portal's data statements the bare handler runs too
	explain            []explained
	profile            string // the CPU profile's file, when BENCH_PROFILE is set
}

// process is a server's start time and memory (KiB): when ready, 10 s
// later without a request (the portal only), after a few requests, after
// the load and 10 s idle, and the peak.
type process struct {
	ready                                          time.Duration
	rssStart, rssStartIdle, rssWarm, rssIdle, peak int64
	// The anonymous and file-backed parts of the idle sizes.
	anonStartIdle, fileStartIdle, anonIdle, fileIdle int64
}

// describe records the machine and the dataset.
func (b *bench) describe(ctx context.Context, res *results) error {
	var pg string
	if err := b.admin.QueryRow(ctx, `SHOW server_version`).Scan(&pg); err != nil {
		return err
	}
	commit, _ := exec.Command("git", "describe", "--always", "--dirty").Output()
	res.machine = fmt.Sprintf("%d cores (`nproc`), %s, %s of memory; PostgreSQL %s, %s, %s; harness and data at commit `%s`",
		runtime.NumCPU(), cpuModel(), memTotal(), pg, runtime.Version(), wrkVersion(), strings.TrimSpace(string(commit)))
	version, err := exec.Command(b.opts.portal, "version").Output()
	if err != nil {
		return fmt.Errorf("%s version: %w", b.opts.portal, err)
	}
	res.portalVersion = strings.TrimSpace(string(version))
	var committees, accounts, memberships, meetings, responses, members, upcoming int64
	err = b.admin.QueryRow(ctx, `SELECT (SELECT count(*) FROM committees), (SELECT count(*) FROM accounts),
			(SELECT count(*) FROM memberships WHERE active), (SELECT count(*) FROM meetings), (SELECT count(*) FROM meeting_responses),
			(SELECT count(*) FROM memberships m JOIN committees c ON c.id = m.committee_id WHERE c.slug = '37-41' AND m.active),
			(SELECT count(*) FROM meetings m JOIN committees c ON c.id = m.committee_id WHERE c.slug = '37-41' AND m.starts_at > now())`).
		Scan(&committees, &accounts, &memberships, &meetings, &responses, &members, &upcoming)
	if err != nil {
		return err
	}
	res.dataset = fmt.Sprintf("demo and national data (`clts demo --national`): %s committees, %s accounts, %s active memberships, "+
		"%s meetings, %s answers; committee 37-41 has %s active members and %s upcoming meetings",
		thousands(committees), thousands(accounts), thousands(memberships), thousands(meetings), thousands(responses),
		thousands(members), thousands(upcoming))
	return nil
}

func cpuModel() string {
	return procField("/proc/cpuinfo", "model name", "unknown CPU")
}

func memTotal() string {
	var kib int64
	fmt.Sscanf(procField("/proc/meminfo", "MemTotal", "0"), "%d", &kib)
	return fmt.Sprintf("%d GiB", (kib+512*1024)/(1024*1024))
}

// procField is the value of the first "key: value" line of a /proc file.
func procField(path, key, def string) string {
	f, err := os.Open(path)
	if err != nil {
		return def
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		k, v, ok := strings.Cut(sc.Text(), ":")
		if ok && strings.TrimSpace(k) == key {
			return strings.TrimSpace(v)
		}
	}
	return def
}

// markdown renders the results: the generated section of
// docs/benchmarks.md, also printed at the end of the run.
func (r *results) markdown() string {
	var b strings.Builder
	p := func(format string, args ...any) { fmt.Fprintf(&b, format+"\n", args...) }
	o := r.opts
	p("Measured on %s, in %s, with:", r.when.UTC().Format("2006-01-02 15:04 MST"), r.elapsed.Round(time.Second))
	p("")
	p("```sh")
	extra := ""
	if o.portal != o.clts {
		extra += " BENCH_PORTAL_BIN=" + o.portal
	}
	if o.bareSQL != sqlCurrent {
		extra += " BENCH_BARE_SQL=" + o.bareSQL
	}
	p("make bench   # BENCH_DURATION=%s BENCH_CONNECTIONS=%d BENCH_THREADS=%d%s", o.duration, o.connections, o.threads, extra)
	p("```")
	p("")
	p("- portal measured: `%s` (`%s serve`); bare handler: %s;", r.portalVersion, o.portal, bareLabel(o.bareSQL))
	p("- machine: %s;", r.machine)
	p("- data: %s;", r.dataset)
	retaken := 0
	for _, pr := range r.pages {
		for _, l := range []load{pr.portal, pr.bareRLS, pr.bareNoRLS} {
			if l.attempts > 1 {
				retaken++
			}
		}
	}
	p("- other work on the machine during the run: %.0f %% of its CPU time. Each measure first waited until no `go build`, `go test`, "+
		"compiler or test binary of others ran, and was taken again (twice at most, the least disturbed kept) when other work took "+
		"more than %.0f %% of the CPU during it (%d measures were); the last column of the first table is the share other work took "+
		"during that page's kept measures, the highest of the three;", 100*r.others, 100*busyShare, retaken)
	p("- load: wrk, %d connections, %d threads, %s per measure, `Accept-Encoding: gzip`; signed in as the pilot `pilote`, one session per connection.", o.connections, o.threads, o.duration)
	p("")
	p("**share** is the portal's requests per second divided by the bare handler's (under RLS) for the same page.")
	p("")
	p("| page | portal req/s | p50 | p99 | bare req/s | p50 | p99 | share | statements per request | other work |")
	p("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, pr := range r.pages {
		p("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %.0f %% |", pr.label(), thousands(int64(pr.portal.rps)), ms(pr.portal.p50), ms(pr.portal.p99),
			thousands(int64(pr.bareRLS.rps)), ms(pr.bareRLS.p50), ms(pr.bareRLS.p99), share(pr.portal.rps, pr.bareRLS.rps), count(pr.stmts.total),
			100*max(pr.portal.others, pr.bareRLS.others, pr.bareNoRLS.others))
	}
	p("")
	p("Statements per request, as pg_stat_statements counted them for the application role over 20 requests of each page " +
		"(5 for the bare handler). pg_stat_statements counts each statement of a message on its own: the `BEGIN …; SELECT set_config(…)` " +
		"message that opens a unit of work is one BEGIN and one set_config here, though it is one round trip.")
	p("")
	p("| page | portal: all | BEGIN | set_config | COMMIT | session (scs) | data | JIT compilation per request | bare handler: all | portal's data statements the bare handler runs |")
	p("|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|")
	for _, pr := range r.pages {
		s := pr.stmts
		bare, cov := "—", "—"
		if pr.page.bare != "" {
			bare = count(pr.bareStmts.total)
			cov = fmt.Sprintf("%d of %d", pr.covered, len(s.queryIDs))
		}
		p("| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |", pr.page.name, count(s.total), count(s.begins), count(s.scopes), count(s.commits),
			count(s.session), count(s.data()), jit(s.jit), bare, cov)
	}
	for _, pr := range r.pages {
		if pr.page.name != "committee home" {
			continue
		}
		p("")
		p("The committee home's statements, as pg_stat_statements lists them (calls per request):")
		p("")
		p("| kind | calls | statement |")
		p("|---|--:|---|")
		for _, row := range pr.stmts.rows {
			p("| %s | %s | `%s` |", row.kind, count(row.calls), strings.ReplaceAll(oneLine(row.query, 100), "|", "\\|"))
		}
	}
	p("")
	p("Row-level security: the bare statements as the application role (under RLS) and as the superuser (RLS does not apply), both in the portal's frame and session settings; **RLS cost** is the throughput without RLS divided by the throughput under RLS:")
	p("")
	p("| page | under RLS req/s | p50 | without RLS req/s | p50 | RLS cost |")
	p("|---|--:|--:|--:|--:|--:|")
	for _, pr := range r.pages {
		if pr.page.bare == "" {
			continue
		}
		cost := ratio2(pr.bareNoRLS.rps, pr.bareRLS.rps)
		if !pr.page.likeForLike() {
			cost += " (not like for like)"
		}
		p("| %s | %s | %s | %s | %s | %s |", pr.page.name, thousands(int64(pr.bareRLS.rps)), ms(pr.bareRLS.p50),
			thousands(int64(pr.bareNoRLS.rps)), ms(pr.bareNoRLS.p50), cost)
	}
	p("")
	planned := "with `plan_cache_mode=force_custom_plan`, set by the unit of work unless it asks for generic plans, every execution is planned"
	if o.bareSQL == sqlLegacy {
		planned = "EXPLAIN plans for the arguments, whereas these statements may run a cached generic plan under load"
	}
	p("Planning and execution time of each bare statement under `EXPLAIN (ANALYZE, BUFFERS)`, second of two runs, in the bare handler's frame and settings (plans in `%s/explain/`; %s):", o.dataDir, planned)
	p("")
	p("| page | statement | planning under RLS | execution under RLS | planning without RLS | execution without RLS |")
	p("|---|---|--:|--:|--:|--:|")
	for _, pr := range r.pages {
		for _, e := range pr.explain {
			p("| %s | %s | %.2f ms | %.2f ms | %.2f ms | %.2f ms |", pr.page.name, e.name, e.planRLS, e.execRLS, e.planNoRLS, e.execNoRLS)
		}
	}
	p("")
	p("Start and resident memory (`VmRSS`, peak `VmHWM` of `/proc/PID/status`); the portal's peak comes from the %d sign-ins (argon2id):", o.connections)
	p("")
	p("| process | ready after | RSS when ready | 10 s later, idle | after a few requests | after the load and 10 s idle | peak |")
	p("|---|--:|--:|--:|--:|--:|--:|")
	p("| portal (`clts serve`) | %s | %s | %s | %s | %s | %s |", ms(r.portal.ready), mib(r.portal.rssStart), mib(r.portal.rssStartIdle),
		mib(r.portal.rssWarm), mib(r.portal.rssIdle), mib(r.portal.peak))
	p("| bare handler | %s | %s | — | %s | %s | %s |", ms(r.bare.ready), mib(r.bare.rssStart), mib(r.bare.rssWarm), mib(r.bare.rssIdle), mib(r.bare.peak))
	p("")
	u := r.upload
	p("A practice with a 20 MB PDF posted to the practice form (as the pilot, after the load; the body written as it is sent, the practice then deleted): the portal's resident memory was %s before, peaked at %s (%s; `VmHWM` reset by writing 5 to `/proc/PID/clear_refs` just before), and was %s after.",
		mib(u.before), mib(u.peak), mibDelta(u.peak-u.before), mib(u.after))
	p("")
	p("Targets of issue 10:")
	p("")
	p("| target | measured | met |")
	p("|---|---|---|")
	for _, t := range r.targets() {
		p("| %s | %s | %s |", t.target, t.measured, yesNo(t.met))
	}
	p("")
	p("Targets of issue 12:")
	p("")
	p("| target | measured | met |")
	p("|---|---|---|")
	for _, t := range r.practiceTargets() {
		p("| %s | %s | %s |", t.target, t.measured, yesNo(t.met))
	}
	if r.hasNational() {
		p("")
		r.exportsMarkdown(p)
		p("")
		p("Targets of issue 13:")
		p("")
		p("| target | measured | met |")
		p("|---|---|---|")
		for _, t := range r.nationalTargets() {
			p("| %s | %s | %s |", t.target, t.measured, yesNo(t.met))
		}
	}
	var profiles []string
	for _, pr := range r.pages {
		if pr.profile != "" {
			profiles = append(profiles, fmt.Sprintf("`%s`", pr.profile))
		}
	}
	if len(profiles) > 0 {
		p("")
		p("CPU profiles of the portal under each page's load (`go tool pprof -top FILE`): %s.", strings.Join(profiles, ", "))
	}
	var warnings []string
	if r.others > 0.1 {
		warnings = append(warnings, fmt.Sprintf("other work took %.0f %% of the machine's CPU during the run: every figure is lower than on a quiet machine", 100*r.others))
	}
	for _, pr := range r.pages {
		for _, m := range []struct {
			name string
			l    load
		}{{"portal", pr.portal}, {"bare under RLS", pr.bareRLS}, {"bare without RLS", pr.bareNoRLS}} {
			if m.l.failures > 0 {
				warnings = append(warnings, fmt.Sprintf("%s, %s: %d failed requests of %d", pr.page.name, m.name, m.l.failures, m.l.requests))
			}
			if m.l.others > busyShare {
				warnings = append(warnings, fmt.Sprintf("%s, %s: other work took %.0f %% of the CPU during the measure", pr.page.name, m.name, 100*m.l.others))
			}
			if m.l.rps > 0 && !m.l.quiet {
				warnings = append(warnings, fmt.Sprintf("%s, %s: measured while builds or tests of others ran (waited %s)", pr.page.name, m.name, m.l.waited.Round(time.Second)))
			}
		}
		if pr.page.bare != "" && !pr.same {
			warnings = append(warnings, pr.page.name+": the bare handler's statements differ from the portal's (cmd/clts-bench/bare_sql.go is out of date, "+
				"or BENCH_BARE_SQL does not match the portal measured)")
		}
		if pr.page.bare != "" && o.bareSQL == sqlCurrent && pr.covered < len(pr.stmts.queryIDs) {
			warnings = append(warnings, fmt.Sprintf("%s: the bare handler runs %d of the portal's %d data statements", pr.page.name, pr.covered, len(pr.stmts.queryIDs)))
		}
	}
	if len(warnings) > 0 {
		p("")
		p("**Warnings:**")
		for _, w := range warnings {
			p("- %s", w)
		}
	}
	return b.String()
}

func bareLabel(set string) string {
	if set == sqlLegacy {
		return "the frame and main statements of commit 1666e9a (`BENCH_BARE_SQL=1666e9a`: BEGIN, a parameterized set_config, the page's main statements, COMMIT; no plan_cache_mode or jit setting)"
	}
	return "every data statement of the page's unit of work, in the portal's frame (one message for BEGIN and the set_config of the scope, the statements, COMMIT) with its settings (plan_cache_mode=force_custom_plan for the unit of work unless it asks for generic plans, force_generic_plan outside; jit=off)"
}

// target is one of issue 10's targets and what the run measured.
type target struct {
	target, measured string
	met              bool
}

// targets checks the run against issue 10's targets.
func (r *results) targets() []target {
	var out []target
	// Pages: at least half the bare handler's throughput.
	worst, met, pages := "", 0, 0
	lowest := 2.0
	var health pageResult
	mostStmts, mostPage := 0.0, ""
	worstRLS, rlsPage := 0.0, ""
	for _, pr := range r.pages {
		if pr.page.bare == "" {
			health = pr
			continue
		}
		pages++
		sh := pr.portal.rps / pr.bareRLS.rps
		if sh >= 0.5 {
			met++
		}
		if sh < lowest {
			lowest, worst = sh, pr.page.name
		}
		if pr.page.session && pr.stmts.total > mostStmts {
			mostStmts, mostPage = pr.stmts.total, pr.page.name
		}
		if c := pr.bareNoRLS.rps / pr.bareRLS.rps; c > worstRLS && pr.page.likeForLike() {
			worstRLS, rlsPage = c, pr.page.name
		}
	}
	out = append(out, target{"every page ≥ 0.5 of its bare handler's throughput",
		fmt.Sprintf("%d of %d pages; lowest: %s %s", met, pages, worst, share(lowest, 1)), met == pages})
	hs := health.portal.rps / health.bareRLS.rps
	out = append(out, target{"`/healthz` ≥ 0.8 of a bare hello", share(hs, 1), hs >= 0.8})
	out = append(out, target{"≤ 8 statements per signed-in page (BEGIN and COMMIT included)",
		fmt.Sprintf("most: %s, %s", mostPage, count(mostStmts)), mostStmts <= 8})
	out = append(out, target{"RLS ≤ 1.2× the same statements without it", fmt.Sprintf("highest: %s, %s (the feed left out: not like for like)", rlsPage, ratio2(worstRLS, 1)), worstRLS <= 1.2})
	// Idle: 10 s after the start and 10 s after the load, the larger.
	const mb = 1000 * 1000
	idle := max(r.portal.rssStartIdle, r.portal.rssIdle) * 1024
	mbOf := func(kib int64) float64 { return float64(kib*1024) / mb }
	out = append(out, target{"idle RSS ≤ 40 MB", fmt.Sprintf("%.1f MB 10 s after the start (%.1f anonymous, %.1f file-backed), "+
		"%.1f MB 10 s after the load (%.1f anonymous, %.1f file-backed)",
		mbOf(r.portal.rssStartIdle), mbOf(r.portal.anonStartIdle), mbOf(r.portal.fileStartIdle),
		mbOf(r.portal.rssIdle), mbOf(r.portal.anonIdle), mbOf(r.portal.fileIdle)), idle <= 40*mb})
	out = append(out, target{"start to first 200 on `/readyz` ≤ 0.5 s", ms(r.portal.ready), r.portal.ready <= 500*time.Millisecond})
	return out
}

// practiceTargets are issue 12's targets: the practice searches at 10
// connections, and the memory of an upload.
func (r *results) practiceTargets() []target {
	var out []target
	for _, pr := range r.pages {
		if pr.page.connections == 0 || pr.page.isNational() {
			continue
		}
		l := pr.portal
		out = append(out, target{pr.page.name + ": p50 < 15 ms, p99 < 50 ms",
			fmt.Sprintf("p50 %s, p99 %s (%s requests per second)", ms(l.p50), ms(l.p99), thousands(int64(l.rps))),
			l.p50 < 15*time.Millisecond && l.p99 < 50*time.Millisecond})
	}
	rise := r.upload.peak - r.upload.before
	out = append(out, target{"a 20 MB attachment raises the portal's memory by a few MB at most (≤ 5 MiB)",
		fmt.Sprintf("peak %s, %s after", mibDelta(rise), mibDelta(r.upload.after-r.upload.before)), rise <= 5<<10})
	return out
}

func yesNo(b bool) string {
	if b {
		return "yes"
	}
	return "**no**"
}

func (pr pageResult) label() string {
	shown := pr.page.shown
	if shown == "" {
		shown = pr.page.portal
	}
	return pr.page.name + " `" + shown + "`"
}

func ms(d time.Duration) string {
	f := float64(d) / float64(time.Millisecond)
	switch {
	case f < 1:
		return fmt.Sprintf("%.2f ms", f)
	case f < 100:
		return fmt.Sprintf("%.1f ms", f)
	}
	return fmt.Sprintf("%.0f ms", f)
}

// jit shows compile time in ms, "0" when there was none.
func jit(ms float64) string {
	if ms == 0 {
		return "0"
	}
	return fmt.Sprintf("%.1f ms", ms)
}

func mib(kib int64) string { return fmt.Sprintf("%.1f MiB", float64(kib)/1024) }

// mibDelta shows a change of memory in KiB as signed MiB.
func mibDelta(kib int64) string { return fmt.Sprintf("%+.1f MiB", float64(kib)/1024) }

// share shows a/b with two decimals: the portal's share of the bare
// handler's throughput.
func share(a, b float64) string {
	if b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f", a/b)
}

// ratio2 shows a/b with two decimals, as the RLS cost is compared with
// 1.2.
func ratio2(a, b float64) string {
	if b == 0 {
		return "—"
	}
	return fmt.Sprintf("%.2f×", a/b)
}

// count shows a per-request count: whole when it is, else one decimal.
func count(f float64) string {
	if f == float64(int64(f)) {
		return fmt.Sprintf("%d", int64(f))
	}
	return fmt.Sprintf("%.1f", f)
}

// thousands writes n with a comma between thousands.
func thousands(n int64) string {
	s := fmt.Sprintf("%d", n)
	for i := len(s) - 3; i > 0 && s[i-1] != '-'; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}

// The generated section of docs/benchmarks.md lies between these markers;
// the rest of the file is written by hand.
const (
	docsBegin = "<!-- make bench: begin (written by cmd/clts-bench; edit the text outside these markers only) -->"
	docsEnd   = "<!-- make bench: end -->"
)

// writeDocs replaces the generated section of path with report, or appends
// one when the markers are missing.
func writeDocs(path, report string) error {
	b, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	s := string(b)
	i, j := strings.Index(s, docsBegin), strings.Index(s, docsEnd)
	if i < 0 || j < i {
		s = strings.TrimRight(s, "\n") + "\n\n## Latest `make bench`\n\n" + docsBegin + "\n" + docsEnd + "\n"
		i, j = strings.Index(s, docsBegin), strings.Index(s, docsEnd)
	}
	s = s[:i+len(docsBegin)] + "\n" + report + s[j:]
	return os.WriteFile(path, []byte(s), 0o644)
}

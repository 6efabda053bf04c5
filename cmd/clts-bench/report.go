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
	// others is the share of the CPU that other work on the machine took
	// during the run: it lowers every figure.
	others  float64
	dataset string
	pages   []pageResult
	portal  process
	bare    process
}

type pageResult struct {
	page               page
	portal             load
	bareRLS, bareNoRLS load
	stmts              statements
	bareStmts          float64
	same               bool // the bare handler runs the portal's statements
}

// process is a server's start time and memory (KiB).
type process struct {
	ready                            time.Duration
	rssStart, rssWarm, rssIdle, peak int64
}

// describe records the machine and the dataset.
func (b *bench) describe(ctx context.Context, res *results) error {
	var pg string
	if err := b.admin.QueryRow(ctx, `SHOW server_version`).Scan(&pg); err != nil {
		return err
	}
	commit, _ := exec.Command("git", "describe", "--always", "--dirty").Output()
	res.machine = fmt.Sprintf("%d cores (`nproc`), %s, %s of memory; PostgreSQL %s, %s, %s; commit `%s`",
		runtime.NumCPU(), cpuModel(), memTotal(), pg, runtime.Version(), wrkVersion(), strings.TrimSpace(string(commit)))
	var committees, accounts, memberships, meetings, responses, members, upcoming int64
	err := b.admin.QueryRow(ctx, `SELECT (SELECT count(*) FROM committees), (SELECT count(*) FROM accounts),
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
	p("make bench   # BENCH_DURATION=%s BENCH_CONNECTIONS=%d BENCH_THREADS=%d", o.duration, o.connections, o.threads)
	p("```")
	p("")
	p("- machine: %s;", r.machine)
	p("- data: %s;", r.dataset)
	p("- other work on the machine during the run: %.0f %% of its CPU time;", 100*r.others)
	p("- load: wrk, %d connections, %d threads, %s per measure, `Accept-Encoding: gzip`; signed in as the pilot `pilote`, one session per connection.", o.connections, o.threads, o.duration)
	p("")
	p("| page | portal req/s | p50 | p99 | bare req/s | ratio | statements per request |")
	p("|---|--:|--:|--:|--:|--:|--:|")
	for _, pr := range r.pages {
		p("| %s | %s | %s | %s | %s | %s | %s |", pr.label(), thousands(int64(pr.portal.rps)), ms(pr.portal.p50), ms(pr.portal.p99),
			thousands(int64(pr.bareRLS.rps)), ratio(pr.bareRLS.rps, pr.portal.rps), count(pr.stmts.total))
	}
	p("")
	p("Statements per request, as pg_stat_statements counted them for the application role over 20 requests of each page:")
	p("")
	p("| page | portal: all | transaction frames (BEGIN, COMMIT, set_config) | session (scs) | data | JIT compilation per request | bare handler |")
	p("|---|--:|--:|--:|--:|--:|--:|")
	for _, pr := range r.pages {
		s := pr.stmts
		bare := "—"
		if pr.page.bare != "" {
			bare = count(pr.bareStmts)
		}
		p("| %s | %s | %s | %s | %s | %s | %s |", pr.page.name, count(s.total), count(s.frames), count(s.session),
			count(s.total-s.frames-s.session), jit(s.jit), bare)
	}
	p("")
	p("Row-level security: the bare statements as the application role (under RLS) and as the superuser (RLS does not apply), both in the portal's transaction frame:")
	p("")
	p("| page | under RLS req/s | p50 | without RLS req/s | p50 | RLS cost |")
	p("|---|--:|--:|--:|--:|--:|")
	for _, pr := range r.pages {
		if pr.page.bare == "" {
			continue
		}
		p("| %s | %s | %s | %s | %s | %s |", pr.page.name, thousands(int64(pr.bareRLS.rps)), ms(pr.bareRLS.p50),
			thousands(int64(pr.bareNoRLS.rps)), ms(pr.bareNoRLS.p50), ratio(pr.bareNoRLS.rps, pr.bareRLS.rps))
	}
	p("")
	p("| process | ready after | RSS after start | after a few requests | after the load and 10 s idle | peak |")
	p("|---|--:|--:|--:|--:|--:|")
	p("| portal (`clts serve`) | %s | %s | %s | %s | %s |", ms(r.portal.ready), mib(r.portal.rssStart), mib(r.portal.rssWarm), mib(r.portal.rssIdle), mib(r.portal.peak))
	p("| bare handler | %s | %s | %s | %s | %s |", ms(r.bare.ready), mib(r.bare.rssStart), mib(r.bare.rssWarm), mib(r.bare.rssIdle), mib(r.bare.peak))
	var warnings []string
	if r.others > 0.1 {
		warnings = append(warnings, fmt.Sprintf("other work took %.0f %% of the machine's CPU during the run: every figure is lower than on a quiet machine", 100*r.others))
	}
	for _, pr := range r.pages {
		for name, l := range map[string]load{"portal": pr.portal, "bare under RLS": pr.bareRLS, "bare without RLS": pr.bareNoRLS} {
			if l.failures > 0 {
				warnings = append(warnings, fmt.Sprintf("%s, %s: %d failed requests of %d", pr.page.name, name, l.failures, l.requests))
			}
		}
		if pr.page.bare != "" && !pr.same {
			warnings = append(warnings, pr.page.name+": the bare handler's statements differ from the portal's (cmd/clts-bench/bare_sql.go is out of date)")
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

func ratio(a, b float64) string {
	if b == 0 {
		return "—"
	}
	if a/b < 0.95 {
		return fmt.Sprintf("%.2f×", a/b)
	}
	return fmt.Sprintf("%.1f×", a/b)
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

package main

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"time"
)

// load is what wrk measured on one URL.
type load struct {
	rps      float64
	p50, p99 time.Duration
	requests int
	failures int // non-2xx/3xx answers and socket errors
	// others is the share of the machine's CPU that other work took during
	// the measure; waited is how long the measure waited for the builds
	// and tests of others to end, quiet whether they had.
	others   float64
	waited   time.Duration
	quiet    bool
	attempts int // the measures taken (see measureWrk); this is the least disturbed
	// cpu is the CPU time the bench's process tree took during the
	// measure (servers, PostgreSQL, wrk): per request, it does not depend
	// on what other work takes of the machine as throughput does.
	cpu time.Duration
}

// cookieScript is a wrk script that spreads the requests of each thread
// over its own share of the session cookies: 50 connections are 50 signed-in
// people, not one session row written by 50 requests at once.
const cookieScript = `local cookies = {%s}
local threads = 0
function setup(thread)
  thread:set("thread_index", threads)
  threads = threads + 1
end
local per_thread = %d
local i = 0
function request()
  i = i + 1
  local k = (thread_index * per_thread + i %% per_thread) %% #cookies + 1
  return wrk.format(nil, nil, { ["Cookie"] = cookies[k] })
end
`

// writeCookieScript writes the wrk script for cookies into dir/name.
func (b *bench) writeCookieScript(dir, name string, cookies []string) (string, error) {
	quoted := make([]string, len(cookies))
	for i, c := range cookies {
		quoted[i] = strconv.Quote(c)
	}
	perThread := max(1, b.opts.connections/b.opts.threads)
	path := filepath.Join(dir, name)
	return path, os.WriteFile(path, fmt.Appendf(nil, cookieScript, strings.Join(quoted, ", "), perThread), 0o644)
}

// runWrk loads target for the configured duration; script, when not
// empty, sets the session cookies. Requests ask for gzip, as browsers do.
func (b *bench) runWrk(ctx context.Context, target, script string) (load, error) {
	args := []string{"-t", strconv.Itoa(b.opts.threads), "-c", strconv.Itoa(b.opts.connections),
		"-d", b.opts.duration.String(), "--latency", "--timeout", "10s", "-H", "Accept-Encoding: gzip"}
	if script != "" {
		args = append(args, "-s", script)
	}
	out, err := exec.CommandContext(ctx, "wrk", append(args, target)...).CombinedOutput()
	if err != nil {
		return load{}, fmt.Errorf("wrk %s: %w\n%s", target, err, out)
	}
	l, err := parseWrk(out)
	if err != nil {
		return load{}, fmt.Errorf("wrk %s: %w\n%s", target, err, out)
	}
	return l, nil
}

// parseWrk reads wrk's --latency report.
func parseWrk(out []byte) (load, error) {
	var l load
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch {
		case len(f) == 2 && f[0] == "Requests/sec:":
			l.rps, _ = strconv.ParseFloat(f[1], 64)
		case len(f) == 2 && f[0] == "50%":
			l.p50, _ = time.ParseDuration(f[1])
		case len(f) == 2 && f[0] == "99%":
			l.p99, _ = time.ParseDuration(f[1])
		case len(f) > 2 && f[1] == "requests" && f[2] == "in":
			l.requests, _ = strconv.Atoi(f[0])
		case len(f) == 5 && f[0] == "Non-2xx":
			n, _ := strconv.Atoi(f[4])
			l.failures += n
		case len(f) > 0 && f[0] == "Socket":
			for _, v := range f[2:] {
				n, _ := strconv.Atoi(strings.TrimSuffix(v, ","))
				l.failures += n
			}
		}
	}
	if l.rps == 0 || l.p50 == 0 {
		return l, fmt.Errorf("no requests per second or latency in wrk's output")
	}
	return l, nil
}

// wrkVersion is wrk's first line of -v, e.g. "wrk 4.1.0 [epoll]".
func wrkVersion() string {
	out, _ := exec.Command("wrk", "-v").CombinedOutput()
	line, _, _ := strings.Cut(string(out), " Copyright")
	return strings.TrimSpace(line)
}

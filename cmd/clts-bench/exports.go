package main

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
	"runtime"
	"strconv"
	"sync"
	"time"

	"github.com/portail-clts/clts/internal/paths"
)

// The exports of the HCTS national reading (issue 13), each downloaded
// once as the HCTS reader after the load, alone on the portal: its time,
// its rows per second, and the portal's resident memory during it (the
// peak VmHWM, reset before each export by writing 5 to
// /proc/PID/clear_refs, and VmRSS sampled every 5 ms in case the reset is
// refused). Issue 13's targets: CSV at least 50,000 rows/s, XLSX at least
// 10,000, the peak within 64 MB and the same at 10,000 and 100,000 rows.

// exportFormat is one export's route.
type exportFormat struct {
	name, path string
}

var exportFormats = []exportFormat{
	{"CSV", paths.NationalContributionsCSV},
	{"XLSX", paths.NationalContributionsXLSX},
	{"JSON", paths.NationalContributionsJSON},
	{"open-data zip", paths.NationalContributionsOpenData},
	{"printable report", paths.NationalContributionsReport},
}

// exportResult is one export's measure; memory in KiB.
type exportResult struct {
	format, filter string
	rows           int64
	bytes          int64
	elapsed        time.Duration
	before, peak   int64 // resident memory before, and its peak during the export
	sampled        int64 // the highest VmRSS sampled
	others         float64
	quiet          bool
}

func (e exportResult) rate() float64 {
	if e.elapsed <= 0 {
		return 0
	}
	return float64(e.rows) / e.elapsed.Seconds()
}

// measureExports downloads each export of the small filter (the oldest
// campaign) and of everything, unless BENCH_PAGES leaves them out (it
// keeps them for "export" or "national").
func (b *bench) measureExports(ctx context.Context, client *http.Client, portal *child, f nationalFixtures, cookie string) ([]exportResult, error) {
	if !b.wants("export") && !b.wants("national") {
		return nil, nil
	}
	sizes := []struct {
		label, query string
		rows         int64
	}{
		{fmt.Sprintf("campaign %d", f.exportSmallYear), url.Values{"campagne": {strconv.FormatInt(f.exportSmallYear, 10)}}.Encode(), f.exportSmall},
		{"everything", "", f.exportLarge},
	}
	// Exports are slower than pages: no client timeout short of the
	// portal's own request timeout.
	long := *client
	long.Timeout = 5 * time.Minute
	var out []exportResult
	for _, fm := range exportFormats {
		for _, sz := range sizes {
			b.logf("Export %s, %s (%s lignes)…", fm.name, sz.label, thousands(sz.rows))
			_, quiet, err := b.waitQuiet(ctx, b.opts.quietWait)
			if err != nil {
				return nil, err
			}
			target := portal.base + fm.path
			if sz.query != "" {
				target += "?" + sz.query
			}
			r, err := b.measureExport(ctx, &long, portal, target, cookie)
			if err != nil {
				return nil, fmt.Errorf("export %s, %s: %w", fm.name, sz.label, err)
			}
			r.format, r.filter, r.rows, r.quiet = fm.name, sz.label, sz.rows, quiet
			b.logf("  %s en %s : %.0f lignes/s, mémoire %s → pic %s", mib(r.bytes/1024), r.elapsed.Round(time.Millisecond), r.rate(), mib(r.before), mib(r.peak))
			out = append(out, r)
		}
	}
	return out, nil
}

// measureExport downloads one export, as a browser would (gzip asked),
// and records the portal's memory around it.
func (b *bench) measureExport(ctx context.Context, client *http.Client, portal *child, target, cookie string) (exportResult, error) {
	var r exportResult
	pid := portal.cmd.Process.Pid
	if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", pid), []byte("5"), 0); err != nil {
		b.logf("  remise à zéro du pic refusée (%v) : seul l'échantillonnage compte", err)
	}
	var err error
	if r.before, _, err = portal.memory(); err != nil {
		return r, err
	}
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Add(1)
	go func() {
		defer wg.Done()
		tick := time.NewTicker(5 * time.Millisecond)
		defer tick.Stop()
		for {
			if rss, _, err := portal.memory(); err == nil && rss > r.sampled {
				r.sampled = rss
			}
			select {
			case <-done:
				return
			case <-tick.C:
			}
		}
	}()
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, target, nil)
	if err != nil {
		return r, err
	}
	req.Header.Set("Cookie", cookie)
	req.Header.Set("Accept-Encoding", "gzip")
	cpu := sampleCPU()
	start := time.Now()
	resp, err := client.Do(req)
	if err == nil {
		r.bytes, err = io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
	}
	r.elapsed = time.Since(start)
	close(done)
	wg.Wait()
	r.others = othersShare(cpu, sampleCPU(), runtime.NumCPU())
	if err != nil {
		return r, err
	}
	if resp.StatusCode != http.StatusOK {
		return r, fmt.Errorf("status %d", resp.StatusCode)
	}
	_, r.peak, err = portal.memory()
	r.peak = max(r.peak, r.sampled)
	return r, err
}

// wants reports whether BENCH_PAGES keeps what word names (everything
// without it).
func (b *bench) wants(word string) bool {
	if len(b.opts.only) == 0 {
		return true
	}
	for _, w := range b.opts.only {
		if w == word {
			return true
		}
	}
	return false
}

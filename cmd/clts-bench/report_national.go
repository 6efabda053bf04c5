package main

import (
	"fmt"
	"strings"
	"time"
)

// hasNational reports whether the run measured the national reading or
// its exports.
func (r *results) hasNational() bool {
	if len(r.exports) > 0 {
		return true
	}
	for _, pr := range r.pages {
		if pr.page.isNational() {
			return true
		}
	}
	return false
}

// exportsMarkdown writes the exports' table.
func (r *results) exportsMarkdown(p func(string, ...any)) {
	if len(r.exports) == 0 {
		return
	}
	p("Exports of the HCTS national reading, downloaded one at a time as the HCTS reader `%s` after the load (gzip asked, as browsers do; "+
		"the time runs from the request to the last byte, the audit line and the snapshot included); the portal's resident memory "+
		"before each export and its peak during it (`VmHWM` reset by writing 5 to `/proc/PID/clear_refs` before each, and `VmRSS` sampled every 5 ms):", hctsLogin)
	p("")
	p("| export | filter | rows | size | time | rows/s | RSS before | peak | other work |")
	p("|---|---|--:|--:|--:|--:|--:|--:|--:|")
	for _, e := range r.exports {
		p("| %s | %s | %s | %s | %s | %s | %s | %s | %.0f %% |", e.format, e.filter, thousands(e.rows), mib(e.bytes/1024),
			seconds(e.elapsed), thousands(int64(e.rate())), mib(e.before), mib(e.peak), 100*e.others)
	}
}

func seconds(d time.Duration) string { return fmt.Sprintf("%.2f s", d.Seconds()) }

// Issue 13's bounds.
const (
	readingP50    = 20 * time.Millisecond
	csvRate       = 50_000
	xlsxRate      = 10_000
	exportPeakMB  = 64
	exportFlatMiB = 8 // the most the peak may rise from 10,000 to 100,000 rows (TestExportMemoryFlat's bound)
)

// nationalTargets checks issue 13's targets.
func (r *results) nationalTargets() []target {
	var out []target
	for _, pr := range r.pages {
		if !pr.page.isNational() {
			continue
		}
		name := strings.TrimSuffix(strings.TrimPrefix(pr.page.name, "national reading, "), " (10 connections)")
		l := pr.portal
		out = append(out, target{fmt.Sprintf("national reading (10 connections), %s: p50 < 20 ms", name),
			fmt.Sprintf("p50 %s, p99 %s (%s requests per second)", ms(l.p50), ms(l.p99), thousands(int64(l.rps))), l.p50 < readingP50})
	}
	if len(r.exports) == 0 {
		return out
	}
	byFormat := map[string][]exportResult{}
	var formats []string
	for _, e := range r.exports {
		if byFormat[e.format] == nil {
			formats = append(formats, e.format)
		}
		byFormat[e.format] = append(byFormat[e.format], e)
	}
	// The rates are those of an export of 100,000 contributions:
	// the largest export is checked, the smaller one shown (its fixed
	// costs, the audit line and the snapshot, weigh more).
	rates := func(format string, min float64) target {
		var parts []string
		var largest exportResult
		for _, e := range byFormat[format] {
			parts = append(parts, fmt.Sprintf("%s rows/s (%s rows)", thousands(int64(e.rate())), thousands(e.rows)))
			if e.rows > largest.rows {
				largest = e
			}
		}
		return target{fmt.Sprintf("%s export of 100,000 rows ≥ %s rows/s", format, thousands(int64(min))), strings.Join(parts, ", "),
			largest.rows > 0 && largest.rate() >= min}
	}
	out = append(out, rates("CSV", csvRate), rates("XLSX", xlsxRate))
	const mb = 1000 * 1000
	highest, highFormat, met := int64(0), "", true
	for _, e := range r.exports {
		if e.peak > highest {
			highest, highFormat = e.peak, e.format+", "+e.filter
		}
		met = met && e.peak*1024 <= exportPeakMB*mb
	}
	out = append(out, target{"the portal's peak memory during each export ≤ 64 MB",
		fmt.Sprintf("highest: %s (%.1f MB), %s", mib(highest), float64(highest*1024)/mb, highFormat), met})
	var parts []string
	flat := true
	for _, f := range formats {
		es := byFormat[f]
		if len(es) < 2 {
			continue
		}
		small, large := es[0], es[len(es)-1]
		d := large.peak - small.peak
		parts = append(parts, fmt.Sprintf("%s %s → %s", f, mib(small.peak), mib(large.peak)))
		flat = flat && d <= exportFlatMiB<<10
	}
	out = append(out, target{fmt.Sprintf("the same peak at 10,000 and at 100,000 rows (within %d MiB)", exportFlatMiB),
		strings.Join(parts, "; "), flat && len(parts) > 0})
	return out
}

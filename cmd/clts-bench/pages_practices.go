package main

import (
	"net/url"
	"strconv"

	"github.com/portail-clts/clts/internal/paths"
)

// The practice searches are measured at 10 connections, the issue's
// target (p50 under 15 ms, p99 under 50 ms): a search is typed by one
// person at a time, not fifty at once on one committee.
const practiceConnections = 10

// The searches measured, typed as a user would, without accents: a word
// of one theme in the committee's catalogue, two words across the
// national one.
const (
	committeePracticeSearch = "numerique"
	nationalPracticeSearch  = "acces aux droits"
)

// practicePageSize is the catalogue's page size, as the portal asks
// (PracticeQuery.Limit 0 is 20).
const practicePageSize = 20

// practicePages are the committee search of 37-41's catalogue and the
// national search, as the demo pilot; the bare handler runs the store's
// search statement for each (bare_practices.go).
func (b *bench) practicePages(f fixtures) []page {
	v := func(kv ...string) string {
		q := url.Values{"viewer": {strconv.FormatInt(f.pilot, 10)}}
		for i := 0; i+1 < len(kv); i += 2 {
			q.Set(kv[i], kv[i+1])
		}
		return q.Encode()
	}
	return []page{
		{name: "practice search, committee (10 connections)", session: true, connections: practiceConnections,
			portal: paths.Practices("37-41") + "?q=" + url.QueryEscape(committeePracticeSearch),
			bare:   "practices/committee?" + v("committee", strconv.FormatInt(f.committee, 10), "q", committeePracticeSearch)},
		{name: "practice search, national (10 connections)", session: true, connections: practiceConnections,
			portal: paths.NationalPractices + "?q=" + url.QueryEscape(nationalPracticeSearch),
			bare:   "practices/national?" + v("q", nationalPracticeSearch)},
	}
}

// pageConnections sets the number of wrk connections for p (its own, or
// the bench's) and returns the function that restores the bench's.
func (b *bench) pageConnections(p page) (restore func()) {
	saved := b.opts.connections
	if p.connections > 0 {
		b.opts.connections = min(p.connections, saved)
	}
	return func() { b.opts.connections = saved }
}

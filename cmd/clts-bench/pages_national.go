package main

import (
	"context"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"github.com/portail-clts/clts/internal/paths"
)

// The HCTS national reading (issue 13) is measured as the demo HCTS reader
// (hcts), one session per connection, at 10 connections like the
// practice searches: the target is the page with filters at p50
// under 20 ms. Its exports are measured one at a time after the load
// (exports.go).
const (
	nationalConnections = 10
	hctsLogin           = "hcts"
)

// The words searched: one found in about 1 % of the texts, one in a
// quarter of them (the dataset's texts are drawn from phrase banks, so
// every word is in a thousand texts at least).
const (
	nationalRareWord   = "handicap"
	nationalCommonWord = "service"
)

// nationalFixtures are what the reading's URLs name: the HCTS reader, the
// current campaign's year and id, a committee of the
// national dataset and its département.
type nationalFixtures struct {
	reader                   int64
	campaignYear, campaignID int64
	committee, departement   string
	// The exports: of the oldest campaign (about 10,000 rows) and of
	// everything transmitted (about 100,000).
	exportSmallYear, exportSmallID int64
	exportSmall, exportLarge       int64 // their rows
}

// nationalFixtures reads them as the superuser: the current campaign is
// the latest, the small export's the oldest (2019, about 10,000
// contributions), the committee n001.
func (b *bench) nationalFixtures(ctx context.Context) (nationalFixtures, error) {
	var f nationalFixtures
	err := b.admin.QueryRow(ctx, `SELECT (SELECT id FROM accounts WHERE login = $1),
			(SELECT year FROM campaigns ORDER BY year DESC LIMIT 1), (SELECT id FROM campaigns ORDER BY year DESC LIMIT 1),
			(SELECT year FROM campaigns ORDER BY year LIMIT 1), (SELECT id FROM campaigns ORDER BY year LIMIT 1),
			'n001', (SELECT departements[1] FROM committees WHERE slug = 'n001'),
			(SELECT count(*) FROM contributions WHERE status = 'transmise')`, hctsLogin).
		Scan(&f.reader, &f.campaignYear, &f.campaignID, &f.exportSmallYear, &f.exportSmallID,
			&f.committee, &f.departement, &f.exportLarge)
	if err != nil {
		return f, fmt.Errorf("national fixtures: %w", err)
	}
	err = b.admin.QueryRow(ctx, `SELECT count(*) FROM contributions WHERE status = 'transmise' AND campaign_id = $1`, f.exportSmallID).
		Scan(&f.exportSmall)
	return f, err
}

// nationalPages are the reading's first page without a filter, with each
// filter, and with a rare and a common word.
func (b *bench) nationalPages(f nationalFixtures) []page {
	bare := func(kv ...string) string {
		q := url.Values{"viewer": {strconv.FormatInt(f.reader, 10)}}
		for i := 0; i+1 < len(kv); i += 2 {
			q.Set(kv[i], kv[i+1])
		}
		return "national?" + q.Encode()
	}
	portal := func(kv ...string) string {
		if len(kv) == 0 {
			return paths.NationalContributions
		}
		q := url.Values{}
		for i := 0; i+1 < len(kv); i += 2 {
			q.Set(kv[i], kv[i+1])
		}
		return paths.NationalContributions + "?" + q.Encode()
	}
	year := strconv.FormatInt(f.campaignYear, 10)
	p := func(name, portalURL, bareURL string) page {
		return page{name: "national reading, " + name + " (10 connections)", portal: portalURL, bare: bareURL,
			session: true, hcts: true, connections: nationalConnections}
	}
	return []page{
		p("no filter", portal(), bare()),
		p("campaign", portal("campagne", year), bare("campaign", year)),
		p("category", portal("categorie", "besoins"), bare("category", "besoins")),
		p("committee", portal("comite", f.committee), bare("committee", f.committee)),
		p("département", portal("departement", f.departement), bare("dep", f.departement)),
		p("rare word", portal("q", nationalRareWord), bare("q", nationalRareWord)),
		p("common word", portal("q", nationalCommonWord), bare("q", nationalCommonWord)),
	}
}

// isNational tells the reading's pages.
func (p page) isNational() bool { return strings.HasPrefix(p.name, "national reading") }

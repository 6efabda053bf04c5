package main

import (
	"context"
	"encoding/hex"
	"fmt"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/paths"
)

// page is a measured page: its URL on the portal (and as the report shows
// it, without the feed's secret) and, on the bare handler, the path after
// /rls or /norls ("" for /hello).
type page struct {
	name, shown, portal, bare string
	session                   bool
	hcts                      bool // signed in as the HCTS reader, not the pilot
	connections               int  // wrk's connections for this page; 0: the bench's setting
}

// likeForLike reports whether the page's statements return the same rows
// without RLS: the personal feed relies on the meetings_personal policy to
// keep the person's committees, and without RLS reads every committee's
// meetings of the year.
func (p page) likeForLike() bool { return p.name != "personal iCalendar feed" }

// fixtures are the ids the measured URLs name.
type fixtures struct {
	committee, pilot, meeting int64
	national                  nationalFixtures
}

// cookie returns value when the page needs the session, "" otherwise (the
// feed and the health check carry no cookie); hcts is the HCTS reader's,
// for the national reading.
func (p page) cookie(value, hcts string) string {
	switch {
	case !p.session:
		return ""
	case p.hcts:
		return hcts
	}
	return value
}

// fixtures finds the 37-41 committee, the demo pilot and the next plenary
// with an agenda.
func (b *bench) fixtures(ctx context.Context) (fixtures, error) {
	var f fixtures
	err := b.admin.QueryRow(ctx, `SELECT c.id, a.id, (SELECT mt.id FROM meetings mt
			WHERE mt.committee_id = c.id AND mt.kind = 'pleniere' AND mt.status = 'prevue' AND mt.starts_at > now()
			  AND EXISTS (SELECT FROM agenda_items ai WHERE ai.committee_id = mt.committee_id AND ai.meeting_id = mt.id)
			ORDER BY mt.starts_at LIMIT 1)
		FROM committees c, accounts a WHERE c.slug = '37-41' AND a.login = 'pilote'`).Scan(&f.committee, &f.pilot, &f.meeting)
	if err != nil {
		return f, fmt.Errorf("fixtures: %w", err)
	}
	f.national, err = b.nationalFixtures(ctx)
	return f, err
}

// searchText is the directory search measured: a few letters that many
// names contain, as someone typing a name.
const searchText = "mar"

// pages are the measured pages, with the portal's arguments of the same
// moment for the bare statements.
func (b *bench) pages(f fixtures, token string, now time.Time) []page {
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		paris = time.UTC
	}
	local := now.In(paris)
	today := time.Date(local.Year(), local.Month(), local.Day(), 0, 0, 0, 0, paris)
	month := time.Date(local.Year(), local.Month(), 1, 0, 0, 0, 0, paris)
	const slug = "37-41"
	base := url.Values{"committee": {strconv.FormatInt(f.committee, 10)}, "viewer": {strconv.FormatInt(f.pilot, 10)}, "pilot": {"true"}}
	q := func(page string, kv ...string) string {
		v := url.Values{}
		for k, vs := range base {
			v[k] = vs
		}
		for i := 0; i+1 < len(kv); i += 2 {
			v.Set(kv[i], kv[i+1])
		}
		return page + "?" + v.Encode()
	}
	between := func(page string, from, to time.Time, limit int) string {
		return q(page, "from", from.Format(time.RFC3339), "to", to.Format(time.RFC3339), "limit", strconv.Itoa(limit))
	}
	feed := paths.PersonalFeedURL(token)
	return append([]page{
		{name: "committee home", portal: paths.CommitteeHome(slug), bare: between("home", now.Add(-12*time.Hour), now.AddDate(2, 0, 0), 5), session: true},
		{name: "directory", portal: paths.Directory(slug), bare: q("directory"), session: true},
		{name: "directory search", portal: paths.Directory(slug) + "?q=" + searchText, bare: q("directory", "q", searchText), session: true},
		{name: "upcoming meetings", portal: paths.Meetings(slug), bare: between("meetings", today, today.AddDate(50, 0, 0), 31), session: true},
		{name: "month view", portal: paths.MeetingsMonth(slug, ""), bare: between("meetings", month, month.AddDate(0, 1, 0), 5000), session: true},
		{name: "meeting page", portal: paths.Meeting(slug, f.meeting), bare: q("meeting", "meeting", strconv.FormatInt(f.meeting, 10)), session: true},
		{name: "personal iCalendar feed", portal: feed, shown: strings.Replace(feed, url.QueryEscape(token), "…", 1),
			bare: q("feed", "since", now.Add(-365*24*time.Hour).Format(time.RFC3339), "limit", "5000", "hash", hex.EncodeToString(auth.HashToken(token)))},
		{name: "health check", portal: paths.Healthz},
	}, append(b.practicePages(f), b.nationalPages(f.national)...)...)
}

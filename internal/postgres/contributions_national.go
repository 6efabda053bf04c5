package postgres

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// The HCTS's national reading of the contributions that committees
// transmitted. Every method runs in the scope of an HCTS reader,
// Scope{AccountID, HCTS: true, National: true}: row-level security lets
// through transmitted contributions only (contributions_hcts), and the
// nationally shared practices they link to (practices_national); each
// statement asks for the transmitted state too.

// NationalQuery selects, orders and pages the national reading, and
// filters its exports.
type NationalQuery struct {
	CampaignID int64
	// CampaignYear selects the campaign of that year when CampaignID is 0
	// (none when there is no such campaign): the reading's page names its
	// campaign by its year, and reads the campaigns in the same round trip
	// (NationalReading).
	CampaignYear int
	Category     string // one of clts.Categories, "" = all
	Committee    string // a committee's slug, "" = all
	Departement  string // a département of the committee, "" = all
	Text         string // French full-text search (websearch syntax), "" = all
	Retained     *bool  // retained for the report (or not), nil = both
	// Limit and Offset page the list (Limit 0: 20; at most 100); the
	// exports ignore them.
	Limit, Offset int
	// HTML asks EachNationalContribution for the texts' rendered HTML
	// (the printable report); the other exports take the Markdown only.
	HTML bool
}

// contributionFilter builds a statement's WHERE clause and arguments.
type contributionFilter struct {
	args  []any
	where []string
	tsq   string // the text query's expression, "" without words
	// dep is the parameter of the département filter ("" for none), and
	// depWhere the index of its condition in where.
	dep      string
	depWhere int
}

func (s *contributionFilter) arg(v any) string {
	s.args = append(s.args, v)
	return "$" + strconv.Itoa(len(s.args))
}

func (s *contributionFilter) and(cond string) { s.where = append(s.where, cond) }

// newContributionFilter reads q's filters over contributions c, or, with
// words, over contribution_national_search ns (see from), which holds the
// columns they read (committee, campaign, category) for transmitted
// contributions only.
func newContributionFilter(q NationalQuery) *contributionFilter {
	s := &contributionFilter{}
	text := searchText(q.Text)
	t, id := "c", "c.id"
	if text != "" {
		t, id = "ns", "ns.contribution_id"
		// The search table holds transmitted contributions only, and
		// its read policy lets anyone through (see from): the statement
		// asks for an HCTS scope itself, as contributions_hcts does.
		s.and(`(SELECT clts_is_hcts())`)
	} else {
		// Row-level security lets through nothing else; the query says it too.
		s.and(`c.status = 'transmise'`)
	}
	s.keys(q, t)
	if q.Retained != nil {
		s.and(`coalesce((SELECT r.retained FROM contribution_readings r
			WHERE r.committee_id = ` + t + `.committee_id AND r.contribution_id = ` + id + `), false) = ` + s.arg(*q.Retained))
	}
	if text != "" {
		// Written out where it is used: the planner folds the immutable
		// websearch_to_tsquery to a constant (see practiceSearch.run), and
		// a text of stop words only folds to numnode = 0: no search.
		s.tsq = `websearch_to_tsquery('clts_french', ` + s.arg(text) + `)`
	}
	return s
}

// matchSQL is, with words, the rows of contribution_national_search that
// they match (ns), each with its rank (ts_rank_cd), in a statement whose
// plan does not depend on the words, so that the reading plans it once
// per connection (Scope.GenericPlans): the GIN index serves @@ in the
// first branch; a text of stop words only gives a query without a node
// (numnode = 0), which keeps every row, unranked, in the second. The query
// is a function in FROM, computed once per execution: in a generic plan
// websearch_to_tsquery of a parameter is not folded to a constant, and
// written in the rank it would parse the words again for each match. The rank
// is computed there, on the narrow rows, so that the vectors (847 bytes
// on average in make bench) are not carried through the count's window:
// 24,892 rows of « service » spilled to disk and took 41 of the
// statement's 67 ms.
func (s *contributionFilter) matchSQL() string {
	const cols = `ns.committee_id, ns.contribution_id, ns.transmitted_at, ns.campaign_id, ns.category`
	return `(SELECT ` + cols + `, ts_rank_cd(ns.search, query) AS rank
			FROM ` + s.tsq + ` query, contribution_national_search ns
			WHERE ns.search @@ query
			UNION ALL
			SELECT ` + cols + `, 0
			FROM ` + s.tsq + ` query, contribution_national_search ns
			WHERE numnode(query) = 0) ns`
}

// keys adds q's filters on campaign, category, committee and département
// over the columns of t, which contributions, contribution_national_search
// and contribution_counts share.
func (s *contributionFilter) keys(q NationalQuery, t string) {
	if q.CampaignID != 0 {
		s.and(t + `.campaign_id = ` + s.arg(q.CampaignID))
	} else if q.CampaignYear != 0 {
		s.and(t + `.campaign_id = (SELECT id FROM campaigns WHERE year = ` + s.arg(q.CampaignYear) + `)`)
	}
	if q.Category != "" {
		s.and(t + `.category = ` + s.arg(q.Category))
	}
	if q.Committee != "" {
		s.and(t + `.committee_id = (SELECT id FROM committees WHERE slug = ` + s.arg(q.Committee) + `)`)
	}
	if d := strings.TrimSpace(q.Departement); d != "" {
		s.dep, s.depWhere = s.arg(d), len(s.where)
		s.and(t + `.committee_id IN (SELECT id FROM committees WHERE ` + s.dep + ` = ANY (departements))`)
	}
}

// from is the statement's FROM: with words, the match is made in
// contribution_national_search (matchSQL), whose read policy does not look
// at the row, so that its GIN index serves @@ (under contributions'
// policies PostgreSQL would evaluate the non-leakproof @@ on every row
// they let through); contributions joined to it keep their own policies.
func (s *contributionFilter) from() string {
	if s.tsq == "" {
		return `contributions c`
	}
	return s.matchSQL() + `
		JOIN contributions c ON c.committee_id = ns.committee_id AND c.id = ns.contribution_id`
}

// whereSQL is the WHERE clause of a statement that joins contributions
// (from), which asks for the transmitted state with words too;
// searchWhereSQL that of a statement on contribution_national_search
// alone.
func (s *contributionFilter) whereSQL() string {
	if s.tsq != "" {
		return s.searchWhereSQL() + "\n\t\t  AND c.status = 'transmise'"
	}
	return s.searchWhereSQL()
}

func (s *contributionFilter) searchWhereSQL() string { return strings.Join(s.where, "\n\t\t  AND ") }

// categoryOrderSQL orders contributions by category in the report's order.
const categoryOrderSQL = `array_position(ARRAY['besoins', 'pratiques', 'gouvernance', 'metiers', 'recherche', 'participation'], c.category)`

// nationalExcerptLength is the length of a list's excerpt without a
// search, in characters.
const nationalExcerptLength = 280

// plainTextSQL is a contribution's Markdown text without its commonest
// marks and without the headline's sentinels, for excerpts.
const plainTextSQL = `regexp_replace(translate(c.body, E'\x01\x02', ''), '[*_#>` + "`" + `|]+|\[|\]\([^)]*\)', '', 'g')`

// NationalContributions lists one page of the transmitted contributions
// of every committee matching q, in an HCTS reader's scope, and the
// number of matches: newest transmitted first, or the most relevant first
// with words. Each hit carries its committee, its campaign's year, its
// group's title, the names its authors agreed to publish, the HCTS's
// reading, and an excerpt of its text with the words found in <mark>
// (Headline, safe HTML). Without words, the count and the page are two
// statements sent together: the page stops after its rows (the index on
// transmitted_at), the count sums the counts kept per committee, campaign
// and category (nationalCountSQL);
// the page's size and offset are written out, so that a generic plan
// (Scope.GenericPlans, as the reading's handler asks without words) knows
// that it reads 20 rows.
// With words, one statement matches, ranks and counts in
// contribution_national_search alone, then reads the page's rows in
// contributions (searchPage).
func (tx *Tx) NationalContributions(ctx context.Context, q NationalQuery) ([]clts.ContributionHit, int, error) {
	l := newNationalList(q)
	b := &pgx.Batch{}
	l.queue(b)
	br := tx.sendBatch(ctx, b)
	defer br.Close()
	hits, total, err := l.read(br)
	if err != nil {
		return nil, 0, err
	}
	if err := br.Close(); err != nil {
		return nil, 0, fmt.Errorf("postgres: national contributions: %w", err)
	}
	return l.finish(ctx, tx, hits, total)
}

// NationalReading is what the reading's page reads, sent together in one
// round trip: the campaigns (CampaignChoices), the committees
// (Committees) and NationalContributions(q). q may name its campaign by
// its year (CampaignYear), which the page's URL gives. In an HCTS scope, a
// page of a search is kept (readingCache) and served again while the
// corpus's version is the same: its rows are then read again by their ids,
// without matching, ranking or cutting excerpts.
func (tx *Tx) NationalReading(ctx context.Context, q NationalQuery) (campaigns []clts.Campaign, committees []clts.Committee,
	hits []clts.ContributionHit, total int, err error) {
	l := newNationalList(q)
	key, cacheable := cacheKey(q)
	cacheable = cacheable && tx.sc.HCTS && tx.sc.CommitteeID == 0
	var kept *readingPage
	if cacheable {
		kept = tx.db.reading.get(key)
	}
	b := &pgx.Batch{}
	b.Queue(campaignChoicesSQL)
	b.Queue(committeesSQL)
	if cacheable {
		b.Queue(readingVersionSQL)
	}
	if kept != nil {
		ids := make([][]int64, 2)
		for _, h := range kept.hits {
			ids[0], ids[1] = append(ids[0], h.committeeID), append(ids[1], h.id)
		}
		b.Queue(readingRowsSQL, ids[0], ids[1])
	} else {
		l.queue(b)
	}
	br := tx.sendBatch(ctx, b)
	defer br.Close()
	rows, err := br.Query()
	if err != nil {
		return nil, nil, nil, 0, fmt.Errorf("postgres: campaigns: %w", err)
	}
	if campaigns, err = scanCampaigns(rows); err != nil {
		return nil, nil, nil, 0, err
	}
	if rows, err = br.Query(); err != nil {
		return nil, nil, nil, 0, fmt.Errorf("postgres: committees: %w", err)
	}
	if committees, err = scanCommittees(rows); err != nil {
		return nil, nil, nil, 0, err
	}
	var version string
	if cacheable {
		if err := br.QueryRow().Scan(&version); err != nil {
			return nil, nil, nil, 0, fmt.Errorf("postgres: reading version: %w", err)
		}
	}
	if kept != nil {
		hits, err = kept.read(br)
	} else {
		hits, total, err = l.read(br)
	}
	if err != nil {
		return nil, nil, nil, 0, err
	}
	if err := br.Close(); err != nil {
		return nil, nil, nil, 0, fmt.Errorf("postgres: national contributions: %w", err)
	}
	if kept != nil && kept.version == version {
		tx.db.reading.hits.Add(1)
		return campaigns, committees, hits, kept.total, nil
	}
	if kept != nil { // of another version: computed again
		if hits, total, err = tx.NationalContributions(ctx, q); err != nil {
			return nil, nil, nil, 0, err
		}
	} else if hits, total, err = l.finish(ctx, tx, hits, total); err != nil {
		return nil, nil, nil, 0, err
	}
	if cacheable {
		tx.db.reading.put(newReadingPage(key, version, hits, total))
	}
	return campaigns, committees, hits, total, nil
}

// newReadingPage is what the cache keeps of a page of a search.
func newReadingPage(k readingKey, version string, hits []clts.ContributionHit, total int) *readingPage {
	p := &readingPage{key: k, version: version, total: total, hits: make([]readingHit, len(hits))}
	for i, h := range hits {
		p.hits[i] = readingHit{committeeID: h.CommitteeID, id: h.ID, rank: h.Rank, headline: h.Headline}
	}
	return p
}

// read reads the rows of a kept page again (readingRowsSQL) and gives
// them the page's ranks and excerpts; a row that the scope no longer sees
// is left out.
func (p *readingPage) read(br pgx.BatchResults) ([]clts.ContributionHit, error) {
	rows, err := br.Query()
	if err != nil {
		return nil, fmt.Errorf("postgres: national contributions: %w", err)
	}
	kept := make(map[[2]int64]readingHit, len(p.hits))
	for _, h := range p.hits {
		kept[[2]int64{h.committeeID, h.id}] = h
	}
	hits, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.ContributionHit, error) {
		h, err := scanContributionHit(row, false, nil)
		k := kept[[2]int64{h.CommitteeID, h.ID}]
		h.Rank, h.Headline = k.rank, k.headline
		return h, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: national contributions: %w", err)
	}
	return hits, nil
}

// nationalList is the statements of NationalContributions: without words,
// the count and the page; with words, one statement that matches, ranks,
// counts and reads the page (searchNationalContributions).
type nationalList struct {
	searched  bool
	offset    int
	countSQL  string // without words; with words, the count of a page past the last match
	countArgs []any
	pageSQL   string
	pageArgs  []any
}

func newNationalList(q NationalQuery) *nationalList {
	s := newContributionFilter(q)
	limit, offset := pageBounds(q.Limit, q.Offset)
	if s.tsq != "" {
		return searchNationalContributions(s, limit, offset)
	}
	l := &nationalList{offset: offset}
	l.countSQL, l.countArgs = nationalCountSQL(q, s)
	headline := `left(` + plainTextSQL + `, ` + strconv.Itoa(nationalExcerptLength+1) + `)`
	l.pageSQL = `WITH page AS (` + s.pageSQL(limit, offset) + `)
		SELECT ` + nationalListColumns + `, page.rank, ` + headline + `
		FROM page
		JOIN contributions c ON c.committee_id = page.committee_id AND c.id = page.id
		` + nationalJoins + `
		ORDER BY page.sort_date DESC, page.id DESC`
	l.pageArgs = s.args
	return l
}

// queue adds the list's statements to b.
func (l *nationalList) queue(b *pgx.Batch) {
	if !l.searched {
		b.Queue(l.countSQL, l.countArgs...)
	}
	b.Queue(l.pageSQL, l.pageArgs...)
}

// read reads the results of the statements queued.
func (l *nationalList) read(br pgx.BatchResults) ([]clts.ContributionHit, int, error) {
	total := 0
	if !l.searched {
		if err := br.QueryRow().Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("postgres: national contributions: %w", err)
		}
	}
	rows, err := br.Query()
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: national contributions: %w", err)
	}
	var count *int
	if l.searched {
		count = &total
	}
	hits, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.ContributionHit, error) {
		return scanContributionHit(row, l.searched, count)
	})
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: national contributions: %w", err)
	}
	return hits, total, nil
}

// finish counts the matches of a search's page past the last one, which
// has no row to carry the count.
func (l *nationalList) finish(ctx context.Context, tx *Tx, hits []clts.ContributionHit, total int) ([]clts.ContributionHit, int, error) {
	if l.searched && len(hits) == 0 && l.offset > 0 {
		if err := tx.queryRow(ctx, l.countSQL, l.countArgs...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("postgres: national contributions: %w", err)
		}
	}
	return hits, total, nil
}

// pageSQL is the page of NationalContributions without words, newest
// transmitted first: the index on transmitted_at (of all, of a campaign,
// of a committee) gives the rows in order and the page stops after its
// own. A département's committees are read each in its own index (at most
// the page's last row's rank in each), then merged: one walk of the
// transmitted rows kept the département's among every committee's (1,989
// rows for 20), and the rows of its committees sorted were as many.
func (s *contributionFilter) pageSQL(limit, offset int) string {
	lim, off := strconv.Itoa(limit), strconv.Itoa(offset)
	if s.dep == "" {
		return `SELECT c.committee_id, c.id, 0::real AS rank, c.transmitted_at AS sort_date
			FROM ` + s.from() + `
			WHERE ` + s.whereSQL() + `
			ORDER BY c.transmitted_at DESC, c.id DESC
			LIMIT ` + lim + ` OFFSET ` + off
	}
	where := slices.Clone(s.where)
	where[s.depWhere] = `c.committee_id = k.id`
	return `SELECT c.committee_id, c.id, 0::real AS rank, c.sort_date
			FROM committees k CROSS JOIN LATERAL (SELECT c.committee_id, c.id, c.transmitted_at AS sort_date
				FROM contributions c
				WHERE ` + strings.Join(where, "\n\t\t\t\t  AND ") + `
				ORDER BY c.transmitted_at DESC, c.id DESC
				LIMIT ` + strconv.Itoa(limit+offset) + `) c
			WHERE ` + s.dep + ` = ANY (k.departements)
			ORDER BY c.sort_date DESC, c.id DESC
			LIMIT ` + lim + ` OFFSET ` + off
}

// nationalCountSQL is the count of NationalContributions without words,
// over the same filter s. Without the filter on the HCTS's reading it sums
// contribution_counts, the number of contributions each committee
// transmitted per campaign and category (migration 00024), whose policies
// let through the rows of the contributions that a scope sees transmitted:
// at most a few hundred rows instead of every contribution counted.
func nationalCountSQL(q NationalQuery, s *contributionFilter) (string, []any) {
	if q.Retained != nil {
		return `SELECT count(*) FROM ` + s.from() + ` WHERE ` + s.whereSQL(), slices.Clone(s.args)
	}
	k := &contributionFilter{where: []string{"true"}}
	k.keys(q, "k")
	return `SELECT coalesce(sum(k.transmitted), 0)::bigint FROM contribution_counts k WHERE ` +
		strings.Join(k.where, " AND "), k.args
}

// searchNationalContributions is the statement of NationalContributions
// with words. The match, the ranking (ts_rank_cd of every match), the
// filters and the count read contribution_national_search alone, the
// narrow table of transmitted contributions' vectors; contributions is
// read for the page's rows only, under its policies. A page past the last
// match has no row to carry the count: it is counted apart (finish).
func searchNationalContributions(s *contributionFilter, limit, offset int) *nationalList {
	where := s.searchWhereSQL()
	l := &nationalList{searched: true, offset: offset,
		countSQL: `SELECT count(*) FROM ` + s.matchSQL() + ` WHERE ` + where, countArgs: slices.Clone(s.args)}
	headline := `CASE WHEN numnode(` + s.tsq + `) = 0 THEN left(` + plainTextSQL + `, ` + strconv.Itoa(nationalExcerptLength+1) + `)
			ELSE ts_headline('clts_french', ` + plainTextSQL + `, ` + s.tsq + `, ` +
		s.arg("StartSel="+markStart+", StopSel="+markStop+`, MaxWords=45, MinWords=20, MaxFragments=2, FragmentDelimiter=" … "`) + `) END`
	l.pageSQL = `WITH page AS (SELECT ns.committee_id, ns.contribution_id AS id, ns.rank,
				ns.transmitted_at AS sort_date, count(*) OVER () AS total
			FROM ` + s.matchSQL() + `
			WHERE ` + where + `
			ORDER BY rank DESC, ns.transmitted_at DESC, ns.contribution_id DESC
			LIMIT ` + s.arg(limit) + ` OFFSET ` + s.arg(offset) + `)
		SELECT ` + nationalListColumns + `, page.rank, ` + headline + `, page.total
		FROM page
		JOIN contributions c ON c.committee_id = page.committee_id AND c.id = page.id
		` + nationalJoins + `
		WHERE c.status = 'transmise'
		ORDER BY page.rank DESC, page.sort_date DESC, page.id DESC`
	l.pageArgs = s.args
	return l
}

// scanContributionHit reads a row of a national list: nationalListColumns,
// the rank, the excerpt and, when total is not nil, the count of matches.
func scanContributionHit(row pgx.CollectableRow, searched bool, total *int) (clts.ContributionHit, error) {
	var h clts.ContributionHit
	var rd readingColumns
	dest := append(nationalListDest(&h.Contribution, &rd), &h.Rank, &h.Headline)
	if total != nil {
		dest = append(dest, total)
	}
	if err := row.Scan(dest...); err != nil {
		return h, err
	}
	rd.set(&h.Contribution)
	if !searched || !strings.Contains(h.Headline, markStart) {
		h.Headline = excerpt(h.Headline, nationalExcerptLength)
	}
	h.Headline = headlineHTML(h.Headline)
	return h, nil
}

// excerpt cuts s to about n characters at a word's end, with an ellipsis
// when something is left out; newlines become spaces.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)[:n]
	cut := string(r)
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,;:.") + " …"
}

// nationalJoins reads a contribution's committee, campaign and the
// HCTS's reading; nationalListColumns reads its group's title in a
// subquery: joined, working_groups' policies (estimated to let 4 groups
// through of 7,000) made the planner rescan every visible group for each
// contribution of an export, 1.7 s for 10,000 rows instead of 0.3 s.
const nationalJoins = `JOIN committees co ON co.id = c.committee_id
		JOIN campaigns ca ON ca.id = c.campaign_id
		LEFT JOIN contribution_readings r ON r.committee_id = c.committee_id AND r.contribution_id = c.id`

// groupTitleSQL is the title of a contribution's group, as
// working_groups' policies let the scope see it; an export reads the
// titles once instead (EachNationalContribution).
const groupTitleSQL = `coalesce((SELECT g.title FROM working_groups g WHERE g.committee_id = c.committee_id AND g.id = c.group_id), '')`

// nationalListColumns are the columns of a contribution in a list, over
// nationalJoins; nationalListDest scans them.
const nationalListColumns = `c.committee_id, co.slug, co.name, co.departements, c.id, c.campaign_id, ca.year,
		c.category, c.status, c.title, ` + groupTitleSQL + `, c.public_authors, c.edition, coalesce(c.previous_id, 0),
		c.transmitted_at, c.updated_at, c.version,
		r.committee_id IS NOT NULL, r.read_at, coalesce(r.retained, false), coalesce(r.reply, ''),
		coalesce(r.reply_html, ''), r.replied_at`

// readingColumns receive the HCTS's reading of a contribution.
type readingColumns struct {
	present bool
	reading clts.ContributionReading
}

// set gives c its reading, when there is one.
func (rd *readingColumns) set(c *clts.Contribution) {
	if rd.present {
		r := rd.reading
		c.Reading = &r
	}
}

func nationalListDest(c *clts.Contribution, rd *readingColumns) []any {
	return []any{&c.CommitteeID, &c.CommitteeSlug, &c.CommitteeName, &c.Departements, &c.ID, &c.CampaignID, &c.CampaignYear,
		&c.Category, &c.Status, &c.Title, &c.GroupTitle, &c.PublicAuthors, &c.Edition, &c.PreviousID,
		&c.TransmittedAt, &c.UpdatedAt, &c.Version,
		&rd.present, &rd.reading.ReadAt, &rd.reading.Retained, &rd.reading.Reply,
		&rd.reading.ReplyHTML, &rd.reading.RepliedAt}
}

// nationalFullColumns add to nationalListColumns what a contribution's
// page and the exports read: its texts, indicators, linked practices
// readable nationally (the shared ones) and its correction, if one was
// transmitted.
const nationalFullColumns = nationalListColumns + `, c.body, ` + bodyHTMLColumn + `, c.indicators, c.indicators_comment,
		array(SELECT cp.practice_id FROM contribution_practices cp
			JOIN practices p ON p.committee_id = cp.committee_id AND p.id = cp.practice_id
			WHERE cp.committee_id = c.committee_id AND cp.contribution_id = c.id
			  AND p.status = 'publiee' AND p.shared_at IS NOT NULL ORDER BY cp.practice_id),
		coalesce((SELECT n.id FROM contributions n WHERE n.committee_id = c.committee_id AND n.previous_id = c.id
			AND n.status = 'transmise'), 0)`

// bodyHTMLColumn is where nationalFullColumns reads the text's HTML;
// exportColumns puts an empty text in its place.
const bodyHTMLColumn = `c.body_html`

// exportColumns are nationalFullColumns for an export: without the
// rendered text unless it asks for it (a 30,000-character text is read
// once, not twice).
// It reads the group's id in place of its title, at the end
// (exportGroupID).
func exportColumns(q NationalQuery) string {
	cols := strings.Replace(nationalFullColumns, groupTitleSQL, `''`, 1) + `, coalesce(c.group_id, 0)`
	if q.HTML {
		return cols
	}
	return strings.Replace(cols, bodyHTMLColumn, `''`, 1)
}

// scanNationalContribution reads nationalFullColumns, then extra.
func scanNationalContribution(row pgx.Row, extra ...any) (*clts.Contribution, error) {
	var c clts.Contribution
	var rd readingColumns
	var indicators []byte
	dest := append(nationalListDest(&c, &rd), &c.Body, &c.BodyHTML, &indicators, &c.IndicatorsComment, &c.PracticeIDs, &c.NextID)
	dest = append(dest, extra...)
	if err := row.Scan(dest...); err != nil {
		return nil, err
	}
	rd.set(&c)
	if len(indicators) > 0 {
		c.Indicators = &clts.Indicators{}
		if err := json.Unmarshal(indicators, c.Indicators); err != nil {
			return nil, fmt.Errorf("indicators of contribution %d: %w", c.ID, err)
		}
	}
	return &c, nil
}

// NationalContributionByID returns a transmitted contribution of the
// committee named by slug, in an HCTS reader's scope (row-level security
// lets nothing else through, and the query asks for it too), with its
// text, indicators, the shared practices it links to and the HCTS's
// reading; ENOTFOUND otherwise.
func (tx *Tx) NationalContributionByID(ctx context.Context, slug string, id int64) (*clts.Contribution, error) {
	c, err := scanNationalContribution(tx.queryRow(ctx, `SELECT `+nationalFullColumns+`
		FROM contributions c `+nationalJoins+`
		WHERE co.slug = $1 AND c.id = $2 AND c.status = 'transmise'`, slug, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Contribution introuvable.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: national contribution: %w", err)
	}
	return c, nil
}

// NationalContributionPractices returns the practices contribution c
// links to that its committee shared nationally (the only ones the
// practices' policies let an HCTS reader see), by title, and how many
// others it links to.
func (tx *Tx) NationalContributionPractices(ctx context.Context, c *clts.Contribution) (shared []clts.LinkedPractice, others int, err error) {
	rows, err := tx.query(ctx, `SELECT co.slug, p.id, p.title
		FROM contribution_practices cp
		JOIN practices p ON p.committee_id = cp.committee_id AND p.id = cp.practice_id
		JOIN committees co ON co.id = p.committee_id
		WHERE cp.committee_id = $1 AND cp.contribution_id = $2 AND p.status = 'publiee' AND p.shared_at IS NOT NULL
		ORDER BY p.title COLLATE clts_fr, p.id`, c.CommitteeID, c.ID)
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: contribution practices: %w", err)
	}
	shared, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.LinkedPractice, error) {
		var p clts.LinkedPractice
		err := row.Scan(&p.CommitteeSlug, &p.ID, &p.Title)
		return p, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: contribution practices: %w", err)
	}
	var all int
	if err := tx.queryRow(ctx, `SELECT count(*) FROM contribution_practices WHERE committee_id = $1 AND contribution_id = $2`,
		c.CommitteeID, c.ID).Scan(&all); err != nil {
		return nil, 0, fmt.Errorf("postgres: contribution practices: %w", err)
	}
	return shared, max(all-len(shared), 0), nil
}

// NationalContributionEditions lists the transmitted editions of
// contribution c's correction chain, the first first: the editions it
// corrects and its transmitted corrections.
func (tx *Tx) NationalContributionEditions(ctx context.Context, c *clts.Contribution) ([]clts.ContributionEdition, error) {
	rows, err := tx.query(ctx, `WITH RECURSIVE up AS (
			SELECT id, previous_id FROM contributions WHERE committee_id = $1 AND id = $2
			UNION ALL
			SELECT p.id, p.previous_id FROM contributions p JOIN up ON p.committee_id = $1 AND p.id = up.previous_id
		), down AS (
			SELECT id FROM contributions WHERE committee_id = $1 AND id = $2
			UNION ALL
			SELECT n.id FROM contributions n JOIN down ON n.committee_id = $1 AND n.previous_id = down.id
		)
		SELECT c.id, c.edition, c.title, c.transmitted_at FROM contributions c
		WHERE c.committee_id = $1 AND c.status = 'transmise' AND c.id IN (SELECT id FROM up UNION SELECT id FROM down)
		ORDER BY c.edition, c.id`, c.CommitteeID, c.ID)
	if err != nil {
		return nil, fmt.Errorf("postgres: contribution editions: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.ContributionEdition, error) {
		var e clts.ContributionEdition
		err := row.Scan(&e.ID, &e.Edition, &e.Title, &e.TransmittedAt)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: contribution editions: %w", err)
	}
	return out, nil
}

// NationalContributionCounts counts the contributions matching q per
// committee and category, committees by name and categories in the
// report's order (an export's summary, the report's contents).
func (tx *Tx) NationalContributionCounts(ctx context.Context, q NationalQuery) ([]clts.CategoryCount, error) {
	s := newContributionFilter(q)
	rows, err := tx.query(ctx, `SELECT co.slug, co.name, c.category, count(*)
		FROM `+s.from()+`
		JOIN committees co ON co.id = c.committee_id
		WHERE `+s.whereSQL()+`
		GROUP BY co.slug, co.name, c.category
		ORDER BY co.name COLLATE clts_fr, co.slug, `+categoryOrderSQL, s.args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: contribution counts: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.CategoryCount, error) {
		var n clts.CategoryCount
		err := row.Scan(&n.CommitteeSlug, &n.CommitteeName, &n.Category, &n.Count)
		return n, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: contribution counts: %w", err)
	}
	return out, nil
}

// EachNationalContribution calls fn with every transmitted contribution
// matching q (q.Limit and q.Offset are ignored), whole, in the report's
// order: by category, then committee, then transmission. It iterates the
// rows as PostgreSQL sends them, so memory does not grow with their
// number; run it in DB.Snapshot, for one consistent picture. fn gets a
// new Contribution each time, and an error of fn stops the iteration.
func (tx *Tx) EachNationalContribution(ctx context.Context, q NationalQuery, fn func(*clts.Contribution) error) error {
	// The groups' titles are read once, not per row: working_groups'
	// policies cost some 20 µs a row (2.4 s of an export of 100,000
	// contributions), and joined, the planner's estimate of them (4 of
	// 7,000 groups) made it rescan the visible groups for every row.
	titles, err := tx.visibleGroupTitles(ctx)
	if err != nil {
		return fmt.Errorf("postgres: export contributions: %w", err)
	}
	s := newContributionFilter(q)
	rows, err := tx.query(ctx, `SELECT `+exportColumns(q)+`
		FROM `+s.from()+`
		`+nationalJoins+`
		WHERE `+s.whereSQL()+`
		ORDER BY `+categoryOrderSQL+`, co.name COLLATE clts_fr, co.slug, c.transmitted_at, c.id`, s.args...)
	if err != nil {
		return fmt.Errorf("postgres: export contributions: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var group int64
		c, err := scanNationalContribution(rows, &group)
		if err != nil {
			return fmt.Errorf("postgres: export contributions: %w", err)
		}
		c.GroupTitle = titles[[2]int64{c.CommitteeID, group}]
		if err := fn(c); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postgres: export contributions: %w", err)
	}
	return nil
}

// visibleGroupTitles returns the titles of the working groups the
// scope's policies let through, by committee and id.
func (tx *Tx) visibleGroupTitles(ctx context.Context) (map[[2]int64]string, error) {
	rows, err := tx.query(ctx, `SELECT committee_id, id, title FROM working_groups`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	titles := map[[2]int64]string{}
	for rows.Next() {
		var committee, id int64
		var title string
		if err := rows.Scan(&committee, &id, &title); err != nil {
			return nil, err
		}
		titles[[2]int64{committee, id}] = title
	}
	return titles, rows.Err()
}

// EachSharedPractice calls fn with every published practice shared
// nationally (of committee slug, or all when ""), by committee then id,
// iterating the rows as they come (see EachNationalContribution).
func (tx *Tx) EachSharedPractice(ctx context.Context, slug string, fn func(*clts.SharedPractice) error) error {
	rows, err := tx.query(ctx, `SELECT co.slug, p.id, p.title, p.summary, p.departement, coalesce(p.start_year, 0), p.running,
			array(SELECT g.title FROM practice_groups pg JOIN working_groups g ON g.committee_id = pg.committee_id AND g.id = pg.group_id
				WHERE pg.committee_id = p.committee_id AND pg.practice_id = p.id ORDER BY g.title COLLATE clts_fr),
			array(SELECT i.name FROM practice_institutions pi JOIN institutions i ON i.committee_id = pi.committee_id AND i.id = pi.institution_id
				WHERE pi.committee_id = p.committee_id AND pi.practice_id = p.id ORDER BY i.name COLLATE clts_fr),
			p.published_at
		FROM practices p JOIN committees co ON co.id = p.committee_id
		WHERE p.status = 'publiee' AND p.shared_at IS NOT NULL AND ($1 = '' OR co.slug = $1)
		ORDER BY co.slug, p.id`, slug)
	if err != nil {
		return fmt.Errorf("postgres: shared practices: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		p := &clts.SharedPractice{}
		if err := rows.Scan(&p.CommitteeSlug, &p.ID, &p.Title, &p.Summary, &p.Departement, &p.StartYear, &p.Running,
			&p.Themes, &p.Institutions, &p.PublishedAt); err != nil {
			return fmt.Errorf("postgres: shared practices: %w", err)
		}
		if err := fn(p); err != nil {
			return err
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postgres: shared practices: %w", err)
	}
	return nil
}

// Form field of the HCTS's reply.
const fieldReply = "reponse"

// nationalTarget is a contribution the HCTS acts on: its committee and
// title, checked transmitted.
func (tx *Tx) nationalTarget(ctx context.Context, slug string, id int64) (clts.Contribution, error) {
	var c clts.Contribution
	err := tx.queryRow(ctx, `SELECT c.committee_id, co.slug, co.name, c.id, c.title
		FROM contributions c JOIN committees co ON co.id = c.committee_id
		WHERE co.slug = $1 AND c.id = $2 AND c.status = 'transmise'`, slug, id).Scan(
		&c.CommitteeID, &c.CommitteeSlug, &c.CommitteeName, &c.ID, &c.Title)
	if errors.Is(err, pgx.ErrNoRows) {
		return c, clts.Errorf(clts.ENOTFOUND, "Contribution introuvable.")
	}
	if err != nil {
		return c, fmt.Errorf("postgres: national contribution: %w", err)
	}
	return c, nil
}

// nationalSubject names a contribution in the audit log.
func nationalSubject(c clts.Contribution) string {
	return "« " + c.Title + " » (comité " + c.CommitteeSlug + ", contribution " + strconv.FormatInt(c.ID, 10) + ")"
}

// MarkContributionRead records that the scope's HCTS reader read the
// transmitted contribution id of committee slug (or, with read false,
// that it is to be read again); ENOTFOUND for any other.
func (tx *Tx) MarkContributionRead(ctx context.Context, slug string, id int64, read bool) error {
	c, err := tx.nationalTarget(ctx, slug, id)
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `INSERT INTO contribution_readings AS r (committee_id, contribution_id, read_at, read_by)
		VALUES ($1, $2, CASE WHEN $3 THEN now() END, CASE WHEN $3 THEN $4::bigint END)
		ON CONFLICT (committee_id, contribution_id) DO UPDATE SET
			read_at = CASE WHEN $3 THEN coalesce(r.read_at, now()) END,
			read_by = CASE WHEN $3 THEN coalesce(r.read_by, $4::bigint) END,
			updated_at = now()`, c.CommitteeID, c.ID, read, tx.sc.AccountID); err != nil {
		return fmt.Errorf("postgres: mark contribution read: %w", mapError(err))
	}
	action := "contribution.read"
	if !read {
		action = "contribution.unread"
	}
	return tx.audit(ctx, action, nationalSubject(c))
}

// SetContributionRetained records whether the transmitted contribution
// id of committee slug is retained for the HCTS's report; retaining it
// marks it read too. ENOTFOUND for any other.
func (tx *Tx) SetContributionRetained(ctx context.Context, slug string, id int64, retained bool) error {
	c, err := tx.nationalTarget(ctx, slug, id)
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `INSERT INTO contribution_readings AS r (committee_id, contribution_id, read_at, read_by, retained, retained_at)
		VALUES ($1, $2, CASE WHEN $3 THEN now() END, CASE WHEN $3 THEN $4::bigint END, $3, CASE WHEN $3 THEN now() END)
		ON CONFLICT (committee_id, contribution_id) DO UPDATE SET
			retained = $3,
			retained_at = CASE WHEN $3 THEN coalesce(r.retained_at, now()) END,
			read_at = CASE WHEN $3 THEN coalesce(r.read_at, now()) ELSE r.read_at END,
			read_by = CASE WHEN $3 THEN coalesce(r.read_by, $4::bigint) ELSE r.read_by END,
			updated_at = now()`, c.CommitteeID, c.ID, retained, tx.sc.AccountID); err != nil {
		return fmt.Errorf("postgres: retain contribution: %w", mapError(err))
	}
	action := "contribution.retain"
	if !retained {
		action = "contribution.unretain"
	}
	return tx.audit(ctx, action, nationalSubject(c))
}

// RecordContributionsExport writes in the audit log that the scope's HCTS
// reader exported the national reading: the format, the filter in French
// and the file's name.
func (tx *Tx) RecordContributionsExport(ctx context.Context, format, filter, file string) error {
	return tx.audit(ctx, "contributions.export", format+" — "+filter+" ("+file+")")
}

package main

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// The bare handler's HCTS national reading: the statements of
// handleNationalContributions' unit of work, copied from
// internal/postgres (campaigns.go, committees.go,
// contributions_national.go), in the reading's scope (tx.go's scopeSQL
// with the account, HCTS and national on): the campaigns (without their
// guidance: CampaignChoices), the committees, then the count and the page of
// NationalContributions, which the portal sends together in one batch
// (NationalReading) and the bare handler one after the other (with words,
// one statement for the list).

// campaignsSQL is CampaignChoices.
const campaignsSQL = `SELECT cp.id, cp.year, cp.deadline, cp.introduction, cp.introduction_html, cp.opened_at, cp.updated_at, cp.version FROM campaigns cp ORDER BY cp.year DESC`

// nationalBeginSQL opens the national reading's unit of work as DB.Read
// does for readingScope: the account, HCTS and national on, no committee,
// generic plans, as the handler asks.
func nationalBeginSQL(account int64) string {
	return fmt.Sprintf("BEGIN ISOLATION LEVEL %s; SELECT set_config('clts.committee_id', '', true), "+
		"set_config('clts.account_id', '%d', true), set_config('clts.operator', '', true), set_config('clts.token_hash', '', true), "+
		"set_config('clts.hcts', 'on', true), set_config('clts.national', 'on', true), "+
		"set_config('plan_cache_mode', 'force_generic_plan', true)", readMode, account)
}

// Copied from contributions_national.go.
const (
	bareCategoryOrderSQL = `array_position(ARRAY['besoins', 'pratiques', 'gouvernance', 'metiers', 'recherche', 'participation'], c.category)`
	barePlainTextSQL     = `regexp_replace(translate(c.body, E'\x01\x02', ''), '[*_#>` + "`" + `|]+|\[|\]\([^)]*\)', '', 'g')`
	bareNationalJoins    = `JOIN committees co ON co.id = c.committee_id
		JOIN campaigns ca ON ca.id = c.campaign_id
		LEFT JOIN contribution_readings r ON r.committee_id = c.committee_id AND r.contribution_id = c.id`
	bareNationalListColumns = `c.committee_id, co.slug, co.name, co.departements, c.id, c.campaign_id, ca.year,
		c.category, c.status, c.title,
		coalesce((SELECT g.title FROM working_groups g WHERE g.committee_id = c.committee_id AND g.id = c.group_id), ''), c.public_authors, c.edition, coalesce(c.previous_id, 0),
		c.transmitted_at, c.updated_at, c.version,
		r.committee_id IS NOT NULL, r.read_at, coalesce(r.retained, false), coalesce(r.reply, ''),
		coalesce(r.reply_html, ''), r.replied_at`
	bareHeadlineOptions = "StartSel=\x01, StopSel=\x02, MaxWords=45, MinWords=20, MaxFragments=2, FragmentDelimiter=\" … \""
)

// nationalReadingStatements are NationalContributions' statements for
// the filter in q (campaign: its year, category, committee: a slug, dep, q:
// words), the first page of 20, as newContributionFilter builds them:
// without words, the count and the page; with words, the search's one
// statement (searchNationalContributions).
func nationalReadingStatements(q url.Values) []statement {
	var args []any
	arg := func(v any) string { args = append(args, v); return "$" + strconv.Itoa(len(args)) }
	text := strings.TrimSpace(q.Get("q"))
	t, where := "c", []string{`c.status = 'transmise'`}
	if text != "" {
		t, where = "ns", []string{`(SELECT clts_is_hcts())`}
	}
	// The campaign by its year (NationalQuery.CampaignYear, as the
	// reading's page names it).
	if year, _ := strconv.Atoi(q.Get("campaign")); year != 0 {
		where = append(where, t+`.campaign_id = (SELECT id FROM campaigns WHERE year = `+arg(year)+`)`)
	}
	if v := q.Get("category"); v != "" {
		where = append(where, t+`.category = `+arg(v))
	}
	if v := q.Get("committee"); v != "" {
		where = append(where, t+`.committee_id = (SELECT id FROM committees WHERE slug = `+arg(v)+`)`)
	}
	dep, depWhere := "", 0
	if v := q.Get("dep"); v != "" {
		dep, depWhere = arg(v), len(where)
		where = append(where, t+`.committee_id IN (SELECT id FROM committees WHERE `+dep+` = ANY (departements))`)
	}
	excerpt := `left(` + barePlainTextSQL + `, 281)`
	if text == "" {
		whereSQL := strings.Join(where, "\n\t\t  AND ")
		// nationalCountSQL: the sum of contribution_counts over the same
		// filter (the arguments in the same order).
		kwhere := []string{"true"}
		n := 0
		karg := func() string { n++; return "$" + strconv.Itoa(n) }
		if year, _ := strconv.Atoi(q.Get("campaign")); year != 0 {
			kwhere = append(kwhere, `k.campaign_id = (SELECT id FROM campaigns WHERE year = `+karg()+`)`)
		}
		if q.Get("category") != "" {
			kwhere = append(kwhere, `k.category = `+karg())
		}
		if q.Get("committee") != "" {
			kwhere = append(kwhere, `k.committee_id = (SELECT id FROM committees WHERE slug = `+karg()+`)`)
		}
		if q.Get("dep") != "" {
			kwhere = append(kwhere, `k.committee_id IN (SELECT id FROM committees WHERE `+karg()+` = ANY (departements))`)
		}
		count := statement{"NationalContributions (count)", `SELECT coalesce(sum(k.transmitted), 0)::bigint FROM contribution_counts k WHERE ` +
			strings.Join(kwhere, " AND "), append([]any(nil), args...)}
		// contributionFilter.pageSQL: a département's committees each
		// read in their own index, then merged.
		page := `SELECT c.committee_id, c.id, 0::real AS rank, c.transmitted_at AS sort_date
			FROM contributions c
			WHERE ` + whereSQL + `
			ORDER BY c.transmitted_at DESC, c.id DESC
			LIMIT 20 OFFSET 0`
		if dep != "" {
			w := append([]string(nil), where...)
			w[depWhere] = `c.committee_id = k.id`
			page = `SELECT c.committee_id, c.id, 0::real AS rank, c.sort_date
			FROM committees k CROSS JOIN LATERAL (SELECT c.committee_id, c.id, c.transmitted_at AS sort_date
				FROM contributions c
				WHERE ` + strings.Join(w, " AND ") + `
				ORDER BY c.transmitted_at DESC, c.id DESC
				LIMIT 20) c
			WHERE ` + dep + ` = ANY (k.departements)
			ORDER BY c.sort_date DESC, c.id DESC
			LIMIT 20 OFFSET 0`
		}
		pageSQL := `WITH page AS (` + page + `)
		SELECT ` + bareNationalListColumns + `, page.rank, ` + excerpt + `
		FROM page
		JOIN contributions c ON c.committee_id = page.committee_id AND c.id = page.id
		` + bareNationalJoins + `
		ORDER BY page.sort_date DESC, page.id DESC`
		return []statement{count, {"NationalContributions (page)", pageSQL, args}}
	}
	tsq := `websearch_to_tsquery('clts_french', ` + arg(text) + `)`
	whereSQL := strings.Join(where, "\n\t\t  AND ")
	// contributionFilter.matchSQL: the matches ranked on narrow rows, the
	// stop-words case in a second branch.
	const cols = `ns.committee_id, ns.contribution_id, ns.transmitted_at, ns.campaign_id, ns.category`
	match := `(SELECT ` + cols + `, ts_rank_cd(ns.search, query) AS rank
			FROM ` + tsq + ` query, contribution_national_search ns
			WHERE ns.search @@ query
			UNION ALL
			SELECT ` + cols + `, 0
			FROM ` + tsq + ` query, contribution_national_search ns
			WHERE numnode(query) = 0) ns`
	headline := `CASE WHEN numnode(` + tsq + `) = 0 THEN ` + excerpt + `
			ELSE ts_headline('clts_french', ` + barePlainTextSQL + `, ` + tsq + `, ` + arg(bareHeadlineOptions) + `) END`
	pageSQL := `WITH page AS (SELECT ns.committee_id, ns.contribution_id AS id, ns.rank,
				ns.transmitted_at AS sort_date, count(*) OVER () AS total
			FROM ` + match + `
			WHERE ` + whereSQL + `
			ORDER BY rank DESC, ns.transmitted_at DESC, ns.contribution_id DESC
			LIMIT ` + arg(20) + ` OFFSET ` + arg(0) + `)
		SELECT ` + bareNationalListColumns + `, page.rank, ` + headline + `, page.total
		FROM page
		JOIN contributions c ON c.committee_id = page.committee_id AND c.id = page.id
		` + bareNationalJoins + `
		WHERE c.status = 'transmise'
		ORDER BY page.rank DESC, page.sort_date DESC, page.id DESC`
	return []statement{{"NationalContributions (search)", pageSQL, args}}
}

// nationalReadingWork is the reading page's unit of work; q carries the
// viewer and the filter.
func nationalReadingWork(q url.Values) work {
	viewer, _ := strconv.ParseInt(q.Get("viewer"), 10, 64)
	return work{begin: nationalBeginSQL(viewer), statements: append([]statement{
		{"Campaigns", campaignsSQL, nil},
		{"Committees", committeesSQL, nil},
	}, nationalReadingStatements(q)...)}
}

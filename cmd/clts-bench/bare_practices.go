package main

import (
	"bufio"
	"context"
	"fmt"
	"net/http"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The bare handler's practice searches: the statement that
// internal/postgres/practice_search.go builds for a catalogue search
// without filters (Practices) and for the national search (NationalPractices),
// copied as it stands, and the search form's choices that the page reads
// with it in one batch (PracticeFilterChoices, Committees), in the
// portal's unit of work: BEGIN and the scope's settings in one message (tx.go's scopeSQL),
// the national flag for the national search, generic plans, the
// statements, COMMIT. The drift check (sameStatements) compares their
// query ids with the portal's.

// practiceListSQL is practiceSearch.run's statement for a search without
// filters: its page read in a search table alone (searchPageSQL), then
// the page's rows in practices, rechecked against the list's conditions
// (recheck). national matches in practice_national_search, with the
// practices' themes, a committee's search in practice_search (committee:
// its parameter), whose page reads the themes in practice_groups and
// working_groups; author is the author's name, text the search text's
// parameter (the page's size and offset are written out). The headline is
// made in Go from the summary's word list (highlight.go): the statement
// gives the list and the query's text.
func practiceListSQL(national bool, committee, recheck, author, text string) string {
	query := `websearch_to_tsquery('clts_french', ` + text + `) query`
	rank := `ts_rank_cd(` + practiceRankWeights + `, %s.search, query)`
	var hits, themes string
	pageThemes, themesFrom := `coalesce(grp.ids, '{}'), coalesce(grp.titles, '{}')`, `
		LEFT JOIN LATERAL (SELECT coalesce(array_agg(g.id ORDER BY g.title COLLATE clts_fr, g.id), '{}'),
			coalesce(array_agg(g.title ORDER BY g.title COLLATE clts_fr, g.id), '{}')
		FROM practice_groups pg JOIN working_groups g ON g.committee_id = pg.committee_id AND g.id = pg.group_id
		WHERE pg.committee_id = p.committee_id AND pg.practice_id = p.id) grp (ids, titles) ON true`
	if national {
		const cols = `ns.committee_id, ns.practice_id, ns.published_at, ns.departement, ns.start_year, ns.running,
					ns.theme_ids, ns.themes`
		hits = `SELECT ` + cols + `, ` + fmt.Sprintf(rank, "ns") + ` AS rank, query
				FROM ` + query + `, practice_national_search ns
				WHERE ns.search @@ query
				UNION ALL
				SELECT ` + cols + `, 0, query
				FROM ` + query + `, practice_national_search ns
				WHERE numnode(query) = 0`
		themes = `, t.theme_ids, t.themes`
		pageThemes, themesFrom = `page.theme_ids, page.themes`, ``
	} else {
		hits = `SELECT ps.committee_id, ps.practice_id, ps.published_at, ps.departement, ps.start_year, ps.running,
					CASE WHEN numnode(query) = 0 THEN 0 ELSE ` + fmt.Sprintf(rank, "ps") + ` END AS rank, query
				FROM ` + query + `, practice_search ps
				WHERE ps.committee_id = ` + committee + ` AND (numnode(query) = 0 OR ps.search @@ query)`
	}
	return `WITH page AS (SELECT t.committee_id, t.practice_id AS id, t.rank,
				t.published_at AS sort_date, t.query, count(*) OVER () AS total` + themes + `
			FROM (` + hits + `) t
			WHERE true
			ORDER BY rank DESC, sort_date DESC NULLS LAST, id DESC
			LIMIT ` + strconv.Itoa(practicePageSize) + ` OFFSET 0)
		SELECT ` + author + `, p.committee_id, c.slug, c.name, p.id, p.status, p.author_id, p.title, p.summary,
			p.departement, coalesce(p.start_year, 0), p.running, ` + pageThemes + `,
			p.submitted_at, p.published_at, p.shared_at, p.updated_at, p.version, page.rank,
			p.summary_words, CASE WHEN numnode(page.query) = 0 THEN '' ELSE page.query::text END, page.total
		FROM page
		JOIN practices p ON p.committee_id = page.committee_id AND p.id = page.id
		JOIN committees c ON c.id = p.committee_id
		JOIN accounts a ON a.id = p.author_id
		LEFT JOIN memberships m ON m.committee_id = p.committee_id AND m.account_id = p.author_id` + themesFrom + `
		WHERE ` + recheck + `
		ORDER BY page.rank DESC, page.sort_date DESC NULLS LAST, page.id DESC`
}

// practiceRankWeights are ts_rank_cd's weights (rankWeights).
const practiceRankWeights = `'{0.05, 0.1, 0.5, 1.0}'`

// committeePracticeSearchSQL is Practices for the catalogue with a search
// and no filter; args: committee, viewer, text.
var committeePracticeSearchSQL = practiceListSQL(false, "$1", `p.committee_id = $1
			  AND p.status = 'publiee'`,
	`coalesce(`+visibleNameSQL(`EXISTS (SELECT FROM memberships vm WHERE vm.committee_id = p.committee_id AND vm.account_id = $2`+
		` AND vm.role = 'pilote' AND vm.active)`, "$2")+`, '')`, "$3")

// nationalPracticeSearchSQL is NationalPractices with a search and no
// filter; args: text.
var nationalPracticeSearchSQL = practiceListSQL(true, "", `p.status = 'publiee' AND p.shared_at IS NOT NULL`,
	shortNameSQL, "$1")

// practiceRoutes adds the practice searches to the bare handler, under
// RLS (/rls/practices/…) and without (/norls/practices/…).
func (b *bare) practiceRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /rls/practices/{search}", func(w http.ResponseWriter, r *http.Request) { b.servePractices(w, r, b.app) })
	mux.HandleFunc("GET /norls/practices/{search}", func(w http.ResponseWriter, r *http.Request) { b.servePractices(w, r, b.admin) })
}

// practiceFilterChoicesSQL is PracticeFilterChoices (the committee
// catalogue's themes and institutions); args: committee.
const practiceFilterChoicesSQL = `SELECT kind, id, label FROM (
			SELECT 'theme' AS kind, g.id, g.title AS label FROM working_groups g
			WHERE g.committee_id = $1 AND NOT g.archived
			UNION ALL
			SELECT 'institution', i.id, i.name FROM institutions i
			WHERE i.committee_id = $1 AND NOT i.archived) choice
		ORDER BY kind DESC, label COLLATE clts_fr, id`

// committeesSQL is Committees (the national catalogue's committee
// filter).
const committeesSQL = `SELECT id, slug, name, departements FROM committees ORDER BY name_order, id`

// servePractices runs a practice search page's statements in its unit of
// work, as the portal's handler does (the search, then the search form's
// choices), and writes the rows.
func (b *bare) servePractices(w http.ResponseWriter, r *http.Request, pool *pgxpool.Pool) {
	q := r.URL.Query()
	num := func(k string) int64 { n, _ := strconv.ParseInt(q.Get(k), 10, 64); return n }
	viewer, text := num("viewer"), q.Get("q")
	var begin string
	var statements []statement
	switch r.PathValue("search") {
	case "committee":
		begin = practiceBeginSQL(num("committee"), viewer, false)
		statements = []statement{
			{"Practices", committeePracticeSearchSQL, []any{num("committee"), viewer, text}},
			{"PracticeFilterChoices", practiceFilterChoicesSQL, []any{num("committee")}},
		}
	case "national":
		begin = practiceBeginSQL(0, viewer, true)
		statements = []statement{
			{"NationalPractices", nationalPracticeSearchSQL, []any{text}},
			{"Committees", committeesSQL, nil},
		}
	default:
		http.Error(w, "unknown search", http.StatusNotFound)
		return
	}
	ctx := r.Context()
	out := bufio.NewWriter(w)
	if err := practiceRows(ctx, pool, begin, out, statements); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_ = out.Flush()
}

// practiceBeginSQL opens a unit of work as DB.Read does (tx.go) for a
// search: BEGIN and the scope's transaction-local settings in one
// simple-protocol message, generic plans included (Scope.GenericPlans).
func practiceBeginSQL(committee, account int64, national bool) string {
	id := func(v int64) string {
		if v == 0 {
			return ""
		}
		return strconv.FormatInt(v, 10)
	}
	flag := ""
	if national {
		flag = "on"
	}
	var b strings.Builder
	b.WriteString("BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY; SELECT ")
	for i, kv := range [][2]string{
		{"clts.committee_id", id(committee)}, {"clts.account_id", id(account)}, {"clts.operator", ""},
		{"clts.token_hash", ""}, {"clts.hcts", ""}, {"clts.national", flag},
	} {
		if i > 0 {
			b.WriteString(", ")
		}
		fmt.Fprintf(&b, "set_config('%s', '%s', true)", kv[0], kv[1])
	}
	b.WriteString(", set_config('plan_cache_mode', 'force_generic_plan', true)")
	return b.String()
}

// practiceRows runs the statements in a transaction opened by begin, sent
// together in one batch as the portal sends them (PracticeCatalogue,
// NationalPracticeCatalogue), and writes their rows, one line each, values
// separated by tabs.
func practiceRows(ctx context.Context, pool *pgxpool.Pool, begin string, out *bufio.Writer, statements []statement) error {
	tx, err := pool.BeginTx(ctx, pgx.TxOptions{BeginQuery: begin})
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // no-op after commit
	b := &pgx.Batch{}
	for _, st := range statements {
		b.Queue(st.sql, st.args...)
	}
	br := tx.SendBatch(ctx, b)
	defer br.Close()
	for range statements {
		rows, err := br.Query()
		if err != nil {
			return err
		}
		for rows.Next() {
			values, err := rows.Values()
			if err != nil {
				rows.Close()
				return err
			}
			for i, v := range values {
				if i > 0 {
					_ = out.WriteByte('\t')
				}
				fmt.Fprint(out, v)
			}
			_ = out.WriteByte('\n')
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
	}
	if err := br.Close(); err != nil {
		return err
	}
	return tx.Commit(ctx)
}

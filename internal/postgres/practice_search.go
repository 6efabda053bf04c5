package postgres

import (
	"context"
	"fmt"
	"html"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// PracticeQuery selects, orders and pages a list of practices.
type PracticeQuery struct {
	Text string // French full-text search (websearch syntax: "quoted phrase", -word, or), "" = all
	// Status is "" for the catalogue (published practices only), or a
	// state for the pilots' lists (clts.PracticeSubmitted…). Drafts are
	// only ever listed for their author.
	Status string
	// AuthorID lists one author's practices: published ones, or, with
	// Status "" and the scope's own account, all of theirs ("mes fiches").
	AuthorID      int64
	GroupID       int64 // theme
	InstitutionID int64
	Departement   string
	Year          int // start year
	RunningOnly   bool
	Committee     string // national search: a committee's slug, "" = all
	// ByDate sorts by date (newest published first) even with a search;
	// relevance is the order of a search otherwise.
	ByDate        bool
	Limit, Offset int // Limit 0: 20; at most 100
}

// maxSearchText is the longest search text used, in characters.
const maxSearchText = 200

// rankWeights are the weights of ts_rank_cd for the search column's
// weights D, C, B and A (means and transfer; context, actions and
// results; summary; title). The long texts count less than PostgreSQL's
// default {0.1, 0.2, 0.4, 1.0}: cover density favours words close
// together, and without this a sheet whose body happens to say « évaluer
// l'impact » outranks the sheet titled « Mesurer l'impact » whose summary
// says « évaluer » (TestPracticeSearchRanking).
const rankWeights = `'{0.05, 0.1, 0.5, 1.0}'`

// Sentinels around the matches in ts_headline's output: control
// characters, removed from the summary beforehand, so that the summary is
// HTML-escaped as a whole and only the sentinels become <mark> tags.
const (
	markStart = "\x01"
	markStop  = "\x02"
)

// headlineHTML turns ts_headline's output (sentinels around the matches)
// into safe HTML: the text escaped, the matches in <mark>.
func headlineHTML(s string) string {
	s = html.EscapeString(s)
	return strings.NewReplacer(markStart, "<mark>", markStop, "</mark>").Replace(s)
}

// practiceSearch builds the one statement of a list: the matching rows
// are ranked, counted (count(*) OVER ()) and paged first, then only the
// page's rows are read whole and get their headline.
type practiceSearch struct {
	args  []any
	where []string
	// national searches practice_national_search's vectors, which the GIN
	// index serves, and joins practices, whose policies keep the rows a
	// national reader may see.
	national bool
}

func (s *practiceSearch) arg(v any) string {
	s.args = append(s.args, v)
	return "$" + strconv.Itoa(len(s.args))
}

func (s *practiceSearch) and(cond string) { s.where = append(s.where, cond) }

// filters adds q's filters, common to both lists.
func (s *practiceSearch) filters(q PracticeQuery) {
	if q.GroupID != 0 {
		s.and(`EXISTS (SELECT FROM practice_groups pg WHERE pg.committee_id = p.committee_id AND pg.practice_id = p.id
			AND pg.group_id = ` + s.arg(q.GroupID) + `)`)
	}
	if q.InstitutionID != 0 {
		s.and(`EXISTS (SELECT FROM practice_institutions pi WHERE pi.committee_id = p.committee_id AND pi.practice_id = p.id
			AND pi.institution_id = ` + s.arg(q.InstitutionID) + `)`)
	}
	if d := strings.TrimSpace(q.Departement); d != "" {
		s.and(`p.departement = ` + s.arg(d))
	}
	if q.Year != 0 {
		s.and(`p.start_year = ` + s.arg(q.Year))
	}
	if q.RunningOnly {
		s.and(`p.running`)
	}
}

// run runs the list's statement; author is the expression of the author's
// name, dateCol the date of the date order.
func (s *practiceSearch) run(ctx context.Context, tx *Tx, q PracticeQuery, author, dateCol string) ([]clts.PracticeHit, int, error) {
	text := strings.TrimSpace(q.Text)
	// A search is a few words: a pasted page would only cost time.
	if r := []rune(text); len(r) > maxSearchText {
		text = string(r[:maxSearchText])
	}
	// The query is written out where it is used, not in a CTE: the
	// configured websearch_to_tsquery is immutable, and portal sessions
	// plan each statement for its parameters (plan_cache_mode), so the
	// planner folds it to a constant, and a text of stop words only ("de
	// la") folds to numnode = 0: no search. The GIN index does not serve
	// the match: under row-level security PostgreSQL evaluates a
	// non-LEAKPROOF operator such as @@ after the policies, on each row
	// they let through (2,000 in a committee). A national search matches
	// in practice_national_search instead, whose read policy is true (no
	// barrier: its GIN index serves @@), then joins practices, under their
	// policies: a row there that practices does not let through vanishes.
	from, vector := `practices p`, `p.search`
	rank, headline := `0::real`, `translate(p.summary, E'\x01\x02', '')`
	order, pageOrder := `sort_date DESC NULLS LAST, id DESC`, `page.sort_date DESC NULLS LAST, page.id DESC`
	if text != "" {
		tsq := `websearch_to_tsquery('clts_french', ` + s.arg(text) + `)`
		if s.national {
			from = `practice_national_search ns
			JOIN practices p ON p.committee_id = ns.committee_id AND p.id = ns.practice_id`
			vector = `ns.search`
		}
		s.and(`(numnode(` + tsq + `) = 0 OR ` + vector + ` @@ ` + tsq + `)`)
		rank = `CASE WHEN numnode(` + tsq + `) = 0 THEN 0 ELSE ts_rank_cd(` + rankWeights + `, ` + vector + `, ` + tsq + `) END`
		headline = `CASE WHEN numnode(` + tsq + `) = 0 THEN ` + headline + ` ELSE ts_headline('clts_french', ` + headline + `, ` + tsq + `, ` +
			s.arg("StartSel="+markStart+", StopSel="+markStop+", HighlightAll=true") + `) END`
		if !q.ByDate {
			// The page's order, over its columns: the rows are sorted once,
			// a top-N sort after the count, and read in that order.
			order, pageOrder = `rank DESC, `+order, `page.rank DESC, `+pageOrder
		}
	}
	limit, offset := q.Limit, q.Offset
	if limit <= 0 {
		limit = 20
	}
	limit = min(limit, 100)
	offset = max(offset, 0)
	sql := `WITH page AS (SELECT p.committee_id, p.id, ` + rank + ` AS rank, ` + dateCol + ` AS sort_date, count(*) OVER () AS total
			FROM ` + from + `
			WHERE ` + strings.Join(s.where, "\n\t\t\t  AND ") + `
			ORDER BY ` + order + `
			LIMIT ` + s.arg(limit) + ` OFFSET ` + s.arg(offset) + `)
		SELECT ` + author + `, p.committee_id, c.slug, c.name, p.id, p.status, p.author_id, p.title, p.summary,
			p.departement, coalesce(p.start_year, 0), p.running, coalesce(grp.ids, '{}'), coalesce(grp.titles, '{}'),
			p.submitted_at, p.published_at, p.shared_at, p.updated_at, p.version, page.rank, ` + headline + `, page.total
		FROM page
		JOIN practices p ON p.committee_id = page.committee_id AND p.id = page.id
		JOIN committees c ON c.id = p.committee_id
		JOIN accounts a ON a.id = p.author_id
		LEFT JOIN memberships m ON m.committee_id = p.committee_id AND m.account_id = p.author_id
		LEFT JOIN LATERAL (SELECT array_agg(g.id ORDER BY g.title COLLATE clts_fr, g.id) AS ids,
				array_agg(g.title ORDER BY g.title COLLATE clts_fr, g.id) AS titles
			FROM practice_groups pg JOIN working_groups g ON g.committee_id = pg.committee_id AND g.id = pg.group_id
			WHERE pg.committee_id = p.committee_id AND pg.practice_id = p.id) grp ON true
		ORDER BY ` + pageOrder
	rows, err := tx.query(ctx, sql, s.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: practices: %w", err)
	}
	total := 0
	hits, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.PracticeHit, error) {
		var h clts.PracticeHit
		p := &h.Practice
		err := row.Scan(&p.AuthorName, &p.CommitteeID, &p.CommitteeSlug, &p.CommitteeName, &p.ID, &p.Status, &p.AuthorID,
			&p.Title, &p.Summary, &p.Departement, &p.StartYear, &p.Running, &p.GroupIDs, &p.Groups,
			&p.SubmittedAt, &p.PublishedAt, &p.SharedAt, &p.UpdatedAt, &p.Version, &h.Rank, &h.Headline, &total)
		h.Headline = headlineHTML(h.Headline)
		return h, err
	})
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: practices: %w", err)
	}
	return hits, total, nil
}

// Practices lists one page of the scope's committee's practices matching
// q, and the number of matches, in one statement. The catalogue (Status
// "") holds the published practices; an author's own list all of theirs;
// a pilot's list one state, drafts excepted (a draft is its author's
// alone). Each hit's Headline is its summary with the matching words in
// <mark>, safe to render as is.
func (tx *Tx) Practices(ctx context.Context, q PracticeQuery) ([]clts.PracticeHit, int, error) {
	s := &practiceSearch{}
	s.and(`p.committee_id = ` + s.arg(tx.sc.CommitteeID))
	self := s.arg(tx.sc.AccountID)
	dateCol := `p.published_at`
	switch {
	case q.Status != "":
		s.and(`p.status = ` + s.arg(q.Status))
		s.and(`(p.status <> 'brouillon' OR p.author_id = ` + self + `)`)
		dateCol = `coalesce(p.published_at, p.submitted_at, p.updated_at)`
	case q.AuthorID != 0 && q.AuthorID == tx.sc.AccountID:
		dateCol = `coalesce(p.published_at, p.submitted_at, p.updated_at)`
	default:
		s.and(`p.status = 'publiee'`)
	}
	if q.AuthorID != 0 {
		s.and(`p.author_id = ` + s.arg(q.AuthorID))
	}
	s.filters(q)
	return s.run(ctx, tx, q, committeeAuthorSQL(self), dateCol)
}

// NationalPractices lists one page of the nationally shared, published
// practices of every committee (or of q.Committee) matching q, in a
// national scope, with their committee's slug and name, and the number
// of matches, in one statement. q.Status and q.AuthorID are ignored.
func (tx *Tx) NationalPractices(ctx context.Context, q PracticeQuery) ([]clts.PracticeHit, int, error) {
	s := &practiceSearch{national: true}
	// Row-level security lets through nothing else; the query says it too.
	s.and(`p.status = 'publiee' AND p.shared_at IS NOT NULL`)
	if q.Committee != "" {
		s.and(`p.committee_id = (SELECT id FROM committees WHERE slug = ` + s.arg(q.Committee) + `)`)
	}
	s.filters(q)
	return s.run(ctx, tx, q, nationalAuthorSQL, `p.published_at`)
}

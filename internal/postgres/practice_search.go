package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// PracticeQuery selects, orders and pages a list of practices.
type PracticeQuery struct {
	// Text is a French full-text search (websearch syntax: "quoted
	// phrase", -word, or), "" = all. It searches a catalogue, the
	// committee's or the national one: with Status or AuthorID, Practices
	// refuses it.
	Text string
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

// searchText is a list's search text as its statement uses it: trimmed,
// and cut at maxSearchText characters (a search is a few words: a pasted
// page would only cost time).
func searchText(s string) string {
	text := strings.TrimSpace(s)
	if r := []rune(text); len(r) > maxSearchText {
		text = string(r[:maxSearchText])
	}
	return text
}

// pageBounds are a list's page size and offset as its statement uses
// them: 20 rows unless asked, at most 100, from a non-negative offset.
func pageBounds(limit, offset int) (int, int) {
	if limit <= 0 {
		limit = 20
	}
	return min(limit, 100), max(offset, 0)
}

// rankWeights are the weights of ts_rank_cd for the search column's
// weights D, C, B and A (means and transfer; context, actions and
// results; summary; title). The long texts count less than PostgreSQL's
// default {0.1, 0.2, 0.4, 1.0}: cover density favours words close
// together, and without this a sheet whose body happens to say « évaluer
// l'impact » outranks the sheet titled « Mesurer l'impact » whose summary
// says « évaluer » (TestPracticeSearchRanking).
const rankWeights = `'{0.05, 0.1, 0.5, 1.0}'`

// practiceSearch builds the one statement of a list: the matching rows
// are ranked, counted (count(*) OVER ()) and paged first, then only the
// page's rows are read whole, under the policies of practices, and get
// their headline.
type practiceSearch struct {
	args []any
	// where are the conditions on practices p of a list without a search:
	// the committee, the state, the author.
	where []string
	// national lists the nationally shared practices; committee is the
	// parameter of the scope's committee otherwise.
	national  bool
	committee string
}

func (s *practiceSearch) arg(v any) string {
	s.args = append(s.args, v)
	return "$" + strconv.Itoa(len(s.args))
}

func (s *practiceSearch) and(cond string) { s.where = append(s.where, cond) }

// filters returns q's filters on the rows of t (practices, or a search
// table), whose practice id is t's column id.
func (s *practiceSearch) filters(q PracticeQuery, t, id string) []string {
	var where []string
	if s.national && q.Committee != "" {
		where = append(where, t+`.committee_id = (SELECT id FROM committees WHERE slug = `+s.arg(q.Committee)+`)`)
	}
	if q.GroupID != 0 {
		where = append(where, `EXISTS (SELECT FROM practice_groups pg WHERE pg.committee_id = `+t+`.committee_id
			AND pg.practice_id = `+t+`.`+id+` AND pg.group_id = `+s.arg(q.GroupID)+`)`)
	}
	if q.InstitutionID != 0 {
		where = append(where, `EXISTS (SELECT FROM practice_institutions pi WHERE pi.committee_id = `+t+`.committee_id
			AND pi.practice_id = `+t+`.`+id+` AND pi.institution_id = `+s.arg(q.InstitutionID)+`)`)
	}
	if d := strings.TrimSpace(q.Departement); d != "" {
		where = append(where, t+`.departement = `+s.arg(d))
	}
	if q.Year != 0 {
		where = append(where, t+`.start_year = `+s.arg(q.Year))
	}
	if q.RunningOnly {
		where = append(where, t+`.running`)
	}
	return where
}

// and joins conditions for a WHERE clause ("true" for none).
func and(where []string) string {
	if len(where) == 0 {
		return "true"
	}
	return strings.Join(where, "\n\t\t\t  AND ")
}

// pageSQL is the page of a list without a search: the practices matching
// the list's conditions and q's filters, by date (dateCol), counted.
func (s *practiceSearch) pageSQL(q PracticeQuery, dateCol, order, limit, offset string) string {
	where := append(s.where, s.filters(q, "p", "id")...)
	return `SELECT p.committee_id, p.id, 0::real AS rank, ` + dateCol + ` AS sort_date, count(*) OVER () AS total
			FROM practices p
			WHERE ` + and(where) + `
			ORDER BY ` + order + `
			LIMIT ` + limit + ` OFFSET ` + offset
}

// searchPageSQL is the page of a search of text, by relevance or date.
//
// It reads a search table alone, not practices: under row-level security
// PostgreSQL evaluates @@ (not LEAKPROOF) after the policies, on every row
// they let through, so the GIN index of a table under a committee policy
// cannot serve it, and the vectors of practices live out of line, in its
// TOAST table. A committee's search tests each of its published
// practices' vectors in practice_search (1,741 in the committee of make
// bench), rows that hold nothing else than what a search reads (migration
// 00017), under the committee's policy. The national search matches in
// practice_national_search, whose read policy is true, so that its GIN
// index serves @@. The page's rows are then read in practices, under its
// policies (run): a row of a search table that practices does not let
// through vanishes from the page. The store keeps both tables in step
// with practices (syncSearch).
//
// The query is a function in FROM, computed once per execution whatever
// the plan: a unit of work that reuses a generic plan (Scope.GenericPlans)
// does not parse the text again for each row. A text of stop words only
// ("de la") gives a query without a node (numnode = 0), which lists every
// practice as without a search; the national search says it in a second
// branch, so that the GIN index still serves the first one in a generic
// plan, where numnode(query) is not known in advance.
func (s *practiceSearch) searchPageSQL(q PracticeQuery, text, order, limit, offset string) string {
	query := `websearch_to_tsquery('clts_french', ` + s.arg(text) + `) query`
	rank := `ts_rank_cd(` + rankWeights + `, %s.search, query)`
	var hits, themes string
	if s.national {
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
	} else {
		hits = `SELECT ps.committee_id, ps.practice_id, ps.published_at, ps.departement, ps.start_year, ps.running,
					CASE WHEN numnode(query) = 0 THEN 0 ELSE ` + fmt.Sprintf(rank, "ps") + ` END AS rank, query
				FROM ` + query + `, practice_search ps
				WHERE ps.committee_id = ` + s.committee + ` AND (numnode(query) = 0 OR ps.search @@ query)`
	}
	return `SELECT t.committee_id, t.practice_id AS id, t.rank,
				t.published_at AS sort_date, t.query, count(*) OVER () AS total` + themes + `
			FROM (` + hits + `) t
			WHERE ` + and(s.filters(q, "t", "practice_id")) + `
			ORDER BY ` + order + `
			LIMIT ` + limit + ` OFFSET ` + offset
}

// run runs the list's statement; author is the expression of the author's
// name, dateCol the date of the date order without a search.
func (s *practiceSearch) run(ctx context.Context, tx *Tx, q PracticeQuery, author, dateCol string) ([]clts.PracticeHit, int, error) {
	rows, err := tx.query(ctx, s.sql(q, author, dateCol), s.args...)
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: practices: %w", err)
	}
	return scanPracticeHits(rows)
}

// sql builds the list's statement (run); s.args are then its arguments.
func (s *practiceSearch) sql(q PracticeQuery, author, dateCol string) string {
	text := searchText(q.Text)
	limit, offset := pageBounds(q.Limit, q.Offset)
	// The page is sorted once, a top-N sort after the count, and its rows
	// are read in the same order.
	order, pageOrder := `sort_date DESC NULLS LAST, id DESC`, `page.sort_date DESC NULLS LAST, page.id DESC`
	if text != "" && !q.ByDate {
		order, pageOrder = `rank DESC, `+order, `page.rank DESC, `+pageOrder
	}
	// The headline is the summary with a search's matches marked, made
	// from its word list (highlight): the statement gives the list and
	// the query's text, none without a search.
	// The page's size and offset are written out: a generic plan knows
	// then that it reads 20 rows in practices, not an estimated tenth of
	// the matches.
	lim, off := strconv.Itoa(limit), strconv.Itoa(offset)
	page, headline, recheck := "", `'', ''`, "true"
	// A practice's themes: read in practice_groups and working_groups, or,
	// for a national search, in practice_national_search (searchPageSQL).
	themes, themesFrom := `coalesce(grp.ids, '{}'), coalesce(grp.titles, '{}')`, `
		LEFT JOIN LATERAL (`+practiceThemesSQL("p.committee_id", "p.id")+`) grp (ids, titles) ON true`
	if text == "" {
		page = s.pageSQL(q, dateCol, order, lim, off)
	} else {
		page = s.searchPageSQL(q, text, order, lim, off)
		headline = `p.summary_words, CASE WHEN numnode(page.query) = 0 THEN '' ELSE page.query::text END`
		// The page's rows are those of the list, whatever a search table
		// says.
		recheck = and(s.where)
		if s.national {
			themes, themesFrom = `page.theme_ids, page.themes`, ``
		}
	}
	sql := `WITH page AS (` + page + `)
		SELECT ` + author + `, p.committee_id, c.slug, c.name, p.id, p.status, p.author_id, p.title, p.summary,
			p.departement, coalesce(p.start_year, 0), p.running, ` + themes + `,
			p.submitted_at, p.published_at, p.shared_at, p.updated_at, p.version, page.rank, ` + headline + `, page.total
		FROM page
		JOIN practices p ON p.committee_id = page.committee_id AND p.id = page.id
		JOIN committees c ON c.id = p.committee_id
		JOIN accounts a ON a.id = p.author_id
		LEFT JOIN memberships m ON m.committee_id = p.committee_id AND m.account_id = p.author_id` + themesFrom + `
		WHERE ` + recheck + `
		ORDER BY ` + pageOrder
	return sql
}

// scanPracticeHits reads the rows of a list's statement (practiceSearch.sql).
func scanPracticeHits(rows pgx.Rows) ([]clts.PracticeHit, int, error) {
	total := 0
	hits, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.PracticeHit, error) {
		var h clts.PracticeHit
		var words, query string
		p := &h.Practice
		err := row.Scan(&p.AuthorName, &p.CommitteeID, &p.CommitteeSlug, &p.CommitteeName, &p.ID, &p.Status, &p.AuthorID,
			&p.Title, &p.Summary, &p.Departement, &p.StartYear, &p.Running, &p.GroupIDs, &p.Groups,
			&p.SubmittedAt, &p.PublishedAt, &p.SharedAt, &p.UpdatedAt, &p.Version, &h.Rank, &words, &query, &total)
		h.Headline = highlight(p.Summary, words, query)
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
	s, author, dateCol, err := tx.committeePractices(q)
	if err != nil {
		return nil, 0, err
	}
	return s.run(ctx, tx, q, author, dateCol)
}

// PracticeCatalogue is Practices and PracticeFilterChoices, what the
// committee catalogue's page reads, sent together: one round trip.
func (tx *Tx) PracticeCatalogue(ctx context.Context, q PracticeQuery) (hits []clts.PracticeHit, total int,
	themes []clts.Group, institutions []clts.Institution, err error) {
	s, author, dateCol, err := tx.committeePractices(q)
	if err != nil {
		return nil, 0, nil, nil, err
	}
	b := &pgx.Batch{}
	b.Queue(s.sql(q, author, dateCol), s.args...)
	b.Queue(practiceFilterChoicesSQL, tx.sc.CommitteeID)
	br := tx.sendBatch(ctx, b)
	defer br.Close()
	rows, err := br.Query()
	if err != nil {
		return nil, 0, nil, nil, fmt.Errorf("postgres: practices: %w", err)
	}
	if hits, total, err = scanPracticeHits(rows); err != nil {
		return nil, 0, nil, nil, err
	}
	if rows, err = br.Query(); err != nil {
		return nil, 0, nil, nil, fmt.Errorf("postgres: practice filters: %w", err)
	}
	if themes, institutions, err = tx.scanPracticeFilterChoices(rows); err != nil {
		return nil, 0, nil, nil, err
	}
	if err := br.Close(); err != nil {
		return nil, 0, nil, nil, fmt.Errorf("postgres: practices: %w", err)
	}
	return hits, total, themes, institutions, nil
}

// committeePractices builds the statement of Practices: the list, its
// author's name and its date.
func (tx *Tx) committeePractices(q PracticeQuery) (s *practiceSearch, author, dateCol string, err error) {
	s = &practiceSearch{}
	s.committee = s.arg(tx.sc.CommitteeID)
	s.and(`p.committee_id = ` + s.committee)
	self := s.arg(tx.sc.AccountID)
	dateCol = `p.published_at`
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
	if strings.TrimSpace(q.Text) != "" && (q.Status != "" || q.AuthorID != 0) {
		return nil, "", "", errors.New("postgres: practices: a search is of the catalogue only, not of a list by state or author")
	}
	return s, committeeAuthorSQL(self), dateCol, nil
}

// NationalPractices lists one page of the nationally shared, published
// practices of every committee (or of q.Committee) matching q, in a
// national scope, with their committee's slug and name, and the number
// of matches, in one statement. q.Status and q.AuthorID are ignored.
func (tx *Tx) NationalPractices(ctx context.Context, q PracticeQuery) ([]clts.PracticeHit, int, error) {
	return nationalPractices().run(ctx, tx, q, nationalAuthorSQL, `p.published_at`)
}

func nationalPractices() *practiceSearch {
	s := &practiceSearch{national: true}
	// Row-level security lets through nothing else; the query says it too.
	s.and(`p.status = 'publiee' AND p.shared_at IS NOT NULL`)
	return s
}

// NationalPracticeCatalogue is NationalPractices and Committees, what the
// national catalogue's page reads, sent together: one round trip.
func (tx *Tx) NationalPracticeCatalogue(ctx context.Context, q PracticeQuery) (hits []clts.PracticeHit, total int,
	committees []clts.Committee, err error) {
	s := nationalPractices()
	b := &pgx.Batch{}
	b.Queue(s.sql(q, nationalAuthorSQL, `p.published_at`), s.args...)
	b.Queue(committeesSQL)
	br := tx.sendBatch(ctx, b)
	defer br.Close()
	rows, err := br.Query()
	if err != nil {
		return nil, 0, nil, fmt.Errorf("postgres: practices: %w", err)
	}
	if hits, total, err = scanPracticeHits(rows); err != nil {
		return nil, 0, nil, err
	}
	if rows, err = br.Query(); err != nil {
		return nil, 0, nil, fmt.Errorf("postgres: committees: %w", err)
	}
	if committees, err = scanCommittees(rows); err != nil {
		return nil, 0, nil, err
	}
	if err := br.Close(); err != nil {
		return nil, 0, nil, fmt.Errorf("postgres: practices: %w", err)
	}
	return hits, total, committees, nil
}

// PracticeFilterChoices returns what the search form of the committee's
// catalogue offers, in one statement: the themes (the working groups not
// archived) and the partner institutions not archived, each with its id
// and its title or name only, in French order.
func (tx *Tx) PracticeFilterChoices(ctx context.Context) (themes []clts.Group, institutions []clts.Institution, err error) {
	rows, err := tx.query(ctx, practiceFilterChoicesSQL, tx.sc.CommitteeID)
	if err != nil {
		return nil, nil, fmt.Errorf("postgres: practice filters: %w", err)
	}
	return tx.scanPracticeFilterChoices(rows)
}

// practiceFilterChoicesSQL is PracticeFilterChoices' statement; $1: the
// committee.
const practiceFilterChoicesSQL = `SELECT kind, id, label FROM (
			SELECT 'theme' AS kind, g.id, g.title AS label FROM working_groups g
			WHERE g.committee_id = $1 AND NOT g.archived
			UNION ALL
			SELECT 'institution', i.id, i.name FROM institutions i
			WHERE i.committee_id = $1 AND NOT i.archived) choice
		ORDER BY kind DESC, label COLLATE clts_fr, id`

func (tx *Tx) scanPracticeFilterChoices(rows pgx.Rows) (themes []clts.Group, institutions []clts.Institution, err error) {
	defer rows.Close()
	for rows.Next() {
		var kind, label string
		var id int64
		if err := rows.Scan(&kind, &id, &label); err != nil {
			return nil, nil, fmt.Errorf("postgres: practice filters: %w", err)
		}
		if kind == "theme" {
			themes = append(themes, clts.Group{CommitteeID: tx.sc.CommitteeID, ID: id, Title: label})
		} else {
			institutions = append(institutions, clts.Institution{CommitteeID: tx.sc.CommitteeID, ID: id, Name: label})
		}
	}
	if err := rows.Err(); err != nil {
		return nil, nil, fmt.Errorf("postgres: practice filters: %w", err)
	}
	return themes, institutions, nil
}

package postgres

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
	"github.com/portail-clts/clts/internal/paths"
)

// The news: national items (national_news, written in an HCTS scope) and
// each committee's local items (news). Lists and pages read both with the
// viewer's unread mark: an item is unread while the scope's account has no
// read mark for it (national_news_reads, news_reads: each account sees only
// its own marks, row-level security says so too).

// localNewsColumns selects a local item n of committee $1 as a clts.News,
// its unread mark for account $2.
const localNewsColumns = `SELECT n.id, false AS national, n.committee_id, n.title, n.summary, n.body, n.body_html,
		n.published_on, 0::bigint AS seminar_id, '' AS seminar_title, n.pinned, n.author_id,
		coalesce(a.display_name, '') AS author_name, n.created_at, n.updated_at,
		NOT EXISTS (SELECT FROM news_reads r WHERE r.committee_id = n.committee_id AND r.news_id = n.id AND r.account_id = $2) AS unread
	FROM news n LEFT JOIN accounts a ON a.id = n.author_id`

// nationalNewsColumns selects a national item n as a clts.News, its unread
// mark for account $2.
const nationalNewsColumns = `SELECT n.id, true AS national, 0::bigint AS committee_id, n.title, n.summary, n.body, n.body_html,
		n.published_on, coalesce(n.seminar_id, 0) AS seminar_id, coalesce(s.title, '') AS seminar_title, false AS pinned, n.author_id,
		coalesce(a.display_name, '') AS author_name, n.created_at, n.updated_at,
		NOT EXISTS (SELECT FROM national_news_reads r WHERE r.news_id = n.id AND r.account_id = $2) AS unread
	FROM national_news n LEFT JOIN seminars s ON s.id = n.seminar_id LEFT JOIN accounts a ON a.id = n.author_id`

// newsOrder is the order of every list: the newest date first, then the
// latest written.
const newsOrder = `published_on DESC, created_at DESC, id DESC`

func scanNews(row pgx.CollectableRow) (clts.News, error) {
	var n clts.News
	err := row.Scan(&n.ID, &n.National, &n.CommitteeID, &n.Title, &n.Summary, &n.Body, &n.BodyHTML,
		&n.PublishedOn, &n.SeminarID, &n.SeminarTitle, &n.Pinned, &n.AuthorID, &n.AuthorName,
		&n.CreatedAt, &n.UpdatedAt, &n.Unread)
	return n, err
}

// scanNewsCounted scans a row of a list that ends with count(*) OVER ().
func scanNewsCounted(total *int) pgx.RowToFunc[clts.News] {
	return func(row pgx.CollectableRow) (clts.News, error) {
		var n clts.News
		err := row.Scan(&n.ID, &n.National, &n.CommitteeID, &n.Title, &n.Summary, &n.Body, &n.BodyHTML,
			&n.PublishedOn, &n.SeminarID, &n.SeminarTitle, &n.Pinned, &n.AuthorID, &n.AuthorName,
			&n.CreatedAt, &n.UpdatedAt, &n.Unread, total)
		return n, err
	}
}

// newsSubject is an item as the audit log names it.
func newsSubject(title string) string { return "« " + title + " »" }

// nullSeminar is a seminar id for the database: NULL for none.
func nullSeminar(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// CreateNationalNews stores a national item written by the scope's account
// (an HCTS scope: row-level security refuses anyone else), its body
// rendered already, and tells the members of every committee.
func (tx *Tx) CreateNationalNews(ctx context.Context, n clts.News, body markdown.Text) (int64, error) {
	if err := n.Validate(); err != nil {
		return 0, err
	}
	var id int64
	// Its author has read it: the item is not "unread" for them.
	err := tx.queryRow(ctx, `WITH n AS (INSERT INTO national_news (title, summary, body, body_html, published_on, seminar_id, author_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id),
		r AS (INSERT INTO national_news_reads (account_id, news_id) SELECT $7, id FROM n)
		SELECT id FROM n`,
		n.Title, n.Summary, body.Source(), body.HTML(), n.PublishedOn, nullSeminar(n.SeminarID), tx.sc.AccountID).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("postgres: create national news: %w", mapError(err))
	}
	if err := tx.auditEntry(ctx, clts.AuditEntry{ActorID: tx.sc.AccountID, Action: "news.national.create", Subject: newsSubject(n.Title)}); err != nil {
		return 0, err
	}
	return id, tx.notifyNationalNews(ctx, n, id)
}

// notifyNationalNews tells national item id (clts.NotifyNews, a national
// notice) to every active member of a committee, any committee, but its
// author, in one statement: clts_member_anywhere makes each account in
// turn the statement's own, so that the policy "a person's own
// memberships" lets its rows through; the unit of work's scope is set
// again afterwards.
func (tx *Tx) notifyNationalNews(ctx context.Context, n clts.News, id int64) error {
	if tx.db == nil || tx.db.eventMailer == nil {
		return nil
	}
	if tx.sc.CommitteeID != 0 {
		return fmt.Errorf("postgres: national news notice: in a committee's scope")
	}
	own := tx.sc
	err := tx.notifyEvent(ctx, clts.NotifyNews, EventNotice{Event: EventNationalNews, Title: n.Title, Context: n.Summary},
		func(string) string { return paths.NationalNewsItem(id) },
		`SELECT a.id FROM accounts a WHERE a.id <> $1 AND clts_member_anywhere(a.id)`, own.AccountID)
	if err != nil {
		return err
	}
	return tx.rescope(ctx, own)
}

// ErrNewsChanged is an edit of an item saved by someone else since the
// form was opened: n.UpdatedAt, the date of the version the form was
// opened on, is no longer the item's.
var ErrNewsChanged = clts.Errorf(clts.ECONFLICT,
	"L'actualité a été modifiée entre-temps par quelqu'un d'autre. Vérifiez-la, puis enregistrez de nouveau.")

// newsUpdated tells an update that changed no row apart: the item exists
// (then it changed since n.UpdatedAt) or not.
func (tx *Tx) newsUpdated(ctx context.Context, tag pgconn.CommandTag, exists string, args ...any) error {
	if tag.RowsAffected() > 0 {
		return nil
	}
	var found bool
	if err := tx.queryRow(ctx, `SELECT EXISTS (`+exists+`)`, args...).Scan(&found); err != nil {
		return fmt.Errorf("postgres: news: %w", err)
	}
	if found {
		return ErrNewsChanged
	}
	return clts.Errorf(clts.ENOTFOUND, "Actualité introuvable.")
}

// UpdateNationalNews changes a national item (HCTS scope) edited from its
// version of n.UpdatedAt; ErrNewsChanged when it was saved since.
func (tx *Tx) UpdateNationalNews(ctx context.Context, n clts.News, body markdown.Text) error {
	if err := n.Validate(); err != nil {
		return err
	}
	tag, err := tx.exec(ctx, `UPDATE national_news SET title = $2, summary = $3, body = $4, body_html = $5,
			published_on = $6, seminar_id = $7, updated_at = now()
		WHERE id = $1 AND updated_at = $8`, n.ID, n.Title, n.Summary, body.Source(), body.HTML(), n.PublishedOn, nullSeminar(n.SeminarID), n.UpdatedAt)
	if err != nil {
		return fmt.Errorf("postgres: update national news: %w", mapError(err))
	}
	if err := tx.newsUpdated(ctx, tag, `SELECT FROM national_news WHERE id = $1`, n.ID); err != nil {
		return err
	}
	return tx.auditEntry(ctx, clts.AuditEntry{ActorID: tx.sc.AccountID, Action: "news.national.edit", Subject: newsSubject(n.Title)})
}

// NationalNewsItem reads a national item with the scope's account's unread
// mark.
func (tx *Tx) NationalNewsItem(ctx context.Context, id int64) (*clts.News, error) {
	rows, err := tx.query(ctx, nationalNewsColumns+` WHERE n.id = $1`, id, tx.sc.AccountID)
	if err != nil {
		return nil, fmt.Errorf("postgres: national news: %w", err)
	}
	n, err := pgx.CollectExactlyOneRow(rows, scanNews)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Actualité introuvable.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: national news: %w", err)
	}
	return &n, nil
}

// NationalNewsList reads a page of the national items, newest first, with
// their unread marks and how many there are, in one statement.
func (tx *Tx) NationalNewsList(ctx context.Context, limit, offset int) ([]clts.News, int, error) {
	var total int
	// $2 is the account, as in nationalNewsColumns.
	rows, err := tx.query(ctx, `SELECT *, count(*) OVER () FROM (`+nationalNewsColumns+`) x
		ORDER BY `+newsOrder+` LIMIT $1 OFFSET $3`, limit, tx.sc.AccountID, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: national news list: %w", err)
	}
	list, err := pgx.CollectRows(rows, scanNewsCounted(&total))
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: national news list: %w", err)
	}
	return list, total, nil
}

// MarkNationalNewsRead records that the scope's account opened a national
// item; once is enough (ON CONFLICT DO NOTHING: two tabs opening it at
// once write one mark).
func (tx *Tx) MarkNationalNewsRead(ctx context.Context, id int64) error {
	if _, err := tx.exec(ctx, `INSERT INTO national_news_reads (account_id, news_id) VALUES ($1, $2) ON CONFLICT DO NOTHING`,
		tx.sc.AccountID, id); err != nil {
		return fmt.Errorf("postgres: national news read: %w", mapError(err))
	}
	return nil
}

// CreateNews stores a local item of the scope's committee, written by the
// scope's account, and tells the committee's other members.
func (tx *Tx) CreateNews(ctx context.Context, n clts.News, body markdown.Text) (int64, error) {
	if err := n.Validate(); err != nil {
		return 0, err
	}
	var id int64
	// Its author has read it: the item is not "unread" for them.
	err := tx.queryRow(ctx, `WITH n AS (INSERT INTO news (committee_id, title, summary, body, body_html, published_on, author_id)
			VALUES ($1, $2, $3, $4, $5, $6, $7) RETURNING id),
		r AS (INSERT INTO news_reads (committee_id, account_id, news_id) SELECT $1, $7, id FROM n)
		SELECT id FROM n`,
		tx.sc.CommitteeID, n.Title, n.Summary, body.Source(), body.HTML(), n.PublishedOn, tx.sc.AccountID).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("postgres: create news: %w", mapError(err))
	}
	if err := tx.auditOn(ctx, "news.create", newsSubject(n.Title), clts.On(clts.ObjectNews, id)); err != nil {
		return 0, err
	}
	// The committee's other members are told (clts.NotifyNews).
	return id, tx.notifyEvent(ctx, clts.NotifyNews, EventNotice{Event: EventNews, Title: n.Title, Context: n.Summary},
		func(slug string) string { return paths.NewsItem(slug, id) },
		`SELECT m.account_id FROM memberships m WHERE m.committee_id = $1 AND m.active AND m.account_id <> $2`,
		tx.sc.CommitteeID, tx.sc.AccountID)
}

// UpdateNews changes a local item of the scope's committee edited from
// its version of n.UpdatedAt; ErrNewsChanged when it was saved since.
func (tx *Tx) UpdateNews(ctx context.Context, n clts.News, body markdown.Text) error {
	if err := n.Validate(); err != nil {
		return err
	}
	tag, err := tx.exec(ctx, `UPDATE news SET title = $3, summary = $4, body = $5, body_html = $6, published_on = $7, updated_at = now()
		WHERE committee_id = $1 AND id = $2 AND updated_at = $8`,
		tx.sc.CommitteeID, n.ID, n.Title, n.Summary, body.Source(), body.HTML(), n.PublishedOn, n.UpdatedAt)
	if err != nil {
		return fmt.Errorf("postgres: update news: %w", mapError(err))
	}
	if err := tx.newsUpdated(ctx, tag, `SELECT FROM news WHERE committee_id = $1 AND id = $2`, tx.sc.CommitteeID, n.ID); err != nil {
		return err
	}
	return tx.auditOn(ctx, "news.edit", newsSubject(n.Title), clts.On(clts.ObjectNews, n.ID))
}

// NewsItem reads a local item of the scope's committee with the scope's
// account's unread mark; another committee's id is ENOTFOUND.
func (tx *Tx) NewsItem(ctx context.Context, id int64) (*clts.News, error) {
	rows, err := tx.query(ctx, localNewsColumns+` WHERE n.committee_id = $1 AND n.id = $3`, tx.sc.CommitteeID, tx.sc.AccountID, id)
	if err != nil {
		return nil, fmt.Errorf("postgres: news: %w", err)
	}
	n, err := pgx.CollectExactlyOneRow(rows, scanNews)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Actualité introuvable.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: news: %w", err)
	}
	return &n, nil
}

// MarkNewsRead records that the scope's account opened a local item of
// the scope's committee; once is enough.
func (tx *Tx) MarkNewsRead(ctx context.Context, id int64) error {
	if _, err := tx.exec(ctx, `INSERT INTO news_reads (committee_id, account_id, news_id) VALUES ($1, $2, $3) ON CONFLICT DO NOTHING`,
		tx.sc.CommitteeID, tx.sc.AccountID, id); err != nil {
		return fmt.Errorf("postgres: news read: %w", mapError(err))
	}
	return nil
}

// PinNews pins a local item on the committee's home, in place of the one
// pinned before, or unpins it. The unique partial index keeps one pinned
// item per committee: the other is unpinned first, in the same unit of
// work.
func (tx *Tx) PinNews(ctx context.Context, id int64, pin bool) error {
	if pin {
		// Two pilots pinning at once take turns (advisory lock 5, per
		// committee): the later pin replaces the earlier one instead of
		// meeting the one-pinned index.
		if _, err := tx.exec(ctx, `SELECT pg_advisory_xact_lock(5, hashtext($1::bigint::text))`, tx.sc.CommitteeID); err != nil {
			return fmt.Errorf("postgres: pin news: %w", err)
		}
		if _, err := tx.exec(ctx, `UPDATE news SET pinned = false WHERE committee_id = $1 AND pinned AND id <> $2`,
			tx.sc.CommitteeID, id); err != nil {
			return fmt.Errorf("postgres: pin news: %w", err)
		}
	}
	var title string
	err := tx.queryRow(ctx, `UPDATE news SET pinned = $3 WHERE committee_id = $1 AND id = $2 RETURNING title`,
		tx.sc.CommitteeID, id, pin).Scan(&title)
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Errorf(clts.ENOTFOUND, "Actualité introuvable.")
	}
	if err != nil {
		return fmt.Errorf("postgres: pin news: %w", mapError(err))
	}
	action := "news.pin"
	if !pin {
		action = "news.unpin"
	}
	return tx.auditOn(ctx, action, newsSubject(title), clts.On(clts.ObjectNews, id))
}

// CommitteeNews reads a page of the scope's committee's news, its local
// items and the national ones together, newest first, with the unread
// marks and how many there are, in one statement.
func (tx *Tx) CommitteeNews(ctx context.Context, limit, offset int) ([]clts.News, int, error) {
	var total int
	rows, err := tx.query(ctx, `SELECT *, count(*) OVER () FROM (`+localNewsColumns+` WHERE n.committee_id = $1
			UNION ALL `+nationalNewsColumns+`) x
		ORDER BY `+newsOrder+` LIMIT $3 OFFSET $4`, tx.sc.CommitteeID, tx.sc.AccountID, limit, offset)
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: committee news: %w", err)
	}
	list, err := pgx.CollectRows(rows, scanNewsCounted(&total))
	if err != nil {
		return nil, 0, fmt.Errorf("postgres: committee news: %w", err)
	}
	return list, total, nil
}

// homeNewsJSON is, as one JSON array, the committee home's news: the
// pinned local item, if any, then the latest $3 items, local (but the
// pinned one) and national merged by date, with their unread marks; $1 is
// the committee, $2 the account. HomeHead reads it within its statement.
const homeNewsJSON = `SELECT coalesce(json_agg(h ORDER BY h.pinned DESC, h.published_on DESC, h.created_at DESC, h.id DESC), '[]')
	FROM (
		SELECT * FROM (
			SELECT * FROM (
				(` + localNewsColumns + ` WHERE n.committee_id = $1 AND NOT n.pinned ORDER BY n.published_on DESC, n.created_at DESC, n.id DESC LIMIT $3)
				UNION ALL
				(` + nationalNewsColumns + ` ORDER BY n.published_on DESC, n.created_at DESC, n.id DESC LIMIT $3)
			) merged ORDER BY ` + newsOrder + ` LIMIT $3) latest
		UNION ALL (` + localNewsColumns + ` WHERE n.committee_id = $1 AND n.pinned)
	) h`

// newsJSON is an item as homeNewsJSON writes it (without its texts).
type newsJSON struct {
	ID          int64     `json:"id"`
	National    bool      `json:"national"`
	CommitteeID int64     `json:"committee_id"`
	Title       string    `json:"title"`
	Summary     string    `json:"summary"`
	PublishedOn string    `json:"published_on"`
	Pinned      bool      `json:"pinned"`
	AuthorName  string    `json:"author_name"`
	CreatedAt   time.Time `json:"created_at"`
	UpdatedAt   time.Time `json:"updated_at"`
	Unread      bool      `json:"unread"`
}

// splitHomeNews turns homeNewsJSON's items into the latest ones and the
// pinned one.
func splitHomeNews(items []newsJSON) (latest []clts.News, pinned *clts.News, err error) {
	for _, j := range items {
		day, err := time.Parse(time.DateOnly, j.PublishedOn)
		if err != nil {
			return nil, nil, fmt.Errorf("postgres: home news: %w", err)
		}
		n := clts.News{ID: j.ID, National: j.National, CommitteeID: j.CommitteeID, Title: j.Title, Summary: j.Summary,
			PublishedOn: day, Pinned: j.Pinned, AuthorName: j.AuthorName, CreatedAt: j.CreatedAt, UpdatedAt: j.UpdatedAt, Unread: j.Unread}
		if n.Pinned {
			pinned = &n
			continue
		}
		latest = append(latest, n)
	}
	return latest, pinned, nil
}

// CommitteeNewsFeed reads the scope's committee's feed: its latest local
// items and the national ones, newest first, at most limit.
func (tx *Tx) CommitteeNewsFeed(ctx context.Context, limit int) ([]clts.News, error) {
	rows, err := tx.query(ctx, `SELECT * FROM (`+localNewsColumns+` WHERE n.committee_id = $1
			UNION ALL `+nationalNewsColumns+`) x
		ORDER BY `+newsOrder+` LIMIT $3`, tx.sc.CommitteeID, tx.sc.AccountID, limit)
	if err != nil {
		return nil, fmt.Errorf("postgres: news feed: %w", err)
	}
	list, err := pgx.CollectRows(rows, scanNews)
	if err != nil {
		return nil, fmt.Errorf("postgres: news feed: %w", err)
	}
	return list, nil
}

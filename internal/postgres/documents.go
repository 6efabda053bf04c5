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

// The committee's documents (migration 00026): each has numbered versions,
// each version a file of files/file_chunks. Who reads one is
// auth.CanReadDocument; the lists say the same in SQL (documentReadable),
// so that a document never reaches a page its viewer may not read.

// documentReadable is the SQL twin of auth.CanReadDocument, on documents d:
// pilot and viewer name the query's parameters for "the viewer is a pilot"
// and the viewer's account id.
func documentReadable(pilot, viewer string) string {
	return `(d.audience = 'comite' OR ` + pilot + ` OR (d.audience = 'groupe' AND EXISTS (SELECT FROM group_members rgm
		WHERE rgm.committee_id = d.committee_id AND rgm.group_id = d.group_id AND rgm.account_id = ` + viewer + `
		  AND rgm.status IN ('lead', 'member'))))`
}

// documentColumns and documentJoins read documents d with their group,
// meeting and agenda item, their uploader's name as the viewer may see it,
// the viewer's status in their group, and their latest version; the
// caller's parameters are $1 the committee, $2 the viewer, $3 whether the
// viewer is a pilot.
var documentColumns = `d.id, d.title, d.description, d.folder, d.tags, d.audience, coalesce(d.group_id, 0), coalesce(g.title, ''),
		coalesce(d.meeting_id, 0), coalesce(mt.title, ''), mt.starts_at, coalesce(d.agenda_item_id, 0), coalesce(ai.title, ''),
		d.in_minutes, d.archived_at, d.created_by, coalesce(` + visibleNameSQL("$3", "$2") + `, ''), d.created_at, d.updated_at,
		coalesce(gm.status, ''), lv.id, lv.number, lv.file_id, lv.name, lv.content_type, lv.size, lv.created_at, lv.versions`

const documentJoins = `
	LEFT JOIN working_groups g ON g.committee_id = d.committee_id AND g.id = d.group_id
	LEFT JOIN meetings mt ON mt.committee_id = d.committee_id AND mt.id = d.meeting_id
	LEFT JOIN agenda_items ai ON ai.committee_id = d.committee_id AND ai.id = d.agenda_item_id
	LEFT JOIN group_members gm ON gm.committee_id = d.committee_id AND gm.group_id = d.group_id AND gm.account_id = $2
	LEFT JOIN accounts a ON a.id = d.created_by
	LEFT JOIN memberships m ON m.committee_id = d.committee_id AND m.account_id = d.created_by
	JOIN LATERAL (SELECT v.id, v.number, f.id AS file_id, f.name, f.content_type, f.size, v.created_at,
			(SELECT count(*) FROM document_versions c WHERE c.committee_id = d.committee_id AND c.document_id = d.id) AS versions
		FROM document_versions v JOIN files f ON f.committee_id = v.committee_id AND f.id = v.file_id
		WHERE v.committee_id = d.committee_id AND v.document_id = d.id
		ORDER BY v.number DESC LIMIT 1) lv ON true`

// DocumentView is a document as its pages need it for the viewer: the
// document and the viewer's status in its group, a fact of the document
// rules (auth.DocumentFacts).
type DocumentView struct {
	Document    clts.Document
	GroupStatus string
}

func documentDest(v *DocumentView, extra ...any) []any {
	d := &v.Document
	return append([]any{&d.ID, &d.Title, &d.Description, &d.Folder, &d.Tags, &d.Audience, &d.GroupID, &d.GroupTitle,
		&d.MeetingID, &d.MeetingTitle, &d.MeetingAt, &d.AgendaItemID, &d.ItemTitle, &d.InMinutes, &d.ArchivedAt,
		&d.CreatedBy, &d.CreatorName, &d.CreatedAt, &d.UpdatedAt, &v.GroupStatus,
		&d.Latest.ID, &d.Latest.Number, &d.Latest.File.ID, &d.Latest.File.Name, &d.Latest.File.ContentType,
		&d.Latest.File.Size, &d.Latest.CreatedAt, &d.Versions}, extra...)
}

// Document returns one of the committee's documents with the facts of its
// rules for the scope's account, in one statement; pilot says whether the
// viewer is a pilot (for the names shown). Whether the viewer may read it
// is auth.CheckDocument's to say, in the same unit of work.
func (tx *Tx) Document(ctx context.Context, id int64, pilot bool) (*DocumentView, error) {
	var v DocumentView
	err := tx.queryRow(ctx, `SELECT `+documentColumns+` FROM documents d`+documentJoins+`
		WHERE d.committee_id = $1 AND d.id = $4`, tx.sc.CommitteeID, tx.sc.AccountID, pilot, id).Scan(documentDest(&v)...)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Document introuvable.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: document: %w", err)
	}
	return &v, nil
}

// DocumentVersions lists a document's versions, the latest first, with
// their files and who gave them, as the viewer may see their names.
func (tx *Tx) DocumentVersions(ctx context.Context, documentID int64, pilot bool) ([]clts.DocumentVersion, error) {
	rows, err := tx.query(ctx, `SELECT v.id, v.number, v.note, v.created_at, f.id, f.name, f.content_type, f.size, f.created_at,
			coalesce(`+visibleNameSQL("$3", "$2")+`, '')
		FROM document_versions v
		JOIN files f ON f.committee_id = v.committee_id AND f.id = v.file_id
		LEFT JOIN accounts a ON a.id = v.created_by
		LEFT JOIN memberships m ON m.committee_id = v.committee_id AND m.account_id = v.created_by
		WHERE v.committee_id = $1 AND v.document_id = $4
		ORDER BY v.number DESC`, tx.sc.CommitteeID, tx.sc.AccountID, pilot, documentID)
	if err != nil {
		return nil, fmt.Errorf("postgres: document versions: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.DocumentVersion, error) {
		var v clts.DocumentVersion
		err := row.Scan(&v.ID, &v.Number, &v.Note, &v.CreatedAt, &v.File.ID, &v.File.Name, &v.File.ContentType, &v.File.Size,
			&v.File.CreatedAt, &v.AuthorName)
		return v, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: document versions: %w", err)
	}
	return out, nil
}

// DocumentFileFacts are the facts of the rules of the document a file
// belongs to (see auth.DocumentFacts), read with the file.
type DocumentFileFacts struct {
	Audience    string
	GroupStatus string
	UploaderID  int64
}

// DocumentFile returns the file of version versionID of document
// documentID (its latest version when versionID is 0), with the facts of
// the document's rules for the scope's account, in one statement: the
// version, the document and the file all of the scope's committee.
// ENOTFOUND when there is no such version.
func (tx *Tx) DocumentFile(ctx context.Context, documentID, versionID int64) (*clts.File, DocumentFileFacts, error) {
	var f clts.File
	var facts DocumentFileFacts
	err := tx.queryRow(ctx, `SELECT f.id, f.name, f.content_type, f.size, f.created_at, d.audience, coalesce(gm.status, ''), d.created_by
		FROM documents d
		JOIN document_versions v ON v.committee_id = d.committee_id AND v.document_id = d.id
		JOIN files f ON f.committee_id = v.committee_id AND f.id = v.file_id
		LEFT JOIN group_members gm ON gm.committee_id = d.committee_id AND gm.group_id = d.group_id AND gm.account_id = $2
		WHERE d.committee_id = $1 AND d.id = $3 AND ($4::bigint = 0 OR v.id = $4)
		ORDER BY v.number DESC LIMIT 1`, tx.sc.CommitteeID, tx.sc.AccountID, documentID, versionID).
		Scan(&f.ID, &f.Name, &f.ContentType, &f.Size, &f.CreatedAt, &facts.Audience, &facts.GroupStatus, &facts.UploaderID)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, facts, clts.Errorf(clts.ENOTFOUND, "Document introuvable.")
	}
	if err != nil {
		return nil, facts, fmt.Errorf("postgres: document file: %w", err)
	}
	return &f, facts, nil
}

// documentAudit is a document as an audit line names it.
func documentAudit(d clts.Document) string { return "« " + d.Title + " »" }

// CreateDocument records a new document of the scope's committee, given by
// the scope's account, with its first version, the file fileID (stored by
// CreateFile in the same unit of work). The caller checked who may place
// it there (auth.CanPlaceDocument) and that the group, meeting and agenda
// item are offered; the foreign keys keep them in the committee and the
// item in its meeting.
func (tx *Tx) CreateDocument(ctx context.Context, d clts.Document, fileID int64, note string) (int64, error) {
	if err := d.Validate(); err != nil {
		return 0, err
	}
	if d.Tags == nil {
		d.Tags = []string{}
	}
	var id int64
	err := tx.queryRow(ctx, `INSERT INTO documents (committee_id, title, description, folder, tags, audience, group_id,
			meeting_id, agenda_item_id, in_minutes, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING id`,
		tx.sc.CommitteeID, strings.TrimSpace(d.Title), d.Description, d.Folder, d.Tags, d.Audience, nullID(d.GroupID),
		nullID(d.MeetingID), nullID(d.AgendaItemID), d.InMinutes && d.MeetingID != 0, tx.sc.AccountID).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("postgres: create document: %w", mapError(err))
	}
	if _, err := tx.exec(ctx, `INSERT INTO document_versions (committee_id, document_id, number, file_id, note, created_by)
		VALUES ($1, $2, 1, $3, $4, $5)`, tx.sc.CommitteeID, id, fileID, note, tx.sc.AccountID); err != nil {
		return 0, fmt.Errorf("postgres: create document: %w", mapError(err))
	}
	return id, tx.auditOn(ctx, "document.create", documentAudit(d), clts.On(clts.ObjectDocument, id))
}

// AddDocumentVersion adds the file fileID as the next version of a
// document of the committee and returns its number. The document is locked
// so that two versions never take the same number.
func (tx *Tx) AddDocumentVersion(ctx context.Context, documentID, fileID int64, note string) (int, error) {
	var title string
	var number int
	err := tx.queryRow(ctx, `SELECT d.title, (SELECT max(v.number) FROM document_versions v
			WHERE v.committee_id = d.committee_id AND v.document_id = d.id) + 1
		FROM documents d WHERE d.committee_id = $1 AND d.id = $2 FOR UPDATE OF d`, tx.sc.CommitteeID, documentID).Scan(&title, &number)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, clts.Errorf(clts.ENOTFOUND, "Document introuvable.")
	}
	if err != nil {
		return 0, fmt.Errorf("postgres: document version: %w", err)
	}
	if _, err := tx.exec(ctx, `INSERT INTO document_versions (committee_id, document_id, number, file_id, note, created_by)
		VALUES ($1, $2, $3, $4, $5, $6)`, tx.sc.CommitteeID, documentID, number, fileID, note, tx.sc.AccountID); err != nil {
		return 0, fmt.Errorf("postgres: document version: %w", mapError(err))
	}
	if _, err := tx.exec(ctx, `UPDATE documents SET updated_at = now() WHERE committee_id = $1 AND id = $2`,
		tx.sc.CommitteeID, documentID); err != nil {
		return 0, fmt.Errorf("postgres: document version: %w", err)
	}
	return number, tx.auditOn(ctx, "document.version", "« "+title+" », version "+strconv.Itoa(number),
		clts.On(clts.ObjectDocument, documentID))
}

// ErrDocumentChanged refuses to save a document's details over a change
// made since the form was opened (d.UpdatedAt): another edit, a new
// version, an archiving.
var ErrDocumentChanged = clts.Errorf(clts.ECONFLICT,
	"Le document a été modifié entre-temps par quelqu'un d'autre. Vérifiez ses informations, puis enregistrez de nouveau.")

// UpdateDocument changes a document's title, description, folder, tags and
// readers, edited from its version of d.UpdatedAt (ErrDocumentChanged when
// it was changed since); its meeting stays. The caller checked the rules
// for the document and for its new place.
func (tx *Tx) UpdateDocument(ctx context.Context, d clts.Document) error {
	if err := d.Validate(); err != nil {
		return err
	}
	if d.Tags == nil {
		d.Tags = []string{}
	}
	tag, err := tx.exec(ctx, `UPDATE documents SET title = $3, description = $4, folder = $5, tags = $6, audience = $7,
			group_id = $8, updated_at = now()
		WHERE committee_id = $1 AND id = $2 AND updated_at = $9`, tx.sc.CommitteeID, d.ID, strings.TrimSpace(d.Title), d.Description, d.Folder,
		d.Tags, d.Audience, nullID(d.GroupID), d.UpdatedAt)
	if err != nil {
		return fmt.Errorf("postgres: update document: %w", mapError(err))
	}
	if tag.RowsAffected() == 0 {
		var exists bool
		if err := tx.queryRow(ctx, `SELECT EXISTS (SELECT FROM documents WHERE committee_id = $1 AND id = $2)`,
			tx.sc.CommitteeID, d.ID).Scan(&exists); err != nil {
			return fmt.Errorf("postgres: update document: %w", err)
		}
		if exists {
			return ErrDocumentChanged
		}
		return clts.Errorf(clts.ENOTFOUND, "Document introuvable.")
	}
	return tx.auditOn(ctx, "document.edit", documentAudit(d), clts.On(clts.ObjectDocument, d.ID))
}

// ArchiveDocument archives a document of the committee (archived true) or
// brings it back. An archived document stays readable, out of the list's
// default view.
func (tx *Tx) ArchiveDocument(ctx context.Context, id int64, archived bool) error {
	var title string
	err := tx.queryRow(ctx, `UPDATE documents SET archived_at = CASE WHEN $3 THEN coalesce(archived_at, now()) END, updated_at = now()
		WHERE committee_id = $1 AND id = $2 RETURNING title`, tx.sc.CommitteeID, id, archived).Scan(&title)
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Errorf(clts.ENOTFOUND, "Document introuvable.")
	}
	if err != nil {
		return fmt.Errorf("postgres: archive document: %w", err)
	}
	action := "document.archive"
	if !archived {
		action = "document.restore"
	}
	return tx.auditOn(ctx, action, "« "+title+" »", clts.On(clts.ObjectDocument, id))
}

// DocumentQuery is a list of documents: its filters, its search and its
// page. Pilot says whether the viewer is a pilot: the list keeps the
// documents the viewer reads (documentReadable).
type DocumentQuery struct {
	Pilot     bool
	Text      string // words searched in titles and descriptions
	Folder    string
	Tag       string
	GroupID   int64
	Audience  string
	MeetingID int64
	Archived  bool // the archived documents instead of the others
	Limit     int
	Offset    int
}

// DocumentList is a page of documents, how many the filters keep, and
// the folders and tags of the documents the viewer reads, for the filters.
type DocumentList struct {
	Documents []clts.Document
	Total     int
	Folders   []string
	Tags      []string
	// Groups: the committee's active groups and the viewer's status in
	// each, for the group filter and the upload button.
	Groups DocumentGroups
}

// Documents lists a page of the committee's documents that the scope's
// account reads and q keeps, ranked by the search's relevance when words
// are searched (accents and case ignored: clts_french), by folder and title
// otherwise; with their count, the folders and tags offered by the
// filters, and the groups with the viewer's status in each: four
// statements sent together.
func (tx *Tx) Documents(ctx context.Context, q DocumentQuery) (DocumentList, error) {
	var out DocumentList
	cid, viewer := tx.sc.CommitteeID, tx.sc.AccountID
	readable := documentReadable("$3", "$2")
	list := `WITH query AS (SELECT websearch_to_tsquery('clts_french', $4::text) AS q),
		hits AS (SELECT d.id, d.folder, d.title,
				CASE WHEN $4 = '' THEN 0 ELSE ts_rank_cd(d.search, query.q) END AS rank, count(*) OVER () AS total
			FROM documents d, query
			WHERE d.committee_id = $1 AND ` + readable + `
			  AND ($4 = '' OR d.search @@ query.q)
			  AND ($5 = '' OR d.folder = $5)
			  AND ($6 = '' OR $6 = ANY (d.tags))
			  AND ($7::bigint = 0 OR d.group_id = $7)
			  AND ($8 = '' OR d.audience = $8)
			  AND ($9::bigint = 0 OR d.meeting_id = $9)
			  AND (d.archived_at IS NOT NULL) = $10
			ORDER BY rank DESC, d.folder COLLATE clts_fr, d.title COLLATE clts_fr, d.id
			LIMIT $11 OFFSET $12)
		SELECT ` + documentColumns + `, hits.total,
			CASE WHEN $4 = '' THEN '' ELSE d.description_words END, CASE WHEN $4 = '' THEN '' ELSE query.q::text END
		FROM hits JOIN documents d ON d.committee_id = $1 AND d.id = hits.id CROSS JOIN query` + documentJoins + `
		ORDER BY hits.rank DESC, hits.folder COLLATE clts_fr, hits.title COLLATE clts_fr, hits.id`
	b := &pgx.Batch{}
	b.Queue(list, cid, viewer, q.Pilot, q.Text, q.Folder, q.Tag, q.GroupID, q.Audience, q.MeetingID, q.Archived, q.Limit, q.Offset)
	b.Queue(`SELECT d.folder FROM documents d WHERE d.committee_id = $1 AND d.folder <> '' AND `+readable+`
		GROUP BY d.folder ORDER BY d.folder COLLATE clts_fr`, cid, viewer, q.Pilot)
	b.Queue(`SELECT t FROM documents d, unnest(d.tags) t WHERE d.committee_id = $1 AND `+readable+`
		GROUP BY t ORDER BY t COLLATE clts_fr`, cid, viewer, q.Pilot)
	b.Queue(documentGroupsSQL, cid, viewer, true) // the filter also names archived groups: their documents stay
	br := tx.sendBatch(ctx, b)
	defer br.Close()
	rows, err := br.Query()
	if err != nil {
		return out, fmt.Errorf("postgres: documents: %w", err)
	}
	out.Documents, err = pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.Document, error) {
		var v DocumentView
		var words, query string
		err := row.Scan(documentDest(&v, &out.Total, &words, &query)...)
		if q.Text != "" {
			v.Document.Headline = highlight(v.Document.Description, words, query)
		}
		return v.Document, err
	})
	if err != nil {
		return out, fmt.Errorf("postgres: documents: %w", err)
	}
	for _, dst := range []*[]string{&out.Folders, &out.Tags} {
		rows, err := br.Query()
		if err != nil {
			return out, fmt.Errorf("postgres: document filters: %w", err)
		}
		if *dst, err = pgx.CollectRows(rows, pgx.RowTo[string]); err != nil {
			return out, fmt.Errorf("postgres: document filters: %w", err)
		}
	}
	rows, err = br.Query()
	if err != nil {
		return out, fmt.Errorf("postgres: document groups: %w", err)
	}
	if out.Groups, err = collectDocumentGroups(rows); err != nil {
		return out, fmt.Errorf("postgres: document groups: %w", err)
	}
	return out, br.Close()
}

// MeetingDocuments lists the documents of a meeting of the committee that
// the scope's account reads, in one statement: those of its agenda items
// and those of its minutes, by title.
func (tx *Tx) MeetingDocuments(ctx context.Context, meetingID int64, pilot bool) ([]clts.Document, error) {
	rows, err := tx.query(ctx, `SELECT `+documentColumns+` FROM documents d`+documentJoins+`
		WHERE d.committee_id = $1 AND d.meeting_id = $4 AND `+documentReadable("$3", "$2")+`
		ORDER BY d.title COLLATE clts_fr, d.id`, tx.sc.CommitteeID, tx.sc.AccountID, pilot, meetingID)
	if err != nil {
		return nil, fmt.Errorf("postgres: meeting documents: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.Document, error) {
		var v DocumentView
		err := row.Scan(documentDest(&v)...)
		return v.Document, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: meeting documents: %w", err)
	}
	return out, nil
}

// documentGroupsSQL reads the committee's active groups (and, when $3,
// its archived ones after them), by title, with the status of account $2
// in each ("" outside it; a pending request is none): the groups a
// document form offers ($3 false) and the list's filter ($3 true).
const documentGroupsSQL = `SELECT g.id, g.title, g.archived, coalesce(gm.status, '') FROM working_groups g
	LEFT JOIN group_members gm ON gm.committee_id = g.committee_id AND gm.group_id = g.id AND gm.account_id = $2
		AND gm.status <> 'pending'
	WHERE g.committee_id = $1 AND (NOT g.archived OR $3)
	ORDER BY g.archived, g.title COLLATE clts_fr, g.id`

// DocumentGroups are the committee's groups and the viewer's status in
// each active one.
type DocumentGroups struct {
	Groups   []clts.Group
	Statuses map[int64]string // by group id: lead or member; absent outside it
}

func collectDocumentGroups(rows pgx.Rows) (DocumentGroups, error) {
	out := DocumentGroups{Statuses: map[int64]string{}}
	defer rows.Close()
	for rows.Next() {
		var g clts.Group
		var status string
		if err := rows.Scan(&g.ID, &g.Title, &g.Archived, &status); err != nil {
			return out, err
		}
		out.Groups = append(out.Groups, g)
		// An archived group takes no new document: leading it gives none
		// of a lead's rights here.
		if status != "" && !g.Archived {
			out.Statuses[g.ID] = status
		}
	}
	return out, rows.Err()
}

// ActiveGroupsForDocuments reads the committee's active groups with the
// scope's account's status in each, in one statement, for the document
// forms' choices.
func (tx *Tx) ActiveGroupsForDocuments(ctx context.Context) (DocumentGroups, error) {
	rows, err := tx.query(ctx, documentGroupsSQL, tx.sc.CommitteeID, tx.sc.AccountID, false)
	if err != nil {
		return DocumentGroups{}, fmt.Errorf("postgres: document groups: %w", err)
	}
	out, err := collectDocumentGroups(rows)
	if err != nil {
		return out, fmt.Errorf("postgres: document groups: %w", err)
	}
	return out, nil
}

package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// The news's attachments: a local item's files are the committee's (files,
// CreateFile) linked by news_attachments; a national item's are national
// (national_files, national_file_chunks), written and read by the same
// chunk loops as the committee's (writeChunks, copyChunks).

// AttachNewsFile attaches a file of the committee to a local item of the
// committee, after its other attachments.
func (tx *Tx) AttachNewsFile(ctx context.Context, newsID, fileID int64) error {
	var title, name string
	err := tx.queryRow(ctx, `SELECT n.title, f.name FROM news n, files f
		WHERE n.committee_id = $1 AND n.id = $2 AND f.committee_id = $1 AND f.id = $3`,
		tx.sc.CommitteeID, newsID, fileID).Scan(&title, &name)
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Errorf(clts.ENOTFOUND, "Actualité ou fichier introuvable.")
	}
	if err != nil {
		return fmt.Errorf("postgres: attach news file: %w", err)
	}
	if _, err := tx.exec(ctx, `INSERT INTO news_attachments (committee_id, news_id, file_id, position)
		VALUES ($1, $2, $3, (SELECT coalesce(max(position), 0) + 1 FROM news_attachments WHERE committee_id = $1 AND news_id = $2))
		ON CONFLICT DO NOTHING`, tx.sc.CommitteeID, newsID, fileID); err != nil {
		return fmt.Errorf("postgres: attach news file: %w", mapError(err))
	}
	return tx.auditOn(ctx, "news.attach", name+" — "+newsSubject(title), clts.On(clts.ObjectNews, newsID))
}

const newsFileColumns = `SELECT f.id, f.name, f.content_type, f.size, f.created_at
	FROM news_attachments na JOIN files f ON f.committee_id = na.committee_id AND f.id = na.file_id`

// NewsAttachments lists a local item's attachments in their order.
func (tx *Tx) NewsAttachments(ctx context.Context, newsID int64) ([]clts.File, error) {
	rows, err := tx.query(ctx, newsFileColumns+` WHERE na.committee_id = $1 AND na.news_id = $2 ORDER BY na.position, f.id`,
		tx.sc.CommitteeID, newsID)
	if err != nil {
		return nil, fmt.Errorf("postgres: news attachments: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanFile)
	if err != nil {
		return nil, fmt.Errorf("postgres: news attachments: %w", err)
	}
	return out, nil
}

// NewsAttachment returns file fileID when it is attached to the
// committee's local item newsID; ENOTFOUND otherwise.
func (tx *Tx) NewsAttachment(ctx context.Context, newsID, fileID int64) (*clts.File, error) {
	rows, err := tx.query(ctx, newsFileColumns+` WHERE na.committee_id = $1 AND na.news_id = $2 AND na.file_id = $3`,
		tx.sc.CommitteeID, newsID, fileID)
	if err != nil {
		return nil, fmt.Errorf("postgres: news attachment: %w", err)
	}
	f, err := pgx.CollectExactlyOneRow(rows, scanFile)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Pièce jointe introuvable.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: news attachment: %w", err)
	}
	return &f, nil
}

// CreateNationalFile stores a national file created by the scope's account
// (an HCTS scope): size bytes read from r, in chunks, like CreateFile.
func (tx *Tx) CreateNationalFile(ctx context.Context, name, contentType string, r io.Reader, size int64) (int64, error) {
	name = fileName(name)
	if name == "" {
		return 0, clts.Errorf(clts.EINVALID, "Le fichier n'a pas de nom.")
	}
	if size <= 0 {
		return 0, clts.Errorf(clts.EINVALID, "Le fichier est vide.")
	}
	var id int64
	err := tx.queryRow(ctx, `INSERT INTO national_files (name, content_type, size, sha256, created_by)
		VALUES ($1, $2, $3, '', $4) RETURNING id`, name, contentType, size, tx.sc.AccountID).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("postgres: create national file: %w", mapError(err))
	}
	sum, err := writeChunks(r, size, func(seq int, data []byte) error {
		_, err := tx.exec(ctx, `INSERT INTO national_file_chunks (file_id, seq, data) VALUES ($1, $2, $3)`, id, seq, data)
		return err
	})
	if err != nil {
		return 0, err
	}
	if _, err := tx.exec(ctx, `UPDATE national_files SET sha256 = $2 WHERE id = $1`, id, sum); err != nil {
		return 0, fmt.Errorf("postgres: create national file: %w", err)
	}
	return id, nil
}

// AttachNationalNewsFile attaches a national file to a national item,
// after its other attachments (HCTS scope).
func (tx *Tx) AttachNationalNewsFile(ctx context.Context, newsID, fileID int64) error {
	var title, name string
	err := tx.queryRow(ctx, `SELECT n.title, f.name FROM national_news n, national_files f WHERE n.id = $1 AND f.id = $2`,
		newsID, fileID).Scan(&title, &name)
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Errorf(clts.ENOTFOUND, "Actualité ou fichier introuvable.")
	}
	if err != nil {
		return fmt.Errorf("postgres: attach national file: %w", err)
	}
	if _, err := tx.exec(ctx, `INSERT INTO national_news_attachments (news_id, file_id, position)
		VALUES ($1, $2, (SELECT coalesce(max(position), 0) + 1 FROM national_news_attachments WHERE news_id = $1))
		ON CONFLICT DO NOTHING`, newsID, fileID); err != nil {
		return fmt.Errorf("postgres: attach national file: %w", mapError(err))
	}
	return tx.auditEntry(ctx, clts.AuditEntry{ActorID: tx.sc.AccountID, Action: "news.national.attach", Subject: name + " — " + newsSubject(title)})
}

const nationalNewsFileColumns = `SELECT f.id, f.name, f.content_type, f.size, f.created_at
	FROM national_news_attachments na JOIN national_files f ON f.id = na.file_id`

func scanNationalFile(row pgx.CollectableRow) (clts.File, error) {
	f, err := scanFile(row)
	f.National = true
	return f, err
}

// NationalNewsAttachments lists a national item's attachments in their
// order.
func (tx *Tx) NationalNewsAttachments(ctx context.Context, newsID int64) ([]clts.File, error) {
	rows, err := tx.query(ctx, nationalNewsFileColumns+` WHERE na.news_id = $1 ORDER BY na.position, f.id`, newsID)
	if err != nil {
		return nil, fmt.Errorf("postgres: national attachments: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanNationalFile)
	if err != nil {
		return nil, fmt.Errorf("postgres: national attachments: %w", err)
	}
	return out, nil
}

// NationalNewsAttachment returns national file fileID when it is attached
// to national item newsID; ENOTFOUND otherwise.
func (tx *Tx) NationalNewsAttachment(ctx context.Context, newsID, fileID int64) (*clts.File, error) {
	rows, err := tx.query(ctx, nationalNewsFileColumns+` WHERE na.news_id = $1 AND na.file_id = $2`, newsID, fileID)
	if err != nil {
		return nil, fmt.Errorf("postgres: national attachment: %w", err)
	}
	f, err := pgx.CollectExactlyOneRow(rows, scanNationalFile)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Pièce jointe introuvable.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: national attachment: %w", err)
	}
	return &f, nil
}

// WriteNationalFileContent streams a national file's chunks, in order, to
// w (see WriteFileContent): read it from a snapshot after
// NationalNewsAttachment allowed it.
func (tx *Tx) WriteNationalFileContent(ctx context.Context, fileID int64, w io.Writer) error {
	rows, err := tx.query(ctx, `SELECT data FROM national_file_chunks WHERE file_id = $1 ORDER BY seq`, fileID)
	if err != nil {
		return fmt.Errorf("postgres: national file content: %w", err)
	}
	return copyChunks(rows, w)
}

// DeleteNewsAttachment removes an attachment of a local item of the
// committee and its file, and returns the file's name; ENOTFOUND when the
// file is not attached to that item.
func (tx *Tx) DeleteNewsAttachment(ctx context.Context, newsID, fileID int64) (string, error) {
	var name, title string
	err := tx.queryRow(ctx, `DELETE FROM files f USING news_attachments na, news n
		WHERE f.committee_id = $1 AND f.id = $3
		  AND na.committee_id = f.committee_id AND na.file_id = f.id AND na.news_id = $2
		  AND n.committee_id = na.committee_id AND n.id = na.news_id
		RETURNING f.name, n.title`, tx.sc.CommitteeID, newsID, fileID).Scan(&name, &title)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", clts.Errorf(clts.ENOTFOUND, "Pièce jointe introuvable.")
	}
	if err != nil {
		return "", fmt.Errorf("postgres: delete news attachment: %w", err)
	}
	return name, tx.auditOn(ctx, "news.detach", name+" — "+newsSubject(title), clts.On(clts.ObjectNews, newsID))
}

// DeleteNationalNewsAttachment removes an attachment of a national item
// and its national file (HCTS scope), and returns the file's name.
func (tx *Tx) DeleteNationalNewsAttachment(ctx context.Context, newsID, fileID int64) (string, error) {
	var name, title string
	err := tx.queryRow(ctx, `DELETE FROM national_files f USING national_news_attachments na, national_news n
		WHERE f.id = $2 AND na.file_id = f.id AND na.news_id = $1 AND n.id = na.news_id
		RETURNING f.name, n.title`, newsID, fileID).Scan(&name, &title)
	if errors.Is(err, pgx.ErrNoRows) {
		return "", clts.Errorf(clts.ENOTFOUND, "Pièce jointe introuvable.")
	}
	if err != nil {
		return "", fmt.Errorf("postgres: delete national attachment: %w", err)
	}
	return name, tx.auditEntry(ctx, clts.AuditEntry{ActorID: tx.sc.AccountID, Action: "news.national.detach", Subject: name + " — " + newsSubject(title)})
}

package postgres

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// FileChunkSize is the size of a stored file's chunks: a file streams in
// and out 256 KiB at a time, never held whole in memory.
const FileChunkSize = 256 << 10

// maxFileName is the longest file name stored, in characters.
const maxFileName = 255

// fileName trims name and shortens it to maxFileName characters, keeping
// its extension.
func fileName(name string) string {
	name = strings.TrimSpace(name)
	if utf8.RuneCountInString(name) <= maxFileName {
		return name
	}
	ext := ""
	if i := strings.LastIndexByte(name, '.'); i > 0 && utf8.RuneCountInString(name[i:]) <= 16 {
		name, ext = name[:i], name[i:]
	}
	r := []rune(name)
	return string(r[:maxFileName-utf8.RuneCountInString(ext)]) + ext
}

// CreateFile stores a file of the scope's committee, created by the scope's
// account: size bytes read from r (a spooled upload: its size is known),
// written in chunks of FileChunkSize, one statement per chunk, its SHA-256
// computed on the way. A reader that gives more or fewer bytes than size
// fails the unit of work. The caller has checked the content type.
func (tx *Tx) CreateFile(ctx context.Context, name, contentType string, r io.Reader, size int64) (int64, error) {
	name = fileName(name)
	if name == "" {
		return 0, clts.Errorf(clts.EINVALID, "Le fichier n'a pas de nom.")
	}
	if size <= 0 {
		return 0, clts.Errorf(clts.EINVALID, "Le fichier est vide.")
	}
	cid := tx.sc.CommitteeID
	var id int64
	// The hash is known at the end: an empty one meanwhile, in the same
	// unit of work, so nobody ever reads it.
	err := tx.queryRow(ctx, `INSERT INTO files (committee_id, name, content_type, size, sha256, created_by)
		VALUES ($1, $2, $3, $4, '', $5) RETURNING id`, cid, name, contentType, size, tx.sc.AccountID).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("postgres: create file: %w", mapError(err))
	}
	sum, err := writeChunks(r, size, func(seq int, data []byte) error {
		_, err := tx.exec(ctx, `INSERT INTO file_chunks (committee_id, file_id, seq, data) VALUES ($1, $2, $3, $4)`,
			cid, id, seq, data)
		return err
	})
	if err != nil {
		return 0, err
	}
	if _, err := tx.exec(ctx, `UPDATE files SET sha256 = $3 WHERE committee_id = $1 AND id = $2`, cid, id, sum); err != nil {
		return 0, fmt.Errorf("postgres: create file: %w", err)
	}
	return id, nil
}

// writeChunks reads size bytes from r in chunks of FileChunkSize and hands
// each to insert (one statement per chunk: COPY FROM is refused on tables
// under row-level security), the buffer reused between them, and returns
// their SHA-256. A reader that gives more or fewer bytes than size is an
// error. The committee's files and the national ones share it.
func writeChunks(r io.Reader, size int64, insert func(seq int, data []byte) error) ([]byte, error) {
	h := sha256.New()
	buf := make([]byte, FileChunkSize)
	src := io.TeeReader(io.LimitReader(r, size+1), h)
	var total int64
	for seq := 0; ; seq++ {
		n, err := io.ReadFull(src, buf)
		if n > 0 {
			total += int64(n)
			if total > size {
				return nil, fmt.Errorf("postgres: create file: more than the %d bytes announced", size)
			}
			if err := insert(seq, buf[:n]); err != nil {
				return nil, fmt.Errorf("postgres: file chunk: %w", err)
			}
		}
		if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("postgres: create file: read: %w", err)
		}
	}
	if total != size {
		return nil, fmt.Errorf("postgres: create file: %d bytes read, %d announced", total, size)
	}
	return h.Sum(nil), nil
}

// AttachFile attaches a file of the committee to a practice of the
// committee, after its other attachments. On a published practice the
// change goes to its history.
func (tx *Tx) AttachFile(ctx context.Context, practiceID, fileID int64) error {
	var status, title, name string
	err := tx.queryRow(ctx, `SELECT p.status, p.title, f.name FROM practices p, files f
		WHERE p.committee_id = $1 AND p.id = $2 AND f.committee_id = $1 AND f.id = $3`,
		tx.sc.CommitteeID, practiceID, fileID).Scan(&status, &title, &name)
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Errorf(clts.ENOTFOUND, "Pratique ou fichier introuvable.")
	}
	if err != nil {
		return fmt.Errorf("postgres: attach file: %w", err)
	}
	_, err = tx.exec(ctx, `INSERT INTO practice_attachments (committee_id, practice_id, file_id, position)
		VALUES ($1, $2, $3, (SELECT coalesce(max(position), 0) + 1 FROM practice_attachments WHERE committee_id = $1 AND practice_id = $2))
		ON CONFLICT DO NOTHING`, tx.sc.CommitteeID, practiceID, fileID)
	if err != nil {
		return fmt.Errorf("postgres: attach file: %w", mapError(err))
	}
	if status == clts.PracticePublished {
		if err := tx.recordRevision(ctx, practiceID, []string{"pieces_jointes"}); err != nil {
			return err
		}
	}
	return tx.auditOn(ctx, "practice.attach", name+" — "+practiceSubject(clts.Practice{ID: practiceID, Title: title}), clts.On(clts.ObjectPractice, practiceID))
}

// attachmentScope is the condition on practices p that makes its
// attachments readable in the unit of work: the scope's committee, or,
// in a national scope, a shared published practice of any committee
// (row-level security says the same; the query does not rely on it).
// The committee is parameter $n.
func (tx *Tx) attachmentScope(n int) (string, []any) {
	if tx.sc.National && tx.sc.CommitteeID == 0 {
		return `p.status = 'publiee' AND p.shared_at IS NOT NULL`, nil
	}
	return `p.committee_id = $` + strconv.Itoa(n), []any{tx.sc.CommitteeID}
}

// PracticeAttachments lists a practice's attachments in their order, in
// a committee scope or, for a shared practice, a national one.
func (tx *Tx) PracticeAttachments(ctx context.Context, practiceID int64) ([]clts.File, error) {
	cond, args := tx.attachmentScope(2)
	rows, err := tx.query(ctx, `SELECT f.id, f.name, f.content_type, f.size, f.created_at
		FROM practices p
		JOIN practice_attachments pa ON pa.committee_id = p.committee_id AND pa.practice_id = p.id
		JOIN files f ON f.committee_id = pa.committee_id AND f.id = pa.file_id
		WHERE p.id = $1 AND `+cond+`
		ORDER BY pa.position, f.id`, append([]any{practiceID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("postgres: attachments: %w", err)
	}
	out, err := pgx.CollectRows(rows, scanFile)
	if err != nil {
		return nil, fmt.Errorf("postgres: attachments: %w", err)
	}
	return out, nil
}

func scanFile(row pgx.CollectableRow) (clts.File, error) {
	var f clts.File
	err := row.Scan(&f.ID, &f.Name, &f.ContentType, &f.Size, &f.CreatedAt)
	return f, err
}

// PracticeAttachment returns the file fileID when it is attached to
// practice practiceID and readable in the unit of work (see
// PracticeAttachments); ENOTFOUND otherwise.
func (tx *Tx) PracticeAttachment(ctx context.Context, practiceID, fileID int64) (*clts.File, error) {
	cond, args := tx.attachmentScope(3)
	rows, err := tx.query(ctx, `SELECT f.id, f.name, f.content_type, f.size, f.created_at
		FROM practices p
		JOIN practice_attachments pa ON pa.committee_id = p.committee_id AND pa.practice_id = p.id
		JOIN files f ON f.committee_id = pa.committee_id AND f.id = pa.file_id
		WHERE p.id = $1 AND pa.file_id = $2 AND `+cond, append([]any{practiceID, fileID}, args...)...)
	if err != nil {
		return nil, fmt.Errorf("postgres: attachment: %w", err)
	}
	f, err := pgx.CollectExactlyOneRow(rows, scanFile)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Pièce jointe introuvable.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: attachment: %w", err)
	}
	return &f, nil
}

// WriteFileContent streams a file's chunks, in order, to w: one chunk in
// memory at a time. Read it from a snapshot (DB.Snapshot) after
// PracticeAttachment allowed it; in a national scope, only the files of
// shared practices are readable.
func (tx *Tx) WriteFileContent(ctx context.Context, fileID int64, w io.Writer) error {
	var rows pgx.Rows
	var err error
	if tx.sc.National && tx.sc.CommitteeID == 0 {
		rows, err = tx.query(ctx, `SELECT fc.data FROM file_chunks fc
			WHERE fc.file_id = $1 AND EXISTS (SELECT FROM practice_attachments pa
				JOIN practices p ON p.committee_id = pa.committee_id AND p.id = pa.practice_id
				WHERE pa.committee_id = fc.committee_id AND pa.file_id = fc.file_id
				  AND p.status = 'publiee' AND p.shared_at IS NOT NULL)
			ORDER BY fc.committee_id, fc.seq`, fileID)
	} else {
		rows, err = tx.query(ctx, `SELECT data FROM file_chunks WHERE committee_id = $1 AND file_id = $2 ORDER BY seq`,
			tx.sc.CommitteeID, fileID)
	}
	if err != nil {
		return fmt.Errorf("postgres: file content: %w", err)
	}
	return copyChunks(rows, w)
}

// copyChunks writes the chunks rows select (one bytea column, in order) to
// w, one chunk in memory at a time, and closes rows. The committee's files
// and the national ones share it.
func copyChunks(rows pgx.Rows, w io.Writer) error {
	defer rows.Close()
	for rows.Next() {
		// The raw value is the chunk itself (bytea in binary format),
		// valid until the next row: written without a copy.
		data := rows.RawValues()[0]
		if rows.FieldDescriptions()[0].Format != pgx.BinaryFormatCode {
			if err := rows.Scan(&data); err != nil {
				return fmt.Errorf("postgres: file content: %w", err)
			}
		}
		if _, err := w.Write(data); err != nil {
			return fmt.Errorf("postgres: file content: write: %w", err)
		}
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postgres: file content: %w", err)
	}
	return nil
}

// DeleteAttachment removes an attachment of a practice and its file; on
// a published practice the change goes to its history. ENOTFOUND when the
// file is not attached to that practice of the committee.
func (tx *Tx) DeleteAttachment(ctx context.Context, practiceID, fileID int64) error {
	var name, status, title string
	err := tx.queryRow(ctx, `DELETE FROM files f USING practice_attachments pa, practices p
		WHERE f.committee_id = $1 AND f.id = $3
		  AND pa.committee_id = f.committee_id AND pa.file_id = f.id AND pa.practice_id = $2
		  AND p.committee_id = pa.committee_id AND p.id = pa.practice_id
		RETURNING f.name, p.status, p.title`, tx.sc.CommitteeID, practiceID, fileID).Scan(&name, &status, &title)
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Errorf(clts.ENOTFOUND, "Pièce jointe introuvable.")
	}
	if err != nil {
		return fmt.Errorf("postgres: delete attachment: %w", err)
	}
	if status == clts.PracticePublished {
		if err := tx.recordRevision(ctx, practiceID, []string{"pieces_jointes"}); err != nil {
			return err
		}
	}
	return tx.auditOn(ctx, "practice.detach", name+" — "+practiceSubject(clts.Practice{ID: practiceID, Title: title}), clts.On(clts.ObjectPractice, practiceID))
}

// PracticeAttachmentsSize is the total size in bytes of a practice's
// attachments, for the per-practice limit.
func (tx *Tx) PracticeAttachmentsSize(ctx context.Context, practiceID int64) (int64, error) {
	var n int64
	err := tx.queryRow(ctx, `SELECT coalesce(sum(f.size), 0)::bigint FROM practice_attachments pa
		JOIN files f ON f.committee_id = pa.committee_id AND f.id = pa.file_id
		WHERE pa.committee_id = $1 AND pa.practice_id = $2`, tx.sc.CommitteeID, practiceID).Scan(&n)
	if err != nil {
		return 0, fmt.Errorf("postgres: attachments size: %w", err)
	}
	return n, nil
}

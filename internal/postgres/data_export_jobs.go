package postgres

import (
	"context"
	"errors"
	"fmt"
	"io"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// DataExport is an archive prepared in the background: requested, then
// ready with its size.
type DataExport struct {
	ID          int64
	RequestedAt time.Time
	ReadyAt     *time.Time
	Size        int64
}

// Background archives: a lease on a claimed request (another worker takes
// it after), the stored chunks' size, and how long a ready archive is kept.
const (
	dataExportLease     = 15 * time.Minute
	dataExportChunk     = 1 << 20
	DataExportRetention = 7 * 24 * time.Hour
)

// DataExportFilesSize is the size of every file the account of sc uploaded,
// in all its committees (each read in its own scope): what makes an archive
// large, and so prepared in the background.
func (db *DB) DataExportFilesSize(ctx context.Context, sc Scope) (int64, error) {
	var committees []int64
	err := db.Read(ctx, Scope{AccountID: sc.AccountID, IP: sc.IP}, func(tx *Tx) error {
		rows, err := tx.query(ctx, `SELECT committee_id FROM memberships WHERE account_id = $1`, sc.AccountID)
		if err != nil {
			return err
		}
		committees, err = pgx.CollectRows(rows, pgx.RowTo[int64])
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("postgres: export size: %w", err)
	}
	var total int64
	for _, c := range committees {
		err := db.Read(ctx, InCommittee(c, sc.AccountID), func(tx *Tx) error {
			var n int64
			err := tx.queryRow(ctx, `SELECT coalesce(sum(size), 0)::bigint FROM files
				WHERE committee_id = clts_committee_id() AND created_by = $1`, sc.AccountID).Scan(&n)
			total += n
			return err
		})
		if err != nil {
			return 0, fmt.Errorf("postgres: export size: %w", err)
		}
	}
	return total, nil
}

// RequestDataExport asks the worker for the scope's account's archive; a
// request still waiting is reused.
func (tx *Tx) RequestDataExport(ctx context.Context) (int64, error) {
	var id int64
	err := tx.queryRow(ctx, `SELECT id FROM data_exports WHERE account_id = $1 AND ready_at IS NULL`, tx.sc.AccountID).Scan(&id)
	if err == nil {
		return id, nil
	}
	if !errors.Is(err, pgx.ErrNoRows) {
		return 0, fmt.Errorf("postgres: request export: %w", err)
	}
	if err := tx.queryRow(ctx, `INSERT INTO data_exports (account_id) VALUES ($1) RETURNING id`, tx.sc.AccountID).Scan(&id); err != nil {
		return 0, fmt.Errorf("postgres: request export: %w", err)
	}
	return id, tx.audit(ctx, "account.export_request", "Mes données")
}

// MyDataExports lists the scope's account's archives, the newest first.
func (tx *Tx) MyDataExports(ctx context.Context) ([]DataExport, error) {
	rows, err := tx.query(ctx, `SELECT id, requested_at, ready_at, coalesce(size, 0) FROM data_exports
		WHERE account_id = $1 ORDER BY requested_at DESC, id DESC`, tx.sc.AccountID)
	if err != nil {
		return nil, fmt.Errorf("postgres: my exports: %w", err)
	}
	return pgx.CollectRows(rows, func(row pgx.CollectableRow) (DataExport, error) {
		var e DataExport
		return e, row.Scan(&e.ID, &e.RequestedAt, &e.ReadyAt, &e.Size)
	})
}

// WriteDataExportArchive writes the scope's account's ready archive id to
// w, one chunk in memory at a time; ENOTFOUND when it is not theirs or not
// ready.
func (tx *Tx) WriteDataExportArchive(ctx context.Context, id int64, w io.Writer) error {
	var ready bool
	err := tx.queryRow(ctx, `SELECT ready_at IS NOT NULL FROM data_exports WHERE id = $1 AND account_id = $2`,
		id, tx.sc.AccountID).Scan(&ready)
	if errors.Is(err, pgx.ErrNoRows) || (err == nil && !ready) {
		return clts.Errorf(clts.ENOTFOUND, "Cette archive n'existe pas ou n'est pas encore prête.")
	}
	if err != nil {
		return fmt.Errorf("postgres: export archive: %w", err)
	}
	rows, err := tx.query(ctx, `SELECT data FROM data_export_chunks WHERE export_id = $1 ORDER BY seq`, id)
	if err != nil {
		return fmt.Errorf("postgres: export archive: %w", err)
	}
	return copyChunks(rows, w)
}

// BuildNextDataExport claims the oldest waiting request (FOR UPDATE SKIP
// LOCKED, with a lease, so that every instance may run the worker), builds
// its archive in the account's own scope and stores it in chunks, each
// written as it is full; the archive is marked ready last. It reports
// whether there was a request.
func (db *DB) BuildNextDataExport(ctx context.Context, now time.Time) (bool, error) {
	var id, account int64
	err := db.Write(ctx, Scope{Operator: true}, func(tx *Tx) error {
		return tx.queryRow(ctx, `UPDATE data_exports SET claimed_at = $1 WHERE id = (
				SELECT id FROM data_exports WHERE ready_at IS NULL AND (claimed_at IS NULL OR claimed_at < $2)
				ORDER BY requested_at FOR UPDATE SKIP LOCKED LIMIT 1)
			RETURNING id, account_id`, now, now.Add(-dataExportLease)).Scan(&id, &account)
	})
	if errors.Is(err, pgx.ErrNoRows) {
		return false, nil
	}
	if err != nil {
		return false, fmt.Errorf("postgres: claim export: %w", err)
	}
	own := Scope{AccountID: account}
	// A request claimed before by a worker that died: start afresh.
	if err := db.Write(ctx, own, func(tx *Tx) error {
		_, err := tx.exec(ctx, `DELETE FROM data_export_chunks WHERE export_id = $1`, id)
		return err
	}); err != nil {
		return true, fmt.Errorf("postgres: build export: %w", err)
	}
	cw := &chunkWriter{flush: func(seq int, data []byte) error {
		return db.Write(ctx, own, func(tx *Tx) error {
			_, err := tx.exec(ctx, `INSERT INTO data_export_chunks (export_id, seq, data) VALUES ($1, $2, $3)`, id, seq, data)
			return err
		})
	}}
	if err := db.WriteDataExport(ctx, own, cw); err != nil {
		return true, err
	}
	if err := cw.Close(); err != nil {
		return true, fmt.Errorf("postgres: build export: %w", err)
	}
	return true, db.Write(ctx, own, func(tx *Tx) error {
		_, err := tx.exec(ctx, `UPDATE data_exports SET ready_at = now(), size = $2 WHERE id = $1`, id, cw.size)
		return err
	})
}

// PurgeDataExports deletes the archives ready before before (their
// retention, DataExportRetention), with their chunks.
func (db *DB) PurgeDataExports(ctx context.Context, before time.Time) (int64, error) {
	var n int64
	err := db.Write(ctx, Scope{Operator: true}, func(tx *Tx) error {
		tag, err := tx.exec(ctx, `DELETE FROM data_exports WHERE ready_at < $1`, before)
		n = tag.RowsAffected()
		return err
	})
	if err != nil {
		return 0, fmt.Errorf("postgres: purge exports: %w", err)
	}
	return n, nil
}

// chunkWriter cuts what is written into chunks of dataExportChunk bytes and
// hands each to flush as it is full; Close flushes the last one.
type chunkWriter struct {
	buf   []byte
	seq   int
	size  int64
	flush func(seq int, data []byte) error
}

func (c *chunkWriter) Write(p []byte) (int, error) {
	n := len(p)
	for len(p) > 0 {
		room := dataExportChunk - len(c.buf)
		take := min(room, len(p))
		c.buf = append(c.buf, p[:take]...)
		p = p[take:]
		if len(c.buf) == dataExportChunk {
			if err := c.emit(); err != nil {
				return 0, err
			}
		}
	}
	c.size += int64(n)
	return n, nil
}

func (c *chunkWriter) emit() error {
	if len(c.buf) == 0 {
		return nil
	}
	if err := c.flush(c.seq, c.buf); err != nil {
		return err
	}
	c.seq++
	c.buf = c.buf[:0]
	return nil
}

// Close writes the last, partial chunk.
func (c *chunkWriter) Close() error { return c.emit() }

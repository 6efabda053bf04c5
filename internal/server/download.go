package server

import (
	"context"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// download streams a stored file to the client as an attachment, from one
// REPEATABLE READ snapshot of the scope sc: find authorises the request and
// returns the file's description (an error, ENOTFOUND above all, becomes
// the French error page, since nothing is written before it returns); the
// content then streams chunk by chunk, never whole in memory. The committee
// download and the national one share it, so that both send the same
// headers: attachmentDisposition (uploads.go) for the name, the checked
// type, nosniff, the length, and no cache.
func (s *Server) download(w http.ResponseWriter, r *http.Request, sc postgres.Scope,
	find func(ctx context.Context, tx *postgres.Tx) (*clts.File, error)) {
	ctx := r.Context()
	dw := &downloadWriter{w: w}
	err := s.db.Snapshot(ctx, sc, func(tx *postgres.Tx) error {
		f, err := find(ctx, tx)
		if err != nil {
			return err
		}
		dw.file = f
		write := tx.WriteFileContent
		if f.National {
			write = tx.WriteNationalFileContent
		}
		if err := write(ctx, f.ID, dw); err != nil {
			return err
		}
		dw.start() // an empty file (none is stored) would still get its headers
		return nil
	})
	switch {
	case err == nil:
	case !dw.started:
		s.failDomain(w, r, err)
	default:
		// Bytes were sent: no error page can replace them. The connection
		// is cut, so that the download fails instead of ending as a file
		// that looks complete.
		if ctx.Err() == nil {
			s.log.ErrorContext(ctx, "file download", slog.Any("error", err))
		}
		panic(http.ErrAbortHandler)
	}
}

// downloadWriter writes the download's headers with its first bytes, so
// that an error before them can still be the French error page.
type downloadWriter struct {
	w       http.ResponseWriter
	file    *clts.File
	started bool
}

func (d *downloadWriter) start() {
	if d.started {
		return
	}
	d.started = true
	h := d.w.Header()
	h.Set("Content-Type", downloadType(d.file.ContentType))
	h.Set("Content-Disposition", attachmentDisposition(d.file.Name))
	h.Set("Content-Length", strconv.FormatInt(d.file.Size, 10))
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Cache-Control", cachePrivate)
	d.w.WriteHeader(http.StatusOK)
}

func (d *downloadWriter) Write(b []byte) (int, error) {
	d.start()
	return d.w.Write(b)
}

// downloadType is the type sent with a file: the type checked from its
// content when it was stored, if it is still one of the accepted types
// (acceptedType); anything else goes as plain bytes.
func downloadType(ct string) string {
	if t, ok := acceptedType(ct); ok {
		return t.mime
	}
	return "application/octet-stream"
}

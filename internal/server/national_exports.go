package server

import (
	"bufio"
	"compress/gzip"
	"context"
	"io"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/export"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/pages"
)

// The exports of the national reading: the contributions its filter (the
// query string) selects, as CSV, XLSX, JSON, an open-data archive, or a
// printable report. Each is recorded in the audit log with its filter,
// whose values also name the file; then it streams from one snapshot
// (REPEATABLE READ) to the response as the rows are read, so memory does
// not grow with their number.

// exportBase begins the exports' file names.
const exportBase = "contributions-hcts"

// nationalExport is one export's format.
type nationalExport struct {
	format      string // in the audit log
	ext         string // "" for the report, which is a page
	contentType string
	// text is a format worth compressing (CSV, JSON, the report's HTML);
	// XLSX and zip are compressed already.
	text bool
	// write writes the export of f to w from tx's snapshot.
	write func(ctx context.Context, s *Server, tx *postgres.Tx, w io.Writer, f readingFilter, now time.Time) error
}

// each is the stream of the contributions of q in tx.
func each(ctx context.Context, tx *postgres.Tx, q postgres.NationalQuery) export.Each {
	return func(fn func(*clts.Contribution) error) error { return tx.EachNationalContribution(ctx, q, fn) }
}

var (
	exportCSV = nationalExport{format: "CSV", ext: "csv", contentType: "text/csv; charset=utf-8", text: true,
		write: func(ctx context.Context, _ *Server, tx *postgres.Tx, w io.Writer, f readingFilter, _ time.Time) error {
			_, err := export.WriteCSV(w, each(ctx, tx, f.query))
			return err
		}}
	exportJSON = nationalExport{format: "JSON", ext: "json", contentType: "application/json; charset=utf-8", text: true,
		write: func(ctx context.Context, _ *Server, tx *postgres.Tx, w io.Writer, f readingFilter, now time.Time) error {
			_, err := export.WriteJSON(w, f.export, now, each(ctx, tx, f.query))
			return err
		}}
	exportXLSX = nationalExport{format: "XLSX", ext: "xlsx",
		contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
		write: func(ctx context.Context, _ *Server, tx *postgres.Tx, w io.Writer, f readingFilter, _ time.Time) error {
			counts, err := tx.NationalContributionCounts(ctx, f.query)
			if err != nil {
				return err
			}
			_, err = export.WriteXLSX(w, f.export, counts, each(ctx, tx, f.query))
			return err
		}}
	exportOpenData = nationalExport{format: "données ouvertes", ext: "zip", contentType: "application/zip",
		write: func(ctx context.Context, _ *Server, tx *postgres.Tx, w io.Writer, f readingFilter, now time.Time) error {
			committees, err := tx.Committees(ctx)
			if err != nil {
				return err
			}
			participation := export.Each(func(func(*clts.Contribution) error) error { return nil })
			if f.query.Category == "" || f.query.Category == clts.CategoryParticipation {
				q := f.query
				q.Category = clts.CategoryParticipation
				participation = each(ctx, tx, q)
			}
			_, err = export.WriteOpenData(w, export.OpenData{Filter: f.export, At: now, Committees: committees,
				Contributions: each(ctx, tx, f.query), Participation: participation,
				Practices: func(fn func(*clts.SharedPractice) error) error {
					return tx.EachSharedPractice(ctx, f.query.Committee, fn)
				}})
			return err
		}}
	exportReport = nationalExport{format: "rapport imprimable", contentType: "text/html; charset=utf-8", text: true,
		write: func(ctx context.Context, s *Server, tx *postgres.Tx, w io.Writer, f readingFilter, now time.Time) error {
			return s.writeReport(ctx, tx, w, f, now)
		}}
)

func (s *Server) handleNationalContributionsCSV(w http.ResponseWriter, r *http.Request) {
	s.exportNational(w, r, exportCSV)
}

func (s *Server) handleNationalContributionsXLSX(w http.ResponseWriter, r *http.Request) {
	s.exportNational(w, r, exportXLSX)
}

func (s *Server) handleNationalContributionsJSON(w http.ResponseWriter, r *http.Request) {
	s.exportNational(w, r, exportJSON)
}

func (s *Server) handleNationalContributionsOpenData(w http.ResponseWriter, r *http.Request) {
	s.exportNational(w, r, exportOpenData)
}

func (s *Server) handleNationalContributionsReport(w http.ResponseWriter, r *http.Request) {
	s.exportNational(w, r, exportReport)
}

// startedWriter sets the response's headers before its first byte, so
// that until then an error can still be the French error page.
type startedWriter struct {
	w       io.Writer
	start   func()
	started bool
}

func (sw *startedWriter) Write(p []byte) (int, error) {
	if !sw.started {
		sw.started = true
		sw.start()
	}
	return sw.w.Write(p)
}

// exportNational runs an export of the reading's current filter: a wrong
// filter goes back to the reading, which says what is wrong; the export
// is recorded in the audit log (no record, no export), then streamed.
func (s *Server) exportNational(w http.ResponseWriter, r *http.Request, e nationalExport) {
	ctx := r.Context()
	sc := readingScope(state(ctx))
	var f readingFilter
	err := s.db.Read(ctx, sc, func(tx *postgres.Tx) error {
		campaigns, err := tx.CampaignChoices(ctx)
		if err != nil {
			return err
		}
		committees, err := tx.Committees(ctx)
		if err != nil {
			return err
		}
		f = readReadingFilter(r.URL.Query(), campaigns, committees)
		return nil
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if len(f.errors) > 0 {
		http.Redirect(w, r, withFilter(paths.NationalContributions, r.URL.RawQuery), http.StatusSeeOther)
		return
	}
	now := s.now()
	name := ""
	if e.ext != "" {
		name = f.export.FileName(exportBase, now, e.ext)
	}
	// A text export is compressed here, at gzip's fastest level, rather
	// than by the middleware's level 5: 100,000 contributions are some
	// 140 MB of CSV, which level 5 compresses at about 40 MB/s, slower
	// than the rows are read (docs/benchmarks.md, issue 13). The
	// middleware leaves an answer that names its encoding as it is.
	var sink io.Writer = w
	var gz *gzip.Writer
	if e.text && acceptsGzip(r) {
		gz, _ = gzip.NewWriterLevel(w, gzip.BestSpeed)
		sink = gz
	}
	out := &startedWriter{w: sink, start: func() {
		h := w.Header()
		h.Set("Content-Type", e.contentType)
		h.Set("Cache-Control", "no-store")
		if name != "" {
			h.Set("Content-Disposition", `attachment; filename="`+name+`"`)
		}
		if gz != nil {
			h.Set("Content-Encoding", "gzip")
			h.Add("Vary", "Accept-Encoding")
		}
	}}
	if r.Method == http.MethodHead {
		// A HEAD asks what the file would be: no rows are read, nothing
		// is exported, nothing recorded.
		out.start()
		return
	}
	err = s.db.Write(ctx, sc, func(tx *postgres.Tx) error {
		return tx.RecordContributionsExport(ctx, e.format, f.export.Label(), name)
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	err = s.db.Snapshot(ctx, sc, func(tx *postgres.Tx) error {
		bw := bufio.NewWriterSize(out, 32<<10)
		if err := e.write(ctx, s, tx, bw, f, now); err != nil {
			return err
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		if gz != nil {
			return gz.Close()
		}
		return nil
	})
	switch {
	case err == nil:
	case !out.started:
		s.serverError(w, r, err)
	default:
		// Bytes were sent: no error page can replace them. The connection
		// is cut, so that the download fails instead of ending as a file
		// that looks complete.
		if ctx.Err() == nil {
			s.log.ErrorContext(ctx, "contributions export", slog.String("format", e.format), slog.Any("error", err))
		}
		panic(http.ErrAbortHandler)
	}
}

// acceptsGzip reports whether the request's Accept-Encoding names gzip
// (and does not refuse it with q=0).
func acceptsGzip(r *http.Request) bool {
	for _, part := range strings.Split(r.Header.Get("Accept-Encoding"), ",") {
		coding, params, _ := strings.Cut(part, ";")
		if !strings.EqualFold(strings.TrimSpace(coding), "gzip") {
			continue
		}
		q := strings.ReplaceAll(strings.TrimSpace(params), " ", "")
		return q != "q=0" && q != "q=0.0" && q != "q=0.00" && q != "q=0.000"
	}
	return false
}

// withFilter adds a raw query string to path.
func withFilter(path, rawQuery string) string {
	if rawQuery == "" {
		return path
	}
	return path + "?" + rawQuery
}

// writeReport writes the printable report: its head with the contents
// (counts per category), then each category's section with its
// contributions as they come, in the report's order.
func (s *Server) writeReport(ctx context.Context, tx *postgres.Tx, w io.Writer, f readingFilter, now time.Time) error {
	counts, err := tx.NationalContributionCounts(ctx, f.query)
	if err != nil {
		return err
	}
	d := pages.ReportData{CSS: s.assets.URL("css/report.css"), Filter: f.export.Label(), At: now,
		PerCat: map[string]int{}, BackQuery: f.values.Encode()}
	for _, c := range counts {
		d.PerCat[c.Category] += c.Count
		d.Total += c.Count
	}
	if err := pages.ReportHead(d).Render(ctx, w); err != nil {
		return err
	}
	next := 0
	// upTo writes the sections of the categories before category (empty:
	// they say so) and opens category's.
	upTo := func(category string) error {
		for next < len(clts.Categories) {
			if next > 0 {
				if err := pages.ReportSectionEnd().Render(ctx, w); err != nil {
					return err
				}
			}
			c := clts.Categories[next]
			next++
			if err := pages.ReportSection(c, d.PerCat[c]).Render(ctx, w); err != nil {
				return err
			}
			if c == category {
				return nil
			}
		}
		return nil
	}
	current := ""
	q := f.query
	q.HTML = true // the report shows the texts rendered
	err = tx.EachNationalContribution(ctx, q, func(c *clts.Contribution) error {
		if c.Category != current {
			current = c.Category
			if err := upTo(current); err != nil {
				return err
			}
		}
		return pages.ReportContribution(c).Render(ctx, w)
	})
	if err != nil {
		return err
	}
	if err := upTo(""); err != nil {
		return err
	}
	if err := pages.ReportSectionEnd().Render(ctx, w); err != nil {
		return err
	}
	return pages.ReportFoot().Render(ctx, w)
}

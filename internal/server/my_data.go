package server

import (
	"log/slog"
	"net/http"
	"strconv"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// The person's own data rights (RGPD): « Mes données », the archive and the
// erasure request. The pilots' side is in my_data_erasure.go.

// inlineExportLimit is the size of uploaded files beyond which a person's
// archive is prepared in the background (postgres.BuildNextDataExport)
// rather than streamed at once: a download of a few megabytes starts at
// once on a phone; beyond, a link to come back to is kinder than a long
// wait that a lost connection would waste.
const inlineExportLimit = 10 << 20

func (s *Server) myData(r *http.Request) (pages.MyDataData, error) {
	ctx := r.Context()
	st := state(ctx)
	var d pages.MyDataData
	size, err := s.db.DataExportFilesSize(ctx, postgres.Scope{AccountID: st.account.ID, IP: st.ip})
	if err != nil {
		return d, err
	}
	d.Large = size > inlineExportLimit
	err = s.db.Read(ctx, postgres.Scope{AccountID: st.account.ID, IP: st.ip}, func(tx *postgres.Tx) error {
		archives, err := tx.MyDataExports(ctx)
		if err != nil {
			return err
		}
		for _, a := range archives {
			d.Archives = append(d.Archives, pages.ArchiveRow{ID: a.ID, RequestedAt: a.RequestedAt, Ready: a.ReadyAt != nil,
				Size: components.FileSize(a.Size)})
		}
		req, err := tx.MyErasureRequest(ctx)
		if err != nil {
			return err
		}
		if req != nil {
			d.Pending, d.RequestedAt, d.DueOn = true, req.RequestedAt, req.DueOn
			return nil
		}
		a, err := tx.ErasureAsker(ctx)
		d.Refusal = auth.ErasureRequestRefusal(a)
		return err
	})
	return d, err
}

func (s *Server) handleMyData(w http.ResponseWriter, r *http.Request) {
	d, err := s.myData(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d.Requested = r.URL.Query().Get("demande") == "1" && d.Pending
	s.render(w, r, pages.MyData(s.page(r, "Mes données"), d))
}

// handleMyDataArchive streams the person's archive: every committee they
// belong to, each read in its own scope (postgres.WriteDataExport). The
// headers are sent with the first bytes, so that an error before them is
// still the French error page. A large archive is prepared in the
// background instead: the page says how.
func (s *Server) handleMyDataArchive(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	size, err := s.db.DataExportFilesSize(ctx, postgres.Scope{AccountID: st.account.ID, IP: st.ip})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if size > inlineExportLimit {
		http.Redirect(w, r, paths.MyData+"#titre-archive", http.StatusSeeOther)
		return
	}
	out := &startOnWrite{w: w, start: func(h http.Header) {
		h.Set("Content-Type", "application/zip")
		h.Set("Content-Disposition", `attachment; filename="mes-donnees-clts-`+time.Now().Format("2006-01-02")+`.zip"`)
		h.Set("Cache-Control", "no-store")
	}}
	err = s.db.WriteDataExport(ctx, postgres.Scope{AccountID: st.account.ID, IP: st.ip}, out)
	switch {
	case err == nil:
	case !out.started:
		s.serverError(w, r, err)
	default:
		// Part of the archive was sent: cut the connection so that the
		// download fails rather than ending as a broken file.
		if ctx.Err() == nil {
			s.log.ErrorContext(ctx, "data export", slog.Any("error", err))
		}
		panic(http.ErrAbortHandler)
	}
}

// handleMyDataArchiveRequest asks the worker for the person's archive.
func (s *Server) handleMyDataArchiveRequest(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	err := s.db.Write(ctx, postgres.Scope{AccountID: st.account.ID, IP: st.ip}, func(tx *postgres.Tx) error {
		_, err := tx.RequestDataExport(ctx)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, paths.MyData+"#titre-archive", http.StatusSeeOther)
}

// handleMyDataStored streams an archive the worker prepared, to its owner
// only (404 otherwise, and while it is not ready).
func (s *Server) handleMyDataStored(w http.ResponseWriter, r *http.Request) {
	id, ok := idParam(r, "exportID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	ctx := r.Context()
	st := state(ctx)
	out := &startOnWrite{w: w, start: func(h http.Header) {
		h.Set("Content-Type", "application/zip")
		h.Set("Content-Disposition", `attachment; filename="mes-donnees-clts-`+strconv.FormatInt(id, 10)+`.zip"`)
		h.Set("Cache-Control", "no-store")
	}}
	err := s.db.Read(ctx, postgres.Scope{AccountID: st.account.ID, IP: st.ip}, func(tx *postgres.Tx) error {
		return tx.WriteDataExportArchive(ctx, id, out)
	})
	switch {
	case err == nil:
	case !out.started:
		s.failDomain(w, r, err)
	default:
		if ctx.Err() == nil {
			s.log.ErrorContext(ctx, "stored data export", slog.Any("error", err))
		}
		panic(http.ErrAbortHandler)
	}
}

// startOnWrite sets the response's headers at its first write.
type startOnWrite struct {
	w       http.ResponseWriter
	start   func(http.Header)
	started bool
}

func (o *startOnWrite) Write(p []byte) (int, error) {
	if !o.started {
		o.started = true
		o.start(o.w.Header())
	}
	return o.w.Write(p)
}

// handleMyDataErasure records the person's erasure request, once they
// ticked the confirmation; without it the page comes back with the message
// next to the box (422) and nothing is written.
func (s *Server) handleMyDataErasure(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	if r.PostFormValue(paths.ErasureConfirmField) != "oui" {
		d, err := s.myData(r)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if !d.Pending && d.Refusal == "" {
			d.ConfirmError = "Cochez la case pour confirmer votre demande."
		}
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.MyData(s.page(r, "Mes données"), d))
		return
	}
	err := s.db.Write(ctx, postgres.Scope{AccountID: st.account.ID, IP: st.ip}, func(tx *postgres.Tx) error {
		return tx.RequestErasure(ctx, erasureNotice(s.cfg.BaseURL.String()))
	})
	if clts.ErrorCode(err) == clts.EFORBIDDEN {
		d, derr := s.myData(r)
		if derr != nil {
			s.serverError(w, r, derr)
			return
		}
		s.renderStatus(w, r, http.StatusForbidden, pages.MyData(s.page(r, "Mes données"), d))
		return
	}
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	http.Redirect(w, r, paths.MyData+"?demande=1", http.StatusSeeOther)
}

package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5"

	"github.com/portail-clts/clts/internal/paths"
)

// probesFirst answers the probes' GET and HEAD before the portal's
// middleware: load balancers ask several times a second, and a probe needs
// no request id, access log line, session, compression or request timeout.
// Everything else, the probes' other methods included, goes through the
// router, whose routes it exposes (chi.Routes) for the route matrix.
type probesFirst struct {
	chi.Router
	healthz, readyz http.HandlerFunc
}

func (p probesFirst) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method == http.MethodGet || r.Method == http.MethodHead {
		switch r.URL.Path {
		case paths.Healthz:
			p.healthz(w, r)
			return
		case paths.Readyz:
			p.readyz(w, r)
			return
		}
	}
	p.Router.ServeHTTP(w, r)
}

// probeHeaders are the headers of a probe's text answer: a load balancer
// reads the status, and nosniff is the only protection plain text needs.
func probeHeaders(w http.ResponseWriter) {
	h := w.Header()
	h.Set("Content-Type", "text/plain; charset=utf-8")
	h.Set("Cache-Control", "no-store")
	h.Set("X-Content-Type-Options", "nosniff")
}

// handleHealthz answers 200 while the process runs (liveness).
func (s *Server) handleHealthz(w http.ResponseWriter, r *http.Request) {
	probeHeaders(w)
	_, _ = io.WriteString(w, "ok\n")
}

// handleReadyz answers 200 when the portal can serve a signed-in page, 503
// otherwise (readiness): while shutting down (SHUTDOWN_DRAIN), and while the
// database does not answer, within readyTimeout, a statement reading the
// sessions table that every signed-in page reads first. A load balancer
// stops sending traffic, and resumes as soon as the database is back,
// without a restart.
func (s *Server) handleReadyz(w http.ResponseWriter, r *http.Request) {
	probeHeaders(w)
	if s.draining.Load() {
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, "shutting down\n")
		return
	}
	ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
	defer cancel()
	if err := s.db.Ready(ctx); err != nil {
		s.log.WarnContext(r.Context(), "not ready", slog.Any("error", err))
		w.WriteHeader(http.StatusServiceUnavailable)
		_, _ = io.WriteString(w, "database unavailable\n")
		return
	}
	_, _ = io.WriteString(w, "ready\n")
}

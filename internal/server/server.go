// Package server is the portal's HTTP layer: chi routes, middleware, one file
// per handler area and the central error renderer.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/portail-clts/clts/internal/config"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/web/layout"
	"github.com/portail-clts/clts/web/static"
)

// Pinger reports whether the database answers; *postgres.DB implements it.
type Pinger interface {
	Ping(ctx context.Context) error
}

// Server holds the dependencies of every handler.
type Server struct {
	cfg    config.Config
	db     Pinger
	log    *slog.Logger
	assets *static.Assets
}

// New builds a Server.
func New(cfg config.Config, db Pinger, logger *slog.Logger) (*Server, error) {
	assets, err := static.New()
	if err != nil {
		return nil, err
	}
	return &Server{cfg: cfg, db: db, log: logger, assets: assets}, nil
}

// Handler returns the portal's routes wrapped in its middleware.
func (s *Server) Handler() http.Handler {
	r := chi.NewRouter()
	r.Use(middleware.RequestID)
	r.Use(s.accessLog)
	r.Use(s.recoverPanic)
	r.Use(s.securityHeaders)
	r.Use(s.limitBody)
	r.Use(middleware.Timeout(s.cfg.RequestTimeout))
	r.Use(middleware.Compress(5, "text/html", "text/css", "text/plain", "text/csv",
		"text/calendar", "application/json", "image/svg+xml"))

	r.NotFound(func(w http.ResponseWriter, r *http.Request) { s.renderError(w, r, http.StatusNotFound) })
	r.MethodNotAllowed(func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, http.StatusMethodNotAllowed)
	})

	r.Get(paths.Healthz, s.handleHealthz)
	r.Get(paths.Readyz, s.handleReadyz)
	r.Get(paths.Static, s.handleStatic)

	r.Get(paths.Home, s.handleHome)
	r.Get(paths.Legal, s.handleAccessibility)
	return r
}

// page returns the shell properties shared by every page.
func (s *Server) page(r *http.Request, title string) layout.Page {
	return layout.Page{
		Title:   title,
		Current: r.URL.Path,
		CSS:     s.assets.URL("css/app.css"),
		Logo:    s.assets.URL("img/logo.svg"),
	}
}

// readyTimeout bounds the database check of /readyz, so a load balancer's
// probe never hangs on a dead server.
const readyTimeout = 2 * time.Second

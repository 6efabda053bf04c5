package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"time"
)

// serverMaxHeaderBytes is http.Server's bound on a request's line and
// headers. Its answer beyond it, like its answer to a malformed request
// line, is a plain-text English 431 or 400 written by net/http before any
// handler runs: Go (1.26) offers no hook to change it. The portal's own,
// lower bound (maxHeaderBytes, limitHeaders) therefore answers first, with
// the French page, for every request that parses; only requests no browser
// sends (headers over this bound, a broken request line) get Go's text.
const serverMaxHeaderBytes = 4 * maxHeaderBytes

// Shutdown says how Serve stops when its context ends.
type Shutdown struct {
	// Drain is how long requests are still served, while Draining has told
	// /readyz to answer 503, so that load balancers stop sending new ones
	// before the listener closes.
	Drain time.Duration
	// Timeout bounds the wait for in-flight requests once the listener is
	// closed.
	Timeout time.Duration
	// Draining, when not nil, is called as the drain begins.
	Draining func()
}

// ShutdownPlan returns the portal's shutdown plan: SHUTDOWN_DRAIN with /readyz
// answering 503, then SHUTDOWN_TIMEOUT for the requests in flight.
func (s *Server) ShutdownPlan() Shutdown {
	return Shutdown{
		Drain:    s.cfg.ShutdownDrain,
		Timeout:  s.cfg.ShutdownTimeout,
		Draining: func() { s.draining.Store(true) },
	}
}

// Serve answers on ln until ctx is cancelled, then shuts down gracefully:
// it keeps serving for sd.Drain while readiness says no, stops accepting
// connections, and lets in-flight requests finish within sd.Timeout. It
// returns within sd.Drain + sd.Timeout of ctx's end.
func Serve(ctx context.Context, ln net.Listener, h http.Handler, sd Shutdown, logger *slog.Logger) error {
	srv := &http.Server{
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    serverMaxHeaderBytes,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()

	select {
	case err := <-errc:
		return fmt.Errorf("server: %w", err)
	case <-ctx.Done():
	}
	if sd.Draining != nil {
		sd.Draining()
	}
	if sd.Drain > 0 {
		logger.Info("draining", slog.Duration("drain", sd.Drain))
		// Each connection closes after its next answer, so that clients
		// reconnect, through the load balancer, to another instance.
		srv.SetKeepAlivesEnabled(false)
		select {
		case <-time.After(sd.Drain):
		case err := <-errc:
			return fmt.Errorf("server: %w", err)
		}
	}
	logger.Info("shutting down", slog.Duration("timeout", sd.Timeout))
	sctx, cancel := context.WithTimeout(context.Background(), sd.Timeout)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		_ = srv.Close()
		return fmt.Errorf("server: shutdown: %w", err)
	}
	if err := <-errc; err != nil && !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("server: %w", err)
	}
	return nil
}

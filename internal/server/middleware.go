package server

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/netip"
	"runtime/debug"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/go-chi/chi/v5/middleware"

	"github.com/portail-clts/clts/internal/paths"
)

// accessLog writes one structured line per request. It logs the path only,
// never the query string nor headers, so tokens and passwords stay out of logs.
func (s *Server) accessLog(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		ww := middleware.NewWrapResponseWriter(w, r.ProtoMajor)
		next.ServeHTTP(ww, r)
		status := ww.Status()
		if status == 0 {
			status = http.StatusOK
		}
		level := slog.LevelInfo
		if status >= 500 {
			level = slog.LevelError
		}
		s.log.LogAttrs(r.Context(), level, "request",
			slog.String("method", r.Method),
			slog.String("path", r.URL.Path),
			slog.Int("status", status),
			slog.Int("bytes", ww.BytesWritten()),
			slog.Duration("duration", time.Since(start)),
			slog.String("request_id", middleware.GetReqID(r.Context())),
		)
	})
}

// recoverPanic turns a panicking handler into a logged error and a French
// 500 page. http.ErrAbortHandler keeps its meaning: abort silently.
func (s *Server) recoverPanic(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			rec := recover()
			if rec == nil {
				return
			}
			if err, ok := rec.(error); ok && errors.Is(err, http.ErrAbortHandler) {
				panic(rec)
			}
			s.log.ErrorContext(r.Context(), "panic",
				slog.String("error", fmt.Sprint(rec)),
				slog.String("stack", string(debug.Stack())),
				slog.String("request_id", middleware.GetReqID(r.Context())),
			)
			s.renderError(w, r, http.StatusInternalServerError)
		}()
		next.ServeHTTP(w, r)
	})
}

// contentSecurityPolicy allows our own scripts, styles and images only: no
// inline script, no third party, no framing.
const contentSecurityPolicy = "default-src 'self'; script-src 'self'; style-src 'self'; " +
	"img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; " +
	"base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

// securityHeaders sets the headers every response carries.
func (s *Server) securityHeaders(next http.Handler) http.Handler {
	secure := s.cfg.Secure()
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h := w.Header()
		h.Set("Content-Security-Policy", contentSecurityPolicy)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Cross-Origin-Opener-Policy", "same-origin")
		h.Set("Permissions-Policy", "camera=(), microphone=(), geolocation=(), interest-cohort=()")
		if secure {
			h.Set("Strict-Transport-Security", "max-age=63072000; includeSubDomains")
		}
		next.ServeHTTP(w, r)
	})
}

// limitBody caps request bodies; reading past the cap fails, and form
// parsing then answers 413. The forms that receive files (paths.IsUpload)
// have their own, larger cap (UPLOAD_MAX_BYTES), which the handler meets
// while reading: the fields typed before the files come back with the
// refusal next to the file field, rather than a bare 413. The rest of the
// portal keeps MAX_BODY_BYTES.
func (s *Server) limitBody(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		limit, upload := s.cfg.MaxBodyBytes, paths.IsUpload(r.URL.Path)
		if upload {
			limit = s.cfg.UploadMaxBytes
		}
		if r.ContentLength > limit && !upload {
			s.renderError(w, r, http.StatusRequestEntityTooLarge)
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, limit)
		next.ServeHTTP(w, r)
	})
}

// realIP replaces the peer address by the client's when the peer is a
// trusted reverse proxy: the right-most address of X-Forwarded-For that is
// not itself a trusted proxy. Other peers' headers are ignored, so nobody
// can choose the address the login throttle sees.
func (s *Server) realIP(next http.Handler) http.Handler {
	if len(s.cfg.TrustedProxies) == 0 {
		return next
	}
	trusted := func(a netip.Addr) bool {
		for _, p := range s.cfg.TrustedProxies {
			if p.Contains(a.Unmap()) {
				return true
			}
		}
		return false
	}
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		peer, err := netip.ParseAddrPort(r.RemoteAddr)
		if err == nil && trusted(peer.Addr()) {
			hops := strings.Split(strings.Join(r.Header.Values("X-Forwarded-For"), ","), ",")
			for i := len(hops) - 1; i >= 0; i-- {
				a, err := netip.ParseAddr(strings.TrimSpace(hops[i]))
				if err != nil {
					break
				}
				if !trusted(a) {
					r.RemoteAddr = netip.AddrPortFrom(a, 0).String()
					break
				}
			}
		}
		next.ServeHTTP(w, r)
	})
}

// maxHeaderBytes bounds a request's line and headers. Beyond it the portal
// answers its French 431 page (limitHeaders); http.Server's own bound,
// serverMaxHeaderBytes, is set higher because its answer is plain English
// text that no hook can change.
const maxHeaderBytes = 64 << 10

// limitHeaders answers the French 431 page to a request whose line and
// headers exceed maxHeaderBytes, counted as net/http counts them on the
// wire. A browser gets there with cookies piled up over the years.
func (s *Server) limitHeaders(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := len(r.Method) + len(r.RequestURI) + len(r.Proto) + len(r.Host) + 16
		for k, vs := range r.Header {
			for _, v := range vs {
				n += len(k) + len(v) + 4
			}
		}
		if n > maxHeaderBytes {
			s.renderError(w, r, http.StatusRequestHeaderFieldsTooLarge)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// requestTimeout gives the request its deadline (REQUEST_TIMEOUT): database
// statements and the session store stop there, and their error becomes the
// French 503 page (serverError). A handler that ran out of time and wrote
// nothing gets that page too; chi's Timeout wrote an empty 504 instead, and
// after a page already sent, a superfluous one. The deadline is cooperative:
// work that ignores its context runs on, bounded by http.Server's
// WriteTimeout (serve.go).
//
// A practice form sent with its files (paths.IsUpload) gets uploadTimeout
// instead, on its context and its connection: a slow line takes minutes
// to send 20 MB.
func (s *Server) requestTimeout(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		d := s.cfg.RequestTimeout
		if r.Method == http.MethodPost && paths.IsUpload(r.URL.Path) {
			d = max(d, uploadTimeout)
			extendDeadlines(w, d)
		}
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		aw := &answerWriter{ResponseWriter: w}
		next.ServeHTTP(aw, r.WithContext(ctx))
		if !aw.answered && errors.Is(ctx.Err(), context.DeadlineExceeded) {
			s.renderError(w, r, http.StatusServiceUnavailable)
		}
	})
}

// answerWriter notes whether the handler has begun its answer.
type answerWriter struct {
	http.ResponseWriter
	answered bool
}

func (w *answerWriter) WriteHeader(status int) {
	w.answered = true
	w.ResponseWriter.WriteHeader(status)
}

func (w *answerWriter) Write(b []byte) (int, error) {
	w.answered = true
	return w.ResponseWriter.Write(b)
}

// Flush keeps streamed answers (exports) streaming through the compressor.
func (w *answerWriter) Flush() {
	w.answered = true
	if f, ok := w.ResponseWriter.(http.Flusher); ok {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *answerWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// headAsGet answers HEAD with the GET route of the path, as load balancers
// and link checkers expect; net/http then sends the headers without the
// body. The portal declares no HEAD route of its own. chi's GetHead looks
// for a HEAD route first and mistakes a mounted router's index for one
// (HEAD /c/{slug}/ was a 405).
func headAsGet(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.Method == http.MethodHead {
			if rctx := chi.RouteContext(r.Context()); rctx != nil {
				rctx.RouteMethod = http.MethodGet
			}
		}
		next.ServeHTTP(w, r)
	})
}

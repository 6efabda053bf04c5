package server

import (
	"net/http"

	"github.com/alexedwards/scs/v2"
	"github.com/go-chi/chi/v5"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/config"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
)

// Session keys.
const (
	sessionAccount = "account_id"
	sessionStamp   = "stamp"
	sessionFlash   = "flash"
)

// newSessionManager keeps sessions in PostgreSQL (sessionStore); expired
// rows are removed by the background worker, not by a goroutine per server.
func newSessionManager(cfg config.Config, db *postgres.DB) *scs.SessionManager {
	sm := scs.New()
	sm.Codec = sessionCodec{}
	sm.Store = sessionStore{db: db, codec: sm.Codec}
	sm.IdleTimeout = cfg.SessionIdleTimeout
	sm.Lifetime = cfg.SessionLifetime
	sm.Cookie.Name = "clts_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = cfg.Secure()
	sm.Cookie.Path = "/"
	return sm
}

// cachePrivate keeps a response out of every cache, the browser's included:
// in social services several people share one computer, and its browser's
// history must not show the pages of whoever signed in before.
const cachePrivate = "private, no-store"

// session loads the request's session and, in the same statement, its
// account and the account's membership in the committee of the URL (chi
// has matched the route's {slug} by now), then hands over to loadAccount.
// Every page behind the session is private: the signed-in person's pages,
// and the forms that carry a secret (password, reset link, invitation).
func (s *Server) session(next http.Handler) http.Handler {
	load := s.sessions.LoadAndSave(s.loadAccount(next))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", cachePrivate)
		l := &sessionLoad{slug: chi.URLParam(r, "slug")}
		load.ServeHTTP(&sessionWriter{ResponseWriter: w}, r.WithContext(withSessionLoad(r.Context(), l)))
	})
}

// sessionWriter ends the handler's answer once the session could not be
// saved: scs saves it when the handler begins its answer, and on failure
// writes its error page (sessionFailed) just before the handler's status
// and body, which would follow the page.
type sessionWriter struct {
	http.ResponseWriter
	failed bool
}

func (w *sessionWriter) WriteHeader(status int) {
	if !w.failed {
		w.ResponseWriter.WriteHeader(status)
	}
}

func (w *sessionWriter) Write(b []byte) (int, error) {
	if w.failed {
		return len(b), nil
	}
	return w.ResponseWriter.Write(b)
}

// Flush keeps streamed answers streaming.
func (w *sessionWriter) Flush() {
	if f, ok := w.ResponseWriter.(http.Flusher); ok && !w.failed {
		f.Flush()
	}
}

// Unwrap lets http.ResponseController reach the connection's writer.
func (w *sessionWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// sessionFailed is scs's ErrorFunc: a session that cannot be read or saved
// is the portal's error page (503 when the database did not answer), not
// the library's English text, and the handler's own answer is dropped.
func (s *Server) sessionFailed(w http.ResponseWriter, r *http.Request, err error) {
	sw, ok := w.(*sessionWriter)
	if !ok {
		s.serverError(w, r, err)
		return
	}
	// What the handler meant to send does not belong on the error page.
	h := sw.Header()
	h.Del("Location")
	h.Del("Content-Disposition")
	h.Del("Content-Length")
	s.serverError(sw.ResponseWriter, r, err)
	sw.failed = true
}

// loadAccount keeps the signed-in account that the session store found. A
// session whose account is gone or disabled, or whose stamp is older than
// the account's (logged out everywhere, deactivated, password changed), is
// destroyed on the spot.
func (s *Server) loadAccount(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := &requestState{ip: clientIP(r)}
		ctx := r.Context()
		if id := s.sessions.GetInt64(ctx, sessionAccount); id != 0 {
			var sess postgres.Session
			if l := sessionLoadOf(ctx); l != nil {
				sess = l.session
			}
			a := sess.Account
			if a == nil || a.ID != id || a.Disabled || a.SessionStamp != s.sessions.GetInt64(ctx, sessionStamp) {
				if err := s.sessions.Destroy(ctx); err != nil {
					s.serverError(w, r, err)
					return
				}
			} else {
				st.account, st.membership, st.member, st.unread, st.supported = a, sess.Membership, sess.Member, sess.Unread, sess.Supported
			}
		}
		next.ServeHTTP(w, r.WithContext(withState(ctx, st)))
	})
}

// requireLogin sends anonymous visitors to the login page, to come back
// afterwards (GET, HEAD) or to start again (other methods).
func (s *Server) requireLogin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if st := state(r.Context()); st == nil || st.account == nil {
			target := paths.Login
			if r.Method == http.MethodGet || r.Method == http.MethodHead {
				target = paths.LoginReturning(r.URL.RequestURI())
			}
			// A half-signed-in session goes back to its second step.
			if p, ok := s.pendingLogin(r.Context()); ok {
				target = p.path()
			}
			http.Redirect(w, r, target, http.StatusSeeOther)
			return
		}
		next.ServeHTTP(w, r)
	})
}

// require refuses the request unless the policy allows the action: 404 for
// national pages (their existence is nobody else's business), 403 inside a
// committee the person belongs to.
func (s *Server) require(a auth.Action) func(http.Handler) http.Handler {
	return func(next http.Handler) http.Handler {
		return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			st := state(r.Context())
			if !st.principal().Can(a) {
				if st.membership != nil {
					s.renderError(w, r, http.StatusForbidden)
				} else {
					s.renderError(w, r, http.StatusNotFound)
				}
				return
			}
			next.ServeHTTP(w, r)
		})
	}
}

// crossOriginProtection refuses state-changing requests sent by another
// site (Fetch metadata and Origin checks), rendering the French 403 page.
// One route is exempt: the one-click unsubscribe (RFC 8058), which mail
// providers' servers POST on the person's behalf, from no page of the
// portal; its token alone says who, and it only moves e-mails to the
// portal.
func (s *Server) crossOriginProtection(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.AddInsecureBypassPattern(http.MethodPost + " " + paths.MailUnsubscribePattern)
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, http.StatusForbidden)
	}))
	return cop.Handler(next)
}

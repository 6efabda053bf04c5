package server

import (
	"net/http"

	"github.com/alexedwards/scs/pgxstore"
	"github.com/alexedwards/scs/v2"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
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

// newSessionManager keeps sessions in PostgreSQL (scs pgxstore); expired
// rows are removed by the background worker, not by a goroutine per server.
func newSessionManager(cfg config.Config, db *postgres.DB) *scs.SessionManager {
	sm := scs.New()
	sm.Store = pgxstore.NewWithCleanupInterval(db.Pool(), 0)
	sm.IdleTimeout = cfg.SessionIdleTimeout
	sm.Lifetime = cfg.SessionLifetime
	sm.Cookie.Name = "clts_session"
	sm.Cookie.HttpOnly = true
	sm.Cookie.SameSite = http.SameSiteLaxMode
	sm.Cookie.Secure = cfg.Secure()
	sm.Cookie.Path = "/"
	return sm
}

// loadAccount finds the signed-in account. A session whose account is
// disabled, or whose stamp is older than the account's (logged out
// everywhere, deactivated, password changed), is destroyed on the spot.
func (s *Server) loadAccount(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := &requestState{}
		ctx := r.Context()
		if id := s.sessions.GetInt64(ctx, sessionAccount); id != 0 {
			a, err := s.db.AccountByID(ctx, id)
			switch {
			case err != nil && clts.ErrorCode(err) != clts.ENOTFOUND:
				s.serverError(w, r, err)
				return
			case err != nil || a.Disabled || a.SessionStamp != s.sessions.GetInt64(ctx, sessionStamp):
				if err := s.sessions.Destroy(ctx); err != nil {
					s.serverError(w, r, err)
					return
				}
			default:
				st.account = a
			}
		}
		next.ServeHTTP(w, r.WithContext(withState(ctx, st)))
	})
}

// requireLogin sends anonymous visitors to the login page, to come back
// afterwards (GET) or to start again (other methods).
func (s *Server) requireLogin(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if st := state(r.Context()); st == nil || st.account == nil {
			target := paths.Login
			if r.Method == http.MethodGet {
				target = paths.LoginReturning(r.URL.RequestURI())
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
func (s *Server) crossOriginProtection(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.renderError(w, r, http.StatusForbidden)
	}))
	return cop.Handler(next)
}

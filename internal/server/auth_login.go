package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// loginFailed is the one message for every failed login: it never tells
// whether the account exists.
const loginFailed = "Identifiant ou mot de passe incorrect. Vérifiez votre saisie ; après plusieurs erreurs, les tentatives sont ralenties puis suspendues un moment."

func loginForm(identifier, returnTo string) pages.LoginForm {
	return pages.LoginForm{
		Identifier: components.Field{Name: "identifiant", Label: "Adresse électronique ou identifiant",
			Value: identifier, Autocomplete: "username", MaxLength: clts.MaxIdentifier},
		Password: components.Field{Name: "mot_de_passe", Label: "Mot de passe", Type: "password",
			Autocomplete: "current-password", MaxLength: clts.MaxPassword},
		Return: safeReturn(returnTo),
	}
}

func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) {
	if st := state(r.Context()); st.account != nil {
		http.Redirect(w, r, s.homeOf(r), http.StatusSeeOther)
		return
	}
	s.render(w, r, pages.Login(s.page(r, "Se connecter"), loginForm("", r.URL.Query().Get("retour"))))
}

// loginAttempt is what the first unit of work of a login learned: the
// account typed (nil when none matches), the name its failures count under
// and the throttle's verdict.
type loginAttempt struct {
	acc     *clts.Account
	key     string
	verdict auth.Verdict
}

// beginLogin finds the account and counts the attempt as a failure until
// its outcome is known, in one unit of work committed before the password
// is checked: the count must hold while the CPU-heavy check runs, and no
// transaction stays open during it. A refused attempt is recorded at once.
func (s *Server) beginLogin(ctx context.Context, ip, identifier string) (loginAttempt, error) {
	var a loginAttempt
	err := s.db.Write(ctx, postgres.Scope{IP: ip}, func(tx *postgres.Tx) error {
		acc, err := tx.AccountByIdentifier(ctx, identifier)
		if err != nil && clts.ErrorCode(err) != clts.ENOTFOUND {
			return err
		}
		// Failures count per account, whether its e-mail address or its
		// login name was typed, and per typed name when no account matches.
		a.acc, a.key = acc, identifier
		if acc != nil {
			a.key = acc.Login
		}
		forLogin, forAddr, err := tx.BeginLogin(ctx, a.key, s.now().Add(-auth.ThrottleWindow))
		if err != nil {
			return err
		}
		a.verdict = auth.Throttle(forLogin, forAddr)
		if a.verdict.Refused {
			return tx.FinishLogin(ctx, a.key, identifier, 0, false, "tentatives suspendues")
		}
		return nil
	})
	return a, err
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	identifier := formValue(r, "identifiant")
	password := r.PostFormValue("mot_de_passe")
	f := loginForm(identifier, r.PostFormValue("retour"))
	if fe := fieldErrors(clts.ValidateSignIn(identifier, password)); len(fe) > 0 {
		f.Identifier.Error, f.Password.Error = fe["identifiant"], fe["mot_de_passe"]
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.Login(s.page(r, "Se connecter"), f))
		return
	}

	ip := clientIP(r)
	a, err := s.beginLogin(ctx, ip, identifier)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	acc := a.acc
	if a.verdict.Refused {
		f.Error = "Trop de tentatives de connexion ont échoué. Par sécurité, patientez 15 minutes avant de réessayer, ou utilisez « Mot de passe oublié ? »."
		s.renderStatus(w, r, http.StatusTooManyRequests, pages.Login(s.page(r, "Se connecter"), f))
		return
	}
	if a.verdict.Delay > 0 {
		select {
		case <-time.After(a.verdict.Delay):
		case <-ctx.Done():
			return
		}
	}

	// The password is checked, and a better hash made, outside any
	// transaction: argon2id takes a while and much CPU.
	ok, rehash := false, false
	if acc != nil && !acc.Disabled {
		ok, rehash, err = s.verifyPassword(ctx, acc.PasswordHash, password)
		if err != nil && ctx.Err() == nil {
			s.log.ErrorContext(ctx, "stored password hash", slog.Int64("account", acc.ID), slog.Any("error", err))
		}
	} else {
		// Spend the same time as a real check, so timing does not tell
		// whether the account exists.
		_, _, _ = s.verifyPassword(ctx, s.dummyHash, password)
	}
	if !ok {
		var id int64
		reason := "compte inconnu"
		if acc != nil {
			id, reason = acc.ID, "mot de passe incorrect"
			if acc.Disabled {
				reason = "compte désactivé"
			}
		}
		err := s.db.Write(ctx, postgres.Scope{AccountID: id, IP: ip}, func(tx *postgres.Tx) error {
			return tx.FinishLogin(ctx, a.key, identifier, id, false, reason)
		})
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		f.Error = loginFailed
		s.renderStatus(w, r, http.StatusUnauthorized, pages.Login(s.page(r, "Se connecter"), f))
		return
	}

	var newHash string
	if rehash {
		if h, err := auth.HashPassword(password, s.cfg.PasswordParams); err == nil {
			newHash = h
		}
	}
	target := safeReturn(r.PostFormValue("retour"))
	err = s.db.Write(ctx, postgres.Scope{AccountID: acc.ID, IP: ip}, func(tx *postgres.Tx) error {
		if err := tx.FinishLogin(ctx, a.key, identifier, acc.ID, true, ""); err != nil {
			return err
		}
		if newHash != "" {
			if err := tx.RehashPassword(ctx, newHash); err != nil {
				return err
			}
		}
		if target != "" {
			return nil
		}
		ms, err := tx.MembershipsOfAccount(ctx)
		target = homeFor(acc, ms)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	// A new token at login: a token planted before login is worth nothing.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessionAccount, acc.ID)
	s.sessions.Put(ctx, sessionStamp, acc.SessionStamp)
	state(ctx).account = acc
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// homeFor is where a signed-in person lands: their committee when they have
// exactly one, else the committee list.
func homeFor(acc *clts.Account, ms []clts.Membership) string {
	if len(ms) == 1 && !acc.Operator {
		return paths.CommitteeHome(ms[0].Committee.Slug)
	}
	return paths.Committees
}

// homeOf is homeFor for the signed-in person of the request; the committee
// list when their committees cannot be read.
func (s *Server) homeOf(r *http.Request) string {
	ms, err := s.myMemberships(r.Context())
	if err != nil {
		return paths.Committees
	}
	return homeFor(state(r.Context()).account, ms)
}

// myMemberships reads the signed-in person's active memberships, across
// committees, in one unit of work.
func (s *Server) myMemberships(ctx context.Context) ([]clts.Membership, error) {
	var ms []clts.Membership
	err := s.db.Read(ctx, state(ctx).scope(), func(tx *postgres.Tx) error {
		var err error
		ms, err = tx.MembershipsOfAccount(ctx)
		return err
	})
	return ms, err
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	if st := state(ctx); st.account != nil {
		err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
			return tx.RecordLogout(ctx)
		})
		if err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	if err := s.sessions.Destroy(ctx); err != nil {
		s.serverError(w, r, err)
		return
	}
	// Destroy forgets the data; a fresh token carries the flash message.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, paths.Home, "Vous êtes déconnecté. À bientôt !")
}

func (s *Server) handleMyCommittees(w http.ResponseWriter, r *http.Request) {
	st := state(r.Context())
	ms, err := s.myMemberships(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, pages.MyCommittees(s.page(r, "Mes comités"), pages.MyCommitteesData{
		Memberships: ms, Operator: st.account.Operator, HCTSReader: st.account.HCTSReader,
	}))
}

// verifyPassword checks a password against its hash with at most
// cap(hashSlots) argon2id computations at once; it waits for a slot.
func (s *Server) verifyPassword(ctx context.Context, hash, password string) (ok, rehash bool, err error) {
	select {
	case s.hashSlots <- struct{}{}:
	case <-ctx.Done():
		return false, false, ctx.Err()
	}
	defer func() { <-s.hashSlots }()
	return auth.VerifyPassword(hash, password, s.cfg.PasswordParams)
}

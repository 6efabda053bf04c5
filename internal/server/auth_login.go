package server

import (
	"context"
	"errors"
	"fmt"
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

// loginLocked is the refusal of an identifier that failed too often, the
// same whether an account has it or not: it says how to get in at once (a
// password reset lifts the lock) or how long to wait.
func loginLocked() string {
	return fmt.Sprintf("Trop de tentatives de connexion ont échoué avec cet identifiant : par sécurité, il est suspendu pendant %[1]d minutes au plus. "+
		"Pour vous connecter tout de suite, choisissez un nouveau mot de passe avec « Mot de passe oublié ? » : cela lève la suspension. "+
		"Sinon, patientez %[1]d minutes avant de réessayer.", int(auth.ThrottleWindow.Minutes()))
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
		// Failures count under the identifier as typed, whether an account
		// has it or not: counted per account, failures typed as an e-mail
		// address would slow down its login name too, and show that both
		// belong to one person.
		a.acc, a.key = acc, identifier
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
		f.Error = loginLocked()
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
	pw := s.checkLoginPassword(ctx, acc, password)
	if !pw.ok {
		var id int64
		if acc != nil {
			id = acc.ID
		}
		err := s.db.Write(ctx, postgres.Scope{AccountID: id, IP: ip}, func(tx *postgres.Tx) error {
			return tx.FinishLogin(ctx, a.key, identifier, id, false, pw.reason)
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
	if pw.rehash {
		if h, err := auth.HashPassword(password, s.cfg.PasswordParams); err == nil {
			newHash = h
		}
	}
	target := safeReturn(r.PostFormValue("retour"))
	// A secret to enrol, stored only if the account's role requires a
	// second factor it does not have yet.
	secret := auth.NewTOTPSecret()
	var step secondStep
	err = s.db.Write(ctx, postgres.Scope{AccountID: acc.ID, IP: ip}, func(tx *postgres.Tx) error {
		var ms []clts.Membership
		var err error
		if step, ms, err = s.finishPasswordStep(ctx, tx, acc, a.key, identifier, secret); err != nil {
			return err
		}
		if newHash != "" {
			if err := tx.RehashPassword(ctx, newHash); err != nil {
				return err
			}
		}
		if target == "" {
			target = homeFor(acc, ms)
		}
		return nil
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
	if step != noSecondStep {
		// The password was right; the code (or an enrolment) is due.
		s.beginSecondStep(w, r, acc, step, target)
		return
	}
	s.clearPendingLogin(ctx)
	s.sessions.Put(ctx, sessionAccount, acc.ID)
	s.sessions.Put(ctx, sessionStamp, acc.SessionStamp)
	state(ctx).account = acc
	http.Redirect(w, r, target, http.StatusSeeOther)
}

// passwordStep is the outcome of a login's password step.
type passwordStep struct {
	ok     bool   // the account is active and the password right
	rehash bool   // its hash should be remade with today's parameters
	reason string // why not ok, for the audit log
}

// checkLoginPassword checks the password typed for acc (nil when no
// account matched). Every path costs exactly one argon2id check, against
// the account's hash or, for a missing or disabled account or an unreadable
// hash, against the dummy one: the time taken does not tell whether an
// identifier exists. It runs outside any transaction.
func (s *Server) checkLoginPassword(ctx context.Context, acc *clts.Account, password string) passwordStep {
	hash, reason := s.dummyHash, "compte inconnu"
	if acc != nil {
		hash, reason = acc.PasswordHash, "mot de passe incorrect"
		if acc.Disabled {
			hash, reason = s.dummyHash, "compte désactivé"
		}
	}
	ok, rehash, err := s.verifyPassword(ctx, hash, password)
	if errors.Is(err, auth.ErrBadHash) && hash != s.dummyHash {
		s.log.ErrorContext(ctx, "stored password hash", slog.Int64("account", acc.ID), slog.Any("error", err))
		_, _, _ = s.verifyPassword(ctx, s.dummyHash, password)
	}
	if !ok || hash == s.dummyHash {
		return passwordStep{reason: reason}
	}
	return passwordStep{ok: true, rehash: rehash}
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
	s.redirectWithFlash(w, r, paths.Home, "Déconnexion réussie. À bientôt !")
}

// handleMyCommittees is the signed-in person's committees; for an HCTS
// reader who belongs to none, it is their home: the national space.
func (s *Server) handleMyCommittees(w http.ResponseWriter, r *http.Request) {
	d, err := s.myHomeData(r.Context())
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, pages.MyCommittees(s.page(r, d.Heading()), d))
}

// hashPassword hashes a new password with at most cap(hashSlots) argon2id
// computations at once, like verifyPassword: a flood of password forms
// waits for slots instead of taking memory without bound.
func (s *Server) hashPassword(ctx context.Context, password string) (string, error) {
	select {
	case s.hashSlots <- struct{}{}:
	case <-ctx.Done():
		return "", ctx.Err()
	}
	defer func() { <-s.hashSlots }()
	return auth.HashPassword(password, s.cfg.PasswordParams)
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

package server

import (
	"context"
	"net/http"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

func forgotData(email string) pages.ForgotData {
	return pages.ForgotData{Email: components.Field{Name: "email", Label: "Adresse électronique", Type: "email",
		Value: email, Autocomplete: "email", MaxLength: clts.MaxEmail}}
}

func (s *Server) handleForgotForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, pages.Forgot(s.page(r, "Mot de passe oublié"), forgotData("")))
}

// handleForgot sends a reset link when the address has an account, and says
// the same thing either way.
func (s *Server) handleForgot(w http.ResponseWriter, r *http.Request) {
	start := time.Now()
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	fe := clts.FieldErrors{}
	email := clts.NormalizeEmail(fe, "email", r.PostFormValue("email"))
	if email == "" {
		fe.Add("email", "Indiquez l'adresse électronique de votre compte.")
	}
	d := forgotData(email)
	if len(fe) > 0 {
		d.Email.Error = fe["email"]
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.Forgot(s.page(r, "Mot de passe oublié"), d))
		return
	}
	if err := s.sendReset(ctx, clientIP(r), email); err != nil {
		s.serverError(w, r, err)
		return
	}
	// Answer after the same time whether an account exists or not, so
	// that timing does not tell.
	select {
	case <-time.After(time.Until(start.Add(forgotAnswerTime))):
	case <-ctx.Done():
		return
	}
	d.Sent = true
	s.render(w, r, pages.Forgot(s.page(r, "Mot de passe oublié"), d))
}

// sendReset creates a reset link for the active account of email, if any,
// and queues its e-mail. The account is looked up anonymously; the link is
// then made in the account's own scope, as the one asking.
func (s *Server) sendReset(ctx context.Context, ip, email string) error {
	var acc *clts.Account
	err := s.db.Read(ctx, postgres.Scope{IP: ip}, func(tx *postgres.Tx) error {
		var err error
		acc, err = tx.AccountByIdentifier(ctx, email)
		return err
	})
	switch {
	case clts.ErrorCode(err) == clts.ENOTFOUND:
		return nil
	case err != nil:
		return err
	case acc.Disabled:
		return nil
	}
	token := auth.NewToken()
	expires := s.now().Add(resetTTL)
	m := s.resetMail(acc, token, expires)
	return s.db.Write(ctx, postgres.Scope{AccountID: acc.ID, IP: ip}, func(tx *postgres.Tx) error {
		return tx.CreatePasswordReset(ctx, auth.HashToken(token), expires, m)
	})
}

// forgotAnswerTime is how long the "forgotten password" page takes to
// answer a valid request, well above the time to create a link.
const forgotAnswerTime = 400 * time.Millisecond

func resetData(token string) pages.ResetData {
	return pages.ResetData{
		Token: token,
		New: components.Field{Name: "nouveau", Label: "Nouveau mot de passe", Type: "password", Autocomplete: "new-password",
			Hint: "Au moins 12 caractères. Une phrase de plusieurs mots est facile à retenir et difficile à deviner.", MaxLength: clts.MaxPassword},
		Confirm:    components.Field{Name: "confirmation", Label: "Nouveau mot de passe, une seconde fois", Type: "password", Autocomplete: "new-password", MaxLength: clts.MaxPassword},
		Passphrase: suggestPassphrase(),
	}
}

func (s *Server) handleResetForm(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("jeton")
	d := resetData(token)
	ctx := r.Context()
	var ok bool
	err := s.db.Read(ctx, postgres.Scope{IP: clientIP(r)}, func(tx *postgres.Tx) error {
		var err error
		ok, err = tx.PasswordResetValid(ctx, auth.HashToken(token))
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	status := http.StatusOK
	if !ok {
		d.Invalid, status = true, http.StatusNotFound
	}
	s.renderStatus(w, r, status, pages.Reset(s.page(r, "Nouveau mot de passe"), d))
}

func (s *Server) handleReset(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	token := r.PostFormValue("jeton")
	next, confirm := r.PostFormValue("nouveau"), r.PostFormValue("confirmation")
	d := resetData(token)
	fe := clts.FieldErrors{}
	clts.ValidatePassword(fe, "nouveau", next)
	if next != confirm {
		fe.Add("confirmation", "Les deux saisies du nouveau mot de passe sont différentes.")
	}
	if len(fe) > 0 {
		d.New.Error, d.Confirm.Error = fe["nouveau"], fe["confirmation"]
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.Reset(s.page(r, "Nouveau mot de passe"), d))
		return
	}
	hash, err := s.hashPassword(r.Context(), next)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	ctx := r.Context()
	err = s.db.Write(ctx, postgres.Scope{IP: clientIP(r)}, func(tx *postgres.Tx) error {
		_, err := tx.UsePasswordReset(ctx, auth.HashToken(token), hash)
		return err
	})
	if err != nil {
		if clts.ErrorCode(err) == clts.ENOTFOUND {
			d.Invalid = true
			s.renderStatus(w, r, http.StatusNotFound, pages.Reset(s.page(r, "Nouveau mot de passe"), d))
			return
		}
		s.serverError(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, paths.Login, "Votre mot de passe a été changé. Connectez-vous avec le nouveau.")
}

package server

import (
	"context"
	"fmt"
	"net/http"
	"strconv"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

func accountData(a *clts.Account) pages.AccountData {
	return pages.AccountData{
		Email:   a.Email,
		Login:   a.Login,
		Version: a.Version,
		Name:    components.Field{Name: "nom", Label: "Nom affiché", Value: a.DisplayName, Autocomplete: "name", Spellcheck: true, MaxLength: clts.MaxDisplayName},
		Current: components.Field{Name: "actuel", Label: "Mot de passe actuel", Type: "password", Autocomplete: "current-password", MaxLength: clts.MaxPassword},
		New: components.Field{Name: "nouveau", Label: "Nouveau mot de passe", Type: "password", Autocomplete: "new-password",
			Hint: "Au moins 12 caractères. Une phrase de plusieurs mots est facile à retenir et difficile à deviner.", MaxLength: clts.MaxPassword},
		Confirm:    components.Field{Name: "confirmation", Label: "Nouveau mot de passe, une seconde fois", Type: "password", Autocomplete: "new-password", MaxLength: clts.MaxPassword},
		EasyChoice: a.EasyMode, Passphrase: suggestPassphrase(),
	}
}

func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, pages.Account(s.page(r, "Mon compte"), accountData(state(r.Context()).account)))
}

func (s *Server) handleAccountName(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	acc := st.account
	name := formValue(r, "nom")
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	d := accountData(acc)
	d.Name.Value = name
	fe := clts.FieldErrors{}
	clts.ValidateDisplayName(fe, "nom", name)
	err := fe.Err()
	if err == nil {
		err = s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
			return tx.UpdateDisplayName(ctx, version, name)
		})
	}
	switch clts.ErrorCode(err) {
	case "":
		s.redirectWithFlash(w, r, paths.Account, "Votre nom a été enregistré.")
	case clts.EINVALID:
		d.Name.Error = fieldErrors(err)["nom"]
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.Account(s.page(r, "Mon compte"), d))
	case clts.ECONFLICT:
		// Someone saved in between: keep the typed name, say so.
		d.NameError = userMessage(err)
		d.Version = acc.Version
		s.renderStatus(w, r, http.StatusConflict, pages.Account(s.page(r, "Mon compte"), d))
	default:
		s.serverError(w, r, err)
	}
}

// beginPasswordCheck counts a check of the current password like a login
// attempt (someone could hold a session left open): same counts, same
// lock. It commits before the password is checked, and records a refusal
// at once; it reports whether the check may go on.
func (s *Server) beginPasswordCheck(ctx context.Context, st *requestState) (allowed bool, err error) {
	acc := st.account
	err = s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		forLogin, forAddr, err := tx.BeginLogin(ctx, acc.Login, s.now().Add(-auth.ThrottleWindow))
		if err != nil {
			return err
		}
		if allowed = !auth.Throttle(forLogin, forAddr).Refused; allowed {
			return nil
		}
		return tx.FinishLogin(ctx, acc.Login, acc.Login, acc.ID, false, "mot de passe actuel, tentatives suspendues")
	})
	return allowed, err
}

// currentPasswordLocked is the refusal of the current password once it
// failed too often, worded as loginLocked: the same lock holds at login, so
// it says how to change the password at once (log out, then « Mot de passe
// oublié ? », whose reset lifts the lock) or how long to wait.
func currentPasswordLocked() string {
	return fmt.Sprintf("Trop de tentatives ont échoué avec votre mot de passe actuel : par sécurité, il est suspendu pendant %[1]d minutes au plus. "+
		"Pour changer de mot de passe tout de suite, déconnectez-vous, puis choisissez-en un nouveau avec « Mot de passe oublié ? » sur la page de connexion : cela lève la suspension. "+
		"Sinon, patientez %[1]d minutes avant de réessayer.", int(auth.ThrottleWindow.Minutes()))
}

func (s *Server) handleAccountPassword(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	acc := st.account
	current, next, confirm := r.PostFormValue("actuel"), r.PostFormValue("nouveau"), r.PostFormValue("confirmation")
	allowed, err := s.beginPasswordCheck(ctx, st)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !allowed {
		d := accountData(acc)
		d.Current.Error = currentPasswordLocked()
		s.renderStatus(w, r, http.StatusTooManyRequests, pages.Account(s.page(r, "Mon compte"), d))
		return
	}
	// Both argon2id computations (the check, the new hash) run outside any
	// transaction.
	ok, _, err := s.verifyPassword(ctx, acc.PasswordHash, current)
	if err != nil && ctx.Err() != nil {
		return
	}
	fe := clts.FieldErrors{}
	if !ok {
		fe.Add("actuel", "Le mot de passe actuel est incorrect.")
	}
	clts.ValidatePassword(fe, "nouveau", next)
	if next != confirm {
		fe.Add("confirmation", "Les deux saisies du nouveau mot de passe sont différentes.")
	}
	var hash string
	if len(fe) == 0 {
		if hash, err = s.hashPassword(ctx, next); err != nil {
			s.serverError(w, r, err)
			return
		}
	}
	// The attempt's outcome and the change, if any, in one unit of work.
	var stamp int64
	err = s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		if !ok {
			return tx.FinishLogin(ctx, acc.Login, acc.Login, acc.ID, false, "mot de passe actuel incorrect")
		}
		if err := tx.PasswordConfirmed(ctx, acc.Login); err != nil {
			return err
		}
		if hash == "" { // the new password was refused: nothing to change
			return nil
		}
		var err error
		stamp, err = tx.SetPassword(ctx, hash)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if len(fe) > 0 {
		d := accountData(acc)
		d.Current.Error, d.New.Error, d.Confirm.Error = fe["actuel"], fe["nouveau"], fe["confirmation"]
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.Account(s.page(r, "Mon compte"), d))
		return
	}
	// Other sessions end (their stamp is older); this one goes on with a
	// fresh token.
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.sessions.Put(ctx, sessionStamp, stamp)
	s.redirectWithFlash(w, r, paths.Account, "Votre mot de passe a été changé. Vos autres sessions sont fermées.")
}

func (s *Server) handleLogoutEverywhere(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		_, err := tx.EndSessions(ctx, st.account.ID)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.sessions.Destroy(ctx); err != nil {
		s.serverError(w, r, err)
		return
	}
	if err := s.sessions.RenewToken(ctx); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, paths.Login, "Toutes vos sessions sont fermées. Reconnectez-vous pour continuer.")
}

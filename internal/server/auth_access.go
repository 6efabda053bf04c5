package server

import (
	"errors"
	"net/http"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// A member without an e-mail address who forgot their password types the
// code of the access sheet a pilot printed for them (members.go), then
// chooses a new password for the same account. The code is a guess like
// an invitation code, counted with them (guessCode).

const accessTitle = "Nouvel accès"

func accessCodeData(code string) pages.AccessCodeData {
	return pages.AccessCodeData{Code: components.Field{Name: "code", Label: "Code de la fiche d'accès", Value: code,
		Hint: "8 lettres et chiffres, par exemple K7MP-Q9XA. Les tirets, les espaces et les minuscules sont acceptés.", Autocomplete: "off"}}
}

func (s *Server) handleAccessCodeForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, pages.AccessCode(s.page(r, accessTitle), accessCodeData("")))
}

// findAccessSheet finds the pending sheet of a code, counting a wrong one.
func (s *Server) findAccessSheet(r *http.Request, sec invitationSecret) (*clts.AccessSheet, error) {
	var sheet *clts.AccessSheet
	err := s.guessCode(r, sec, func(tx *postgres.Tx) error {
		var err error
		sheet, err = tx.AccessSheetByCode(r.Context(), sec.hash)
		return err
	})
	return sheet, err
}

func (s *Server) handleAccessCode(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	code := formValue(r, "code")
	d := accessCodeData(code)
	sec := secretFromCode(code)
	if len(sec.value) != 8 {
		// No code has this shape: nothing to look up, no guess to count.
		d.Code.Error = "Le code compte 8 lettres et chiffres, par exemple K7MP-Q9XA."
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.AccessCode(s.page(r, accessTitle), d))
		return
	}
	_, err := s.findAccessSheet(r, sec)
	switch {
	case errors.Is(err, errTooManyCodes):
		d.Error = tooManyCodes
		s.renderStatus(w, r, http.StatusTooManyRequests, pages.AccessCode(s.page(r, accessTitle), d))
	case clts.ErrorCode(err) == clts.ENOTFOUND:
		d.Code.Error = "Ce code est inconnu ou n'est plus valable. Vérifiez la saisie, ou demandez une nouvelle fiche d'accès au pilote de votre comité."
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.AccessCode(s.page(r, accessTitle), d))
	case err != nil:
		s.serverError(w, r, err)
	default:
		http.Redirect(w, r, paths.AccessPasswordFor(sec.value), http.StatusSeeOther)
	}
}

func accessPasswordData(code string, sheet *clts.AccessSheet) pages.AccessPasswordData {
	d := pages.AccessPasswordData{
		Code: code,
		New: components.Field{Name: "nouveau", Label: "Nouveau mot de passe", Type: "password", Autocomplete: "new-password",
			Hint: "Au moins 12 caractères. Une phrase de plusieurs mots est facile à retenir et difficile à deviner.", MaxLength: clts.MaxPassword},
		Confirm:    components.Field{Name: "confirmation", Label: "Nouveau mot de passe, une seconde fois", Type: "password", Autocomplete: "new-password", MaxLength: clts.MaxPassword},
		Passphrase: suggestPassphrase(),
	}
	if sheet != nil {
		d.Name, d.Login = sheet.DisplayName, sheet.Login
	}
	return d
}

// accessSheetFailed answers a code that no longer works, or too many wrong
// codes, on the new-password page; it reports false for other errors,
// which the caller answers.
func (s *Server) accessSheetFailed(w http.ResponseWriter, r *http.Request, code string, err error) bool {
	switch {
	case errors.Is(err, errTooManyCodes):
		d := accessCodeData(code)
		d.Error = tooManyCodes
		s.renderStatus(w, r, http.StatusTooManyRequests, pages.AccessCode(s.page(r, accessTitle), d))
	case clts.ErrorCode(err) == clts.ENOTFOUND:
		d := accessPasswordData(code, nil)
		d.Invalid = userMessage(err)
		s.renderStatus(w, r, http.StatusNotFound, pages.AccessPassword(s.page(r, accessTitle), d))
	default:
		return false
	}
	return true
}

func (s *Server) handleAccessPasswordForm(w http.ResponseWriter, r *http.Request) {
	sec := secretFromCode(r.URL.Query().Get("code"))
	sheet, err := s.findAccessSheet(r, sec)
	if err != nil {
		if !s.accessSheetFailed(w, r, sec.value, err) {
			s.serverError(w, r, err)
		}
		return
	}
	s.render(w, r, pages.AccessPassword(s.page(r, accessTitle), accessPasswordData(sec.value, sheet)))
}

// handleAccessPassword sets the new password through the code, once: the
// account's sessions end and its login lock lifts (postgres.UseAccessSheet).
func (s *Server) handleAccessPassword(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	sec := secretFromCode(r.PostFormValue("code"))
	next, confirm := r.PostFormValue("nouveau"), r.PostFormValue("confirmation")
	// The code first, counted as a guess: a wrong one costs no argon2id.
	sheet, err := s.findAccessSheet(r, sec)
	if err != nil {
		if !s.accessSheetFailed(w, r, sec.value, err) {
			s.serverError(w, r, err)
		}
		return
	}
	fe := clts.FieldErrors{}
	clts.ValidatePassword(fe, "nouveau", next)
	if next != confirm {
		fe.Add("confirmation", "Les deux saisies du nouveau mot de passe sont différentes.")
	}
	if len(fe) > 0 {
		// The page again with the messages, for the sheet's member.
		d := accessPasswordData(sec.value, sheet)
		d.New.Error, d.Confirm.Error = fe["nouveau"], fe["confirmation"]
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.AccessPassword(s.page(r, accessTitle), d))
		return
	}
	// Hashed before the unit of work: argon2id holds no transaction.
	hash, err := s.hashPassword(r.Context(), next)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	err = s.guessCode(r, sec, func(tx *postgres.Tx) error {
		var err error
		sheet, err = tx.UseAccessSheet(r.Context(), sec.hash, hash)
		return err
	})
	if err != nil {
		if !s.accessSheetFailed(w, r, sec.value, err) {
			s.serverError(w, r, err)
		}
		return
	}
	s.redirectWithFlash(w, r, paths.Login, "Votre mot de passe a été changé. Connectez-vous avec votre identifiant « "+sheet.Login+" » et le nouveau mot de passe.")
}

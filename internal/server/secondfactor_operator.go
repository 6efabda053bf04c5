package server

import (
	"net/http"
	"unicode/utf8"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// maxResetReason bounds the reason of a reset, written to the audit log.
const maxResetReason = 200

func operatorSecondFactorData(enrolled []postgres.EnrolledAccount) pages.OperatorSecondFactorData {
	return pages.OperatorSecondFactorData{
		Identifier: components.Field{Name: "identifiant", Label: "Identifiant ou adresse électronique de la personne", Autocomplete: "off",
			MaxLength: clts.MaxIdentifier},
		Reason: components.Field{Name: "motif", Label: "Motif", Optional: true, Autocomplete: "off", Spellcheck: true,
			Hint: "Inscrit au journal, par exemple « téléphone perdu, identité vérifiée par téléphone ».", MaxLength: maxResetReason},
		Enrolled: enrolled,
	}
}

// renderOperatorSecondFactor lists the enrolled accounts, in a unit of work
// of its own, and renders the page with status; fill may set errors.
func (s *Server) renderOperatorSecondFactor(w http.ResponseWriter, r *http.Request, status int, fill func(*pages.OperatorSecondFactorData)) {
	ctx := r.Context()
	var enrolled []postgres.EnrolledAccount
	err := s.db.Read(ctx, operatorScope(state(ctx)), func(tx *postgres.Tx) error {
		var err error
		enrolled, err = tx.SecondFactorAccounts(ctx)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := operatorSecondFactorData(enrolled)
	if fill != nil {
		fill(&d)
	}
	s.renderStatus(w, r, status, pages.OperatorSecondFactor(s.page(r, "Double authentification"), d))
}

func (s *Server) handleOperatorSecondFactor(w http.ResponseWriter, r *http.Request) {
	s.renderOperatorSecondFactor(w, r, http.StatusOK, nil)
}

// handleOperatorSecondFactorReset removes a person's second factor and
// ends their sessions, in one unit of work that writes the audit line.
func (s *Server) handleOperatorSecondFactorReset(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	identifier, reason := formValue(r, "identifiant"), formValue(r, "motif")
	fe := clts.FieldErrors{}
	switch {
	case identifier == "":
		fe.Add("identifiant", "Indiquez l'identifiant ou l'adresse électronique de la personne.")
	case utf8.RuneCountInString(identifier) > clts.MaxIdentifier:
		fe.Add("identifiant", "Aucun compte ne porte cet identifiant ni cette adresse.")
	}
	if utf8.RuneCountInString(reason) > maxResetReason {
		fe.Add("motif", "Le motif dépasse 200 caractères : raccourcissez-le.")
	}
	var login string
	err := fe.Err()
	if err == nil {
		err = s.db.Write(ctx, operatorScope(state(ctx)), func(tx *postgres.Tx) error {
			acc, err := tx.AccountByIdentifier(ctx, identifier)
			if clts.ErrorCode(err) == clts.ENOTFOUND {
				return clts.FieldErrors{"identifiant": "Aucun compte ne porte cet identifiant ni cette adresse."}.Err()
			}
			if err != nil {
				return err
			}
			login = acc.Login
			err = tx.ResetSecondFactor(ctx, acc.ID, acc.Login, reason)
			if clts.ErrorCode(err) == clts.ENOTFOUND {
				return clts.FieldErrors{"identifiant": "Ce compte n'utilise pas la double authentification : rien à réinitialiser."}.Err()
			}
			return err
		})
	}
	if err == nil {
		s.redirectWithFlash(w, r, paths.OperatorSecondFactor,
			"La double authentification de « "+login+" » est réinitialisée et ses sessions sont fermées.")
		return
	}
	fe = fieldErrors(err)
	if fe == nil {
		s.serverError(w, r, err)
		return
	}
	s.renderOperatorSecondFactor(w, r, http.StatusUnprocessableEntity, func(d *pages.OperatorSecondFactorData) {
		d.Identifier.Value, d.Reason.Value = identifier, reason
		d.Identifier.Error, d.Reason.Error = fe["identifiant"], fe["motif"]
	})
}

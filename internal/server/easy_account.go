package server

import (
	"net/http"

	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/pages"
)

// handleAccountEasyMode records the person's choice of the easy interface
// (« facile » oui or non) and goes back to the page they came from
// (« retour », a local path), else to the account page.
func (s *Server) handleAccountEasyMode(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	var on bool
	switch r.PostFormValue("facile") {
	case "oui":
		on = true
	case "non":
	default:
		d := accountData(st.account)
		d.EasyError = "Choisissez l'interface facile ou l'interface complète."
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.Account(s.page(r, "Mon compte"), d))
		return
	}
	if err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error { return tx.SetEasyMode(ctx, on) }); err != nil {
		s.serverError(w, r, err)
		return
	}
	to := safeReturn(r.PostFormValue("retour"))
	if to == "" {
		to = paths.Account
	}
	msg := "Vous utilisez maintenant l'interface complète. Vous pouvez revenir à l'interface facile depuis la page Mon compte."
	if on {
		msg = "Vous utilisez maintenant l'interface facile."
	}
	s.redirectWithFlash(w, r, to, msg)
}

package server

import (
	"net/http"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// The pilots' side of erasure: the committee's waiting requests with their
// deadline, and the confirmation that anonymises the account.

func (s *Server) handleErasureRequests(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	var list []postgres.ErasureRequest
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		list, err = tx.ErasureRequests(ctx)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p := st.principal()
	d := pages.ErasureRequestsData{Slug: st.membership.Committee.Slug}
	today := time.Now()
	for _, req := range list {
		d.Requests = append(d.Requests, pages.ErasureRequestRow{AccountID: req.AccountID, Name: req.DisplayName,
			RequestedAt: req.RequestedAt, DueOn: req.DueOn, Late: today.After(req.DueOn.AddDate(0, 0, 1)),
			CanConfirm: auth.CanConfirmErasure(p, auth.ErasureFacts{AccountID: req.AccountID})})
	}
	s.render(w, r, pages.ErasureRequests(s.page(r, "Demandes d'effacement"), d))
}

// handleErasureConfirm anonymises the account whose request waits in this
// committee (postgres.ConfirmErasure); the person is told by e-mail in the
// same transaction. No waiting request is a 404; the pilot's own request,
// a 403.
func (s *Server) handleErasureConfirm(w http.ResponseWriter, r *http.Request) {
	accountID, ok := idParam(r, "accountID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		return tx.ConfirmErasure(ctx, st.principal(), accountID, erasureMail(s.cfg.BaseURL.String()))
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	// The erased name is nowhere after this: not in the next URL (the
	// pilot's history, the access logs), not in the message.
	s.redirectWithFlash(w, r, paths.ErasureRequests(st.membership.Committee.Slug),
		"Le compte est effacé : son nom est remplacé par « "+postgres.ErasedName+" ». La personne a été prévenue par courriel si elle avait une adresse.")
}

// erasureNotice is the pilots' notification of a member's request.
func erasureNotice(baseURL string) postgres.ErasureNotice {
	return func(name string, c clts.Committee, due time.Time) (string, string) {
		title := "Demande d'effacement de compte : " + name
		body := "Bonjour,\n\n" + name + " demande l'effacement de son compte du Portail CLTS (" + c.Name + "). " +
			"Le règlement général sur la protection des données demande d'y répondre dans un délai d'un mois : " +
			"confirmez la demande au plus tard le " + components.Date(due) + ".\n\n" +
			baseURL + paths.ErasureRequests(c.Slug) + "\n"
		return title, body
	}
}

// erasureMail tells the person their account is erased.
func erasureMail(baseURL string) postgres.ErasureMail {
	return postgres.ErasureMail{
		Subject: "Votre compte du Portail CLTS a été effacé",
		Body: "Bonjour,\n\nComme vous l'avez demandé, votre compte du Portail CLTS a été effacé : votre nom, votre adresse " +
			"électronique, votre téléphone, votre identifiant et votre mot de passe sont supprimés, et vous ne pouvez plus " +
			"vous connecter. Vos réponses aux réunions, vos présences, vos pratiques et vos contributions restent au nom de " +
			"« Membre supprimé ».\n\nCe courriel est le dernier que vous recevrez du portail. Votre adresse sera supprimée " +
			"après son envoi, avec les courriels anciens.\n\n" + baseURL + "\n",
	}
}

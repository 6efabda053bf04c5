package server

import (
	"log/slog"
	"net/http"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/portail-clts/clts/web/pages"
)

// errorText returns the French heading and explanation of an error status.
func errorText(status int) (heading, message string, ok bool) {
	switch status {
	case http.StatusBadRequest:
		return "Requête invalide", "La demande envoyée au portail n'a pas pu être comprise. Revenez à la page précédente et réessayez.", true
	case http.StatusForbidden:
		return "Accès refusé", "Vous n'avez pas le droit d'effectuer cette action. Si vous pensez que c'est une erreur, contactez le pilote de votre comité.", true
	case http.StatusNotFound:
		return "Page introuvable", "Cette page n'existe pas ou vous n'y avez pas accès. Vérifiez l'adresse saisie ou revenez à l'accueil.", true
	case http.StatusMethodNotAllowed:
		return "Action non permise", "Cette adresse n'accepte pas ce type de demande. Revenez à la page précédente et utilisez les boutons du portail.", true
	case http.StatusConflict:
		return "Action impossible pour le moment", "Cette action ne correspond pas à l'état actuel de l'élément (par exemple une réunion pas encore commencée, déjà tenue ou annulée). Revenez à la page précédente et rechargez-la.", true
	case http.StatusRequestEntityTooLarge:
		return "Envoi trop volumineux", "Les données envoyées dépassent la taille autorisée. Réduisez la taille du fichier ou du texte et réessayez.", true
	case http.StatusTooManyRequests:
		return "Trop de tentatives", "Trop de demandes ont été faites en peu de temps. Patientez quelques minutes avant de réessayer.", true
	case http.StatusInternalServerError:
		return "Erreur du portail", "Une erreur inattendue s'est produite de notre côté. Réessayez dans quelques instants ; si elle persiste, prévenez le pilote de votre comité.", true
	case http.StatusServiceUnavailable:
		return "Portail momentanément indisponible", "Le portail ne peut pas répondre pour le moment. Réessayez dans quelques minutes.", true
	}
	return "", "", false
}

// renderError is the one place that writes an error page.
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int) {
	heading, message, ok := errorText(status)
	if !ok {
		status = http.StatusInternalServerError
		heading, message, _ = errorText(status)
	}
	p := s.shell(r, heading)
	p.Current = ""
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	if err := pages.Error(p, pages.ErrorPage{Status: status, Heading: heading, Message: message}).Render(r.Context(), w); err != nil {
		s.log.WarnContext(r.Context(), "render error page", slog.Any("error", err))
	}
}

// serverError logs err and answers 500.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	s.log.ErrorContext(r.Context(), "internal error", slog.Any("error", err),
		slog.String("request_id", middleware.GetReqID(r.Context())))
	s.renderError(w, r, http.StatusInternalServerError)
}

package server

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strconv"

	"github.com/go-chi/chi/v5/middleware"

	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/pages"
)

// errorText returns the French heading and explanation of an error status.
func errorText(status int) (heading, message string, ok bool) {
	switch status {
	case http.StatusBadRequest:
		return "Requête invalide", "La demande envoyée au portail n'a pas pu être comprise. Revenez à la page précédente et réessayez.", true
	case http.StatusForbidden:
		return "Accès refusé", "Vous n'avez pas le droit d'effectuer cette action. Si vous pensez que c'est une erreur, contactez les pilotes de votre comité.", true
	case http.StatusNotFound:
		return "Page introuvable", "Cette page n'existe pas ou vous n'y avez pas accès. Vérifiez l'adresse saisie ou revenez à l'accueil.", true
	case http.StatusMethodNotAllowed:
		return "Action non permise", "Cette adresse n'accepte pas ce type de demande. Revenez à la page précédente et utilisez les boutons du portail.", true
	case http.StatusConflict:
		return "Action impossible pour le moment", "Cette action ne correspond pas à l'état actuel de l'élément (par exemple une réunion pas encore commencée, déjà tenue ou annulée). Revenez à la page précédente et rechargez-la.", true
	case http.StatusRequestEntityTooLarge:
		return "Envoi trop volumineux", "Les données envoyées dépassent la taille autorisée. Réduisez la taille du fichier ou du texte et réessayez.", true
	case http.StatusRequestHeaderFieldsTooLarge:
		return "Demande trop volumineuse", "Votre navigateur a envoyé trop de données avec la demande, souvent des cookies accumulés. Effacez les cookies de ce site dans les réglages du navigateur, puis réessayez.", true
	case http.StatusTooManyRequests:
		return "Trop de tentatives", "Trop de demandes ont été faites en peu de temps. Patientez quelques minutes avant de réessayer.", true
	case http.StatusInternalServerError:
		return "Erreur du portail", "Une erreur inattendue s'est produite de notre côté. Réessayez dans quelques instants ; si elle persiste, prévenez les pilotes de votre comité.", true
	case http.StatusServiceUnavailable:
		return "Portail momentanément indisponible", "Le portail ne peut pas répondre pour le moment. Réessayez dans quelques minutes.", true
	}
	return "", "", false
}

// retryAfter is the Retry-After of a 503, in seconds: the portal comes back
// by itself as soon as the database does.
const retryAfter = 30

// renderError is the one place that writes an error page. It renders with
// a context that the request's deadline does not cancel: the page of a
// request that ran out of time must still be written (templ stops at a
// cancelled context, which left an empty 500).
func (s *Server) renderError(w http.ResponseWriter, r *http.Request, status int) {
	heading, message, ok := errorText(status)
	if !ok {
		status = http.StatusInternalServerError
		heading, message, _ = errorText(status)
	}
	p := s.shell(r, heading)
	p.Current = ""
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("Cache-Control", cachePrivate)
	if status == http.StatusServiceUnavailable {
		h.Set("Retry-After", strconv.Itoa(retryAfter))
	}
	w.WriteHeader(status)
	ctx := context.WithoutCancel(r.Context())
	if err := pages.Error(p, pages.ErrorPage{Status: status, Heading: heading, Message: message}).Render(ctx, w); err != nil {
		s.log.WarnContext(ctx, "render error page", slog.Any("error", err))
	}
}

// serverError answers an error that no page explains: 503 when the
// database could not answer in time (down, restarting, stalled: the person
// may try again), 500 otherwise. Both are logged with the request id.
func (s *Server) serverError(w http.ResponseWriter, r *http.Request, err error) {
	ctx := r.Context()
	id := slog.String("request_id", middleware.GetReqID(ctx))
	switch {
	case errors.Is(err, context.Canceled) && ctx.Err() != nil:
		// The client went away: nobody reads the answer.
		s.log.InfoContext(ctx, "request abandoned by the client", slog.Any("error", err), id)
		s.renderError(w, r, http.StatusServiceUnavailable)
	case postgres.Unavailable(err):
		s.log.WarnContext(ctx, "database unavailable", slog.Any("error", err), id)
		s.renderError(w, r, http.StatusServiceUnavailable)
	default:
		s.log.ErrorContext(ctx, "internal error", slog.Any("error", err), id)
		s.renderError(w, r, http.StatusInternalServerError)
	}
}

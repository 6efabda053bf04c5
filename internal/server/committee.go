package server

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/web/pages"
)

// loadCommittee admits the signed-in person to /c/{slug} when they are an
// active member there (the session store loaded the membership with the
// session). Anyone else gets 404 for every page of the committee, whether
// or not it exists.
func (s *Server) loadCommittee(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		st := state(r.Context())
		if st.membership == nil || !st.membership.Active || st.membership.Committee.Slug != chi.URLParam(r, "slug") {
			s.renderError(w, r, http.StatusNotFound)
			return
		}
		next.ServeHTTP(w, r)
	})
}

func (s *Server) handleCommitteeHome(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	pr := st.principal()
	d := pages.CommitteeHomeData{
		Committee:     st.membership.Committee,
		Role:          st.membership.Role,
		ManageMembers: pr.Can(auth.ManageMembers),
		ViewLog:       pr.Can(auth.ViewCommitteeLog),
	}
	var err error
	if d.MyGroups, d.MyStatuses, err = s.db.GroupsOfAccount(ctx, st.scope(), st.account.ID); err != nil {
		s.serverError(w, r, err)
		return
	}
	if d.Institutions, err = s.db.Institutions(ctx, st.scope(), false); err != nil {
		s.serverError(w, r, err)
		return
	}
	now := s.now()
	if d.Upcoming, err = s.db.MeetingsBetween(ctx, st.scope(), st.account.ID, now.Add(-12*time.Hour), now.AddDate(2, 0, 0), false, 5); err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, pages.CommitteeHome(s.page(r, "Accueil du comité"), d))
}

package server

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/postgres"
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
	now := s.now()
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if d.MyGroups, d.MyStatuses, err = tx.GroupsOfAccount(ctx); err != nil {
			return err
		}
		if d.Institutions, err = tx.Institutions(ctx, false); err != nil {
			return err
		}
		d.Upcoming, err = tx.MeetingsBetween(ctx, now.Add(-12*time.Hour), now.AddDate(2, 0, 0), false, 5)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, pages.CommitteeHome(s.page(r, "Accueil du comité"), d))
}

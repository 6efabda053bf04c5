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

// homePractices is how many of the latest published practices the
// committee home shows.
const homePractices = 5

// handleCommitteeHome is the committee's dashboard: the meetings to come,
// the member's groups, the latest practices and, for pilots, the practices
// waiting for them. It stays within maxQueriesPerPage statements: the
// institutions have their own page (in the committee's navigation).
func (s *Server) handleCommitteeHome(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	pr := st.principal()
	d := pages.CommitteeHomeData{
		Committee:     st.membership.Committee,
		Role:          st.membership.Role,
		ManageMembers: pr.Can(auth.ManageMembers),
		ViewLog:       pr.Can(auth.ViewCommitteeLog),
		Moderate:      auth.CanModeratePractices(pr),
		WritePractice: auth.CanWritePractice(pr),
	}
	d.ViewIndicators = pr.Can(auth.ViewIndicators)
	now := s.now()
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if d.MyGroups, d.MyStatuses, err = tx.GroupsOfAccount(ctx); err != nil {
			return err
		}
		if d.Upcoming, err = tx.MeetingsBetween(ctx, now.Add(-12*time.Hour), now.AddDate(2, 0, 0), false, 5); err != nil {
			return err
		}
		if d.Practices, d.PracticesTotal, err = tx.Practices(ctx, postgres.PracticeQuery{ByDate: true, Limit: homePractices}); err != nil {
			return err
		}
		// The open campaign and, for pilots, what waits for their reading.
		var toReview, contributions int
		if d.Campaign, toReview, contributions, err = tx.HomeCampaign(ctx, now); err != nil {
			return err
		}
		if d.Campaign != nil {
			d.CampaignDaysLeft = d.Campaign.DaysLeft(now)
		}
		if d.Moderate {
			d.ToReview, d.ContributionsToReview = toReview, contributions
		}
		return nil
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, pages.CommitteeHome(s.page(r, "Accueil du comité"), d))
}

package server

import (
	"net/http"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
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

// Bounds of the committee home's lists: the meetings to come beyond this
// week, each list of the "À faire", and how far back past meetings without
// attendance or minutes are listed.
const (
	homeUpcoming      = 5
	homeTodoLimit     = 5
	homeRecordsWindow = 90 * 24 * time.Hour
)

// weekEnd is the end of the home's "this week": seven days from the start
// of today in Europe/Paris.
func weekEnd(now time.Time) time.Time {
	p := now.In(components.Paris())
	return time.Date(p.Year(), p.Month(), p.Day()+7, 0, 0, 0, 0, p.Location())
}

// handleCommitteeHome is the committee's dashboard: first what waits for
// the person ("À faire", postgres.Todo, whose role adds what
// auth.HomeDuties says), the meetings of the week, then the meetings to
// come, the open campaign, the member's groups and the latest practices.
// It stays within maxQueriesPerPage statements: the "À faire" is one
// statement, which also reads the member's groups.
func (s *Server) handleCommitteeHome(w http.ResponseWriter, r *http.Request) {
	if showEasyHome(r) {
		s.handleEasyHome(w, r)
		return
	}
	ctx := r.Context()
	st := state(ctx)
	pr := st.principal()
	now := s.now()
	d := pages.CommitteeHomeData{
		Committee:     st.membership.Committee,
		Role:          st.membership.Role,
		ManageMembers: pr.Can(auth.ManageMembers),
		ViewLog:       pr.Can(auth.ViewCommitteeLog),
		Moderate:      auth.CanModeratePractices(pr),
		WritePractice: auth.CanWritePractice(pr),
		Duties:        auth.HomeDutiesOf(pr),
		Now:           now,
		WeekEnd:       weekEnd(now),
	}
	d.ViewIndicators = pr.Can(auth.ViewIndicators)
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if d.Todo, err = tx.Todo(ctx, postgres.TodoQuery{Now: now, RecordsSince: now.Add(-homeRecordsWindow),
			Duties: d.Duties, Limit: homeTodoLimit}); err != nil {
			return err
		}
		var meetings []clts.Meeting
		if meetings, err = tx.HomeMeetings(ctx, now.Add(-12*time.Hour), d.WeekEnd, homeUpcoming); err != nil {
			return err
		}
		d.Week, d.Upcoming = splitWeek(meetings, d.WeekEnd, homeUpcoming)
		if d.Practices, d.PracticesTotal, err = tx.Practices(ctx, postgres.PracticeQuery{ByDate: true, Limit: homePractices}); err != nil {
			return err
		}
		// The open campaign, for pilots what waits for their reading, and
		// the news (the latest items and the pinned one), in one statement.
		head, err := tx.HomeHead(ctx, now, homeNews)
		if err != nil {
			return err
		}
		d.Campaign, d.News, d.PinnedNews = head.Campaign, head.News, head.PinnedNews
		if d.Campaign != nil {
			d.CampaignDaysLeft = d.Campaign.DaysLeft(now)
		}
		if d.Duties.Review {
			d.ToReview, d.ContributionsToReview = head.PracticesToReview, head.ContributionsToReview
		}
		return nil
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, pages.CommitteeHome(s.page(r, "Accueil du comité"), d))
}

// splitWeek splits the meetings read by HomeMeetings into those starting
// before end (this week) and at most n of the later ones.
func splitWeek(ms []clts.Meeting, end time.Time, n int) (week, later []clts.Meeting) {
	for _, m := range ms {
		if m.StartsAt.Before(end) {
			week = append(week, m)
		} else if len(later) < n {
			later = append(later, m)
		}
	}
	return week, later
}

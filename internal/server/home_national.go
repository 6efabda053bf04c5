package server

import (
	"context"
	"slices"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/pages"
)

// nationalHomePractices is how many of the latest shared practices an
// HCTS reader's home shows.
const nationalHomePractices = 5

// myHomeData reads the "Mes comités" page in one unit of work: the signed-in
// person's memberships; for an HCTS reader (whose home it is when they
// belong to no committee), the latest nationally shared practices and, if they publish seminars, the seminars to come;
// for the operator, the committees without an active pilot and the e-mails
// given up, which wait for them.
func (s *Server) myHomeData(ctx context.Context) (pages.MyCommitteesData, error) {
	st := state(ctx)
	pr := st.principal()
	d := pages.MyCommitteesData{
		Operator:        st.account.Operator,
		HCTSReader:      st.account.HCTSReader,
		ReadNational:    pr.Can(auth.ReadNationalPractices),
		PublishSeminars: pr.Can(auth.PublishSeminars),
		PublishNews:     pr.Can(auth.PublishNews),
	}
	sc := st.scope()
	if d.HCTSReader {
		sc = st.nationalScope()
	}
	// The operator's policy reads the pilots of every committee.
	sc.Operator = d.Operator
	now := s.now()
	d.Now = now
	err := s.db.Read(ctx, sc, func(tx *postgres.Tx) error {
		var err error
		if d.Memberships, err = tx.MembershipsOfAccount(ctx); err != nil {
			return err
		}
		if d.Operator {
			var all []postgres.CommitteeStatus
			if all, err = tx.CommitteesWithPilots(ctx); err != nil {
				return err
			}
			d.Committees = len(all)
			for _, c := range all {
				if c.Pilots == 0 {
					d.WithoutPilot = append(d.WithoutPilot, c.Committee)
				}
			}
			if d.GivenUpMails, err = tx.GivenUpMails(ctx); err != nil {
				return err
			}
		}
		if d.HCTSReader {
			if d.LatestShared, d.SharedTotal, err = tx.NationalPractices(ctx,
				postgres.PracticeQuery{ByDate: true, Limit: nationalHomePractices}); err != nil {
				return err
			}
		}
		if d.PublishSeminars {
			var all []clts.Meeting
			if all, err = tx.Seminars(ctx, 20); err != nil {
				return err
			}
			d.Seminars = upcomingSeminars(all, now)
		}
		return nil
	})
	return d, err
}

// upcomingSeminars keeps the seminars still to come, not cancelled, soonest
// first (Seminars lists the newest first).
func upcomingSeminars(all []clts.Meeting, now time.Time) []clts.Meeting {
	var out []clts.Meeting
	for _, m := range all {
		if m.Status == clts.MeetingPlanned && now.Before(m.EndsAt) {
			out = append(out, m)
		}
	}
	slices.Reverse(out)
	return out
}

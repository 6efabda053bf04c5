package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/mails"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// contributionWorld is the practice world (two committees and their
// people) with an HCTS account, an open campaign and the contribution
// workflow's e-mails.
type contributionWorld struct {
	*practiceWorld
	hcts     int64
	campaign int64
	deadline time.Time
	practice int64 // a published practice of committee a
}

func newContributionWorld(t *testing.T) *contributionWorld {
	t.Helper()
	w := &contributionWorld{practiceWorld: newPracticeWorld(t)}
	w.db.SetContributionMailer(mails.Contributions{BaseURL: testBaseURL})
	ctx := context.Background()
	pgtest.MustWrite(t, w.db, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		w.hcts, err = tx.CreateAccount(ctx, postgres.NewAccount{Login: "hcts", DisplayName: "Équipe HCTS", Email: "hcts@exemple.fr",
			PasswordHash: "x", HCTSReader: true})
		return err
	})
	w.deadline = time.Now().AddDate(0, 1, 0)
	pgtest.MustWrite(t, w.db, postgres.Scope{AccountID: w.hcts, HCTS: true}, func(tx *postgres.Tx) error {
		var err error
		w.campaign, err = tx.CreateCampaign(ctx, clts.Campaign{Year: w.deadline.Year(), Deadline: w.deadline,
			Introduction: "Le rapport de l'année.", Guidance: map[string]clts.CategoryGuidance{
				clts.CategoryNeeds: {Text: "Les besoins **nouveaux**."}}})
		return err
	})
	pgtest.MustRead(t, w.db, postgres.Scope{}, func(tx *postgres.Tx) error {
		c, err := tx.CampaignByID(ctx, w.campaign)
		if err == nil {
			w.deadline = c.Deadline
		}
		return err
	})
	w.practice = w.inState(w.a, w.authorA, w.pilotA, complete("Permanences numériques"), clts.PracticePublished, false)
	return w
}

// draft creates a contribution of author (with coauthors) in committee c.
func (w *contributionWorld) draft(c, author int64, category, title string, coauthors ...int64) int64 {
	w.t.Helper()
	var id int64
	w.must(w.in(c, author), func(ctx context.Context, tx *postgres.Tx) error {
		var err error
		id, err = tx.CreateContribution(ctx, clts.Contribution{CampaignID: w.campaign, Category: category, Title: title,
			Body: "Ce que le comité a observé sur le territoire."}, coauthors, nil)
		return err
	})
	return id
}

// toState takes contribution id of committee c (author, pilot) to state.
func (w *contributionWorld) toState(c, author, pilot, id int64, state string) {
	w.t.Helper()
	steps := map[string][]func(){
		clts.ContributionDraft: nil,
		clts.ContributionProposed: {func() {
			w.must(w.in(c, author), func(ctx context.Context, tx *postgres.Tx) error { return tx.ProposeContribution(ctx, id) })
		}},
	}
	steps[clts.ContributionValidated] = append(steps[clts.ContributionProposed], func() {
		w.must(w.in(c, pilot), func(ctx context.Context, tx *postgres.Tx) error { return tx.ValidateContribution(ctx, id) })
	})
	steps[clts.ContributionTransmitted] = append(steps[clts.ContributionValidated], func() {
		w.must(w.in(c, pilot), func(ctx context.Context, tx *postgres.Tx) error {
			return tx.TransmitContributions(ctx, []int64{id}, time.Now())
		})
	})
	s, ok := steps[state]
	if !ok {
		w.t.Fatalf("no such state %q", state)
	}
	for _, f := range s {
		f()
	}
}

// contribution reads contribution id of committee c as account.
func (w *contributionWorld) contribution(c, account, id int64) *clts.Contribution {
	w.t.Helper()
	var out *clts.Contribution
	pgtest.MustRead(w.t, w.db, w.in(c, account), func(tx *postgres.Tx) error {
		var err error
		out, err = tx.ContributionByID(context.Background(), id)
		return err
	})
	return out
}

package postgres_test

import (
	"context"
	"reflect"
	"slices"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestContributionCounts: the national reading's count without words sums
// contribution_counts (migration 00024), kept by triggers as the store
// transmits; it must say what counting the contributions says, for every
// filter, in the HCTS's scope and in a committee's, after single and bulk
// transmissions, a refused one and a transmitted correction.
func TestContributionCounts(t *testing.T) {
	t.Parallel()
	w := newContributionWorld(t)
	needs := w.draft(w.a, w.authorA, clts.CategoryNeeds, "Un besoin")
	practices := w.draft(w.a, w.authorA, clts.CategoryPractices, "Une pratique")
	governance := w.draft(w.a, w.authorA, clts.CategoryGovernance, "Une gouvernance")
	proposed := w.draft(w.a, w.authorA, clts.CategoryNeeds, "Encore proposée")
	other := w.draft(w.b, w.authorB, clts.CategoryNeeds, "Du comité B")
	w.draft(w.b, w.authorB, clts.CategoryNeeds, "Un brouillon de B")
	for _, id := range []int64{needs, practices, governance} {
		w.toState(w.a, w.authorA, w.pilotA, id, clts.ContributionValidated)
	}
	w.toState(w.a, w.authorA, w.pilotA, proposed, clts.ContributionProposed)
	w.toState(w.b, w.authorB, w.pilotB, other, clts.ContributionTransmitted)
	// Refused as a whole: nothing counted.
	if err := w.step(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.TransmitContributions(ctx, []int64{needs, proposed}, time.Now())
	}); err == nil {
		t.Fatal("a bulk transmission with a proposed contribution went through")
	}
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.TransmitContributions(ctx, []int64{governance, needs, practices}, time.Now())
	})
	var next int64
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		var err error
		next, err = tx.CorrectContribution(ctx, needs)
		return err
	})
	w.toState(w.a, w.authorA, w.pilotA, next, clts.ContributionTransmitted)

	reader := postgres.Scope{AccountID: w.hcts, HCTS: true, National: true}
	yes := true
	for _, sc := range []postgres.Scope{reader, w.in(w.a, w.pilotA), w.in(w.b, w.pilotB), w.national(w.pilotA)} {
		for name, q := range map[string]postgres.NationalQuery{
			"everything":       {},
			"campaign":         {CampaignID: w.campaign},
			"category":         {Category: clts.CategoryNeeds},
			"committee":        {Committee: "a"},
			"unknown slug":     {Committee: "zz"},
			"département":      {Departement: "41"},
			"département 45":   {Departement: "45", CampaignID: w.campaign, Category: clts.CategoryNeeds},
			"retained (apart)": {Retained: &yes},
		} {
			var total, want int
			pgtest.MustRead(t, w.db, sc, func(tx *postgres.Tx) error {
				var err error
				if _, total, err = tx.NationalContributions(context.Background(), q); err != nil {
					return err
				}
				// The count as it was: every transmitted contribution
				// the scope sees, filtered.
				return tx.PG().QueryRow(context.Background(), `SELECT count(*) FROM contributions c
					WHERE c.status = 'transmise'
					  AND ($1 = 0 OR c.campaign_id = $1)
					  AND ($2 = '' OR c.category = $2)
					  AND ($3 = '' OR c.committee_id = (SELECT id FROM committees WHERE slug = $3))
					  AND ($4 = '' OR c.committee_id IN (SELECT id FROM committees WHERE $4 = ANY (departements)))
					  AND (NOT $5 OR coalesce((SELECT r.retained FROM contribution_readings r
					       WHERE r.committee_id = c.committee_id AND r.contribution_id = c.id), false))`,
					q.CampaignID, q.Category, q.Committee, q.Departement, q.Retained != nil).Scan(&want)
			})
			if total != want {
				t.Errorf("scope %+v, %s: %d counted, %d transmitted", sc, name, total, want)
			}
		}
	}
	// A département's page (its committees read each in its own index,
	// then merged) is its committees' rows of the whole list, in order,
	// page after page.
	list := func(q postgres.NationalQuery) []int64 {
		var ids []int64
		pgtest.MustRead(t, w.db, reader, func(tx *postgres.Tx) error {
			hits, _, err := tx.NationalContributions(context.Background(), q)
			for _, h := range hits {
				ids = append(ids, h.ID)
			}
			return err
		})
		return ids
	}
	var want []int64
	pgtest.MustRead(t, w.db, reader, func(tx *postgres.Tx) error {
		hits, _, err := tx.NationalContributions(context.Background(), postgres.NationalQuery{})
		for _, h := range hits {
			if h.CommitteeID == w.a {
				want = append(want, h.ID)
			}
		}
		return err
	})
	if got := list(postgres.NationalQuery{Departement: "41"}); !slices.Equal(got, want) || len(want) != 4 {
		t.Errorf("département 41: %v, want %v", got, want)
	}
	for i := range want {
		if got := list(postgres.NationalQuery{Departement: "37", Limit: 1, Offset: i}); !slices.Equal(got, want[i:i+1]) {
			t.Errorf("département 37, page %d of 1: %v, want %v", i+1, got, want[i:i+1])
		}
	}
	if got := list(postgres.NationalQuery{Departement: "41", Committee: "b"}); len(got) != 0 {
		t.Errorf("département 41 and committee b: %v", got)
	}
	// NationalReading: the campaigns, the committees and the list in one
	// round trip, the campaign named by its year, are what the three
	// methods give; a year without a campaign selects nothing.
	pgtest.MustRead(t, w.db, reader, func(tx *postgres.Tx) error {
		ctx := context.Background()
		for _, c := range []struct {
			byYear, byID postgres.NationalQuery
		}{
			{postgres.NationalQuery{CampaignYear: w.deadline.Year()}, postgres.NationalQuery{CampaignID: w.campaign}},
			{postgres.NationalQuery{CampaignYear: w.deadline.Year(), Category: clts.CategoryNeeds, Departement: "41"},
				postgres.NationalQuery{CampaignID: w.campaign, Category: clts.CategoryNeeds, Departement: "41"}},
			{postgres.NationalQuery{CampaignYear: w.deadline.Year(), Text: "besoin"}, postgres.NationalQuery{CampaignID: w.campaign, Text: "besoin"}},
			{postgres.NationalQuery{}, postgres.NationalQuery{}},
		} {
			campaigns, committees, hits, total, err := tx.NationalReading(ctx, c.byYear)
			if err != nil {
				return err
			}
			wantCampaigns, err := tx.CampaignChoices(ctx)
			if err != nil {
				return err
			}
			wantCommittees, err := tx.Committees(ctx)
			if err != nil {
				return err
			}
			wantHits, wantTotal, err := tx.NationalContributions(ctx, c.byID)
			if err != nil {
				return err
			}
			if !reflect.DeepEqual(campaigns, wantCampaigns) || !reflect.DeepEqual(committees, wantCommittees) ||
				!reflect.DeepEqual(hits, wantHits) || total != wantTotal || total == 0 {
				t.Errorf("NationalReading(%+v): %d campaigns, %d committees, %d hits of %d; want %d, %d, %d of %d",
					c.byYear, len(campaigns), len(committees), len(hits), total,
					len(wantCampaigns), len(wantCommittees), len(wantHits), wantTotal)
			}
		}
		_, _, hits, total, err := tx.NationalReading(ctx, postgres.NationalQuery{CampaignYear: 1800})
		if err == nil && (len(hits) != 0 || total != 0) {
			t.Errorf("a year without a campaign: %d hits of %d", len(hits), total)
		}
		return err
	})
	// Four of a (one a correction), one of b.
	var all int
	pgtest.MustRead(t, w.db, reader, func(tx *postgres.Tx) error {
		var err error
		_, all, err = tx.NationalContributions(context.Background(), postgres.NationalQuery{})
		return err
	})
	if all != 5 {
		t.Errorf("the reader counts %d transmitted contributions, want 5", all)
	}
}

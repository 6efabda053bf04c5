package demo

import (
	"context"
	"io"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestDemoContributions loads the demo twice: a closed 2019 campaign and
// an open one of this year; in both committees, contributions in every
// state and every category; a correction in progress; transmitted ones
// in 2019 and now, the participation ones with figures where supported
// persons were present; the HCTS's reply and a retained one; the HCTS
// account opens campaigns. The second load adds nothing.
func TestDemoContributions(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	for range 2 {
		if err := Load(ctx, db.App, io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	ids := map[string]int64{}
	pgtest.MustRead(t, db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		for _, login := range []string{"pilote", "pilote-autre", "hcts"} {
			a, err := tx.AccountByIdentifier(ctx, login)
			if err != nil {
				return err
			}
			ids[login] = a.ID
		}
		for _, slug := range []string{"37-41", "autre"} {
			c, err := tx.CommitteeBySlug(ctx, slug)
			if err != nil {
				return err
			}
			ids[slug] = c.ID
		}
		return nil
	})

	now := time.Now()
	var campaigns []clts.Campaign
	pgtest.MustRead(t, db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		campaigns, err = tx.Campaigns(ctx)
		return err
	})
	if len(campaigns) != 2 {
		t.Fatalf("%d campaigns, want 2 (loaded twice)", len(campaigns))
	}
	current, old := campaigns[0], campaigns[1]
	if old.Year != 2019 || old.Open(now) || old.Deadline.Year() != 2019 {
		t.Errorf("2019 campaign: year %d, deadline %v", old.Year, old.Deadline)
	}
	if left := current.DaysLeft(now); !current.Open(now) || left < 28 || left > 40 {
		t.Errorf("current campaign %d: open %v, %d days left", current.Year, current.Open(now), left)
	}
	if len(current.Guidance) != 6 || current.Guidance[clts.CategoryParticipation].HTML == "" || current.IntroductionHTML == "" {
		t.Errorf("current campaign's texts: %d guidance, introduction %q", len(current.Guidance), current.IntroductionHTML)
	}

	for _, slug := range []string{"37-41", "autre"} {
		pilot := map[string]string{"37-41": "pilote", "autre": "pilote-autre"}[slug]
		pgtest.MustRead(t, db.App, postgres.InCommittee(ids[slug], ids[pilot]), func(tx *postgres.Tx) error {
			cs, err := tx.Contributions(ctx, postgres.ContributionQuery{CampaignID: current.ID, Pilot: true, VisibleTo: ids[pilot]})
			if err != nil {
				return err
			}
			states, categories := map[string]int{}, map[string]int{}
			for _, c := range cs {
				states[c.Status]++
				categories[c.Category]++
				if c.Status == clts.ContributionTransmitted && c.Category == clts.CategoryParticipation {
					if c.Indicators == nil || c.Indicators.Year != current.Year || c.IndicatorsComment == "" {
						t.Errorf("%s: participation transmitted without figures or comment: %+v", slug, c.Indicators)
					} else if slug == "37-41" && now.In(paris()).YearDay() > 2 && (c.Indicators.Total.SupportedAttendees == 0 || c.Indicators.Total.Attendees <= c.Indicators.Total.SupportedAttendees) {
						t.Errorf("37-41: trivial figures %+v", c.Indicators.Total)
					}
				}
			}
			t.Logf("%s: states %v, categories %v", slug, states, categories)
			for _, st := range clts.ContributionStates {
				if states[st] == 0 {
					t.Errorf("%s: no contribution %s in the current campaign (%v)", slug, st, states)
				}
			}
			for _, cat := range clts.Categories {
				if categories[cat] == 0 {
					t.Errorf("%s: no contribution in category %s", slug, cat)
				}
			}
			old2019, err := tx.Contributions(ctx, postgres.ContributionQuery{CampaignID: old.ID, Pilot: true, Status: clts.ContributionTransmitted})
			if err != nil {
				return err
			}
			if len(old2019) == 0 || old2019[0].TransmittedAt.Year() != 2019 {
				t.Errorf("%s: 2019 transmitted: %d", slug, len(old2019))
			}
			return nil
		})
	}

	// 37-41: a correction of a transmitted one, a returned draft, the
	// 2019 participation figures with supported persons, the HCTS's reply.
	pgtest.MustRead(t, db.App, postgres.InCommittee(ids["37-41"], ids["pilote"]), func(tx *postgres.Tx) error {
		cs, err := tx.Contributions(ctx, postgres.ContributionQuery{CampaignID: current.ID, Pilot: true})
		if err != nil {
			return err
		}
		var corrected, returned, replied, retained bool
		for _, c := range cs {
			corrected = corrected || (c.Edition == 2 && c.PreviousID != 0 && c.Status == clts.ContributionDraft)
			returned = returned || (c.Status == clts.ContributionDraft && c.ReturnComment != "")
			if c.Status != clts.ContributionTransmitted {
				continue
			}
			full, err := tx.ContributionByID(ctx, c.ID)
			if err != nil {
				return err
			}
			if full.Reading != nil {
				replied = replied || full.Reading.ReplyHTML != ""
				retained = retained || full.Reading.Retained
			}
		}
		if !corrected || !returned || !replied || !retained {
			t.Errorf("correction %v, returned draft %v, HCTS reply %v, retained %v", corrected, returned, replied, retained)
		}
		old2019, err := tx.Contributions(ctx, postgres.ContributionQuery{CampaignID: old.ID, Pilot: true, Category: clts.CategoryParticipation})
		if err != nil {
			return err
		}
		if len(old2019) == 1 && old2019[0].Indicators != nil {
			t.Logf("2019 figures: %+v", old2019[0].Indicators.Total)
		}
		if len(old2019) != 1 || old2019[0].Indicators == nil || old2019[0].Indicators.Total.SupportedAttendees == 0 {
			t.Errorf("2019 participation: %+v", old2019)
		}
		if len(old2019) == 1 {
			history, err := tx.ContributionHistory(ctx, old2019[0].ID)
			if err != nil {
				return err
			}
			for _, e := range history {
				if e.At.Year() != 2019 {
					t.Errorf("2019 contribution's step %s on %v", e.Action, e.At)
				}
			}
		}
		return nil
	})

	owner, err := pgx.Connect(ctx, db.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close(ctx)
	var campaignsFlag bool
	if err := owner.QueryRow(ctx, `SELECT hcts_publisher FROM accounts WHERE id = $1`, ids["hcts"]).Scan(&campaignsFlag); err != nil {
		t.Fatal(err)
	}
	if !campaignsFlag {
		t.Error("the demo HCTS account does not open campaigns")
	}
}

package demo

import (
	"context"
	"encoding/json"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
	"github.com/portail-clts/clts/internal/pgcluster"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestNationalContributionsReadLikeTheForm: the national dataset writes
// each contribution's HTML itself; it must be exactly what markdown.Render
// makes of the Markdown, the texts must be ones the form accepts for a
// proposal, read as French, and vary; the participation figures must add
// up.
func TestNationalContributionsReadLikeTheForm(t *testing.T) {
	titles, bodies := map[string]bool{}, map[string]bool{}
	for id := int64(1); id <= 1200; id++ {
		x := &natContribution{id: id, category: clts.Categories[int(id)%len(clts.Categories)]}
		d := x.draw()
		want, err := markdown.Render(d.body.src.String())
		if err != nil {
			t.Fatalf("contribution %d: %v", id, err)
		}
		if got := d.body.html.String(); got != want.HTML() {
			t.Fatalf("contribution %d:\n%s\nwritten as\n%s\nrendered as\n%s", id, d.body.src.String(), got, want.HTML())
		}
		c := clts.Contribution{Title: d.title, Body: d.body.src.String(), Category: x.category}
		if err := c.ValidateForProposal(); err != nil {
			t.Fatalf("contribution %d refused: %+v\n%+v", id, err, c)
		}
		for _, bad := range []string{" de les ", " à les ", "%s", "%d", "  ", " ."} {
			if strings.Contains(d.title+" "+d.body.src.String(), bad) {
				t.Errorf("contribution %d: %q in %q / %q", id, bad, d.title, d.body.src.String())
			}
		}
		titles[d.title] = true
		bodies[d.body.src.String()] = true
	}
	if len(titles) < 400 || len(bodies) < 1150 {
		t.Errorf("%d titles and %d texts for 1,200 contributions: the reading repeats itself", len(titles), len(bodies))
	}
	for _, year := range []int64{2019, 2025} {
		var ind clts.Indicators
		if err := json.Unmarshal(figures(7, year, time.Now()), &ind); err != nil {
			t.Fatal(err)
		}
		var meetings, attendees, supported int
		for _, q := range ind.Quarters {
			meetings, attendees, supported = meetings+q.Meetings, attendees+q.Attendees, supported+q.SupportedAttendees
			if q.SupportedAttendees > q.Attendees || q.MeetingsWithSupported > q.Meetings || q.DistinctSupported > q.SupportedAttendees {
				t.Errorf("%d %s: %+v", year, q.Label, q)
			}
		}
		if len(ind.Quarters) != 4 || ind.Year != int(year) || ind.Total.Meetings != meetings || ind.Total.Attendees != attendees ||
			ind.Total.SupportedAttendees != supported || ind.Quarters[0].Label != "1er trimestre "+ind.Total.Label {
			t.Errorf("%d: %+v", year, ind)
		}
	}
}

// TestLoadNationalContributions loads the demo and the national dataset on
// a cluster of its own (a superuser copies), then reads as the HCTS: the
// 100,000 contributions are transmitted, before their campaign's
// deadline, in the national search, spread over the hundred committees,
// and the national reading finds them by a French word.
func TestLoadNationalContributions(t *testing.T) {
	// The whole national dataset takes two minutes to load (more under
	// -race): make bench loads it on every run; this test runs on demand.
	if os.Getenv("CLTS_TEST_NATIONAL") == "" {
		t.Skip("set CLTS_TEST_NATIONAL=1 to load the national dataset (two minutes)")
	}
	ctx := context.Background()
	cluster := pgtest.NewCluster(t)
	if err := postgres.Bootstrap(ctx, cluster.URL(pgcluster.Superuser, "postgres"), "clts"); err != nil {
		t.Fatal(err)
	}
	m, err := postgres.NewMigrator(cluster.URL(postgres.OwnerRole, "clts"))
	if err != nil {
		t.Fatal(err)
	}
	if err := m.Up(ctx, io.Discard); err != nil {
		t.Fatal(err)
	}
	m.Close()
	app, err := postgres.Open(ctx, cluster.URL(postgres.WebRole, "clts"))
	if err != nil {
		t.Fatal(err)
	}
	defer app.Close()
	if err := Load(ctx, app, io.Discard); err != nil {
		t.Fatal(err)
	}
	super, err := pgx.Connect(ctx, cluster.URL(pgcluster.Superuser, "clts"))
	if err != nil {
		t.Fatal(err)
	}
	defer super.Close(ctx)
	start := time.Now()
	var out strings.Builder
	if err := LoadNational(ctx, super, time.Now(), &out); err != nil {
		t.Fatal(err)
	}
	t.Logf("%s(%.1f s)", out.String(), time.Since(start).Seconds())

	var transmitted, searchable, committees, late, participation int
	if err := super.QueryRow(ctx, `SELECT count(*) FILTER (WHERE c.status = 'transmise'),
			count(*) FILTER (WHERE EXISTS (SELECT FROM contribution_national_search s WHERE s.committee_id = c.committee_id AND s.contribution_id = c.id)),
			count(DISTINCT c.committee_id), count(*) FILTER (WHERE c.transmitted_at > cp.deadline OR c.transmitted_at > now()),
			count(*) FILTER (WHERE c.category = 'participation' AND c.indicators IS NOT NULL)
		FROM contributions c JOIN campaigns cp ON cp.id = c.campaign_id JOIN committees k ON k.id = c.committee_id
		WHERE k.slug LIKE 'n%'`).Scan(&transmitted, &searchable, &committees, &late, &participation); err != nil {
		t.Fatal(err)
	}
	if transmitted != nationalContributions || searchable != transmitted || committees != 100 || late != 0 || participation < 10_000 {
		t.Errorf("transmitted %d, searchable %d, committees %d, after the deadline %d, participation with figures %d",
			transmitted, searchable, committees, late, participation)
	}
	// A dataset loaded before the contributions existed gets them at the
	// next load, and only once.
	for _, q := range []string{`SET session_replication_role = replica`,
		`DELETE FROM contribution_national_search WHERE committee_id IN (SELECT id FROM committees WHERE slug LIKE 'n%')`,
		`DELETE FROM contribution_readings WHERE committee_id IN (SELECT id FROM committees WHERE slug LIKE 'n%')`,
		`DELETE FROM contribution_events WHERE committee_id IN (SELECT id FROM committees WHERE slug LIKE 'n%')`,
		`DELETE FROM contribution_authors WHERE committee_id IN (SELECT id FROM committees WHERE slug LIKE 'n%')`,
		`DELETE FROM contributions WHERE committee_id IN (SELECT id FROM committees WHERE slug LIKE 'n%')`,
		// The triggers that keep the counts are off in replica mode.
		`DELETE FROM contribution_counts WHERE committee_id IN (SELECT id FROM committees WHERE slug LIKE 'n%')`,
		`SET session_replication_role = origin`} {
		if _, err := super.Exec(ctx, q); err != nil {
			t.Fatal(err)
		}
	}
	for _, want := range []string{"Contributions ajoutées aux données nationales", "rien à faire"} {
		out.Reset()
		if err := LoadNational(ctx, super, time.Now(), &out); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), want) {
			t.Errorf("loaded again: %q, want %q", out.String(), want)
		}
		t.Log(out.String())
	}
	var again int
	if err := super.QueryRow(ctx, `SELECT count(*) FROM contributions c JOIN committees k ON k.id = c.committee_id
		JOIN contribution_national_search s ON s.committee_id = c.committee_id AND s.contribution_id = c.id
		WHERE k.slug LIKE 'n%'`).Scan(&again); err != nil {
		t.Fatal(err)
	}
	if again != nationalContributions {
		t.Errorf("added again: %d searchable contributions", again)
	}

	var hcts int64
	if err := super.QueryRow(ctx, `SELECT id FROM accounts WHERE login = 'hcts'`).Scan(&hcts); err != nil {
		t.Fatal(err)
	}
	if err := app.Read(ctx, postgres.Scope{AccountID: hcts, HCTS: true, National: true}, func(tx *postgres.Tx) error {
		hits, total, err := tx.NationalContributions(ctx, postgres.NationalQuery{Text: "précarité énergétique", Limit: 10})
		if err != nil {
			return err
		}
		if total < 500 || len(hits) != 10 {
			t.Errorf("« précarité énergétique »: %d found, %d shown", total, len(hits))
		}
		return nil
	}); err != nil {
		t.Fatal(err)
	}
}

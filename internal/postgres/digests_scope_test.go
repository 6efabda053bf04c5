package postgres_test

import (
	"context"
	"slices"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// A digest tells only the events of the committees the person is still an
// active member of (and the national ones): the events of a committee they
// have left since are taken, untold; someone who left their only committee
// gets no digest at all.
func TestDigestLeavesOutCommitteesThePersonLeft(t *testing.T) {
	t.Parallel()
	loc := paris(t)
	f := newDigestFixture(t)
	a := f.committee("indre-et-loire", "CLTS d'Indre-et-Loire")
	b := f.committee("loiret", "CLTS du Loiret")
	yesterday := time.Date(2026, 12, 1, 12, 0, 0, 0, loc)
	now := time.Date(2026, 12, 2, 9, 0, 0, 0, loc)
	member := func(committee, account int64, active bool) {
		pgtest.MustWrite(t, f.db.App, postgres.InCommittee(committee, 0), func(tx *postgres.Tx) error {
			_, err := tx.PG().Exec(context.Background(), `INSERT INTO memberships (committee_id, account_id, role, active)
				VALUES ($1, $2, 'partenaire', $3)`, committee, account, active)
			return err
		})
	}

	awa := f.account("awa", 8, 1, false)
	member(a, awa, true)
	member(b, awa, false) // left b after its events were told
	f.event(awa, a, clts.NotifyMinutes, clts.DeliveryDaily, "compte rendu A", yesterday)
	f.event(awa, b, clts.NotifyMinutes, clts.DeliveryDaily, "compte rendu B", yesterday)
	f.event(awa, 0, clts.NotifyNews, clts.DeliveryDaily, "actualité nationale", yesterday)

	bob := f.account("bob", 8, 1, false)
	member(b, bob, false)
	f.event(bob, b, clts.NotifyMinutes, clts.DeliveryDaily, "compte rendu B pour bob", yesterday)

	run, err := f.db.App.SendDigests(context.Background(), now, titleWriter{})
	if err != nil {
		t.Fatal(err)
	}
	if want := (postgres.DigestRun{Mailed: 1, Silent: 1}); run != want {
		t.Errorf("run %+v, want %+v", run, want)
	}
	got := f.newDigests()
	if len(got) != 1 || got[0].to != "awa@example.org" ||
		!slices.Equal(got[0].titles, []string{"compte rendu A", "actualité nationale"}) {
		t.Errorf("digests %+v, want awa's alone, without committee B's event", got)
	}
	var waiting int
	if err := f.owner.QueryRow(context.Background(),
		`SELECT count(*) FROM notifications WHERE digested_at IS NULL AND delivery = 'quotidien'`).Scan(&waiting); err != nil {
		t.Fatal(err)
	}
	if waiting != 0 {
		t.Errorf("%d notifications still waiting for a digest", waiting)
	}
}

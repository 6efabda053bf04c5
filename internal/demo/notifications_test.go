package demo

import (
	"context"
	"io"
	"slices"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestDemoNotifications: the demo's past events reach the people they
// name, some read, none twice when the demo loads again, none queued as an
// e-mail, and never another committee's people.
func TestDemoNotifications(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	ids := map[string]int64{}
	// centre maps login's notifications' titles to whether they are unread.
	centre := func(login string) (titles map[string]bool, unread int) {
		titles = map[string]bool{}
		seen := map[string]bool{}
		pgtest.MustRead(t, db.App, postgres.Scope{AccountID: ids[login]}, func(tx *postgres.Tx) error {
			items, _, err := tx.Notifications(ctx, 1000, 0)
			for _, n := range items {
				if seen[n.Title] {
					t.Errorf("%s has %q twice", login, n.Title)
				}
				seen[n.Title], titles[n.Title] = true, n.Unread()
				if n.Unread() {
					unread++
				}
			}
			return err
		})
		return titles, unread
	}
	for range 2 {
		if err := Load(ctx, db.App, io.Discard); err != nil {
			t.Fatal(err)
		}
		pgtest.MustRead(t, db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
			for _, login := range []string{"pilote", "partenaire", "pilote-autre"} {
				a, err := tx.AccountByIdentifier(ctx, login)
				if err != nil {
					return err
				}
				ids[login] = a.ID
			}
			return nil
		})
		pilot, _ := centre("pilote")
		partner, partnerUnread := centre("partenaire")
		other, _ := centre("pilote-autre")
		const convocation = "Convocation : plénière du comité 37-41"
		if unread, found := pilot[convocation]; !found || unread {
			t.Errorf("the pilot's centre: %q found %v, unread %v; want read", convocation, found, unread)
		}
		if unread, found := pilot["Une fiche pratique attend votre relecture"]; !found || !unread {
			t.Error("the pilot is not told, unread, of the practice to review")
		}
		if unread, found := partner[convocation]; !found || !unread {
			t.Errorf("the partner's centre: %q found %v, unread %v; want unread", convocation, found, unread)
		}
		if _, found := partner["Une fiche pratique attend votre relecture"]; found {
			t.Error("a partner is told of the practices pilots review")
		}
		if order := partnerOrder(t, db, ids["partenaire"]); !slices.IsSortedFunc(order, func(a, b time.Time) int { return b.Compare(a) }) {
			t.Errorf("the partner's centre is not newest first: %v", order)
		}
		if partnerUnread < 4 {
			t.Errorf("the partner has %d unread notifications, want the demo's 4 at least", partnerUnread)
		}
		if _, found := other[convocation]; found {
			t.Error("the other committee's pilot is told of 37-41's plenary")
		}
		if _, found := other["Convocation : plénière du comité du Loiret"]; !found {
			t.Error("the other committee's pilot is not told of their own plenary")
		}
	}
	var queued int
	pgtest.MustRead(t, db.App, postgres.Scope{Operator: true}, func(tx *postgres.Tx) error {
		mails, err := tx.Outbox(ctx, 10_000)
		for _, m := range mails {
			for _, n := range demoNotices() {
				if m.Mail.Subject == n.title {
					queued++
				}
			}
		}
		return err
	})
	if queued != 0 {
		t.Errorf("%d e-mails queued for the demo's past events", queued)
	}
}

// partnerOrder is the dates of an account's notifications as the centre
// lists them.
func partnerOrder(t *testing.T, db *pgtest.DB, account int64) []time.Time {
	t.Helper()
	var out []time.Time
	pgtest.MustRead(t, db.App, postgres.Scope{AccountID: account}, func(tx *postgres.Tx) error {
		items, _, err := tx.Notifications(context.Background(), 1000, 0)
		for _, n := range items {
			out = append(out, n.CreatedAt)
		}
		return err
	})
	return out
}

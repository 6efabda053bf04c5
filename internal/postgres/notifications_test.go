package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestNotificationStore: the centre's statements touch the scope's
// account's rows only; the session statement counts the unread; a past
// notice is written once; the preferences refuse what is not a kind or a
// delivery without writing; an unsubscribe applies once and again.
func TestNotificationStore(t *testing.T) {
	t.Parallel()
	w := newPracticeWorld(t)
	ctx := context.Background()
	db := w.db
	notice := func(title string, to ...int64) {
		pgtest.MustWrite(t, db, postgres.Scope{}, func(tx *postgres.Tx) error {
			return tx.RecordPastNotice(ctx, postgres.PastNotice{Kind: clts.NotifyMinutes, Title: title, CommitteeID: w.a,
				AccountIDs: to, CreatedAt: time.Now().Add(-time.Hour)})
		})
	}
	notice("Compte rendu publié", w.authorA, w.memberA)
	notice("Compte rendu publié", w.authorA, w.memberA) // the demo loading again
	notice("Autre compte rendu", w.authorA)

	var mine, theirs []clts.Notification
	pgtest.MustRead(t, db, postgres.Scope{AccountID: w.authorA}, func(tx *postgres.Tx) (err error) {
		mine, _, err = tx.Notifications(ctx, 10, 0)
		return err
	})
	pgtest.MustRead(t, db, postgres.Scope{AccountID: w.memberA}, func(tx *postgres.Tx) (err error) {
		theirs, _, err = tx.Notifications(ctx, 10, 0)
		return err
	})
	if len(mine) != 2 || len(theirs) != 1 || mine[0].CommitteeName != "Comité A" || mine[0].CommitteeSlug != "a" {
		t.Fatalf("author's %+v, member's %+v", mine, theirs)
	}
	if mine[0].Delivery != clts.DeliveryNow {
		t.Errorf("delivery %q, want the kind's default", mine[0].Delivery)
	}

	// Another's notification: not found, not read.
	err := db.Write(ctx, postgres.Scope{AccountID: w.authorA}, func(tx *postgres.Tx) error {
		return tx.MarkNotificationRead(ctx, theirs[0].ID)
	})
	if clts.ErrorCode(err) != clts.ENOTFOUND {
		t.Errorf("marking another's notification read: %v, want ENOTFOUND", err)
	}
	var n int
	pgtest.MustWrite(t, db, postgres.Scope{AccountID: w.authorA}, func(tx *postgres.Tx) (err error) {
		n, err = tx.MarkAllNotificationsRead(ctx)
		return err
	})
	if n != 2 {
		t.Errorf("marked %d read, want 2", n)
	}
	pgtest.MustRead(t, db, postgres.Scope{AccountID: w.memberA}, func(tx *postgres.Tx) (err error) {
		n, err = tx.UnreadNotifications(ctx)
		return err
	})
	if n != 1 {
		t.Errorf("the member's unread after the author read theirs: %d, want 1", n)
	}

	// The session statement reads the count.
	if err := db.SaveSession(ctx, "jeton-de-session", []byte("x"), time.Now().Add(time.Hour), w.memberA); err != nil {
		t.Fatal(err)
	}
	s, found, err := db.FindSession(ctx, "jeton-de-session", "")
	if err != nil || !found || s.Unread != 1 {
		t.Errorf("FindSession: unread %d, found %v, %v; want 1", s.Unread, found, err)
	}

	// Preferences: what is not a kind or a delivery is refused, nothing written.
	for _, bad := range []postgres.NotificationSettings{
		{Deliveries: map[clts.NotificationKind]clts.Delivery{"inconnu": clts.DeliveryNow}, Digest: clts.DigestSettings{Hour: 8, Weekday: 1}},
		{Deliveries: map[clts.NotificationKind]clts.Delivery{clts.NotifyNews: "jamais"}, Digest: clts.DigestSettings{Hour: 8, Weekday: 1}},
		{Deliveries: map[clts.NotificationKind]clts.Delivery{clts.NotifyNews: clts.DeliveryPortal}, Digest: clts.DigestSettings{Hour: 24, Weekday: 1}},
	} {
		err := db.Write(ctx, postgres.Scope{AccountID: w.memberA}, func(tx *postgres.Tx) error {
			return tx.SaveNotificationSettings(ctx, bad)
		})
		if clts.ErrorCode(err) != clts.EINVALID {
			t.Errorf("saving %+v: %v, want EINVALID", bad, err)
		}
	}
	settings := func(account int64) (s postgres.NotificationSettings) {
		pgtest.MustRead(t, db, postgres.Scope{AccountID: account}, func(tx *postgres.Tx) (err error) {
			s, err = tx.NotificationSettings(ctx)
			return err
		})
		return s
	}
	if s := settings(w.memberA); s.Deliveries[clts.NotifyNews] != clts.DeliveryWeekly || s.Digest.Hour != 8 {
		t.Errorf("a refused save wrote: %+v", s)
	}

	// Unsubscribing from the daily digest: the kinds in it, and only them.
	pgtest.MustWrite(t, db, postgres.Scope{AccountID: w.memberA}, func(tx *postgres.Tx) error {
		return tx.SaveNotificationSettings(ctx, postgres.NotificationSettings{Deliveries: map[clts.NotificationKind]clts.Delivery{
			clts.NotifyMinutes: clts.DeliveryDaily, clts.NotifyCharter: clts.DeliveryDaily}, Digest: clts.DigestSettings{Hour: 7, Weekday: 3}})
	})
	for range 2 {
		var u postgres.Unsubscribe
		pgtest.MustWrite(t, db, postgres.Scope{AccountID: w.memberA}, func(tx *postgres.Tx) (err error) {
			u, err = tx.ApplyUnsubscribe(ctx, w.memberA, auth.DigestDaily)
			return err
		})
		s := settings(w.memberA)
		if s.Deliveries[clts.NotifyMinutes] != clts.DeliveryPortal || s.Deliveries[clts.NotifyCharter] != clts.DeliveryPortal ||
			s.Deliveries[clts.NotifyNews] != clts.DeliveryWeekly || s.Digest.Hour != 7 {
			t.Errorf("after unsubscribing from the daily digest: %+v (changed %v)", s, u.Kinds)
		}
	}
	if s := settings(w.authorA); s.Deliveries[clts.NotifyMinutes] != clts.DeliveryNow {
		t.Error("another account's preferences changed")
	}
}

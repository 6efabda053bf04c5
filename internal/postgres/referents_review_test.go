package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestActingWithLocksThePersonsMembership: while a referent acts with a
// person (HelpWith locked, in a Write), the facts auth.CanActFor read hold
// until the unit of work ends: a pilot deactivating the person waits for it
// (here, past a short deadline), then goes through; the next attempt reads
// the person gone and is refused.
func TestActingWithLocksThePersonsMembership(t *testing.T) {
	t.Parallel()
	w := newPracticeWorld(t)
	soon := time.Now().AddDate(0, 0, 7).Truncate(time.Hour)
	var meeting, helpID int64
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		ids, err := tx.CreateMeetings(ctx, []clts.Meeting{{Kind: clts.KindPlenary, Title: "Plénière", StartsAt: soon,
			EndsAt: soon.Add(2 * time.Hour), Place: "Tours"}}, false, func(clts.Meeting) *postgres.MeetingMail { return nil })
		meeting = ids[0]
		return err
	})
	w.must(w.in(w.a, w.supportedA), func(ctx context.Context, tx *postgres.Tx) (err error) {
		helpID, err = tx.NameReferent(ctx, w.memberA)
		return err
	})
	w.must(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.AnswerHelp(ctx, helpID, true)
	})
	referent := auth.Principal{AccountID: w.memberA, Role: clts.RoleProfessionnel, Member: true}
	deactivate := func(ctx context.Context) error {
		return w.db.Write(ctx, w.in(w.a, w.pilotA), func(tx *postgres.Tx) error {
			return tx.SetMemberActive(ctx, w.supportedA, false)
		})
	}

	w.must(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) error {
		h, f, err := tx.HelpWith(ctx, w.supportedA, false, true)
		if err != nil {
			return err
		}
		if !auth.CanActFor(referent, f) {
			t.Fatalf("active help refused: %+v", f)
		}
		// The pilot's deactivation waits for this unit of work.
		short, cancel := context.WithTimeout(context.Background(), 700*time.Millisecond)
		defer cancel()
		if err := deactivate(short); err == nil {
			t.Error("the person was deactivated while their referent acted with them")
		}
		return tx.ActingWith(h).SetResponse(ctx, meeting, clts.AnswerYes, 0, nil, "")
	})
	if err := deactivate(context.Background()); err != nil {
		t.Fatalf("deactivating after the action: %v", err)
	}
	w.must(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) error {
		_, f, err := tx.HelpWith(ctx, w.supportedA, false, true)
		if err == nil && auth.CanActFor(referent, f) {
			t.Errorf("the referent still acts with a person who left: %+v", f)
		}
		return err
	})
}

// TestLeavingEndsTheHelps: a member deactivated in the committee no longer
// helps nor is helped there; reactivated, they do not find the help
// silently resumed.
func TestLeavingEndsTheHelps(t *testing.T) {
	t.Parallel()
	w := newPracticeWorld(t)
	var helpID int64
	w.must(w.in(w.a, w.supportedA), func(ctx context.Context, tx *postgres.Tx) (err error) {
		helpID, err = tx.NameReferent(ctx, w.memberA)
		return err
	})
	w.must(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) error { return tx.AnswerHelp(ctx, helpID, true) })
	for _, active := range []bool{false, true} {
		w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
			return tx.SetMemberActive(ctx, w.memberA, active)
		})
	}
	w.must(w.in(w.a, w.supportedA), func(ctx context.Context, tx *postgres.Tx) error {
		h, f, err := tx.HelpByID(ctx, helpID, false)
		if err != nil {
			return err
		}
		if h.State != clts.HelpEnded {
			t.Errorf("the help of a referent who left and came back is %q, want ended", h.State)
		}
		if auth.CanActFor(auth.Principal{AccountID: w.memberA, Role: clts.RoleProfessionnel, Member: true}, f) {
			t.Error("the referent may act again after leaving and coming back")
		}
		return nil
	})
}

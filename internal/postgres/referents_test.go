package postgres_test

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestReferentStore: a supported person names a referent, who is told and
// accepts; acting with the person records the answer and the proposal as
// the person's with the referent as helper, and the journal as done by the
// referent for the person; another committee sees no help; ended, the
// help is found ended and acts no more.
func TestReferentStore(t *testing.T) {
	t.Parallel()
	w := newPracticeWorld(t)
	soon := time.Now().AddDate(0, 0, 7).Truncate(time.Hour)
	var meeting int64
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		ids, err := tx.CreateMeetings(ctx, []clts.Meeting{{Kind: clts.KindPlenary, Title: "Plénière", StartsAt: soon,
			EndsAt: soon.Add(2 * time.Hour), Place: "Tours"}}, false, func(clts.Meeting) *postgres.MeetingMail { return nil })
		meeting = ids[0]
		return err
	})

	// The person names the professional; the candidate facts say who may be.
	var helpID int64
	w.must(w.in(w.a, w.supportedA), func(ctx context.Context, tx *postgres.Tx) error {
		c, err := tx.ReferentCandidate(ctx, w.memberA)
		if err != nil || !c.Member || c.Current {
			t.Errorf("candidate %+v, %v", c, err)
		}
		if other, _ := tx.ReferentCandidate(ctx, w.authorB); other.Member {
			t.Errorf("another committee's member is a candidate: %+v", other)
		}
		helpID, err = tx.NameReferent(ctx, w.memberA)
		return err
	})
	var (
		h clts.Help
		f auth.HelpFacts
	)
	w.must(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) (err error) {
		h, f, err = tx.HelpWith(ctx, w.supportedA, false, false)
		return err
	})
	if !f.Found || h.State != clts.HelpWaiting || h.PersonName != "Martine A." || auth.CanActFor(auth.Principal{AccountID: w.memberA, Role: clts.RoleProfessionnel}, f) {
		t.Fatalf("waiting help %+v %+v", h, f)
	}
	// Another committee does not see it.
	w.must(w.in(w.b, w.pilotB), func(ctx context.Context, tx *postgres.Tx) error {
		if _, f, err := tx.HelpByID(ctx, helpID, true); err != nil || f.Found {
			t.Errorf("committee b reads a's help: %+v %v", f, err)
		}
		return nil
	})
	w.must(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.AnswerHelp(ctx, helpID, true)
	})
	// Answering twice is a conflict.
	if err := w.step(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.AnswerHelp(ctx, helpID, false)
	}); clts.ErrorCode(err) != clts.ECONFLICT {
		t.Errorf("second answer: %v", err)
	}

	// Acting with the person.
	w.must(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) error {
		h, f, err := tx.HelpWith(ctx, w.supportedA, false, true)
		if err != nil {
			return err
		}
		if !auth.CanActFor(auth.Principal{AccountID: w.memberA, Role: clts.RoleProfessionnel}, f) {
			t.Fatalf("active help refused: %+v", f)
		}
		at := tx.ActingWith(h)
		if err := at.SetResponse(ctx, meeting, clts.AnswerYes, 0, []string{"transport"}, ""); err != nil {
			return err
		}
		return at.AddAgendaItem(ctx, clts.AgendaItem{MeetingID: meeting, Title: "Les transports"}, true)
	})
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		rs, err := tx.Responses(ctx, meeting, true)
		if err != nil {
			return err
		}
		for _, r := range rs {
			want := ""
			if r.AccountID == w.supportedA {
				want = "Inès Membre"
				if r.Answer != clts.AnswerYes {
					t.Errorf("the person's answer %q", r.Answer)
				}
			}
			if r.HelpedByName != want {
				t.Errorf("response of %d helped by %q, want %q", r.AccountID, r.HelpedByName, want)
			}
		}
		items, err := tx.AgendaItems(ctx, meeting, true)
		if err != nil || len(items) != 1 || items[0].HelpedByName != "Inès Membre" || items[0].ProposedByName != "Martine Accompagnée" {
			t.Errorf("agenda %+v %v", items, err)
		}
		entries, _, err := tx.Journal(ctx, postgres.AuditFilter{}, 20, 0)
		if err != nil {
			return err
		}
		found := 0
		for _, e := range entries {
			if (e.Action == "meeting.answer" || e.Action == "agenda.propose") && e.ActorID == w.memberA &&
				strings.HasSuffix(e.Subject, " — pour Martine Accompagnée") {
				found++
			}
		}
		if found != 2 {
			t.Errorf("journal: %d entries by the referent, want 2: %+v", found, entries)
		}
		return nil
	})
	w.must(w.in(w.a, w.supportedA), func(ctx context.Context, tx *postgres.Tx) error {
		done, err := tx.HelpedActions(ctx, w.supportedA, 10)
		if err != nil || len(done) != 2 || done[0].HelperName != "Inès Membre" || done[0].Link == "" || done[0].Subject != "Les transports" {
			t.Errorf("helped actions %+v %v", done, err)
		}
		return tx.EndHelp(ctx, helpID)
	})
	w.must(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) (err error) {
		h, f, err = tx.HelpWith(ctx, w.supportedA, false, false)
		return err
	})
	if h.State != clts.HelpEnded || auth.CanActFor(auth.Principal{AccountID: w.memberA, Role: clts.RoleProfessionnel}, f) {
		t.Errorf("ended help %+v", h)
	}
	// The referent was told twice (named, ended); the person once (accepted).
	var notes []clts.Notification
	w.must(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) (err error) {
		notes, _, err = tx.Notifications(ctx, 10, 0)
		return err
	})
	if len(notes) != 2 || notes[0].Kind != clts.NotifyHelp {
		t.Errorf("referent's notifications %+v", notes)
	}
}

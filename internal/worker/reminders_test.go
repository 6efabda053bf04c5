package worker

import (
	"context"
	"log/slog"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/config"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestRemindGoesThroughEveryCommittee: the worker's job reminds the
// meetings of every committee, each in its own unit of work, to that
// committee's invitees only, once; the reminders to answer carry the
// meeting and its .ics part for the answer links.
func TestRemindGoesThroughEveryCommittee(t *testing.T) {
	t.Parallel()
	ctx := context.Background()
	db := pgtest.New(t)
	base, _ := url.Parse("https://portail.test")
	w := New(db.App, config.Config{MailFrom: "portail@cd37.fr", BaseURL: base}, slog.New(slog.DiscardHandler))
	start := time.Now().Add(60 * time.Hour).Truncate(time.Minute)
	people := map[string]string{} // address → committee slug
	for _, slug := range []string{"indre-et-loire", "loiret"} {
		var c int64
		pgtest.MustWrite(t, db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
			var err error
			c, err = tx.UpsertCommittee(ctx, clts.Committee{Slug: slug, Name: "CLTS " + slug, Departements: []string{"37"}})
			return err
		})
		var pilot int64
		for i, role := range []clts.Role{clts.RolePilote, clts.RoleProfessionnel} {
			login := slug + "-" + string(rune('a'+i))
			pgtest.MustWrite(t, db.App, postgres.InCommittee(c, 0), func(tx *postgres.Tx) error {
				id, err := tx.CreateAccount(ctx, postgres.NewAccount{Login: login, DisplayName: login, Email: login + "@exemple.fr", PasswordHash: "x"})
				if err != nil {
					return err
				}
				if i == 0 {
					pilot = id
				}
				return tx.AddMember(ctx, id, role)
			})
			people[login+"@exemple.fr"] = slug
		}
		pgtest.MustWrite(t, db.App, postgres.InCommittee(c, pilot), func(tx *postgres.Tx) error {
			// Convened without a convocation e-mail: only the reminders are queued.
			_, err := tx.CreateMeetings(ctx, []clts.Meeting{{Kind: clts.KindPlenary, Title: "Plénière " + slug, StartsAt: start,
				EndsAt: start.Add(time.Hour), Place: "Salle " + slug}}, true, func(clts.Meeting) *postgres.MeetingMail { return nil })
			return err
		})
	}

	sent, err := w.remind(ctx, start.Add(-35*time.Hour))
	if err != nil || sent != 2 {
		t.Fatalf("remind: %d reminders, %v; want 2 (one per committee)", sent, err)
	}
	var ms []postgres.OutboxMail
	pgtest.MustRead(t, db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		ms, err = tx.OutboxAfter(ctx, 0)
		return err
	})
	var to []string
	for _, m := range ms {
		to = append(to, m.Mail.To)
		slug := people[m.Mail.To]
		if m.Mail.Kind != clts.NotifyReminder || m.Mail.MeetingID == 0 || m.Mail.Calendar == nil || m.Mail.AccountID == 0 ||
			!strings.Contains(m.Mail.Subject, "Plénière "+slug) || !strings.Contains(m.Mail.Body, "https://portail.test/c/"+slug+"/reunions/") {
			t.Errorf("reminder to %s: %+v", m.Mail.To, m.Mail)
		}
	}
	slices.Sort(to)
	want := []string{"indre-et-loire-a@exemple.fr", "indre-et-loire-b@exemple.fr", "loiret-a@exemple.fr", "loiret-b@exemple.fr"}
	if !slices.Equal(to, want) {
		t.Errorf("reminders to %v, want %v", to, want)
	}
	if sent, err := w.remind(ctx, start.Add(-34*time.Hour)); err != nil || sent != 0 {
		t.Errorf("second run: %d reminders, %v; want none", sent, err)
	}

	// A periodic job's loop stops with its context, and Run waits for it.
	stop, cancel := context.WithCancel(ctx)
	wait := w.every(stop, reminderEvery, "meeting reminders", func(ctx context.Context, now time.Time) error {
		_, err := w.remind(ctx, now)
		return err
	})
	cancel()
	done := make(chan struct{})
	go func() { wait(); close(done) }()
	select {
	case <-done:
	case <-time.After(5 * time.Second):
		t.Fatal("the reminders' loop did not stop with its context")
	}
}

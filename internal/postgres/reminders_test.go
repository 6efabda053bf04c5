package postgres_test

import (
	"context"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/ical"
	"github.com/portail-clts/clts/internal/mails"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// remind runs the reminders of committee c due at now, as the worker does,
// and returns how many left.
func (w *eventWorld) remind(c int64, now time.Time) int {
	w.t.Helper()
	var n int
	w.must(postgres.InCommittee(c, 0), func(ctx context.Context, tx *postgres.Tx) error {
		var err error
		n, err = tx.RemindMeetings(ctx, now, mails.Reminders{BaseURL: w.base}.ReminderMail)
		return err
	})
	return n
}

// answer records account's answer to meeting m of a.
func (w *eventWorld) answer(account int64, m clts.Meeting, answer string) {
	w.t.Helper()
	w.must(postgres.InCommittee(w.a, account), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.SetResponse(ctx, m.ID, answer, 0, nil, "")
	})
}

// TestRemindersOnceToTheRightPeople: three days before a meeting, the
// invitees who have not answered are reminded, with the answer links'
// meeting and the .ics part; the day before, those who come, with the
// place, the video link and the accessibility; each reminder once. A
// meeting whose reminders are off, a cancelled one, one not convened, or a
// convocation of the day get none, and another committee's meeting waits
// for its own committee's run.
func TestRemindersOnceToTheRightPeople(t *testing.T) {
	t.Parallel()
	w := newEventWorld(t)
	now := time.Now()
	start := now.Add(60 * time.Hour).Truncate(time.Minute)
	m := w.plenary("Plénière d'automne", start, true, false)
	off := w.plenary("Plénière sans rappels", start, true, true)
	cancelled := w.plenary("Plénière annulée", start, true, false)
	later := w.plenary("Plénière à convoquer", start, false, false)
	w.must(postgres.InCommittee(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.CancelMeeting(ctx, cancelled.ID, "Reportée.", nil)
	})
	var inB int64
	w.must(postgres.InCommittee(w.b, w.pilotB), func(ctx context.Context, tx *postgres.Tx) error {
		ids, err := tx.CreateMeetings(ctx, []clts.Meeting{{Kind: clts.KindPlenary, Title: "Plénière du Loiret", StartsAt: start,
			EndsAt: start.Add(time.Hour), Place: "Orléans"}}, true, func(mi clts.Meeting) *postgres.MeetingMail {
			return w.meetingMail(clts.Committee{Slug: "b", Name: "Comité B"}, mi, ical.MethodRequest)
		})
		if err == nil {
			inB = ids[0]
		}
		return err
	})
	w.answer(w.memberA, m, clts.AnswerYes)
	w.answer(w.quietA, m, clts.AnswerNo)
	w.answer(w.leadA, m, clts.AnswerMaybe)
	w.forget()

	// Convened just now: no reminder to answer on the day of the convocation.
	if n := w.remind(w.a, now.Add(time.Hour)); n != 0 {
		t.Fatalf("%d reminders on the day of the convocation", n)
	}
	// Three days before, 35 hours before the start: those who have not
	// answered (the maybe is an answer), once.
	at := start.Add(-35 * time.Hour)
	if n := w.remind(w.a, at); n != 1 {
		t.Fatalf("%d reminders 35 hours before, want 1 (the unanswered of one meeting)", n)
	}
	ns := w.notices()
	w.expect("reminder to answer", ns, clts.NotifyReminder, w.a, w.pilotA, w.both)
	for _, n := range ns {
		if n.link != paths.Meeting("a", m.ID) || !strings.HasPrefix(n.title, "Rappel : votre réponse pour « Plénière d'automne »") {
			t.Errorf("reminder to answer: %+v", n)
		}
		if n.mailed && (n.meeting != m.ID || n.calendar == nil || n.calendar.Method != ical.MethodRequest ||
			n.calendar.Event.UID != mails.MeetingUID(w.base, m) || !strings.Contains(n.body, "Vous n'avez pas encore répondu")) {
			t.Errorf("reminder to answer's e-mail: meeting %d, calendar %+v\n%s", n.meeting, n.calendar, n.body)
		}
	}
	w.forget()
	if n := w.remind(w.a, at.Add(time.Hour)); n != 0 {
		t.Errorf("the reminder to answer left %d more times", n)
	}

	// The day before: those who come, with how to get there.
	at = start.Add(-20 * time.Hour)
	if n := w.remind(w.a, at); n != 1 {
		t.Fatalf("%d reminders the day before, want 1", n)
	}
	ns = w.notices()
	w.expect("reminder to those who come", ns, clts.NotifyReminder, w.a, w.memberA)
	n := ns[0]
	for _, s := range []string{"Vous avez répondu que vous venez", "Lieu : Salle du conseil, 15 rue Nationale, Tours",
		"Visioconférence : https://visio.exemple.fr/pleniere", "Accessibilité : Entrée de plain-pied, boucle magnétique.",
		testBaseURL + paths.Meeting("a", m.ID)} {
		if !strings.Contains(n.body, s) {
			t.Errorf("the day-before reminder does not say %q:\n%s", s, n.body)
		}
	}
	if n.meeting != m.ID || n.calendar != nil {
		t.Errorf("the day-before reminder: meeting %d, calendar %+v (no answer links: they answered)", n.meeting, n.calendar)
	}
	w.forget()
	if n := w.remind(w.a, at.Add(time.Hour)); n != 0 {
		t.Errorf("the day-before reminder left %d more times", n)
	}
	if ns := w.notices(); len(ns) != 0 {
		t.Errorf("meetings off, cancelled or not convened were reminded: %+v (off %d, cancelled %d, later %d)", ns, off.ID, cancelled.ID, later.ID)
	}
	// Committee b's meeting is reminded in b's run, to b's members only.
	if n := w.remind(w.b, start.Add(-35*time.Hour)); n != 1 {
		t.Fatalf("%d reminders in b, want 1", n)
	}
	ns = w.notices()
	w.expect("reminder in b", ns, clts.NotifyReminder, w.b, w.both, w.pilotB, w.memberB)
	if ns[0].link != paths.Meeting("b", inB) {
		t.Errorf("reminder in b: %+v", ns[0])
	}
}

// TestReminderMovedMeetingAndTwoWorkers: two runs at once send a reminder
// once; a meeting moved to another time is reminded again.
func TestReminderMovedMeetingAndTwoWorkers(t *testing.T) {
	t.Parallel()
	w := newEventWorld(t)
	start := time.Now().Add(60 * time.Hour).Truncate(time.Minute)
	m := w.plenary("Plénière", start, true, false)
	w.forget()
	at := start.Add(-35 * time.Hour)
	var wg sync.WaitGroup
	sent := make([]int, 4)
	for i := range sent {
		wg.Add(1)
		go func() {
			defer wg.Done()
			sent[i] = w.remind(w.a, at)
		}()
	}
	wg.Wait()
	if total := sent[0] + sent[1] + sent[2] + sent[3]; total != 1 {
		t.Fatalf("four runs at once sent %v reminders, want 1 in all", sent)
	}
	if ns := w.notices(); len(ns) != 5 {
		t.Fatalf("%d people reminded, want the 5 invitees once each", len(ns))
	}
	// One of them takes reminders in the daily digest: it waits there.
	pending := func() (mails, digest int) {
		pgtest.MustRead(t, w.db, postgres.Scope{}, func(tx *postgres.Tx) error {
			return tx.PG().QueryRow(context.Background(), `SELECT
				(SELECT count(*) FROM outbox WHERE meeting_id = $1 AND kind = 'rappel' AND sent_at IS NULL),
				(SELECT count(*) FROM notifications WHERE meeting_id = $1 AND kind = 'rappel' AND digested_at IS NULL
					AND delivery = 'quotidien')`, m.ID).Scan(&mails, &digest)
		})
		return mails, digest
	}
	pgtest.MustWrite(t, w.db, postgres.Scope{}, func(tx *postgres.Tx) error {
		_, err := tx.PG().Exec(context.Background(), `UPDATE notifications SET delivery = 'quotidien'
			WHERE id = (SELECT min(id) FROM notifications WHERE meeting_id = $1 AND kind = 'rappel')`, m.ID)
		return err
	})
	if mails, digest := pending(); mails == 0 || digest != 1 {
		t.Fatalf("before the move: %d reminder e-mails waiting and %d in a digest, want some and 1", mails, digest)
	}
	w.forget()

	// Moved a week later: its invitees will be reminded again, in time.
	w.must(postgres.InCommittee(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		current, err := tx.MeetingByID(ctx, m.ID)
		if err != nil {
			return err
		}
		moved := *current
		moved.StartsAt, moved.EndsAt = start.Add(7*24*time.Hour), start.Add(7*24*time.Hour+2*time.Hour)
		return tx.UpdateMeeting(ctx, moved, nil)
	})
	if mails, digest := pending(); mails != 0 || digest != 0 {
		t.Errorf("after the move: %d reminder e-mails of the old date still waiting and %d in a digest, want none", mails, digest)
	}
	if n := w.remind(w.a, at); n != 0 {
		t.Errorf("%d reminders for the moved meeting, a week away: want none before the new three days", n)
	}
	if n := w.remind(w.a, at.Add(7*24*time.Hour)); n != 1 {
		t.Errorf("%d reminders for the moved meeting three days before its new date, want 1", n)
	}
	// Edited with the box unticked: no more reminders.
	w.must(postgres.InCommittee(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		current, err := tx.MeetingByID(ctx, m.ID)
		if err != nil {
			return err
		}
		if current.NoReminders {
			t.Errorf("reminders read as off after a move")
		}
		edited := *current
		edited.NoReminders = true
		if err := tx.UpdateMeeting(ctx, edited, nil); err != nil {
			return err
		}
		current, err = tx.MeetingByID(ctx, m.ID)
		if err == nil && !current.NoReminders {
			t.Errorf("reminders still on after the organiser turned them off")
		}
		return err
	})
	w.answer(w.memberA, m, clts.AnswerYes)
	if n := w.remind(w.a, start.Add(7*24*time.Hour-time.Hour)); n != 0 {
		t.Errorf("%d reminders the day before a meeting whose reminders are off", n)
	}
}

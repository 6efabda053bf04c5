package worker

import (
	"context"
	"log/slog"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/mails"
	"github.com/portail-clts/clts/internal/postgres"
)

// reminderEvery is how often the worker looks for meeting reminders due:
// they leave within this much of their time (three days, one day before).
const reminderEvery = 5 * time.Minute

// startReminders runs remind every reminderEvery on a ticker of its own
// until ctx ends; the function it returns waits until it has stopped (Run
// defers it, so that no reminder is being written once Run returns).
func (w *Worker) startReminders(ctx context.Context) (wait func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(reminderEvery)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				if _, err := w.remind(ctx, time.Now()); err != nil && ctx.Err() == nil {
					w.log.Warn("meeting reminders", slog.Any("error", err))
				}
			}
		}
	}()
	return func() { <-done }
}

// remind sends the meeting reminders due at now, committee by committee:
// the committees are read first, then each one's reminders are a short
// unit of work of its own in that committee (postgres.Tx.RemindMeetings),
// so that one committee's failure delays no other. It returns how many
// reminders left and the first error.
func (w *Worker) remind(ctx context.Context, now time.Time) (int, error) {
	var committees []clts.Committee
	err := w.db.Read(ctx, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		committees, err = tx.Committees(ctx)
		return err
	})
	if err != nil {
		return 0, err
	}
	write := mails.Reminders{BaseURL: w.cfg.BaseURL}.ReminderMail
	sent := 0
	var first error
	for _, c := range committees {
		if ctx.Err() != nil {
			return sent, ctx.Err()
		}
		var n int
		err := w.db.Write(ctx, postgres.InCommittee(c.ID, 0), func(tx *postgres.Tx) error {
			var err error
			n, err = tx.RemindMeetings(ctx, now, write)
			return err
		})
		if err != nil {
			if first == nil {
				first = err
			}
			continue
		}
		sent += n
	}
	if sent > 0 {
		w.log.Info("meeting reminders", slog.Int("reminders", sent))
	}
	return sent, first
}

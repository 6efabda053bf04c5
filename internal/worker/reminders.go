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

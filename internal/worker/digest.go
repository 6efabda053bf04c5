package worker

import (
	"context"
	"log/slog"
	"time"

	"github.com/portail-clts/clts/internal/mails"
	"github.com/portail-clts/clts/internal/postgres"
)

// digestEvery is how often the worker looks for digests due: a person's
// digest leaves within a minute of their hour.
const digestEvery = time.Minute

// sendDigests queues the digests due at now (postgres.DB.SendDigests);
// the outbox sends them like any other e-mail.
func (w *Worker) sendDigests(ctx context.Context, now time.Time) postgres.DigestRun {
	base := ""
	if w.cfg.BaseURL != nil {
		base = w.cfg.BaseURL.String()
	}
	run, err := w.db.SendDigests(ctx, now, mails.Digests{BaseURL: base})
	if err != nil && ctx.Err() == nil {
		w.log.Warn("digests", slog.Any("error", err))
	}
	if run != (postgres.DigestRun{}) {
		w.log.Info("digests", slog.Int("mailed", run.Mailed), slog.Int("silent", run.Silent))
	}
	return run
}

package worker

import (
	"context"
	"log/slog"
	"time"

	"github.com/portail-clts/clts/internal/postgres"
)

// dataExportEvery is how often the worker looks for archives to prepare.
const dataExportEvery = 10 * time.Second

// startDataExports prepares, on its own ticker, the archives people asked
// for when theirs is large (postgres.BuildNextDataExport), and deletes the
// ready ones past their retention; it returns a function that waits for
// it to stop.
func (w *Worker) startDataExports(ctx context.Context) (wait func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(dataExportEvery)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case <-tick.C:
				if _, err := w.buildDataExports(ctx, time.Now()); err != nil && ctx.Err() == nil {
					w.log.Warn("data exports", slog.Any("error", err))
				}
			}
		}
	}()
	return func() { <-done }
}

// buildDataExports builds every waiting archive, one after the other, then
// purges the expired ones; it returns how many it built.
func (w *Worker) buildDataExports(ctx context.Context, now time.Time) (int, error) {
	n := 0
	for {
		built, err := w.db.BuildNextDataExport(ctx, now)
		if err != nil {
			return n, err
		}
		if !built {
			break
		}
		n++
	}
	_, err := w.db.PurgeDataExports(ctx, now.Add(-postgres.DataExportRetention))
	return n, err
}

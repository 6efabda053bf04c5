package worker

import (
	"context"
	"time"

	"github.com/portail-clts/clts/internal/postgres"
)

// dataExportEvery is how often the worker looks for archives to prepare.
const dataExportEvery = 10 * time.Second

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

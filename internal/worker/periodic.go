package worker

import (
	"context"
	"log/slog"
	"time"
)

// every runs job at each tick of period on a goroutine of its own until ctx
// ends, beside Run's loop, so that a slow job never holds back the e-mails
// sent at once; a failure is logged under name (none once ctx has ended).
// The function it returns waits until the goroutine has stopped: Run defers
// it, so that no job is half-way once Run returns.
func (w *Worker) every(ctx context.Context, period time.Duration, name string, job func(ctx context.Context, now time.Time) error) (wait func()) {
	done := make(chan struct{})
	go func() {
		defer close(done)
		tick := time.NewTicker(period)
		defer tick.Stop()
		for {
			select {
			case <-ctx.Done():
				return
			case now := <-tick.C:
				if err := job(ctx, now); err != nil && ctx.Err() == nil {
					w.log.Warn(name, slog.Any("error", err))
				}
			}
		}
	}()
	return func() { <-done }
}

// Package worker runs the portal's background work: e-mail delivery from the
// outbox, the removal of expired sessions and the purge of personal data
// kept past its retention period. Every instance may run it: an e-mail is
// claimed by one instance at a time (FOR UPDATE SKIP LOCKED and a lease).
package worker

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/portail-clts/clts/internal/config"
	"github.com/portail-clts/clts/internal/postgres"
)

// Worker holds what background jobs need.
type Worker struct {
	db  *postgres.DB
	cfg config.Config
	log *slog.Logger
	// Echo, when set, receives every new outbox e-mail (make run prints
	// them so links can be followed locally).
	Echo io.Writer
	// smtpTimeout bounds the connection and each e-mail's exchange: a
	// server that stops answering delays the outbox by this much, not
	// forever.
	smtpTimeout time.Duration
	// key signs the links a notification's e-mail carries (answering a
	// meeting, unsubscribing): read once, when the worker starts
	// (loadKey), or at its first delivery when the database was not ready.
	key []byte
}

// New returns a Worker.
func New(db *postgres.DB, cfg config.Config, logger *slog.Logger) *Worker {
	return &Worker{db: db, cfg: cfg, log: logger, smtpTimeout: 30 * time.Second}
}

// Run loops until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	// Jobs on tickers of their own (periodic.go): meeting reminders
	// (reminders.go), the daily and weekly digests, within a minute of
	// their hour (digest.go), large personal data archives (data_export.go).
	defer w.every(ctx, reminderEvery, "meeting reminders", func(ctx context.Context, now time.Time) error {
		_, err := w.remind(ctx, now)
		return err
	})()
	defer w.every(ctx, digestEvery, "digests", func(ctx context.Context, now time.Time) error {
		w.sendDigests(ctx, now)
		return nil
	})()
	defer w.every(ctx, dataExportEvery, "data exports", func(ctx context.Context, now time.Time) error {
		_, err := w.buildDataExports(ctx, now)
		return err
	})()
	mailTick := time.NewTicker(2 * time.Second)
	defer mailTick.Stop()
	cleanTick := time.NewTicker(5 * time.Minute)
	defer cleanTick.Stop()
	w.loadKey(ctx)
	var echoed int64
	if w.Echo != nil {
		// Start after what is already there: only new mail is printed.
		_ = w.db.Read(ctx, postgres.Scope{}, func(tx *postgres.Tx) error {
			ms, err := tx.Outbox(ctx, 1)
			if err == nil && len(ms) > 0 {
				echoed = ms[0].ID
			}
			return err
		})
	}
	for {
		select {
		case <-ctx.Done():
			return
		case <-mailTick.C:
			if w.Echo != nil {
				echoed = w.echo(ctx, echoed)
			}
			if w.cfg.SMTPAddr != "" {
				w.deliver(ctx)
			}
		case <-cleanTick.C:
			w.clean(ctx)
		}
	}
}

// clean removes expired sessions and the personal data kept past its
// retention period (postgres.PurgeExpired).
func (w *Worker) clean(ctx context.Context) {
	if err := w.db.DeleteExpiredSessions(ctx); err != nil && ctx.Err() == nil {
		w.log.Warn("session cleanup", slog.Any("error", err))
	}
	p, err := w.db.PurgeExpired(ctx, time.Now())
	if err != nil {
		if ctx.Err() == nil {
			w.log.Warn("retention purge", slog.Any("error", err))
		}
		return
	}
	if p != (postgres.Purged{}) {
		w.log.Info("retention purge", slog.Int64("login_attempts", p.LoginAttempts), slog.Int64("second_factor_failures", p.SecondFactorFailures), slog.Int64("password_resets", p.Resets),
			slog.Int64("access_sheets", p.AccessSheets), slog.Int64("mails", p.Mails), slog.Int64("audit_entries", p.AuditEntries),
			slog.Int64("used_tokens", p.UsedTokens), slog.Int64("notifications", p.Notifications))
	}
}

// deliver sends the e-mails that are due through SMTP, a batch at a time
// over one connection (smtp.go), each built for its recipient (send.go).
func (w *Worker) deliver(ctx context.Context) postgres.Delivery {
	conn := w.smtpConn()
	defer conn.close()
	d, err := w.db.DeliverPending(ctx, deliveryBatch, func(ctx context.Context, m postgres.OutboxMail) error {
		err := w.send(ctx, conn, m)
		if err != nil && ctx.Err() == nil {
			w.log.Warn("mail not delivered", slog.Int64("outbox", m.ID), slog.Any("error", err))
		}
		return err
	})
	if err != nil && ctx.Err() == nil {
		w.log.Warn("mail delivery", slog.Any("error", err))
	}
	if d.GivenUp > 0 {
		w.log.Error("mail given up after every attempt; the operator can try again from the outbox page",
			slog.Int("mails", d.GivenUp))
	}
	return d
}

func (w *Worker) echo(ctx context.Context, after int64) int64 {
	var ms []postgres.OutboxMail
	err := w.db.Read(ctx, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		ms, err = tx.OutboxAfter(ctx, after)
		return err
	})
	if err != nil {
		return after
	}
	for _, m := range ms {
		fmt.Fprintf(w.Echo, "\n----- Courriel (boîte d'envoi n° %d) -----\nÀ : %s\nObjet : %s\n\n%s-----\n",
			m.ID, m.Mail.To, m.Mail.Subject, m.Mail.Body)
		after = m.ID
	}
	return after
}

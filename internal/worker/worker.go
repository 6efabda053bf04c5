// Package worker runs the portal's background work: e-mail delivery from the
// outbox and the removal of expired sessions. Every instance may run it:
// e-mails are claimed with FOR UPDATE SKIP LOCKED, so none is sent twice.
package worker

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"mime"
	"net"
	"net/smtp"
	"strings"
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
}

// New returns a Worker.
func New(db *postgres.DB, cfg config.Config, logger *slog.Logger) *Worker {
	return &Worker{db: db, cfg: cfg, log: logger}
}

// Run loops until ctx ends.
func (w *Worker) Run(ctx context.Context) {
	mailTick := time.NewTicker(2 * time.Second)
	defer mailTick.Stop()
	cleanTick := time.NewTicker(5 * time.Minute)
	defer cleanTick.Stop()
	var echoed int64
	if w.Echo != nil {
		// Start after what is already there: only new mail is printed.
		if ms, err := w.db.Outbox(ctx, 1); err == nil && len(ms) > 0 {
			echoed = ms[0].ID
		}
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
				if _, err := w.db.DeliverPending(ctx, 20, w.sendSMTP); err != nil && ctx.Err() == nil {
					w.log.Warn("mail delivery", slog.Any("error", err))
				}
			}
		case <-cleanTick.C:
			if err := w.db.DeleteExpiredSessions(ctx); err != nil && ctx.Err() == nil {
				w.log.Warn("session cleanup", slog.Any("error", err))
			}
		}
	}
}

func (w *Worker) echo(ctx context.Context, after int64) int64 {
	ms, err := w.db.OutboxAfter(ctx, after)
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

// sendSMTP delivers one e-mail through the configured server, with STARTTLS
// when offered (net/smtp does it) and PLAIN authentication when configured.
func (w *Worker) sendSMTP(m postgres.Mail) error {
	var a smtp.Auth
	if w.cfg.SMTPUser != "" {
		host, _, _ := net.SplitHostPort(w.cfg.SMTPAddr)
		a = smtp.PlainAuth("", w.cfg.SMTPUser, w.cfg.SMTPPassword, host)
	}
	return smtp.SendMail(w.cfg.SMTPAddr, a, w.cfg.MailFrom, []string{m.To}, Message(w.cfg.MailFrom, m, time.Now()))
}

// Message renders an e-mail as an RFC 5322 message in UTF-8.
func Message(from string, m postgres.Mail, now time.Time) []byte {
	var b strings.Builder
	b.WriteString("From: Portail CLTS <" + from + ">\r\n")
	b.WriteString("To: " + m.To + "\r\n")
	b.WriteString("Subject: " + mime.QEncoding.Encode("utf-8", m.Subject) + "\r\n")
	b.WriteString("Date: " + now.Format(time.RFC1123Z) + "\r\n")
	b.WriteString("MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n")
	b.WriteString(strings.ReplaceAll(m.Body, "\n", "\r\n"))
	return []byte(b.String())
}

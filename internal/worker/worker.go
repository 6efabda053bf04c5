// Package worker runs the portal's background work: e-mail delivery from the
// outbox, the removal of expired sessions and the purge of personal data
// kept past its retention period. Every instance may run it: an e-mail is
// claimed by one instance at a time (FOR UPDATE SKIP LOCKED and a lease).
package worker

import (
	"context"
	"crypto/tls"
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
	// smtpTimeout bounds one delivery, from dialling to QUIT: a server
	// that stops answering delays the outbox by this much, not forever.
	smtpTimeout time.Duration
}

// New returns a Worker.
func New(db *postgres.DB, cfg config.Config, logger *slog.Logger) *Worker {
	return &Worker{db: db, cfg: cfg, log: logger, smtpTimeout: 30 * time.Second}
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
			slog.Int64("mails", p.Mails), slog.Int64("audit_entries", p.AuditEntries))
	}
}

// deliver sends the e-mails that are due through SMTP.
func (w *Worker) deliver(ctx context.Context) postgres.Delivery {
	d, err := w.db.DeliverPending(ctx, 20, func(ctx context.Context, m postgres.OutboxMail) error {
		err := w.sendSMTP(ctx, m.Mail)
		if err != nil && ctx.Err() == nil {
			w.log.Warn("mail not delivered", slog.Any("error", err))
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

// sendSMTP delivers one e-mail through the configured server, with STARTTLS
// when the server offers it and PLAIN authentication when configured
// (net/smtp refuses to send a password in clear text except to localhost).
func (w *Worker) sendSMTP(ctx context.Context, m postgres.Mail) error {
	ctx, cancel := context.WithTimeout(ctx, w.smtpTimeout)
	defer cancel()
	conn, err := (&net.Dialer{}).DialContext(ctx, "tcp", w.cfg.SMTPAddr)
	if err != nil {
		return err
	}
	// The conversation stops at the deadline, or at once when ctx ends
	// (the portal is stopping).
	deadline, _ := ctx.Deadline()
	if err := conn.SetDeadline(deadline); err != nil {
		conn.Close()
		return err
	}
	stop := context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Now()) })
	defer stop()
	host, _, _ := net.SplitHostPort(w.cfg.SMTPAddr)
	c, err := smtp.NewClient(conn, host)
	if err != nil {
		conn.Close()
		return err
	}
	defer c.Close()
	if ok, _ := c.Extension("STARTTLS"); ok {
		if err := c.StartTLS(&tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}); err != nil {
			return err
		}
	}
	if w.cfg.SMTPUser != "" {
		if err := c.Auth(smtp.PlainAuth("", w.cfg.SMTPUser, w.cfg.SMTPPassword, host)); err != nil {
			return err
		}
	}
	if err := c.Mail(w.cfg.MailFrom); err != nil {
		return err
	}
	if err := c.Rcpt(m.To); err != nil {
		return err
	}
	wc, err := c.Data()
	if err != nil {
		return err
	}
	if _, err := wc.Write(Message(w.cfg.MailFrom, m, time.Now())); err != nil {
		return err
	}
	if err := wc.Close(); err != nil {
		return err
	}
	return c.Quit()
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

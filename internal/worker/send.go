package worker

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"time"

	"github.com/wneessen/go-mail"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/ical"
	"github.com/portail-clts/clts/internal/mails"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
)

// loadKey reads the key that signs the e-mails' links, once.
func (w *Worker) loadKey(ctx context.Context) {
	if w.key != nil {
		return
	}
	key, err := w.db.SigningKey(ctx)
	if err != nil {
		if ctx.Err() == nil {
			w.log.Warn("signing key", slog.Any("error", err))
		}
		return
	}
	w.key = key
}

// send builds one outbox e-mail for its recipient and hands it to the
// batch's connection.
func (w *Worker) send(ctx context.Context, conn *smtpConn, m postgres.OutboxMail) error {
	msg, err := w.message(ctx, m, time.Now())
	if err != nil {
		return err
	}
	return conn.send(ctx, msg)
}

// message builds the e-mail of outbox row m, sent at now: From the portal,
// a Message-ID made of the row's id (the same on every attempt, so that a
// message sent twice — a worker stopped after the relay accepted it but
// before recording it — is recognisable as one), the text and the HTML
// parts; for a notification, the footer and the one-click unsubscribe
// headers (RFC 8058); for a meeting's invitation, the answer links and the
// .ics part.
func (w *Worker) message(ctx context.Context, m postgres.OutboxMail, now time.Time) (*mail.Msg, error) {
	msg := mail.NewMsg(mail.WithNoDefaultUserAgent())
	if err := msg.FromFormat("Portail CLTS", w.cfg.MailFrom); err != nil {
		return nil, fmt.Errorf("sender %q: %w", w.cfg.MailFrom, err)
	}
	if err := msg.To(m.Mail.To); err != nil {
		return nil, fmt.Errorf("recipient %q: %w", m.Mail.To, err)
	}
	msg.Subject(m.Mail.Subject)
	msg.SetDateWithValue(now)
	msg.SetMessageIDWithValue(MessageID(m.ID, w.host()))
	letter := mails.Letter{Subject: m.Mail.Subject, Body: m.Mail.Body}
	if notification(m.Mail) {
		key, err := w.signingKey(ctx)
		if err != nil {
			return nil, err
		}
		unsubscribe := w.base() + paths.MailUnsubscribe(auth.SignUnsubscribe(key, auth.UnsubscribeClaim{AccountID: m.Mail.AccountID, Kind: string(m.Mail.Kind)}))
		letter.Footer = &mails.Footer{Reason: mails.Reason(string(m.Mail.Kind)), Settings: w.base() + paths.NotificationSettings, Unsubscribe: unsubscribe}
		msg.SetListUnsubscribe(unsubscribe)
		msg.SetListUnsubscribePost()
		if cal := m.Mail.Calendar; cal != nil && m.Mail.MeetingID != 0 && cal.Method == ical.MethodRequest && cal.Event.Start.After(now) {
			claim := auth.AnswerClaim{AccountID: m.Mail.AccountID, CommitteeID: m.Mail.CommitteeID, MeetingID: m.Mail.MeetingID, Expires: cal.Event.Start}
			token := auth.SignAnswer(key, claim)
			letter.Answers = &mails.AnswerLinks{
				Yes:   w.base() + paths.MailAnswer(token, clts.AnswerYes),
				No:    w.base() + paths.MailAnswer(token, clts.AnswerNo),
				Maybe: w.base() + paths.MailAnswer(token, clts.AnswerMaybe),
			}
		}
	}
	msg.SetBodyString(mail.TypeTextPlain, letter.Text())
	msg.AddAlternativeString(mail.TypeTextHTML, letter.HTML())
	if cal := m.Mail.Calendar; cal != nil {
		ics, err := w.invitation(*cal, m.Mail.To)
		if err != nil {
			return nil, err
		}
		msg.AddAlternativeString(mail.ContentType("text/calendar; method="+cal.Method), ics)
	}
	return msg, nil
}

// notification reports whether m is a notification's e-mail (or a
// digest), which carries a footer and the unsubscribe headers, rather than
// a transactional one (an invitation, a password reset).
func notification(m postgres.Mail) bool { return m.AccountID != 0 && m.Kind != "" }

// invitation renders a meeting's calendar part for recipient to: the
// committee as organiser at the portal's address, the recipient as
// attendee, the UID and SEQUENCE of the feeds.
func (w *Worker) invitation(cal postgres.CalendarPart, to string) (string, error) {
	switch cal.Method {
	case ical.MethodRequest:
	case ical.MethodCancel:
		cal.Event.Status = ical.StatusCancelled
	default:
		return "", fmt.Errorf("calendar part: method %q", cal.Method)
	}
	ev := cal.Event
	ev.Organizer = &ical.Person{Name: cal.Organizer, Email: w.cfg.MailFrom}
	ev.Attendees = []ical.Person{{Email: to}}
	var b bytes.Buffer
	if err := ical.Write(&b, ical.Calendar{Method: cal.Method, Events: []ical.Event{ev}}); err != nil {
		return "", fmt.Errorf("calendar part: %w", err)
	}
	return b.String(), nil
}

// MessageID is the Message-ID (without its angle brackets) of outbox row
// id on the portal at host.
func MessageID(id int64, host string) string { return fmt.Sprintf("clts-%d@%s", id, host) }

// base is BASE_URL without its final slash.
func (w *Worker) base() string {
	if w.cfg.BaseURL == nil {
		return ""
	}
	return strings.TrimSuffix(w.cfg.BaseURL.String(), "/")
}

// host is BASE_URL's host, which names the portal in Message-IDs.
func (w *Worker) host() string {
	if w.cfg.BaseURL == nil || w.cfg.BaseURL.Hostname() == "" {
		return "localhost"
	}
	return w.cfg.BaseURL.Hostname()
}

// signingKey is the key loaded at start, or loaded now if the database was
// not ready then.
func (w *Worker) signingKey(ctx context.Context) ([]byte, error) {
	w.loadKey(ctx)
	if w.key == nil {
		return nil, errors.New("the key of the e-mails' links is not loaded yet")
	}
	return w.key, nil
}

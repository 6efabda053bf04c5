package worker

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"strconv"
	"time"

	"github.com/wneessen/go-mail"
)

// deliveryBatch is how many e-mails one delivery claims, and sends over one
// SMTP connection.
const deliveryBatch = 20

// smtpConn is the SMTP connection of one batch, opened at its first e-mail
// and closed (QUIT) after its last: STARTTLS when the server offers it,
// PLAIN authentication when SMTP_USER is set (go-mail, like net/smtp
// before it, sends a password in clear only to localhost). Every exchange
// is bounded by the worker's smtpTimeout, and ends at once when the
// delivery's context does (the portal is stopping).
type smtpConn struct {
	w      *Worker
	client *mail.Client
	conn   *ctxConn // the TCP connection under client, nil when closed
	// failed is why the connection could not be opened: the batch's other
	// e-mails fail with it rather than wait for the same server again.
	failed error
}

func (w *Worker) smtpConn() *smtpConn { return &smtpConn{w: w} }

// send delivers msg, opening the connection if needed. A message the
// relay accepted counts as sent even when what follows (RSET) fails; a
// connection the server dropped between two e-mails is opened again once.
func (c *smtpConn) send(ctx context.Context, msg *mail.Msg) error {
	for attempt := 0; ; attempt++ {
		if err := c.open(ctx); err != nil {
			return err
		}
		err := c.client.Send(msg)
		if msg.IsDelivered() {
			if err != nil {
				c.drop()
			}
			return nil
		}
		if err == nil {
			return errors.New("smtp: message not accepted")
		}
		var se *mail.SendError
		switch {
		case errors.As(err, &se) && se.ErrorCode() != 0 && (se.Reason == mail.ErrSMTPMailFrom || se.Reason == mail.ErrSMTPRcptTo ||
			se.Reason == mail.ErrSMTPData || se.Reason == mail.ErrSMTPDataClose):
			// Refused by the server, which answered and stays in the
			// conversation, ready for the next e-mail.
			return err
		case errors.As(err, &se) && se.Reason == mail.ErrConnCheck && attempt == 0 && ctx.Err() == nil:
			// The server closed an idle connection: open a new one.
			c.drop()
			continue
		}
		c.drop()
		return err
	}
}

func (c *smtpConn) open(ctx context.Context) error {
	if c.failed != nil {
		return c.failed
	}
	if c.client != nil {
		return nil
	}
	client, err := c.w.newSMTPClient(ctx, c)
	if err == nil {
		err = client.DialWithContext(ctx)
	}
	if err != nil {
		c.failed = fmt.Errorf("smtp: %w", err)
		if c.conn != nil {
			_ = c.conn.Close()
			c.conn = nil
		}
		return c.failed
	}
	c.client = client
	return nil
}

// drop closes a connection that is no longer in a known state.
func (c *smtpConn) drop() {
	if c.conn != nil {
		_ = c.conn.Close()
		c.conn = nil
	}
	c.client = nil
}

// close ends the conversation politely (QUIT), then the connection.
func (c *smtpConn) close() {
	if c.client != nil {
		_ = c.client.Close()
	}
	c.drop()
}

func (w *Worker) newSMTPClient(ctx context.Context, c *smtpConn) (*mail.Client, error) {
	host, portText, err := net.SplitHostPort(w.cfg.SMTPAddr)
	if err != nil {
		return nil, err
	}
	port, err := strconv.Atoi(portText)
	if err != nil {
		return nil, fmt.Errorf("port %q: %w", portText, err)
	}
	opts := []mail.Option{
		mail.WithPort(port),
		mail.WithTimeout(w.smtpTimeout),
		mail.WithTLSPolicy(mail.TLSOpportunistic),
		mail.WithTLSConfig(&tls.Config{ServerName: host, MinVersion: tls.VersionTLS12}),
		mail.WithDialContextFunc(func(dialCtx context.Context, network, addr string) (net.Conn, error) {
			conn, err := (&net.Dialer{}).DialContext(dialCtx, network, addr)
			if err != nil {
				return nil, err
			}
			c.conn = newCtxConn(ctx, conn)
			return c.conn, nil
		}),
	}
	if w.cfg.SMTPUser != "" {
		opts = append(opts, mail.WithSMTPAuth(mail.SMTPAuthPlain),
			mail.WithUsername(w.cfg.SMTPUser), mail.WithPassword(w.cfg.SMTPPassword))
	}
	return mail.NewClient(host, opts...)
}

// ctxConn is a connection whose exchanges stop when ctx ends: go-mail moves
// the deadline forward before each e-mail, so a deadline set once would not
// hold; this one stays in the past once ctx is done.
type ctxConn struct {
	net.Conn
	ctx  context.Context
	stop func() bool
}

func newCtxConn(ctx context.Context, conn net.Conn) *ctxConn {
	c := &ctxConn{Conn: conn, ctx: ctx}
	c.stop = context.AfterFunc(ctx, func() { _ = conn.SetDeadline(time.Now()) })
	return c
}

func (c *ctxConn) SetDeadline(t time.Time) error {
	if c.ctx.Err() != nil {
		t = time.Now()
	}
	return c.Conn.SetDeadline(t)
}

func (c *ctxConn) Close() error {
	c.stop()
	return c.Conn.Close()
}

package worker

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/mail"
	"net/textproto"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/config"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// fakeSMTP is a minimal SMTP server on a loopback port: it records what it
// receives, and can refuse recipients or stop answering.
type fakeSMTP struct {
	ln net.Listener

	mu        sync.Mutex
	rcptReply string
	dataReply string // the reply at the end of DATA
	silent    bool
	conns     int
	rcpts     []string
	messages  []string
}

func newFakeSMTP(t testing.TB) *fakeSMTP {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	f := &fakeSMTP{ln: ln, rcptReply: "250 2.1.5 OK", dataReply: "250 2.0.0 queued"}
	t.Cleanup(func() { ln.Close() })
	go func() {
		for {
			c, err := ln.Accept()
			if err != nil {
				return
			}
			go f.handle(c)
		}
	}()
	return f
}

func (f *fakeSMTP) set(fn func(*fakeSMTP)) {
	f.mu.Lock()
	defer f.mu.Unlock()
	fn(f)
}

func (f *fakeSMTP) connections() int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.conns
}

func (f *fakeSMTP) handle(c net.Conn) {
	defer c.Close()
	f.mu.Lock()
	f.conns++
	silent := f.silent
	f.mu.Unlock()
	if silent {
		_, _ = io.Copy(io.Discard, c) // until the client gives up
		return
	}
	tp := textproto.NewConn(c)
	_ = tp.PrintfLine("220 test ESMTP")
	for {
		line, err := tp.ReadLine()
		if err != nil {
			return
		}
		verb, arg, _ := strings.Cut(line, " ")
		switch strings.ToUpper(verb) {
		case "EHLO", "HELO":
			_ = tp.PrintfLine("250-test\r\n250 8BITMIME")
		case "MAIL":
			_ = tp.PrintfLine("250 2.1.0 OK")
		case "RCPT":
			var reply string
			f.set(func(f *fakeSMTP) { f.rcpts, reply = append(f.rcpts, arg), f.rcptReply })
			_ = tp.PrintfLine("%s", reply)
		case "DATA":
			_ = tp.PrintfLine("354 End data with <CR><LF>.<CR><LF>")
			b, err := tp.ReadDotBytes()
			if err != nil {
				return
			}
			var reply string
			f.set(func(f *fakeSMTP) { f.messages, reply = append(f.messages, string(b)), f.dataReply })
			_ = tp.PrintfLine("%s", reply)
		case "RSET", "NOOP":
			_ = tp.PrintfLine("250 OK")
		case "QUIT":
			_ = tp.PrintfLine("221 2.0.0 bye")
			return
		default:
			_ = tp.PrintfLine("502 5.5.1 unknown command")
		}
	}
}

func newTestWorker(t testing.TB, addr string) (*Worker, *pgtest.DB) {
	db := pgtest.New(t)
	base, _ := url.Parse("https://clts.example.fr")
	cfg := config.Config{SMTPAddr: addr, MailFrom: "portail@cd37.fr", BaseURL: base}
	return New(db.App, cfg, slog.New(slog.DiscardHandler)), db
}

func outboxRow(t *testing.T, db *postgres.DB) postgres.OutboxMail {
	t.Helper()
	var ms []postgres.OutboxMail
	err := db.Read(context.Background(), postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		ms, err = tx.Outbox(context.Background(), 10)
		return err
	})
	if err != nil || len(ms) != 1 {
		t.Fatalf("outbox: %v, %d rows", err, len(ms))
	}
	return ms[0]
}

// enqueue queues an e-mail on its own.
func enqueue(t *testing.T, db *postgres.DB, m postgres.Mail) {
	t.Helper()
	pgtest.MustWrite(t, db, postgres.Scope{}, func(tx *postgres.Tx) error { return tx.EnqueueMail(context.Background(), m) })
}

// retry is the operator's new try of an e-mail given up.
func retry(ctx context.Context, db *postgres.DB, id int64) (ok bool, err error) {
	err = db.Write(ctx, postgres.Scope{}, func(tx *postgres.Tx) error {
		ok, err = tx.RetryMail(ctx, id)
		return err
	})
	return ok, err
}

func TestDeliveryThroughSMTP(t *testing.T) {
	ctx := context.Background()
	srv := newFakeSMTP(t)
	w, _ := newTestWorker(t, srv.ln.Addr().String())
	queued := postgres.Mail{To: "awa@example.org", Subject: "Réunion plénière du 12 janvier",
		Body: "Bonjour,\n.\nUne ligne faite d'un point ne doit pas couper le message.\nÀ bientôt\n"}
	enqueue(t, w.db, queued)
	if d := w.deliver(ctx); d.Sent != 1 {
		t.Fatalf("delivered %+v, want 1 sent", d)
	}
	srv.mu.Lock()
	rcpts, messages := srv.rcpts, srv.messages
	srv.mu.Unlock()
	if len(rcpts) != 1 || rcpts[0] != "TO:<awa@example.org>" || len(messages) != 1 {
		t.Fatalf("server got recipients %q and %d messages", rcpts, len(messages))
	}
	got := parseMail(t, messages[0])
	if from, err := mail.ParseAddress(got.header.Get("From")); err != nil || from.Name != "Portail CLTS" || from.Address != "portail@cd37.fr" {
		t.Errorf("From: %s (%v)", got.header.Get("From"), err)
	}
	if got.subject != "Réunion plénière du 12 janvier" {
		t.Errorf("Subject: %q", got.subject)
	}
	if !strings.Contains(got.text, "Bonjour,\n.\nUne ligne faite d'un point ne doit pas couper le message.\nÀ bientôt") {
		t.Errorf("text part:\n%s", got.text)
	}
	if !strings.Contains(got.html, "<p>Bonjour,<br>\n.<br>\nUne ligne faite d&#39;un point") {
		t.Errorf("HTML part:\n%s", got.html)
	}
	// A transactional e-mail has no unsubscribe header nor footer.
	if got.header.Get("List-Unsubscribe") != "" || strings.Contains(got.text, "Vous recevez ce courriel") {
		t.Errorf("a transactional e-mail carries a notification's footer:\n%s", messages[0])
	}
	if m := outboxRow(t, w.db); m.SentAt == nil || m.LastError != "" || m.Mail.Body != "" {
		t.Errorf("outbox row not marked sent with its body erased: %+v", m)
	}
	if d := w.deliver(ctx); d != (postgres.Delivery{}) {
		t.Errorf("a sent e-mail was tried again: %+v", d)
	}
}

func TestFailedDeliveryIsRetriedLater(t *testing.T) {
	ctx := context.Background()
	srv := newFakeSMTP(t)
	srv.set(func(f *fakeSMTP) { f.rcptReply = "451 4.3.0 Mailbox temporarily unavailable" })
	w, db := newTestWorker(t, srv.ln.Addr().String())
	enqueue(t, w.db, postgres.Mail{To: "awa@example.org", Subject: "Convocation", Body: "Bonjour\n"})
	before := time.Now()
	if d := w.deliver(ctx); d != (postgres.Delivery{Failed: 1}) {
		t.Fatalf("through a refusing server: %+v", d)
	}
	m := outboxRow(t, w.db)
	if m.SentAt != nil || m.Attempts != 1 || !strings.Contains(m.LastError, "451") {
		t.Fatalf("after a refusal: %+v", m)
	}
	if wait := m.NextAttemptAt.Sub(before); wait < 50*time.Second || wait > 2*time.Minute {
		t.Errorf("next attempt in %v, want about a minute", wait)
	}

	// Not due yet: the server is not even contacted.
	srv.set(func(f *fakeSMTP) { f.rcptReply = "250 2.1.5 OK"; f.conns = 0 })
	if d := w.deliver(ctx); d != (postgres.Delivery{}) || srv.connections() != 0 {
		t.Fatalf("retried before the delay: %+v, %d connections", d, srv.connections())
	}

	// Once due, it goes.
	owner, err := pgx.Connect(ctx, db.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close(ctx)
	if _, err := owner.Exec(ctx, `UPDATE outbox SET next_attempt_at = now() - interval '1 second'`); err != nil {
		t.Fatal(err)
	}
	if d := w.deliver(ctx); d.Sent != 1 {
		t.Fatalf("due e-mail not delivered: %+v", d)
	}
	if m := outboxRow(t, w.db); m.SentAt == nil || m.Attempts != 2 {
		t.Errorf("after the retry: %+v", m)
	}

	// The delay doubles, and after the last attempt the e-mail is given up.
	if _, err := owner.Exec(ctx, `UPDATE outbox SET sent_at = NULL, attempts = 5, next_attempt_at = now()`); err != nil {
		t.Fatal(err)
	}
	srv.set(func(f *fakeSMTP) { f.rcptReply = "451 4.3.0 Try later" })
	before = time.Now()
	w.deliver(ctx)
	if m := outboxRow(t, w.db); m.NextAttemptAt.Sub(before) < 31*time.Minute || m.NextAttemptAt.Sub(before) > 33*time.Minute {
		t.Errorf("sixth attempt scheduled in %v, want 32 minutes", m.NextAttemptAt.Sub(before))
	}
	// From the seventh attempt on, an hour between attempts.
	if _, err := owner.Exec(ctx, `UPDATE outbox SET attempts = 40, next_attempt_at = now()`); err != nil {
		t.Fatal(err)
	}
	before = time.Now()
	w.deliver(ctx)
	if m := outboxRow(t, w.db); m.NextAttemptAt.Sub(before) < 59*time.Minute || m.NextAttemptAt.Sub(before) > 61*time.Minute {
		t.Errorf("41st attempt scheduled in %v, want an hour", m.NextAttemptAt.Sub(before))
	}
	if _, err := owner.Exec(ctx, `UPDATE outbox SET attempts = $1 - 1, next_attempt_at = now()`, postgres.MaxMailAttempts); err != nil {
		t.Fatal(err)
	}
	if d := w.deliver(ctx); d != (postgres.Delivery{Failed: 1, GivenUp: 1}) {
		t.Errorf("last attempt: %+v, want one failure given up", d)
	}
	m = outboxRow(t, w.db)
	if !m.GivenUp() {
		t.Fatalf("not given up after %d attempts: %+v", m.Attempts, m)
	}
	if _, err := owner.Exec(ctx, `UPDATE outbox SET next_attempt_at = now() - interval '1 second'`); err != nil {
		t.Fatal(err)
	}
	srv.set(func(f *fakeSMTP) { f.conns = 0; f.rcptReply = "250 2.1.5 OK" })
	if w.deliver(ctx); srv.connections() != 0 {
		t.Error("an e-mail given up was tried again")
	}

	// The operator asks for a new try: it goes at once.
	if ok, err := retry(ctx, w.db, m.ID); err != nil || !ok {
		t.Fatalf("retry: %v, %v", ok, err)
	}
	if d := w.deliver(ctx); d.Sent != 1 {
		t.Errorf("after the operator's retry: %+v", d)
	}
	if ok, _ := retry(ctx, w.db, m.ID); ok {
		t.Error("a sent e-mail can be queued again")
	}
}

// What the relay accepted is recorded at once: when the portal stops in the
// middle of a batch, the e-mails already sent stay sent and the others go
// back to the queue, instead of all being sent again next time.
func TestStopInTheMiddleOfABatch(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	w, _ := newTestWorker(t, "127.0.0.1:1")
	for _, to := range []string{"a@example.org", "b@example.org", "c@example.org"} {
		enqueue(t, w.db, postgres.Mail{To: to, Subject: "Convocation", Body: "Bonjour\n"})
	}
	var tried []string
	d, err := w.db.DeliverPending(ctx, 20, func(ctx context.Context, m postgres.OutboxMail) error {
		tried = append(tried, m.Mail.To)
		cancel() // the portal is stopping: SIGTERM arrives during the first delivery
		return nil
	})
	if err != nil || d.Sent != 1 || len(tried) != 1 {
		t.Fatalf("delivery %+v, %v, tried %q; want the first sent and the batch stopped", d, err, tried)
	}
	var ms []postgres.OutboxMail
	pgtest.MustRead(t, w.db, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		ms, err = tx.Outbox(context.Background(), 10)
		return err
	})
	sent, due := 0, 0
	for _, m := range ms {
		switch {
		case m.SentAt != nil:
			sent++
		case m.Attempts == 0 && !m.NextAttemptAt.After(time.Now()):
			due++
		}
	}
	if sent != 1 || due != 2 {
		t.Errorf("after the stop: %d sent and %d due again, want 1 and 2", sent, due)
	}
}

func TestSilentServerDoesNotBlockDelivery(t *testing.T) {
	ctx := context.Background()
	srv := newFakeSMTP(t)
	srv.set(func(f *fakeSMTP) { f.silent = true })
	w, _ := newTestWorker(t, srv.ln.Addr().String())
	w.smtpTimeout = 300 * time.Millisecond
	enqueue(t, w.db, postgres.Mail{To: "awa@example.org", Subject: "Convocation", Body: "Bonjour\n"})
	done := make(chan postgres.Delivery)
	go func() { done <- w.deliver(ctx) }()
	select {
	case d := <-done:
		if d != (postgres.Delivery{Failed: 1}) {
			t.Fatalf("to a silent server: %+v", d)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("delivery still blocked on a server that does not answer")
	}
	if m := outboxRow(t, w.db); m.Attempts != 1 || m.LastError == "" {
		t.Errorf("the timeout is not recorded: %+v", m)
	}
}

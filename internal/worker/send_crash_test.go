package worker

import (
	"context"
	"log/slog"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/ical"
	"github.com/portail-clts/clts/internal/postgres"
)

// errKilled stands for the death of a worker's process.
type errKilled struct{}

// A worker killed in the middle of a batch — after the relay accepted an
// e-mail, before recording it — leaves its claims to their lease. Until
// the lease ends no other worker takes them; then another worker delivers
// every e-mail, none lost, and the one sent twice carries the same
// Message-ID and the same text both times, so that mail clients show it
// once.
func TestWorkerKilledMidBatch(t *testing.T) {
	ctx := context.Background()
	f := newSendFixture(t)
	ids := map[string]int64{}
	for i := range 6 {
		m := f.convocation(ical.MethodRequest, i, time.Now().Add(72*time.Hour).Truncate(time.Minute))
		if i%2 == 1 {
			m.Kind, m.Calendar, m.MeetingID = clts.NotifyNews, nil, 0
		}
		id := f.queue(t, m)
		ids["<"+MessageID(id, "clts.example.fr")+">"] = id
	}

	// The first worker claims the batch, sends three e-mails and dies
	// before recording the third: no outcome, no QUIT.
	conn := f.w.smtpConn()
	sent := 0
	func() {
		defer func() {
			if r := recover(); r != nil {
				if _, ok := r.(errKilled); !ok {
					panic(r)
				}
			}
		}()
		_, _ = f.w.db.DeliverPending(ctx, deliveryBatch, func(ctx context.Context, m postgres.OutboxMail) error {
			if err := f.w.send(ctx, conn, m); err != nil {
				return err
			}
			if sent++; sent == 3 {
				panic(errKilled{})
			}
			return nil
		})
		t.Fatal("the worker was not killed")
	}()
	conn.drop()

	// A new worker (another instance, or the restarted one) finds nothing
	// due while the dead one's lease lasts.
	next := New(f.w.db, f.w.cfg, slog.New(slog.DiscardHandler))
	if d := next.deliver(ctx); d != (postgres.Delivery{}) {
		t.Fatalf("claims taken during their lease: %+v", d)
	}
	// The lease ends (15 minutes later).
	if _, err := f.owner.Exec(ctx, `UPDATE outbox SET next_attempt_at = now() - interval '1 second'
		WHERE sent_at IS NULL AND next_attempt_at > now()`); err != nil {
		t.Fatal(err)
	}
	if d := next.deliver(ctx); d != (postgres.Delivery{Sent: 4}) {
		t.Fatalf("after the lease: %+v, want the 4 e-mails not recorded sent", d)
	}

	got := f.received(t)
	if len(got) != 7 {
		t.Fatalf("%d messages received, want 6 and the one sent twice", len(got))
	}
	seen := map[string]parsedMail{}
	for _, m := range got {
		mid := m.header.Get("Message-Id")
		if _, ok := ids[mid]; !ok {
			t.Fatalf("unknown Message-ID %q", mid)
		}
		if first, twice := seen[mid]; twice {
			if first.text != m.text || first.calendar != m.calendar || first.subject != m.subject {
				t.Errorf("the e-mail sent twice (%s) differs between its two sendings", mid)
			}
		}
		seen[mid] = m
	}
	if len(seen) != 6 {
		t.Errorf("%d e-mails delivered, want all 6", len(seen))
	}
	var unsent int
	if err := f.owner.QueryRow(ctx, `SELECT count(*) FROM outbox WHERE sent_at IS NULL`).Scan(&unsent); err != nil || unsent != 0 {
		t.Errorf("%d e-mails not recorded sent (%v)", unsent, err)
	}
}

// Two workers running at once, each with its own connections to the
// database, never send the same row: the claim skips what the other holds.
func TestTwoWorkersNeverSendTheSameRow(t *testing.T) {
	ctx := context.Background()
	f := newSendFixture(t)
	const n = 150
	if _, err := f.owner.Exec(ctx, `INSERT INTO outbox (to_address, subject, body, account_id, kind)
		SELECT 'awa@example.org', 'Actualité n° ' || g, 'Bonjour,', $1, 'actualite' FROM generate_series(1, $2) g`, f.account, n); err != nil {
		t.Fatal(err)
	}
	other, err := postgres.Open(ctx, f.db.AppURL)
	if err != nil {
		t.Fatal(err)
	}
	defer other.Close()
	second := New(other, f.w.cfg, slog.New(slog.DiscardHandler))
	second.key = f.key
	done := make(chan int, 2)
	deadline := time.Now().Add(30 * time.Second)
	for _, w := range []*Worker{f.w, second} {
		go func() {
			total := 0
			for time.Now().Before(deadline) {
				d := w.deliver(ctx)
				total += d.Sent
				if d.Failed > 0 {
					t.Errorf("failed deliveries: %+v", d)
				}
				var left int
				if err := w.db.Read(ctx, postgres.Scope{}, func(tx *postgres.Tx) error {
					ms, err := tx.Outbox(ctx, n)
					for _, m := range ms {
						if m.SentAt == nil {
							left++
						}
					}
					return err
				}); err != nil || left == 0 {
					break
				}
			}
			done <- total
		}()
	}
	a, b := <-done, <-done
	got := f.received(t)
	ids := map[string]int{}
	for _, m := range got {
		ids[m.header.Get("Message-Id")]++
	}
	for id, count := range ids {
		if count > 1 {
			t.Errorf("%s sent %d times", id, count)
		}
	}
	if len(got) != n || len(ids) != n || a+b != n {
		t.Errorf("%d messages, %d distinct, %d+%d recorded sent; want %d", len(got), len(ids), a, b, n)
	}
	t.Logf("the two workers sent %d and %d e-mails", a, b)
}

package worker

import (
	"context"
	"encoding/json"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/ical"
	"github.com/portail-clts/clts/internal/postgres"
)

// drainSize is how many queued notifications BenchmarkDrain drains.
const drainSize = 10_000

// BenchmarkDrain drains 10,000 queued notifications (a third of them
// meeting invitations with their .ics part and answer links, all with the
// footer and unsubscribe headers) to the SMTP server in the process, as
// the worker does: batches of 20 claimed, each over one connection, each
// outcome recorded. docs/benchmarks.md gives the figure:
//
//	go test ./internal/worker -run '^$' -bench BenchmarkDrain -benchtime 1x
func BenchmarkDrain(b *testing.B) {
	ctx := context.Background()
	srv := newFakeSMTP(b)
	w, db := newTestWorker(b, srv.ln.Addr().String())
	owner, err := pgx.Connect(ctx, db.OwnerURL)
	if err != nil {
		b.Fatal(err)
	}
	defer owner.Close(ctx)
	var account int64
	if err := owner.QueryRow(ctx, `INSERT INTO accounts (login, display_name, password_hash, email)
		VALUES ('awa', 'Awa Diallo', 'x', 'awa@example.org') RETURNING id`).Scan(&account); err != nil {
		b.Fatal(err)
	}
	start := time.Now().Add(30 * 24 * time.Hour).Truncate(time.Minute)
	calendar, err := json.Marshal(postgres.CalendarPart{Method: ical.MethodRequest, Organizer: "Comité local du travail social d'Indre-et-Loire",
		Event: ical.Event{UID: "reunion-3-7@clts.example.fr", Sequence: 1, Start: start, End: start.Add(2 * time.Hour),
			Summary: "Plénière", Description: "Ordre du jour et réponse : https://clts.example.fr/comites/cd37/reunions/7",
			Location: "Hôtel du Département, Tours", Categories: []string{"Plénière"}}})
	if err != nil {
		b.Fatal(err)
	}
	sent := 0
	for b.Loop() {
		b.StopTimer()
		srv.set(func(f *fakeSMTP) { f.messages = nil })
		if _, err := owner.Exec(ctx, `INSERT INTO outbox (to_address, subject, body, account_id, kind, source_committee_id, meeting_id, calendar)
			SELECT 'awa@example.org', 'Convocation n° ' || g,
				E'Bonjour,\n\nVous êtes convoqué·e à la plénière du comité :\nhttps://clts.example.fr/comites/cd37/reunions/7\n\n--\nPortail CLTS — Comité 37\n',
				$1, CASE WHEN g % 3 = 0 THEN 'convocation' ELSE 'actualite' END, 3,
				CASE WHEN g % 3 = 0 THEN 7 END, CASE WHEN g % 3 = 0 THEN $2::jsonb END
			FROM generate_series(1, $3) g`, account, calendar, drainSize); err != nil {
			b.Fatal(err)
		}
		b.StartTimer()
		for {
			d := w.deliver(ctx)
			if d.Failed > 0 {
				b.Fatalf("failures: %+v", d)
			}
			if d.Sent == 0 {
				break
			}
			sent += d.Sent
		}
	}
	b.StopTimer()
	srv.mu.Lock()
	got := len(srv.messages)
	srv.mu.Unlock()
	if got != drainSize {
		b.Fatalf("the server received %d messages, want %d", got, drainSize)
	}
	b.ReportMetric(float64(sent)/b.Elapsed().Seconds(), "msgs/s")
}

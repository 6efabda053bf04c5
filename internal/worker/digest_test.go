package worker

import (
	"context"
	"mime"
	"net/mail"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// The worker's digest step queues, at the person's hour, one e-mail in
// French with the events of the day and their links; the outbox sends it
// as a notification, with the one-click unsubscribe of the daily digest.
func TestDigestIsQueuedThenSent(t *testing.T) {
	ctx := context.Background()
	srv := newFakeSMTP(t)
	w, db := newTestWorker(t, srv.ln.Addr().String())
	paris, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	var committee int64
	pgtest.MustWrite(t, db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		committee, err = tx.UpsertCommittee(ctx, clts.Committee{Slug: "indre-et-loire", Name: "CLTS d'Indre-et-Loire", Departements: []string{"37"}})
		return err
	})
	owner, err := pgx.Connect(ctx, db.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer owner.Close(ctx)
	var awa int64
	if err := owner.QueryRow(ctx, `INSERT INTO accounts (login, display_name, password_hash, email, digest_hour)
		VALUES ('awa', 'Awa Diallo', 'x', 'awa@example.org', 7) RETURNING id`).Scan(&awa); err != nil {
		t.Fatal(err)
	}
	if _, err := owner.Exec(ctx, `INSERT INTO notifications (account_id, source_committee_id, kind, title, link, delivery, created_at) VALUES
		($1, $2, 'compte_rendu', 'Compte rendu publié : Plénière de décembre', '/c/indre-et-loire/reunions/7', 'quotidien', $3),
		($1, NULL, 'actualite', 'Le rapport annuel du HCTS', '/actualites/3', 'quotidien', $3)`,
		awa, committee, time.Date(2026, 12, 1, 15, 0, 0, 0, paris)); err != nil {
		t.Fatal(err)
	}

	if run := w.sendDigests(ctx, time.Date(2026, 12, 2, 6, 59, 0, 0, paris)); run != (postgres.DigestRun{}) {
		t.Errorf("before 7:00: %+v", run)
	}
	if run := w.sendDigests(ctx, time.Date(2026, 12, 2, 7, 0, 0, 0, paris)); run != (postgres.DigestRun{Mailed: 1}) {
		t.Fatalf("at 7:00: %+v, want one digest", run)
	}
	m := outboxRow(t, db.App)
	if m.Mail.To != "awa@example.org" || m.Mail.AccountID != awa || string(m.Mail.Kind) != auth.DigestDaily {
		t.Errorf("digest queued to %s, account %d, kind %q", m.Mail.To, m.Mail.AccountID, m.Mail.Kind)
	}
	if m.Mail.Subject != "Votre résumé du jour — 2 nouvelles" {
		t.Errorf("subject %q", m.Mail.Subject)
	}
	for _, want := range []string{"Bonjour Awa Diallo,", "CLTS d'Indre-et-Loire :\n\n- Compte rendu publié : Plénière de décembre\n  Le mardi 1er décembre 2026 à",
		"https://clts.example.fr/c/indre-et-loire/reunions/7", "Haut Conseil du travail social :\n\n- Le rapport annuel du HCTS",
		"https://clts.example.fr/actualites/3", "https://clts.example.fr/notifications"} {
		if !strings.Contains(m.Mail.Body, want) {
			t.Errorf("the digest lacks %q:\n%s", want, m.Mail.Body)
		}
	}
	if run := w.sendDigests(ctx, time.Date(2026, 12, 2, 7, 1, 0, 0, paris)); run != (postgres.DigestRun{}) {
		t.Errorf("a minute later: %+v", run)
	}

	if d := w.deliver(ctx); d.Sent != 1 {
		t.Fatalf("delivered %+v, want 1 sent", d)
	}
	srv.mu.Lock()
	messages := srv.messages
	srv.mu.Unlock()
	if len(messages) != 1 {
		t.Fatalf("the server got %d messages", len(messages))
	}
	msg, err := mail.ReadMessage(strings.NewReader(messages[0]))
	if err != nil {
		t.Fatal(err)
	}
	if subject, err := new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil || subject != "Votre résumé du jour — 2 nouvelles" {
		t.Errorf("Subject: %q (%v)", subject, err)
	}
	if got := msg.Header.Get("List-Unsubscribe-Post"); got != "List-Unsubscribe=One-Click" {
		t.Errorf("List-Unsubscribe-Post: %q", got)
	}
	// The one-click link unsubscribes this person from the daily digest.
	link := strings.Trim(msg.Header.Get("List-Unsubscribe"), "<>")
	_, token, ok := strings.Cut(link, "https://clts.example.fr/courriel/desabonnement/")
	if !ok {
		t.Fatalf("List-Unsubscribe: %q", msg.Header.Get("List-Unsubscribe"))
	}
	key, err := db.App.SigningKey(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if c, err := auth.VerifyUnsubscribe(key, token); err != nil || c != (auth.UnsubscribeClaim{AccountID: awa, Kind: auth.DigestDaily}) {
		t.Errorf("unsubscribe link says %+v (%v)", c, err)
	}
}

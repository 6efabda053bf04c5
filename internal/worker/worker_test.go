package worker

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/postgres"
)

// TestMessage: an e-mail is built with its headers and both parts, its
// Message-ID made of the outbox row's id and the portal's host.
func TestMessage(t *testing.T) {
	w, _ := newTestWorker(t, "")
	msg, err := w.message(context.Background(), postgres.OutboxMail{ID: 42, Mail: postgres.Mail{To: "awa@example.org",
		Subject: "Invitation à rejoindre le comité", Body: "Bonjour,\nligne deux\n"}},
		time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC))
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if _, err := msg.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	got := parseMail(t, b.String())
	for header, want := range map[string]string{
		"To":         "<awa@example.org>",
		"Message-Id": "<clts-42@clts.example.fr>",
		"Date":       "Tue, 24 Nov 2026 10:00:00 +0000",
	} {
		if v := got.header.Get(header); v != want {
			t.Errorf("%s: %q, want %q", header, v, want)
		}
	}
	if got.subject != "Invitation à rejoindre le comité" || got.text != "Bonjour,\nligne deux\n" {
		t.Errorf("subject %q, text %q", got.subject, got.text)
	}
	if !strings.Contains(got.html, "<p>Bonjour,<br>\nligne deux</p>") {
		t.Errorf("HTML part:\n%s", got.html)
	}
}

// A title cannot add a header: the subject is encoded, line breaks and all.
func TestSubjectCannotAddHeaders(t *testing.T) {
	w, _ := newTestWorker(t, "")
	msg, err := w.message(context.Background(), postgres.OutboxMail{ID: 1, Mail: postgres.Mail{To: "awa@example.org",
		Subject: "Réunion\r\nBcc: intrus@example.org", Body: "Bonjour\n"}}, time.Now())
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if _, err := msg.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	got := parseMail(t, b.String())
	head, _, _ := strings.Cut(b.String(), "\r\n\r\n")
	if got.header.Get("Bcc") != "" || strings.Contains(head, "\r\nBcc:") {
		t.Errorf("the subject added a header:\n%s", b.String())
	}
	if got.subject != "Réunion\r\nBcc: intrus@example.org" {
		t.Errorf("subject %q", got.subject)
	}
}

package worker

import (
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/postgres"
)

func TestMessage(t *testing.T) {
	m := Message("portail@cd37.fr", postgres.Mail{To: "awa@example.org", Subject: "Invitation à rejoindre le comité", Body: "Bonjour,\nligne deux\n"},
		time.Date(2026, 11, 24, 10, 0, 0, 0, time.UTC))
	s := string(m)
	for _, want := range []string{
		"To: awa@example.org\r\n",
		"Subject: =?utf-8?q?Invitation_=C3=A0_rejoindre_le_comit=C3=A9?=\r\n",
		"Content-Type: text/plain; charset=utf-8\r\n",
		"\r\n\r\nBonjour,\r\nligne deux\r\n",
	} {
		if !strings.Contains(s, want) {
			t.Errorf("message lacks %q:\n%s", want, s)
		}
	}
}

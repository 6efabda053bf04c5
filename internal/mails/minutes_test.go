package mails

import (
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
)

// TestMinutesPublished: the e-mail names the meeting and its day, and
// carries the link to the minutes.
func TestMinutesPublished(t *testing.T) {
	m := clts.Meeting{Title: "Plénière de décembre", StartsAt: time.Date(2026, time.December, 8, 13, 0, 0, 0, time.UTC)}
	subject, body := MinutesPublished("CLTS 37-41", m, "https://portail.test/c/37-41/reunions/7#titre-cr")
	if subject != "Compte rendu publié : Plénière de décembre — mardi 8 décembre 2026" {
		t.Errorf("subject %q", subject)
	}
	for _, want := range []string{"« Plénière de décembre »", "https://portail.test/c/37-41/reunions/7#titre-cr", "CLTS 37-41"} {
		if !strings.Contains(body, want) {
			t.Errorf("the body lacks %q:\n%s", want, body)
		}
	}
}

package mails

import (
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/postgres"
)

func TestCharterMails(t *testing.T) {
	m := Charter{BaseURL: "https://clts.example.org"}
	subject, body := m.CharterMail(postgres.CharterNotice{Kind: postgres.CharterAdopted, CommitteeSlug: "37-41",
		CommitteeName: "CLTS 37-41", Number: 2, Day: time.Date(2026, time.March, 3, 0, 0, 0, 0, time.UTC), Replaces: true})
	for _, w := range []string{"La version 2 de la charte a été adoptée", "mardi 3 mars 2026", "remplace la version précédente",
		"https://clts.example.org/c/37-41/charte", "CLTS 37-41"} {
		if !strings.Contains(subject+body, w) {
			t.Errorf("adoption mail lacks %q:\n%s\n%s", w, subject, body)
		}
	}
	// The committee's first charter replaces nothing.
	_, body = m.CharterMail(postgres.CharterNotice{Kind: postgres.CharterAdopted, CommitteeSlug: "37-41",
		CommitteeName: "CLTS 37-41", Number: 1, Day: time.Date(2026, time.March, 3, 0, 0, 0, 0, time.UTC)})
	if strings.Contains(body, "remplace") || !strings.Contains(body, "Elle s'applique dès maintenant.") {
		t.Errorf("first adoption mail:\n%s", body)
	}
	subject, body = m.CharterMail(postgres.CharterNotice{Kind: postgres.CharterReminder, CommitteeSlug: "37-41",
		CommitteeName: "CLTS 37-41", Number: 2, ActorName: "Claire Martin"})
	for _, w := range []string{"Rappel", "Claire Martin vous rappelle", "la version 2 de la charte", "J'ai lu et j'accepte la charte"} {
		if !strings.Contains(subject+body, w) {
			t.Errorf("reminder lacks %q:\n%s\n%s", w, subject, body)
		}
	}
}

package mails

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/ical"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestReminderMails: the reminder to answer asks for an answer and carries
// the meeting's invitation (hence the answer links); the day-before
// reminder gives the place, the video link and the accessibility, or whom
// to ask about access when there is none.
func TestReminderMails(t *testing.T) {
	base, _ := url.Parse("https://clts.example.org")
	paris, _ := time.LoadLocation("Europe/Paris")
	m := clts.Meeting{ID: 9, CommitteeID: 4, Kind: clts.KindPlenary, Title: "Plénière de printemps",
		StartsAt: time.Date(2026, 3, 31, 14, 0, 0, 0, paris), EndsAt: time.Date(2026, 3, 31, 16, 30, 0, 0, paris),
		Place: "Salle du conseil, Tours", VideoURL: "https://visio.example.org/p", Accessibility: "Entrée de plain-pied.", Sequence: 2}
	c := clts.Committee{ID: 4, Slug: "37-41", Name: "CLTS 37-41"}
	r := Reminders{BaseURL: base}

	mail := r.ReminderMail(postgres.Reminder{Which: postgres.ReminderUnanswered, Committee: c, Meeting: m})
	for _, w := range []string{"Rappel : votre réponse pour « Plénière de printemps » — mardi 31 mars 2026", "Vous n'avez pas encore répondu",
		"a lieu le mardi 31 mars 2026 à\u00a014", "jusqu'à", "Lieu : Salle du conseil, Tours", "https://clts.example.org/c/37-41/reunions/9", "Portail CLTS — CLTS 37-41"} {
		if !strings.Contains(mail.Subject+"\n"+mail.Body, w) {
			t.Errorf("reminder to answer lacks %q:\n%s\n%s", w, mail.Subject, mail.Body)
		}
	}
	if mail.Link != "/c/37-41/reunions/9" || mail.Calendar == nil || mail.Calendar.Method != ical.MethodRequest ||
		mail.Calendar.Event.UID != "reunion-4-9@clts.example.org" || mail.Calendar.Organizer != "CLTS 37-41" {
		t.Errorf("reminder to answer: link %q, calendar %+v", mail.Link, mail.Calendar)
	}

	mail = r.ReminderMail(postgres.Reminder{Which: postgres.ReminderAttending, Committee: c, Meeting: m})
	for _, w := range []string{"Rappel : « Plénière de printemps » le", "Vous avez répondu que vous venez", "Lieu : Salle du conseil, Tours",
		"Visioconférence : https://visio.example.org/p", "Accessibilité : Entrée de plain-pied.", "changez votre réponse"} {
		if !strings.Contains(mail.Subject+"\n"+mail.Body, w) {
			t.Errorf("day-before reminder lacks %q:\n%s\n%s", w, mail.Subject, mail.Body)
		}
	}
	if mail.Calendar != nil || strings.Contains(mail.Body, "Pour toute question sur l'accès") {
		t.Errorf("day-before reminder: calendar %+v\n%s", mail.Calendar, mail.Body)
	}
	m.Accessibility = ""
	mail = r.ReminderMail(postgres.Reminder{Which: postgres.ReminderAttending, Committee: c, Meeting: m})
	if !strings.Contains(mail.Body, "Pour toute question sur l'accès au lieu, écrivez aux personnes qui organisent la réunion.") {
		t.Errorf("day-before reminder without accessibility information:\n%s", mail.Body)
	}
}

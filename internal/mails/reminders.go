package mails

import (
	"fmt"
	"net/url"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/ical"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
)

// Reminders writes the reminders of meetings, with absolute links under
// BaseURL; the worker hands ReminderMail to postgres.Tx.RemindMeetings.
type Reminders struct {
	BaseURL *url.URL // the portal's address
}

// ReminderMail is the reminder r: its text and, for the reminder to
// answer, the meeting's .ics part, which brings the answer links.
func (m Reminders) ReminderMail(r postgres.Reminder) *postgres.MeetingMail {
	path := paths.Meeting(r.Committee.Slug, r.Meeting.ID)
	link := m.BaseURL.String() + path
	subject, body := MeetingReminder(r.Committee.Name, r.Meeting, r.Which, link)
	mail := &postgres.MeetingMail{Subject: subject, Body: body, Link: path}
	if r.Which == postgres.ReminderUnanswered {
		mail.Calendar = MeetingCalendar(m.BaseURL, r.Committee.Name, r.Meeting, link, ical.MethodRequest)
	}
	return mail
}

// MeetingReminder is the text of a meeting's reminder: which is
// postgres.ReminderUnanswered (to those who have not answered) or
// postgres.ReminderAttending (the day before, to those who come, with the
// place, the video link and the accessibility information).
func MeetingReminder(committee string, m clts.Meeting, which, link string) (subject, body string) {
	var text string
	if which == postgres.ReminderUnanswered {
		subject = "Rappel : votre réponse pour « " + m.Title + " » — " + components.Date(m.StartsAt)
		text = fmt.Sprintf(`La réunion « %s » a lieu le %s, jusqu'à %s.
%s
Vous n'avez pas encore répondu. Dites si vous venez, et ce dont vous avez besoin pour venir
(transport, accompagnement, interprétariat, accessibilité), sur la page de la réunion :
%s`, m.Title, components.DateTime(m.StartsAt), components.EndTime(m.StartsAt, m.EndsAt), where(m), link)
	} else {
		subject = "Rappel : « " + m.Title + " » le " + components.DateTime(m.StartsAt)
		text = fmt.Sprintf(`Vous avez répondu que vous venez à la réunion « %s ».
Elle a lieu le %s, jusqu'à %s.
%s%s
Si vous ne pouvez plus venir, changez votre réponse sur la page de la réunion :
%s`, m.Title, components.DateTime(m.StartsAt), components.EndTime(m.StartsAt, m.EndsAt), where(m), noAccessibility(m), link)
	}
	body = fmt.Sprintf(`Bonjour,

%s

--
Portail CLTS — %s
`, text, committee)
	return subject, body
}

// noAccessibility tells those who come whom to ask when the organisers
// gave no accessibility information.
func noAccessibility(m clts.Meeting) string {
	if m.Accessibility != "" {
		return ""
	}
	return "Pour toute question sur l'accès au lieu, écrivez aux personnes qui organisent la réunion.\n"
}

package mails

import (
	"fmt"
	"net/url"
	"strings"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/ical"
	"github.com/portail-clts/clts/internal/postgres"
)

// MeetingUID is the stable iCalendar UID of a meeting on the portal at
// base: a seminar has one UID in every committee, so a person in two
// committees sees it once.
func MeetingUID(base *url.URL, m clts.Meeting) string {
	host := base.Hostname()
	if m.SeminarID != 0 {
		return fmt.Sprintf("seminaire-%d@%s", m.SeminarID, host)
	}
	return fmt.Sprintf("reunion-%d-%d@%s", m.CommitteeID, m.ID, host)
}

// MeetingEvent is meeting m as a calendar event, page being the absolute
// address of its page: the ONE builder of the feeds (internal/server,
// calendars.go) and of the .ics part of a meeting's e-mails
// (MeetingCalendar), so that a calendar client recognises in an invitation
// the event a feed gave it (same UID) and applies the newer one (SEQUENCE).
func MeetingEvent(base *url.URL, m clts.Meeting, page string) ical.Event {
	status := ical.StatusConfirmed
	if m.Status == clts.MeetingCancelled {
		status = ical.StatusCancelled
	}
	// Calendar applications show the description, not the URL property:
	// it carries everything a person needs to attend, from their phone.
	var parts []string
	if m.CancelReason != "" {
		parts = append(parts, "Annulée : "+m.CancelReason)
	}
	if d := strings.TrimSpace(m.Description); d != "" {
		parts = append(parts, d)
	}
	if m.VideoURL != "" {
		parts = append(parts, "Visioconférence : "+m.VideoURL)
	}
	if m.Accessibility != "" {
		parts = append(parts, "Accessibilité : "+m.Accessibility)
	}
	parts = append(parts, "Ordre du jour et réponse : "+page)
	loc := m.Place
	if loc == "" {
		loc = m.VideoURL
	}
	return ical.Event{
		UID: MeetingUID(base, m), Sequence: m.Sequence, Start: m.StartsAt, End: m.EndsAt,
		Summary: m.Title, Description: strings.Join(parts, "\n\n"), Location: loc,
		URL: page, Status: status, Updated: m.UpdatedAt,
		Categories: []string{clts.MeetingKindLabel(m.Kind)},
	}
}

// MeetingCalendar is the .ics part of a meeting's e-mail: the event of
// MeetingEvent sent by organizer (the committee's name) with method
// ical.MethodRequest (a convocation, a change) or ical.MethodCancel. The
// store sets its SEQUENCE and its time of change from the meeting's row
// when it queues the e-mail.
func MeetingCalendar(base *url.URL, organizer string, m clts.Meeting, page, method string) *postgres.CalendarPart {
	if method == ical.MethodCancel {
		m.Status = clts.MeetingCancelled
	}
	return &postgres.CalendarPart{Method: method, Organizer: organizer, Event: MeetingEvent(base, m, page)}
}

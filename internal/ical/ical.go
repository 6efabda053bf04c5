// Package ical renders meetings as iCalendar (RFC 5545) feeds that calendar
// clients update rather than duplicate: stable UIDs, a SEQUENCE that grows
// with each change, STATUS:CANCELLED, and Europe/Paris times with their
// VTIMEZONE, so that no client shifts an event by an hour.
package ical

import (
	"bufio"
	"io"
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Paris even without a system zone database
)

// Status values.
const (
	StatusConfirmed = "CONFIRMED"
	StatusTentative = "TENTATIVE"
	StatusCancelled = "CANCELLED"
)

// Event is one meeting.
type Event struct {
	UID         string    // stable across changes, e.g. "reunion-3-12@clts.example.fr"
	Sequence    int       // grows with each change of the event
	Start, End  time.Time // instants, rendered in Europe/Paris local time with TZID
	Summary     string
	Description string
	Location    string
	URL         string // link to the meeting page
	Status      string // one of the Status constants; empty means CONFIRMED
	Updated     time.Time
	Categories  []string
}

// Calendar is a feed or a single-event download.
type Calendar struct {
	Name   string // X-WR-CALNAME
	Method string // PUBLISH when empty
	Events []Event
}

// TZID is the time zone every local time of a feed is given in.
const TZID = "Europe/Paris"

// Write renders c as text/calendar to w.
func Write(w io.Writer, c Calendar) error {
	loc, err := time.LoadLocation(TZID)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(w)
	lw := lineWriter{w: bw}
	method := c.Method
	if method == "" {
		method = "PUBLISH"
	}
	lw.line("BEGIN:VCALENDAR")
	lw.line("VERSION:2.0")
	lw.line("PRODID:-//Portail CLTS//FR")
	lw.line("CALSCALE:GREGORIAN")
	lw.line("METHOD:" + method)
	if c.Name != "" {
		lw.line("X-WR-CALNAME:" + escapeText(c.Name))
	}
	lw.line("X-WR-TIMEZONE:" + TZID)
	if len(c.Events) > 0 {
		writeTimezone(&lw)
	}
	for _, e := range c.Events {
		writeEvent(&lw, e, loc)
	}
	lw.line("END:VCALENDAR")
	if lw.err != nil {
		return lw.err
	}
	return bw.Flush()
}

func writeEvent(lw *lineWriter, e Event, loc *time.Location) {
	updated := e.Updated
	if updated.IsZero() {
		updated = e.Start
	}
	status := e.Status
	if status == "" {
		status = StatusConfirmed
	}
	lw.line("BEGIN:VEVENT")
	lw.line("UID:" + escapeText(e.UID))
	lw.line("DTSTAMP:" + utc(updated))
	lw.line("LAST-MODIFIED:" + utc(updated))
	lw.line("SEQUENCE:" + strconv.Itoa(e.Sequence))
	lw.line("DTSTART;TZID=" + TZID + ":" + e.Start.In(loc).Format("20060102T150405"))
	lw.line("DTEND;TZID=" + TZID + ":" + e.End.In(loc).Format("20060102T150405"))
	lw.line("SUMMARY:" + escapeText(e.Summary))
	if e.Description != "" {
		lw.line("DESCRIPTION:" + escapeText(e.Description))
	}
	if e.Location != "" {
		lw.line("LOCATION:" + escapeText(e.Location))
	}
	if e.URL != "" {
		lw.line("URL;VALUE=URI:" + e.URL)
	}
	if len(e.Categories) > 0 {
		parts := make([]string, len(e.Categories))
		for i, c := range e.Categories {
			parts[i] = escapeText(c)
		}
		lw.line("CATEGORIES:" + strings.Join(parts, ","))
	}
	lw.line("STATUS:" + status)
	lw.line("TRANSP:OPAQUE")
	lw.line("END:VEVENT")
}

func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

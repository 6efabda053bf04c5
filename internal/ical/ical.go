// Package ical renders meetings as iCalendar (RFC 5545) feeds that calendar
// clients update rather than duplicate: stable UIDs, a SEQUENCE that grows
// with each change, STATUS:CANCELLED, and Europe/Paris times with their
// VTIMEZONE, so that no client shifts an event by an hour. The same events
// travel in e-mails as invitations (iTIP, RFC 5546: METHOD:REQUEST or
// CANCEL, with an organiser and the recipient as attendee).
//
// The content is built and encoded by github.com/emersion/go-ical; this
// package cleans the text people type, adds the time zone and folds the
// encoder's lines (foldingWriter), which go-ical leaves long.
package ical

import (
	"bufio"
	"io"
	"strconv"
	"time"
	_ "time/tzdata" // Europe/Paris even without a system zone database

	goical "github.com/emersion/go-ical"
)

// Status values.
const (
	StatusConfirmed = "CONFIRMED"
	StatusTentative = "TENTATIVE"
	StatusCancelled = "CANCELLED"
)

// Methods of a calendar (iTIP, RFC 5546): a feed publishes, an invitation
// requests, a cancellation cancels.
const (
	MethodPublish = "PUBLISH"
	MethodRequest = "REQUEST"
	MethodCancel  = "CANCEL"
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
	// Organizer and Attendees are an invitation's (METHOD:REQUEST or
	// CANCEL); a feed has neither. Each attendee is a required participant
	// whose answer is awaited (PARTSTAT=NEEDS-ACTION) but not by a reply
	// e-mail (RSVP=FALSE): the portal takes the answer.
	Organizer *Person  `json:",omitempty"`
	Attendees []Person `json:",omitempty"`
}

// Person is an invitation's organiser or attendee.
type Person struct {
	Name  string // CN
	Email string // the calendar address, mailto:Email
}

// Calendar is a feed, a single-event download or an invitation.
type Calendar struct {
	Name   string // X-WR-CALNAME
	Method string // MethodPublish when empty
	Events []Event
}

// TZID is the time zone every local time of a feed is given in.
const TZID = "Europe/Paris"

// Write renders c as text/calendar to w: UTF-8, CRLF line ends, lines
// folded at 75 octets, and the VTIMEZONE of Europe/Paris even when there is
// no event (an empty feed is still a valid VCALENDAR).
func Write(w io.Writer, c Calendar) error {
	loc, err := time.LoadLocation(TZID)
	if err != nil {
		return err
	}
	method := c.Method
	if method == "" {
		method = MethodPublish
	}
	cal := goical.NewCalendar()
	cal.Props.SetText(goical.PropVersion, "2.0")
	cal.Props.SetText(goical.PropProductID, "-//Portail CLTS//FR")
	cal.Props.SetText(goical.PropCalendarScale, "GREGORIAN")
	cal.Props.SetText(goical.PropMethod, cleanText(method))
	if c.Name != "" {
		cal.Props.SetText("X-WR-CALNAME", cleanText(c.Name))
	}
	cal.Props.SetText("X-WR-TIMEZONE", TZID)
	cal.Children = append(cal.Children, timezone())
	for _, e := range c.Events {
		cal.Children = append(cal.Children, event(e, loc))
	}
	bw := bufio.NewWriter(w)
	fw := &foldingWriter{w: bw}
	if err := goical.NewEncoder(fw).Encode(cal); err != nil {
		return err
	}
	if err := fw.Close(); err != nil {
		return err
	}
	return bw.Flush()
}

func event(e Event, loc *time.Location) *goical.Component {
	updated := e.Updated
	if updated.IsZero() {
		updated = e.Start
	}
	status := e.Status
	if status == "" {
		status = StatusConfirmed
	}
	ev := goical.NewComponent(goical.CompEvent)
	p := ev.Props
	p.SetText(goical.PropUID, cleanText(e.UID))
	p.SetDateTime(goical.PropDateTimeStamp, updated.UTC())
	p.SetDateTime(goical.PropLastModified, updated.UTC())
	p.Set(&goical.Prop{Name: goical.PropSequence, Params: goical.Params{}, Value: strconv.Itoa(e.Sequence)})
	p.SetDateTime(goical.PropDateTimeStart, e.Start.In(loc))
	p.SetDateTime(goical.PropDateTimeEnd, e.End.In(loc))
	p.SetText(goical.PropSummary, cleanText(e.Summary))
	if e.Description != "" {
		p.SetText(goical.PropDescription, cleanText(e.Description))
	}
	if e.Location != "" {
		p.SetText(goical.PropLocation, cleanText(e.Location))
	}
	if e.URL != "" {
		p.Set(&goical.Prop{Name: goical.PropURL, Params: goical.Params{goical.ParamValue: {string(goical.ValueURI)}}, Value: cleanURI(e.URL)})
	}
	if len(e.Categories) > 0 {
		cats := make([]string, len(e.Categories))
		for i, c := range e.Categories {
			cats[i] = cleanText(c)
		}
		prop := goical.NewProp(goical.PropCategories)
		prop.SetTextList(cats)
		p.Set(prop)
	}
	if e.Organizer != nil {
		p.Set(calAddress(goical.PropOrganizer, *e.Organizer, nil))
	}
	for _, a := range e.Attendees {
		p.Add(calAddress(goical.PropAttendee, a, goical.Params{
			goical.ParamRole:                {"REQ-PARTICIPANT"},
			goical.ParamParticipationStatus: {"NEEDS-ACTION"},
			goical.ParamRSVP:                {"FALSE"},
		}))
	}
	p.SetText(goical.PropStatus, status)
	p.SetText(goical.PropTransparency, "OPAQUE")
	return ev
}

// calAddress is an ORGANIZER or ATTENDEE property: mailto: and the name.
func calAddress(name string, who Person, params goical.Params) *goical.Prop {
	if params == nil {
		params = goical.Params{}
	}
	if cn := cleanParam(who.Name); cn != "" {
		params[goical.ParamCommonName] = []string{cn}
	}
	return &goical.Prop{Name: name, Params: params, Value: "mailto:" + cleanURI(who.Email)}
}

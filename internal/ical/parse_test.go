package ical

import (
	"bytes"
	"testing"

	ics "github.com/arran4/golang-ical"
)

// The tests read what Write produces with github.com/arran4/golang-ical, a
// parser independent of the go-ical encoder the package writes with.

// parse reads a calendar with the independent parser.
func parse(t *testing.T, out []byte) *ics.Calendar {
	t.Helper()
	cal, err := ics.ParseCalendar(bytes.NewReader(out))
	if err != nil {
		t.Fatalf("the independent parser rejects the calendar: %v\n%s", err, out)
	}
	return cal
}

// write renders c and parses it back.
func write(t *testing.T, c Calendar) (*ics.Calendar, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, c); err != nil {
		t.Fatal(err)
	}
	checkContentLines(t, buf.Bytes())
	return parse(t, buf.Bytes()), buf.String()
}

// calendarProp is a property of the VCALENDAR itself, nil when absent.
func calendarProp(cal *ics.Calendar, name string) *ics.BaseProperty {
	for i := range cal.CalendarProperties {
		if cal.CalendarProperties[i].IANAToken == name {
			return &cal.CalendarProperties[i].BaseProperty
		}
	}
	return nil
}

// eventProp is a property of an event, nil when absent.
func eventProp(e *ics.VEvent, name string) *ics.BaseProperty {
	p := e.GetProperty(ics.ComponentProperty(name))
	if p == nil {
		return nil
	}
	return &p.BaseProperty
}

// text is a TEXT property's value, which the parser unescapes as it reads
// it (a list's items, CATEGORIES, come back joined by commas).
func text(p *ics.BaseProperty) string {
	if p == nil {
		return ""
	}
	return p.Value
}

// timezones lists the VTIMEZONE components' TZID.
func timezones(cal *ics.Calendar) []string {
	var ids []string
	for _, c := range cal.Components {
		if tz, ok := c.(*ics.VTimezone); ok {
			if p := tz.GetProperty(ics.ComponentProperty("TZID")); p != nil {
				ids = append(ids, p.Value)
			}
		}
	}
	return ids
}

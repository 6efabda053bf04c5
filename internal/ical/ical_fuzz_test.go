package ical

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	ics "github.com/arran4/golang-ical"
)

// FuzzWrite feeds the calendar writer hostile text in every field a person
// types (a meeting's title, description and place, a group's name as
// category, a committee's name as the calendar's and as the organiser's):
// the calendar must stay valid iCalendar that an independent parser reads
// back, with one event per meeting, and text that needs no repair must
// come back as it was.
func FuzzWrite(f *testing.F) {
	f.Add("Comité 37-41", "Réunion plénière", "Ordre du jour :\n1. Accueil, tour de table; questions", "Tours", "Participation", int64(1544274000), uint16(120))
	f.Add("x", "END:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injecté", "\\n\\,\\;\\", "a\rb\nc", "", int64(0), uint16(0))
	f.Add("", strings.Repeat("é", 60), strings.Repeat("€", 40)+strings.Repeat("a", 3), strings.Repeat("\\,", 50), "x,y", int64(-62135596800), uint16(65535))
	f.Add("a", "\t\t", "\u2028\u2029\ufeff", strings.Repeat("😀", 30), ":;\"", int64(253402300799), uint16(90))
	f.Add("Comité \"Loire\"; Tours:\nEst", "x", "", "", "", int64(1544274000), uint16(1))
	f.Fuzz(func(t *testing.T, name, summary, description, location, category string, start int64, minutes uint16) {
		begin := time.Unix(start, 0)
		ev := Event{
			UID:         "reunion-1-2@clts.example.fr",
			Sequence:    int(minutes),
			Start:       begin,
			End:         begin.Add(time.Duration(minutes) * time.Minute),
			Summary:     summary,
			Description: description,
			Location:    location,
			Categories:  []string{category, "Plénière"},
			Organizer:   &Person{Name: name, Email: "portail@cd37.fr"},
			Attendees:   []Person{{Name: summary, Email: "awa@example.org"}},
		}
		second := ev
		second.UID, second.Summary = "reunion-1-3@clts.example.fr", location
		var buf bytes.Buffer
		if err := Write(&buf, Calendar{Name: name, Method: MethodRequest, Events: []Event{ev, second}}); err != nil {
			t.Fatal(err)
		}
		out := buf.Bytes()
		checkContentLines(t, out)

		cal := parse(t, out)
		events := cal.Events()
		if len(events) != 2 {
			t.Fatalf("%d events, want 2:\n%s", len(events), out)
		}
		if calendarProp(cal, "VERSION") == nil || calendarProp(cal, "PRODID") == nil {
			t.Fatalf("VERSION or PRODID lost:\n%s", out)
		}
		if uid := events[1].Id(); uid != second.UID {
			t.Fatalf("second event's UID = %q, want %q:\n%s", uid, second.UID, out)
		}
		sameText(t, calendarProp(cal, "X-WR-CALNAME"), "X-WR-CALNAME", name)
		sameText(t, eventProp(events[0], "SUMMARY"), "SUMMARY", summary)
		sameText(t, eventProp(events[0], "DESCRIPTION"), "DESCRIPTION", description)
		sameText(t, eventProp(events[0], "LOCATION"), "LOCATION", location)
		sameText(t, eventProp(events[1], "SUMMARY"), "SUMMARY", location)
		if cats := eventProp(events[0], "CATEGORIES"); cats == nil {
			t.Fatalf("CATEGORIES lost:\n%s", out)
		} else if keepsAsIs(category) && cats.Value != strings.ReplaceAll(category, "\r", "")+",Plénière" {
			t.Fatalf("CATEGORIES read back as %q, want %q and Plénière", cats.Value, category)
		}
		if as := events[0].Attendees(); len(as) != 1 || as[0].Email() != "awa@example.org" {
			t.Fatalf("attendees %+v:\n%s", as, out)
		}
		if org := eventProp(events[0], "ORGANIZER"); org == nil || org.Value != "mailto:portail@cd37.fr" {
			t.Fatalf("ORGANIZER %+v:\n%s", org, out)
		}
	})
}

// keepsAsIs reports whether s is text a calendar carries unchanged (but
// for carriage returns, which the writer drops): valid UTF-8 without
// control characters other than tab and line breaks.
func keepsAsIs(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsFunc(s, func(r rune) bool {
		return unicode.IsControl(r) && r != '\t' && r != '\n' && r != '\r'
	})
}

// sameText checks that a property reads back as the text written, when that
// text needs no repair; empty optional properties may be left out.
func sameText(t *testing.T, p *ics.BaseProperty, name, want string) {
	t.Helper()
	if p == nil {
		if want != "" && name != "SUMMARY" {
			t.Fatalf("%s missing", name)
		}
		return
	}
	if keepsAsIs(want) && p.Value != strings.ReplaceAll(want, "\r", "") {
		t.Fatalf("%s reads back as %q, want %q", name, p.Value, want)
	}
}

// checkContentLines checks the feed's syntax as RFC 5545 §3.1 states it:
// UTF-8, lines ended by CRLF and at most 75 octets, no control character
// but the tab inside a line, continuation lines starting with a space (which unfolding checks).
func checkContentLines(t *testing.T, out []byte) {
	t.Helper()
	if !utf8.Valid(out) {
		t.Fatalf("the feed is not valid UTF-8:\n%q", out)
	}
	if !bytes.HasSuffix(out, []byte("\r\n")) {
		t.Fatalf("the feed does not end with CRLF:\n%q", out)
	}
	lines := strings.Split(strings.TrimSuffix(string(out), "\r\n"), "\r\n")
	for i, l := range lines {
		if len(l) > maxLine {
			t.Fatalf("line %d has %d octets, more than %d: %q", i+1, len(l), maxLine, l)
		}
		if strings.ContainsFunc(l, func(r rune) bool { return unicode.IsControl(r) && r != '\t' }) {
			t.Fatalf("line %d holds a control character: %q", i+1, l)
		}
	}
}

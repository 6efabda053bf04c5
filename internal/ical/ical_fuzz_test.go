package ical

import (
	"bytes"
	"strings"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	goical "github.com/emersion/go-ical"
)

// FuzzWrite feeds the calendar writer hostile text in every field a person
// types (a meeting's title, description and place, a group's name as
// category, a committee's name as the calendar's): the feed must stay valid
// iCalendar that an independent parser reads back, with one event per
// meeting, and text that needs no repair must come back as it was.
func FuzzWrite(f *testing.F) {
	f.Add("Comité 37-41", "Réunion plénière", "Ordre du jour :\n1. Accueil, tour de table; questions", "Tours", "Participation", int64(1544274000), uint16(120))
	f.Add("x", "END:VEVENT\r\nBEGIN:VEVENT\r\nSUMMARY:injecté", "\\n\\,\\;\\", "a\rb\nc", "", int64(0), uint16(0))
	f.Add("", strings.Repeat("é", 60), strings.Repeat("€", 40)+strings.Repeat("a", 3), strings.Repeat("\\,", 50), "x,y", int64(-62135596800), uint16(65535))
	f.Add("a", "\t\t", "\u2028\u2029\ufeff", strings.Repeat("😀", 30), ":;\"", int64(253402300799), uint16(90))
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
		}
		second := ev
		second.UID, second.Summary = "reunion-1-3@clts.example.fr", location
		var buf bytes.Buffer
		if err := Write(&buf, Calendar{Name: name, Events: []Event{ev, second}}); err != nil {
			t.Fatal(err)
		}
		out := buf.Bytes()
		checkContentLines(t, out)

		cal, err := goical.NewDecoder(bytes.NewReader(out)).Decode()
		if err != nil {
			t.Fatalf("the independent parser rejects the feed: %v\n%s", err, out)
		}
		events := cal.Events()
		if len(events) != 2 {
			t.Fatalf("%d events, want 2:\n%s", len(events), out)
		}
		if cal.Props.Get(goical.PropVersion) == nil || cal.Props.Get(goical.PropProductID) == nil {
			t.Fatalf("VERSION or PRODID lost:\n%s", out)
		}
		uid, _ := events[1].Props.Text(goical.PropUID)
		if uid != second.UID {
			t.Fatalf("second event's UID = %q, want %q:\n%s", uid, second.UID, out)
		}
		sameText(t, cal.Props, "X-WR-CALNAME", name)
		sameText(t, events[0].Props, goical.PropSummary, summary)
		sameText(t, events[0].Props, goical.PropDescription, description)
		sameText(t, events[0].Props, goical.PropLocation, location)
		sameText(t, events[1].Props, goical.PropSummary, location)
		if cats := events[0].Props.Get(goical.PropCategories); cats != nil && keepsAsIs(category) {
			list, err := cats.TextList()
			if err != nil || len(list) != 2 || list[0] != strings.ReplaceAll(category, "\r", "") || list[1] != "Plénière" {
				t.Fatalf("CATEGORIES read back as %q (%v), want [%q Plénière]", list, err, category)
			}
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
func sameText(t *testing.T, props goical.Props, name, want string) {
	t.Helper()
	p := props.Get(name)
	if p == nil {
		if want != "" && name != goical.PropSummary {
			t.Fatalf("%s missing", name)
		}
		return
	}
	got, err := p.Text()
	if err != nil {
		t.Fatalf("%s: %v (value %q)", name, err, p.Value)
	}
	if keepsAsIs(want) && got != strings.ReplaceAll(want, "\r", "") {
		t.Fatalf("%s reads back as %q, want %q", name, got, want)
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

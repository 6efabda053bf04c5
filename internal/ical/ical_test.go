package ical

import (
	"bytes"
	"strings"
	"testing"
	"time"
)

func paris(t *testing.T, y int, m time.Month, d, h, min int) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(y, m, d, h, min, 0, 0, loc)
}

func TestTimesAcrossDaylightSaving(t *testing.T) {
	tests := []struct {
		name     string
		start    time.Time
		wantUTC  string
		wantText string
	}{
		{"DayBeforeOctoberChange", paris(t, 2018, time.October, 27, 10, 0), "2018-10-27T08:00:00Z", "DTSTART;TZID=Europe/Paris:20181027T100000"},
		{"OctoberChangeDay", paris(t, 2018, time.October, 28, 10, 0), "2018-10-28T09:00:00Z", "DTSTART;TZID=Europe/Paris:20181028T100000"},
		{"MarchChangeDay", paris(t, 2019, time.March, 31, 14, 0), "2019-03-31T12:00:00Z", "DTSTART;TZID=Europe/Paris:20190331T140000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			cal, out := write(t, Calendar{Name: "Test", Events: []Event{{UID: "a@x", Start: tt.start, End: tt.start.Add(2 * time.Hour), Summary: "Réunion"}}})
			if !strings.Contains(out, tt.wantText) {
				t.Errorf("feed lacks %s:\n%s", tt.wantText, out)
			}
			if tzs := timezones(cal); len(tzs) != 1 || tzs[0] != "Europe/Paris" {
				t.Fatalf("VTIMEZONE %q, want one for Europe/Paris", tzs)
			}
			ev := cal.Events()[0]
			// The parser resolves the TZID itself.
			start, err := ev.GetStartAt()
			if err != nil {
				t.Fatal(err)
			}
			if got := start.UTC().Format(time.RFC3339); got != tt.wantUTC {
				t.Errorf("start %s, want %s", got, tt.wantUTC)
			}
			end, err := ev.GetEndAt()
			if err != nil || !end.Equal(start.Add(2*time.Hour)) {
				t.Errorf("end %s, %v: want two hours after the start", end, err)
			}
		})
	}
}

func TestUIDSequenceAndCancellation(t *testing.T) {
	start := paris(t, 2026, time.December, 8, 14, 0)
	e := Event{UID: "reunion-1-7@clts.example.fr", Start: start, End: start.Add(time.Hour), Summary: "Plénière", Updated: start.AddDate(0, -1, 0)}
	cal1, _ := write(t, Calendar{Events: []Event{e}})
	e.Sequence, e.Start, e.Status = 2, start.Add(time.Hour), StatusCancelled
	cal2, _ := write(t, Calendar{Events: []Event{e}})
	a, b := cal1.Events()[0], cal2.Events()[0]
	if a.Id() != b.Id() || a.Id() != "reunion-1-7@clts.example.fr" {
		t.Errorf("UID %q then %q: want stable", a.Id(), b.Id())
	}
	if seqA, seqB := eventProp(a, "SEQUENCE").Value, eventProp(b, "SEQUENCE").Value; seqA != "0" || seqB != "2" {
		t.Errorf("SEQUENCE %s then %s, want 0 then 2", seqA, seqB)
	}
	if s := text(eventProp(a, "STATUS")); s != StatusConfirmed {
		t.Errorf("status %q, want CONFIRMED", s)
	}
	if s := text(eventProp(b, "STATUS")); s != StatusCancelled {
		t.Errorf("status %q, want CANCELLED", s)
	}
	if m := text(calendarProp(cal1, "METHOD")); m != MethodPublish {
		t.Errorf("a feed's METHOD is %q, want PUBLISH", m)
	}
}

// An invitation names its method, the organiser (the committee, at the
// portal's address) and the recipient as a required attendee whose answer
// goes through the portal, not a reply e-mail.
func TestInvitation(t *testing.T) {
	start := paris(t, 2026, time.December, 8, 14, 0)
	e := Event{UID: "reunion-1-7@clts.example.fr", Sequence: 3, Start: start, End: start.Add(time.Hour), Summary: "Plénière",
		Organizer: &Person{Name: `Comité "37-41"; Tours`, Email: "portail@cd37.fr"},
		Attendees: []Person{{Name: "Awa Diallo", Email: "awa@example.org"}}}
	for _, method := range []string{MethodRequest, MethodCancel} {
		cal, out := write(t, Calendar{Method: method, Events: []Event{e}})
		if m := text(calendarProp(cal, "METHOD")); m != method {
			t.Errorf("METHOD %q, want %s", m, method)
		}
		ev := cal.Events()[0]
		org := eventProp(ev, "ORGANIZER")
		if org == nil || org.Value != "mailto:portail@cd37.fr" || len(org.ICalParameters["CN"]) != 1 || org.ICalParameters["CN"][0] != "Comité '37-41'; Tours" {
			t.Errorf("ORGANIZER %+v:\n%s", org, out)
		}
		as := ev.Attendees()
		if len(as) != 1 || as[0].Email() != "awa@example.org" {
			t.Fatalf("attendees %+v, want awa@example.org", as)
		}
		for param, want := range map[string]string{"ROLE": "REQ-PARTICIPANT", "PARTSTAT": "NEEDS-ACTION", "RSVP": "FALSE", "CN": "Awa Diallo"} {
			if got := as[0].ICalParameters[param]; len(got) != 1 || got[0] != want {
				t.Errorf("ATTENDEE %s = %q, want %s", param, got, want)
			}
		}
	}
}

func TestTextRoundTripAndFolding(t *testing.T) {
	long := strings.Repeat("Accès aux droits à l'ère numérique, médiation ; coffre-fort \\ numérique.\n", 6)
	start := paris(t, 2026, time.June, 2, 9, 0)
	cal, out := write(t, Calendar{Name: "Comité 37-41", Events: []Event{{UID: "x@y", Start: start, End: start.Add(time.Hour),
		Summary: "Séminaire, national; «bilan»", Description: long, Location: "Hôtel du Département, Tours", Categories: []string{"Séminaire national", "a,b"}}}})
	ev := cal.Events()[0]
	for prop, want := range map[string]string{"SUMMARY": "Séminaire, national; «bilan»", "DESCRIPTION": long, "LOCATION": "Hôtel du Département, Tours"} {
		if got := text(eventProp(ev, prop)); got != want {
			t.Errorf("%s = %q; want %q", prop, got, want)
		}
	}
	if cats := text(eventProp(ev, "CATEGORIES")); cats != "Séminaire national,a,b" {
		t.Errorf("CATEGORIES %q", cats)
	}
	if !strings.Contains(strings.ReplaceAll(out, "\r\n ", ""), "CATEGORIES:Séminaire national,a\\,b\r\n") {
		t.Errorf("the comma inside a category is not escaped:\n%s", out)
	}
	if name := text(calendarProp(cal, "X-WR-CALNAME")); name != "Comité 37-41" {
		t.Errorf("X-WR-CALNAME %q", name)
	}
	folded := false
	for _, line := range strings.Split(out, "\r\n") {
		folded = folded || strings.HasPrefix(line, " ")
	}
	if !folded {
		t.Error("the long description was not folded")
	}
	if !strings.HasSuffix(out, "END:VCALENDAR\r\n") {
		t.Error("the feed does not end with CRLF")
	}
}

// Folding never cuts a UTF-8 sequence, even when a line is made of
// multi-octet characters only, and the writer folds lines handed to it in
// pieces.
func TestFoldingWriter(t *testing.T) {
	var buf bytes.Buffer
	fw := &foldingWriter{w: &buf}
	line := "DESCRIPTION:" + strings.Repeat("€", 60)
	for _, piece := range []string{line[:7], line[7:40], line[40:] + "\r\nEND:V", "EVENT\r\n"} {
		if _, err := fw.Write([]byte(piece)); err != nil {
			t.Fatal(err)
		}
	}
	if err := fw.Close(); err != nil {
		t.Fatal(err)
	}
	checkContentLines(t, buf.Bytes())
	unfolded := strings.ReplaceAll(buf.String(), "\r\n ", "")
	if unfolded != line+"\r\nEND:VEVENT\r\n" {
		t.Errorf("unfolded %q", unfolded)
	}
}

func TestDeterministicAndEmpty(t *testing.T) {
	start := paris(t, 2026, time.June, 2, 9, 0)
	c := Calendar{Name: "A", Events: []Event{{UID: "u@x", Start: start, End: start.Add(time.Hour), Summary: "S"}}}
	var a, b bytes.Buffer
	_ = Write(&a, c)
	_ = Write(&b, c)
	if a.String() != b.String() {
		t.Error("two renders differ")
	}
	// An empty feed is still a valid VCALENDAR: it has its time zone.
	cal, _ := write(t, Calendar{Name: "Vide"})
	if len(cal.Events()) != 0 {
		t.Errorf("%d events in an empty feed", len(cal.Events()))
	}
	if tzs := timezones(cal); len(tzs) != 1 {
		t.Errorf("an empty feed has %d VTIMEZONE, want 1", len(tzs))
	}
	if text(calendarProp(cal, "VERSION")) != "2.0" || calendarProp(cal, "PRODID") == nil {
		t.Error("VERSION or PRODID missing")
	}
}

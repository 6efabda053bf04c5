package ical

import (
	"bytes"
	"strings"
	"testing"
	"time"

	goical "github.com/emersion/go-ical"
)

func paris(t *testing.T, y int, m time.Month, d, h, min int) time.Time {
	t.Helper()
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		t.Fatal(err)
	}
	return time.Date(y, m, d, h, min, 0, 0, loc)
}

// decode parses a feed with an independent iCalendar library.
func decode(t *testing.T, c Calendar) (*goical.Calendar, string) {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, c); err != nil {
		t.Fatal(err)
	}
	cal, err := goical.NewDecoder(bytes.NewReader(buf.Bytes())).Decode()
	if err != nil {
		t.Fatalf("the independent parser rejects the feed: %v\n%s", err, buf.String())
	}
	return cal, buf.String()
}

func events(t *testing.T, cal *goical.Calendar) []goical.Event {
	t.Helper()
	return cal.Events()
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
			cal, text := decode(t, Calendar{Name: "Test", Events: []Event{{UID: "a@x", Start: tt.start, End: tt.start.Add(2 * time.Hour), Summary: "Réunion"}}})
			if !strings.Contains(text, tt.wantText) {
				t.Errorf("feed lacks %s", tt.wantText)
			}
			tzs := 0
			for _, c := range cal.Children {
				if c.Name == goical.CompTimezone {
					tzs++
					if id, _ := c.Props.Text(goical.PropTimezoneID); id != "Europe/Paris" {
						t.Errorf("VTIMEZONE %q", id)
					}
				}
			}
			if tzs != 1 {
				t.Fatalf("%d VTIMEZONE, want 1", tzs)
			}
			ev := events(t, cal)[0]
			// The parser resolves the TZID itself.
			start, err := ev.DateTimeStart(nil)
			if err != nil {
				t.Fatal(err)
			}
			if got := start.UTC().Format(time.RFC3339); got != tt.wantUTC {
				t.Errorf("start %s, want %s", got, tt.wantUTC)
			}
			end, err := ev.DateTimeEnd(nil)
			if err != nil || !end.Equal(start.Add(2*time.Hour)) {
				t.Errorf("end %s, %v: want two hours after the start", end, err)
			}
		})
	}
}

func TestUIDSequenceAndCancellation(t *testing.T) {
	start := paris(t, 2026, time.December, 8, 14, 0)
	e := Event{UID: "reunion-1-7@clts.example.fr", Start: start, End: start.Add(time.Hour), Summary: "Plénière", Updated: start.AddDate(0, -1, 0)}
	cal1, _ := decode(t, Calendar{Events: []Event{e}})
	e.Sequence, e.Start, e.Status = 2, start.Add(time.Hour), StatusCancelled
	cal2, _ := decode(t, Calendar{Events: []Event{e}})
	a, b := events(t, cal1)[0], events(t, cal2)[0]
	uidA, _ := a.Props.Text(goical.PropUID)
	uidB, _ := b.Props.Text(goical.PropUID)
	if uidA != uidB || uidA != "reunion-1-7@clts.example.fr" {
		t.Errorf("UID %q then %q: want stable", uidA, uidB)
	}
	seqA, seqB := a.Props.Get(goical.PropSequence).Value, b.Props.Get(goical.PropSequence).Value
	if seqA != "0" || seqB != "2" {
		t.Errorf("SEQUENCE %s then %s, want 0 then 2", seqA, seqB)
	}
	if s, _ := a.Props.Text(goical.PropStatus); s != StatusConfirmed {
		t.Errorf("status %q, want CONFIRMED", s)
	}
	if s, _ := b.Props.Text(goical.PropStatus); s != StatusCancelled {
		t.Errorf("status %q, want CANCELLED", s)
	}
}

func TestTextRoundTripAndFolding(t *testing.T) {
	long := strings.Repeat("Accès aux droits à l'ère numérique, médiation ; coffre-fort \\ numérique.\n", 6)
	start := paris(t, 2026, time.June, 2, 9, 0)
	cal, text := decode(t, Calendar{Name: "Comité 37-41", Events: []Event{{UID: "x@y", Start: start, End: start.Add(time.Hour),
		Summary: "Séminaire, national; «bilan»", Description: long, Location: "Hôtel du Département, Tours", Categories: []string{"Séminaire national"}}}})
	ev := events(t, cal)[0]
	for prop, want := range map[string]string{goical.PropSummary: "Séminaire, national; «bilan»", goical.PropDescription: long, goical.PropLocation: "Hôtel du Département, Tours"} {
		got, err := ev.Props.Text(prop)
		if err != nil || got != want {
			t.Errorf("%s = %q, %v; want %q", prop, got, err, want)
		}
	}
	for i, line := range strings.Split(strings.TrimSuffix(text, "\r\n"), "\r\n") {
		if len(line) > 75 {
			t.Errorf("line %d is %d octets: %q", i+1, len(line), line)
		}
		if strings.Contains(line, "\n") {
			t.Errorf("line %d holds a bare LF", i+1)
		}
	}
	if !strings.HasSuffix(text, "END:VCALENDAR\r\n") {
		t.Error("the feed does not end with CRLF")
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
	var e bytes.Buffer
	if err := Write(&e, Calendar{Name: "Vide"}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(e.String(), "VTIMEZONE") {
		t.Error("an empty feed carries a VTIMEZONE")
	}
	if _, err := goical.NewDecoder(&e).Decode(); err != nil {
		t.Errorf("empty feed rejected: %v", err)
	}
}

package components

import (
	"strings"
	"testing"
	"time"
)

func TestFrenchDates(t *testing.T) {
	tests := []struct {
		utc  string
		want string
	}{
		{"2018-09-03T12:30:00Z", "lundi 3 septembre 2018 à\u00a014\u00a0h\u00a030"},   // summer time, UTC+2
		{"2018-12-01T09:05:00Z", "samedi 1er décembre 2018 à\u00a010\u00a0h\u00a005"}, // winter time, UTC+1
		{"2019-03-31T00:30:00Z", "dimanche 31 mars 2019 à\u00a01\u00a0h\u00a030"},     // before the change
		{"2019-03-31T01:30:00Z", "dimanche 31 mars 2019 à\u00a03\u00a0h\u00a030"},     // after the change
	}
	for _, tt := range tests {
		at, err := time.Parse(time.RFC3339, tt.utc)
		if err != nil {
			t.Fatal(err)
		}
		if got := DateTime(at); got != tt.want {
			t.Errorf("DateTime(%s) = %q, want %q", tt.utc, got, tt.want)
		}
	}
}

// TestTimesDoNotBreak: a time or a duration is one unbreakable run of text,
// so a narrow screen never shows "14 h" on one line and "30" on the next.
func TestTimesDoNotBreak(t *testing.T) {
	start := time.Date(2026, 11, 5, 13, 0, 0, 0, time.UTC) // 14 h 00 in Paris
	sameDay := start.Add(2*time.Hour + 30*time.Minute)
	nextDay := start.Add(24 * time.Hour)
	tests := []struct {
		name, got, want string
	}{
		{"Time", Time(start), "14\u00a0h\u00a000"},
		{"EndTime same day", EndTime(start, sameDay), "16\u00a0h\u00a030"},
		{"EndTime next day", EndTime(start, nextDay), "vendredi 6 novembre 2026 à\u00a014\u00a0h\u00a000"},
		{"Duration minutes", Duration(45), "45\u00a0min"},
		{"Duration hours", Duration(120), "2\u00a0h"},
		{"Duration both", Duration(90), "1\u00a0h\u00a030"},
	}
	for _, tt := range tests {
		if tt.got != tt.want {
			t.Errorf("%s = %q, want %q", tt.name, tt.got, tt.want)
		}
		// Whatever the wording, the time itself holds no breakable space.
		clock := tt.got[strings.LastIndex(tt.got, "à")+len("à"):]
		if strings.ContainsRune(clock, ' ') {
			t.Errorf("%s = %q: a breakable space inside the time", tt.name, tt.got)
		}
	}
}

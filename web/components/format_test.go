package components

import (
	"testing"
	"time"
)

func TestFrenchDates(t *testing.T) {
	tests := []struct {
		utc  string
		want string
	}{
		{"2018-09-03T12:30:00Z", "lundi 3 septembre 2018 à 14 h 30"},   // summer time, UTC+2
		{"2018-12-01T09:05:00Z", "samedi 1er décembre 2018 à 10 h 05"}, // winter time, UTC+1
		{"2019-03-31T00:30:00Z", "dimanche 31 mars 2019 à 1 h 30"},     // before the change
		{"2019-03-31T01:30:00Z", "dimanche 31 mars 2019 à 3 h 30"},     // after the change
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

package clts

import (
	"testing"
	"time"
)

// TestCampaignDaysLeft: the days left are counted on the calendar of
// Paris. Near the change to summer time (29 March 2026), the hour lost
// made "3 days left" at 23:30 on the 28th read 2.
func TestCampaignDaysLeft(t *testing.T) {
	at := func(y int, m time.Month, d, h, min int) time.Time { return time.Date(y, m, d, h, min, 0, 0, paris) }
	c := Campaign{Deadline: EndOfDay(at(2026, time.March, 31, 12, 0))}
	autumn := Campaign{Deadline: EndOfDay(at(2026, time.October, 27, 12, 0))}
	for _, tc := range []struct {
		c    Campaign
		now  time.Time
		want int
	}{
		{c, at(2026, time.March, 28, 0, 5), 3},
		{c, at(2026, time.March, 28, 23, 30), 3},
		{c, at(2026, time.March, 29, 23, 30), 2},
		{c, at(2026, time.March, 30, 23, 59), 1},
		{c, at(2026, time.March, 31, 0, 0), 0},
		{c, at(2026, time.March, 31, 23, 59), 0},
		{c, at(2026, time.April, 1, 0, 0), -1},
		{c, at(2026, time.April, 3, 12, 0), -3},
		{autumn, at(2026, time.October, 24, 0, 30), 3},
		{autumn, at(2026, time.October, 25, 23, 30), 2},
		{Campaign{Deadline: at(2026, time.May, 5, 12, 0)}, at(2026, time.May, 5, 13, 0), -1},
	} {
		if got := tc.c.DaysLeft(tc.now); got != tc.want {
			t.Errorf("DaysLeft(%v) with deadline %v = %d, want %d", tc.now, tc.c.Deadline, got, tc.want)
		}
	}
}

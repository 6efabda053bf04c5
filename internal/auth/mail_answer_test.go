package auth

import (
	"errors"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
)

func TestCheckMailAnswer(t *testing.T) {
	now := time.Date(2026, 12, 8, 10, 0, 0, 0, time.UTC)
	planned := MeetingFacts{Kind: clts.KindPlenary, Status: clts.MeetingPlanned, Invited: true,
		StartsAt: now.Add(2 * time.Hour), EndsAt: now.Add(4 * time.Hour)}
	with := func(change func(*MeetingFacts)) MeetingFacts {
		m := planned
		change(&m)
		return m
	}
	for _, tc := range []struct {
		name string
		m    MeetingFacts
		want error
	}{
		{"invited, before the start", planned, nil},
		{"a group meeting, invited", with(func(m *MeetingFacts) { m.Kind = clts.KindGroup; m.GroupStatus = "member" }), nil},
		{"no longer invited", with(func(m *MeetingFacts) { m.Invited = false }), ErrMeetingForbidden},
		{"cancelled", with(func(m *MeetingFacts) { m.Status = clts.MeetingCancelled }), ErrMeetingClosed},
		{"held", with(func(m *MeetingFacts) { m.Status = clts.MeetingHeld }), ErrMeetingClosed},
		{"started, not over", with(func(m *MeetingFacts) { m.StartsAt = now.Add(-time.Minute) }), ErrMeetingClosed},
		{"starting now", with(func(m *MeetingFacts) { m.StartsAt = now }), ErrMeetingClosed},
		{"over", with(func(m *MeetingFacts) { m.StartsAt, m.EndsAt = now.Add(-3*time.Hour), now.Add(-time.Hour) }), ErrMeetingClosed},
		{"cancelled and not invited: the state first", with(func(m *MeetingFacts) { m.Status = clts.MeetingCancelled; m.Invited = false }), ErrMeetingClosed},
	} {
		if got := CheckMailAnswer(tc.m, now); !errors.Is(got, tc.want) {
			t.Errorf("%s: CheckMailAnswer = %v, want %v", tc.name, got, tc.want)
		}
	}
}

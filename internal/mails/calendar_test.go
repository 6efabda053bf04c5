package mails

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/ical"
)

// TestMeetingEventIsTheFeedsAndTheMails: the one builder gives a meeting
// its stable UID (a seminar's is the same in every committee), and a
// cancellation's event is cancelled with its reason.
func TestMeetingEventIsTheFeedsAndTheMails(t *testing.T) {
	base, _ := url.Parse("https://clts.example.org")
	m := clts.Meeting{ID: 9, CommitteeID: 4, Kind: clts.KindPlenary, Title: "Plénière", StartsAt: time.Now(), EndsAt: time.Now().Add(time.Hour),
		VideoURL: "https://visio.example.org/p", Sequence: 3}
	e := MeetingEvent(base, m, "https://clts.example.org/c/37-41/reunions/9")
	if e.UID != "reunion-4-9@clts.example.org" || e.Sequence != 3 || e.Location != "https://visio.example.org/p" ||
		e.Status != ical.StatusConfirmed || !strings.Contains(e.Description, "Ordre du jour et réponse : https://clts.example.org/c/37-41/reunions/9") {
		t.Errorf("event: %+v", e)
	}
	if uid := MeetingUID(base, clts.Meeting{ID: 12, CommitteeID: 7, SeminarID: 2}); uid != "seminaire-2@clts.example.org" {
		t.Errorf("seminar UID %q", uid)
	}
	m.CancelReason = "Salle indisponible."
	part := MeetingCalendar(base, "CLTS 37-41", m, "https://clts.example.org/c/37-41/reunions/9", ical.MethodCancel)
	if part.Method != ical.MethodCancel || part.Event.Status != ical.StatusCancelled || part.Event.UID != e.UID ||
		!strings.HasPrefix(part.Event.Description, "Annulée : Salle indisponible.") {
		t.Errorf("cancellation: %+v", part)
	}
}

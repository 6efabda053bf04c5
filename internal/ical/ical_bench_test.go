package ical

import (
	"fmt"
	"io"
	"testing"
	"time"
)

// BenchmarkWrite renders a feed of 2,000 meetings (the size of the
// personal feed in BenchmarkMeetings, internal/server); docs/benchmarks.md
// gives the figure against the hand-written writer go-ical replaced.
func BenchmarkWrite(b *testing.B) {
	loc, _ := time.LoadLocation("Europe/Paris")
	start := time.Date(2026, 6, 2, 9, 0, 0, 0, loc)
	evs := make([]Event, 2000)
	for i := range evs {
		s := start.Add(time.Duration(i) * time.Hour)
		evs[i] = Event{UID: fmt.Sprintf("reunion-1-%d@clts.example.fr", i), Sequence: i % 4, Start: s, End: s.Add(2 * time.Hour),
			Summary: "Plénière du comité, point d'étape", Description: "Ordre du jour :\n1. Accueil; tour de table\n\nOrdre du jour et réponse : https://clts.example.fr/comites/37-41/reunions/123",
			Location: "Hôtel du Département, Tours", URL: "https://clts.example.fr/comites/37-41/reunions/123", Updated: s, Categories: []string{"Plénière"}}
	}
	for b.Loop() {
		_ = Write(io.Discard, Calendar{Name: "Portail CLTS — mes réunions", Events: evs})
	}
}

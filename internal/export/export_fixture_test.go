package export

import (
	"time"

	"github.com/portail-clts/clts/internal/clts"
)

// sampleContributions are the rows of the tests: accents, cells that a
// spreadsheet would run as formulas, a multi-line text with the separator
// and quotes, a correction, indicators, a reading with a reply.
func sampleContributions() []*clts.Contribution {
	at := func(d int) *time.Time {
		t := time.Date(2026, 11, d, 23, 30, 0, 0, time.UTC) // the next day in Paris
		return &t
	}
	read := time.Date(2026, 12, 1, 9, 0, 0, 0, time.UTC)
	return []*clts.Contribution{
		{CommitteeID: 1, CommitteeSlug: "37-41", CommitteeName: "CLTS Indre-et-Loire – Loir-et-Cher", Departements: []string{"37", "41"},
			ID: 11, CampaignYear: 2026, Category: clts.CategoryNeeds, Status: clts.ContributionTransmitted, Edition: 1,
			Title: "=HYPERLINK(\"http://x\";\"clic\")", Body: "Accès aux droits à l'ère numérique ; « guillemets \"doubles\" »\nDeuxième ligne.",
			PublicAuthors: "Élodie Durand, Loïc Müller", GroupTitle: "Accès aux droits", TransmittedAt: at(4),
			Reading: &clts.ContributionReading{ReadAt: &read, Retained: true, Reply: "+33 : merci, retenue."}},
		{CommitteeID: 1, CommitteeSlug: "37-41", CommitteeName: "CLTS Indre-et-Loire – Loir-et-Cher", Departements: []string{"37", "41"},
			ID: 12, CampaignYear: 2026, Category: clts.CategoryNeeds, Status: clts.ContributionTransmitted, Edition: 2, PreviousID: 9,
			Title: "-Besoins des aidants", Body: "@mention et\ttabulation", TransmittedAt: at(5), PracticeIDs: []int64{3, 4}},
		{CommitteeID: 2, CommitteeSlug: "autre", CommitteeName: "CLTS du Loiret", Departements: []string{"45"},
			ID: 21, CampaignYear: 2026, Category: clts.CategoryParticipation, Status: clts.ContributionTransmitted, Edition: 1,
			Title: "La participation progresse", Body: "Des personnes accompagnées co-animent deux groupes.", TransmittedAt: at(6),
			IndicatorsComment: "Hausse nette au 2e trimestre.",
			Indicators: &clts.Indicators{Year: 2026, Groups: 5, GroupsCoLedBySupported: 2,
				Quarters: []clts.IndicatorPeriod{{Label: "1er trimestre 2026", From: time.Date(2025, 12, 31, 23, 0, 0, 0, time.UTC),
					To: time.Date(2026, 3, 31, 22, 0, 0, 0, time.UTC), Meetings: 2, Attendees: 20, SupportedAttendees: 3, DistinctSupported: 2, MeetingsWithSupported: 2}},
				Total: clts.IndicatorPeriod{Label: "2026", From: time.Date(2025, 12, 31, 23, 0, 0, 0, time.UTC),
					To: time.Date(2026, 12, 31, 23, 0, 0, 0, time.UTC), Meetings: 6, Attendees: 40, SupportedAttendees: 8, DistinctSupported: 4, MeetingsWithSupported: 5},
				Institutions: []clts.InstitutionAttendance{{Institution: "CAF du Loiret", Attendees: 7, Meetings: 5}}}},
	}
}

// eachOf gives the contributions cs, one at a time.
func eachOf(cs []*clts.Contribution) Each {
	return func(fn func(*clts.Contribution) error) error {
		for _, c := range cs {
			if err := fn(c); err != nil {
				return err
			}
		}
		return nil
	}
}

// sampleCounts are sampleContributions counted per committee and category.
func sampleCounts() []clts.CategoryCount {
	return []clts.CategoryCount{
		{CommitteeSlug: "37-41", CommitteeName: "CLTS Indre-et-Loire – Loir-et-Cher", Category: clts.CategoryNeeds, Count: 2},
		{CommitteeSlug: "autre", CommitteeName: "CLTS du Loiret", Category: clts.CategoryParticipation, Count: 1},
	}
}

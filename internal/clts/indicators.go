package clts

import "time"

// Indicators are a committee's participation figures for one year,
// computed from its meetings' attendance, never typed. A snapshot is kept
// with every contribution of the participation category when it is
// transmitted (stored as JSON: the tags are the stored and exported names).
type Indicators struct {
	Year       int       `json:"annee"`
	ComputedAt time.Time `json:"calcule_le"`
	// Quarters are the four quarters of the year, then Total the year.
	Quarters []IndicatorPeriod `json:"trimestres"`
	Total    IndicatorPeriod   `json:"annee_entiere"`
	// Working groups active in the year, and those co-led by a supported
	// person (one of their leads).
	Groups                 int `json:"groupes"`
	GroupsCoLedBySupported int `json:"groupes_coanimes_par_une_personne_accompagnee"`
	// Attendance per partner institution over the year, most present first.
	Institutions []InstitutionAttendance `json:"presences_par_institution"`
}

// IndicatorPeriod holds the figures of one quarter or of the year.
type IndicatorPeriod struct {
	Label string    `json:"periode"` // « 1er trimestre 2026 », « 2026 »
	From  time.Time `json:"debut"`   // inclusive
	To    time.Time `json:"fin"`     // exclusive
	// Meetings held (not cancelled, started before the end of the period,
	// with attendance taken).
	Meetings int `json:"reunions_tenues"`
	// Attendances: one per member of the committee present at one
	// meeting (an excused absence is not an attendance).
	Attendees int `json:"presences"`
	// Attendances of supported persons (their role on the attendance sheet,
	// or their role on the meeting's day).
	SupportedAttendees int `json:"presences_personnes_accompagnees"`
	// Distinct supported persons present at least once.
	DistinctSupported int `json:"personnes_accompagnees_distinctes"`
	// Meetings with at least one supported person present.
	MeetingsWithSupported int `json:"reunions_avec_personne_accompagnee"`
	// People from outside the committee present (interpreters,
	// companions, guest speakers), as the sheets count them: never in
	// Attendees nor in the share of supported persons. Shown on the
	// committee's dashboard only: the snapshot transmitted to the HCTS
	// keeps its published schema (docs/exports.md).
	OutsideAttendees int `json:"-"`
}

// SupportedShare is the share of supported persons among attendances, from
// 0 to 1 (0 when nobody attended).
func (p IndicatorPeriod) SupportedShare() float64 {
	if p.Attendees == 0 {
		return 0
	}
	return float64(p.SupportedAttendees) / float64(p.Attendees)
}

// InstitutionAttendance is the attendance of one partner institution's
// members over a year.
type InstitutionAttendance struct {
	Institution string `json:"institution"`
	Attendees   int    `json:"presences"`
	Meetings    int    `json:"reunions"` // meetings at which at least one of its members was present
}

package clts

import "time"

// HelpState is where a supported person's request for help stands with one
// of their referents. The values are stored (referents.state).
type HelpState string

// Help states.
const (
	HelpWaiting  HelpState = "attente"  // named, the referent has not answered
	HelpActive   HelpState = "active"   // the referent agreed: they may act with the person
	HelpDeclined HelpState = "refusee"  // the referent declined
	HelpEnded    HelpState = "terminee" // ended by the person, or the referent stepped down
)

// Label is the state in French, as the « Aide » page shows it.
func (s HelpState) Label() string {
	switch s {
	case HelpWaiting:
		return "En attente de son accord"
	case HelpActive:
		return "Aide en cours"
	case HelpDeclined:
		return "Refusée"
	case HelpEnded:
		return "Terminée"
	}
	return string(s)
}

// Current reports whether the help is waiting or active: it can be ended.
func (s HelpState) Current() bool { return s == HelpWaiting || s == HelpActive }

// Help is one referent named by one supported person in a committee.
type Help struct {
	ID           int64
	PersonID     int64
	PersonName   string
	PersonRole   Role // the person's role in the committee (kept once they left)
	ReferentID   int64
	ReferentName string
	State        HelpState
	NamedAt      time.Time
	AcceptedAt   *time.Time
	EndedAt      *time.Time
}

// HelpedAction is one thing a referent did with a supported person, as the
// person's « Aide » page lists it (from the committee's journal).
type HelpedAction struct {
	At         time.Time
	Action     string // the journal's code (meeting.answer, agenda.propose…)
	Subject    string
	HelperName string
	Link       string // the portal path of what it is about, or ''
}

// HelpedActionLabel is an action code in French: every code the journal
// writes for a unit of work acting with a person (the answer, the agenda
// item, the practice with its attached files, the contribution and its
// proposal to the pilots), so that the person never reads a code.
func HelpedActionLabel(action string) string {
	switch action {
	case "meeting.answer":
		return "Réponse à une réunion"
	case "agenda.propose", "agenda.add":
		return "Proposition pour l'ordre du jour"
	case "practice.create", "practice.update", "practice.submit":
		return "Pratique inspirante"
	case "practice.attach":
		return "Document joint à une pratique inspirante"
	case "contribution.create", "contribution.update", "contribution.submit", "contribution.propose":
		return "Contribution"
	}
	return action
}

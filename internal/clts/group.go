package clts

import "strings"

// Group membership statuses.
const (
	StatusLead    = "lead"
	StatusMember  = "member"
	StatusPending = "pending"
)

// Group is a thematic working group of a committee.
type Group struct {
	CommitteeID int64
	ID          int64
	Title       string
	Description string
	Objectives  string
	Archived    bool
	Version     int
	Leads       int
	Members     int // leads included
	Pending     int
}

// GroupMember is a person in a group, as the viewer may see them.
type GroupMember struct {
	Entry  DirectoryEntry
	Status string
}

// Limits of the fields of a group, in characters.
const (
	MaxGroupTitle       = 200
	MaxGroupDescription = 4000
	MaxGroupObjectives  = 4000
)

// Validate checks a group before it is stored; field names are the form's.
func (g Group) Validate() error {
	fe := FieldErrors{}
	if n := Length(strings.TrimSpace(g.Title)); n == 0 || n > MaxGroupTitle {
		fe.Add("titre", "Indiquez le titre du groupe ("+Count(MaxGroupTitle)+" caractères au plus).")
	}
	if tooLong(g.Description, MaxGroupDescription) {
		fe.Add("description", maxMessage("La description", MaxGroupDescription))
	}
	if tooLong(g.Objectives, MaxGroupObjectives) {
		fe.Add("objectifs", "Les objectifs ne doivent pas dépasser "+Count(MaxGroupObjectives)+" caractères.")
	}
	return fe.Err()
}

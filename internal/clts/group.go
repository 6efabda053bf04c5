package clts

import (
	"strings"
	"unicode/utf8"
)

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

// Validate checks a group before it is stored; field names are the form's.
func (g Group) Validate() error {
	fe := FieldErrors{}
	if n := utf8.RuneCountInString(strings.TrimSpace(g.Title)); n == 0 || n > 200 {
		fe.Add("titre", "Indiquez le titre du groupe (200 caractères au plus).")
	}
	if utf8.RuneCountInString(g.Description) > 4000 {
		fe.Add("description", "La description ne doit pas dépasser 4 000 caractères.")
	}
	if utf8.RuneCountInString(g.Objectives) > 4000 {
		fe.Add("objectifs", "Les objectifs ne doivent pas dépasser 4 000 caractères.")
	}
	return fe.Err()
}

package clts

import "time"

// Invitation kinds: a link sent by e-mail, or a short code on a printed sheet.
const (
	InvitationEmail = "email"
	InvitationCode  = "code"
)

// InvitationTTL is how long an invitation stays valid.
const InvitationTTL = 7 * 24 * time.Hour

// Invitation asks a person to join a committee with a role.
type Invitation struct {
	CommitteeID int64
	ID          int64
	Kind        string
	Email       string
	DisplayName string
	Role        Role
	InvitedBy   int64
	ExpiresAt   time.Time
	AcceptedAt  *time.Time
	RevokedAt   *time.Time
	CreatedAt   time.Time
}

// Pending reports whether the invitation can still be accepted at now.
func (i Invitation) Pending(now time.Time) bool {
	return i.AcceptedAt == nil && i.RevokedAt == nil && now.Before(i.ExpiresAt)
}

// Status is the French state of the invitation at now.
func (i Invitation) Status(now time.Time) string {
	switch {
	case i.AcceptedAt != nil:
		return "acceptée"
	case i.RevokedAt != nil:
		return "révoquée"
	case !now.Before(i.ExpiresAt):
		return "expirée"
	}
	return "en attente"
}

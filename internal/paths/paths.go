// Package paths names every URL of the portal, so that handlers and templates
// never spell a path by hand. Route patterns and link builders sit side by side.
package paths

import (
	"net/url"
	"strconv"
)

// Routes without parameters: the same string is the chi pattern and the link.
const (
	Home               = "/"
	Login              = "/connexion"
	Logout             = "/deconnexion"
	Committees         = "/comites"
	Account            = "/compte"
	AccountName        = "/compte/nom"
	AccountPassword    = "/compte/mot-de-passe"
	AccountLogoutAll   = "/compte/deconnexion-partout"
	ForgotPassword     = "/mot-de-passe-oublie"
	ResetPassword      = "/nouveau-mot-de-passe"
	Invitation         = "/invitation"
	InvitationCode     = "/invitation/code"
	OperatorCommittees = "/exploitation/comites"
	OperatorOutbox     = "/exploitation/courriels"
	OperatorLog        = "/exploitation/journal"
	Healthz            = "/healthz"
	Readyz             = "/readyz"
	Static             = "/static/*"
	Legal              = "/accessibilite"
)

// Committee route patterns, relative to CommitteePrefix.
const (
	CommitteePrefix        = "/c/{slug}"
	CommitteeHomePattern   = "/"
	MembersPattern         = "/membres"
	MemberRolePattern      = "/membres/{accountID}/role"
	MemberStatusPattern    = "/membres/{accountID}/statut"
	InvitationNewPattern   = "/invitations/nouvelle"
	InvitationRenewPattern = "/invitations/{invitationID}/renvoyer"
	InvitationRevokePat    = "/invitations/{invitationID}/revoquer"
	CommitteeLogPattern    = "/journal"
)

func committee(slug string) string { return "/c/" + url.PathEscape(slug) }

// CommitteeHome is a committee's home page.
func CommitteeHome(slug string) string { return committee(slug) + "/" }

// Members is a committee's member administration page.
func Members(slug string) string { return committee(slug) + "/membres" }

// MemberRole is where a member's role is changed.
func MemberRole(slug string, accountID int64) string {
	return committee(slug) + "/membres/" + strconv.FormatInt(accountID, 10) + "/role"
}

// MemberStatus is where a member is deactivated or reactivated.
func MemberStatus(slug string, accountID int64) string {
	return committee(slug) + "/membres/" + strconv.FormatInt(accountID, 10) + "/statut"
}

// InvitationNew is the invitation form.
func InvitationNew(slug string) string { return committee(slug) + "/invitations/nouvelle" }

// InvitationRenew re-sends an invitation with a new link or code.
func InvitationRenew(slug string, id int64) string {
	return committee(slug) + "/invitations/" + strconv.FormatInt(id, 10) + "/renvoyer"
}

// InvitationRevoke cancels an invitation.
func InvitationRevoke(slug string, id int64) string {
	return committee(slug) + "/invitations/" + strconv.FormatInt(id, 10) + "/revoquer"
}

// CommitteeLog is a committee's audit log.
func CommitteeLog(slug string) string { return committee(slug) + "/journal" }

// InvitationLink is the link sent by e-mail; the token is in the query so it
// never appears in access logs, which record the path only.
func InvitationLink(token string) string { return Invitation + "?jeton=" + url.QueryEscape(token) }

// ResetLink is the password reset link sent by e-mail.
func ResetLink(token string) string { return ResetPassword + "?jeton=" + url.QueryEscape(token) }

// LoginReturning is the login page that returns to path afterwards.
func LoginReturning(path string) string { return Login + "?retour=" + url.QueryEscape(path) }

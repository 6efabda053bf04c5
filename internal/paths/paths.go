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

	InstitutionsPattern       = "/institutions"
	InstitutionNewPattern     = "/institutions/nouvelle"
	InstitutionPattern        = "/institutions/{institutionID}"
	InstitutionEditPattern    = "/institutions/{institutionID}/modifier"
	InstitutionArchivePattern = "/institutions/{institutionID}/archiver"
	InstitutionLogoPattern    = "/institutions/{institutionID}/logo"

	DirectoryPattern         = "/annuaire"
	DirectoryExportPattern   = "/annuaire/export.csv"
	MemberProfilePattern     = "/annuaire/{accountID}"
	MemberInstitutionPattern = "/annuaire/{accountID}/institution"
	ProfileEditPattern       = "/mon-profil"

	GroupsPattern        = "/groupes"
	GroupNewPattern      = "/groupes/nouveau"
	GroupPattern         = "/groupes/{groupID}"
	GroupEditPattern     = "/groupes/{groupID}/modifier"
	GroupArchivePattern  = "/groupes/{groupID}/archiver"
	GroupJoinPattern     = "/groupes/{groupID}/rejoindre"
	GroupLeavePattern    = "/groupes/{groupID}/quitter"
	GroupMemberPattern   = "/groupes/{groupID}/membres"
	GroupDecisionPattern = "/groupes/{groupID}/demandes/{accountID}"
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

func id(n int64) string { return strconv.FormatInt(n, 10) }

// Institutions lists a committee's partner institutions.
func Institutions(slug string) string { return committee(slug) + "/institutions" }

// InstitutionNew is the institution creation form.
func InstitutionNew(slug string) string { return committee(slug) + "/institutions/nouvelle" }

// Institution is an institution's page.
func Institution(slug string, i int64) string { return committee(slug) + "/institutions/" + id(i) }

// InstitutionEdit is an institution's edit form.
func InstitutionEdit(slug string, i int64) string { return Institution(slug, i) + "/modifier" }

// InstitutionArchive archives or restores an institution.
func InstitutionArchive(slug string, i int64) string { return Institution(slug, i) + "/archiver" }

// InstitutionLogo is an institution's logo image.
func InstitutionLogo(slug string, i int64) string { return Institution(slug, i) + "/logo" }

// Directory is the members directory.
func Directory(slug string) string { return committee(slug) + "/annuaire" }

// DirectoryExport is the directory as CSV.
func DirectoryExport(slug string) string { return committee(slug) + "/annuaire/export.csv" }

// MemberProfile is a member's directory profile.
func MemberProfile(slug string, accountID int64) string { return Directory(slug) + "/" + id(accountID) }

// MemberInstitution attaches a member to an institution.
func MemberInstitution(slug string, accountID int64) string {
	return MemberProfile(slug, accountID) + "/institution"
}

// ProfileEdit is where members edit their own profile.
func ProfileEdit(slug string) string { return committee(slug) + "/mon-profil" }

// Groups lists the working groups.
func Groups(slug string) string { return committee(slug) + "/groupes" }

// GroupNew is the group creation form.
func GroupNew(slug string) string { return committee(slug) + "/groupes/nouveau" }

// Group is a working group's page.
func Group(slug string, g int64) string { return committee(slug) + "/groupes/" + id(g) }

// GroupEdit is a group's edit form.
func GroupEdit(slug string, g int64) string { return Group(slug, g) + "/modifier" }

// GroupArchive archives or restores a group.
func GroupArchive(slug string, g int64) string { return Group(slug, g) + "/archiver" }

// GroupJoin asks to join a group.
func GroupJoin(slug string, g int64) string { return Group(slug, g) + "/rejoindre" }

// GroupLeave leaves a group.
func GroupLeave(slug string, g int64) string { return Group(slug, g) + "/quitter" }

// GroupMember adds a member to a group or changes their place in it.
func GroupMember(slug string, g int64) string { return Group(slug, g) + "/membres" }

// GroupDecision accepts or declines a request to join.
func GroupDecision(slug string, g, accountID int64) string {
	return Group(slug, g) + "/demandes/" + id(accountID)
}

// Package paths names every URL of the portal, so that handlers and templates
// never spell a path by hand. Route patterns and link builders sit side by side.
package paths

import (
	"net/url"
	"strconv"
)

// Routes without parameters: the same string is the chi pattern and the link.
const (
	Home                     = "/"
	Login                    = "/connexion"
	Logout                   = "/deconnexion"
	Committees               = "/comites"
	Account                  = "/compte"
	AccountName              = "/compte/nom"
	AccountPassword          = "/compte/mot-de-passe"
	AccountLogoutAll         = "/compte/deconnexion-partout"
	ForgotPassword           = "/mot-de-passe-oublie"
	ResetPassword            = "/nouveau-mot-de-passe"
	Invitation               = "/invitation"
	InvitationCode           = "/invitation/code"
	OperatorCommittees       = "/exploitation/comites"
	OperatorOutbox           = "/exploitation/courriels"
	OperatorMailRetryPattern = "/exploitation/courriels/{mailID}/renvoyer"
	OperatorLog              = "/exploitation/journal"
	Healthz                  = "/healthz"
	Readyz                   = "/readyz"
	Static                   = "/static/*"
	Legal                    = "/accessibilite"
	Glossary                 = "/lexique"
)

// The second factor: the code step of a sign-in, the enrolment a sign-in
// asks for, the account's own page and the operator's reset.
const (
	LoginCode                  = "/connexion/code"
	LoginEnrol                 = "/connexion/double-authentification"
	AccountSecondFactor        = "/compte/double-authentification"
	AccountSecondFactorConfirm = "/compte/double-authentification/confirmer"
	AccountRecoveryCodes       = "/compte/double-authentification/codes-de-secours"
	OperatorSecondFactor       = "/exploitation/double-authentification"
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

	MeetingsPattern        = "/reunions"
	MeetingsPastPattern    = "/reunions/passees"
	MeetingsMonthPattern   = "/reunions/calendrier"
	MeetingNewPattern      = "/reunions/nouvelle"
	AttendanceRatesPattern = "/reunions/presence"
	MeetingPattern         = "/reunions/{meetingID}"
	MeetingEditPattern     = "/reunions/{meetingID}/modifier"
	MeetingCancelPattern   = "/reunions/{meetingID}/annuler"
	MeetingAnswerPattern   = "/reunions/{meetingID}/reponse"
	MeetingConvenePattern  = "/reunions/{meetingID}/convocation"
	MeetingICSPattern      = "/reunions/{meetingID}/reunion.ics"
	AgendaPattern          = "/reunions/{meetingID}/ordre-du-jour"
	AgendaItemPattern      = "/reunions/{meetingID}/ordre-du-jour/{itemID}/{action}"
	AgendaItemEditPattern  = "/reunions/{meetingID}/ordre-du-jour/{itemID}/modifier"
	AgendaPrintPattern     = "/reunions/{meetingID}/convocation"
	AttendancePattern      = "/reunions/{meetingID}/emargement"
	MinutesPattern         = "/reunions/{meetingID}/compte-rendu"
	MinutesPrintPattern    = "/reunions/{meetingID}/compte-rendu/imprimer"
)

// National and feed routes.
const (
	Seminars             = "/national/seminaires"
	SeminarEditPattern   = "/national/seminaires/{seminarID}/modifier"
	Calendars            = "/agendas"
	PersonalFeed         = "/agenda.ics"
	CommitteeFeedPattern = "/agenda/{slug}.ics"
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

// Meetings lists upcoming meetings.
func Meetings(slug string) string { return committee(slug) + "/reunions" }

// MeetingsPast lists past meetings.
func MeetingsPast(slug string) string { return committee(slug) + "/reunions/passees" }

// MeetingsMonth is the month view; month is "2026-11" or empty.
func MeetingsMonth(slug, month string) string {
	if month == "" {
		return committee(slug) + "/reunions/calendrier"
	}
	return committee(slug) + "/reunions/calendrier?mois=" + url.QueryEscape(month)
}

// MeetingNew is the meeting creation form, for a group when groupID is not 0.
func MeetingNew(slug string, groupID int64) string {
	if groupID == 0 {
		return committee(slug) + "/reunions/nouvelle"
	}
	return committee(slug) + "/reunions/nouvelle?groupe=" + id(groupID)
}

// AttendanceRates shows attendance per meeting and per member.
func AttendanceRates(slug string) string { return committee(slug) + "/reunions/presence" }

// Meeting is a meeting's page.
func Meeting(slug string, m int64) string { return committee(slug) + "/reunions/" + id(m) }

// MeetingEdit is a meeting's edit form.
func MeetingEdit(slug string, m int64) string { return Meeting(slug, m) + "/modifier" }

// MeetingCancel cancels a meeting.
func MeetingCancel(slug string, m int64) string { return Meeting(slug, m) + "/annuler" }

// MeetingAnswer records an invitee's answer.
func MeetingAnswer(slug string, m int64) string { return Meeting(slug, m) + "/reponse" }

// MeetingICS downloads one meeting as iCalendar.
func MeetingICS(slug string, m int64) string { return Meeting(slug, m) + "/reunion.ics" }

// Agenda adds an item to a meeting's agenda.
func Agenda(slug string, m int64) string { return Meeting(slug, m) + "/ordre-du-jour" }

// AgendaItem acts on an agenda item: monter, descendre, retenir, supprimer.
func AgendaItem(slug string, m, item int64, action string) string {
	return Agenda(slug, m) + "/" + id(item) + "/" + action
}

// AgendaItemEdit is the edit form of an agenda item.
func AgendaItemEdit(slug string, m, item int64) string {
	return Agenda(slug, m) + "/" + id(item) + "/modifier"
}

// AgendaPrint is a meeting's convocation and agenda, printable on A4.
func AgendaPrint(slug string, m int64) string { return Meeting(slug, m) + "/convocation" }

// Attendance is a meeting's attendance sheet.
func Attendance(slug string, m int64) string { return Meeting(slug, m) + "/emargement" }

// AttendanceAllPresent is a meeting's attendance sheet with everyone
// marked present, to correct before saving.
func AttendanceAllPresent(slug string, m int64) string { return Attendance(slug, m) + "?tous=presents" }

// MeetingConvene sends a meeting's convocation kept for later.
func MeetingConvene(slug string, m int64) string { return Meeting(slug, m) + "/convocation" }

// Minutes is a meeting's minutes editor.
func Minutes(slug string, m int64) string { return Meeting(slug, m) + "/compte-rendu" }

// MinutesPrint is a meeting's minutes, printable on A4.
func MinutesPrint(slug string, m int64) string { return Minutes(slug, m) + "/imprimer" }

// SeminarEdit is a national seminar's edit form.
func SeminarEdit(s int64) string { return Seminars + "/" + id(s) + "/modifier" }

// PersonalFeedURL is a person's calendar feed.
func PersonalFeedURL(token string) string { return PersonalFeed + "?jeton=" + url.QueryEscape(token) }

// CommitteeFeedURL is a committee's calendar feed for a member.
func CommitteeFeedURL(slug, token string) string {
	return "/agenda/" + url.PathEscape(slug) + ".ics?jeton=" + url.QueryEscape(token)
}

// GlossaryTerm is a word's definition on the glossary page.
func GlossaryTerm(anchor string) string { return Glossary + "#" + anchor }

// OperatorMailRetry asks for a new try at delivering an e-mail given up.
func OperatorMailRetry(id int64) string {
	return "/exploitation/courriels/" + strconv.FormatInt(id, 10) + "/renvoyer"
}

package auth

import "github.com/portail-clts/clts/internal/clts"

// Action is something a person may be allowed to do.
type Action string

// Committee actions, granted by the role in the committee.
const (
	ViewCommittee      Action = "view_committee"      // committee home and pages for members
	ManageMembers      Action = "manage_members"      // list members, change roles, deactivate
	InviteMembers      Action = "invite_members"      // invite, re-send, revoke, print code sheets
	ViewCommitteeLog   Action = "view_committee_log"  // the committee's audit log
	ManageCommittee    Action = "manage_committee"    // settings of the committee
	ViewMemberDetails  Action = "view_member_details" // full names and addresses in the directory
	ManageInstitutions Action = "manage_institutions" // create, edit, archive institutions; attach members
	ExportDirectory    Action = "export_directory"
	ManageGroups       Action = "manage_groups"   // create and archive groups, appoint leads, act as any group's lead
	ManageMeetings     Action = "manage_meetings" // organise plenaries; attendance at seminars; attendance rates
	// ModeratePractices: publish, return, withdraw and share the
	// committee's practices; their lists by state (internal/auth/practice.go).
	ModeratePractices Action = "moderate_practices"
	// ViewIndicators: the committee's participation figures (pilots).
	ViewIndicators Action = "view_indicators"
	// TransmitContributions: validate, return and transmit the committee's
	// contributions to the HCTS; the campaign page (pilots).
	TransmitContributions Action = "transmit_contributions"
)

// National actions, granted by flags on the account.
const (
	CreateCommittee Action = "create_committee" // operator
	ViewOutbox      Action = "view_outbox"      // operator
	ViewAllLogs     Action = "view_all_logs"    // operator
	ReadNational    Action = "read_national"    // HCTS readers (publishers too): transmitted contributions, exports
	PublishSeminars Action = "publish_seminars" // HCTS publishers: national seminars
	// ReadNationalPractices is the national catalogue: the practices that
	// committees shared nationally, read-only, for HCTS readers and for
	// every active member of any committee.
	ReadNationalPractices Action = "read_national_practices"
	// ManageCampaigns: open, edit and extend the yearly campaigns (HCTS
	// publishers).
	ManageCampaigns Action = "manage_campaigns"
)

// The national relay (internal/auth/news.go holds the rules on each item).
const (
	// PublishNews: post and edit national news (HCTS publishers).
	PublishNews Action = "publish_news"
	// ReadNationalNews: the national news, for HCTS readers and every
	// active member of any committee.
	ReadNationalNews Action = "read_national_news"
	// PostLocalNews: post, edit and pin the committee's news (pilots).
	PostLocalNews Action = "post_local_news"
)

// The committee's documents (internal/auth/document.go holds the rules on
// each document).
const (
	// ManageDocuments: upload documents for any audience, and change or
	// archive any document (pilots).
	ManageDocuments Action = "manage_documents"
)

// The operating charter (internal/auth/charter.go holds the rules on each
// version).
const (
	// ManageCharter: draft, edit and open the consultation of a version,
	// answer comments, record its adoption, see the acceptances and remind
	// (pilots).
	ManageCharter Action = "manage_charter"
)

// ResetSecondFactor is the operator's removal of someone's second factor.
const ResetSecondFactor Action = "reset_second_factor"

// Principal is who asks: the account's national flags and, inside a
// committee, the active role there (empty outside a committee or when the
// membership is inactive).
type Principal struct {
	AccountID  int64
	Role       clts.Role
	Operator   bool
	HCTSReader bool
	// HCTSPublisher: an HCTS reader who also publishes: seminars, news,
	// campaigns.
	HCTSPublisher bool
	// Member: the account is an active member of at least one committee,
	// whichever page it asks for.
	Member bool
}

// committeeGrants lists what each role may do in its committee. Anything not
// listed is refused: deny by default.
func committeeGrants(r clts.Role) []Action {
	member := []Action{ViewCommittee}
	switch r {
	case clts.RolePilote:
		return append(member, ManageMembers, InviteMembers, ViewCommitteeLog, ManageCommittee, ViewMemberDetails,
			ManageInstitutions, ExportDirectory, ManageGroups, ManageMeetings, ModeratePractices,
			ViewIndicators, TransmitContributions,
			PostLocalNews)
	case clts.RolePartenaire, clts.RoleProfessionnel, clts.RoleAccompagne:
		return member
	}
	return nil
}

// Can reports whether p may do a. Handlers call it before acting, and
// templates call it to hide what p cannot do.
func (p Principal) Can(a Action) bool {
	switch a {
	case CreateCommittee, ViewOutbox, ViewAllLogs, ResetSecondFactor:
		return p.Operator
	case ManageCharter:
		return p.Role == clts.RolePilote
	case ManageDocuments:
		return p.Role == clts.RolePilote
	case ReadNational:
		return p.HCTSReader
	case ReadNationalPractices, ReadNationalNews:
		return p.HCTSReader || p.Member
	case PublishSeminars, ManageCampaigns, PublishNews:
		return p.HCTSReader && p.HCTSPublisher
	}
	for _, g := range committeeGrants(p.Role) {
		if g == a {
			return true
		}
	}
	return false
}

package auth

import "github.com/portail-clts/clts/internal/clts"

// GroupFacts is what the group rules need to know about one working group
// and the person asking: the handler reads them in its unit of work, the
// functions below decide, and the group page shows only what they allow.
type GroupFacts struct {
	Archived     bool
	ViewerStatus string // clts.StatusLead, StatusMember, StatusPending, or "" outside the group
	Leads        int    // the group's leads among the committee's active members
	// PlannedMeetings says the group still has meetings to come; only the
	// archiving step reads it, other pages leave it false.
	PlannedMeetings bool
}

// GroupFactsOf returns the facts of group g for a viewer whose status in
// it is viewerStatus. PlannedMeetings is left to the caller that needs it.
func GroupFactsOf(g clts.Group, viewerStatus string) GroupFacts {
	return GroupFacts{Archived: g.Archived, ViewerStatus: viewerStatus, Leads: g.Leads}
}

// CanLeadGroup reports whether p acts as the lead of the group: its leads,
// and pilots for every group. It is the one rule for "may run this group",
// archived or not; the actions below add the group's state, as does
// CanScheduleGroupMeeting.
func CanLeadGroup(p Principal, g GroupFacts) bool {
	if p.Role == "" {
		return false
	}
	return g.ViewerStatus == clts.StatusLead || p.Can(ManageGroups)
}

// CanEditGroup reports whether p may edit the group's presentation: those
// who lead it, while it is active (an archived group is restored first).
func CanEditGroup(p Principal, g GroupFacts) bool {
	return CanLeadGroup(p, g) && !g.Archived
}

// CanJoinGroup reports whether p may ask to join the group: a member of the
// committee outside the group, while the group is active.
func CanJoinGroup(p Principal, g GroupFacts) bool {
	return p.Role != "" && g.ViewerStatus == "" && !g.Archived
}

// CanLeaveGroup reports whether p may leave the group or withdraw a
// request: anyone but the last lead of an active group, who hands over
// first (a pilot appoints another lead), as a committee keeps its last
// pilot. For someone outside the group leaving changes nothing, and is not
// refused.
func CanLeaveGroup(p Principal, g GroupFacts) bool {
	if p.Role == "" {
		return false
	}
	lastLead := g.ViewerStatus == clts.StatusLead && g.Leads <= 1
	return !lastLead || g.Archived
}

// CanSetGroupStatus reports whether p may give status in the group to a
// member of the committee whose status there is now theirs ("" outside the
// group, or a pending request): making someone a member is for those who
// lead the group, but turning a lead back into a member, like appointing a
// lead, is for pilots. An archived group takes no one.
func CanSetGroupStatus(p Principal, g GroupFacts, theirs, status string) bool {
	if g.Archived {
		return false
	}
	switch status {
	case clts.StatusMember:
		return CanLeadGroup(p, g) && (theirs != clts.StatusLead || p.Can(ManageGroups))
	case clts.StatusLead:
		return p.Role != "" && p.Can(ManageGroups)
	}
	return false
}

// CanDecideRequests reports whether p may answer requests to join the
// group: those who lead it. Accepting a request is CanSetGroupStatus (an
// archived group takes no one); declining one is allowed even then.
func CanDecideRequests(p Principal, g GroupFacts) bool {
	return CanLeadGroup(p, g)
}

// CanArchiveGroup reports whether p may archive the group: pilots, once no
// meeting of the group is planned any more (they are cancelled first, so
// that their invitees are told).
func CanArchiveGroup(p Principal, g GroupFacts) bool {
	return p.Can(ManageGroups) && !g.PlannedMeetings
}

// CanRestoreGroup reports whether p may bring an archived group back:
// pilots.
func CanRestoreGroup(p Principal) bool {
	return p.Can(ManageGroups)
}

package auth

// HomeDuties says which of the committee's waiting tasks the "À faire" of
// the committee home lists for p, beyond what is theirs alone (meetings to
// answer, their agenda proposals and their fate, actions assigned to them,
// their requests to join a group), which every member sees.
//
// A group's leads see its pending requests, the proposals for its
// meetings' agendas and its past meetings without attendance or minutes,
// whatever HomeDuties says: the store reads the lead status with each group
// (the first half of CanLeadGroup). The fields below are what a role adds
// for every group and meeting, as the rules that let p act there say.
type HomeDuties struct {
	// AllRequests: the requests to join every group (CanDecideRequests
	// holds for every group: pilots).
	AllRequests bool
	// PlenaryProposals: the proposals for the agendas of plenaries, which
	// the pilots organise (CanOrganiseMeeting). Proposals for a group's
	// meeting are for its leads.
	PlenaryProposals bool
	// AllRecords: every past meeting without attendance or without
	// published minutes, plenaries, seminars and groups' (RecordAttendance
	// and WriteMinutes hold for every meeting: pilots).
	AllRecords bool
	// Invitations: the invitations not yet accepted, and the expired ones
	// (InviteMembers).
	Invitations bool
	// Review: the practices and contributions proposed to the pilots
	// (CanModeratePractices, CanTransmitContributions).
	Review bool
	// CharterComments: the comments on the charter's version in
	// preparation that wait for an answer (AnswerCharterComment: pilots).
	CharterComments bool
	// Erasures: the requests to erase an account waiting for a pilot's
	// confirmation, with their deadline (CanConfirmErasures).
	Erasures bool
}

// HomeDutiesOf returns what the "À faire" of p lists beyond their own
// tasks. Someone without an active role in the committee has none.
func HomeDutiesOf(p Principal) HomeDuties {
	if p.Role == "" {
		return HomeDuties{}
	}
	return HomeDuties{
		AllRequests:      p.Can(ManageGroups),
		PlenaryProposals: CanSchedulePlenary(p),
		AllRecords:       p.Can(ManageMeetings) && p.Can(ManageGroups),
		Invitations:      p.Can(InviteMembers),
		Review:           CanModeratePractices(p) || CanTransmitContributions(p),
		CharterComments:  CanDraftCharter(p),
		Erasures:         CanConfirmErasures(p),
	}
}

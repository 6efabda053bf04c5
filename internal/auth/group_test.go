package auth

import (
	"slices"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
)

// groupActions are the group rules, each asked as the group page and the
// handlers ask it.
var groupActions = []struct {
	name string
	can  func(Principal, GroupFacts) bool
}{
	{"lead", CanLeadGroup},
	{"edit", CanEditGroup},
	{"join", CanJoinGroup},
	{"leave", CanLeaveGroup},
	{"add member", func(p Principal, g GroupFacts) bool { return CanSetGroupStatus(p, g, "", clts.StatusMember) }},
	{"accept request", func(p Principal, g GroupFacts) bool {
		return CanSetGroupStatus(p, g, clts.StatusPending, clts.StatusMember)
	}},
	{"demote lead", func(p Principal, g GroupFacts) bool {
		return CanSetGroupStatus(p, g, clts.StatusLead, clts.StatusMember)
	}},
	{"appoint lead", func(p Principal, g GroupFacts) bool {
		return CanSetGroupStatus(p, g, clts.StatusMember, clts.StatusLead)
	}},
	{"decide requests", CanDecideRequests},
	{"archive", CanArchiveGroup},
	{"restore", func(p Principal, _ GroupFacts) bool { return CanRestoreGroup(p) }},
}

func TestGroupRules(t *testing.T) {
	pilot := Principal{AccountID: 1, Role: clts.RolePilote}
	partner := Principal{AccountID: 2, Role: clts.RolePartenaire}
	supported := Principal{AccountID: 3, Role: clts.RoleAccompagne}
	inactive := Principal{AccountID: 4}                 // no active role in the committee
	operator := Principal{AccountID: 5, Operator: true} // national flags give no group rights
	lead := clts.StatusLead

	everything := []string{"lead", "edit", "join", "leave", "add member", "accept request", "demote lead",
		"appoint lead", "decide requests", "archive", "restore"}
	cases := []struct {
		name    string
		p       Principal
		g       GroupFacts
		allowed []string
	}{
		{"PilotOutsideActiveGroup", pilot, GroupFacts{Leads: 1}, everything},
		{"PilotLeadingAlone", pilot, GroupFacts{ViewerStatus: lead, Leads: 1},
			[]string{"lead", "edit", "add member", "accept request", "demote lead", "appoint lead", "decide requests", "archive", "restore"}},
		{"PilotPlannedMeetings", pilot, GroupFacts{Leads: 1, PlannedMeetings: true},
			[]string{"lead", "edit", "join", "leave", "add member", "accept request", "demote lead", "appoint lead", "decide requests", "restore"}},
		{"PilotArchivedGroup", pilot, GroupFacts{Archived: true, Leads: 1},
			[]string{"lead", "leave", "decide requests", "archive", "restore"}},
		{"LeadWithCoLead", partner, GroupFacts{ViewerStatus: lead, Leads: 2},
			[]string{"lead", "edit", "leave", "add member", "accept request", "decide requests"}},
		{"LastLead", partner, GroupFacts{ViewerStatus: lead, Leads: 1},
			[]string{"lead", "edit", "add member", "accept request", "decide requests"}},
		{"LastLeadArchivedGroup", partner, GroupFacts{ViewerStatus: lead, Leads: 1, Archived: true},
			[]string{"lead", "leave", "decide requests"}},
		{"SupportedPersonLeads", supported, GroupFacts{ViewerStatus: lead, Leads: 2},
			[]string{"lead", "edit", "leave", "add member", "accept request", "decide requests"}},
		{"Member", partner, GroupFacts{ViewerStatus: clts.StatusMember, Leads: 1}, []string{"leave"}},
		{"PendingRequest", supported, GroupFacts{ViewerStatus: clts.StatusPending, Leads: 1}, []string{"leave"}},
		{"Outsider", partner, GroupFacts{Leads: 1}, []string{"join", "leave"}},
		{"OutsiderArchivedGroup", partner, GroupFacts{Archived: true, Leads: 1}, []string{"leave"}},
		{"InactiveLead", inactive, GroupFacts{ViewerStatus: lead, Leads: 2}, nil},
		{"OperatorOutsideCommittee", operator, GroupFacts{Leads: 1}, nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			for _, a := range groupActions {
				want := slices.Contains(tc.allowed, a.name)
				if got := a.can(tc.p, tc.g); got != want {
					t.Errorf("%s: allowed = %v, want %v", a.name, got, want)
				}
			}
		})
	}
}

// Only leads and members are given by others: a request is the person's
// own, and removal is leaving.
func TestCanSetGroupStatusOnlyLeadOrMember(t *testing.T) {
	pilot := Principal{AccountID: 1, Role: clts.RolePilote}
	for _, status := range []string{"", clts.StatusPending, "owner"} {
		if CanSetGroupStatus(pilot, GroupFacts{Leads: 1}, "", status) {
			t.Errorf("a pilot gives status %q", status)
		}
	}
}

func TestGroupFactsOf(t *testing.T) {
	g := clts.Group{ID: 7, Archived: true, Leads: 2, Members: 5, Pending: 1}
	want := GroupFacts{Archived: true, ViewerStatus: clts.StatusMember, Leads: 2}
	if got := GroupFactsOf(g, clts.StatusMember); got != want {
		t.Errorf("GroupFactsOf = %+v, want %+v", got, want)
	}
}

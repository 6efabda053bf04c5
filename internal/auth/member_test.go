package auth

import (
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
)

func TestDeactivationRules(t *testing.T) {
	pilot := Principal{AccountID: 1, Role: clts.RolePilote}
	partner := Principal{AccountID: 2, Role: clts.RolePartenaire}
	operator := Principal{AccountID: 9, Operator: true}
	member := MemberFacts{AccountID: 5, Role: clts.RoleAccompagne, Active: true, ActivePilots: 2}
	otherPilot := MemberFacts{AccountID: 3, Role: clts.RolePilote, Active: true, ActivePilots: 2}
	lastPilot := MemberFacts{AccountID: 3, Role: clts.RolePilote, Active: true, ActivePilots: 1}
	self := MemberFacts{AccountID: 1, Role: clts.RolePilote, Active: true, ActivePilots: 3}
	inactive := MemberFacts{AccountID: 5, Role: clts.RoleAccompagne, ActivePilots: 2}
	for _, tc := range []struct {
		name   string
		p      Principal
		m      MemberFacts
		ok     bool
		reason string // part of the refusal
	}{
		{"pilot deactivates a member", pilot, member, true, ""},
		{"pilot deactivates another pilot", pilot, otherPilot, true, ""},
		{"pilot deactivates the last other pilot", pilot, lastPilot, false, "dernier pilote"},
		{"pilot deactivates themselves", pilot, self, false, "votre propre accès"},
		{"pilot deactivates themselves, the last one", pilot, MemberFacts{AccountID: 1, Role: clts.RolePilote, Active: true, ActivePilots: 1}, false, "votre propre accès"},
		{"already inactive", pilot, inactive, false, "déjà désactivé"},
		{"partner", partner, member, false, "pilotes"},
		{"operator outside the committee", operator, member, false, "pilotes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := CanDeactivateMember(tc.p, tc.m); got != tc.ok {
				t.Errorf("CanDeactivateMember = %v, want %v", got, tc.ok)
			}
			if r := DeactivationRefusal(tc.p, tc.m); !strings.Contains(r, tc.reason) || (r == "") != tc.ok {
				t.Errorf("DeactivationRefusal = %q, want it to say %q", r, tc.reason)
			}
		})
	}
}

func TestAccessSheetRules(t *testing.T) {
	pilot := Principal{AccountID: 1, Role: clts.RolePilote}
	partner := Principal{AccountID: 2, Role: clts.RolePartenaire}
	hcts := Principal{AccountID: 9, HCTSReader: true}
	noEmail := MemberFacts{AccountID: 5, Role: clts.RoleAccompagne, Active: true}
	with := func(f func(*MemberFacts)) MemberFacts { m := noEmail; f(&m); return m }
	for _, tc := range []struct {
		name   string
		p      Principal
		m      MemberFacts
		ok     bool
		reason string
	}{
		{"member without e-mail", pilot, noEmail, true, ""},
		{"pilot without e-mail", pilot, with(func(m *MemberFacts) { m.Role = clts.RolePilote }), true, ""},
		{"member with an e-mail address", pilot, with(func(m *MemberFacts) { m.HasEmail = true }), false, "Mot de passe oublié"},
		{"deactivated member", pilot, with(func(m *MemberFacts) { m.Active = false }), false, "réactivez"},
		{"the pilot themselves", pilot, with(func(m *MemberFacts) { m.AccountID = 1 }), false, "Mon compte"},
		{"an account with national rights", pilot, with(func(m *MemberFacts) { m.National = true }), false, SharedAccountRefusal},
		{"a member of another committee too", pilot, with(func(m *MemberFacts) { m.OtherCommittees = 1 }), false, SharedAccountRefusal},
		{"a partner asks", partner, noEmail, false, "pilotes"},
		{"HCTS asks", hcts, noEmail, false, "pilotes"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := CanPrintAccessSheet(tc.p, tc.m); got != tc.ok {
				t.Errorf("CanPrintAccessSheet = %v, want %v", got, tc.ok)
			}
			if r := AccessSheetRefusal(tc.p, tc.m); !strings.Contains(r, tc.reason) || (r == "") != tc.ok {
				t.Errorf("AccessSheetRefusal = %q, want it to say %q", r, tc.reason)
			}
		})
	}
}

// TestAccessSheetStands: a sheet's code changes the password only while
// the facts that let a pilot print it still hold; any change since (an
// address, a deactivation, national rights, another committee) voids it.
func TestAccessSheetStands(t *testing.T) {
	noEmail := MemberFacts{AccountID: 5, Role: clts.RoleAccompagne, Active: true}
	with := func(f func(*MemberFacts)) MemberFacts { m := noEmail; f(&m); return m }
	for _, tc := range []struct {
		name string
		m    MemberFacts
		ok   bool
	}{
		{"as printed", noEmail, true},
		{"a pilot as printed", with(func(m *MemberFacts) { m.Role = clts.RolePilote }), true},
		{"given an e-mail address since", with(func(m *MemberFacts) { m.HasEmail = true }), false},
		{"deactivated since", with(func(m *MemberFacts) { m.Active = false }), false},
		{"given national rights since", with(func(m *MemberFacts) { m.National = true }), false},
		{"joined another committee since", with(func(m *MemberFacts) { m.OtherCommittees = 1 }), false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := AccessSheetStands(tc.m); got != tc.ok {
				t.Errorf("AccessSheetStands = %v, want %v", got, tc.ok)
			}
		})
	}
}

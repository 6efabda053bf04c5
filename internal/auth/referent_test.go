package auth

import (
	"testing"

	"github.com/portail-clts/clts/internal/clts"
)

// TestReferentRules walks who asks × the help's facts for each rule of
// accompanied participation: naming, answering, ending and acting.
func TestReferentRules(t *testing.T) {
	const personID, referentID = 10, 20
	who := map[string]Principal{
		"person":          {AccountID: personID, Role: clts.RoleAccompagne, Member: true},
		"referent":        {AccountID: referentID, Role: clts.RoleProfessionnel, Member: true},
		"referent-gone":   {AccountID: referentID}, // no longer a member of this committee
		"other-member":    {AccountID: 30, Role: clts.RolePilote, Member: true},
		"other-supported": {AccountID: 31, Role: clts.RoleAccompagne, Member: true},
		"operator":        {AccountID: 40, Operator: true},
		"anonymous":       {},
	}
	help := func(state clts.HelpState) HelpFacts {
		return HelpFacts{Found: true, PersonID: personID, ReferentID: referentID, State: state, PersonActive: true,
			PersonRole: clts.RoleAccompagne}
	}
	// The person has since taken another role: a referent never acts with
	// a pilot's rights (nor any role the help was not given for).
	promoted := func(role clts.Role) HelpFacts {
		f := help(clts.HelpActive)
		f.PersonRole = role
		return f
	}
	facts := map[string]HelpFacts{
		"waiting":                 help(clts.HelpWaiting),
		"active":                  help(clts.HelpActive),
		"declined":                help(clts.HelpDeclined),
		"ended":                   help(clts.HelpEnded),
		"person-left":             {Found: true, PersonID: personID, ReferentID: referentID, State: clts.HelpActive, PersonRole: clts.RoleAccompagne},
		"not-found":               {}, // another committee's help, or none: the store finds nothing
		"someone-else":            {Found: true, PersonID: 31, ReferentID: 30, State: clts.HelpActive, PersonActive: true, PersonRole: clts.RoleAccompagne},
		"self-referent":           {Found: true, PersonID: referentID, ReferentID: referentID, State: clts.HelpActive, PersonActive: true, PersonRole: clts.RoleAccompagne},
		"person-now-pilot":        promoted(clts.RolePilote),
		"person-now-professional": promoted(clts.RoleProfessionnel),
	}
	type rule struct {
		name    string
		can     func(Principal, HelpFacts) bool
		allowed map[string][]string // facts → who may
	}
	rules := []rule{
		{"answer", CanAnswerHelp, map[string][]string{"waiting": {"referent"}}},
		{"end", CanEndHelp, map[string][]string{
			"waiting": {"person", "referent", "referent-gone"}, "active": {"person", "referent", "referent-gone"},
			"person-left":      {"person", "referent", "referent-gone"},
			"person-now-pilot": {"person", "referent", "referent-gone"}, "person-now-professional": {"person", "referent", "referent-gone"},
			"someone-else": {"other-member", "other-supported"}, "self-referent": {"referent", "referent-gone"}}},
		{"act", CanActFor, map[string][]string{"active": {"referent"}, "someone-else": {"other-member"}}},
	}
	for _, r := range rules {
		for fname, f := range facts {
			allowed := map[string]bool{}
			for _, w := range r.allowed[fname] {
				allowed[w] = true
			}
			for wname, p := range who {
				if got := r.can(p, f); got != allowed[wname] {
					t.Errorf("%s: %s on %s help = %v, want %v", r.name, wname, fname, got, allowed[wname])
				}
			}
		}
	}
}

// TestNameReferent: only supported persons name referents, among the other
// active members, once at a time.
func TestNameReferent(t *testing.T) {
	person := Principal{AccountID: 10, Role: clts.RoleAccompagne, Member: true}
	member := ReferentCandidate{Member: true, AccountID: 20}
	tests := []struct {
		name string
		p    Principal
		c    ReferentCandidate
		want bool
	}{
		{"supported person names a member", person, member, true},
		{"pilot may not name", Principal{AccountID: 10, Role: clts.RolePilote}, member, false},
		{"professional may not name", Principal{AccountID: 10, Role: clts.RoleProfessionnel}, member, false},
		{"partner may not name", Principal{AccountID: 10, Role: clts.RolePartenaire}, member, false},
		{"not a member here", Principal{AccountID: 10}, member, false},
		{"operator", Principal{AccountID: 10, Operator: true}, member, false},
		{"themselves", person, ReferentCandidate{Member: true, AccountID: 10}, false},
		{"a non-member", person, ReferentCandidate{AccountID: 20}, false},
		{"no one", person, ReferentCandidate{Member: true}, false},
		{"already named", person, ReferentCandidate{Member: true, AccountID: 20, Current: true}, false},
	}
	for _, tt := range tests {
		if got := CanNameReferent(tt.p, tt.c); got != tt.want {
			t.Errorf("%s: CanNameReferent = %v, want %v", tt.name, got, tt.want)
		}
	}
}

package auth

import "github.com/portail-clts/clts/internal/clts"

// Accompanied participation: a supported person names referents among the
// active members of their committee; a referent who agreed acts with them
// (never as them: the session stays the referent's, the action is the
// person's, recorded with the referent as helper). The store reads the
// facts in the request's unit of work; these functions decide.

// ReferentCandidate is what naming someone as referent depends on.
type ReferentCandidate struct {
	// Member: the candidate is an active member of the committee the
	// person works in (the store reads it under the committee's scope).
	Member bool
	// AccountID is the candidate's account.
	AccountID int64
	// Current: a help between the two is already waiting or active.
	Current bool
}

// HelpFacts are one help as the store reads it, in the scope's committee:
// found or not, who named whom, and its state.
type HelpFacts struct {
	Found      bool
	PersonID   int64
	ReferentID int64
	State      clts.HelpState
	// PersonActive: the person is still an active member of the committee.
	PersonActive bool
	// PersonRole is the person's role in the committee now.
	PersonRole clts.Role
}

// CanNameReferents reports whether p may name referents: supported
// persons, in their committee.
func CanNameReferents(p Principal) bool {
	return p.AccountID != 0 && p.Role == clts.RoleAccompagne
}

// CanNameReferent reports whether p may name c as referent: p is a
// supported person, c another active member of the committee, not already
// named (waiting or active).
func CanNameReferent(p Principal, c ReferentCandidate) bool {
	return CanNameReferents(p) && c.Member && c.AccountID != 0 && c.AccountID != p.AccountID && !c.Current
}

// CanAnswerHelp reports whether p may accept or decline the help: the
// referent named, while it waits.
func CanAnswerHelp(p Principal, h HelpFacts) bool {
	return h.Found && p.AccountID != 0 && p.Role != "" && h.ReferentID == p.AccountID && h.State == clts.HelpWaiting
}

// CanEndHelp reports whether p may end the help: the person at any time,
// or the referent stepping down, while it is waiting or active.
func CanEndHelp(p Principal, h HelpFacts) bool {
	return h.Found && p.AccountID != 0 && h.State.Current() && (p.AccountID == h.PersonID || p.AccountID == h.ReferentID)
}

// CanActFor reports whether p may act with the person of h: p is the
// referent that person named, an active member of the same committee (the
// facts are read in p's committee only), the help was accepted and has
// not ended, and the person is still a member and still a supported
// person: help is for supported persons, and a person who has since
// become a pilot (or any other role) is no longer helped, so that a
// referent never acts with rights the help was not given for (a pilot's
// agenda, say).
func CanActFor(p Principal, h HelpFacts) bool {
	return h.Found && p.AccountID != 0 && p.Role != "" && h.State == clts.HelpActive &&
		h.ReferentID == p.AccountID && h.PersonID != p.AccountID && h.PersonActive &&
		h.PersonRole == clts.RoleAccompagne
}

// HelpedPrincipal is the principal the rules see when a referent acts with
// the person: the person's own rights in the committee, never more.
func HelpedPrincipal(personID int64, role clts.Role) Principal {
	return Principal{AccountID: personID, Role: role, Member: true}
}

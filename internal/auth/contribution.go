package auth

import (
	"slices"

	"github.com/portail-clts/clts/internal/clts"
)

// ContributionFacts are what the rules about one contribution depend on:
// its state, its authors, its campaign and its place in a correction
// chain. The store reads them with the contribution
// (ContributionFactsOf).
type ContributionFacts struct {
	Status       string // clts.ContributionDraft, ContributionProposed…
	Authors      []int64
	CampaignOpen bool // its campaign's deadline has not passed
	Transmitted  bool // it was transmitted (locked)
	HasNext      bool // a correction of it exists already
	Category     string
	// EverProposed: it was proposed once (a draft returned by a pilot
	// has been): such a draft is kept, not deleted.
	EverProposed bool
}

// ContributionFactsOf returns the facts of contribution c, its campaign
// being open or not.
func ContributionFactsOf(c clts.Contribution, campaignOpen bool) ContributionFacts {
	f := ContributionFacts{Status: c.Status, CampaignOpen: campaignOpen, Category: c.Category,
		Transmitted: c.Status == clts.ContributionTransmitted || c.TransmittedAt != nil,
		HasNext:     c.NextID != 0, EverProposed: c.ProposedAt != nil}
	for _, a := range c.Authors {
		f.Authors = append(f.Authors, a.AccountID)
	}
	return f
}

// ContributionAction is something done to one contribution, or seen on
// its page.
type ContributionAction string

// Contribution actions, decided by CheckContribution.
const (
	ReadContribution      ContributionAction = "read"     // its page
	EditContribution      ContributionAction = "edit"     // change its title, text, group, co-authors, practices
	ProposeContribution   ContributionAction = "propose"  // give it to the pilots
	ReturnContribution    ContributionAction = "return"   // back to its authors, as a draft, with a comment
	ValidateContribution  ContributionAction = "validate" // accept a proposed one
	TransmitContribution  ContributionAction = "transmit" // send a validated one to the HCTS
	CorrectContribution   ContributionAction = "correct"  // start a new edition of a transmitted one
	DeleteContribution    ContributionAction = "delete"   // a draft never proposed
	ConsentContribution   ContributionAction = "consent"  // an author about publishing their own name
	CommentIndicatorsStep ContributionAction = "comment_indicators"
)

// ContributionActions lists every contribution action (tests walk it).
var ContributionActions = []ContributionAction{ReadContribution, EditContribution, ProposeContribution,
	ReturnContribution, ValidateContribution, TransmitContribution, CorrectContribution, DeleteContribution,
	ConsentContribution, CommentIndicatorsStep}

// Why a contribution action is refused. Handlers return them from their
// unit of work: 404 for the first, 403 for the second, 409 for the others.
var (
	// ErrContributionNotFound: the person may not read the contribution
	// (another's draft): it does not exist for them.
	ErrContributionNotFound = clts.Errorf(clts.ENOTFOUND, "Contribution introuvable.")
	// ErrContributionForbidden: the person reads the contribution but may
	// never do this to it (a member validating, a pilot proposing
	// another's draft).
	ErrContributionForbidden = clts.Errorf(clts.EFORBIDDEN, "Vous ne pouvez pas faire cela pour cette contribution.")
	// ErrContributionState: its state does not allow it, or no longer.
	ErrContributionState = clts.Errorf(clts.ECONFLICT, "L'état de cette contribution ne le permet pas, ou plus.")
	// ErrContributionLocked: a transmitted contribution is never changed.
	ErrContributionLocked = clts.Errorf(clts.ECONFLICT, "Cette contribution a été transmise au HCTS : elle ne peut plus être modifiée. Pour la corriger, créez-en une version corrigée.")
	// ErrCampaignClosed: the campaign's deadline has passed.
	ErrCampaignClosed = clts.Errorf(clts.ECONFLICT, "La campagne est close : plus rien ne peut lui être transmis.")
	// ErrAlreadyCorrected: a transmitted contribution has one correction
	// at most.
	ErrAlreadyCorrected = clts.Errorf(clts.ECONFLICT, "Cette contribution a déjà une version corrigée : corrigez plutôt celle-ci.")
)

// CanTransmitContributions reports whether p validates, returns and
// transmits the committee's contributions: the pilots.
func CanTransmitContributions(p Principal) bool { return p.Role != "" && p.Can(TransmitContributions) }

// CanWriteContribution reports whether p may write a new contribution:
// every active member, supported persons included.
func CanWriteContribution(p Principal) bool { return p.Role != "" }

// CanContribution reports whether p may do a to the contribution.
// Templates call it to show only what p may do.
func CanContribution(p Principal, f ContributionFacts, a ContributionAction) bool {
	return CheckContribution(p, f, a) == nil
}

// CheckContribution returns nil when p may do a to the contribution, and
// otherwise why not: ErrContributionNotFound when p may not read it,
// ErrContributionForbidden when p may never do a to it, a conflict
// (ErrContributionState, ErrContributionLocked, ErrCampaignClosed,
// ErrAlreadyCorrected) when its state does not allow it. Deny by default:
// an unknown action is forbidden.
//
// Drafts, proposed and validated contributions are their authors' and the
// pilots'; transmitted ones every member's.
func CheckContribution(p Principal, f ContributionFacts, a ContributionAction) error {
	member := p.Role != ""
	pilot := member && CanTransmitContributions(p)
	author := member && p.AccountID != 0 && slices.Contains(f.Authors, p.AccountID)
	transmitted := f.Transmitted || f.Status == clts.ContributionTransmitted
	switch {
	case !member:
		return ErrContributionNotFound
	case transmitted:
	case f.Status == clts.ContributionDraft, f.Status == clts.ContributionProposed, f.Status == clts.ContributionValidated:
		if !author && !pilot {
			return ErrContributionNotFound
		}
	default:
		return ErrContributionNotFound
	}
	var who bool
	var wrong error // the refusal when who may, but not now
	state := func(ok bool) {
		if !ok && wrong == nil {
			wrong = ErrContributionState
		}
	}
	switch a {
	case ReadContribution:
		who = true
	case EditContribution:
		who = author || pilot
		if transmitted {
			wrong = ErrContributionLocked
		}
		switch f.Status {
		case clts.ContributionDraft:
			who = author
		case clts.ContributionProposed, clts.ContributionValidated:
			state(pilot)
		}
	case ProposeContribution:
		who = author
		state(f.Status == clts.ContributionDraft)
	case ReturnContribution:
		who = pilot
		state(f.Status == clts.ContributionProposed || f.Status == clts.ContributionValidated)
	case ValidateContribution:
		who = pilot
		state(f.Status == clts.ContributionProposed)
	case TransmitContribution:
		who = pilot
		if f.Status == clts.ContributionValidated && !f.CampaignOpen {
			wrong = ErrCampaignClosed
		}
		state(f.Status == clts.ContributionValidated && !transmitted)
	case CorrectContribution:
		who = pilot || author
		switch {
		case !transmitted:
			wrong = ErrContributionState
		case f.HasNext:
			wrong = ErrAlreadyCorrected
		case !f.CampaignOpen:
			wrong = ErrCampaignClosed
		}
	case DeleteContribution:
		who = author
		state(f.Status == clts.ContributionDraft && !f.EverProposed)
	case ConsentContribution:
		who = author
		if transmitted {
			wrong = ErrContributionLocked
		}
	case CommentIndicatorsStep:
		who = pilot && f.Category == clts.CategoryParticipation
		if transmitted {
			wrong = ErrContributionLocked
		}
	}
	switch {
	case !who:
		return ErrContributionForbidden
	case wrong != nil:
		return wrong
	}
	return nil
}

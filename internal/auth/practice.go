package auth

import "github.com/portail-clts/clts/internal/clts"

// PracticeFacts are what the rules about one practice depend on: its state,
// its author and whether it is shared nationally. The store reads them with
// the practice (PracticeFactsOf).
type PracticeFacts struct {
	Status   string // clts.PracticeDraft, PracticeSubmitted…
	AuthorID int64
	Shared   bool
}

// PracticeFactsOf returns the facts of practice p.
func PracticeFactsOf(p clts.Practice) PracticeFacts {
	return PracticeFacts{Status: p.Status, AuthorID: p.AuthorID, Shared: p.Shared()}
}

// PracticeAction is something done to one practice, or seen on its sheet.
type PracticeAction string

// Practice actions, decided by CheckPractice.
const (
	ReadPractice     PracticeAction = "read_practice"     // its sheet and its attachments
	EditPractice     PracticeAction = "edit_practice"     // change its texts; add and remove attachments
	SubmitPractice   PracticeAction = "submit_practice"   // propose it to the pilots
	PublishPractice  PracticeAction = "publish_practice"  // publish a proposed practice
	ReturnPractice   PracticeAction = "return_practice"   // send it back to its author with a comment
	WithdrawPractice PracticeAction = "withdraw_practice" // hide a published practice, with a reason
	SharePractice    PracticeAction = "share_practice"    // make it readable nationally
	UnsharePractice  PracticeAction = "unshare_practice"  // stop sharing it nationally
	FlagPractice     PracticeAction = "flag_practice"     // point it out to the pilots, with a reason
	SeeHistory       PracticeAction = "see_history"       // the changes made since its publication
	SeeFlags         PracticeAction = "see_flags"         // the members' flags
)

// Why a practice action is refused. Handlers return them from their unit
// of work: 404 for the first, 403 for the second, 409 for the third.
var (
	// ErrPracticeNotFound: the person may not read the practice (another's
	// draft, a withdrawn practice): it does not exist for them.
	ErrPracticeNotFound = clts.Errorf(clts.ENOTFOUND, "Pratique introuvable.")
	// ErrPracticeForbidden: the person reads the practice but may never do
	// this to it (a member publishing, a pilot proposing another's draft).
	ErrPracticeForbidden = clts.Errorf(clts.EFORBIDDEN, "Vous ne pouvez pas faire cela pour cette pratique.")
	// ErrPracticeState: the practice's state does not allow it, or no
	// longer (publishing a draft, editing a withdrawn practice).
	ErrPracticeState = clts.Errorf(clts.ECONFLICT, "L'état de cette pratique ne le permet pas, ou plus.")
)

// CanModeratePractices reports whether p moderates the committee's
// practices: the pilots. Lists by state are theirs.
func CanModeratePractices(p Principal) bool { return p.Can(ModeratePractices) }

// CanWritePractice reports whether p may write a new practice: every
// active member, supported persons included.
func CanWritePractice(p Principal) bool { return p.Role != "" }

// CanPractice reports whether p may do a to the practice. Templates call
// it to show only what p may do.
func CanPractice(p Principal, f PracticeFacts, a PracticeAction) bool {
	return CheckPractice(p, f, a) == nil
}

// CheckPractice returns nil when p may do a to the practice, and otherwise
// why not: ErrPracticeNotFound when p may not read it, ErrPracticeForbidden
// when p may never do a to it, ErrPracticeState when its state does not
// allow it. Deny by default: an unknown action is forbidden.
//
// Drafts, returned and proposed practices are their author's and the
// pilots'; published ones every member's; withdrawn ones the pilots' and
// their author's.
func CheckPractice(p Principal, f PracticeFacts, a PracticeAction) error {
	member := p.Role != ""
	pilot := member && CanModeratePractices(p)
	author := member && p.AccountID != 0 && p.AccountID == f.AuthorID
	if !canReadPractice(f, member, pilot, author) {
		return ErrPracticeNotFound
	}
	var who, when bool
	switch a {
	case ReadPractice:
		who, when = true, true
	case EditPractice:
		// The author writes until the pilots read it, the pilots may
		// correct it while they read it, both keep it up to date once
		// published; a withdrawn practice is closed.
		who = author || pilot
		switch f.Status {
		case clts.PracticeDraft, clts.PracticeReturned:
			who, when = author, true
		case clts.PracticeSubmitted:
			when = pilot
		case clts.PracticePublished:
			when = true
		}
	case SubmitPractice:
		who, when = author, f.Status == clts.PracticeDraft || f.Status == clts.PracticeReturned
	case PublishPractice, ReturnPractice:
		who, when = pilot, f.Status == clts.PracticeSubmitted
	case WithdrawPractice:
		who, when = pilot, f.Status == clts.PracticePublished
	case SharePractice:
		who, when = pilot, f.Status == clts.PracticePublished && !f.Shared
	case UnsharePractice:
		who, when = pilot, f.Status == clts.PracticePublished && f.Shared
	case FlagPractice:
		who, when = member, f.Status == clts.PracticePublished
	case SeeHistory:
		who, when = author || pilot, true
	case SeeFlags:
		who, when = pilot, true
	}
	switch {
	case !who:
		return ErrPracticeForbidden
	case !when:
		return ErrPracticeState
	}
	return nil
}

// canReadPractice is the reading rule of CheckPractice.
func canReadPractice(f PracticeFacts, member, pilot, author bool) bool {
	switch f.Status {
	case clts.PracticePublished:
		return member
	case clts.PracticeDraft, clts.PracticeSubmitted, clts.PracticeReturned, clts.PracticeWithdrawn:
		return author || pilot
	}
	return false
}

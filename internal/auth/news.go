package auth

import "github.com/portail-clts/clts/internal/clts"

// NewsAction is something done to a news item.
type NewsAction int

// News actions.
const (
	ReadNews NewsAction = iota // open the item, download its attachments
	EditNews                   // change it, add or remove attachments
	PinNews                    // pin or unpin it on the committee's home (local items)
)

// NewsFacts is what the rules need to know of a news item.
type NewsFacts struct {
	// National: an item of the HCTS, for every committee; otherwise the
	// item of the committee the principal is in.
	National bool
}

// NewsFactsOf returns the facts of n.
func NewsFactsOf(n clts.News) NewsFacts { return NewsFacts{National: n.National} }

// ErrNewsNotFound is an item whoever asks may not read: the same answer as
// one that does not exist.
var ErrNewsNotFound = clts.Errorf(clts.ENOTFOUND, "Actualité introuvable.")

// ErrNewsForbidden is an item the principal reads but may not change.
var ErrNewsForbidden = clts.Errorf(clts.EFORBIDDEN, "Seuls les pilotes du comité publient et modifient ses actualités.")

// CheckNews decides whether p may take step a on an item with facts f:
// national items are read by HCTS readers and the members of any committee
// and written by HCTS publishers (never pinned); local items are read by
// the committee's members and written and pinned by its pilots. ENOTFOUND
// for whoever may not read the item, EFORBIDDEN for a reader who may not
// take the step.
func CheckNews(p Principal, f NewsFacts, a NewsAction) error {
	if f.National {
		switch {
		case !p.Can(ReadNationalNews):
			return ErrNewsNotFound
		case a == ReadNews:
			return nil
		case a == EditNews && p.Can(PublishNews):
			return nil
		}
		// The HCTS's pages are nobody else's business.
		return ErrNewsNotFound
	}
	switch {
	case !p.Can(ViewCommittee):
		return ErrNewsNotFound
	case a == ReadNews:
		return nil
	case p.Can(PostLocalNews):
		return nil
	}
	return ErrNewsForbidden
}

// CanNews reports whether p may take step a on an item with facts f:
// templates show what CheckNews allows.
func CanNews(p Principal, f NewsFacts, a NewsAction) bool { return CheckNews(p, f, a) == nil }

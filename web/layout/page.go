// Package layout holds the page shell shared by every page: landmarks, skip
// link, header, navigation and footer.
package layout

// SiteName is the portal's name, last part of every page title.
const SiteName = "Portail CLTS"

// Page is what the shell needs from a handler: the page's own name, the
// committee it belongs to (empty outside a committee), the asset URLs, the
// signed-in person and the navigation state.
type Page struct {
	Title     string
	Committee string // committee name, in the title and the header
	Current   string // path of the current page, for aria-current
	CSS       string
	Logo      string
	User      *User
	Nav       []Link // committee navigation, already filtered by the policy
	Flash     string // one-time confirmation message
}

// User is the signed-in person as the header shows them.
type User struct {
	Name     string
	Operator bool
	HCTS     bool
	// NationalPractices: may read the national catalogue of practices
	// (HCTS readers, members of any committee).
	NationalPractices bool
	CommitteeHome     string // current committee home, when in a committee
	CommitteeSwitch   string
}

// Link is a navigation entry.
type Link struct {
	URL, Label string
}

// FullTitle names the page, then the committee, then the portal.
func (p Page) FullTitle() string {
	t := p.Title
	if p.Committee != "" {
		t += " — " + p.Committee
	}
	if t == "" {
		return SiteName
	}
	return t + " — " + SiteName
}

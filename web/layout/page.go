// Package layout holds the page shell shared by every page: landmarks, skip
// link, header, navigation and footer.
package layout

// SiteName is the portal's name, last part of every page title.
const SiteName = "Portail CLTS"

// Page is what the shell needs from a handler: the page's own name, the
// committee it belongs to (empty outside a committee), the asset URLs and the
// navigation state.
type Page struct {
	Title     string
	Committee string
	Current   string // path of the current page, for aria-current
	CSS       string
	Logo      string
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

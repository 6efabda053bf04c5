// Package layout holds the page shell shared by every page: landmarks, skip
// link, header, navigation and footer.
package layout

import "strconv"

// SiteName is the portal's name, last part of every page title.
const SiteName = "Portail CLTS"

// Page is what the shell needs from a handler: the page's own name, the
// committee it belongs to (empty outside a committee), the asset URLs, the
// signed-in person and the navigation state.
type Page struct {
	Title     string
	Committee string // committee name, in the title and the header
	// CommitteeInHeading: the page's h1 is the committee's name (its
	// home), so the committee bar does not print it a second time.
	CommitteeInHeading bool
	Current            string // path of the current page, for aria-current
	CSS                string
	Logo               string
	User               *User
	Nav                []Link // committee navigation, already filtered by the policy
	Flash              string // one-time confirmation message
	// Script is the URL of the page's own script, if any: a small
	// progressive enhancement under web/static/js (the CSP allows no
	// inline script).
	Script string
	// Easy: the page is shown in the easy interface (mode facile):
	// lighter header, larger text and targets (see easy.go).
	Easy bool
	// MenuURL is the easy header's one « Menu » link: the page listing
	// every page, of the committee when in one.
	MenuURL string
}

// User is the signed-in person as the header shows them.
type User struct {
	Name     string
	Operator bool
	// Seminars: publishes the national seminars (HCTS publishers).
	Seminars bool
	// NationalNews: may read the national news (HCTS readers, members
	// of any committee).
	NationalNews bool
	// NationalPractices: may read the national catalogue of practices
	// (HCTS readers, members of any committee).
	NationalPractices bool
	CommitteeHome     string // current committee home, when in a committee
	CommitteeSwitch   string
	// Unread is how many notifications the person has not read: the
	// header says it in words, « Notifications (3 non lues) ».
	Unread int
}

// NotificationsLabel is the header's link to the notification centre, the
// unread count in words: « Notifications (3 non lues) ».
func (u User) NotificationsLabel() string {
	switch u.Unread {
	case 0:
		return "Notifications"
	case 1:
		return "Notifications (1 non lue)"
	}
	return "Notifications (" + strconv.Itoa(u.Unread) + " non lues)"
}

// Link is a navigation entry.
type Link struct {
	URL, Label string
}

// FullTitle names the page, then the committee, then the portal; a page
// named after its committee names it once.
func (p Page) FullTitle() string {
	t := p.Title
	if p.Committee != "" && p.Committee != t {
		t += " — " + p.Committee
	}
	if t == "" {
		return SiteName
	}
	return t + " — " + SiteName
}

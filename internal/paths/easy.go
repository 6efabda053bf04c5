package paths

// The easy interface (mode facile): the person's choice, and the page that
// lists every page behind the easy header's one « Menu » link.
const (
	AccountEasyMode      = "/compte/interface-facile"
	Menu                 = "/menu"
	CommitteeMenuPattern = "/menu"
	// CompleteView is the query that shows a committee's complete home
	// to someone in easy mode: « Voir tout ».
	CompleteView = "vue=complete"
)

// CommitteeMenu lists every page of a committee and of the portal.
func CommitteeMenu(slug string) string { return committee(slug) + "/menu" }

// CommitteeHomeComplete is a committee's complete home, whatever the mode.
func CommitteeHomeComplete(slug string) string { return CommitteeHome(slug) + "?" + CompleteView }

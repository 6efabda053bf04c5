package paths

import "net/url"

// Access sheets: a pilot prints a new access for a member without e-mail,
// who types its code to choose a new password for the same account; and
// the deactivation's confirmation.
const (
	// AccessCode is where the code of an access sheet is typed.
	AccessCode = "/nouvel-acces"
	// AccessPassword is where the holder of a code chooses the new
	// password; the code travels in ?code= and in the form.
	AccessPassword = "/nouvel-acces/mot-de-passe"

	MemberAccessSheetPattern = "/membres/{accountID}/fiche-acces"
	MemberDeactivatePattern  = "/membres/{accountID}/desactiver"
)

// AccessPasswordFor is the new-password page of the holder of code.
func AccessPasswordFor(code string) string { return AccessPassword + "?code=" + url.QueryEscape(code) }

// MemberAccessSheet prints a new access sheet for a member.
func MemberAccessSheet(slug string, accountID int64) string {
	return Members(slug) + "/" + id(accountID) + "/fiche-acces"
}

// MemberDeactivate asks to confirm a member's deactivation.
func MemberDeactivate(slug string, accountID int64) string {
	return Members(slug) + "/" + id(accountID) + "/desactiver"
}

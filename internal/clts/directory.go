package clts

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Profile is what a member says about themselves in one committee, and
// what they choose to show.
type Profile struct {
	AccountID     int64
	DisplayName   string
	Email         string
	Login         string
	Role          Role
	Active        bool
	InstitutionID int64
	Institution   string
	Departement   string
	Presentation  string
	Phone         string
	ShowEmail     bool
	ShowPhone     bool
	ShowFullName  bool
	Version       int
	Groups        []string
}

// DirectoryEntry is a member as a given viewer may see them.
type DirectoryEntry struct {
	AccountID    int64
	Name         string
	Role         Role
	Institution  string
	Departement  string
	Presentation string
	Email        string
	Phone        string
	Groups       []string
	Masked       bool // the name is reduced to first name and initial
}

// ShortName reduces "Jean Dupuis" to "Jean D.": what others see of a
// supported person by default.
func ShortName(name string) string {
	parts := strings.Fields(name)
	if len(parts) <= 1 {
		return strings.TrimSpace(name)
	}
	last, _ := utf8.DecodeRuneInString(parts[len(parts)-1])
	return parts[0] + " " + string(last) + "."
}

// View applies the privacy rule: a supported person appears to other
// members by first name and initial, without contact details, unless they
// chose otherwise; contact details of anyone appear only if they chose to
// show them. Pilots see what they need to run the committee: full names and
// e-mail addresses. A person always sees their own profile whole.
func (p Profile) View(viewerIsPilot bool, viewerID int64) DirectoryEntry {
	e := DirectoryEntry{
		AccountID:    p.AccountID,
		Name:         p.DisplayName,
		Role:         p.Role,
		Institution:  p.Institution,
		Departement:  p.Departement,
		Presentation: p.Presentation,
		Groups:       p.Groups,
	}
	if viewerIsPilot || viewerID == p.AccountID {
		e.Email, e.Phone = p.Email, p.Phone
		return e
	}
	if p.Role == RoleAccompagne && !p.ShowFullName {
		e.Name, e.Masked = ShortName(p.DisplayName), true
	}
	if p.ShowEmail {
		e.Email = p.Email
	}
	if p.ShowPhone {
		e.Phone = p.Phone
	}
	return e
}

// PublicView is the view of a member that is neither a pilot nor the person:
// what the directory export contains.
func (p Profile) PublicView() DirectoryEntry { return p.View(false, 0) }

// Limits of the fields of a profile and of the directory's search, in
// characters.
const (
	MaxPresentation = 2000
	MaxPhone        = 40
	MaxSearch       = 100
)

// ValidateSearch checks the name searched in the directory (field "q").
func ValidateSearch(q string) error {
	if tooLong(q, MaxSearch) {
		return FieldErrors{"q": maxMessage("Le nom cherché", MaxSearch)}.Err()
	}
	return nil
}

var phonePattern = regexp.MustCompile(`^[0-9 +().-]{6,` + strconv.Itoa(MaxPhone) + `}$`)

// ValidateProfile checks what a member writes on their profile.
func (p Profile) ValidateProfile() error {
	fe := FieldErrors{}
	if tooLong(p.Presentation, MaxPresentation) {
		fe.Add("presentation", maxMessage("La présentation", MaxPresentation))
	}
	if p.Phone != "" && !phonePattern.MatchString(p.Phone) {
		fe.Add("telephone", "Indiquez un numéro de téléphone, par exemple 02 47 00 00 00, ou laissez vide.")
	}
	if p.ShowPhone && p.Phone == "" {
		fe.Add("telephone", "Indiquez le numéro à afficher, ou décochez « afficher mon téléphone ».")
	}
	if p.Departement != "" && !departementPattern.MatchString(p.Departement) {
		fe.Add("departement", "Indiquez un numéro de département (exemples : 37, 2A, 974), ou laissez vide.")
	}
	return fe.Err()
}

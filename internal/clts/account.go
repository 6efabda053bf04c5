package clts

import (
	"net/mail"
	"regexp"
	"strconv"
	"strings"
)

// Role is what a member may do in one committee.
type Role string

// The four committee roles of the seed documents.
const (
	RolePilote        Role = "pilote"
	RolePartenaire    Role = "partenaire"
	RoleProfessionnel Role = "professionnel"
	RoleAccompagne    Role = "personne_accompagnee"
)

// Roles lists the roles in the order forms show them.
func Roles() []Role {
	return []Role{RolePilote, RolePartenaire, RoleProfessionnel, RoleAccompagne}
}

// ParseRole returns the role named s, and whether it exists.
func ParseRole(s string) (Role, bool) {
	for _, r := range Roles() {
		if string(r) == s {
			return r, true
		}
	}
	return "", false
}

// Label is the French name of the role.
func (r Role) Label() string {
	switch r {
	case RolePilote:
		return "Pilote"
	case RolePartenaire:
		return "Partenaire"
	case RoleProfessionnel:
		return "Professionnel ou professionnelle"
	case RoleAccompagne:
		return "Personne accompagnée"
	}
	return string(r)
}

// Account is a person who can sign in. It is national: one account may be
// a member of several committees.
type Account struct {
	ID           int64
	Email        string // may be empty: many supported persons have none
	Login        string // the "identifiant", unique case-insensitively
	DisplayName  string
	PasswordHash string
	Disabled     bool
	HCTSReader   bool
	// HCTSPublisher: an HCTS reader who also publishes seminars, news and
	// campaigns (accounts.hcts_publisher).
	HCTSPublisher bool
	Operator      bool
	SessionStamp  int64
	Version       int
	// EasyMode is the person's choice of the easy interface; nil while
	// they have not chosen (auth.EasyMode then decides by role).
	EasyMode *bool
}

// Membership is an account's role in a committee.
type Membership struct {
	Committee Committee
	AccountID int64
	Role      Role
	Active    bool
}

// Member is a row of a committee's member list.
type Member struct {
	AccountID   int64
	DisplayName string
	Email       string
	Login       string
	Role        Role
	Active      bool
	// National: the account is an operator or an HCTS reader besides.
	National bool
}

// MinPasswordLength follows the OWASP advice: long, no composition rules.
const MinPasswordLength = 12

// Limits of the fields of an account, in characters.
const (
	MaxLogin       = 40
	MaxPassword    = 200
	MaxDisplayName = 120
	// MaxEmail is the longest address SMTP carries (RFC 5321).
	MaxEmail = 254
	// MaxIdentifier bounds what the login form takes: an e-mail address or
	// a login name.
	MaxIdentifier = MaxEmail
)

var loginPattern = regexp.MustCompile(`^[a-zA-Z0-9._-]{3,` + strconv.Itoa(MaxLogin) + `}$`)

// ValidateLogin checks a login name ("identifiant").
func ValidateLogin(fe FieldErrors, field, login string) {
	if !loginPattern.MatchString(login) {
		fe.Add(field, "L'identifiant compte de 3 à "+strconv.Itoa(MaxLogin)+" caractères : lettres sans accent, chiffres, point, tiret ou tiret bas.")
	}
}

// ValidatePassword checks a new password.
func ValidatePassword(fe FieldErrors, field, password string) {
	n := Length(password)
	switch {
	case n < MinPasswordLength:
		fe.Add(field, "Le mot de passe doit compter au moins 12 caractères. Une phrase de plusieurs mots est facile à retenir.")
	case n > MaxPassword:
		fe.Add(field, maxMessage("Le mot de passe", MaxPassword))
	}
}

// ValidateSignIn checks what the login form sends, before any account is
// looked up: both fields filled in, neither longer than any account's.
// Field names are the form's.
func ValidateSignIn(identifier, password string) error {
	fe := FieldErrors{}
	switch {
	case strings.TrimSpace(identifier) == "":
		fe.Add("identifiant", "Indiquez votre adresse électronique ou votre identifiant.")
	case tooLong(identifier, MaxIdentifier):
		fe.Add("identifiant", maxMessage("L'adresse électronique ou l'identifiant", MaxIdentifier))
	}
	switch {
	case password == "":
		fe.Add("mot_de_passe", "Indiquez votre mot de passe.")
	case tooLong(password, MaxPassword):
		fe.Add("mot_de_passe", maxMessage("Le mot de passe", MaxPassword))
	}
	return fe.Err()
}

// CleanName trims a person's name and turns every run of white space,
// non-breaking and narrow spaces included, into one ordinary space: the
// short name of a supported person ("Jean D.") is cut at spaces, in Go and
// in SQL, and both must cut at the same places.
func CleanName(name string) string {
	return strings.Join(strings.Fields(name), " ")
}

// ValidateDisplayName checks a person's name as shown to others.
func ValidateDisplayName(fe FieldErrors, field, name string) {
	if n := Length(strings.TrimSpace(name)); n == 0 || n > MaxDisplayName {
		fe.Add(field, "Indiquez un nom ("+Count(MaxDisplayName)+" caractères au plus).")
	}
}

// NormalizeEmail trims an address and checks it; empty stays empty.
func NormalizeEmail(fe FieldErrors, field, email string) string {
	email = strings.TrimSpace(email)
	if email == "" {
		return ""
	}
	if tooLong(email, MaxEmail) {
		fe.Add(field, maxMessage("L'adresse électronique", MaxEmail))
		return email
	}
	a, err := mail.ParseAddress(email)
	if err != nil || a.Address != email || !strings.Contains(email[strings.LastIndex(email, "@"):], ".") {
		fe.Add(field, "Indiquez une adresse électronique valide, par exemple prenom.nom@exemple.fr.")
	}
	return email
}

// Package clts is the portal's vocabulary: committees, members, roles and
// the domain errors. It imports no infrastructure.
package clts

import (
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Committee is a tenant: a local committee and everything it owns.
type Committee struct {
	ID           int64
	Slug         string
	Name         string
	Departements []string
}

// Limits of the fields of a committee, in characters.
const (
	MaxSlug          = 40
	MaxCommitteeName = 200
)

// MaxDepartements is the most départements a committee or an institution
// covers: a region has at most thirteen.
const MaxDepartements = 20

var (
	slugPattern        = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	departementPattern = regexp.MustCompile(`^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$`)
)

// Validate checks a committee before it is stored.
func (c Committee) Validate() error {
	fe := FieldErrors{}
	if !slugPattern.MatchString(c.Slug) || len(c.Slug) > MaxSlug {
		fe.Add("slug", "L'identifiant court ne contient que des minuscules, des chiffres et des tirets ("+Count(MaxSlug)+" caractères au plus), par exemple 37-41.")
	}
	if n := Length(strings.TrimSpace(c.Name)); n == 0 || n > MaxCommitteeName {
		fe.Add("name", "Indiquez le nom du comité ("+Count(MaxCommitteeName)+" caractères au plus).")
	}
	if len(c.Departements) == 0 {
		fe.Add("departements", "Indiquez au moins un département, par exemple 37.")
	}
	validateDepartements(fe, c.Departements)
	return fe.Err()
}

// validateDepartements checks a list of départements: at most
// MaxDepartements (counted first, so that a long list costs nothing more),
// each a number of département, none twice.
func validateDepartements(fe FieldErrors, list []string) {
	if len(list) > MaxDepartements {
		fe.Add("departements", "Indiquez "+strconv.Itoa(MaxDepartements)+" départements au plus.")
		return
	}
	for i, d := range list {
		if !departementPattern.MatchString(d) {
			fe.Add("departements", "« "+d+" » n'est pas un numéro de département (exemples : 37, 2A, 974).")
			break
		}
		if slices.Contains(list[:i], d) {
			fe.Add("departements", "Le département "+d+" est indiqué deux fois.")
			break
		}
	}
}

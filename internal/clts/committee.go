// Package clts is the portal's vocabulary: committees, members, roles and
// the domain errors. It imports no infrastructure.
package clts

import (
	"regexp"
	"slices"
	"strings"
)

// Committee is a tenant: a local committee and everything it owns.
type Committee struct {
	ID           int64
	Slug         string
	Name         string
	Departements []string
}

var (
	slugPattern        = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
	departementPattern = regexp.MustCompile(`^(0[1-9]|[1-8][0-9]|9[0-5]|2A|2B|97[1-6])$`)
)

// Validate checks a committee before it is stored.
func (c Committee) Validate() error {
	fe := FieldErrors{}
	if !slugPattern.MatchString(c.Slug) || len(c.Slug) > 40 {
		fe.Add("slug", "L'identifiant court ne contient que des minuscules, des chiffres et des tirets (40 caractères au plus), par exemple 37-41.")
	}
	if n := len([]rune(strings.TrimSpace(c.Name))); n == 0 || n > 200 {
		fe.Add("name", "Indiquez le nom du comité (200 caractères au plus).")
	}
	if len(c.Departements) == 0 {
		fe.Add("departements", "Indiquez au moins un département, par exemple 37.")
	}
	for i, d := range c.Departements {
		if !departementPattern.MatchString(d) {
			fe.Add("departements", "« "+d+" » n'est pas un numéro de département (exemples : 37, 2A, 974).")
			break
		}
		if slices.Contains(c.Departements[:i], d) {
			fe.Add("departements", "Le département "+d+" est indiqué deux fois.")
			break
		}
	}
	return fe.Err()
}

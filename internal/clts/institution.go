package clts

import (
	"net/url"
	"strings"
)

// Institution kinds, as the seed documents group the partners.
const (
	KindConseilDepartemental = "conseil_departemental"
	KindPartenaire           = "partenaire_institutionnel"
	KindFederation           = "federation"
	KindFormation            = "formation"
	KindAssociation          = "association"
	KindAutre                = "autre"
)

// InstitutionKinds lists the kinds in the order forms show them.
func InstitutionKinds() []string {
	return []string{KindConseilDepartemental, KindPartenaire, KindFederation, KindFormation, KindAssociation, KindAutre}
}

// InstitutionKindLabel is the French name of a kind.
func InstitutionKindLabel(kind string) string {
	switch kind {
	case KindConseilDepartemental:
		return "Conseil départemental"
	case KindPartenaire:
		return "Partenaire institutionnel"
	case KindFederation:
		return "Fédération d'acteurs"
	case KindFormation:
		return "Établissement de formation"
	case KindAssociation:
		return "Association"
	case KindAutre:
		return "Autre"
	}
	return kind
}

// Institution is a partner institution of a committee.
type Institution struct {
	CommitteeID  int64
	ID           int64
	Name         string
	Kind         string
	Departements []string
	Website      string
	Description  string
	HasLogo      bool
	Archived     bool
	Version      int
	// Representatives are the members attached to the institution, as the
	// viewer may see them (filled on the detail page).
	Representatives []DirectoryEntry
	Members         int // number of active members attached
}

// Limits of the fields of an institution, in characters.
const (
	MaxInstitutionName        = 200
	MaxWebsite                = 500
	MaxInstitutionDescription = 2000
)

// Validate checks an institution before it is stored; field names are the
// form's.
func (i Institution) Validate() error {
	fe := FieldErrors{}
	if n := Length(strings.TrimSpace(i.Name)); n == 0 || n > MaxInstitutionName {
		fe.Add("nom", "Indiquez le nom de l'institution ("+Count(MaxInstitutionName)+" caractères au plus).")
	}
	known := false
	for _, k := range InstitutionKinds() {
		known = known || k == i.Kind
	}
	if !known {
		fe.Add("type", "Choisissez le type d'institution.")
	}
	validateDepartements(fe, i.Departements)
	if tooLong(i.Website, MaxWebsite) {
		fe.Add("site", maxMessage("L'adresse du site", MaxWebsite))
	} else if i.Website != "" {
		u, err := url.Parse(i.Website)
		if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
			fe.Add("site", "Indiquez une adresse complète, commençant par https://, ou laissez vide.")
		}
	}
	if tooLong(i.Description, MaxInstitutionDescription) {
		fe.Add("description", maxMessage("La présentation", MaxInstitutionDescription))
	}
	return fe.Err()
}

package demo

import "github.com/portail-clts/clts/internal/clts"

// Person is a member of the 37-41 committee beyond the demo accounts, so
// that the directory, the groups and the meetings look like a committee's:
// fictional people in the seeds' institutions. They sign in with the demo
// password too, but the README lists only the demo accounts.
type Person struct {
	Account
	Institution  string // name, "" for none
	Departement  string
	Presentation string
	ShowFullName bool
	Groups       map[string]string // group title → status
}

const (
	groupParticipation = "Participation des personnes accompagnées"
	groupInterco       = "Interconnaissance et complémentarité des institutions et métiers"
	groupReseau        = "Travail en réseau"
	groupReferent      = "Référent unique coordinateur"
	groupNumerique     = "Accès aux droits à l'ère numérique"
	groupRepublique    = "Transmission des valeurs de la République"
	groupVisibilite    = "Visibilité et évaluation du travail social"
)

// People lists the other members of the 37-41 committee. Two supported
// persons have no e-mail address (they joined with a printed invitation
// code); one chose to show their full name, the others keep the default.
func People() []Person {
	person := func(login, email, name string, role clts.Role) Account {
		return Account{Email: email, Login: login, Name: name, Committee: "37-41", Role: role}
	}
	return []Person{
		{person("amelie.roux", "amelie.roux@demo.test", "Amélie Roux", clts.RolePartenaire), "UD CCAS 37", "37",
			"Directrice du CCAS de Joué-lès-Tours, je représente l'union départementale.", false,
			map[string]string{groupReseau: clts.StatusMember, groupReferent: clts.StatusLead}},
		{person("thomas.petit", "thomas.petit@demo.test", "Thomas Petit", clts.RolePartenaire), "CIAS du Blaisois", "41",
			"Responsable de l'accueil social du CIAS.", false,
			map[string]string{groupReseau: clts.StatusMember, groupNumerique: clts.StatusLead}},
		{person("helene.marchand", "helene.marchand@demo.test", "Hélène Marchand", clts.RolePartenaire), "ARS Centre-Val de Loire", "37",
			"Chargée de mission parcours et coordination à la délégation départementale.", false,
			map[string]string{groupReferent: clts.StatusMember}},
		{person("olivier.fontaine", "olivier.fontaine@demo.test", "Olivier Fontaine", clts.RolePartenaire), "FAS Centre-Val de Loire", "41",
			"Délégué régional de la fédération.", false,
			map[string]string{groupParticipation: clts.StatusMember, groupRepublique: clts.StatusLead}},
		{person("celine.gauthier", "celine.gauthier@demo.test", "Céline Gauthier", clts.RolePartenaire), "IRFSS Centre-Val de Loire", "37",
			"Formatrice, responsable des formations d'assistant de service social.", false,
			map[string]string{groupVisibilite: clts.StatusLead, groupParticipation: clts.StatusMember}},
		{person("paul.lefebvre", "paul.lefebvre@demo.test", "Paul Lefebvre", clts.RolePartenaire), "ITS de Tours", "37",
			"Directeur des études de l'institut.", false,
			map[string]string{groupVisibilite: clts.StatusMember, groupRepublique: clts.StatusMember}},
		{person("isabelle.bonnet", "isabelle.bonnet@demo.test", "Isabelle Bonnet", clts.RolePartenaire), "CAF Touraine", "37",
			"Conseillère en travail social à la CAF.", false,
			map[string]string{groupNumerique: clts.StatusMember}},
		{person("nathalie.garnier", "nathalie.garnier@demo.test", "Nathalie Garnier", clts.RoleProfessionnel), "Conseil départemental d'Indre-et-Loire", "37",
			"Assistante de service social à la maison départementale de la solidarité de Chinon.", false,
			map[string]string{groupReferent: clts.StatusMember, groupParticipation: clts.StatusMember}},
		{person("julien.mercier", "julien.mercier@demo.test", "Julien Mercier", clts.RoleProfessionnel), "Conseil départemental de Loir-et-Cher", "41",
			"Éducateur spécialisé en prévention, Vendôme.", false,
			map[string]string{groupRepublique: clts.StatusMember, groupReseau: clts.StatusMember}},
		{person("camille.durand", "camille.durand@demo.test", "Camille Durand", clts.RoleProfessionnel), "UD CCAS 37", "37",
			"Conseillère en économie sociale et familiale au CCAS de Tours.", false,
			map[string]string{groupNumerique: clts.StatusMember, groupInterco: clts.StatusPending}},
		{person("mathieu.blanc", "mathieu.blanc@demo.test", "Mathieu Blanc", clts.RoleProfessionnel), "CIAS du Blaisois", "41",
			"Travailleur social, référent RSA.", false,
			map[string]string{groupReferent: clts.StatusMember}},
		{person("fatima.belkacem", "", "Fatima Belkacem", clts.RoleAccompagne), "", "37",
			"Maman de trois enfants, je participe au conseil de la vie sociale de mon centre social.", false,
			map[string]string{groupParticipation: clts.StatusMember, groupNumerique: clts.StatusMember}},
		{person("marcel.girard", "marcel.girard@demo.test", "Marcel Girard", clts.RoleAccompagne), "CRPA Centre-Val de Loire", "41",
			"Membre du conseil régional des personnes accompagnées ; je témoigne volontiers dans les formations.", true,
			map[string]string{groupParticipation: clts.StatusLead, groupVisibilite: clts.StatusMember}},
		{person("sylvie.caron", "", "Sylvie Caron", clts.RoleAccompagne), "", "41",
			"J'ai retrouvé un logement grâce à l'accompagnement et je veux aider les autres.", false,
			map[string]string{groupParticipation: clts.StatusMember}},
	}
}

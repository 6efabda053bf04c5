package components

import (
	"slices"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
)

// Term is a word of the portal explained in plain French, for the glossary
// page and the short definitions beside the pages that use the word.
type Term struct {
	ID         string // anchor on the glossary page
	Word       string
	Definition string
}

// URL is the term's place on the glossary page.
func (t Term) URL() string { return paths.GlossaryTerm(t.ID) }

// Glossary terms, by anchor.
const (
	TermCLTS           = "clts"
	TermHCTS           = "hcts"
	TermDepartement    = "departement"
	TermPilote         = "pilote"
	TermPartenaire     = "partenaire"
	TermProfessionnel  = "professionnel"
	TermAccompagne     = "personne-accompagnee"
	TermPleniere       = "pleniere"
	TermGroupe         = "groupe-de-travail"
	TermAnimation      = "animateur"
	TermOrdreDuJour    = "ordre-du-jour"
	TermConvocation    = "convocation"
	TermEmargement     = "emargement"
	TermCompteRendu    = "compte-rendu"
	TermSeminaire      = "seminaire-national"
	TermInterpretariat = "interpretariat"
	TermPratique       = "pratique-inspirante"
	TermContribution   = "contribution"
	TermCampagne       = "campagne"
	TermDoubleAuth     = "double-authentification"
)

// GlossaryTerms lists every term, in the order of the glossary page: the
// committee and its people, then meetings, then the work sent to the HCTS.
func GlossaryTerms() []Term { return slices.Clone(glossary) }

// glossary is GlossaryTerms, built once: GlossaryTerm reads it for every
// word of every page that defines some.
var glossary = []Term{
	{TermCLTS, "CLTS (comité local du travail social)",
		"Le comité local du travail social et du développement social réunit, sur un territoire, des personnes qui travaillent dans le social, des institutions et des personnes accompagnées. Ensemble, elles parlent de ce qui marche et de ce qui manque, et le font savoir au HCTS."},
	{TermHCTS, "HCTS (Haut Conseil du travail social)",
		"Une instance nationale qui réfléchit au travail social en France et conseille le gouvernement. Chaque année, elle écrit un rapport : les comités locaux y contribuent."},
	{TermDepartement, "Département (conseil départemental)",
		"La collectivité qui s'occupe de l'action sociale dans un département. Les Départements d'Indre-et-Loire (37) et de Loir-et-Cher (41) pilotent le premier comité."},
	{TermPilote, "Pilote",
		"Une personne qui organise le comité, souvent salariée d'un Département. Elle invite les membres, prépare les réunions plénières et envoie les contributions au HCTS."},
	{TermPartenaire, "Partenaire",
		"Une institution qui travaille avec le comité (la CAF, un centre communal d'action sociale, une école de travail social…), ou la personne qui la représente au comité."},
	{TermProfessionnel, "Professionnel, professionnelle",
		"Une personne dont le métier est le travail social (assistante sociale, éducateur, conseillère…). Elle participe au comité sans représenter son institution."},
	{TermAccompagne, "Personne accompagnée",
		"Une personne qui est aidée par des services sociaux. Elle est membre du comité comme les autres, et son identité est protégée : dans l'annuaire, les autres membres ne voient que son prénom et l'initiale de son nom, sauf si elle choisit de montrer son nom entier."},
	{TermPleniere, "Plénière (réunion plénière)",
		"La réunion de tout le comité : tous les membres y sont invités. Elle a lieu environ tous les deux mois."},
	{TermGroupe, "Groupe de travail",
		"Un petit groupe de membres qui travaille sur un thème, par exemple la participation des personnes accompagnées. Il a ses propres réunions ; chaque membre peut demander à le rejoindre."},
	{TermAnimation, "Animateur, animatrice",
		"La personne qui organise un groupe de travail : elle accepte les nouveaux membres et programme les réunions du groupe."},
	{TermOrdreDuJour, "Ordre du jour",
		"La liste des sujets dont on parlera pendant une réunion, dans l'ordre. Chaque membre peut proposer un sujet."},
	{TermConvocation, "Convocation",
		"Le message qui invite à une réunion : il donne la date, l'heure, le lieu et l'ordre du jour."},
	{TermEmargement, "Émargement",
		"La liste des personnes présentes à une réunion. Autrefois, chaque personne signait une feuille (« émarger ») ; ici, la personne qui organise la réunion coche les personnes présentes."},
	{TermCompteRendu, "Compte rendu",
		"Le texte qui résume ce qui a été dit et décidé pendant une réunion, et qui dit qui fait quoi ensuite."},
	{TermSeminaire, "Séminaire national",
		"Une grande réunion organisée par le HCTS pour les membres de tous les comités de France. Elle apparaît dans les réunions de chaque comité."},
	{TermInterpretariat, "Interprétariat",
		"L'aide d'une ou d'un interprète, qui traduit ce qui est dit : dans une autre langue, ou en langue des signes française (LSF). Vous pouvez le demander en répondant à une invitation à une réunion."},
	{TermPratique, "Pratique inspirante",
		"Une action qui marche bien sur le territoire et peut donner des idées ailleurs. Les membres la décrivent dans une fiche que les pilotes relisent avant de la publier."},
	{TermContribution, "Contribution",
		"Un texte que le comité envoie au HCTS pour son rapport de l'année : un besoin repéré sur le territoire, une pratique, un changement dans les métiers…"},
	{TermCampagne, "Campagne",
		"La période pendant laquelle le HCTS reçoit les contributions des comités pour son rapport de l'année, jusqu'à une date limite."},
	{TermDoubleAuth, "Double authentification",
		"Une protection en plus du mot de passe : à chaque connexion, le portail demande aussi un code à six chiffres, donné par une application du téléphone."},
}

// MeetingTerms are the words a meeting's page uses: its kind, then the
// agenda, the answer's needs and the minutes.
func MeetingTerms(kind string) []string {
	terms := []string{TermOrdreDuJour, TermInterpretariat, TermCompteRendu}
	switch kind {
	case clts.KindPlenary:
		return append([]string{TermPleniere}, terms...)
	case clts.KindGroup:
		return append([]string{TermGroupe}, terms...)
	case clts.KindSeminar:
		return append([]string{TermSeminaire}, terms...)
	}
	return terms
}

// GlossaryTerm returns the term of an anchor; an unknown one is a
// programming error, caught by the tests that render every page.
func GlossaryTerm(id string) Term {
	for _, t := range glossary {
		if t.ID == id {
			return t
		}
	}
	panic("components: unknown glossary term " + id)
}

package clts

import "strings"

// plainWords gives, for a professional word of the portal, the plain words
// the easy interface (mode facile) uses instead: « plénière » becomes « la
// grande réunion du comité ». Keys are lower case. It is the one place
// where the easy pages find their words; the glossary (/lexique) explains
// the professional ones for everybody.
func plainWords() map[string]string {
	return map[string]string{
		"plénière":                     "la grande réunion du comité",
		"réunion plénière":             "la grande réunion du comité",
		"réunion plénière du comité":   "la grande réunion du comité",
		"séance plénière":              "la grande réunion du comité",
		"groupe de travail":            "le petit groupe qui travaille sur un sujet",
		"réunion de groupe de travail": "la réunion d'un petit groupe",
		"séminaire national":           "la grande journée avec tous les comités de France",
		"ordre du jour":                "ce dont on va parler",
		"compte rendu":                 "ce qui a été dit et décidé",
		"émargement":                   "la feuille où l'on signe pour dire qu'on était là",
		"feuille d'émargement":         "la feuille où l'on signe pour dire qu'on était là",
		"convocation":                  "l'invitation à la réunion",
		"pilote":                       "la personne qui anime le comité",
		"pratique inspirante":          "une bonne idée qui marche, racontée par un membre",
		"pratiques inspirantes":        "les bonnes idées qui marchent",
		"contribution au hcts":         "un avis envoyé au Haut Conseil",
		"contributions au hcts":        "les avis envoyés au Haut Conseil",
		"hcts":                         "le Haut Conseil du travail social, à Paris",
		"charte":                       "les règles que le comité s'est données",
		"personne accompagnée":         "une personne aidée par un service social",
		"partenaire":                   "une personne qui travaille avec le comité",
		"actualités":                   "les nouvelles du comité",
		"annuaire":                     "la liste des membres",
		"institutions":                 "les organismes qui participent",
		"accessibilité":                "ce qui est prévu pour que chacun puisse venir",
		"visioconférence":              "la réunion par vidéo, sur un ordinateur ou un téléphone",
		"notifications":                "les messages du portail",
		"documents":                    "les papiers du comité",
		"mode facile":                  "l'interface facile",
		"contribution":                 "un avis envoyé au Haut Conseil",
		"groupes de travail":           "les petits groupes qui travaillent sur un sujet",
		"réunion de groupe":            "la réunion d'un petit groupe",
		"séminaire":                    "une grande journée de travail",
		"journal":                      "la liste de ce qui a changé",
		"membres et invitations":       "les membres et les invitations",
		"accueil du comité":            "la page d'accueil du comité",
		"réunions":                     "les réunions",
		"précisions":                   "ce que vous voulez ajouter",
		"besoins pour venir":           "ce qu'il vous faut pour venir",
		"adopter":                      "accepter par un vote",
		"consultation":                 "on demande l'avis de tout le monde",
	}
}

// Plain returns the plain words for a professional word or phrase (any
// case), or the word itself when it has none: the easy pages write
// clts.Plain("plénière") and read « la grande réunion du comité ».
func Plain(word string) string {
	if p, ok := plainWords()[strings.ToLower(strings.TrimSpace(word))]; ok {
		return p
	}
	return word
}

// PlainMeetingKind is a kind of meeting (KindPlenary…) in plain words.
func PlainMeetingKind(kind string) string {
	return Plain(MeetingKindLabel(kind))
}

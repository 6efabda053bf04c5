package demo

import "github.com/portail-clts/clts/internal/clts"

// The phrase banks of the national dataset's contributions: plain
// sentences, without Markdown signs, that contributionDraw assembles into
// varied texts. %s stands for a public (« les … »), placed by withPublic.

// contributionTheme is what a category's contributions are made of.
type contributionTheme struct {
	titles       []string // followed by a place
	observations []string
	actions      []string
	proposals    []string
	group        string // the working group most of them come from
}

var contributionThemes = map[string]contributionTheme{
	clts.CategoryNeeds: {
		group: groupReseau,
		titles: []string{
			"La précarité énergétique des ménages modestes", "Des jeunes majeurs sans solution de logement",
			"L'isolement des personnes âgées après la fermeture des guichets", "Le renoncement aux soins des travailleurs pauvres",
			"La santé mentale des personnes accueillies, un besoin qui déborde les équipes", "Des familles monoparentales sans mode de garde",
			"Les personnes sans voiture loin de tout accueil social", "La hausse des demandes d'aide alimentaire chez les retraités",
			"Les aidants familiaux à bout de souffle", "Des ménages surendettés par le coût du logement",
			"Les femmes victimes de violences sans solution de mise à l'abri", "Les démarches en ligne qui excluent de leurs droits",
		},
		observations: []string{
			"Les équipes du comité voient arriver %s pour des demandes qu'elles ne recevaient pas il y a trois ans.",
			"Les accueils sociaux constatent une hausse nette des premières demandes de %s.",
			"Les professionnels décrivent des situations plus complexes, qui demandent l'intervention de plusieurs services.",
			"Plusieurs partenaires signalent des ruptures de parcours au moment des changements de dispositif.",
			"Les délais d'attente pour un premier rendez-vous dépassent souvent trois semaines.",
			"Une partie des personnes ne sollicite plus aucun service après une première expérience difficile.",
			"Les associations caritatives reçoivent des personnes qui ne s'étaient jamais adressées à elles.",
			"Les situations repérées concernent surtout %s, souvent sans solution de transport.",
			"Les travailleurs sociaux passent une part croissante de leurs entretiens à faire les démarches à la place des personnes.",
			"Les chiffres de fréquentation des permanences ont augmenté d'un quart en deux ans.",
		},
		actions: []string{
			"une veille partagée entre les services sociaux, les associations et les bailleurs",
			"des permanences délocalisées dans les mairies et les centres sociaux",
			"une fiche de repérage commune aux professionnels du territoire",
			"une réunion mensuelle pour étudier les situations les plus complexes",
			"des aides d'urgence versées plus rapidement grâce à une procédure simplifiée",
			"un numéro unique pour orienter les personnes vers le bon service",
		},
		proposals: []string{
			"Le comité propose que ce besoin soit pris en compte dans les schémas départementaux.",
			"Nous demandons des moyens pérennes pour les dispositifs d'aller-vers.",
			"Un référent unique, qui reste le même tout au long du parcours, limiterait les ruptures.",
			"Il faudrait pouvoir garder un accueil humain pour chaque démarche passée en ligne.",
			"Nous souhaitons que le HCTS porte cette question au niveau national.",
			"Une meilleure coordination entre les financeurs éviterait que les personnes tombent entre deux dispositifs.",
		},
	},
	clts.CategoryPractices: {
		group: groupInterco,
		titles: []string{
			"Des immersions croisées entre institutions pour mieux orienter", "Un atelier numérique hebdomadaire pour gagner en autonomie",
			"Une permanence commune de la CAF, du CCAS et du service social", "Des petits-déjeuners de l'interconnaissance",
			"Un référent de parcours pour les situations complexes", "Des binômes assistante sociale et infirmière",
			"Un annuaire partagé des permanences sociales", "Des rendez-vous des droits pour faire le point en une fois",
			"Un groupe de pairs pour relire les courriers administratifs", "Une maraude coordonnée entre associations et services",
		},
		observations: []string{
			"Cette pratique est née d'un constat partagé en réunion du comité : les orientations se faisaient au hasard des connaissances de chacun.",
			"Elle s'adresse en priorité à %s.",
			"Les professionnels qui y participent disent mieux connaître le travail des autres institutions.",
			"Les personnes racontent moins souvent leur histoire à plusieurs interlocuteurs.",
			"Elle a été construite avec des personnes accompagnées, qui en ont relu chaque étape.",
			"Après une année d'essai, un bilan partagé a conduit à l'étendre à d'autres communes.",
			"Plus d'une centaine de personnes en ont bénéficié la première année.",
			"Les délais de réponse ont été réduits de moitié.",
		},
		actions: []string{
			"une convention simple entre les employeurs", "une fiche de liaison commune",
			"un temps de restitution en réunion plénière", "un coordinateur identifié par tous les partenaires",
			"un calendrier partagé des permanences", "un défraiement des personnes accompagnées qui participent",
		},
		proposals: []string{
			"Cette pratique peut être reprise ailleurs sans moyens importants.",
			"Nous la recommandons aux territoires qui ont plusieurs accueils sociaux proches les uns des autres.",
			"Sa condition de réussite est le temps reconnu aux professionnels pour y participer.",
			"La fiche complète est disponible dans le catalogue des pratiques du comité.",
			"Le comité souhaite la partager avec les autres comités locaux.",
		},
	},
	clts.CategoryGovernance: {
		group: groupReseau,
		titles: []string{
			"Un comité local co-piloté par plusieurs institutions", "Le comité, instance de suivi du schéma des solidarités",
			"Partager l'information entre institutions avec l'accord des personnes", "Une conférence territoriale des solidarités",
			"Des conventions de coopération entre le Département et les CCAS", "La place des élus dans le comité local",
			"Coordonner les financeurs pour éviter les ruptures", "Un pilotage partagé de l'accueil social inconditionnel",
		},
		observations: []string{
			"Le comité réunit à parts égales les institutions, les professionnels de terrain et les personnes accompagnées.",
			"Les réunions alternent entre les principales villes du territoire pour limiter les déplacements.",
			"Les partenaires restent engagés lorsque leurs propositions reviennent dans les décisions des institutions.",
			"Le co-pilotage demande un temps de préparation important, souvent sous-estimé.",
			"Certaines institutions peinent à désigner un représentant stable.",
			"Les échanges entre les réunions passent désormais par le portail du comité.",
			"Une charte de fonctionnement a été adoptée par les membres.",
		},
		actions: []string{
			"une présidence alternée entre les pilotes", "un ordre du jour préparé avec les partenaires",
			"un relevé de décisions publié après chaque réunion", "une convention de partage d'information",
			"des groupes de travail thématiques ouverts à tous les membres",
		},
		proposals: []string{
			"Nous proposons que le HCTS réunisse chaque année les pilotes des comités locaux.",
			"Une reconnaissance du comité dans les textes faciliterait l'engagement des institutions.",
			"Le comité souhaite être associé à l'élaboration des prochains schémas.",
			"La prise en charge des frais de déplacement des membres devrait être harmonisée.",
		},
	},
	clts.CategoryProfessions: {
		group: groupVisibilite,
		titles: []string{
			"Recruter et garder des travailleurs sociaux en zone rurale", "Des pairs aidants dans les équipes",
			"Les conseillers numériques, un nouveau métier de l'accompagnement", "Former ensemble les secrétaires d'accueil",
			"L'analyse de pratique mutualisée entre petites structures", "L'accueil des stagiaires, une charge à reconnaître",
			"Les écoles de travail social au comité", "Le référent de parcours, une fonction à définir",
		},
		observations: []string{
			"Des postes restent vacants plus de six mois, en particulier loin des grandes villes.",
			"Les jeunes diplômés quittent souvent leur premier poste au bout de deux ans.",
			"Les professionnels citent l'isolement dans de petites équipes et le manque de temps pour se former.",
			"Les candidatures aux formations d'assistant de service social et d'éducateur spécialisé baissent.",
			"Les stages en zone rurale sont difficiles à pourvoir faute de transport.",
			"De nouvelles fonctions apparaissent sans cadre ni formation reconnue.",
			"Les interventions de personnes accompagnées dans les formations changent le regard des étudiants.",
		},
		actions: []string{
			"des temps d'analyse de pratique communs à plusieurs employeurs", "un tutorat des nouveaux arrivants",
			"des modules de formation co-animés avec des personnes accompagnées", "une formation commune au premier accueil",
			"l'accueil d'étudiants aux réunions du comité",
		},
		proposals: []string{
			"Nous demandons une revalorisation des métiers du travail social.",
			"Un cadre national de rémunération des pairs formateurs est nécessaire.",
			"Les stages en zone rurale devraient être mieux indemnisés.",
			"La formation continue doit être comptée dans le temps de travail.",
		},
	},
	clts.CategoryResearch: {
		group: groupVisibilite,
		titles: []string{
			"Une recherche-action sur le non-recours aux droits", "Évaluer l'accompagnement avec les personnes",
			"Une thèse sur la coordination santé-social", "Ce que disent les professionnels de leur métier",
			"Mesurer l'effet des permanences délocalisées", "Une enquête auprès des membres du comité",
		},
		observations: []string{
			"Une école de travail social du territoire conduit ce travail avec les équipes de terrain.",
			"Trente entretiens ont été menés par des binômes étudiant et professionnel.",
			"Les personnes accompagnées du comité ont relu la grille d'entretien.",
			"Les premiers résultats montrent que la complexité des démarches pèse plus que le manque d'information.",
			"L'université associée apporte une méthode, le terrain apporte les questions.",
			"Les résultats seront présentés en réunion plénière avant d'être publiés.",
		},
		actions: []string{
			"un comité de suivi réunissant chercheurs, professionnels et personnes accompagnées",
			"des entretiens menés en binôme", "une restitution aux équipes qui ont participé",
			"un questionnaire diffusé aux membres du comité et à leurs équipes",
		},
		proposals: []string{
			"Nous souhaitons que ces travaux soient diffusés aux autres comités locaux.",
			"Un financement des recherches-actions de terrain serait précieux.",
			"Le comité propose de refaire cette enquête chaque année.",
		},
	},
	clts.CategoryParticipation: {
		group: groupParticipation,
		titles: []string{
			"Les personnes accompagnées, membres à part entière du comité", "Ce qui aide à prendre la parole en réunion",
			"Un barème commun pour défrayer les personnes qui participent", "Des documents faciles à lire pour chaque réunion",
			"Un groupe de travail co-animé par des personnes accompagnées", "La participation des personnes dans les formations",
		},
		observations: []string{
			"Des personnes accompagnées siègent au comité comme membres, et non comme invitées ponctuelles.",
			"Le remboursement des frais de transport le jour même a levé un frein important.",
			"Les documents envoyés une semaine avant chaque réunion aident à préparer les échanges.",
			"La prise de parole reste difficile dans une salle de trente personnes.",
			"Un temps de préparation entre personnes accompagnées précède chaque réunion plénière.",
			"La parole des personnes accompagnées est encore trop souvent sollicitée en fin d'ordre du jour.",
		},
		actions: []string{
			"une invitation remise en main propre avec un code plutôt qu'une adresse électronique",
			"un binôme avec un professionnel pour la première réunion", "des documents en facile à lire et à comprendre",
			"un défraiement versé le jour même", "la co-animation d'un groupe de travail",
		},
		proposals: []string{
			"Nous demandons un statut et un défraiement homogènes pour les personnes qui participent.",
			"Les indicateurs joints à cette contribution montrent les progrès de l'année.",
			"Le comité souhaite que la participation soit prise en compte dans les financements.",
		},
	},
}

// indicatorComments are pilots' comments on the participation figures.
var indicatorComments = []string{
	"La part des personnes accompagnées parmi les présences progresse, portée par le groupe de travail qu'elles co-animent.",
	"Les présences baissent en été ; les personnes accompagnées sont venues à la plupart des réunions plénières.",
	"Les réunions éloignées des villes restent difficiles d'accès sans voiture : nous testons la visioconférence.",
	"Peu de personnes accompagnées cette année : les invitations sont en cours avec les centres sociaux.",
}

// hctsReplies are the HCTS's replies to some contributions.
var hctsReplies = []string{
	"Merci au comité pour cette contribution. Elle nourrira le chapitre correspondant du rapport.",
	"Merci pour ce texte précis. Pourriez-vous nous indiquer si cette démarche a fait l'objet d'une convention entre les institutions ?",
	"Cette contribution sera citée en exemple dans le rapport. Nous reviendrons vers les pilotes pour en préciser les chiffres.",
}

package demo

// The national dataset's practices are assembled from these phrase banks:
// per theme (in the order of Groups), titles, summaries, needs, actions
// and results; shared banks for the people concerned, the places, the
// means and what it takes elsewhere. Enough variety that a French search
// meets plurals, verb forms, accents and rare words as it would in a real
// catalogue. A "%s" in a title or summary takes a public; a "%d" in a
// result takes a number.

// themePhrases are one theme's phrases.
type themePhrases struct {
	titles, summaries, needs, actions, results []string
}

// practicePublics are the people a practice is for.
var practicePublics = []string{
	"les personnes âgées isolées", "les familles monoparentales", "les jeunes de 16 à 25 ans", "les allocataires du RSA",
	"les personnes sans domicile", "les personnes en situation de handicap", "les habitants des quartiers prioritaires",
	"les travailleurs précaires", "les jeunes sortant de l'aide sociale à l'enfance", "les personnes étrangères primo-arrivantes",
	"les aidants familiaux", "les ménages en surendettement", "les victimes de violences conjugales", "les gens du voyage",
	"les agriculteurs en difficulté", "les étudiants boursiers",
}

// practicePlaces are where a practice takes place.
var practicePlaces = []string{
	"en milieu rural", "dans un quartier prioritaire", "à l'échelle du département", "dans une commune de 5 000 habitants",
	"sur un territoire de montagne", "en zone périurbaine", "dans une ville moyenne", "sur le littoral",
	"dans une communauté de communes", "au cœur de la métropole", "dans les bourgs-centres", "sur un territoire insulaire",
}

// practiceThemes are the phrases of the seven seed themes.
var practiceThemes = []themePhrases{
	{ // participation of supported persons
		titles: []string{"Un conseil consultatif des personnes accompagnées pour %s", "Des pairs formateurs auprès des étudiants en travail social",
			"Associer %s à l'évaluation des politiques sociales", "Un comité d'usagers dans les maisons de la solidarité",
			"Des personnes accompagnées membres des jurys de recrutement", "Co-construire le règlement des aides avec %s",
			"Une charte de la participation écrite avec %s", "Défrayer et rémunérer la participation des personnes accompagnées",
			"Le conseil de la vie sociale ouvert à %s", "Des groupes de parole animés par des pairs aidants"},
		summaries: []string{"Des personnes accompagnées siègent avec les professionnels et donnent leur avis sur les décisions qui les concernent.",
			"La parole de %s est recueillie avant chaque changement du service, puis suivie d'un retour écrit.",
			"Les personnes concernées participent à la formation initiale et continue des travailleurs sociaux.",
			"Un groupe de personnes accompagnées relit les courriers et les formulaires pour les rendre compréhensibles.",
			"La participation est défrayée sans avance de frais, et les réunions ont lieu à des horaires compatibles avec la vie de famille."},
		needs: []string{"Les personnes accompagnées étaient rarement consultées sur l'organisation des services.",
			"Les instances de participation existaient sur le papier mais ne réunissaient presque personne.",
			"Les étudiants arrivaient en stage sans avoir entendu le point de vue des personnes accompagnées.",
			"Les personnes précaires renonçaient à participer faute de pouvoir avancer leurs frais de transport."},
		actions: []string{"recrutement de volontaires parmi les personnes accompagnées", "formation commune des professionnels et des personnes concernées",
			"réunions mensuelles à horaires adaptés", "défraiement immédiat des transports et de la garde d'enfants",
			"co-animation des séances par un binôme professionnel et pair", "retour écrit sur chaque proposition retenue ou écartée",
			"relecture des documents en langage facile à lire et à comprendre", "participation aux jurys de recrutement"},
		results: []string{"%d personnes accompagnées ont participé au moins une fois.", "Plus de %d propositions ont été retenues par les services.",
			"Le taux de présence aux réunions a progressé de %d %%.", "%d courriers ont été réécrits avec les personnes concernées."},
	},
	{ // mutual knowledge of institutions and professions
		titles: []string{"Des immersions croisées entre les services sociaux du territoire", "Un annuaire partagé des permanences sociales",
			"Les petits-déjeuners de l'interconnaissance", "Former ensemble les agents d'accueil au premier accueil social",
			"Une journée d'accueil commune des nouveaux professionnels", "Un guide des dispositifs d'aide pour %s",
			"Des référents de liaison entre la CAF, la CPAM et le Département", "Connaître les métiers des partenaires : un forum annuel",
			"Des visites de services pour les travailleurs sociaux débutants", "Un lexique commun des sigles du social"},
		summaries: []string{"Les professionnels découvrent le fonctionnement des autres institutions et repartent avec un contact direct.",
			"Chaque institution présente ses missions, ses délais et ses critères, pour des orientations plus justes vers les partenaires.",
			"Un outil simple, tenu à jour par chaque partenaire, recense qui reçoit %s, où et quand.",
			"Les agents d'accueil de plusieurs institutions suivent la même formation et se connaissent mieux."},
		needs: []string{"Les orientations entre services se faisaient à l'aveugle et renvoyaient les personnes d'un guichet à l'autre.",
			"Les nouveaux professionnels mettaient des mois à identifier leurs interlocuteurs.",
			"Chaque institution ignorait les délais et les critères d'attribution des autres.",
			"Les sigles et le jargon de chaque service rendaient les échanges difficiles."},
		actions: []string{"catalogue d'immersions d'une journée deux fois par an", "présentation d'un service partenaire à chaque rencontre",
			"annuaire des permanences mis à jour chaque trimestre", "formation commune des secrétaires d'accueil",
			"désignation d'un référent de liaison par institution", "fiche de retour après chaque immersion",
			"lexique des sigles diffusé à tous les accueils", "rencontre annuelle de tous les participants"},
		results: []string{"%d immersions ont eu lieu depuis le lancement.", "Les orientations inadaptées ont baissé de %d %%.",
			"%d professionnels ont participé aux rencontres.", "L'annuaire recense %d permanences à jour."},
	},
	{ // network working
		titles: []string{"Un réseau santé-précarité pour les situations complexes", "Coordonner les maraudes pendant le plan grand froid",
			"Une réunion mensuelle de concertation autour de %s", "Prévenir les expulsions locatives avec les bailleurs sociaux",
			"Un réseau d'entraide entre les épiceries solidaires", "Une plateforme partenariale pour l'insertion de %s",
			"Le réseau des acteurs de la protection de l'enfance", "Mutualiser les transports solidaires du territoire",
			"Un réseau de veille contre l'isolement des seniors", "Coopérer avec les associations caritatives pour l'aide alimentaire"},
		summaries: []string{"Les professionnels du social, du soin et du logement étudient ensemble les situations bloquées, avec l'accord des personnes.",
			"Les partenaires se répartissent les interventions et partagent un tableau de suivi pour ne laisser personne de côté.",
			"Un réseau coordonné repère plus tôt les difficultés de %s et propose un accompagnement avant la crise.",
			"Une charte de partage d'informations permet aux partenaires de travailler ensemble dans le respect du secret professionnel."},
		needs: []string{"Plusieurs services intervenaient auprès des mêmes familles sans se coordonner.",
			"Les situations les plus complexes passaient d'un service à l'autre sans solution.",
			"Certains quartiers n'étaient jamais visités tandis que d'autres l'étaient plusieurs fois.",
			"Les impayés de loyer n'étaient connus qu'au moment de l'assignation."},
		actions: []string{"réunion mensuelle de concertation pluridisciplinaire", "charte de partage d'informations signée par les partenaires",
			"désignation d'un coordinateur pour chaque situation", "planning commun des interventions",
			"tableau de suivi partagé sans données nominatives inutiles", "point téléphonique hebdomadaire entre coordinateurs",
			"signalement précoce des impayés par les bailleurs", "bilan annuel partagé avec les directions"},
		results: []string{"%d situations ont été étudiées en concertation.", "%d %% des situations se sont débloquées dans les six mois.",
			"%d ménages ont conservé leur logement.", "Le réseau réunit aujourd'hui %d structures."},
	},
	{ // the single coordinating referent
		titles: []string{"Un référent de parcours choisi par la personne", "Expérimenter le référent unique pour %s",
			"Une synthèse partenariale en présence de la personne", "Le référent de parcours en sortie d'hospitalisation",
			"Coordonner l'accompagnement global des allocataires du RSA", "Un plan d'accompagnement unique pour %s",
			"Le référent unique dans les maisons France Services", "Reconnaître le temps de coordination des référents"},
		summaries: []string{"La personne choisit un professionnel qui coordonne tous ses accompagnements et qu'elle peut joindre directement.",
			"Une seule personne coordonne l'accompagnement de %s et évite de répéter son histoire à chaque guichet.",
			"Une réunion de synthèse, en présence de la personne, fixe un plan d'accompagnement commun à tous les intervenants.",
			"Le référent de parcours est formé avec ses partenaires et dispose de temps reconnu pour la coordination."},
		needs: []string{"Certaines personnes avaient jusqu'à six interlocuteurs différents et racontaient leur histoire à chacun.",
			"Les professionnels ignoraient ce que faisaient les autres intervenants.",
			"Les plans d'aide se contredisaient d'un service à l'autre.",
			"Les retours à domicile après une hospitalisation échouaient faute de coordination."},
		actions: []string{"choix du référent par la personne elle-même", "réunion de synthèse en présence de la personne",
			"plan d'accompagnement unique partagé", "point d'étape tous les trois mois",
			"formation commune des référents et des partenaires", "charte de partage d'informations",
			"numéro direct du référent remis à la personne", "évaluation avec les personnes accompagnées"},
		results: []string{"%d personnes ont bénéficié d'un référent de parcours.", "%d %% des personnes disent ne plus avoir à répéter leur situation.",
			"Le nombre de rendez-vous manqués a baissé de %d %%.", "%d professionnels ont été formés à la démarche."},
	},
	{ // access to rights in the digital age
		titles: []string{"Un atelier numérique pour %s", "Le coffre-fort numérique pour conserver ses justificatifs",
			"Des conseillers numériques dans les maisons de la solidarité", "Un bus France Services itinérant",
			"Les rendez-vous des droits pour lutter contre le non-recours", "Une permanence sans écran pour les démarches administratives",
			"Prêter des tablettes et accompagner les démarches en ligne", "Médiation numérique et accès aux droits de %s",
			"Former les travailleurs sociaux aux démarches dématérialisées", "Un simulateur de droits utilisé avec la personne"},
		summaries: []string{"Les personnes apprennent à créer et utiliser leurs comptes en ligne (CAF, Ameli, impôts) pour faire seules leurs démarches.",
			"Un accompagnement numérique adapté aide %s à accéder à leurs droits sans dépendre d'un tiers.",
			"Un coffre-fort numérique gratuit garde les justificatifs : pièce d'identité, avis d'imposition, quittances.",
			"Une médiation sociale et numérique réduit le non-recours aux prestations et aux aides locales."},
		needs: []string{"La dématérialisation des démarches éloignait de leurs droits les personnes sans ordinateur ni connexion.",
			"Les agents d'accueil faisaient les démarches à la place des personnes, sans qu'elles gagnent en autonomie.",
			"Les personnes à la rue perdaient leurs papiers et recommençaient chaque démarche.",
			"Le non-recours à la complémentaire santé solidaire restait élevé."},
		actions: []string{"ateliers collectifs en petit groupe sur rendez-vous", "parcours en quatre séances sur les comptes en ligne",
			"prêt de tablettes pendant les ateliers", "création accompagnée d'un coffre-fort numérique",
			"rendez-vous de suivi un mois plus tard", "tournée hebdomadaire dans les communes rurales",
			"simulation des droits avec la personne, écran partagé", "formation des agents d'accueil à la médiation numérique"},
		results: []string{"%d personnes ont suivi le parcours complet.", "%d %% des participants font désormais seuls leurs démarches en ligne.",
			"%d coffres-forts numériques ont été ouverts.", "En moyenne, %d droits nouveaux ont été ouverts chaque mois."},
	},
	{ // transmission of the values of the Republic
		titles: []string{"Laïcité et travail social : des ateliers de cas pratiques", "Une journée citoyenne préparée avec %s",
			"Le livret citoyen des jeunes accompagnés", "Former les équipes au principe de laïcité",
			"Égalité entre les femmes et les hommes dans l'accompagnement", "Débattre des valeurs de la République avec %s",
			"Un théâtre-forum sur la fraternité et les discriminations", "Lutter contre les discriminations dans l'accès aux droits"},
		summaries: []string{"Des ateliers à partir de situations réelles aident les équipes à appliquer la laïcité avec justesse.",
			"Des débats préparés avec %s font vivre la liberté, l'égalité, la fraternité et la laïcité.",
			"Les professionnels et les personnes accompagnées échangent sur les droits, les devoirs et la citoyenneté.",
			"Un théâtre-forum met en scène des situations de discrimination et cherche des réponses avec le public."},
		needs: []string{"Les équipes se sentaient démunies face à certaines situations liées aux convictions religieuses.",
			"Les séances sur les valeurs de la République étaient vécues comme des cours magistraux.",
			"Les réponses aux situations de discrimination variaient d'un professionnel à l'autre.",
			"Les jeunes ne se sentaient pas concernés par la citoyenneté."},
		actions: []string{"recueil de situations vécues par les équipes", "ateliers animés par un formateur et un juriste",
			"fiches-repères validées par les directions", "séances de préparation en petits groupes",
			"débats publics avec un théâtre-forum", "restitution écrite par les participants",
			"formation à la prévention des discriminations", "intervention de délégués du Défenseur des droits"},
		results: []string{"%d professionnels ont été formés.", "%d jeunes ont participé aux journées citoyennes.",
			"Les directions constatent %d %% de conflits en moins.", "%d fiches-repères ont été diffusées aux équipes."},
	},
	{ // visibility and evaluation of social work
		titles: []string{"Une grille d'évaluation de l'accompagnement écrite avec %s", "Une exposition photo sur les métiers du travail social",
			"Un rapport d'activité sociale lisible par tous", "Mesurer l'impact de l'accompagnement social",
			"Faire découvrir les métiers du social aux collégiens", "Recueillir la satisfaction de %s",
			"Des indicateurs partagés pour évaluer le travail social", "Valoriser le travail social dans la presse locale"},
		summaries: []string{"L'évaluation ne compte plus seulement les rendez-vous : elle demande aux personnes ce que l'accompagnement a changé.",
			"Une grille de dix questions, écrite avec %s, mesure l'écoute, la compréhension des droits et les progrès réalisés.",
			"Une exposition et des rencontres font connaître le travail social au grand public et aux futurs professionnels.",
			"Les résultats de l'évaluation sont présentés aux équipes puis aux élus pour améliorer l'accueil."},
		needs: []string{"Les rapports d'activité comptaient des actes sans dire ce que l'accompagnement changeait pour les personnes.",
			"Le travail social souffrait d'une image floue et les métiers peinaient à recruter.",
			"Les élus demandaient des résultats que les indicateurs existants ne montraient pas.",
			"Les équipes ne recevaient jamais de retour des personnes accompagnées."},
		actions: []string{"grille d'évaluation co-construite avec les personnes", "questionnaires anonymes en fin d'accompagnement",
			"analyse annuelle présentée aux équipes", "exposition itinérante dans les halls d'accueil",
			"interventions de professionnels dans les collèges", "rapport d'activité illustré en langage courant",
			"indicateurs partagés entre institutions", "témoignages recueillis avec l'accord des personnes"},
		results: []string{"%d grilles d'évaluation ont été recueillies.", "%d %% des personnes disent avoir été écoutées.",
			"L'exposition a été montrée dans %d lieux.", "Les candidatures aux formations sociales ont progressé de %d %%."},
	},
}

// practiceMeans, practiceTransfers, returnComments and withdrawReasons
// are shared by every theme.
var practiceMeans = []string{
	"une coordinatrice à mi-temps pendant la première année", "un budget annuel de quelques milliers d'euros",
	"des professionnels volontaires, formés deux jours", "une salle prêtée par la commune",
	"un cofinancement du Département et de la CAF", "du temps de travail reconnu par les directions",
	"un appel à projets de l'agence régionale de santé", "le plan de formation mutualisé des partenaires",
	"une convention signée entre les institutions", "des bénévoles associatifs encadrés par un travailleur social",
}

var practiceTransfers = []string{
	"Associer les personnes concernées dès la conception.", "Obtenir l'accord des directions avant de commencer.",
	"Désigner un coordinateur identifié par tous les partenaires.", "Commencer par une année d'essai suivie d'un bilan partagé.",
	"Prévoir le défraiement des participants avant la première réunion.", "Choisir des outils simples plutôt qu'un logiciel.",
	"Reconnaître le temps de coordination dans la charge de travail.", "Écrire une charte de partage d'informations.",
	"Présenter la démarche aux équipes comme une aide, pas comme un contrôle.", "Prévoir des horaires compatibles avec la vie de famille.",
}

var returnComments = []string{
	"Merci pour cette fiche. Pouvez-vous préciser les moyens engagés et les résultats chiffrés ?",
	"Pouvez-vous retirer les noms des personnes citées et préciser le territoire concerné ?",
	"Le résumé est trop long pour les listes : pouvez-vous le ramener à deux ou trois phrases ?",
}

var withdrawReasons = []string{
	"L'action s'est arrêtée et le contact a quitté le service.",
	"Fiche en double avec une autre pratique du comité.",
	"Les chiffres sont dépassés ; la fiche sera réécrite.",
}

package demo

import (
	"fmt"

	"github.com/portail-clts/clts/internal/clts"
)

// campaignIntroduction is the HCTS's introduction of the campaign of year.
func campaignIntroduction(year int) string {
	return fmt.Sprintf(`Le Haut Conseil du travail social prépare son rapport %d sur l'état du travail social. Les comités locaux du travail social et du développement social en sont la source de terrain : ils portent à la connaissance du HCTS les besoins territoriaux émergents, les pratiques inspirantes et ce qu'ils voient de la gouvernance territoriale, de l'évolution des métiers et des formations, de la recherche en travail social et de la participation des personnes accompagnées.

Chaque comité peut transmettre **une ou plusieurs contributions par catégorie**. Une contribution tient en une à trois pages : partez de situations observées, dites ce qui marche et ce qui manque, et proposez ce que le niveau national pourrait faire. Les contributions sont validées et transmises par les pilotes du comité avant la date limite.

Les noms des auteurs ne sont transmis qu'avec leur accord. Merci de ne citer aucune personne accompagnée par son nom.`, year)
}

// campaignGuidance is the HCTS's guidance for each category.
func campaignGuidance() map[string]clts.CategoryGuidance {
	return map[string]clts.CategoryGuidance{
		clts.CategoryNeeds: {Text: `Quels besoins sociaux voyez-vous apparaître sur votre territoire, que les dispositifs existants couvrent mal ou pas du tout ?

- décrivez la situation, les personnes concernées et depuis quand vous l'observez ;
- dites ce que les acteurs font déjà et ce qui manque ;
- appuyez-vous sur des faits : chiffres de vos services, situations rendues anonymes.`},
		clts.CategoryPractices:   {Text: `Présentez les pratiques inspirantes de votre territoire : ce qui a été fait, avec qui, ce que cela a changé pour les personnes et les professionnels, et à quelles conditions d'autres territoires pourraient s'en inspirer. Reliez votre contribution aux fiches de votre catalogue de pratiques : celles qui sont partagées au niveau national seront lisibles par le HCTS.`},
		clts.CategoryGovernance:  {Text: `Comment les institutions de votre territoire travaillent-elles ensemble sur le travail social et le développement social ? Instances, conventions, schémas, place du comité local : décrivez ce qui fonctionne, ce qui bloque, et ce que le comité a permis de faire avancer.`},
		clts.CategoryProfessions: {Text: `Évolution des métiers et des formations : difficultés de recrutement, attractivité, formation initiale et continue, nouvelles fonctions (conseillers numériques, pairs aidants, référents de parcours). Qu'observez-vous, et que proposez-vous ?`},
		clts.CategoryResearch:    {Text: `Quels travaux de recherche, recherches-actions ou partenariats avec les établissements de formation et les universités sont menés sur votre territoire ? Que nous apprennent-ils, et comment les professionnels et les personnes accompagnées y sont-ils associés ?`},
		clts.CategoryParticipation: {Text: `Comment progresse la participation des personnes accompagnées, dans le comité, dans les formations et dans les politiques publiques du territoire ?

Les **indicateurs de participation** calculés par le portail à partir des feuilles d'émargement (réunions tenues, présences, part des personnes accompagnées, groupes co-animés) sont joints automatiquement à votre contribution au moment de la transmission : commentez-les.`},
	}
}

// contributionStories are the demo's contributions, in the order they are
// written: the 2019 campaign's first, then the current one's.
func contributionStories() []*contributionStory {
	return append(stories2019(), storiesCurrent()...)
}

func stories2019() []*contributionStory {
	return []*contributionStory{
		{Committee: "37-41", Campaign: 2019, Category: clts.CategoryNeeds, Author: "partenaire", Coauthors: []string{"isabelle.bonnet"},
			Group: groupNumerique, Practices: []string{"coffre-fort"}, State: clts.ContributionTransmitted,
			Consent: []string{"partenaire", "isabelle.bonnet"}, Retained: true, Read: true,
			Title: "L'accès aux droits freiné par la dématérialisation des démarches",
			Body: `Depuis deux ans, les accueils de la CAF Touraine, des CCAS et des maisons de la solidarité reçoivent de plus en plus de personnes qui viennent non pour un droit nouveau, mais parce qu'elles n'arrivent plus à faire seules une démarche passée en ligne : déclaration trimestrielle, prime d'activité, renouvellement de la complémentaire santé.

## Ce que nous observons

- des personnes sans équipement, ou avec un seul téléphone partagé dans la famille ;
- des personnes équipées mais qui ne savent pas retrouver leurs identifiants, et qui renoncent ;
- des professionnels qui passent une part croissante de leurs entretiens à « faire à la place », faute de temps pour apprendre avec la personne.

## Ce qui manque

Une offre d'accompagnement au numérique lisible à l'échelle du département, et un temps reconnu pour l'apprentissage dans les accueils. Le comité propose que le HCTS porte au niveau national la question du « droit à un guichet humain » pour chaque démarche dématérialisée.`},
		{Committee: "37-41", Campaign: 2019, Category: clts.CategoryPractices, Author: "pilote",
			State: clts.ContributionTransmitted, Consent: []string{"pilote"}, Read: true,
			Title: "Recenser les pratiques inspirantes des institutions partenaires : notre méthode",
			Body: `Lors de sa réunion de février 2019, le comité a demandé à chaque institution partenaire de recenser deux pratiques inspirantes. Nous avons utilisé une fiche commune : le contexte, ce qui a été fait, avec qui, les moyens, les résultats et ce qui est transférable.

Quatorze fiches ont été reçues en quatre mois, de la CAF Touraine, de l'UD CCAS 37, du CIAS du Blaisois, de la FAS et des deux Départements. Leur relecture en réunion plénière a été l'occasion, pour beaucoup de membres, de découvrir le travail des autres institutions.

Nous retenons deux conditions : un modèle de fiche court, et un temps de présentation orale en réunion, sans lequel les fiches restent lettre morte.`},
		{Committee: "37-41", Campaign: 2019, Category: clts.CategoryGovernance, Author: "pilote", Coauthors: []string{"pilote41"},
			State: clts.ContributionTransmitted, Consent: []string{"pilote", "pilote41"},
			Title: "Préfigurer un comité local à deux départements",
			Body: `Les Conseils départementaux d'Indre-et-Loire et de Loir-et-Cher ont choisi de s'associer pour préfigurer un comité local du travail social et du développement social, retenu par le HCTS en septembre 2018.

Le co-pilotage a demandé de s'accorder sur une présidence alternée, des réunions bimestrielles alternativement à Tours et à Blois, et une charte de fonctionnement adoptée par les membres. Les partenaires institutionnels (CAF Touraine, UD CCAS 37, CIAS du Blaisois, ARS), les fédérations (FAS, CRPA) et les écoles (IRFSS, ITS) siègent à parts égales avec les professionnels de terrain et les personnes accompagnées.

La principale difficulté est la distance : certains membres font plus d'une heure de route. Nous demandons que les frais de déplacement des personnes accompagnées soient pris en charge de façon homogène entre départements.`},
		{Committee: "37-41", Campaign: 2019, Category: clts.CategoryProfessions, Author: "celine.gauthier", Coauthors: []string{"paul.lefebvre"},
			State: clts.ContributionTransmitted, Consent: []string{"celine.gauthier", "paul.lefebvre"},
			Title: "Les écoles de travail social au comité : former ensemble",
			Body: `L'IRFSS et l'ITS de Tours siègent au comité depuis sa création. Leur présence permet de faire entrer dans les formations initiales les questions que le terrain soulève : l'accès aux droits numériques, le travail en réseau, la participation des personnes.

Nous avons ouvert aux étudiants deux réunions plénières et un groupe de travail. En retour, des professionnels du comité interviennent dans les modules de première année.

Nous observons une baisse des candidatures aux formations d'assistant de service social et d'éducateur spécialisé ; les stages en zone rurale sont difficiles à pourvoir faute de transport.`},
		{Committee: "37-41", Campaign: 2019, Category: clts.CategoryResearch, Author: "paul.lefebvre",
			State: clts.ContributionTransmitted, Consent: []string{"paul.lefebvre"},
			Title: "Relire l'enquête exploratoire du HCTS à l'échelle de l'Indre-et-Loire et du Loir-et-Cher",
			Body: `L'enquête exploratoire lancée par le HCTS en 2017 a reçu 2 351 réponses. Elle montrait que 72 % des répondants ne connaissaient pas le plan d'action en faveur du travail social, et que 88 % étaient favorables à un espace local interinstitutionnel.

Avec des étudiants de l'ITS, nous avons reposé quelques-unes de ces questions aux membres du comité et à leurs équipes (120 réponses). La connaissance du HCTS progresse parmi les membres du comité, mais reste faible dans les équipes de terrain.

Nous proposons de refaire cette mesure chaque année, pour suivre l'ancrage territorial du HCTS.`},
		{Committee: "37-41", Campaign: 2019, Category: clts.CategoryParticipation, Author: "accompagne", Coauthors: []string{"pilote", "marcel.girard"},
			Group: groupParticipation, State: clts.ContributionTransmitted, Consent: []string{"pilote", "marcel.girard"},
			IndicatorsComment: "Dès la première année, des personnes accompagnées ont assisté à chacune des réunions plénières. Le groupe « Participation des personnes accompagnées » est co-animé par deux d'entre elles.",
			Title:             "Les personnes accompagnées au cœur du comité dès sa première année",
			Body: `Le comité a voulu, dès sa création, que les personnes accompagnées y siègent comme membres à part entière, et non comme invitées ponctuelles.

Ce qui a aidé :

- une invitation remise en main propre par un travailleur social, avec un code à saisir plutôt qu'une adresse électronique ;
- le remboursement des frais de transport le jour même ;
- des documents courts, envoyés une semaine avant chaque réunion ;
- un binôme avec un professionnel pour la première réunion.

Ce qui reste difficile : prendre la parole dans une salle de trente personnes, et suivre des sigles que tout le monde connaît sauf nous.`},
		{Committee: "autre", Campaign: 2019, Category: clts.CategoryGovernance, Author: "pilote-autre",
			State: clts.ContributionTransmitted, Consent: []string{"pilote-autre"},
			Title: "Premiers pas d'un comité local dans le Loiret",
			Body: `Le Département du Loiret a réuni en 2019 les acteurs de l'action sociale du territoire pour préparer un comité local. Trois réunions ont permis de s'accorder sur les thèmes prioritaires : l'accès aux droits en zone rurale, l'accueil des jeunes majeurs et la coordination santé-social.

La participation des personnes accompagnées reste à construire : aucune n'a encore siégé.`},
	}
}

func storiesCurrent() []*contributionStory {
	return []*contributionStory{
		// 37-41: every category, every state.
		{Committee: "37-41", Category: clts.CategoryNeeds, Author: "professionnel", Coauthors: []string{"julien.mercier"},
			Group: groupReseau, Practices: []string{"jeunes majeurs"}, State: clts.ContributionTransmitted,
			Consent: []string{"professionnel", "julien.mercier"}, Read: true, Retained: true,
			Reply: `Merci au comité pour cette contribution précise. La question des sorties de l'aide sociale à l'enfance sans solution sera l'un des axes du chapitre « besoins émergents » du rapport. Pourriez-vous nous indiquer si la veille partagée décrite a fait l'objet d'une convention entre les institutions ? Nous aimerions la citer en exemple.`,
			Title: "Des jeunes majeurs sans solution à la sortie de l'aide sociale à l'enfance",
			Body: `Dans le Vendômois comme dans l'agglomération de Tours, les équipes de prévention et les missions locales voient arriver des jeunes de 18 à 21 ans sortis de l'aide sociale à l'enfance sans logement stable ni ressources, parfois en cours d'études.

## Ce que nous observons

- une quinzaine de situations par trimestre signalées au réseau du Vendômois ;
- des ruptures au moment du passage à la majorité, malgré les contrats jeunes majeurs ;
- des jeunes qui ne sollicitent plus aucun service après une mauvaise expérience.

## Ce que les acteurs font déjà

Une veille partagée entre l'aide sociale à l'enfance, la mission locale et les CCAS permet de repérer les jeunes six mois avant leur majorité.

## Ce qui manque

Des solutions de logement accompagné en nombre suffisant, et un référent unique qui reste le même avant et après 18 ans.`},
		{Committee: "37-41", Category: clts.CategoryNeeds, Author: "nathalie.garnier", State: clts.ContributionProposed,
			Title: "L'isolement des personnes âgées dans le Chinonais après la fermeture des guichets",
			Body: `Depuis la fermeture de plusieurs guichets de proximité, la maison départementale de la solidarité de Chinon reçoit des personnes âgées venues pour une démarche qu'elles faisaient auparavant au bureau de poste ou à la mairie.

Beaucoup vivent seules, loin de leurs enfants, sans voiture. Les aides à domicile sont souvent les seules à les voir chaque semaine ; elles repèrent les situations mais ne savent pas toujours à qui les signaler.

Nous proposons de faire connaître le dispositif d'appui à la coordination aux services d'aide à domicile, et de créer une fiche de signalement commune.`},
		{Committee: "37-41", Category: clts.CategoryPractices, Author: "partenaire", Coauthors: []string{"isabelle.bonnet", "amelie.roux"},
			Group: groupInterco, Practices: []string{"Vis ma vie", "petits-déjeuners"}, State: clts.ContributionTransmitted,
			Consent: []string{"partenaire", "isabelle.bonnet", "amelie.roux"}, Read: true,
			Correction: "\n\n## Mise à jour\n\nDepuis la transmission, douze nouvelles immersions ont eu lieu, dont quatre avec la Mission locale de Tours. La fiche de retour d'immersion est désormais remplie en ligne.",
			Title:      "Se connaître pour mieux orienter : les immersions croisées entre CAF, CCAS et maisons de la solidarité",
			Body: `Pendant une journée, une conseillère de la CAF suit une assistante sociale de maison de la solidarité, qui passe à son tour une journée à l'accueil d'un CCAS. Le comité a organisé vingt-six immersions croisées en un an.

## Ce que cela change

- les professionnels orientent mieux : ils savent ce que fait l'accueil d'à côté, et à qui téléphoner ;
- les personnes racontent moins souvent leur histoire plusieurs fois ;
- les équipes se connaissent par leur prénom.

## Conditions pour le reproduire

Une convention simple entre employeurs, une fiche de retour d'immersion, et un temps de restitution en réunion plénière. Les petits-déjeuners de l'interconnaissance organisés à Chinon prolongent ces immersions.`},
		{Committee: "37-41", Category: clts.CategoryPractices, Author: "thomas.petit", Group: groupNumerique,
			Practices: []string{"atelier numérique"}, State: clts.ContributionDraft,
			Title: "Un atelier numérique chaque semaine à Blois",
			Body: `Notes pour la contribution (à compléter avec Camille) : l'atelier du mardi au CIAS, 8 places, animé par un conseiller numérique et une travailleuse sociale. Objectif : que chacun sache ouvrir ses comptes en ligne et s'en servir seul.

À ajouter : les chiffres de fréquentation de l'année, et deux témoignages.`},
		{Committee: "37-41", Category: clts.CategoryGovernance, Author: "pilote41", Coauthors: []string{"pilote"}, State: clts.ContributionValidated,
			Consent: []string{"pilote41", "pilote"},
			Title:   "Co-piloter un comité à deux départements : ce que nous avons appris",
			Body: `Après plusieurs années de fonctionnement, le co-pilotage du comité par les Départements d'Indre-et-Loire et de Loir-et-Cher est devenu une habitude de travail : ordre du jour préparé ensemble, réunions alternées entre Tours et Blois, secrétariat partagé.

Trois enseignements :

1. le comité n'est pas une instance de plus lorsqu'il traite de situations concrètes, apportées par les professionnels et les personnes accompagnées ;
2. les partenaires restent lorsque leurs propositions reviennent dans les schémas départementaux ;
3. un outil commun (ce portail) évite que les échanges se perdent dans les boîtes aux lettres.

Nous proposons que le HCTS réunisse chaque année les pilotes des comités locaux.`},
		{Committee: "37-41", Category: clts.CategoryGovernance, Author: "helene.marchand", State: clts.ContributionDraft,
			Returned: "Merci pour ce texte. Pourriez-vous préciser quelles institutions ont signé la convention et ce qu'elle change concrètement pour les personnes ? Évitez aussi de citer le prénom de la personne dans l'exemple.",
			Title:    "Partager l'information entre institutions, avec l'accord des personnes",
			Body: `L'ARS et les deux Départements ont travaillé à une convention de partage d'information pour les situations complexes, qui nécessitent l'intervention de plusieurs services.

Exemple : Mme L., 67 ans, suivie à la fois par le service social, l'équipe mobile de psychiatrie et le service d'aide à domicile, devait raconter sa situation à chaque nouveau professionnel.

La convention prévoit un recueil écrit du consentement de la personne et une liste limitée d'informations partagées.`},
		{Committee: "37-41", Category: clts.CategoryProfessions, Author: "celine.gauthier", Coauthors: []string{"marcel.girard"},
			Group: groupVisibilite, Practices: []string{"co-animent"}, State: clts.ContributionProposed,
			Title: "Des pairs formateurs dans les écoles de travail social : une fonction à reconnaître",
			Body: `Depuis trois ans, des personnes accompagnées co-animent des cours à l'IRFSS, notamment dans le module « premier accueil » des futurs assistants de service social.

Les étudiants disent que ces interventions changent leur regard. Les pairs formateurs, eux, disent le temps de préparation, la fatigue, et la difficulté à être payés sans perdre une partie de leurs droits.

Nous demandons un cadre national de rémunération des pairs formateurs, compatible avec les minima sociaux.`},
		{Committee: "37-41", Category: clts.CategoryProfessions, Author: "amelie.roux", Coauthors: []string{"camille.durand"},
			State: clts.ContributionTransmitted, Consent: []string{"amelie.roux"},
			Title: "Recruter et garder des travailleurs sociaux dans les CCAS ruraux",
			Body: `Les CCAS de l'Indre-et-Loire peinent à recruter : des postes de conseillère en économie sociale et familiale restent vacants plus de six mois, et les jeunes diplômés partent au bout de deux ans.

Les raisons données par les professionnels : l'isolement dans de petites équipes, des salaires peu attractifs, le manque de temps pour la formation continue.

Ce qui aide : des temps d'analyse de pratique mutualisés entre CCAS, l'accueil de stagiaires, et la participation au comité, qui rompt l'isolement.`},
		{Committee: "37-41", Category: clts.CategoryResearch, Author: "paul.lefebvre", Coauthors: []string{"nathalie.garnier"},
			State: clts.ContributionValidated, Consent: []string{"paul.lefebvre", "nathalie.garnier"},
			Title: "Une recherche-action avec l'ITS de Tours sur le non-recours aux droits",
			Body: `L'ITS de Tours conduit avec les maisons de la solidarité du Chinonais une recherche-action sur le non-recours aux droits : pourquoi des personnes éligibles ne demandent-elles pas la prime d'activité ou la complémentaire santé solidaire ?

Trente entretiens ont été menés par des binômes étudiant-professionnel. Premiers résultats : la peur du contrôle, la complexité des justificatifs et le sentiment de ne pas être concerné pèsent davantage que le manque d'information.

Les personnes accompagnées du comité ont relu la grille d'entretien.`},
		{Committee: "37-41", Category: clts.CategoryResearch, Author: "celine.gauthier", Practices: []string{"grille d'évaluation"},
			State: clts.ContributionDraft,
			Title: "Évaluer avec les personnes : premiers résultats de la grille co-construite",
			Body:  `Brouillon : présenter la grille d'évaluation écrite avec les personnes accompagnées, les trois sites qui l'ont testée, et les premiers résultats. Demander à Marcel s'il accepte d'être co-auteur.`},
		{Committee: "37-41", Category: clts.CategoryParticipation, Author: "accompagne", Coauthors: []string{"marcel.girard", "pilote"},
			Group: groupParticipation, Practices: []string{"relit les courriers", "barème"}, State: clts.ContributionTransmitted,
			Consent:           []string{"marcel.girard", "pilote"},
			IndicatorsComment: "La part des personnes accompagnées parmi les présences progresse, portée par le groupe « Participation », qu'elles co-animent. Elle reste plus faible aux réunions plénières de Blois, plus difficiles d'accès sans voiture.",
			Title:             "Ce qui a changé pour la participation des personnes accompagnées cette année",
			Body: `Cette année, les personnes accompagnées ont pris une place plus visible dans le comité : elles co-animent le groupe de travail « Participation », relisent les courriers du Département avant leur envoi et ont obtenu un barème commun de défraiement.

## Ce qui a progressé

- un défraiement identique dans les deux départements, versé le jour même ;
- des documents en « facile à lire et à comprendre » pour chaque réunion plénière ;
- un temps de préparation avant chaque réunion, entre personnes accompagnées.

## Ce qui reste à faire

Les réunions à Blois restent difficiles d'accès sans voiture. Et la parole des personnes accompagnées est encore trop souvent sollicitée à la fin de l'ordre du jour.`},
		{Committee: "37-41", Category: clts.CategoryParticipation, Author: "fatima.belkacem", State: clts.ContributionDraft,
			Title: "Ce qui m'a aidée à prendre la parole au comité",
			Body: `La première fois je n'ai rien dit. Je ne connaissais pas les mots. Sylvie m'a expliqué avant la réunion.

Ce qui m'aide : avoir les papiers avant, pouvoir venir avec quelqu'un, qu'on me demande mon avis au début et pas à la fin.`},

		// The Loiret: every category, every state.
		{Committee: "autre", Category: clts.CategoryNeeds, Author: "pilote-autre", State: clts.ContributionTransmitted,
			Consent: []string{"pilote-autre"}, Read: true,
			Title: "Le Gâtinais, loin de tout accueil social",
			Body: `Dans l'est du Loiret, certaines communes sont à plus de quarante minutes du premier accueil social. Les personnes sans voiture renoncent à leurs rendez-vous, et les professionnels passent une part importante de leur temps sur la route.

Nous observons une hausse des demandes d'aide alimentaire chez des retraités et des travailleurs pauvres qui n'avaient jamais sollicité les services sociaux.`},
		{Committee: "autre", Category: clts.CategoryPractices, Author: "pilote-autre", Practices: []string{"bus France Services"},
			State: clts.ContributionValidated,
			Title: "Un bus France Services itinérant pour l'accès aux droits numériques",
			Body: `Depuis deux ans, un bus France Services s'arrête chaque semaine dans huit communes du Gâtinais. À bord, deux agents et, un jour sur deux, une travailleuse sociale du Département.

Plus de 1 500 personnes ont été reçues la première année ; la moitié venaient pour une démarche en ligne qu'elles ne pouvaient pas faire seules.`},
		{Committee: "autre", Category: clts.CategoryGovernance, Author: "pilote-autre", State: clts.ContributionProposed,
			Title: "Un comité local adossé au schéma départemental des solidarités",
			Body: `Le comité local du Loiret a été installé comme instance de suivi du schéma départemental des solidarités. Ce choix lui donne un poids auprès des élus, mais risque de le réduire à une instance institutionnelle.

Nous travaillons à y faire entrer davantage de professionnels de terrain.`},
		{Committee: "autre", Category: clts.CategoryProfessions, Author: "pilote-autre", State: clts.ContributionDraft,
			Title: "Les secrétaires d'accueil, premier visage du travail social",
			Body:  `À écrire : la formation commune des secrétaires d'accueil des CCAS, les besoins exprimés, le lien avec le premier accueil social inconditionnel.`},
		{Committee: "autre", Category: clts.CategoryResearch, Author: "pilote-autre", State: clts.ContributionDraft,
			Title: "Une thèse sur les binômes santé-social à Pithiviers",
			Body:  `Une doctorante de l'université d'Orléans étudie les binômes assistante sociale et infirmière du centre de santé de Pithiviers. Nous attendons ses premiers résultats avant d'écrire cette contribution.`},
		{Committee: "autre", Category: clts.CategoryParticipation, Author: "pilote-autre", State: clts.ContributionTransmitted,
			Consent:           []string{"pilote-autre"},
			IndicatorsComment: "Aucune personne accompagnée ne siège encore au comité du Loiret : les invitations sont en cours avec les centres sociaux.",
			Title:             "Faire entrer les personnes accompagnées dans le comité du Loiret",
			Body:              `Le comité du Loiret ne compte pas encore de personnes accompagnées parmi ses membres. Nous préparons avec les centres sociaux de Montargis et de Pithiviers une première réunion d'information, et un défraiement sur le modèle du comité d'Indre-et-Loire et de Loir-et-Cher.`},
	}
}

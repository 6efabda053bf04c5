package demo

import "github.com/portail-clts/clts/internal/clts"

// rightsStories are the 37-41 practices on access to rights in the digital
// age and on the transmission of the values of the Republic.
func rightsStories() []*practiceStory {
	return []*practiceStory{
		{
			Committee: "37-41", Author: "thomas.petit", State: clts.PracticePublished, Shared: true, Moderator: "pilote41",
			Institutions: []string{"CIAS du Blaisois", "Conseil départemental de Loir-et-Cher"},
			Groups:       []string{groupNumerique},
			Practice: clts.Practice{
				Title: "Un atelier numérique hebdomadaire à Blois pour ouvrir ses comptes en ligne et s'en servir seul",
				Summary: "Chaque mardi, l'espace solidarités du CIAS du Blaisois accueille huit personnes pour créer et utiliser leurs " +
					"comptes CAF, Ameli, impots.gouv et France Travail, et leur coffre-fort numérique. Le but : savoir le refaire seul.",
				Context: `Depuis la dématérialisation des démarches, l'accueil du CIAS recevait chaque jour des personnes venues « faire faire » leur déclaration trimestrielle ou leur attestation. Les agents faisaient à la place des personnes, sans qu'elles gagnent en autonomie, et au risque de connaître leurs mots de passe.`,
				Actions: `- Un atelier de deux heures par semaine, en petit groupe, sur rendez-vous.
- Un parcours en quatre séances : l'adresse électronique et les mots de passe, le compte CAF, le compte Ameli et les impôts, le coffre-fort numérique.
- Les personnes manipulent elles-mêmes ; l'animateur ne touche pas le clavier.
- Les personnes sans ordinateur empruntent une tablette pendant l'atelier ; un carnet papier les aide à retrouver leurs identifiants.`,
				Means: `- Un conseiller numérique France Services et une travailleuse sociale du CIAS.
- Huit tablettes et une connexion, financées par l'appel à projets « inclusion numérique » du Département (4 800 €).`,
				Results: `En trois ans, **312 personnes** ont suivi le parcours complet. Six mois après, 70 % font seules leur déclaration trimestrielle à la CAF.

Les demandes de « faire à la place » à l'accueil ont diminué de moitié.`,
				Transfer: `- Séparer l'atelier, où l'on apprend, de l'accueil, où l'on traite l'urgence.
- Ne jamais noter les mots de passe des personnes.
- Travailler avec la CAF et la CPAM pour disposer de comptes de démonstration.`,
				OtherActors: "Conseiller numérique France Services ; CAF de Loir-et-Cher et CPAM pour les comptes de démonstration.",
				ContactName: "Espace solidarités du CIAS du Blaisois", ContactEmail: "atelier.numerique@cias-blaisois.example", ContactPublic: true,
				Departement: "41", StartYear: 2021, Running: true,
			},
			Attachments: []demoFile{{Name: "affiche-atelier-numerique.pdf", Title: "Atelier numérique du mardi : apprendre à faire seul ses démarches en ligne",
				Paragraphs: []string{
					"Tous les mardis de 14 h à 16 h, à l'espace solidarités du CIAS du Blaisois, à Blois.",
					"Quatre séances : votre adresse électronique, votre compte CAF, vos comptes Ameli et impôts, votre coffre-fort numérique.",
					"Gratuit, sur rendez-vous, tablettes prêtées sur place. Venez avec vos identifiants si vous en avez.",
				}}},
		},
		{
			Committee: "37-41", Author: "isabelle.bonnet", Contact: "isabelle.bonnet", State: clts.PracticePublished,
			Institutions: []string{"CAF Touraine", "UD CCAS 37"},
			Groups:       []string{groupNumerique},
			Flags: []demoFlag{{By: "accompagne", Reason: "Le résumé emploie un sigle que je ne comprends pas (CCAS). " +
				"Pourriez-vous l'écrire en entier ?"}},
			Practice: clts.Practice{
				Title: "Le coffre-fort numérique : garder ses justificatifs pour ne plus tout refaire à chaque démarche",
				Summary: "La CAF Touraine et quatre CCAS aident les personnes à déposer leurs papiers dans un coffre-fort numérique " +
					"gratuit : pièce d'identité, avis d'imposition, quittances. Elles les retrouvent et les partagent en quelques gestes.",
				Context: `Les personnes à la rue ou en hébergement perdent souvent leurs papiers, et chaque démarche recommence par la collecte des justificatifs. Refaire une pièce d'identité prend des semaines.`,
				Actions: `- Création accompagnée du coffre-fort lors d'un rendez-vous à la CAF ou au CCAS.
- Numérisation des documents avec le téléphone de la personne ou le scanner de l'accueil.
- Un rendez-vous de suivi un mois plus tard pour vérifier qu'elle sait le rouvrir.`,
				Means: `- Une conseillère en travail social de la CAF, et un agent référent par CCAS.
- Le coffre-fort est gratuit pour la personne ; les données restent sa propriété.`,
				Results:     `180 coffres-forts ouverts en deux ans, dont la moitié pour des personnes sans domicile stable. Les dossiers de renouvellement de droits sont complets plus vite.`,
				Transfer:    `Choisissez un coffre-fort hébergé en France, gratuit, et dont la personne garde seule la clé.`,
				Departement: "37", StartYear: 2022, Running: true,
			},
		},
		{
			Committee: "37-41", Author: "pilote", Contact: "pilote", State: clts.PracticePublished, Moderator: "pilote41",
			Institutions: []string{"Conseil départemental d'Indre-et-Loire"},
			Groups:       []string{groupNumerique},
			Practice: clts.Practice{
				Title: "Des conseillers numériques dans les maisons départementales de la solidarité",
				Summary: "Six conseillers numériques travaillent dans les MDS d'Indre-et-Loire, aux côtés des travailleurs sociaux : " +
					"le travailleur social accompagne la situation, le conseiller apprend à la personne à faire ses démarches.",
				Context: `Les travailleurs sociaux passaient une part croissante de leurs entretiens à remplir des formulaires en ligne, au détriment de l'accompagnement.`,
				Actions: `- Recrutement de six conseillers numériques, rattachés aux MDS.
- Orientation directe par le travailleur social, avec un rendez-vous pris pendant l'entretien.
- Ateliers collectifs dans les MDS rurales.`,
				Means:       `- Postes cofinancés par l'État pendant trois ans, puis par le Département.`,
				Results:     `4 200 rendez-vous individuels la première année ; les travailleurs sociaux estiment avoir regagné une heure par jour pour l'accompagnement.`,
				Transfer:    `Bien distinguer les deux métiers, et prévoir des locaux : un bureau et une connexion par conseiller.`,
				Departement: "37", StartYear: 2021, Running: true,
			},
		},
		{
			Committee: "37-41", Author: "partenaire", Contact: "partenaire", State: clts.PracticeSubmitted,
			Institutions: []string{"CAF Touraine"},
			Groups:       []string{groupNumerique},
			Practice: clts.Practice{
				Title: "Les rendez-vous des droits : faire le point sur tous ses droits en une seule fois",
				Summary: "Lors d'un rendez-vous d'une heure, un travailleur social de la CAF Touraine examine avec la personne l'ensemble " +
					"de ses droits possibles, au-delà des prestations familiales : complémentaire santé, tarifs sociaux, aides locales.",
				Context: `Beaucoup de familles allocataires ne demandent pas des aides auxquelles elles ont droit, faute de les connaître. Le non-recours touche en particulier la complémentaire santé solidaire.`,
				Actions: `- Proposition du rendez-vous lors d'un changement de situation (séparation, naissance, perte d'emploi).
- Un simulateur de droits utilisé avec la personne, écran partagé.
- Les demandes sont déposées pendant le rendez-vous ; les suites sont vérifiées un mois plus tard.`,
				Means:       `- Les travailleurs sociaux de la CAF, une heure par rendez-vous.`,
				Results:     `En moyenne, deux droits nouveaux ouverts par rendez-vous.`,
				Transfer:    `S'appuyer sur les changements de situation pour proposer le rendez-vous au bon moment.`,
				Departement: "37", StartYear: 2019, Running: true,
			},
		},
		{
			Committee: "37-41", Author: "sylvie.caron", State: clts.PracticeSubmitted,
			Groups: []string{groupNumerique, groupParticipation},
			Practice: clts.Practice{
				Title: "Une permanence « zéro écran » pour celles et ceux qui n'ont pas internet",
				Summary: "Un jeudi par mois, à la mairie de Romorantin, une personne de l'accueil répond aux questions sur les papiers, " +
					"au téléphone ou en face, sans renvoyer vers un site internet.",
				Context: `Je n'ai pas d'ordinateur et mon téléphone est ancien. Quand j'appelle un service, on me dit d'aller sur le site. J'ai proposé au groupe numérique une permanence où l'on ne vous renvoie pas vers internet.`,
				Actions: `- Un numéro de téléphone et une permanence en mairie, un jeudi par mois.
- La personne de l'accueil fait la démarche avec vous, ou prend rendez-vous pour vous.`,
				Results:     `L'essai a commencé en janvier ; une vingtaine de personnes sont venues chaque mois.`,
				Departement: "41", StartYear: 2024, Running: true,
			},
		},
		{
			Committee: "37-41", Author: "olivier.fontaine", Contact: "olivier.fontaine", State: clts.PracticePublished,
			Institutions: []string{"FAS Centre-Val de Loire", "ITS de Tours", "Conseil départemental d'Indre-et-Loire"},
			Groups:       []string{groupRepublique},
			Practice: clts.Practice{
				Title: "Laïcité et travail social : des ateliers de cas pratiques pour les équipes",
				Summary: "Des ateliers de trois heures, à partir de situations réelles (port de signes religieux, repas, refus d'un " +
					"intervenant), aident les équipes à appliquer le principe de laïcité avec justesse, sans excès ni renoncement.",
				Context: `Les équipes des centres d'hébergement et des MDS se sentaient démunies face à certaines situations liées aux convictions religieuses, et les réponses variaient d'un professionnel à l'autre.`,
				Actions: `- Recueil de situations auprès des équipes, rendues anonymes.
- Des ateliers animés par un formateur de l'ITS et un juriste, avec le guide « Laïcité et gestion du fait religieux ».
- Une fiche-repère par situation, validée par les directions.`,
				Means:       `- Douze ateliers par an, financés par le plan de formation des structures.`,
				Results:     `240 professionnels formés en deux ans ; les directions constatent des réponses plus homogènes et moins de conflits.`,
				Transfer:    `Partir des situations vécues par les équipes, pas des textes.`,
				Departement: "37", StartYear: 2020, Running: true,
			},
		},
		{
			Committee: "37-41", Author: "julien.mercier", State: clts.PracticeDraft,
			Groups: []string{groupRepublique},
			Practice: clts.Practice{
				Title:       "Le livret citoyen des jeunes suivis en prévention spécialisée",
				Summary:     "Un livret écrit avec les jeunes du quartier des Rottes, à Vendôme : droits, devoirs, où trouver de l'aide.",
				Departement: "41", StartYear: 2024, Running: true,
			},
		},
		{
			Committee: "37-41", Author: "paul.lefebvre", Contact: "paul.lefebvre", State: clts.PracticePublished,
			Institutions: []string{"ITS de Tours"},
			Groups:       []string{groupRepublique, groupParticipation},
			Practice: clts.Practice{
				Title: "Une journée « valeurs de la République » préparée avec les jeunes de la Mission locale",
				Summary: "Étudiants éducateurs de l'ITS et jeunes de la Mission locale de Tours préparent ensemble une journée de débats " +
					"sur la liberté, l'égalité, la fraternité et la laïcité, à partir de leurs expériences.",
				Context: `Les séances sur les valeurs de la République étaient vécues par les jeunes comme des cours magistraux, éloignés de leur vie.`,
				Actions: `- Trois séances de préparation en petits groupes mixtes, étudiants et jeunes.
- Une journée de débats à l'hôtel de ville, avec un théâtre-forum.
- Une restitution écrite par les jeunes eux-mêmes.`,
				Means: `- Deux formateurs de l'ITS, une conseillère de la Mission locale.
- Salle prêtée par la ville ; budget de 1 200 € pour la compagnie de théâtre-forum.`,
				Results:     `Quatre éditions, 150 jeunes ; plusieurs sont devenus délégués au conseil de la vie sociale de leur foyer.`,
				Transfer:    `Donner la parole aux jeunes dès la préparation, et pas seulement le jour même.`,
				OtherActors: "Mission locale de Tours, ville de Tours, compagnie de théâtre-forum.",
				Departement: "37", StartYear: 2019, Running: true,
			},
		},
	}
}

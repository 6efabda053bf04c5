package demo

import "github.com/portail-clts/clts/internal/clts"

// loiretStories are the practices of the second demo committee, the
// Loiret's, written by its pilot: two of them are shared nationally, so
// that the 37-41 members find them in the national catalogue, and the
// others stay in their committee.
func loiretStories() []*practiceStory {
	return []*practiceStory{
		{
			Committee: "autre", Author: "pilote-autre", Contact: "pilote-autre", State: clts.PracticePublished, Shared: true,
			Practice: clts.Practice{
				Title: "Un bus France Services itinérant dans le Gâtinais pour l'accès aux droits numériques",
				Summary: "Un bus aménagé s'arrête chaque semaine dans douze communes rurales du Gâtinais : deux agents y aident les " +
					"habitants dans leurs démarches en ligne (CAF, retraite, carte grise, impôts) et les orientent vers les services sociaux.",
				Context: `Dans le Gâtinais, à l'est du Loiret, les services publics les plus proches sont parfois à trente kilomètres, sans transport en commun. Beaucoup d'habitants âgés n'ont ni internet ni voiture, et renoncent à leurs droits.`,
				Actions: `- Une tournée fixe : chaque commune reçoit le bus le même jour de la semaine, sur la place de la mairie.
- Deux agents France Services formés à l'accompagnement numérique et au repérage des difficultés sociales.
- Une orientation vers l'assistante sociale de secteur, avec un rendez-vous pris sur place.`,
				Means: `- Un bus aménagé (achat et aménagement : 180 000 €, financés par l'État, le Département et la Banque des territoires).
- Deux agents à temps plein ; fonctionnement annuel d'environ 110 000 €.`,
				Results: `5 600 passages la première année, dont un tiers pour des démarches CAF ou retraite. 240 personnes orientées vers le service social, dont beaucoup n'étaient pas connues.`,
				Transfer: `- Des arrêts réguliers, toujours au même endroit et à la même heure.
- Des agents formés au repérage social, pas seulement au numérique.`,
				OtherActors: "France Services, communautés de communes du Gâtinais, CAF du Loiret, CARSAT Centre-Val de Loire.",
				Departement: "45", StartYear: 2022, Running: true,
			},
			Attachments: []demoFile{{Name: "passages-par-mois.png", Values: []int{310, 380, 420, 465, 450, 520, 490, 505, 540, 560, 575, 600}}},
		},
		{
			Committee: "autre", Author: "pilote-autre", Contact: "pilote-autre", State: clts.PracticePublished, Shared: true,
			Practice: clts.Practice{
				Title: "La semaine de l'accès aux droits à Montargis",
				Summary: "Une semaine par an, la CAF, la CPAM, le CCAS et les associations de Montargis tiennent des permanences " +
					"communes au centre-ville : chacun vient avec ses questions, repart avec ses droits vérifiés.",
				Context: `À Montargis, le non-recours à la complémentaire santé solidaire et à la prime d'activité restait élevé, malgré les campagnes d'information.`,
				Actions: `- Des permanences communes pendant cinq jours, dans une salle de la mairie.
- Un parcours unique : un accueil, puis les bons interlocuteurs à la suite, sans nouveau rendez-vous.
- Des ateliers sur le budget et l'énergie.`,
				Means:       `- Une vingtaine de professionnels mobilisés quelques demi-journées chacun.`,
				Results:     `650 personnes reçues lors de la dernière édition ; 410 droits ouverts ou rétablis.`,
				Transfer:    `Réunir tous les partenaires dans un même lieu, la même semaine, est plus efficace qu'une campagne d'affichage.`,
				OtherActors: "CAF du Loiret, CPAM du Loiret, CCAS de Montargis, associations caritatives.",
				Departement: "45", StartYear: 2019, Running: true,
			},
		},
		{
			Committee: "autre", Author: "pilote-autre", Contact: "pilote-autre", State: clts.PracticePublished,
			Practice: clts.Practice{
				Title: "Un protocole d'accueil des jeunes majeurs entre l'aide sociale à l'enfance et la Mission locale d'Orléans",
				Summary: "Six mois avant ses 18 ans, chaque jeune confié à l'aide sociale à l'enfance rencontre un conseiller de la " +
					"Mission locale, en présence de son éducateur, pour préparer la suite : ressources, logement, formation.",
				Context: `Des jeunes sortant de l'aide sociale à l'enfance se présentaient à la Mission locale des mois après leur majorité, souvent sans ressources.`,
				Actions: `- Un rendez-vous à trois six mois avant la majorité.
- Un dossier commun de demande de contrat jeune majeur et de contrat d'engagement jeune.`,
				Means:       `- Un conseiller référent à la Mission locale, des éducateurs formés au protocole.`,
				Results:     `Tous les jeunes concernés ont un rendez-vous avant leur majorité depuis la signature du protocole.`,
				Transfer:    `Signer le protocole au niveau des directions, puis le présenter ensemble aux équipes.`,
				OtherActors: "Mission locale de l'Orléanais.",
				Departement: "45", StartYear: 2023, Running: true,
			},
		},
		{
			Committee: "autre", Author: "pilote-autre", Contact: "pilote-autre", State: clts.PracticeSubmitted,
			Practice: clts.Practice{
				Title: "Des binômes assistante sociale et infirmière au centre de santé de Pithiviers",
				Summary: "Au centre de santé de Pithiviers, une assistante sociale et une infirmière reçoivent ensemble les patients " +
					"qui renoncent à des soins pour des raisons financières.",
				Context:     `Le renoncement aux soins progresse dans le nord du Loiret, où les médecins sont rares.`,
				Actions:     `- Repérage par les médecins du centre, puis un rendez-vous commun dans la semaine.`,
				Results:     `Premier bilan attendu en fin d'année.`,
				Departement: "45", StartYear: 2024, Running: true,
			},
		},
		{
			Committee: "autre", Author: "pilote-autre", State: clts.PracticeDraft,
			Practice: clts.Practice{
				Title:       "Recenser les lieux d'accueil sans rendez-vous du Loiret",
				Departement: "45", Running: true,
			},
		},
	}
}

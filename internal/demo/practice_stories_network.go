package demo

import "github.com/portail-clts/clts/internal/clts"

// networkStories are the 37-41 practices on network working and on the
// single coordinating referent.
func networkStories() []*practiceStory {
	return []*practiceStory{
		{
			Committee: "37-41", Author: "julien.mercier", Contact: "julien.mercier", State: clts.PracticePublished,
			Institutions: []string{"Conseil départemental de Loir-et-Cher", "ARS Centre-Val de Loire"},
			Groups:       []string{groupReseau},
			Practice: clts.Practice{
				Title: "Le réseau santé-précarité du Vendômois : une réunion mensuelle pour les situations complexes",
				Summary: "Chaque mois, les professionnels du social, du soin et du logement du Vendômois étudient ensemble deux ou trois " +
					"situations bloquées, avec l'accord des personnes, et repartent avec un plan d'action et un coordinateur.",
				Context: `Dans le Vendômois, les personnes qui cumulent troubles psychiques, dettes et risque d'expulsion passaient d'un service à l'autre sans que personne ne coordonne. Chaque professionnel voyait une partie du problème.`,
				Actions: `- Une réunion mensuelle de deux heures, animée à tour de rôle.
- Les situations sont présentées avec l'accord écrit de la personne, et seulement ce qui est utile est partagé.
- Chaque situation repart avec un coordinateur désigné et une date de point d'étape.`,
				Means: `- Un éducateur spécialisé et une infirmière du centre médico-psychologique coaniment.
- Une charte de partage d'informations signée par les douze structures membres.`,
				Results: `En trois ans, 96 situations ont été étudiées ; pour 71 d'entre elles, la situation s'est débloquée dans les six mois (logement maintenu, soins repris ou droits ouverts).`,
				Transfer: `- Une charte de partage d'informations validée par les directions avant la première réunion.
- La présence régulière du secteur psychiatrique : sans lui, le réseau perd son intérêt.`,
				OtherActors: "Centre hospitalier de Vendôme (centre médico-psychologique), bailleurs sociaux, association d'aide à domicile.",
				Departement: "41", StartYear: 2020, Running: true,
			},
		},
		{
			Committee: "37-41", Author: "olivier.fontaine", Contact: "olivier.fontaine", State: clts.PracticePublished,
			Institutions: []string{"FAS Centre-Val de Loire", "UD CCAS 37", "ARS Centre-Val de Loire"},
			Groups:       []string{groupReseau},
			Practice: clts.Practice{
				Title: "Coordonner les maraudes de Tours pendant le plan grand froid",
				Summary: "Les cinq associations qui font des maraudes à Tours se répartissent les quartiers et les soirs, partagent un " +
					"tableau des personnes rencontrées et appellent le 115 d'une seule voix.",
				Context: `L'hiver, plusieurs équipes de maraude passaient le même soir dans les mêmes rues, pendant que d'autres quartiers n'étaient pas visités. Les personnes à la rue étaient sollicitées plusieurs fois, et certaines jamais.`,
				Actions: `- Un planning commun des maraudes, par quartier et par soir.
- Un point téléphonique hebdomadaire entre les coordinateurs, animé par le SIAO.
- Un tableau partagé, sans nom de famille, des personnes rencontrées et de leurs besoins.`,
				Means: `- Coordination assurée par la FAS pendant les quatre mois d'hiver.
- Un téléphone d'astreinte commun, financé par l'ARS.`,
				Results:     `Tous les quartiers sont visités au moins trois soirs par semaine. Le nombre de personnes orientées vers un hébergement d'urgence a augmenté d'un tiers.`,
				Transfer:    `La condition est la confiance entre associations : commencez par un hiver d'essai, avec un bilan partagé au printemps.`,
				OtherActors: "Service intégré d'accueil et d'orientation (SIAO) et 115 d'Indre-et-Loire, Croix-Rouge française, Secours catholique, Restos du cœur.",
				Departement: "37", StartYear: 2021, Running: true,
			},
		},
		{
			Committee: "37-41", Author: "professionnel", State: clts.PracticeDraft,
			Groups: []string{groupReseau, groupReferent},
			Practice: clts.Practice{
				Title:       "Une veille partagée des jeunes majeurs qui sortent de l'aide sociale à l'enfance",
				Summary:     "Repérer six mois à l'avance les jeunes qui vont sortir de l'ASE sans solution, et réunir autour d'eux la Mission locale, le CCAS et le bailleur.",
				Context:     `À 18 ans, certains jeunes confiés à l'ASE se retrouvent sans logement ni ressources. À écrire : les chiffres du Loir-et-Cher, les partenaires d'accord pour commencer.`,
				Departement: "41", StartYear: 2024, Running: true,
			},
		},
		{
			Committee: "37-41", Author: "thomas.petit", Contact: "thomas.petit", State: clts.PracticeWithdrawn, Moderator: "pilote41",
			Withdrawn: "La commission a été remplacée en 2022 par la CCAPEX départementale : la fiche décrit un dispositif qui n'existe " +
				"plus sous cette forme. Thomas Petit prépare une nouvelle fiche.",
			Institutions: []string{"CIAS du Blaisois"},
			Groups:       []string{groupReseau},
			Practice: clts.Practice{
				Title: "Une cellule locale de prévention des expulsions avec les bailleurs de l'agglomération de Blois",
				Summary: "Le CIAS, les bailleurs sociaux et la CAF étudiaient chaque mois les impayés de loyer dès le deuxième mois, " +
					"pour proposer un accompagnement avant l'assignation.",
				Context: `Les ménages en impayé de loyer n'étaient connus des services sociaux qu'au stade de l'assignation, quand il était trop tard pour un plan d'apurement.`,
				Actions: `- Une réunion mensuelle entre le CIAS, trois bailleurs et la CAF.
- Un courrier commun et une visite à domicile proposés dès le deuxième mois d'impayé.`,
				Means:       `- Une conseillère en économie sociale et familiale du CIAS à mi-temps.`,
				Results:     `Entre 2017 et 2021, 60 % des ménages rencontrés ont signé un plan d'apurement.`,
				Transfer:    `Le dispositif dépend de l'accord des bailleurs pour signaler tôt les impayés.`,
				Departement: "41", StartYear: 2017, Running: false,
			},
		},
		{
			Committee: "37-41", Author: "mathieu.blanc", Contact: "mathieu.blanc", State: clts.PracticePublished, Shared: true, Moderator: "pilote41",
			Institutions: []string{"CIAS du Blaisois", "Conseil départemental de Loir-et-Cher"},
			Groups:       []string{groupReferent},
			Reviser:      "pilote41",
			Revision: func(p *clts.Practice) {
				p.Results += "\n\n**Mise à jour** : après la fin de l'expérimentation, le Département a étendu le référent de parcours " +
					"à deux autres territoires du Loir-et-Cher, Vendôme et Romorantin."
			},
			Practice: clts.Practice{
				Title: "Un référent de parcours à Blois : une seule personne pour coordonner l'accompagnement",
				Summary: "Pendant deux ans, le CIAS du Blaisois et le Département ont expérimenté le référent de parcours : la personne " +
					"choisit un professionnel qui coordonne tous ses accompagnements et qu'elle peut appeler directement.",
				Context: `Certaines personnes ont jusqu'à six interlocuteurs différents (RSA, logement, santé, enfance, surendettement, emploi) et racontent leur histoire à chacun. Les professionnels, eux, ignorent souvent ce que font les autres.

Le Haut Conseil du travail social a proposé en 2017 la démarche du référent de parcours ; le comité 37-41 en a fait l'un de ses thèmes de travail.`,
				Actions: `1. La personne choisit, parmi les professionnels qui l'accompagnent déjà, celui qui sera son référent.
2. Une réunion de synthèse, **en sa présence**, réunit tous les intervenants et fixe un plan d'accompagnement unique.
3. Le référent est l'interlocuteur principal ; les autres l'informent de ce qu'ils font, avec l'accord de la personne.
4. Un point d'étape a lieu tous les trois mois.`,
				Means: `- Quinze professionnels volontaires du CIAS, du Département et de la CAF de Loir-et-Cher, formés deux jours à la démarche.
- Une coordinatrice de l'expérimentation à 0,5 ETP, financée par le Département.
- Une charte de partage d'informations signée par les institutions.`,
				Results: `Sur les **48 personnes** qui ont eu un référent de parcours, 40 disent ne plus avoir à répéter leur situation. Le nombre moyen de rendez-vous par mois a baissé, mais leur durée a augmenté.

Les professionnels soulignent la charge de coordination, qui doit être reconnue dans leur temps de travail.`,
				Transfer: `- Reconnaître le temps de coordination dans la charge de travail du référent.
- Laisser vraiment le choix du référent à la personne.
- Prévoir la formation commune des professionnels avant les premières synthèses.`,
				OtherActors: "CAF de Loir-et-Cher, France Travail (agence de Blois), centre hospitalier de Blois.",
				Departement: "41", StartYear: 2019, Running: false,
			},
			Attachments: []demoFile{
				{Name: "bilan-experimentation-referent-de-parcours.pdf", Title: "Référent de parcours à Blois : bilan de l'expérimentation",
					Paragraphs: []string{
						"48 personnes accompagnées par un référent de parcours de leur choix, entre 2019 et 2021.",
						"40 d'entre elles disent ne plus avoir à répéter leur situation à chaque professionnel.",
						"Les quinze professionnels volontaires demandent que le temps de coordination soit reconnu dans leur charge de travail.",
						"Recommandation du comité : étendre la démarche à deux autres territoires, avec une formation commune préalable.",
					}},
				{Name: "personnes-accompagnees-par-trimestre.png", Values: []int{6, 14, 23, 31, 38, 44, 48, 48}},
			},
		},
		{
			Committee: "37-41", Author: "helene.marchand", Contact: "helene.marchand", State: clts.PracticeSubmitted,
			Institutions: []string{"ARS Centre-Val de Loire", "Conseil départemental d'Indre-et-Loire"},
			Groups:       []string{groupReferent, groupReseau},
			Practice: clts.Practice{
				Title: "Coordonner santé et social pour les personnes âgées isolées avec le dispositif d'appui à la coordination",
				Summary: "Le dispositif d'appui à la coordination (DAC) d'Indre-et-Loire et les MDS désignent un coordinateur unique pour " +
					"les personnes âgées isolées qui cumulent problèmes de santé et difficultés sociales.",
				Context: `Les personnes âgées isolées sortant d'hospitalisation sont suivies à la fois par l'hôpital, le médecin traitant, le service d'aide à domicile et la MDS. Sans coordination, les retours à domicile échouent.`,
				Actions: `- Un formulaire commun de demande d'appui, rempli par n'importe quel professionnel.
- Une réponse du DAC en 48 heures et la désignation d'un coordinateur unique.
- Une réunion de concertation au domicile quand la situation le demande.`,
				Means:       `- Les coordinateurs du DAC (financés par l'ARS) et les assistants de service social des MDS.`,
				Results:     `Premiers chiffres attendus à la fin de l'année ; 35 demandes d'appui les six premiers mois.`,
				Transfer:    `Un formulaire unique et court, accepté par tous, est la clé.`,
				OtherActors: "Dispositif d'appui à la coordination d'Indre-et-Loire, services d'aide et de soins à domicile, médecins traitants.",
				Departement: "37", StartYear: 2024, Running: true,
			},
		},
		{
			Committee: "37-41", Author: "amelie.roux", Contact: "amelie.roux", State: clts.PracticeReturned,
			Institutions: []string{"UD CCAS 37"},
			Groups:       []string{groupReferent},
			Returned: "La fiche mélange deux dispositifs, le référent RSA et le référent de parcours. Pouvez-vous préciser lequel a été " +
				"expérimenté au CCAS de Joué-lès-Tours, et retirer les prénoms des personnes citées dans les résultats ?",
			Practice: clts.Practice{
				Title: "Un contrat d'engagement RSA écrit avec la personne, pas pour elle",
				Summary: "Au CCAS de Joué-lès-Tours, le contrat d'engagement réciproque des allocataires du RSA est rédigé pendant " +
					"l'entretien, avec les mots de la personne, et relu ensemble avant signature.",
				Context: `Les contrats d'engagement étaient rédigés par le référent après l'entretien, dans un vocabulaire administratif. Beaucoup d'allocataires ne se souvenaient plus de leurs engagements.`,
				Actions: `- Rédaction du contrat pendant l'entretien, écran tourné vers la personne.
- Objectifs formulés avec ses mots, trois au plus.
- Relecture à voix haute avant signature.`,
				Results:     `Martine et Karim, deux allocataires, disent avoir enfin compris ce qu'on attendait d'eux.`,
				Departement: "37", StartYear: 2023, Running: true,
			},
		},
	}
}

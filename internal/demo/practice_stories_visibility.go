package demo

import "github.com/portail-clts/clts/internal/clts"

// visibilityStories are the 37-41 practices on the visibility and the
// evaluation of social work.
func visibilityStories() []*practiceStory {
	return []*practiceStory{
		{
			Committee: "37-41", Author: "celine.gauthier", Contact: "celine.gauthier", State: clts.PracticePublished,
			Institutions: []string{"IRFSS Centre-Val de Loire", "CRPA Centre-Val de Loire", "Conseil départemental d'Indre-et-Loire"},
			Groups:       []string{groupVisibilite, groupParticipation},
			Reviser:      "celine.gauthier",
			Revision: func(p *clts.Practice) {
				p.Transfer += "\n- Tester la grille sur une dizaine d'accompagnements avant de la généraliser : la première version " +
					"comptait trop de questions."
			},
			Practice: clts.Practice{
				Title: "Mesurer ce que change l'accompagnement : une grille d'évaluation écrite avec les personnes",
				Summary: "Plutôt que de compter les rendez-vous, deux MDS évaluent l'accompagnement avec une grille de dix questions " +
					"écrite avec des personnes accompagnées : se sentir écouté, comprendre ses droits, avoir avancé sur ce qui comptait.",
				Context: `Les rapports d'activité des services sociaux comptent des actes (entretiens, visites, dossiers), mais ne disent pas ce que l'accompagnement a changé pour les personnes. Les élus demandaient des résultats ; les professionnels craignaient des indicateurs qui ne reflètent pas leur travail.`,
				Actions: `- Un groupe de travail de six personnes accompagnées, quatre professionnels et une formatrice-chercheuse.
- Une grille de dix questions, remplie par la personne à la fin de l'accompagnement, seule ou avec un tiers de son choix.
- Une analyse annuelle des réponses, présentée aux équipes puis aux élus.`,
				Means: `- Une formatrice-chercheuse de l'IRFSS, vingt jours sur deux ans.
- Les questionnaires sont anonymes et saisis par un agent administratif.`,
				Results: `380 grilles recueillies en deux ans. Les personnes disent surtout avoir été écoutées (91 %) et avoir mieux compris leurs droits (78 %). Les équipes utilisent les commentaires libres pour revoir leur accueil.`,
				Transfer: `- Écrire la grille avec les personnes, pas seulement la leur faire remplir.
- Présenter les résultats d'abord aux équipes.`,
				Departement: "37", StartYear: 2021, Running: true,
			},
			Attachments: []demoFile{{Name: "reponses-grille-evaluation.png", Values: []int{91, 78, 72, 64, 58}}},
		},
		{
			Committee: "37-41", Author: "paul.lefebvre", Contact: "paul.lefebvre", State: clts.PracticePublished,
			Institutions: []string{"ITS de Tours", "Conseil départemental d'Indre-et-Loire"},
			Groups:       []string{groupVisibilite},
			Flags: []demoFlag{{By: "accompagne", Reason: "Sur une photo de l'exposition, on reconnaît une personne accompagnée " +
				"de mon quartier. A-t-elle bien donné son accord ?"}},
			Practice: clts.Practice{
				Title: "« Le travail social, c'est aussi… » : une exposition photo dans les halls des MDS",
				Summary: "Des étudiants de l'ITS ont photographié le quotidien des travailleurs sociaux, avec leur accord et celui des " +
					"personnes. L'exposition tourne dans les halls d'accueil des MDS et des mairies d'Indre-et-Loire.",
				Context: `Le travail social souffre d'une image floue, parfois réduite au contrôle ou au placement des enfants. Les métiers peinent à recruter.`,
				Actions: `- Un reportage photo de trois mois par six étudiants, encadrés par un photographe.
- Des légendes écrites avec les professionnels photographiés.
- Une exposition itinérante de vingt panneaux, prêtée gratuitement.`,
				Means: `- 3 000 € pour l'impression des panneaux, financés par le Département.
- Autorisations écrites de toutes les personnes photographiées.`,
				Results:     `L'exposition a été montrée dans quatorze lieux et au forum des métiers de Tours.`,
				Transfer:    `Recueillir les autorisations écrites avant la prise de vue, et les conserver.`,
				Departement: "37", StartYear: 2022, Running: false,
			},
		},
		{
			Committee: "37-41", Author: "pilote41", Contact: "pilote41", State: clts.PracticeWithdrawn, Moderator: "pilote",
			Withdrawn:    "Le rapport 2021 n'est plus en ligne et ses chiffres sont dépassés ; la fiche reviendra avec l'édition 2024.",
			Institutions: []string{"Conseil départemental de Loir-et-Cher"},
			Groups:       []string{groupVisibilite},
			Practice: clts.Practice{
				Title: "Un rapport d'activité de l'action sociale écrit pour le grand public",
				Summary: "Le Département de Loir-et-Cher a publié une version courte et illustrée de son rapport d'activité sociale, " +
					"lisible par tous, avec des témoignages de personnes accompagnées.",
				Context: `Le rapport d'activité de l'action sociale comptait 140 pages de tableaux, lues par très peu de monde.`,
				Actions: `- Une version de douze pages, illustrée, en langage courant.
- Quatre témoignages de personnes accompagnées et de professionnels.`,
				Means:       `- Le service communication du Département, avec la direction de l'action sociale.`,
				Results:     `Diffusée à 5 000 exemplaires dans les accueils et en ligne.`,
				Transfer:    `Associer le service communication dès le début.`,
				Departement: "41", StartYear: 2021, Running: false,
			},
		},
		{
			Committee: "37-41", Author: "marcel.girard", Contact: "marcel.girard", State: clts.PracticePublished, Shared: true,
			Institutions: []string{"CRPA Centre-Val de Loire", "Conseil départemental de Loir-et-Cher"},
			Groups:       []string{groupVisibilite, groupParticipation},
			Practice: clts.Practice{
				Title: "Un comité d'usagers évalue l'accueil des maisons de la solidarité",
				Summary: "Des personnes accompagnées visitent les accueils des maisons de la solidarité du Loir-et-Cher comme le ferait " +
					"un nouveau venu, puis présentent leurs propositions à l'équipe : signalétique, attente, confidentialité.",
				Context: `Au CRPA, nous entendions souvent les mêmes remarques : on ne sait pas où s'adresser, on attend debout, on entend les conversations des autres. Le Département nous a proposé de venir le constater nous-mêmes.`,
				Actions: `- Une grille de visite écrite par le comité d'usagers : arriver, attendre, être reçu, repartir.
- Des visites par deux, annoncées à la direction mais pas à l'accueil.
- Une restitution à l'équipe, puis un suivi des améliorations six mois plus tard.`,
				Means: `- Douze membres du comité d'usagers, défrayés selon le barème commun du comité 37-41.
- Un cadre du Département qui organise les visites et les restitutions.`,
				Results: `**Neuf maisons de la solidarité** visitées. Des changements concrets : une salle d'attente avec des chaises et des toilettes accessibles, un bureau fermé pour le premier accueil, des panneaux en gros caractères.

Les équipes, d'abord inquiètes, demandent maintenant une deuxième visite.`,
				Transfer: `- Présenter la démarche aux équipes avant les visites : c'est une aide, pas un contrôle.
- Restituer par écrit, avec des propositions précises.
- Revenir six mois plus tard, pour montrer que la parole des usagers a servi.`,
				Departement: "41", StartYear: 2022, Running: true,
			},
			Attachments: []demoFile{{Name: "grille-de-visite-comite-usagers.pdf", Title: "Comité d'usagers : la grille de visite des accueils",
				Paragraphs: []string{
					"Arriver : trouve-t-on facilement l'entrée ? Les horaires sont-ils affichés en gros caractères ?",
					"Attendre : peut-on s'asseoir ? Entend-on les conversations des autres ? Sait-on combien de temps on va attendre ?",
					"Être reçu : le premier accueil se fait-il dans un lieu fermé ? Vous a-t-on expliqué la suite ?",
					"Repartir : savez-vous qui appeler et quand ? Vous a-t-on remis un document lisible ?",
				}}},
		},
	}
}

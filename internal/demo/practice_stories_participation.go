package demo

import "github.com/portail-clts/clts/internal/clts"

// participationStories are the 37-41 practices on the participation of
// supported persons and on the mutual knowledge of institutions and
// professions.
func participationStories() []*practiceStory {
	return []*practiceStory{
		{
			Committee: "37-41", Author: "celine.gauthier", Contact: "celine.gauthier", State: clts.PracticePublished, Shared: true,
			Institutions: []string{"IRFSS Centre-Val de Loire", "CRPA Centre-Val de Loire"},
			Groups:       []string{groupParticipation},
			Practice: clts.Practice{
				Title: "Des personnes accompagnées co-animent les cours des futurs assistants de service social",
				Summary: "Depuis 2019, l'IRFSS confie un module de la formation d'assistant de service social à des binômes formateur et personne " +
					"accompagnée, recrutés avec le CRPA. Les étudiants préparent leurs premiers entretiens avec celles et ceux qui les ont vécus " +
					"de l'autre côté du bureau.",
				Context: `La réforme des diplômes de 2018 demande d'associer les personnes accompagnées aux formations initiales. Peu d'écoles savaient comment s'y prendre sans tomber dans le « témoignage alibi » d'une heure en fin de semestre.

À Tours, les étudiants de première année arrivaient en stage sans avoir jamais entendu ce qu'une personne ressent quand elle pousse la porte d'une maison départementale de la solidarité (MDS) pour la première fois.`,
				Actions: `Avec le conseil régional des personnes accompagnées (CRPA), l'institut a construit un module de **24 heures** sur le premier accueil et l'entretien :

- recrutement de six « pairs formateurs » parmi les membres du CRPA, sur la base du volontariat ;
- trois demi-journées de préparation commune avec les formateurs permanents ;
- co-animation en binôme de chaque séance : mises en situation, analyse d'entretiens filmés, débat sur le vocabulaire des courriers administratifs ;
- un bilan à chaud après chaque séance, où les pairs formateurs disent aussi ce qui les a mis mal à l'aise.`,
				Means: `- Une formatrice coordinatrice à 0,1 ETP l'année du lancement.
- Les pairs formateurs sont rémunérés au tarif des vacataires (38 € de l'heure) ; leurs trajets sont remboursés ou avancés en tickets de bus.
- Budget annuel : environ 6 500 €, sur le budget pédagogique de l'institut.`,
				Results: `Quatre promotions, soit environ 160 étudiants, ont suivi le module. À l'évaluation de fin d'année, **87 %** d'entre eux le jugent « utile » ou « très utile » pour leur premier stage.

Deux pairs formateurs interviennent désormais dans la formation continue des professionnels du Département. Les tuteurs de stage constatent que les étudiants reformulent davantage et emploient moins de sigles en entretien.`,
				Transfer: `- Un partenaire qui connaît les personnes et peut les soutenir dans la durée (ici le CRPA).
- Un mode de rémunération décidé **avant** le premier cours : c'est la première question des volontaires.
- Accepter de réécrire les supports de cours avec les pairs formateurs, ce qui prend du temps la première année.`,
				OtherActors: "Les étudiants de première année et les formateurs permanents de l'institut.",
				Departement: "37", StartYear: 2019, Running: true,
			},
			Attachments: []demoFile{{Name: "programme-module-pairs-formateurs.pdf", Title: "Module « Premier accueil et entretien » : le programme",
				Paragraphs: []string{
					"Séance 1 — Ce que l'on ressent au guichet : récits croisés d'un pair formateur et d'une assistante de service social.",
					"Séance 2 — Les mots qui excluent : relecture de courriers administratifs, sigles et formules à éviter.",
					"Séance 3 — Entretiens filmés : analyse en binôme, ce qui a aidé la personne, ce qui l'a gênée.",
					"Séance 4 — Bilan du module avec les étudiants et les pairs formateurs ; propositions pour la promotion suivante.",
				}}},
		},
		{
			Committee: "37-41", Author: "accompagne", Contact: "accompagne", State: clts.PracticePublished, Shared: true,
			Institutions: []string{"Conseil départemental d'Indre-et-Loire", "CRPA Centre-Val de Loire"},
			Groups:       []string{groupParticipation, groupNumerique},
			Returned: "Merci Jean pour cette fiche très vivante ! Pourriez-vous ajouter combien de courriers ont été réécrits, et qui a payé " +
				"les tickets de bus des participants ? Ce sont les questions que les autres comités nous poseront.",
			Correct: func(p *clts.Practice) {
				p.Means += "\n- Les tickets de bus et le café sont payés par le Département, sur le budget de la direction de l'action sociale."
				p.Results = "**Douze courriers** ont été réécrits en deux ans, dont la convocation au premier rendez-vous RSA et la lettre " +
					"de renouvellement de l'aide ménagère.\n\n" + p.Results
			},
			Practice: clts.Practice{
				Title: "Un groupe de personnes accompagnées relit les courriers du Département",
				Summary: "Une fois par mois, huit personnes accompagnées relisent avec un agent du Département les lettres types envoyées " +
					"aux usagers. Les courriers réécrits sont plus courts, disent clairement quoi faire et avant quelle date.",
				Context: `Beaucoup de personnes que nous connaissons reçoivent des lettres qu'elles ne comprennent pas : des phrases longues, des numéros d'articles de loi, et pas de numéro de téléphone pour poser une question. Certaines ne viennent pas au rendez-vous parce qu'elles n'ont pas compris qu'il était obligatoire.

Au groupe participation, nous avons proposé de relire ces courriers nous-mêmes.`,
				Actions: `Le Département nous a confié ses lettres types, une ou deux par séance :

1. chacun lit la lettre seul, puis dit ce qu'il a compris ;
2. nous soulignons les mots difficiles et ce qui manque ;
3. l'agent du service réécrit avec nous, en suivant les règles du « facile à lire et à comprendre » (FALC) ;
4. la nouvelle version est testée auprès de personnes qui ne sont pas dans le groupe.`,
				Means: `- Une réunion de deux heures par mois à la MDS de Tours centre.
- Un agent du service qualité du Département et une animatrice du CRPA.`,
				Results:     `Les agents d'accueil disent recevoir moins d'appels pour demander « ce que veut dire la lettre ». Les personnes du groupe ont pris confiance : deux d'entre elles participent maintenant au comité d'usagers de leur MDS.`,
				Transfer:    `Il faut un service qui accepte que ses lettres soient critiquées, et du temps : réécrire une lettre prend souvent deux séances.`,
				Departement: "37", StartYear: 2021, Running: true,
			},
		},
		{
			Committee: "37-41", Author: "olivier.fontaine", Contact: "olivier.fontaine", State: clts.PracticeSubmitted,
			Institutions: []string{"FAS Centre-Val de Loire", "CRPA Centre-Val de Loire", "Conseil départemental de Loir-et-Cher"},
			Groups:       []string{groupParticipation},
			Practice: clts.Practice{
				Title: "Un barème commun pour défrayer les personnes accompagnées qui participent",
				Summary: "La FAS, le CRPA et les deux Départements ont écrit ensemble un barème de défraiement : transport, repas, garde " +
					"d'enfants et indemnité de participation, payés dans le mois, sans avance de frais.",
				Context: `Chaque institution défrayait à sa façon les personnes accompagnées invitées à ses instances : certaines remboursaient les trajets trois mois plus tard, d'autres rien du tout. Les personnes les plus précaires, qui ne peuvent pas avancer 20 € d'essence, renonçaient à venir.`,
				Actions: `- Recensement des pratiques de dix institutions du comité.
- Deux ateliers avec des membres du CRPA pour dire ce qui freine la participation.
- Rédaction d'un barème commun et d'un formulaire unique d'une page.
- Signature du barème par les institutions volontaires, en plénière.`,
				Means: `- Un chargé de mission de la FAS, dix jours de travail sur six mois.
- Indemnité de participation : 30 € la demi-journée ; transport en commun payé à l'avance ou indemnités kilométriques au barème fiscal ; garde d'enfants remboursée sur facture.`,
				Results:     `Sept institutions appliquent le barème depuis janvier. Les personnes accompagnées étaient 14 aux plénières de l'année précédente, 23 cette année.`,
				Transfer:    `Le plus long est de faire accepter la règle « pas d'avance de frais » aux services comptables : associez-les dès le début.`,
				Departement: "41", StartYear: 2023, Running: true,
			},
		},
		{
			Committee: "37-41", Author: "fatima.belkacem", State: clts.PracticeDraft,
			Groups: []string{groupParticipation},
			Practice: clts.Practice{
				Title:       "Le café des parents du centre social de la Rabière",
				Context:     `À Joué-lès-Tours, les parents du quartier se retrouvent le mardi matin après l'école. On parle des devoirs, de la cantine, des papiers de la CAF.`,
				Departement: "37", StartYear: 2022, Running: true,
			},
		},
		{
			Committee: "37-41", Author: "partenaire", Contact: "partenaire", State: clts.PracticePublished, Shared: true,
			Institutions: []string{"CAF Touraine", "UD CCAS 37", "Conseil départemental d'Indre-et-Loire"},
			Groups:       []string{groupInterco, groupReseau},
			Practice: clts.Practice{
				Title: "« Vis ma vie » : des immersions croisées entre CAF, CCAS et maisons de la solidarité",
				Summary: "Un travailleur social passe une journée dans le service d'un autre : accueil de la CAF, permanence d'un CCAS, " +
					"maison départementale de la solidarité. Chacun découvre les contraintes de l'autre et repart avec un contact direct.",
				Context: `Les travailleurs sociaux de la CAF Touraine, des CCAS et du Département accompagnent souvent les mêmes familles sans connaître le fonctionnement des autres services. Les orientations se font « à l'aveugle » : une famille envoyée à la CAF pour une aide que seul le CCAS peut accorder revient découragée.`,
				Actions: `- Un catalogue d'immersions d'une journée proposé deux fois par an : chaque service dit ce qu'il peut montrer (accueil, commission d'aides, visite à domicile avec l'accord des familles).
- Inscription libre des professionnels, avec l'accord de leur encadrement.
- Une fiche de retour d'une page, et une rencontre annuelle de tous les participants.`,
				Means: `- Coordination par la conseillère en travail social de la CAF : environ 5 jours par an.
- Aucun coût direct : les journées sont du temps de travail, les trajets sont pris en charge par l'employeur.`,
				Results: `En cinq ans, **214 immersions** ont eu lieu. Les participants citent d'abord le contact direct gagné (« je sais qui appeler ») et la connaissance des délais réels de traitement.

Les orientations inadaptées signalées par les accueils CAF ont nettement baissé dans les communes participantes.`,
				Transfer: `- Un coordinateur identifié dans une institution, qui tient le catalogue.
- L'accord des encadrants pour libérer une journée.
- Prévoir le secret professionnel : les participants signent un engagement de confidentialité.`,
				Departement: "37", StartYear: 2018, Running: true,
			},
			Attachments: []demoFile{
				{Name: "immersions-par-annee.png", Values: []int{18, 31, 44, 57, 64}},
				{Name: "fiche-retour-immersion.pdf", Title: "« Vis ma vie » : fiche de retour d'immersion", Paragraphs: []string{
					"Service d'accueil, date de l'immersion, métier du participant.",
					"Ce que j'ai découvert sur le fonctionnement du service. Ce qui m'a surpris.",
					"Ce que je ferai autrement dans mes orientations. La personne que je peux désormais appeler.",
				}},
			},
		},
		{
			Committee: "37-41", Author: "pilote41", Contact: "pilote41", State: clts.PracticePublished,
			Institutions: []string{"Conseil départemental de Loir-et-Cher", "CIAS du Blaisois"},
			Groups:       []string{groupInterco},
			Practice: clts.Practice{
				Title: "Un annuaire partagé des permanences sociales du Loir-et-Cher",
				Summary: "Un tableau en ligne, tenu à jour par chaque institution, liste les permanences sociales du département : qui reçoit, " +
					"où, quand, avec ou sans rendez-vous. Les accueils l'utilisent pour orienter sans erreur.",
				Context: `En Loir-et-Cher, plus de 120 permanences sociales ont lieu chaque semaine dans les mairies, les MDS, les France Services et les centres sociaux. Les listes papier étaient périmées dès leur impression.`,
				Actions: `- Un référent par institution met à jour ses permanences chaque trimestre.
- L'annuaire est publié sur l'intranet de chaque partenaire et imprimé pour les accueils qui le souhaitent.
- Une rubrique « permanences supprimées » évite les orientations vers des lieux fermés.`,
				Means: `- Un agent du Département anime le réseau des référents (une demi-journée par trimestre).
- Un tableur partagé, sans développement informatique.`,
				Results:     `Onze institutions tiennent leurs permanences à jour. Les accueils disent l'utiliser plusieurs fois par semaine.`,
				Transfer:    `Un outil simple vaut mieux qu'un logiciel : ce qui compte, c'est la mise à jour régulière par chaque référent.`,
				Departement: "41", StartYear: 2020, Running: true,
			},
			Moderator: "pilote",
		},
		{
			Committee: "37-41", Author: "nathalie.garnier", Contact: "nathalie.garnier", State: clts.PracticePublished,
			Institutions: []string{"Conseil départemental d'Indre-et-Loire", "UD CCAS 37", "ARS Centre-Val de Loire"},
			Groups:       []string{groupInterco},
			Flags: []demoFlag{{By: "professionnel", Reason: "Les horaires indiqués ne sont plus à jour : la MDS de Chinon a changé ses jours " +
				"d'ouverture en septembre. Pourriez-vous vérifier avec l'autrice ?"}},
			Practice: clts.Practice{
				Title: "Les petits-déjeuners de l'interconnaissance à Chinon",
				Summary: "Tous les deux mois, un petit-déjeuner réunit pendant une heure les professionnels du Chinonais : MDS, CCAS, " +
					"hôpital, associations. Un service se présente, puis chacun échange ses coordonnées.",
				Context: `Dans le Chinonais, territoire rural où les services sont éloignés, les professionnels se connaissaient mal et s'appelaient peu. Les nouveaux arrivants mettaient des mois à identifier leurs interlocuteurs.`,
				Actions: `- Un petit-déjeuner un jeudi sur deux mois, de 8 h 30 à 9 h 30, chaque fois chez un partenaire différent.
- Un service présente son travail en quinze minutes, puis questions libres.
- Une liste des participants et de leurs coordonnées est envoyée après chaque rencontre.`,
				Means: `- Une assistante de service social de la MDS organise les rencontres (deux heures par rencontre).
- Le partenaire qui accueille offre le café.`,
				Results:     `Trente rencontres ont eu lieu depuis 2019, avec 25 participants en moyenne. Les nouveaux professionnels y sont invités dès leur arrivée.`,
				Transfer:    `Un format court, tôt le matin, ne prend pas sur les rendez-vous : c'est ce qui le rend durable.`,
				Departement: "37", StartYear: 2019, Running: true,
			},
		},
		{
			Committee: "37-41", Author: "amelie.roux", Contact: "amelie.roux", State: clts.PracticeSubmitted,
			Institutions: []string{"UD CCAS 37", "IRFSS Centre-Val de Loire"},
			Groups:       []string{groupInterco, groupNumerique},
			Returned: "La fiche est claire, merci. Pouvez-vous préciser les moyens (durée de la formation, qui l'a financée) et dire " +
				"si les secrétaires d'accueil ont été interrogées après la formation ?",
			Correct: func(p *clts.Practice) {
				p.Means = "- Une formation de deux jours, animée par l'IRFSS, financée par le plan de formation mutualisé des CCAS.\n" +
					"- Une journée de retour d'expérience six mois plus tard."
				p.Results += "\n\nÀ six mois, les 26 secrétaires interrogées disent se sentir plus à l'aise face aux situations de détresse."
			},
			Practice: clts.Practice{
				Title: "Former ensemble les secrétaires d'accueil des CCAS au premier accueil social",
				Summary: "Les secrétaires d'accueil de 18 CCAS d'Indre-et-Loire ont suivi la même formation au premier accueil social " +
					"inconditionnel de proximité : écouter, repérer l'urgence, orienter vers le bon service.",
				Context: `Dans les petites communes, le premier accueil social est souvent assuré par la secrétaire de mairie, qui n'a pas de formation sociale. Elle reçoit pourtant des personnes en grande difficulté.`,
				Actions: `- Une formation commune construite par l'UD CCAS et l'IRFSS.
- Des études de cas tirées de situations réelles, rendues anonymes.
- Un annuaire des relais sociaux remis à chaque participante.`,
				Results:     `26 secrétaires formées dans 18 communes.`,
				Transfer:    `Une union départementale des CCAS facilite beaucoup l'organisation d'une formation commune.`,
				Departement: "37", StartYear: 2022, Running: false,
			},
		},
	}
}

package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/portail-clts/clts/internal/charter"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
	"github.com/portail-clts/clts/internal/postgres"
)

// The operating charter of the demo: the seeds name « l'élaboration d'une
// charte de fonctionnement » as the first work of the bimonthly meetings.
// In 37-41, version 1 was adopted by the plenary of 18 December 2018 and
// several members and institutions accepted it; version 2 is in
// consultation, commented by a partner, a professional and a supported
// person, one comment answered by a pilot. The Loiret committee has its
// own version 1, adopted at a 2019 plenary, so that isolation shows.

// charterV1 is the charter adopted in December 2018.
const charterV1 = `## Objet

La présente charte fixe le fonctionnement du comité local du travail social et du développement social des départements d'Indre-et-Loire et de Loir-et-Cher (CLTS 37-41), préfiguré à la suite de l'appel à manifestation d'intérêt du Haut Conseil du travail social (HCTS) de mai 2018.

## Objectifs

Le comité relaie sur les territoires les actions et les travaux conduits au plan national par le HCTS.

Il porte à la connaissance du HCTS les besoins territoriaux émergents, les pratiques inspirantes, les éléments relatifs à la gouvernance territoriale, l'évolution des métiers et des formations, la recherche en travail social et la progression de la participation des personnes.

Il participe à l'élaboration du rapport sur l'état du travail social.

## Composition

Le comité réunit les Conseils départementaux 37 et 41, les partenaires institutionnels (CAF Touraine, UD CCAS 37, CIAS du Blaisois, ARS), les fédérations d'acteurs (FAS Centre, CRPA), les établissements de formation en travail social (IRFSS, ITS), des professionnels de terrain et des personnes accompagnées.

## Pilotage

Les Conseils départementaux d'Indre-et-Loire et de Loir-et-Cher pilotent le comité. Ils préparent les ordres du jour, animent les réunions plénières et assurent le lien avec le HCTS.

## Fonctionnement

Le comité se réunit en séance plénière tous les trois mois, alternativement à Tours et à Blois.

Les décisions sont prises par consensus ; à défaut, à la majorité des membres présents.

## Confidentialité

Les situations individuelles évoquées en réunion restent confidentielles : aucune personne accompagnée n'est nommée dans les comptes rendus sans son accord.

## Communication

Les comptes rendus des réunions sont adressés aux membres par les pilotes.
`

// charterV2 is the revision in consultation: bimonthly meetings, working
// groups, the participation of supported persons, communication through
// the portal.
const charterV2 = `## Objet

La présente charte fixe le fonctionnement du comité local du travail social et du développement social des départements d'Indre-et-Loire et de Loir-et-Cher (CLTS 37-41), préfiguré à la suite de l'appel à manifestation d'intérêt du Haut Conseil du travail social (HCTS) de mai 2018.

## Objectifs

Le comité relaie sur les territoires et auprès des acteurs les actions et les travaux conduits au plan national par le HCTS.

Il porte à la connaissance du HCTS les besoins territoriaux émergents, les pratiques inspirantes, les éléments relatifs à la gouvernance territoriale, l'évolution des métiers et des formations, la recherche en travail social et la progression de la participation des personnes.

Il participe à l'élaboration du rapport sur l'état du travail social.

## Composition

Le comité réunit les Conseils départementaux 37 et 41, les partenaires institutionnels (CAF Touraine, UD CCAS 37, CIAS du Blaisois, ARS), les fédérations d'acteurs (FAS Centre, CRPA), les établissements de formation en travail social (IRFSS, ITS), des professionnels de terrain et des personnes accompagnées.

Chaque institution partenaire désigne un représentant, qui accepte la présente charte en son nom.

## Pilotage

Les Conseils départementaux d'Indre-et-Loire et de Loir-et-Cher pilotent le comité. Ils préparent les ordres du jour, animent les réunions plénières et assurent le lien avec le HCTS.

## Fonctionnement

Le comité se réunit en séance plénière tous les deux mois, alternativement à Tours et à Blois ; une participation à distance est proposée à chaque réunion.

Des groupes de travail thématiques approfondissent les sujets retenus par la plénière : participation des personnes accompagnées, interconnaissance des institutions, travail en réseau, accès aux droits à l'ère numérique. Chaque groupe a un ou deux animateurs et rend compte de ses travaux en plénière.

Les décisions sont prises par consensus ; à défaut, à la majorité des membres présents.

## Participation des personnes accompagnées

Les personnes accompagnées participent à toutes les instances du comité. Leurs frais de transport sont pris en charge et elles peuvent venir accompagnées de la personne de leur choix. Les documents sont envoyés assez tôt pour être lus avant la réunion, et une version facile à lire est proposée.

## Confidentialité

Les situations individuelles évoquées en réunion restent confidentielles : aucune personne accompagnée n'est nommée dans les comptes rendus sans son accord.

## Communication

Les ordres du jour, les comptes rendus et les documents du comité sont publiés sur le portail des CLTS. La stratégie de communication du comité est adoptée en plénière.
`

// charterLoiret is the Loiret committee's own charter.
const charterLoiret = `## Objet

La présente charte fixe le fonctionnement du comité local du travail social du Loiret.

## Fonctionnement

Le comité se réunit trois fois par an à Orléans. Le Conseil départemental du Loiret en assure le pilotage.

## Confidentialité

Aucune situation individuelle n'est présentée sans l'accord de la personne concernée.
`

// charterText renders a demo text as the charter form does.
func charterText(src string) (postgres.CharterText, error) {
	var t postgres.CharterText
	whole, err := markdown.Render(src)
	if err != nil {
		return t, err
	}
	t.Whole = whole
	for _, b := range charter.Blocks(whole.Source()) {
		block, err := markdown.Render(b)
		if err != nil {
			return t, err
		}
		t.Blocks = append(t.Blocks, block)
	}
	return t, nil
}

// loadCharter writes the charters of both committees, unless a committee
// has one already. Each person's part is one unit of work, in their scope.
func loadCharter(ctx context.Context, db *postgres.DB, now time.Time, committees, accounts map[string]int64) error {
	as := func(slug, login string, fn func(tx *postgres.Tx) error) error {
		return db.Write(ctx, postgres.InCommittee(committees[slug], accounts[login]), fn)
	}
	var exists bool
	if err := as("37-41", "pilote", func(tx *postgres.Tx) error {
		vs, err := tx.CharterVersions(ctx)
		exists = len(vs) > 0
		return err
	}); err != nil || exists {
		return err
	}
	adopted := at(2018, time.December, 18, 17, 0)
	v1, err := adoptDemoCharter(ctx, db, committees["37-41"], accounts["pilote"], charterV1, adopted, 0)
	if err != nil {
		return fmt.Errorf("37-41 version 1: %w", err)
	}
	// Members and institutions accepted version 1 in the weeks after.
	day := adopted
	for i, login := range []string{"pilote", "pilote41", "partenaire", "accompagne", "sylvie.caron", "thomas.petit"} {
		if _, known := accounts[login]; !known {
			continue
		}
		day = day.Add(time.Duration(3+i) * 24 * time.Hour)
		if err := as("37-41", login, func(tx *postgres.Tx) error { return tx.AcceptCharter(ctx, v1, day) }); err != nil {
			return fmt.Errorf("acceptance of %s: %w", login, err)
		}
	}
	for login, institution := range map[string]string{"pilote": "Conseil départemental d'Indre-et-Loire", "pilote41": "Conseil départemental de Loir-et-Cher"} {
		if err := as("37-41", login, func(tx *postgres.Tx) error {
			insts, err := tx.Institutions(ctx, false)
			if err != nil {
				return err
			}
			for _, i := range insts {
				if i.Name == institution {
					return tx.AcceptCharterForInstitution(ctx, v1, i.ID, adopted.AddDate(0, 0, 7))
				}
			}
			return nil
		}); err != nil {
			return fmt.Errorf("acceptance of %s: %w", institution, err)
		}
	}

	// Version 2, in consultation for three more weeks, with comments.
	var v2 int64
	text, err := charterText(charterV2)
	if err != nil {
		return err
	}
	if err := as("37-41", "pilote", func(tx *postgres.Tx) error {
		var err error
		if v2, err = tx.CreateCharterDraft(ctx, text); err != nil {
			return err
		}
		if err := tx.BackdateCharter(ctx, v2, now.AddDate(0, 0, -12)); err != nil {
			return err
		}
		return tx.OpenCharterConsultation(ctx, v2, now.AddDate(0, 0, 21), now)
	}); err != nil {
		return fmt.Errorf("37-41 version 2: %w", err)
	}
	comments := []struct {
		login     string
		paragraph int
		text      string
	}{
		{"partenaire", 8, "Deux mois entre deux plénières, c'est bien, mais la participation à distance doit rester l'exception : les échanges en salle sont ce qui fait vivre le comité."},
		{"professionnel", 9, "Pourrait-on préciser comment un professionnel de terrain rejoint un groupe de travail, et le temps que son employeur lui accorde pour y participer ?"},
		{"accompagne", 11, "Merci pour le transport. Il faudrait aussi dire que les réunions ne commencent pas trop tôt, pour ceux qui viennent de loin en car."},
		{"partenaire", 0, "La CAF Touraine est favorable à cette nouvelle version ; nous la présenterons à notre direction avant la plénière."},
	}
	var answered int64
	for _, c := range comments {
		if err := as("37-41", c.login, func(tx *postgres.Tx) error {
			id, err := tx.AddCharterComment(ctx, v2, c.paragraph, c.text, now)
			if c.login == "accompagne" {
				answered = id
			}
			return err
		}); err != nil {
			return fmt.Errorf("comment of %s: %w", c.login, err)
		}
	}
	// The pilot answers, and adds it to the text: the comment keeps the
	// paragraph it was written on, now marked as modified since.
	amended, err := charterText(strings.Replace(charterV2, "une version facile à lire est proposée.",
		"une version facile à lire est proposée. Les réunions plénières commencent à 14 h.", 1))
	if err != nil {
		return err
	}
	if err := as("37-41", "pilote", func(tx *postgres.Tx) error {
		if err := tx.AnswerCharterComment(ctx, v2, answered, "Bonne remarque : nous proposerons de commencer les plénières à 14 h, et l'ajoutons au texte.", now); err != nil {
			return err
		}
		v, err := tx.CharterVersion(ctx, v2)
		if err != nil {
			return err
		}
		return tx.UpdateCharterText(ctx, v2, v.Version, amended, now)
	}); err != nil {
		return fmt.Errorf("answer: %w", err)
	}

	// The Loiret committee's charter, adopted at a 2019 plenary held in
	// Orléans (created here: the demo's Loiret calendar starts now).
	var meeting int64
	if err := as("autre", "pilote-autre", func(tx *postgres.Tx) error {
		ids, err := tx.CreateMeetings(ctx, []clts.Meeting{plenary(at(2019, time.March, 12, 14, 0), "Hôtel du Département, Orléans")}, true, noMail)
		if err == nil {
			meeting = ids[0]
		}
		return err
	}); err != nil {
		return fmt.Errorf("Loiret plenary: %w", err)
	}
	if _, err := adoptDemoCharter(ctx, db, committees["autre"], accounts["pilote-autre"], charterLoiret, at(2019, time.March, 12, 17, 0), meeting); err != nil {
		return fmt.Errorf("Loiret version 1: %w", err)
	}
	return nil
}

// adoptDemoCharter writes a first version and records its adoption, on
// the day of adopted, by the committee's plenary that starts that day (or
// meeting when given); it returns the version's id.
func adoptDemoCharter(ctx context.Context, db *postgres.DB, committee, pilot int64, src string, adopted time.Time, meeting int64) (int64, error) {
	text, err := charterText(src)
	if err != nil {
		return 0, err
	}
	var id int64
	err = db.Write(ctx, postgres.InCommittee(committee, pilot), func(tx *postgres.Tx) error {
		if meeting == 0 {
			ms, err := tx.AdoptionMeetings(ctx, adopted, 1)
			if err != nil {
				return err
			}
			if len(ms) == 0 || !strings.HasPrefix(ms[0].StartsAt.In(paris()).Format(time.DateOnly), adopted.In(paris()).Format(time.DateOnly)) {
				return fmt.Errorf("no plenary on %s", adopted.Format(time.DateOnly))
			}
			meeting = ms[0].ID
		}
		if id, err = tx.CreateCharterDraft(ctx, text); err != nil {
			return err
		}
		if err := tx.BackdateCharter(ctx, id, adopted.AddDate(0, 0, -30)); err != nil {
			return err
		}
		return tx.AdoptCharter(ctx, id, postgres.CharterAdoption{MeetingID: meeting, Day: adopted,
			Vote: clts.Vote{Result: clts.AdoptionUnanimity}}, adopted)
	})
	return id, err
}

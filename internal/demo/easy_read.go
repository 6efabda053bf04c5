package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
	"github.com/portail-clts/clts/internal/postgres"
)

// The demo's easy-to-read versions (FALC) in committee 37-41: the current
// charter and the minutes of the last held plenary that the supported
// person attended, both written by a pilot and checked by `accompagne`;
// one published practice with a version nobody checked yet.

const easyCharterText = `## La charte du comité

La charte dit comment le comité travaille.
Tous les membres du comité la lisent.
Ils disent qu'ils sont d'accord avec la charte.

## À quoi sert le comité

Le comité aide les personnes qui ont des difficultés.
Par exemple des difficultés pour avoir un logement, un travail ou de l'argent.
Le comité réunit des personnes qui travaillent dans le social.
Il réunit aussi des personnes accompagnées, comme vous.

## Les réunions

Le comité fait une grande réunion tous les 2 mois.
Cette grande réunion s'appelle la plénière.
Vous recevez une invitation avant chaque réunion.
Vous pouvez dire si vous venez ou pas.
Vous pouvez dire ce dont vous avez besoin pour venir.
Par exemple : un transport, ou une personne pour vous aider.

## Votre place dans le comité

Votre avis compte autant que l'avis des autres.
Vous pouvez parler pendant les réunions.
Vous pouvez proposer un sujet pour la réunion.
Personne ne parle de votre vie privée sans votre accord.

## Les secrets

Ce que les personnes racontent pendant les réunions reste secret.
On ne le répète pas en dehors du comité.`

const easyMinutesText = `## La réunion du comité

Le comité s'est réuni.
Nous étions nombreux autour de la table.

## Ce que nous avons décidé

Nous avons parlé de la charte.
La charte dit comment le comité travaille.
Les pilotes vont écrire une nouvelle charte.
Ils vont la montrer à la prochaine réunion.

Chaque organisme va chercher 2 bonnes idées.
Ces bonnes idées s'appellent des pratiques inspirantes.
Ce sont des choses qui marchent bien pour aider les personnes.

## La prochaine réunion

La prochaine réunion a lieu dans 2 mois.
Vous recevrez une invitation.`

const easyPracticeText = `## Ce que nous avons fait

Des personnes accompagnées et des professionnels se sont réunis.
Ils ont parlé ensemble de ce qui marche.
Ils ont aussi parlé de ce qui ne marche pas.

## Pourquoi c'est utile

Les professionnels comprennent mieux ce que vivent les personnes.
Les personnes donnent leur avis.
Leur avis change la façon de travailler.`

// loadEasyRead writes the demo's easy-to-read versions, once.
func loadEasyRead(ctx context.Context, db *postgres.DB, now time.Time, committees, accounts map[string]int64) error {
	c := committees["37-41"]
	as := func(login string, fn func(tx *postgres.Tx) error) error {
		return db.Write(ctx, postgres.InCommittee(c, accounts[login]), fn)
	}
	var charter, minutes, practice int64
	done := false
	if err := as("accompagne", func(tx *postgres.Tx) error {
		cur, err := tx.CurrentCharter(ctx)
		if err != nil || cur == nil {
			return err
		}
		charter = cur.ID
		v, err := tx.EasyRead(ctx, clts.EasyReadCharter, charter, false)
		if done = v != nil; err != nil || done {
			return err
		}
		if minutes, err = attendedMinutes(ctx, tx, now); err != nil {
			return err
		}
		hits, _, err := tx.Practices(ctx, postgres.PracticeQuery{Limit: 1})
		if err == nil && len(hits) > 0 {
			practice = hits[0].ID
		}
		return err
	}); err != nil || done {
		return err
	}
	write := func(login string, kind clts.EasyReadKind, id int64, src string, at time.Time) error {
		text, err := markdown.Render(src)
		if err != nil {
			return err
		}
		return as(login, func(tx *postgres.Tx) error { return tx.SaveEasyRead(ctx, kind, id, 0, text, at) })
	}
	check := func(kind clts.EasyReadKind, id int64, at time.Time) error {
		return as("accompagne", func(tx *postgres.Tx) error { return tx.CheckEasyReadText(ctx, kind, id, 1, at) })
	}
	if charter != 0 {
		if err := write("pilote", clts.EasyReadCharter, charter, easyCharterText, now.AddDate(0, -2, 0)); err != nil {
			return fmt.Errorf("charter: %w", err)
		}
		if err := check(clts.EasyReadCharter, charter, now.AddDate(0, -2, 3)); err != nil {
			return fmt.Errorf("charter check: %w", err)
		}
	}
	if minutes != 0 {
		if err := write("pilote", clts.EasyReadMinutes, minutes, easyMinutesText, now.AddDate(0, -1, 0)); err != nil {
			return fmt.Errorf("minutes: %w", err)
		}
		if err := check(clts.EasyReadMinutes, minutes, now.AddDate(0, -1, 2)); err != nil {
			return fmt.Errorf("minutes check: %w", err)
		}
	}
	if practice != 0 {
		if err := write("professionnel", clts.EasyReadPractice, practice, easyPracticeText, now.AddDate(0, 0, -5)); err != nil {
			return fmt.Errorf("practice: %w", err)
		}
	}
	return nil
}

// attendedMinutes is the last held meeting with published minutes that
// the scope's account attended (0: none).
func attendedMinutes(ctx context.Context, tx *postgres.Tx, now time.Time) (int64, error) {
	past, err := tx.MeetingsBetween(ctx, now.AddDate(-20, 0, 0), now, true, 50)
	if err != nil {
		return 0, err
	}
	for _, m := range past {
		v, err := tx.MeetingPage(ctx, m.ID)
		if err != nil {
			return 0, err
		}
		if v.Minutes.PublishedAt != nil && v.My.Attended != nil && *v.My.Attended {
			return m.ID, nil
		}
	}
	return 0, nil
}

package demo

import (
	"bytes"
	"context"
	"fmt"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
	"github.com/portail-clts/clts/internal/postgres"
)

// demoNews is a news item of the demo, its date days before the load.
type demoNews struct {
	title, summary, body string
	daysAgo              int
	pinned               bool
	// seminar: the title of the national seminar it announces.
	seminar string
	// pdf: the name of a PDF attachment.
	pdf string
	// readBy are the logins who have opened it already.
	readBy []string
}

// nationalNewsItems are the HCTS's national items of the demo.
func nationalNewsItems() []demoNews {
	return []demoNews{
		{title: "Le HCTS publie son rapport annuel sur l'état du travail social",
			summary: "Le rapport rassemble les contributions des comités locaux : besoins émergents, pratiques inspirantes et propositions.",
			body: "Le Haut Conseil du travail social publie son **rapport annuel**.\n\n" +
				"Il s'appuie sur les contributions transmises par les comités locaux lors de la campagne.\n\n" +
				"- les besoins émergents repérés sur les territoires ;\n- les pratiques inspirantes partagées ;\n- les propositions adressées aux pouvoirs publics.",
			daysAgo: 40, readBy: []string{"pilote", "partenaire"}},
		{title: "Séminaire national des CLTS : le rapport annuel",
			summary: "Le prochain séminaire national réunit les comités autour du rapport annuel. Inscrivez-vous auprès de vos pilotes.",
			body:    "Le séminaire se tient au ministère des Solidarités. Il figure dans les réunions de chaque comité, avec son programme.",
			daysAgo: 12, seminar: "Séminaire national des CLTS — rapport annuel", readBy: []string{"pilote"}},
		{title: "Ressource : guide de la participation des personnes accompagnées",
			summary: "Le HCTS met à disposition un guide pratique pour associer les personnes accompagnées aux travaux des comités.",
			body:    "Le guide, en pièce jointe, propose des repères pour l'accueil, la prise de parole et le défraiement des personnes accompagnées.",
			daysAgo: 3, pdf: "guide-participation.pdf"},
	}
}

// localNewsItems are the demo's local items, by committee.
func localNewsItems() map[string][]demoNews {
	return map[string][]demoNews{
		"37-41": {
			{title: "Plénière de printemps : appel à points pour l'ordre du jour",
				summary: "Proposez vos points pour la prochaine plénière depuis la page de la réunion.",
				body:    "Les pilotes recevront les propositions jusqu'à la veille de l'envoi de la convocation.",
				daysAgo: 20, pinned: true, readBy: []string{"pilote", "pilote41"}},
			{title: "Bienvenue aux nouveaux membres du comité",
				summary: "Trois institutions ont rejoint le comité ce trimestre : retrouvez leurs représentants dans l'annuaire.",
				daysAgo: 8, readBy: []string{"pilote"}},
			{title: "Le groupe « Accès aux droits à l'ère numérique » cherche des témoignages",
				summary: "Vous accompagnez des personnes dans leurs démarches en ligne ? Le groupe recueille vos retours d'expérience.",
				daysAgo: 1},
		},
		"autre": {
			{title: "Le comité du Loiret se met en place",
				summary: "La première plénière du comité fixe ses groupes de travail et sa charte de fonctionnement.",
				daysAgo: 6},
		},
	}
}

// day is the date daysAgo days before now, as items are dated.
func day(now time.Time, daysAgo int) time.Time {
	y, m, d := now.AddDate(0, 0, -daysAgo).Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// loadNews posts the national items as the HCTS publisher and each
// committee's local items as its pilot, then marks some read; it does
// nothing when national news exist.
func loadNews(ctx context.Context, db *postgres.DB, now time.Time, committees, accounts map[string]int64) error {
	var exists bool
	national := map[string]int64{}
	err := db.Write(ctx, postgres.Scope{AccountID: accounts["hcts"], HCTS: true}, func(tx *postgres.Tx) error {
		_, total, err := tx.NationalNewsList(ctx, 1, 0)
		if exists = total > 0; err != nil || exists {
			return err
		}
		seminars, err := tx.Seminars(ctx, 50)
		if err != nil {
			return err
		}
		for _, n := range nationalNewsItems() {
			item := clts.News{National: true, Title: n.title, Summary: n.summary, PublishedOn: day(now, n.daysAgo)}
			for _, s := range seminars {
				if n.seminar != "" && s.Title == n.seminar {
					item.SeminarID = s.SeminarID
				}
			}
			body, err := markdown.Render(n.body)
			if err != nil {
				return err
			}
			id, err := tx.CreateNationalNews(ctx, item, body)
			if err != nil {
				return fmt.Errorf("national news %q: %w", n.title, err)
			}
			national[n.title] = id
			if n.pdf != "" {
				pdf := onePagePDF(n.title, []string{n.summary})
				fileID, err := tx.CreateNationalFile(ctx, n.pdf, "application/pdf", bytes.NewReader(pdf), int64(len(pdf)))
				if err != nil {
					return err
				}
				if err := tx.AttachNationalNewsFile(ctx, id, fileID); err != nil {
					return err
				}
			}
		}
		return nil
	})
	if err != nil || exists {
		return err
	}
	for _, n := range nationalNewsItems() {
		for _, login := range n.readBy {
			if err := db.Write(ctx, postgres.Scope{AccountID: accounts[login]}, func(tx *postgres.Tx) error {
				return tx.MarkNationalNewsRead(ctx, national[n.title])
			}); err != nil {
				return err
			}
		}
	}
	for slug, items := range localNewsItems() {
		local := map[string]int64{}
		err := db.Write(ctx, postgres.InCommittee(committees[slug], accounts[pilotOf[slug]]), func(tx *postgres.Tx) error {
			for _, n := range items {
				body, err := markdown.Render(n.body)
				if err != nil {
					return err
				}
				id, err := tx.CreateNews(ctx, clts.News{Title: n.title, Summary: n.summary, PublishedOn: day(now, n.daysAgo)}, body)
				if err != nil {
					return fmt.Errorf("news %q: %w", n.title, err)
				}
				local[n.title] = id
				if n.pinned {
					if err := tx.PinNews(ctx, id, true); err != nil {
						return err
					}
				}
			}
			return nil
		})
		if err != nil {
			return err
		}
		for _, n := range items {
			for _, login := range n.readBy {
				if err := db.Write(ctx, postgres.InCommittee(committees[slug], accounts[login]), func(tx *postgres.Tx) error {
					return tx.MarkNewsRead(ctx, local[n.title])
				}); err != nil {
					return err
				}
			}
		}
	}
	return nil
}

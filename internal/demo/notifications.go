package demo

import (
	"context"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
)

// demoNotice is a past event of the demo told to some of its accounts, so
// that the header shows a count and the notification centre a list under
// make run.
type demoNotice struct {
	kind      clts.NotificationKind
	title     string
	link      string
	committee string   // slug; "" for a national event
	to        []string // logins
	readBy    []string
	daysAgo   int
}

// demoNotices are the demo's past events; the role accounts of 37-41 hear
// of their committee's, everyone of the HCTS's news.
func demoNotices() []demoNotice {
	members := []string{"pilote", "pilote41", "partenaire", "professionnel", "accompagne"}
	return []demoNotice{
		{kind: clts.NotifyConvocation, title: "Convocation : plénière du comité 37-41", link: paths.Meetings("37-41"),
			committee: "37-41", to: members, readBy: []string{"pilote", "pilote41"}, daysAgo: 6},
		{kind: clts.NotifyMinutes, title: "Compte rendu publié : plénière d'automne", link: paths.Meetings("37-41"),
			committee: "37-41", to: members, readBy: []string{"pilote"}, daysAgo: 4},
		{kind: clts.NotifyPractice, title: "Une fiche pratique attend votre relecture", link: paths.Practices("37-41"),
			committee: "37-41", to: []string{"pilote", "pilote41"}, daysAgo: 2},
		{kind: clts.NotifyNews, title: "Actualité : le groupe « Accès aux droits à l'ère numérique » cherche des témoignages",
			link: paths.News("37-41"), committee: "37-41", to: members, daysAgo: 1},
		{kind: clts.NotifyNews, title: "Actualité du HCTS : guide de la participation des personnes accompagnées",
			link: paths.NationalNews, to: append(members, "pilote-autre"), readBy: []string{"pilote41"}, daysAgo: 3},
		{kind: clts.NotifyConvocation, title: "Convocation : plénière du comité du Loiret", link: paths.Meetings("autre"),
			committee: "autre", to: []string{"pilote-autre"}, daysAgo: 5},
	}
}

// loadNotifications writes the demo's past events in the notification
// centre (no e-mail leaves for them), once.
func loadNotifications(ctx context.Context, db *postgres.DB, now time.Time, committees, accounts map[string]int64) error {
	ids := func(logins []string) []int64 {
		out := make([]int64, 0, len(logins))
		for _, l := range logins {
			if id, ok := accounts[l]; ok {
				out = append(out, id)
			}
		}
		return out
	}
	return db.Write(ctx, postgres.Scope{}, func(tx *postgres.Tx) error {
		for _, n := range demoNotices() {
			err := tx.RecordPastNotice(ctx, postgres.PastNotice{Kind: n.kind, Title: n.title, Link: n.link,
				CommitteeID: committees[n.committee], AccountIDs: ids(n.to), ReadBy: ids(n.readBy),
				CreatedAt: now.AddDate(0, 0, -n.daysAgo)})
			if err != nil {
				return err
			}
		}
		return nil
	})
}

package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// paris is the zone the demo calendar is written in.
func paris() *time.Location {
	loc, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		return time.UTC
	}
	return loc
}

func at(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, paris())
}

// workdayAt is the day of t, moved to the next Monday when it falls on a
// weekend, at h:min in Paris: upcoming demo meetings are relative to today
// and committees meet on working days.
func workdayAt(t time.Time, h, min int) time.Time {
	for t.Weekday() == time.Saturday || t.Weekday() == time.Sunday {
		t = t.AddDate(0, 0, 1)
	}
	return at(t.Year(), t.Month(), t.Day(), h, min)
}

// loadMeetings writes the 2018–2019 calendar of the seeds (four national
// seminars, bimonthly plenaries) and upcoming meetings relative to now, with
// agendas, answers, attendance and minutes. It does nothing when seminars
// already exist.
func loadMeetings(ctx context.Context, db *postgres.DB, now time.Time, committees, accounts map[string]int64) error {
	existing, err := db.Seminars(ctx, 1)
	if err != nil || len(existing) > 0 {
		return err
	}
	hcts := postgres.Scope{AccountID: accounts["hcts"]}
	seminar := func(title string, start time.Time, place string) error {
		_, err := db.CreateSeminar(ctx, hcts, clts.Meeting{Title: title, StartsAt: start, EndsAt: start.Add(6 * time.Hour), Place: place,
			Description:   "Séminaire national du Haut Conseil du travail social sur les contours des futurs comités locaux.",
			Accessibility: "Salle accessible en fauteuil roulant ; boucle magnétique à l'accueil."}, nil, "")
		return err
	}
	for _, s := range []struct {
		title string
		start time.Time
	}{
		{"Séminaire national des CLTS — lancement", at(2018, time.September, 27, 9, 30)},
		{"Séminaire national des CLTS — gouvernance", at(2018, time.December, 13, 9, 30)},
		{"Séminaire national des CLTS — participation", at(2019, time.March, 21, 9, 30)},
		{"Séminaire national des CLTS — bilan", at(2019, time.June, 20, 9, 30)},
	} {
		if err := seminar(s.title, s.start, "Ministère des Solidarités, 14 avenue Duquesne, Paris"); err != nil {
			return fmt.Errorf("seminar: %w", err)
		}
	}
	upcoming := now.AddDate(0, 0, 45)
	if err := seminar("Séminaire national des CLTS — rapport annuel", workdayAt(upcoming, 9, 30),
		"Ministère des Solidarités, 14 avenue Duquesne, Paris"); err != nil {
		return fmt.Errorf("seminar: %w", err)
	}
	for _, id := range committees {
		if err := db.CopySeminarsTo(ctx, id, true); err != nil {
			return err
		}
	}

	c := committees["37-41"]
	pilot := postgres.InCommittee(c, accounts["pilote"])
	noMail := func(clts.Meeting) *postgres.MeetingMail { return nil }
	plenary := func(start time.Time, place string) clts.Meeting {
		return clts.Meeting{Kind: clts.KindPlenary, Title: "Réunion plénière du comité", StartsAt: start, EndsAt: start.Add(150 * time.Minute),
			Place: place, Accessibility: "Rez-de-chaussée accessible, place de parking réservée devant l'entrée."}
	}
	// The 2018–2019 bimonthly plenaries, alternating Tours and Blois.
	var past []clts.Meeting
	for i, d := range []time.Time{at(2018, time.October, 16, 14, 0), at(2018, time.December, 18, 14, 0), at(2019, time.February, 19, 14, 0),
		at(2019, time.April, 16, 14, 0), at(2019, time.June, 18, 14, 0)} {
		place := "Hôtel du Département, place de la Préfecture, Tours"
		if i%2 == 1 {
			place = "Hôtel du Département, place de la République, Blois"
		}
		past = append(past, plenary(d, place))
	}
	pastIDs, err := db.CreateMeetings(ctx, pilot, past, noMail, "")
	if err != nil {
		return fmt.Errorf("plenaries: %w", err)
	}
	items := []clts.AgendaItem{
		{Title: "Accueil et tour de table", Minutes: 15},
		{Title: "Retour sur le séminaire national", Presenter: "Claire Martin", Minutes: 30},
		{Title: "Charte de fonctionnement du comité", Presenter: "Luc Moreau", Minutes: 45},
		{Title: "Recensement des pratiques inspirantes", Presenter: "Karim Benali", Minutes: 40},
	}
	var members []string
	for _, p := range placements() {
		members = append(members, p.Login)
	}
	for i, id := range pastIDs {
		for _, it := range items {
			it.MeetingID = id
			if err := db.AddAgendaItem(ctx, pilot, it, false, ""); err != nil {
				return err
			}
		}
		var present []int64
		for j, login := range members {
			if (i+j)%4 != 3 {
				present = append(present, accounts[login])
			}
		}
		if _, err := db.RecordAttendance(ctx, pilot, id, present, ""); err != nil {
			return err
		}
		body := "## Relevé de décisions\n\nLe comité a adopté l'ordre du jour.\n\n- La charte de fonctionnement est discutée ; une version révisée sera présentée à la prochaine réunion.\n- Chaque institution recense deux pratiques inspirantes.\n\n**Prochaine réunion** : dans deux mois."
		if err := db.SaveMinutes(ctx, pilot, id, body, 0, true, ""); err != nil {
			return err
		}
		if err := db.AddAction(ctx, pilot, id, clts.ActionItem{Kind: "decision", What: "Adopter le principe d'une charte de fonctionnement", Who: "Comité"}, ""); err != nil {
			return err
		}
		due := past[i].StartsAt.AddDate(0, 1, 0)
		if err := db.AddAction(ctx, pilot, id, clts.ActionItem{Kind: "action", What: "Recenser deux pratiques inspirantes par institution", Who: "Chaque institution", DueOn: &due}, ""); err != nil {
			return err
		}
	}

	// Upcoming plenaries, every two months from next week.
	next := now.AddDate(0, 0, 7)
	var coming []clts.Meeting
	for i := 0; i < 3; i++ {
		d := next.AddDate(0, 2*i, 0)
		coming = append(coming, plenary(workdayAt(d, 14, 0), "Hôtel du Département, place de la Préfecture, Tours"))
	}
	coming[0].VideoURL = "https://visio.example.fr/clts-37-41"
	comingIDs, err := db.CreateMeetings(ctx, pilot, coming, noMail, "")
	if err != nil {
		return fmt.Errorf("upcoming plenaries: %w", err)
	}
	for _, it := range items[:3] {
		it.MeetingID = comingIDs[0]
		if err := db.AddAgendaItem(ctx, pilot, it, false, ""); err != nil {
			return err
		}
	}
	partner := postgres.InCommittee(c, accounts["partenaire"])
	if err := db.AddAgendaItem(ctx, partner, clts.AgendaItem{MeetingID: comingIDs[0], Title: "Accès aux droits : le coffre-fort numérique",
		Description: "Présentation d'une expérimentation de la CAF Touraine.", Minutes: 20}, true, ""); err != nil {
		return err
	}
	answers := map[string]string{"pilote": clts.AnswerYes, "pilote41": clts.AnswerYes, "partenaire": clts.AnswerMaybe, "accompagne": clts.AnswerYes}
	for login, a := range answers {
		var needs []string
		note := ""
		if login == "accompagne" {
			needs, note = []string{"transport", "accompagnement"}, "Je viens de Loches, sans voiture."
		}
		if err := db.SetResponse(ctx, postgres.InCommittee(c, accounts[login]), comingIDs[0], accounts[login], a, needs, note, ""); err != nil {
			return err
		}
	}

	// An upcoming meeting of the participation group, led by the supported person.
	groups, err := db.Groups(ctx, pilot, false)
	if err != nil {
		return err
	}
	for _, g := range groups {
		if g.Title != "Participation des personnes accompagnées" {
			continue
		}
		d := now.AddDate(0, 0, 12)
		start := workdayAt(d, 10, 0)
		if _, err := db.CreateMeetings(ctx, postgres.InCommittee(c, accounts["accompagne"]), []clts.Meeting{{
			Kind: clts.KindGroup, GroupID: g.ID, Title: "Groupe participation : préparer la contribution au rapport",
			StartsAt: start, EndsAt: start.Add(2 * time.Hour), Place: "Maison des solidarités, 10 rue de la Paix, Tours",
			Accessibility: "Accessible en fauteuil ; arrêt de tram à 50 m."}}, noMail, ""); err != nil {
			return fmt.Errorf("group meeting: %w", err)
		}
	}

	// The other committee has its own plenary.
	o := committees["autre"]
	d := now.AddDate(0, 0, 20)
	_, err = db.CreateMeetings(ctx, postgres.InCommittee(o, accounts["pilote-autre"]), []clts.Meeting{
		plenary(workdayAt(d, 9, 30), "Hôtel du Département, Orléans")}, noMail, "")
	return err
}

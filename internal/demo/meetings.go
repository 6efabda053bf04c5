package demo

import (
	"context"
	"fmt"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
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
// already exist. Each person's part is one unit of work, in their scope.
func loadMeetings(ctx context.Context, db *postgres.DB, now time.Time, committees, accounts map[string]int64) error {
	created, err := loadSeminars(ctx, db, now, accounts["hcts"])
	if err != nil || !created {
		return err
	}
	for _, id := range committees {
		if err := db.Write(ctx, postgres.InCommittee(id, 0), func(tx *postgres.Tx) error {
			return tx.CopySeminarsTo(ctx, id, true)
		}); err != nil {
			return err
		}
	}

	c := committees["37-41"]
	as := func(login string, fn func(tx *postgres.Tx) error) error {
		return db.Write(ctx, postgres.InCommittee(c, accounts[login]), fn)
	}
	var upcoming int64
	if err := as("pilote", func(tx *postgres.Tx) error {
		if err := loadPastPlenaries(ctx, tx, accounts); err != nil {
			return err
		}
		var err error
		upcoming, err = loadUpcomingPlenaries(ctx, tx, now)
		return err
	}); err != nil {
		return err
	}
	if err := as("partenaire", func(tx *postgres.Tx) error {
		return tx.AddAgendaItem(ctx, clts.AgendaItem{MeetingID: upcoming, Title: "Accès aux droits : le coffre-fort numérique",
			Description: "Présentation d'une expérimentation de la CAF Touraine.", Minutes: 20}, true)
	}); err != nil {
		return err
	}
	if err := loadProposalFates(ctx, as, upcoming); err != nil {
		return fmt.Errorf("proposals: %w", err)
	}
	answers := map[string]string{"pilote": clts.AnswerYes, "pilote41": clts.AnswerYes, "partenaire": clts.AnswerMaybe, "accompagne": clts.AnswerYes}
	for login, a := range answers {
		var needs []string
		note, companions := "", 0
		if login == "accompagne" {
			// They come with the person who supports them.
			needs, note, companions = []string{"transport", "accompagnement"}, "Je viens de Loches, sans voiture.", 1
		}
		if err := as(login, func(tx *postgres.Tx) error { return tx.SetResponse(ctx, upcoming, a, companions, needs, note) }); err != nil {
			return err
		}
	}
	// An upcoming meeting of the participation group, led by the supported person.
	if err := as("accompagne", func(tx *postgres.Tx) error { return loadGroupMeeting(ctx, tx, now) }); err != nil {
		return fmt.Errorf("group meeting: %w", err)
	}

	// The other committee has its own plenary.
	d := now.AddDate(0, 0, 20)
	return db.Write(ctx, postgres.InCommittee(committees["autre"], accounts["pilote-autre"]), func(tx *postgres.Tx) error {
		_, err := tx.CreateMeetings(ctx, []clts.Meeting{plenary(workdayAt(d, 9, 30), "Hôtel du Département, Orléans")}, true, noMail)
		return err
	})
}

// loadSeminars publishes the national seminars as the HCTS account, unless
// seminars exist already; it reports whether it created them.
func loadSeminars(ctx context.Context, db *postgres.DB, now time.Time, hcts int64) (created bool, err error) {
	const place = "Ministère des Solidarités, 14 avenue Duquesne, Paris"
	err = db.Write(ctx, postgres.Scope{AccountID: hcts, HCTS: true}, func(tx *postgres.Tx) error {
		existing, err := tx.Seminars(ctx, 1)
		if err != nil || len(existing) > 0 {
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
			{"Séminaire national des CLTS — rapport annuel", workdayAt(now.AddDate(0, 0, 45), 9, 30)},
		} {
			if _, err := tx.CreateSeminar(ctx, clts.Meeting{Title: s.title, StartsAt: s.start, EndsAt: s.start.Add(6 * time.Hour), Place: place,
				Description:   "Séminaire national du Haut Conseil du travail social sur les contours des futurs comités locaux.",
				Accessibility: "Salle accessible en fauteuil roulant ; boucle magnétique à l'accueil."}, nil); err != nil {
				return fmt.Errorf("seminar: %w", err)
			}
		}
		created = true
		return nil
	})
	return created, err
}

// noMail sends no convocation: demo people have demo addresses.
func noMail(clts.Meeting) *postgres.MeetingMail { return nil }

func plenary(start time.Time, place string) clts.Meeting {
	return clts.Meeting{Kind: clts.KindPlenary, Title: "Réunion plénière du comité", StartsAt: start, EndsAt: start.Add(150 * time.Minute),
		Place: place, Accessibility: "Rez-de-chaussée accessible, place de parking réservée devant l'entrée."}
}

// agenda is the agenda of the demo plenaries.
func agenda() []clts.AgendaItem {
	return []clts.AgendaItem{
		{Title: "Accueil et tour de table", Minutes: 15},
		{Title: "Retour sur le séminaire national", Presenter: "Claire Martin", Minutes: 30},
		{Title: "Charte de fonctionnement du comité", Presenter: "Luc Moreau", Minutes: 45},
		{Title: "Recensement des pratiques inspirantes", Presenter: "Karim Benali", Minutes: 40},
	}
}

// loadPastPlenaries writes the 2018–2019 bimonthly plenaries, alternating
// Tours and Blois, with their agenda, attendance, minutes and actions.
func loadPastPlenaries(ctx context.Context, tx *postgres.Tx, accounts map[string]int64) error {
	var past []clts.Meeting
	for i, d := range []time.Time{at(2018, time.October, 16, 14, 0), at(2018, time.December, 18, 14, 0), at(2019, time.February, 19, 14, 0),
		at(2019, time.April, 16, 14, 0), at(2019, time.June, 18, 14, 0)} {
		place := "Hôtel du Département, place de la Préfecture, Tours"
		if i%2 == 1 {
			place = "Hôtel du Département, place de la République, Blois"
		}
		past = append(past, plenary(d, place))
	}
	pastIDs, err := tx.CreateMeetings(ctx, past, true, noMail)
	if err != nil {
		return fmt.Errorf("plenaries: %w", err)
	}
	var members []string
	for _, p := range placements() {
		members = append(members, p.Login)
	}
	// The minutes are stored with their HTML, as the form stores them.
	minutes, err := markdown.Render("## Relevé de décisions\n\nLe comité a adopté l'ordre du jour.\n\n- La charte de fonctionnement est discutée ; une version révisée sera présentée à la prochaine réunion.\n- Chaque institution recense deux pratiques inspirantes.\n\n**Prochaine réunion** : dans deux mois.")
	if err != nil {
		return fmt.Errorf("minutes: %w", err)
	}
	for i, id := range pastIDs {
		for _, it := range agenda() {
			it.MeetingID = id
			if err := tx.AddAgendaItem(ctx, it, false); err != nil {
				return err
			}
		}
		// Every fourth member missing, half of them excused; a guest or
		// two from outside the committee.
		sheet := clts.AttendanceSheet{Outside: i % 3}
		for j, login := range members {
			switch {
			case (i+j)%4 != 3:
				sheet.Present = append(sheet.Present, accounts[login])
			case j%2 == 0:
				sheet.Excused = append(sheet.Excused, accounts[login])
			}
		}
		if _, err := tx.RecordAttendance(ctx, id, sheet); err != nil {
			return err
		}
		// The decisions and actions, the second given to a member: done,
		// but for the last meeting's.
		due := past[i].StartsAt.AddDate(0, 1, 0)
		last := i == len(pastIDs)-1
		if err := tx.SaveMinutes(ctx, id, postgres.MinutesChange{Text: minutes, Publish: true, Actions: []postgres.ActionChange{
			{Row: 1, Item: clts.ActionItem{Kind: "decision", What: "Adopter le principe d'une charte de fonctionnement", Who: "Comité"}},
			{Row: 2, Item: clts.ActionItem{Kind: "action", What: "Présenter la charte révisée à la prochaine réunion", AssigneeID: accounts["pilote"], DueOn: &due, Done: !last}},
			{Row: 3, Item: clts.ActionItem{Kind: "action", What: "Recenser deux pratiques inspirantes par institution", Who: "Chaque institution", DueOn: &due, Done: !last}},
		}}); err != nil {
			return err
		}
	}
	return nil
}

// loadUpcomingPlenaries writes the plenaries of every two months from next
// week and the agenda of the first one, whose id it returns.
func loadUpcomingPlenaries(ctx context.Context, tx *postgres.Tx, now time.Time) (int64, error) {
	next := now.AddDate(0, 0, 7)
	var coming []clts.Meeting
	for i := 0; i < 3; i++ {
		d := next.AddDate(0, 2*i, 0)
		coming = append(coming, plenary(workdayAt(d, 14, 0), "Hôtel du Département, place de la Préfecture, Tours"))
	}
	coming[0].VideoURL = "https://visio.example.fr/clts-37-41"
	// The first is convened; the pilot sends the next ones' convocations
	// from their pages once their agenda is ready.
	comingIDs, err := tx.CreateMeetings(ctx, coming[:1], true, noMail)
	if err != nil {
		return 0, fmt.Errorf("upcoming plenaries: %w", err)
	}
	if _, err := tx.CreateMeetings(ctx, coming[1:], false, nil); err != nil {
		return 0, fmt.Errorf("upcoming plenaries: %w", err)
	}
	for _, it := range agenda()[:3] {
		it.MeetingID = comingIDs[0]
		if err := tx.AddAgendaItem(ctx, it, false); err != nil {
			return 0, err
		}
	}
	return comingIDs[0], nil
}

// loadGroupMeeting writes an upcoming meeting of the participation group.
func loadGroupMeeting(ctx context.Context, tx *postgres.Tx, now time.Time) error {
	groups, err := tx.Groups(ctx, false)
	if err != nil {
		return err
	}
	for _, g := range groups {
		if g.Title != groupParticipation {
			continue
		}
		start := workdayAt(now.AddDate(0, 0, 12), 10, 0)
		if _, err := tx.CreateMeetings(ctx, []clts.Meeting{{
			Kind: clts.KindGroup, GroupID: g.ID, Title: "Groupe participation : préparer la contribution au rapport",
			StartsAt: start, EndsAt: start.Add(2 * time.Hour), Place: "Maison des solidarités, 10 rue de la Paix, Tours",
			Accessibility: "Accessible en fauteuil ; arrêt de tram à 50 m."}}, true, noMail); err != nil {
			return err
		}
	}
	return nil
}

// loadProposalFates gives the partner two more proposals for the upcoming
// plenary, which the pilot accepts and declines: the partner's home shows
// what became of each of their proposals, the third one still waiting.
func loadProposalFates(ctx context.Context, as func(string, func(*postgres.Tx) error) error, meeting int64) error {
	const accepted, declined = "Bilan des permanences numériques de la CAF", "Présentation du nouveau site de la CAF"
	if err := as("partenaire", func(tx *postgres.Tx) error {
		for _, title := range []string{accepted, declined} {
			if err := tx.AddAgendaItem(ctx, clts.AgendaItem{MeetingID: meeting, Title: title, Minutes: 15}, true); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return err
	}
	return as("pilote", func(tx *postgres.Tx) error {
		items, err := tx.AgendaItems(ctx, meeting, true)
		if err != nil {
			return err
		}
		for _, it := range items {
			switch {
			case it.Proposed && it.Title == accepted:
				err = tx.AcceptProposal(ctx, meeting, it.ID)
			case it.Proposed && it.Title == declined:
				err = tx.DeclineProposal(ctx, meeting, it.ID)
			}
			if err != nil {
				return err
			}
		}
		return nil
	})
}

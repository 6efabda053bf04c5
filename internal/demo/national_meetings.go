package demo

import (
	"iter"
	"slices"
	"strconv"
	"time"

	"github.com/portail-clts/clts/internal/clts"
)

// natMeeting is a plenary (group nil) or a group meeting.
type natMeeting struct {
	id                         int64
	group                      *natGroup
	title, place, video        string
	start, end                 time.Time
	status, cancelReason       string
	sequence                   int
	createdBy                  int64
	minutes                    bool
	description, accessibility string
}

// planMeetings gives a new committee 200 meetings over three years (a
// plenary every two months, the rest for its groups), and 37-41 a plenary a
// month and about 300 meetings, two thirds of them in the next two years.
func (n *national) planMeetings(c *natCommittee) {
	if c.existing {
		for month := -12; month <= 24; month++ {
			n.addPlenary(c, month)
		}
		n.addGroupMeetings(c, 88, n.now.AddDate(-1, 0, 0), n.now)
		n.addGroupMeetings(c, 176, n.now, n.now.AddDate(2, 0, 0))
		return
	}
	for month := -24; month <= 10; month += 2 {
		n.addPlenary(c, month)
	}
	n.addGroupMeetings(c, 26*len(c.groups), n.now.AddDate(-2, 0, 0), n.now.AddDate(1, 0, 0))
}

// addPlenary adds the plenary of the third Tuesday of the month months
// from now, at 14:00 in Paris.
func (n *national) addPlenary(c *natCommittee, months int) {
	now := n.now.In(paris())
	d := at(now.Year(), now.Month()+time.Month(months), 1, 14, 0)
	for d.Weekday() != time.Tuesday {
		d = d.AddDate(0, 0, 1)
	}
	n.addMeeting(c, nil, d.AddDate(0, 0, 14), 150*time.Minute)
}

// addGroupMeetings spreads count meetings of the committee's groups over
// [from, to), on working days.
func (n *national) addGroupMeetings(c *natCommittee, count int, from, to time.Time) {
	hours := [][2]int{{9, 30}, {10, 0}, {14, 0}}
	for i := range count {
		day := from.Add(time.Duration(n.rng.Int64N(int64(to.Sub(from)))))
		h := hours[n.rng.IntN(len(hours))]
		n.addMeeting(c, c.groups[i%len(c.groups)], workdayAt(day.In(paris()), h[0], h[1]), 2*time.Hour)
	}
}

func (n *national) addMeeting(c *natCommittee, g *natGroup, start time.Time, length time.Duration) {
	m := &natMeeting{id: n.id("meetings"), group: g, start: start, end: start.Add(length),
		createdBy: c.pilots[n.rng.IntN(len(c.pilots))], status: clts.MeetingPlanned,
		accessibility: "Salle accessible en fauteuil roulant ; boucle magnétique sur demande."}
	label := c.area.Label
	if c.existing {
		label = "Tours"
	}
	if g == nil {
		m.title, m.place = "Réunion plénière du comité", "Hôtel du Département, "+label
		m.description = "Les documents de séance sont envoyés une semaine avant la réunion."
	} else {
		m.title, m.place = "Groupe « "+g.title+" »", "Maison des solidarités, "+label
	}
	if n.chance(0.25) {
		m.video = "https://visio.example.fr/clts-" + c.slug() + "-" + strconv.FormatInt(m.id, 10)
	}
	past := m.end.Before(n.now)
	switch p := n.rng.Float64(); {
	case past && p < 0.85:
		m.status = clts.MeetingHeld
	case (past && p < 0.90) || (!past && p < 0.03):
		m.status, m.cancelReason = clts.MeetingCancelled, "Réunion reportée : trop peu de participants disponibles."
		m.sequence++
	}
	if n.chance(0.2) {
		m.sequence += 1 + n.rng.IntN(2)
	}
	m.minutes = m.status == clts.MeetingHeld && (g == nil || n.chance(0.3))
	c.meetings = append(c.meetings, m)
}

func (c *natCommittee) slug() string {
	if c.existing {
		return "37-41"
	}
	return c.area.Slug
}

// invitees are every active member for a plenary, the group's leads and
// members for a group meeting.
func (c *natCommittee) invitees(m *natMeeting) iter.Seq[natMember] {
	return func(yield func(natMember) bool) {
		if m.group == nil {
			for _, p := range c.members {
				if !yield(p) {
					return
				}
			}
			return
		}
		for _, i := range m.group.invitees {
			if !yield(c.members[i]) {
				return
			}
		}
	}
}

func (n *national) meetingRows() iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		for _, c := range n.committees {
			for _, m := range c.meetings {
				kind, group := clts.KindPlenary, any(nil)
				if m.group != nil {
					kind, group = clts.KindGroup, m.group.id
				}
				if !yield([]any{c.id, m.id, kind, group, m.title, m.description, m.start, m.end, m.place, m.video,
					m.accessibility, m.status, m.cancelReason, m.sequence, m.createdBy}) {
					return
				}
			}
		}
	}
}

type agendaTemplate struct {
	title   string
	minutes int
}

// agendaRows gives each meeting three to five items, and one upcoming
// meeting in ten a member's proposal.
func (n *national) agendaRows() iter.Seq[[]any] {
	plenary := []agendaTemplate{{"Accueil et tour de table", 15}, {"Approbation du compte rendu de la séance précédente", 10},
		{"Point d'étape des groupes de travail", 45}, {"Présentation d'une pratique inspirante", 30},
		{"Préparation de la contribution au Haut Conseil du travail social", 40}, {"Questions diverses", 15}}
	group := []agendaTemplate{{"Tour de table", 10}, {"Retour sur les travaux depuis la dernière séance", 30},
		{"Témoignages de personnes accompagnées", 30}, {"Rédaction des propositions", 45}, {"Prochaines étapes", 15}}
	return func(yield func([]any) bool) {
		for _, c := range n.committees {
			for _, m := range c.meetings {
				items, count := plenary, 3+n.rng.IntN(3)
				if m.group != nil {
					items, count = group, 3+n.rng.IntN(2)
				}
				chosen := n.rng.Perm(len(items))[:count]
				slices.Sort(chosen)
				for pos, i := range chosen {
					presenter := ""
					if n.chance(0.5) {
						presenter = c.members[n.rng.IntN(len(c.members))].name
					}
					if !yield([]any{c.id, m.id, n.id("agenda_items"), pos + 1, items[i].title, "", presenter, items[i].minutes, "retenu", nil}) {
						return
					}
				}
				if m.status == clts.MeetingPlanned && m.start.After(n.now) && n.chance(0.1) {
					by := c.members[n.rng.IntN(len(c.members))].account
					if !yield([]any{c.id, m.id, n.id("agenda_items"), count + 1, "Mobilité des personnes accompagnées : un retour d'expérience",
						"Proposé pour ouvrir la discussion sur les transports.", "", 20, "propose", by}) {
						return
					}
				}
			}
		}
	}
}

// responseRows answers for six invitees in ten; a held meeting has a row
// for every invitee, with attendance, as the attendance sheet writes.
func (n *national) responseRows() iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		for _, c := range n.committees {
			for _, m := range c.meetings {
				held := m.status == clts.MeetingHeld
				for p := range c.invitees(m) {
					answered := n.chance(0.6)
					if !answered && !held {
						continue
					}
					var answer any
					a, needs, note := "", []string{}, ""
					if answered {
						switch r := n.rng.Float64(); {
						case r < 0.55:
							a = clts.AnswerYes
						case r < 0.75:
							a = clts.AnswerNo
						default:
							a = clts.AnswerMaybe
						}
						answer = a
					}
					if a == clts.AnswerYes && p.role == clts.RoleAccompagne && n.chance(0.3) {
						needs, note = []string{"transport", "accompagnement"}, "Je viens en bus : merci de m'indiquer l'arrêt le plus proche."
					}
					var attended any
					if held {
						attended = n.chance(map[string]float64{clts.AnswerYes: 0.85, clts.AnswerMaybe: 0.5, clts.AnswerNo: 0.05, "": 0.2}[a])
					}
					if !yield([]any{c.id, m.id, p.account, answer, needs, note, attended}) {
						return
					}
				}
			}
		}
	}
}

const nationalMinutes = "## Relevé de décisions\n\nLe comité a adopté l'ordre du jour.\n\n" +
	"- Les groupes de travail ont présenté leur avancement.\n- Une contribution commune sera transmise au Haut Conseil du travail social.\n\n" +
	"**Prochaine réunion** : voir le calendrier du comité."

// minutesRows writes the minutes of held plenaries and of a third of held
// group meetings, published a week after the meeting (drafts until then).
func (n *national) minutesRows() iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		for _, c := range n.committees {
			for _, m := range c.meetings {
				if !m.minutes {
					continue
				}
				var published any
				if p := m.end.AddDate(0, 0, 7); p.Before(n.now) {
					published = p
				}
				if !yield([]any{c.id, m.id, nationalMinutes, published, m.createdBy}) {
					return
				}
			}
		}
	}
}

// actionRows records a decision and an action with each minutes.
func (n *national) actionRows() iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		for _, c := range n.committees {
			for _, m := range c.meetings {
				if !m.minutes {
					continue
				}
				due := m.start.AddDate(0, 1, 0)
				done := due.Before(n.now) && n.chance(0.7)
				if !yield([]any{c.id, m.id, n.id("meeting_actions"), "decision", "Adopter le calendrier des prochaines séances", "Comité", nil, false}) ||
					!yield([]any{c.id, m.id, n.id("meeting_actions"), "action", "Transmettre la synthèse des propositions", "Le pilotage", due, done}) {
					return
				}
			}
		}
	}
}

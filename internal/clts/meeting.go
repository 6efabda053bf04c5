package clts

import (
	"net/url"
	"strings"
	"time"
	"unicode/utf8"
)

// Meeting kinds.
const (
	KindPlenary = "pleniere"
	KindGroup   = "groupe"
	KindSeminar = "seminaire"
)

// Meeting statuses.
const (
	MeetingPlanned   = "prevue"
	MeetingHeld      = "tenue"
	MeetingCancelled = "annulee"
)

// Answers to a convocation.
const (
	AnswerYes   = "oui"
	AnswerNo    = "non"
	AnswerMaybe = "peut_etre"
)

// Needs to attend, which only organisers see.
func Needs() []string {
	return []string{"transport", "accompagnement", "interpretation", "accessibilite"}
}

// NeedLabel is the French name of a need.
func NeedLabel(n string) string {
	switch n {
	case "transport":
		return "Transport"
	case "accompagnement":
		return "Accompagnement"
	case "interpretation":
		return "Interprétariat (langue, langue des signes)"
	case "accessibilite":
		return "Accessibilité du lieu"
	}
	return n
}

// MeetingKindLabel is the French name of a kind.
func MeetingKindLabel(k string) string {
	switch k {
	case KindPlenary:
		return "Réunion plénière du comité"
	case KindGroup:
		return "Réunion de groupe de travail"
	case KindSeminar:
		return "Séminaire national"
	}
	return k
}

// MeetingStatusLabel is the French name of a status.
func MeetingStatusLabel(s string) string {
	switch s {
	case MeetingPlanned:
		return "prévue"
	case MeetingHeld:
		return "tenue"
	case MeetingCancelled:
		return "annulée"
	}
	return s
}

// AnswerLabel is the French name of an answer.
func AnswerLabel(a string) string {
	switch a {
	case AnswerYes:
		return "Oui"
	case AnswerNo:
		return "Non"
	case AnswerMaybe:
		return "Peut-être"
	}
	return "Pas de réponse"
}

// Meeting is a meeting of a committee: plenary, working group, or the
// committee's copy of a national seminar.
type Meeting struct {
	CommitteeID   int64
	ID            int64
	Kind          string
	GroupID       int64
	GroupTitle    string
	SeminarID     int64
	Title         string
	Description   string
	StartsAt      time.Time
	EndsAt        time.Time
	Place         string
	VideoURL      string
	Accessibility string
	Status        string
	CancelReason  string
	Sequence      int
	Version       int
	UpdatedAt     time.Time
	// Filled by list queries for the viewer.
	MyAnswer string
	Yes      int
	No       int
	Maybe    int
	Invited  int
	Attended int
}

// Validate checks a meeting before it is stored; field names are the form's.
func (m Meeting) Validate() error {
	fe := FieldErrors{}
	if n := utf8.RuneCountInString(strings.TrimSpace(m.Title)); n == 0 || n > 200 {
		fe.Add("titre", "Indiquez le titre de la réunion (200 caractères au plus).")
	}
	if m.StartsAt.IsZero() {
		fe.Add("debut", "Indiquez la date et l'heure de début, par exemple 2026-12-08 et 14:00.")
	}
	if m.EndsAt.IsZero() {
		fe.Add("fin", "Indiquez l'heure de fin, par exemple 16:30.")
	} else if !m.StartsAt.IsZero() && !m.EndsAt.After(m.StartsAt) {
		fe.Add("fin", "La fin doit venir après le début.")
	} else if m.EndsAt.Sub(m.StartsAt) > 72*time.Hour {
		fe.Add("fin", "Une réunion dure au plus trois jours : vérifiez les dates.")
	}
	if strings.TrimSpace(m.Place) == "" && m.VideoURL == "" {
		fe.Add("lieu", "Indiquez un lieu ou un lien de visioconférence.")
	}
	if utf8.RuneCountInString(m.Place) > 300 {
		fe.Add("lieu", "Le lieu ne doit pas dépasser 300 caractères.")
	}
	if m.VideoURL != "" {
		u, err := url.Parse(m.VideoURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			fe.Add("visio", "Indiquez un lien complet, commençant par https://, ou laissez vide.")
		}
	}
	if utf8.RuneCountInString(m.Description) > 4000 {
		fe.Add("description", "La présentation ne doit pas dépasser 4 000 caractères.")
	}
	if utf8.RuneCountInString(m.Accessibility) > 2000 {
		fe.Add("accessibilite", "Les informations d'accessibilité ne doivent pas dépasser 2 000 caractères.")
	}
	return fe.Err()
}

// AgendaItem is an item of a meeting's agenda, or a member's proposal.
type AgendaItem struct {
	ID             int64
	MeetingID      int64
	Position       int
	Title          string
	Description    string
	Presenter      string
	Minutes        int
	Proposed       bool
	ProposedByName string
}

// Validate checks an agenda item; field names are the form's.
func (a AgendaItem) Validate() error {
	fe := FieldErrors{}
	if n := utf8.RuneCountInString(strings.TrimSpace(a.Title)); n == 0 || n > 200 {
		fe.Add("point_titre", "Indiquez l'intitulé du point (200 caractères au plus).")
	}
	if a.Minutes < 0 || a.Minutes > 600 {
		fe.Add("point_duree", "Indiquez une durée en minutes, entre 0 et 600.")
	}
	if utf8.RuneCountInString(a.Description) > 2000 {
		fe.Add("point_description", "La description ne doit pas dépasser 2 000 caractères.")
	}
	if utf8.RuneCountInString(a.Presenter) > 200 {
		fe.Add("point_intervenant", "Le nom de l'intervenant ne doit pas dépasser 200 caractères.")
	}
	return fe.Err()
}

// Response is an invitee's answer, needs and attendance.
type Response struct {
	AccountID int64
	Name      string
	Role      Role
	Answer    string
	Needs     []string
	NeedsNote string
	Attended  *bool
}

// Minutes are a meeting's minutes, in Markdown.
type Minutes struct {
	Body        string
	PublishedAt *time.Time
	Version     int
	UpdatedAt   time.Time
}

// ActionItem is a decision or an action recorded with the minutes.
type ActionItem struct {
	ID    int64
	Kind  string // "decision" or "action"
	What  string
	Who   string
	DueOn *time.Time
	Done  bool
}

// AttendanceRate is a member's or a meeting's attendance over held meetings.
type AttendanceRate struct {
	Label    string
	ID       int64
	Invited  int
	Attended int
}

// Percent is the rate as a whole percentage; 0 when nobody was invited.
func (a AttendanceRate) Percent() int {
	if a.Invited == 0 {
		return 0
	}
	return (a.Attended*100 + a.Invited/2) / a.Invited
}

// AgendaOpen reports whether the agenda may still change at now: the
// meeting is planned and has not started.
func (m Meeting) AgendaOpen(now time.Time) bool {
	return m.Status == MeetingPlanned && now.Before(m.StartsAt)
}

// Changeable reports whether the meeting itself may still be edited or
// cancelled at now: a committee's own meeting (seminars are changed by the
// HCTS), planned and not over.
func (m Meeting) Changeable(now time.Time) bool {
	return m.SeminarID == 0 && m.plannedAndNotOver(now)
}

// SeminarChangeable reports whether a national seminar may still be edited
// or cancelled by the HCTS at now: planned and not over. A seminar that took
// place keeps its date, and each committee's record of it.
func (m Meeting) SeminarChangeable(now time.Time) bool {
	return m.plannedAndNotOver(now)
}

func (m Meeting) plannedAndNotOver(now time.Time) bool {
	return m.Status == MeetingPlanned && now.Before(m.EndsAt)
}

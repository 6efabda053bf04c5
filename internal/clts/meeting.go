package clts

import (
	"net/url"
	"strings"
	"time"
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

// Limits of the fields of a meeting, in characters. The video link and the
// cancellation reason are copied into every invitee's e-mail.
const (
	MaxMeetingTitle       = 200
	MaxPlace              = 300
	MaxVideoURL           = 1000
	MaxMeetingDescription = 4000
	MaxAccessibility      = 2000
	MaxCancelReason       = 500
)

// Validate checks a meeting before it is stored; field names are the form's.
func (m Meeting) Validate() error {
	fe := FieldErrors{}
	if n := Length(strings.TrimSpace(m.Title)); n == 0 || n > MaxMeetingTitle {
		fe.Add("titre", "Indiquez le titre de la réunion ("+Count(MaxMeetingTitle)+" caractères au plus).")
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
	if tooLong(m.Place, MaxPlace) {
		fe.Add("lieu", maxMessage("Le lieu", MaxPlace))
	}
	if tooLong(m.VideoURL, MaxVideoURL) {
		fe.Add("visio", maxMessage("Le lien de visioconférence", MaxVideoURL))
	} else if m.VideoURL != "" {
		u, err := url.Parse(m.VideoURL)
		if err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" {
			fe.Add("visio", "Indiquez un lien complet, commençant par https://, ou laissez vide.")
		}
	}
	if tooLong(m.Description, MaxMeetingDescription) {
		fe.Add("description", maxMessage("La présentation", MaxMeetingDescription))
	}
	if tooLong(m.Accessibility, MaxAccessibility) {
		fe.Add("accessibilite", "Les informations d'accessibilité ne doivent pas dépasser "+Count(MaxAccessibility)+" caractères.")
	}
	return fe.Err()
}

// ValidateCancel checks the reason given to cancel a meeting (field
// "motif"): it is required, and sent to every invitee.
func (m Meeting) ValidateCancel() error {
	fe := FieldErrors{}
	switch {
	case strings.TrimSpace(m.CancelReason) == "":
		fe.Add("motif", "Indiquez le motif de l'annulation.")
	case tooLong(m.CancelReason, MaxCancelReason):
		fe.Add("motif", maxMessage("Le motif", MaxCancelReason))
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

// Limits of the fields of an agenda item, in characters.
const (
	MaxAgendaTitle       = 200
	MaxAgendaDescription = 2000
	MaxPresenter         = 200
)

// Validate checks an agenda item; field names are the form's.
func (a AgendaItem) Validate() error {
	fe := FieldErrors{}
	if n := Length(strings.TrimSpace(a.Title)); n == 0 || n > MaxAgendaTitle {
		fe.Add("point_titre", "Indiquez l'intitulé du point ("+Count(MaxAgendaTitle)+" caractères au plus).")
	}
	if a.Minutes < 0 || a.Minutes > 600 {
		fe.Add("point_duree", "Indiquez une durée en minutes, entre 0 et 600.")
	}
	if tooLong(a.Description, MaxAgendaDescription) {
		fe.Add("point_description", maxMessage("La description", MaxAgendaDescription))
	}
	if tooLong(a.Presenter, MaxPresenter) {
		fe.Add("point_intervenant", maxMessage("Le nom de l'intervenant", MaxPresenter))
	}
	return fe.Err()
}

// MaxNeedsNote is the limit, in characters, of what an invitee adds to
// their needs to attend.
const MaxNeedsNote = 1000

// ValidateNeedsNote checks what an invitee adds to their needs (field
// "precisions").
func ValidateNeedsNote(fe FieldErrors, note string) {
	if tooLong(note, MaxNeedsNote) {
		fe.Add("precisions", "Les précisions ne doivent pas dépasser "+Count(MaxNeedsNote)+" caractères.")
	}
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

// MaxMinutes is the limit, in characters, of a meeting's minutes.
const MaxMinutes = 100_000

// Validate checks minutes before they are saved; field names are the form's.
func (m Minutes) Validate() error {
	if tooLong(m.Body, MaxMinutes) {
		return FieldErrors{"compte_rendu": maxMessage("Le compte rendu", MaxMinutes)}.Err()
	}
	return nil
}

// Limits of the fields of a decision or an action, in characters.
const (
	MaxActionWhat = 500
	MaxActionWho  = 200
)

// ActionItem is a decision or an action recorded with the minutes.
type ActionItem struct {
	ID    int64
	Kind  string // "decision" or "action"
	What  string
	Who   string
	DueOn *time.Time
	Done  bool
}

// Validate checks a decision or an action; field names are the form's.
func (a ActionItem) Validate() error {
	fe := FieldErrors{}
	if n := Length(strings.TrimSpace(a.What)); n == 0 || n > MaxActionWhat {
		fe.Add("quoi", "Décrivez la décision ou l'action ("+Count(MaxActionWhat)+" caractères au plus).")
	}
	if tooLong(strings.TrimSpace(a.Who), MaxActionWho) {
		fe.Add("qui", "Indiquez qui s'en charge en "+Count(MaxActionWho)+" caractères au plus.")
	}
	if a.Kind != "decision" && a.Kind != "action" {
		fe.Add("nature", "Choisissez décision ou action.")
	}
	return fe.Err()
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

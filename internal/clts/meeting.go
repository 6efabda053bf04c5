package clts

import (
	"net/url"
	"strconv"
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
	// ConvenedAt is when the convocation was sent; nil while the organiser
	// keeps it for later, and for ever for a meeting recorded after its
	// date (see Convened).
	ConvenedAt *time.Time
	// NoReminders: the organiser turned off the meeting's reminders (to
	// those who have not answered, a few days before; to those who come,
	// the day before), which are sent by default.
	NoReminders bool
	// OutsideAttendees is how many people from outside the committee
	// attended (interpreters, companions, guest speakers), on the sheet.
	OutsideAttendees int
	// Filled by list queries for the viewer.
	MyAnswer string
	Yes      int
	No       int
	Maybe    int
	// Companions is how many people come with those who answered yes.
	Companions int
	Invited    int
	Attended   int
}

// Convened reports whether the invitees were told of the meeting: its
// convocation was sent, or it is a national seminar, which the HCTS
// announces to every committee.
func (m Meeting) Convened() bool {
	return m.ConvenedAt != nil || m.SeminarID != 0
}

// Expected is how many people the organiser may expect: the invitees who
// answered yes and the people who come with them.
func (m Meeting) Expected() int {
	return m.Yes + m.Companions
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
	// HelpedByName: the referent who proposed it with the person (« avec
	// l'aide de … »); '' when none.
	HelpedByName string
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

// MaxCompanions is how many people may come with an invitee (an
// interpreter, a companion).
const MaxCompanions = 5

// ValidateCompanions checks how many people come with an invitee (field
// "accompagnants"), typed as text: empty means none.
func ValidateCompanions(fe FieldErrors, typed string) int {
	typed = strings.TrimSpace(typed)
	if typed == "" {
		return 0
	}
	n, err := strconv.Atoi(typed)
	if err != nil || n < 0 || n > MaxCompanions {
		fe.Add("accompagnants", "Indiquez un nombre de personnes entre 0 et "+strconv.Itoa(MaxCompanions)+", ou laissez vide.")
		return 0
	}
	return n
}

// Response is an invitee's answer, needs and attendance.
type Response struct {
	AccountID int64
	Name      string
	Role      Role
	Answer    string
	Needs     []string
	NeedsNote string
	// Companions is how many people come with the invitee (an
	// interpreter, a companion); 0 unless the answer is yes or maybe.
	Companions int
	Attended   *bool
	// Excused: an absence the invitee excused (Attended is false).
	Excused bool
	// HelpedByName: the referent who answered with the invitee (« avec
	// l'aide de … »); '' when none.
	HelpedByName string
}

// Presence statuses on an attendance sheet (the form's values).
const (
	PresencePresent = "present"
	PresenceExcused = "excuse"
	PresenceAbsent  = "absent"
)

// Presence is the invitee's status on the sheet: PresencePresent,
// PresenceExcused, PresenceAbsent, or "" before attendance is taken.
func (r Response) Presence() string {
	switch {
	case r.Attended == nil:
		return ""
	case *r.Attended:
		return PresencePresent
	case r.Excused:
		return PresenceExcused
	}
	return PresenceAbsent
}

// PresenceLabel is the French name of a presence status.
func PresenceLabel(p string) string {
	switch p {
	case PresencePresent:
		return "Présent·e"
	case PresenceExcused:
		return "Excusé·e"
	case PresenceAbsent:
		return "Absent·e"
	}
	return "Non saisie"
}

// MaxOutsideAttendees bounds the number of people from outside the
// committee recorded on an attendance sheet.
const MaxOutsideAttendees = 1000

// AttendanceSheet is what an organiser records after a meeting: who among
// the invitees was present, who excused their absence (everyone else is
// absent), and how many people from outside the committee attended.
type AttendanceSheet struct {
	Present []int64
	Excused []int64
	Outside int
}

// AttendanceCount is what a recorded sheet holds, among the invitees.
type AttendanceCount struct {
	Present, Excused, Absent, Outside int
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

// MaxActionRows is how many decisions and actions the minutes of one
// meeting may hold: the minutes form shows them all.
const MaxActionRows = 100

// ActionItem is a decision or an action recorded with the minutes. An
// action is given to a member of the committee (AssigneeID) or to someone
// outside it named in Who, never both.
type ActionItem struct {
	ID         int64
	Kind       string // "decision" or "action"
	What       string
	Who        string // someone outside the committee, in free text
	AssigneeID int64  // a member of the committee; 0 when none
	// AssigneeName is the assignee's name as the viewer may see it (the
	// directory's rule), read with the action.
	AssigneeName string
	DueOn        *time.Time
	Done         bool
}

// MemberChoice is a member of the committee as a list to choose from
// shows them: their account and their name as the viewer may see it.
type MemberChoice struct {
	AccountID int64
	Name      string
}

// Responsible is who carries out the action, as pages show it: the
// member's name, or the free text naming someone outside the committee.
func (a ActionItem) Responsible() string {
	if a.AssigneeID != 0 {
		return a.AssigneeName
	}
	return a.Who
}

// ActionField is the name, in the minutes form, of field name ("quoi",
// "qui", "membre", "echeance", "nature"…) of the row-th decision or action
// (from 1): a row's messages are shown next to its fields.
func ActionField(row int, name string) string {
	return "ligne" + strconv.Itoa(row) + "_" + name
}

// ValidateRow checks the row-th decision or action of the minutes form;
// the errors are keyed by the row's field names (ActionField).
func (a ActionItem) ValidateRow(row int) FieldErrors {
	fe := FieldErrors{}
	if err := a.Validate(); err != nil {
		for k, v := range fieldErrorsOf(err) {
			fe[ActionField(row, k)] = v
		}
	}
	if a.AssigneeID != 0 && strings.TrimSpace(a.Who) != "" {
		fe.Add(ActionField(row, "qui"), "Choisissez un membre du comité ou écrivez le nom d'une personne extérieure, pas les deux.")
	}
	return fe
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

// AttendanceRate is a member's or a meeting's attendance over held meetings
// whose attendance was taken.
type AttendanceRate struct {
	Label    string
	ID       int64
	Invited  int // invitations on the sheets: present, excused or absent
	Attended int
	Excused  int
	// Outside is, for a meeting, how many people from outside the
	// committee attended; never part of the rate.
	Outside int
}

// Absent is the number of absences that were not excused.
func (a AttendanceRate) Absent() int {
	return a.Invited - a.Attended - a.Excused
}

// Expected is the rate's base: the invitations whose absence was not
// excused. An excused absence counts neither as present nor as absent.
func (a AttendanceRate) Expected() int {
	return a.Invited - a.Excused
}

// Percent is the rate as a whole percentage: present ÷ (invited −
// excused), rounded; 0 when that base is empty (see Expected).
func (a AttendanceRate) Percent() int {
	base := a.Expected()
	if base <= 0 {
		return 0
	}
	return (a.Attended*100 + base/2) / base
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

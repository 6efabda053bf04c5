package clts

import (
	"strconv"
	"strings"
	"time"
)

// States of a charter version.
const (
	CharterDraft        = "brouillon"
	CharterConsultation = "consultation"
	CharterCurrent      = "adoptee"
	CharterReplaced     = "remplacee"
)

// Results of an adoption.
const (
	AdoptionUnanimity = "unanimite"
	AdoptionVote      = "vote"
)

// Limits and form fields of the charter.
const (
	MaxCharterComment = 4000

	FieldCharterBody         = "texte"
	FieldCharterEndsOn       = "fin_consultation"
	FieldCharterComment      = "commentaire"
	FieldCharterParagraph    = "alinea"
	FieldCharterAnswer       = "reponse"
	FieldCharterMeeting      = "reunion"
	FieldCharterAdoptedOn    = "date_adoption"
	FieldCharterResult       = "resultat"
	FieldCharterVotesFor     = "pour"
	FieldCharterVotesAgainst = "contre"
	FieldCharterAbstentions  = "abstentions"
	FieldCharterInstitution  = "institution"
)

// CharterVersion is one numbered version of a committee's operating
// charter.
type CharterVersion struct {
	ID          int64
	Number      int
	State       string
	BasedOnID   int64
	BasedOn     int // the number of the version it started from
	Body        string
	BodyHTML    string
	Paragraphs  []string // the HTML of each block of the text, in order
	OpenedAt    *time.Time
	EndsOn      *time.Time // the consultation's last day (a date, midnight UTC)
	Adoption    *Adoption
	ReplacedAt  *time.Time
	CreatedBy   string
	CreatedAt   time.Time
	UpdatedBy   string
	UpdatedAt   time.Time
	Version     int
	Comments    int // how many comments it received
	Unanswered  int // how many of them wait for an answer
	Acceptances int // members who accepted it
	// AcceptedAt: when the person reading it accepted it (nil: not).
	AcceptedAt *time.Time
	// RemindedAt: when the pilots last e-mailed the reminder to those who
	// have not accepted it (nil: never).
	RemindedAt *time.Time
}

// Adoption is the record of a version's adoption by a plenary meeting.
type Adoption struct {
	MeetingID    int64
	MeetingTitle string
	MeetingAt    time.Time
	On           time.Time // the day (midnight UTC)
	Result       string    // AdoptionUnanimity or AdoptionVote
	For          int
	Against      int
	Abstentions  int
	RecordedBy   string
	RecordedAt   time.Time
}

// Summary says the result in words: « à l'unanimité » or the votes.
func (a Adoption) Summary() string {
	if a.Result == AdoptionUnanimity {
		return "à l'unanimité"
	}
	return "par " + voteCount(a.For, "voix pour", "voix pour") + ", " + voteCount(a.Against, "voix contre", "voix contre") +
		" et " + voteCount(a.Abstentions, "abstention", "abstentions")
}

func voteCount(n int, one, many string) string {
	if n <= 1 {
		return strconv.Itoa(n) + "\u00a0" + one
	}
	return Count(n) + "\u00a0" + many
}

// Open reports whether the version is being prepared (draft or
// consultation).
func (v CharterVersion) Open() bool {
	return v.State == CharterDraft || v.State == CharterConsultation
}

// ConsultationOpen reports whether members may comment at now: the
// version is in consultation and its last day is not over (Europe/Paris).
func (v CharterVersion) ConsultationOpen(now time.Time) bool {
	return v.State == CharterConsultation && v.EndsOn != nil && !now.After(EndOfDay(DayIn(*v.EndsOn)))
}

// DayIn is the calendar day d (stored as midnight UTC) at noon in
// Europe/Paris, for EndOfDay and formatting.
func DayIn(d time.Time) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 12, 0, 0, 0, paris)
}

// CharterStateLabel is the French name of a version's state.
func CharterStateLabel(s string) string {
	switch s {
	case CharterDraft:
		return "Brouillon"
	case CharterConsultation:
		return "En consultation"
	case CharterCurrent:
		return "En vigueur"
	case CharterReplaced:
		return "Remplacée"
	}
	return s
}

// CharterComment is a member's comment on a version, with the pilots'
// answer.
type CharterComment struct {
	ID        int64
	VersionID int64
	Paragraph int // 0: the whole text
	// Excerpt: the plain text of the paragraph when the comment was
	// written (charter.Excerpt); "" for the whole text.
	Excerpt    string
	AuthorID   int64
	AuthorName string
	Body       string
	CreatedAt  time.Time
	Answer     string
	AnsweredBy string
	AnsweredAt *time.Time
}

// CharterAcceptance is a member's acceptance, or its absence (At nil), of
// a version.
type CharterAcceptance struct {
	AccountID   int64
	Name        string
	Role        Role
	Institution string
	Email       bool // they have an address a reminder can go to
	At          *time.Time
}

// InstitutionAcceptance is a partner institution's acceptance of a
// version, or its absence (At nil), and who recorded it.
type InstitutionAcceptance struct {
	InstitutionID int64
	Name          string
	RecordedBy    string
	At            *time.Time
}

// Vote is an adoption's result as typed.
type Vote struct {
	Result                    string
	For, Against, Abstentions int
}

// ValidateCharterComment checks a comment or an answer in field.
func ValidateCharterComment(field, text string) error {
	fe := FieldErrors{}
	if n := Length(strings.TrimSpace(text)); n == 0 || n > MaxCharterComment {
		fe.Add(field, "Écrivez votre texte ("+Count(MaxCharterComment)+" caractères au plus).")
	}
	return fe.Err()
}

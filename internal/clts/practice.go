package clts

import (
	"errors"
	"net/mail"
	"strings"
	"time"
)

// Practice states: a member writes a draft and submits it; a pilot
// publishes it or returns it with a comment; a published practice may be
// withdrawn (hidden, kept) and, while published, shared nationally.
const (
	PracticeDraft     = "brouillon"
	PracticeSubmitted = "proposee"
	PracticeReturned  = "renvoyee"
	PracticePublished = "publiee"
	PracticeWithdrawn = "retiree"
)

// PracticeStatusLabel is a practice state in French.
func PracticeStatusLabel(s string) string {
	switch s {
	case PracticeDraft:
		return "Brouillon"
	case PracticeSubmitted:
		return "Proposée, en attente de relecture"
	case PracticeReturned:
		return "Renvoyée pour correction"
	case PracticePublished:
		return "Publiée"
	case PracticeWithdrawn:
		return "Retirée"
	}
	return s
}

// Practice is an inspiring practice (fiche pratique) of a committee. The
// long texts are Markdown; their sanitised HTML is rendered once, when the
// practice is saved (the *HTML fields).
type Practice struct {
	CommitteeID   int64
	CommitteeSlug string // for national lists
	CommitteeName string // for national lists
	ID            int64
	Status        string
	AuthorID      int64
	AuthorName    string // as the viewer may see it
	Title         string
	Summary       string
	Context       string // territory, people concerned, the need it answers
	ContextHTML   string
	Actions       string // what was done
	ActionsHTML   string
	Means         string // staff, budget, duration
	MeansHTML     string
	Results       string // results and evaluation
	ResultsHTML   string
	Transfer      string // what it would take to do it elsewhere
	TransferHTML  string
	OtherActors   string // actors outside the committee's institutions
	Departement   string
	StartYear     int // 0 when unknown
	Running       bool
	// Contact: a member of the committee (ContactAccountID), or a name and
	// an address shown only if ContactPublic.
	ContactAccountID int64
	ContactName      string
	ContactEmail     string
	ContactPublic    bool
	ReturnComment    string // the pilot's comment when returned
	WithdrawReason   string
	InstitutionIDs   []int64
	Institutions     []string // names, in the order of InstitutionIDs
	GroupIDs         []int64
	Groups           []string // themes (working groups' titles)
	SubmittedAt      *time.Time
	PublishedAt      *time.Time
	SharedAt         *time.Time // shared nationally
	UpdatedAt        time.Time
	Version          int
	// HelpedByName: the referent who wrote it with the author (« avec
	// l'aide de … »), first name and initial; '' when none.
	HelpedByName string
}

// Shared reports whether the practice is readable nationally.
func (p Practice) Shared() bool { return p.SharedAt != nil && p.Status == PracticePublished }

// Limits of the fields of a practice, in characters.
const (
	MaxPracticeTitle    = 200
	MaxPracticeSummary  = 600
	MaxPracticeLongText = 20000 // each Markdown text
	MaxPracticeActors   = 2000
	MaxContactName      = 200
	MaxContactEmail     = 254
	MaxPracticeComment  = 2000 // a pilot's return comment, a withdrawal reason, a flag
)

// Form field names of a practice, used by Validate and the forms.
const (
	FieldPracticeTitle    = "titre"
	FieldPracticeSummary  = "resume"
	FieldPracticeContext  = "contexte"
	FieldPracticeActions  = "actions"
	FieldPracticeMeans    = "moyens"
	FieldPracticeResults  = "resultats"
	FieldPracticeTransfer = "transfert"
	FieldPracticeActors   = "autres_acteurs"
	FieldPracticeYear     = "annee"
	FieldContactName      = "contact_nom"
	FieldContactEmail     = "contact_adresse"
)

// Validate checks a practice before it is saved. A draft may be unfinished
// (a title is enough); submitting asks for the summary, the context and what
// was done (ValidateForSubmission).
func (p Practice) Validate() error {
	fe := FieldErrors{}
	if n := Length(strings.TrimSpace(p.Title)); n == 0 || n > MaxPracticeTitle {
		fe.Add(FieldPracticeTitle, "Indiquez le titre de la pratique ("+Count(MaxPracticeTitle)+" caractères au plus).")
	}
	if tooLong(p.Summary, MaxPracticeSummary) {
		fe.Add(FieldPracticeSummary, maxMessage("Le résumé", MaxPracticeSummary))
	}
	for _, f := range []struct{ name, what, text string }{
		{FieldPracticeContext, "Le contexte", p.Context},
		{FieldPracticeActions, "Ce qui a été fait", p.Actions},
		{FieldPracticeMeans, "Les moyens", p.Means},
		{FieldPracticeResults, "Les résultats", p.Results},
		{FieldPracticeTransfer, "Ce qu'il faudrait pour la reproduire", p.Transfer},
	} {
		if tooLong(f.text, MaxPracticeLongText) {
			fe.Add(f.name, maxMessage(f.what, MaxPracticeLongText))
		}
	}
	if tooLong(p.OtherActors, MaxPracticeActors) {
		fe.Add(FieldPracticeActors, maxMessage("Les autres acteurs", MaxPracticeActors))
	}
	if p.StartYear != 0 && (p.StartYear < 1900 || p.StartYear > time.Now().Year()+1) {
		fe.Add(FieldPracticeYear, "Indiquez l'année de démarrage sur quatre chiffres, par exemple 2019.")
	}
	if tooLong(p.ContactName, MaxContactName) {
		fe.Add(FieldContactName, maxMessage("Le nom du contact", MaxContactName))
	}
	if e := strings.TrimSpace(p.ContactEmail); e != "" {
		if a, err := mail.ParseAddress(e); err != nil || a.Address != e || tooLong(e, MaxContactEmail) {
			fe.Add(FieldContactEmail, "Indiquez une adresse électronique valide, par exemple nom@exemple.fr.")
		}
	}
	return fe.Err()
}

// ValidateForSubmission checks what a practice needs before pilots read it:
// Validate, and a summary, a context and what was done.
func (p Practice) ValidateForSubmission() error {
	fe := fieldErrorsOf(p.Validate())
	if strings.TrimSpace(p.Summary) == "" {
		fe.Add(FieldPracticeSummary, "Écrivez un résumé de quelques lignes : il apparaît dans les listes.")
	}
	if strings.TrimSpace(p.Context) == "" {
		fe.Add(FieldPracticeContext, "Décrivez le contexte : le territoire, les personnes concernées, le besoin.")
	}
	if strings.TrimSpace(p.Actions) == "" {
		fe.Add(FieldPracticeActions, "Décrivez ce qui a été fait.")
	}
	return fe.Err()
}

// ValidateComment checks a pilot's comment, a withdrawal reason or a flag's
// reason: required, bounded.
func ValidateComment(field, text string) error {
	fe := FieldErrors{}
	if n := Length(strings.TrimSpace(text)); n == 0 || n > MaxPracticeComment {
		fe.Add(field, "Écrivez quelques mots ("+Count(MaxPracticeComment)+" caractères au plus).")
	}
	return fe.Err()
}

// fieldErrorsOf returns the field errors of err (a fresh set when err has
// none), to add more to them.
func fieldErrorsOf(err error) FieldErrors {
	fe := FieldErrors{}
	var e *Error
	if errors.As(err, &e) {
		for k, v := range e.Fields {
			fe[k] = v
		}
	}
	return fe
}

package clts

import (
	"strings"
	"time"
)

// Contribution states: an author drafts and proposes it; a pilot validates
// it (or returns it to its authors, back to a draft, with a comment) and
// transmits it to the HCTS before the campaign's deadline. A transmitted
// contribution is locked; a correction is a new edition linked to it.
const (
	ContributionDraft       = "brouillon"
	ContributionProposed    = "proposee"
	ContributionValidated   = "validee"
	ContributionTransmitted = "transmise"
)

// ContributionStates lists the states in workflow order.
var ContributionStates = []string{ContributionDraft, ContributionProposed, ContributionValidated, ContributionTransmitted}

// ContributionStatusLabel is a contribution's state in French.
func ContributionStatusLabel(s string) string {
	switch s {
	case ContributionDraft:
		return "Brouillon"
	case ContributionProposed:
		return "Proposée aux pilotes"
	case ContributionValidated:
		return "Validée"
	case ContributionTransmitted:
		return "Transmise au HCTS"
	}
	return s
}

// The six categories of the HCTS's report on the state of social work.
const (
	CategoryNeeds         = "besoins"
	CategoryPractices     = "pratiques"
	CategoryGovernance    = "gouvernance"
	CategoryProfessions   = "metiers"
	CategoryResearch      = "recherche"
	CategoryParticipation = "participation"
)

// Categories lists the report's categories in the report's order.
var Categories = []string{CategoryNeeds, CategoryPractices, CategoryGovernance, CategoryProfessions, CategoryResearch, CategoryParticipation}

// CategoryLabel is a category's French title.
func CategoryLabel(c string) string {
	switch c {
	case CategoryNeeds:
		return "Besoins territoriaux émergents"
	case CategoryPractices:
		return "Pratiques inspirantes"
	case CategoryGovernance:
		return "Gouvernance territoriale"
	case CategoryProfessions:
		return "Évolution des métiers et des formations"
	case CategoryResearch:
		return "Recherche en travail social"
	case CategoryParticipation:
		return "Progression de la participation des personnes accompagnées"
	}
	return c
}

// IsCategory reports whether c is one of the six categories.
func IsCategory(c string) bool {
	for _, k := range Categories {
		if k == c {
			return true
		}
	}
	return false
}

// Campaign is a yearly call for contributions to the HCTS's report.
type Campaign struct {
	ID               int64
	Year             int
	Deadline         time.Time // the last instant a contribution may be transmitted
	Introduction     string    // Markdown
	IntroductionHTML string
	Guidance         map[string]CategoryGuidance // by category
	OpenedAt         time.Time
	UpdatedAt        time.Time
	Version          int
}

// CategoryGuidance is what the HCTS expects in one category of a campaign.
type CategoryGuidance struct {
	Text string // Markdown
	HTML string
}

// Open reports whether contributions may still be transmitted at now.
func (c Campaign) Open(now time.Time) bool { return !now.After(c.Deadline) }

// DaysLeft is the number of days from now's day to the deadline's, on
// the calendar of Europe/Paris (0 on its last day, 1 the day before;
// negative once it has passed), whatever the hour and across the changes
// of summer time, whose days last 23 or 25 hours.
func (c Campaign) DaysLeft(now time.Time) int {
	day := func(t time.Time) time.Time {
		p := t.In(paris)
		return time.Date(p.Year(), p.Month(), p.Day(), 12, 0, 0, 0, time.UTC)
	}
	days := int(day(c.Deadline).Sub(day(now)).Round(24*time.Hour) / (24 * time.Hour))
	if now.After(c.Deadline) && days >= 0 {
		return -1 // passed on its own day (a deadline that is not a day's end)
	}
	return days
}

// Contribution is a committee's text for one category of a campaign.
type Contribution struct {
	CommitteeID       int64
	CommitteeSlug     string // national reading
	CommitteeName     string // national reading
	Departements      []string
	ID                int64
	CampaignID        int64
	CampaignYear      int
	Category          string
	Status            string
	Title             string
	Body              string // Markdown
	BodyHTML          string
	GroupID           int64 // 0 when it comes from no working group
	GroupTitle        string
	CreatedBy         int64
	Authors           []ContributionAuthor
	PublicAuthors     string // names the authors agreed to publish, frozen at transmission
	PracticeIDs       []int64
	PreviousID        int64 // the contribution this one corrects; 0 for the first edition
	NextID            int64 // its correction, if any
	Edition           int
	ReturnComment     string
	Indicators        *Indicators // snapshot at transmission (category participation)
	IndicatorsComment string
	ProposedAt        *time.Time
	ValidatedAt       *time.Time
	TransmittedAt     *time.Time
	UpdatedAt         time.Time
	Version           int
	Reading           *ContributionReading // the HCTS's reading, once there is one
	// HelpedByName: the referent who wrote it with its creator (« avec
	// l'aide de … »), first name and initial; '' when none.
	HelpedByName string
}

// ContributionAuthor is one author of a contribution.
type ContributionAuthor struct {
	AccountID   int64
	Name        string // as the viewer may see it
	PublishName bool   // agreed that their name goes with the transmitted text
}

// ContributionEvent is one step of a contribution's history.
type ContributionEvent struct {
	At        time.Time
	ActorName string
	Action    string // create, edit, propose, return, validate, transmit, correct
	Comment   string
}

// ContributionReading is the HCTS's reading of a transmitted contribution.
type ContributionReading struct {
	ReadAt    *time.Time
	Retained  bool
	Reply     string // Markdown
	ReplyHTML string
	RepliedAt *time.Time
}

// Limits of a contribution's fields, in characters.
const (
	MaxContributionTitle   = 200
	MaxContributionBody    = 30000
	MaxContributionComment = 2000 // a pilot's return comment, the indicators' comment
	MaxHCTSReply           = 4000
	MaxCampaignText        = 10000 // the introduction and each category's guidance
)

// Form field names of a contribution.
const (
	FieldContributionTitle    = "titre"
	FieldContributionBody     = "texte"
	FieldContributionCategory = "categorie"
	FieldContributionGroup    = "groupe"
)

// Validate checks a contribution before it is saved. A draft may be
// unfinished (a title and a category are enough); proposing it asks for
// its text (ValidateForProposal).
func (c Contribution) Validate() error {
	fe := FieldErrors{}
	if n := Length(strings.TrimSpace(c.Title)); n == 0 || n > MaxContributionTitle {
		fe.Add(FieldContributionTitle, "Indiquez le titre de la contribution ("+Count(MaxContributionTitle)+" caractères au plus).")
	}
	if !IsCategory(c.Category) {
		fe.Add(FieldContributionCategory, "Choisissez l'une des six catégories du rapport.")
	}
	if tooLong(c.Body, MaxContributionBody) {
		fe.Add(FieldContributionBody, maxMessage("Le texte", MaxContributionBody))
	}
	return fe.Err()
}

// ValidateForProposal checks what a contribution needs before the pilots
// read it: Validate, and a text.
func (c Contribution) ValidateForProposal() error {
	fe := fieldErrorsOf(c.Validate())
	if strings.TrimSpace(c.Body) == "" {
		fe.Add(FieldContributionBody, "Écrivez le texte de la contribution avant de la proposer.")
	}
	return fe.Err()
}

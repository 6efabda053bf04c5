package clts

import (
	"strings"
	"time"
	_ "time/tzdata" // Europe/Paris even without a zone database
)

// paris is the zone of the campaigns' deadlines.
var paris = func() *time.Location {
	l, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	return l
}()

// Form field names of a campaign; each category's guidance is
// FieldCampaignGuidance + its code.
const (
	FieldCampaignYear         = "annee"
	FieldCampaignDeadline     = "date_limite"
	FieldCampaignIntroduction = "introduction"
	FieldCampaignGuidance     = "orientations_"
)

// Form field names of a contribution beyond those of contribution.go.
const (
	FieldContributionCoauthors  = "coauteurs"
	FieldContributionPractices  = "pratiques"
	FieldContributionComment    = "commentaire"
	FieldContributionIndicators = "commentaire_indicateurs"
)

// Validate checks a campaign before it is saved: its year, a deadline,
// and the length of its texts.
func (c Campaign) Validate() error {
	fe := FieldErrors{}
	if c.Year < 2000 || c.Year > 2100 {
		fe.Add(FieldCampaignYear, "Indiquez l'année du rapport sur quatre chiffres, par exemple 2026.")
	}
	if c.Deadline.IsZero() {
		fe.Add(FieldCampaignDeadline, "Indiquez la date limite de transmission, par exemple 30/06/2026.")
	}
	if tooLong(c.Introduction, MaxCampaignText) {
		fe.Add(FieldCampaignIntroduction, maxMessage("L'introduction", MaxCampaignText))
	}
	for cat, g := range c.Guidance {
		if !IsCategory(cat) {
			continue
		}
		if tooLong(g.Text, MaxCampaignText) {
			fe.Add(FieldCampaignGuidance+cat, maxMessage("Le texte", MaxCampaignText))
		}
	}
	return fe.Err()
}

// EndOfDay is the last instant of t's day in Europe/Paris: a campaign's
// deadline "le 30 juin" lets pilots transmit until midnight, French time.
func EndOfDay(t time.Time) time.Time {
	p := t.In(paris)
	return time.Date(p.Year(), p.Month(), p.Day(), 23, 59, 59, 999999000, paris)
}

// ValidateContributionComment checks a pilot's comment (a return to the
// authors, the indicators' comment) in field: required, and bounded.
func ValidateContributionComment(field, text string) error {
	fe := FieldErrors{}
	if n := Length(strings.TrimSpace(text)); n == 0 || n > MaxContributionComment {
		fe.Add(field, "Écrivez quelques mots ("+Count(MaxContributionComment)+" caractères au plus).")
	}
	return fe.Err()
}

package paths

import "strconv"

// The HCTS's yearly campaigns: national routes.
const (
	Campaigns           = "/hcts/campagnes"
	CampaignNew         = "/hcts/campagnes/nouvelle"
	CampaignEditPattern = "/hcts/campagnes/{campaignID}/modifier"
)

// CampaignEdit is the form that edits or extends a campaign.
func CampaignEdit(campaignID int64) string { return Campaigns + "/" + id(campaignID) + "/modifier" }

// A committee's contributions to the HCTS's report: route patterns,
// relative to CommitteePrefix. Each workflow step has its own route, so
// that the route matrix names who may take it.
const (
	ContributionsPattern          = "/contributions"
	ContributionNewPattern        = "/contributions/nouvelle"
	ContributionPattern           = "/contributions/{contributionID}"
	ContributionEditPattern       = "/contributions/{contributionID}/modifier"
	ContributionProposePattern    = "/contributions/{contributionID}/proposer"
	ContributionValidatePattern   = "/contributions/{contributionID}/valider"
	ContributionReturnPattern     = "/contributions/{contributionID}/renvoyer"
	ContributionTransmitPattern   = "/contributions/{contributionID}/transmettre"
	ContributionCorrectPattern    = "/contributions/{contributionID}/corriger"
	ContributionDeletePattern     = "/contributions/{contributionID}/supprimer"
	ContributionConsentPattern    = "/contributions/{contributionID}/consentement"
	ContributionIndicatorsPattern = "/contributions/{contributionID}/indicateurs"
	CampaignPagePattern           = "/campagnes/{campaignID}"
	CampaignTransmitPattern       = "/campagnes/{campaignID}/transmettre"
)

// Contributions is a committee's page of the current campaign.
func Contributions(slug string) string { return committee(slug) + "/contributions" }

// ContributionNew is the form of a new contribution to category.
func ContributionNew(slug, category string) string {
	u := committee(slug) + "/contributions/nouvelle"
	if category != "" {
		u += "?categorie=" + category
	}
	return u
}

// Contribution is a contribution's page.
func Contribution(slug string, c int64) string { return committee(slug) + "/contributions/" + id(c) }

// ContributionEdit is a contribution's edit form.
func ContributionEdit(slug string, c int64) string { return Contribution(slug, c) + "/modifier" }

// ContributionPropose gives a draft to the pilots.
func ContributionPropose(slug string, c int64) string { return Contribution(slug, c) + "/proposer" }

// ContributionValidate validates a proposed contribution.
func ContributionValidate(slug string, c int64) string { return Contribution(slug, c) + "/valider" }

// ContributionReturn returns a contribution to its authors with a comment.
func ContributionReturn(slug string, c int64) string { return Contribution(slug, c) + "/renvoyer" }

// ContributionTransmit transmits one validated contribution.
func ContributionTransmit(slug string, c int64) string { return Contribution(slug, c) + "/transmettre" }

// ContributionCorrect starts the correction of a transmitted one.
func ContributionCorrect(slug string, c int64) string { return Contribution(slug, c) + "/corriger" }

// ContributionDelete deletes a draft never proposed.
func ContributionDelete(slug string, c int64) string { return Contribution(slug, c) + "/supprimer" }

// ContributionConsent records an author's consent to publish their name.
func ContributionConsent(slug string, c int64) string { return Contribution(slug, c) + "/consentement" }

// ContributionIndicators saves the pilots' comment on the figures.
func ContributionIndicators(slug string, c int64) string {
	return Contribution(slug, c) + "/indicateurs"
}

// CampaignPage is the pilots' page of a campaign in their committee.
func CampaignPage(slug string, campaignID int64) string {
	return committee(slug) + "/campagnes/" + strconv.FormatInt(campaignID, 10)
}

// CampaignTransmit is the pilots' summary that transmits several
// validated contributions at once.
func CampaignTransmit(slug string, campaignID int64) string {
	return CampaignPage(slug, campaignID) + "/transmettre"
}

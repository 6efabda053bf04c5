package paths

import "net/url"

// The HCTS's national reading of the contributions that committees
// transmitted, and its exports. Like the national catalogue of practices,
// its URLs name the committee a contribution comes from as {committee}:
// a national page is no committee's page.
const (
	NationalContributions             = "/hcts/contributions"
	NationalContributionPattern       = "/hcts/contributions/{committee}/{nationalContributionID}"
	NationalContributionReadPattern   = NationalContributionPattern + "/lue"
	NationalContributionRetainPattern = NationalContributionPattern + "/retenue"
	NationalContributionReplyPattern  = NationalContributionPattern + "/reponse"
	// The exports of the reading's current filter (its query string).
	NationalContributionsCSV      = NationalContributions + "/export.csv"
	NationalContributionsXLSX     = NationalContributions + "/export.xlsx"
	NationalContributionsJSON     = NationalContributions + "/export.json"
	NationalContributionsOpenData = NationalContributions + "/donnees-ouvertes.zip"
	NationalContributionsReport   = NationalContributions + "/rapport"
)

// NationalContribution is the HCTS's page of a transmitted contribution of
// committee slug.
func NationalContribution(slug string, contributionID int64) string {
	return NationalContributions + "/" + url.PathEscape(slug) + "/" + id(contributionID)
}

// NationalContributionRead marks a contribution read (or not).
func NationalContributionRead(slug string, contributionID int64) string {
	return NationalContribution(slug, contributionID) + "/lue"
}

// NationalContributionRetain marks a contribution retained for the report
// (or not).
func NationalContributionRetain(slug string, contributionID int64) string {
	return NationalContribution(slug, contributionID) + "/retenue"
}

// NationalContributionReply records the HCTS's reply to a contribution.
func NationalContributionReply(slug string, contributionID int64) string {
	return NationalContribution(slug, contributionID) + "/reponse"
}

package paths

import "strconv"

// ParticipationPattern is the pilots' dashboard of participation
// indicators, relative to CommitteePrefix.
const ParticipationPattern = "/participation"

// Participation is the dashboard of the committee's participation
// indicators; year 0 means the current year.
func Participation(slug string, year int) string {
	if year == 0 {
		return committee(slug) + ParticipationPattern
	}
	return committee(slug) + ParticipationPattern + "?annee=" + strconv.Itoa(year)
}

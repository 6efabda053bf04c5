package paths

import "net/url"

// The national catalogue of practices: the practices that committees shared
// nationally, read-only, for HCTS readers and the members of any committee.
// Its URLs name the committee a practice comes from as {committee}, not
// {slug}: a national page is no committee's page (the session does not
// load a membership for it).
const (
	NationalPractices           = "/pratiques"
	NationalPracticePattern     = "/pratiques/{committee}/{nationalPracticeID}"
	NationalPracticeFilePattern = "/pratiques/{committee}/{nationalPracticeID}/pieces-jointes/{nationalFileID}"
)

// NationalPractice is the read-only sheet of a nationally shared practice
// of committee slug.
func NationalPractice(slug string, practiceID int64) string {
	return NationalPractices + "/" + url.PathEscape(slug) + "/" + id(practiceID)
}

// NationalPracticeFile downloads an attachment of a nationally shared
// practice.
func NationalPracticeFile(slug string, practiceID, fileID int64) string {
	return NationalPractice(slug, practiceID) + "/pieces-jointes/" + id(fileID)
}

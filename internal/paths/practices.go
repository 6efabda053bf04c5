package paths

import "strings"

// A committee's inspiring practices (fiches pratiques): route patterns,
// relative to CommitteePrefix. Each workflow step has its own route, so that
// the route matrix names who may take it.
const (
	PracticesPattern          = "/pratiques"
	PracticeNewPattern        = "/pratiques/nouvelle"
	PracticePattern           = "/pratiques/{practiceID}"
	PracticeEditPattern       = "/pratiques/{practiceID}/modifier"
	PracticeSubmitPattern     = "/pratiques/{practiceID}/proposer"
	PracticePublishPattern    = "/pratiques/{practiceID}/publier"
	PracticeReturnPattern     = "/pratiques/{practiceID}/renvoyer"
	PracticeWithdrawPattern   = "/pratiques/{practiceID}/retirer"
	PracticeSharePattern      = "/pratiques/{practiceID}/partager"
	PracticeUnsharePattern    = "/pratiques/{practiceID}/departager"
	PracticeFlagPattern       = "/pratiques/{practiceID}/signaler"
	PracticeFilePattern       = "/pratiques/{practiceID}/pieces-jointes/{fileID}"
	PracticeFileDeletePattern = "/pratiques/{practiceID}/pieces-jointes/{fileID}/supprimer"
)

// Practices is a committee's catalogue of practices.
func Practices(slug string) string { return committee(slug) + "/pratiques" }

// PracticeNew is the form of a new practice.
func PracticeNew(slug string) string { return committee(slug) + "/pratiques/nouvelle" }

// Practice is a practice's sheet.
func Practice(slug string, p int64) string { return committee(slug) + "/pratiques/" + id(p) }

// PracticeEdit is a practice's edit form.
func PracticeEdit(slug string, p int64) string { return Practice(slug, p) + "/modifier" }

// PracticeSubmit proposes a practice to the pilots.
func PracticeSubmit(slug string, p int64) string { return Practice(slug, p) + "/proposer" }

// PracticePublish publishes a proposed practice.
func PracticePublish(slug string, p int64) string { return Practice(slug, p) + "/publier" }

// PracticeReturn returns a proposed practice to its author with a comment.
func PracticeReturn(slug string, p int64) string { return Practice(slug, p) + "/renvoyer" }

// PracticeWithdraw withdraws a published practice, with a reason.
func PracticeWithdraw(slug string, p int64) string { return Practice(slug, p) + "/retirer" }

// PracticeShare shares a published practice nationally.
func PracticeShare(slug string, p int64) string { return Practice(slug, p) + "/partager" }

// PracticeUnshare stops sharing a practice nationally.
func PracticeUnshare(slug string, p int64) string { return Practice(slug, p) + "/departager" }

// PracticeFlag flags a published practice for the pilots' attention.
func PracticeFlag(slug string, p int64) string { return Practice(slug, p) + "/signaler" }

// PracticeFile downloads an attachment of a practice.
func PracticeFile(slug string, p, f int64) string {
	return Practice(slug, p) + "/pieces-jointes/" + id(f)
}

// PracticeFileDelete removes an attachment from a practice.
func PracticeFileDelete(slug string, p, f int64) string {
	return PracticeFile(slug, p, f) + "/supprimer"
}

// IsUpload reports whether path is a route that receives files (the
// practice forms), which have their own body limit (UPLOAD_MAX_BYTES)
// instead of the portal's (MAX_BODY_BYTES).
func IsUpload(path string) bool {
	if isNewsUpload(path) {
		return true
	}
	rest, ok := strings.CutPrefix(path, "/c/")
	if !ok {
		return false
	}
	_, rest, ok = strings.Cut(rest, "/")
	if !ok {
		return false
	}
	if isLocalNewsUpload(rest) {
		return true
	}
	if isDocumentUpload(rest) {
		return true
	}
	rest, ok = strings.CutPrefix(rest, "pratiques/")
	if !ok {
		return false
	}
	if rest == "nouvelle" {
		return true
	}
	n, ok := strings.CutSuffix(rest, "/modifier")
	return ok && n != "" && strings.Trim(n, "0123456789") == ""
}

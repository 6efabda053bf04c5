package paths

import (
	"net/url"
	"strconv"
)

// The committee's operating charter: route patterns, relative to
// CommitteePrefix. Each step has its own route, so that the route matrix
// names who may take it.
const (
	CharterPattern             = "/charte"
	CharterDiffPattern         = "/charte/differences"
	CharterNewPattern          = "/charte/versions/nouvelle"
	CharterVersionPattern      = "/charte/versions/{versionID}"
	CharterEditPattern         = "/charte/versions/{versionID}/modifier"
	CharterConsultationPattern = "/charte/versions/{versionID}/consultation"
	CharterCommentPattern      = "/charte/versions/{versionID}/commentaires"
	CharterAnswerPattern       = "/charte/versions/{versionID}/commentaires/{commentID}/reponse"
	CharterAdoptionPattern     = "/charte/versions/{versionID}/adoption"
	CharterAcceptPattern       = "/charte/versions/{versionID}/accepter"
	CharterInstitutionPattern  = "/charte/versions/{versionID}/institution"
	CharterAcceptancesPattern  = "/charte/versions/{versionID}/acceptations"
	CharterRemindPattern       = "/charte/versions/{versionID}/rappel"
	CharterPrintPattern        = "/charte/versions/{versionID}/imprimer"
)

// Charter is the committee's charter: the current version and the others.
func Charter(slug string) string { return committee(slug) + "/charte" }

// CharterDiff is the difference from version number from to version
// number to (0: the page's defaults, the previous and the current).
func CharterDiff(slug string, from, to int) string {
	u := Charter(slug) + "/differences"
	q := url.Values{}
	if from > 0 {
		q.Set("de", strconv.Itoa(from))
	}
	if to > 0 {
		q.Set("a", strconv.Itoa(to))
	}
	if len(q) > 0 {
		u += "?" + q.Encode()
	}
	return u
}

// CharterNew is the form of a new version (a pilot's draft).
func CharterNew(slug string) string { return Charter(slug) + "/versions/nouvelle" }

// CharterVersion is a version's page: its numbered paragraphs and comments.
func CharterVersion(slug string, v int64) string { return Charter(slug) + "/versions/" + id(v) }

// CharterParagraph is the anchor of paragraph n on a version's page.
func CharterParagraph(slug string, v int64, n int) string {
	return CharterVersion(slug, v) + "#alinea-" + strconv.Itoa(n)
}

// CharterEdit is the edit form of a draft or a consultation.
func CharterEdit(slug string, v int64) string { return CharterVersion(slug, v) + "/modifier" }

// CharterConsultation opens the consultation of a draft.
func CharterConsultation(slug string, v int64) string {
	return CharterVersion(slug, v) + "/consultation"
}

// CharterComment posts a comment on a version in consultation.
func CharterComment(slug string, v int64) string { return CharterVersion(slug, v) + "/commentaires" }

// CharterAnswer posts the pilots' answer to a comment.
func CharterAnswer(slug string, v, comment int64) string {
	return CharterComment(slug, v) + "/" + id(comment) + "/reponse"
}

// CharterAdoption is the form that records a version's adoption.
func CharterAdoption(slug string, v int64) string { return CharterVersion(slug, v) + "/adoption" }

// CharterAccept records the member's acceptance of the current version.
func CharterAccept(slug string, v int64) string { return CharterVersion(slug, v) + "/accepter" }

// CharterInstitution records an institution's acceptance.
func CharterInstitution(slug string, v int64) string { return CharterVersion(slug, v) + "/institution" }

// CharterAcceptances is the pilots' list of who accepted a version.
func CharterAcceptances(slug string, v int64) string {
	return CharterVersion(slug, v) + "/acceptations"
}

// CharterRemind e-mails those who have not accepted the current version.
func CharterRemind(slug string, v int64) string { return CharterVersion(slug, v) + "/rappel" }

// CharterPrint is a version with its adoption record, printable on A4.
func CharterPrint(slug string, v int64) string { return CharterVersion(slug, v) + "/imprimer" }

package paths

import (
	"net/url"
	"strings"
)

// The committee's documents: route patterns, relative to CommitteePrefix.
const (
	DocumentsPattern           = "/documents"
	DocumentNewPattern         = "/documents/nouveau"
	DocumentPattern            = "/documents/{documentID}"
	DocumentEditPattern        = "/documents/{documentID}/modifier"
	DocumentArchivePattern     = "/documents/{documentID}/archiver"
	DocumentVersionsPattern    = "/documents/{documentID}/versions"
	DocumentLatestFilePattern  = "/documents/{documentID}/fichier"
	DocumentVersionFilePattern = "/documents/{documentID}/versions/{versionID}/fichier"
)

// Documents is a committee's list of documents.
func Documents(slug string) string { return committee(slug) + "/documents" }

// DocumentNew is the form of a new document.
func DocumentNew(slug string) string { return committee(slug) + "/documents/nouveau" }

// DocumentNewForItem is the form of a new document for an agenda item of a
// meeting.
func DocumentNewForItem(slug string, meeting, item int64) string {
	return DocumentNew(slug) + "?" + url.Values{"reunion": {id(meeting)}, "point": {id(item)}}.Encode()
}

// DocumentNewForMinutes is the form of a new document for the minutes of a
// meeting.
func DocumentNewForMinutes(slug string, meeting int64) string {
	return DocumentNew(slug) + "?" + url.Values{"reunion": {id(meeting)}, "compte_rendu": {"oui"}}.Encode()
}

// Document is a document's page.
func Document(slug string, d int64) string { return committee(slug) + "/documents/" + id(d) }

// DocumentEdit is the form of a document's details.
func DocumentEdit(slug string, d int64) string { return Document(slug, d) + "/modifier" }

// DocumentArchive archives a document, or brings it back.
func DocumentArchive(slug string, d int64) string { return Document(slug, d) + "/archiver" }

// DocumentVersions receives a new version of a document.
func DocumentVersions(slug string, d int64) string { return Document(slug, d) + "/versions" }

// DocumentLatestFile downloads the latest version of a document.
func DocumentLatestFile(slug string, d int64) string { return Document(slug, d) + "/fichier" }

// DocumentVersionFile downloads one version of a document.
func DocumentVersionFile(slug string, d, v int64) string {
	return Document(slug, d) + "/versions/" + id(v) + "/fichier"
}

// isDocumentUpload reports whether rest, a committee path after its slug,
// receives a document's file: the new document form and a new version.
func isDocumentUpload(rest string) bool {
	rest, ok := strings.CutPrefix(rest, "documents/")
	if !ok {
		return false
	}
	if rest == "nouveau" {
		return true
	}
	n, ok := strings.CutSuffix(rest, "/versions")
	return ok && n != "" && strings.Trim(n, "0123456789") == ""
}

package server

import (
	"net/url"
	"testing"
)

// setupDocumentMatrix makes the documents of the route matrix: in 37-41, a
// document of the matrix's group uploaded by its lead, and its version; in
// the other committee, a document of its pilot and its version.
func setupDocumentMatrix(t *testing.T, f *fixture, clients map[string]*client, own, other map[string]string) {
	t.Helper()
	own["documentID"] = f.addDocument(t, clients["lead"], "37-41", "", url.Values{"titre": {"Document du groupe de la matrice"},
		"lecteurs": {"groupe"}, "groupe": {own["groupID"]}}, upFile{"groupe.pdf", samplePDF})
	own["versionID"] = f.versionID("37-41", own["documentID"], 1)
	other["documentID"] = f.addDocument(t, clients["pilote-autre"], "autre", "", url.Values{"titre": {"Document du Loiret de la matrice"},
		"lecteurs": {"comite"}}, upFile{"loiret.pdf", samplePDF})
	other["versionID"] = f.versionID("autre", other["documentID"], 1)
}

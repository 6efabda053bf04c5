package server

import (
	"net/url"
	"strings"
	"testing"
)

// setupPracticeMatrix adds the ids of the committee practice rows to the
// route matrix's sets, made over HTTP as their people would. In 37-41,
// the partner wrote: {practiceID}, a published practice with the
// attachment {fileID}; {draftPracticeID}, an unfinished draft (proposing
// it brings back its form) with the attachment {draftFileID};
// {submittedPracticeID}, a practice waiting for the pilots. The other set
// names, for all of them, a practice of the other committee, published
// and shared nationally, and its attachment.
func setupPracticeMatrix(t *testing.T, clients map[string]*client, own, other map[string]string) {
	t.Helper()
	partner, pilot := clients["partenaire"], clients["pilote"]
	file := func(c *client, sheet string) string {
		links := attachmentLinks(t, c, sheet)
		if len(links) != 1 {
			t.Fatalf("%s has %d attachments", sheet, len(links))
		}
		return links[0][strings.LastIndex(links[0], "/")+1:]
	}
	proposed := func(title string) url.Values {
		form := completePractice(title)
		form["apres"] = []string{"proposer"}
		return form
	}

	published := savePractice(t, partner, "/c/37-41/pratiques/nouvelle", proposed("Pratique publiée de la matrice"), upFile{"annexe.pdf", samplePDF})
	mustStep(t, pilot, "/c/37-41/pratiques/"+published+"/publier", url.Values{})
	draft := savePractice(t, partner, "/c/37-41/pratiques/nouvelle", url.Values{"titre": {"Brouillon de la matrice"}}, upFile{"brouillon.pdf", samplePDF})
	submitted := savePractice(t, partner, "/c/37-41/pratiques/nouvelle", proposed("Pratique proposée de la matrice"))
	own["practiceID"], own["fileID"] = published, file(partner, "/c/37-41/pratiques/"+published)
	own["draftPracticeID"], own["draftFileID"] = draft, file(partner, "/c/37-41/pratiques/"+draft)
	own["submittedPracticeID"] = submitted

	pa := clients["pilote-autre"]
	theirs := savePractice(t, pa, "/c/autre/pratiques/nouvelle", proposed("Pratique du Loiret de la matrice"), upFile{"loiret.pdf", samplePDF})
	mustStep(t, pa, "/c/autre/pratiques/"+theirs+"/publier", url.Values{})
	mustStep(t, pa, "/c/autre/pratiques/"+theirs+"/partager", url.Values{})
	theirFile := file(pa, "/c/autre/pratiques/"+theirs)
	for _, k := range []string{"practiceID", "draftPracticeID", "submittedPracticeID"} {
		other[k] = theirs
	}
	other["fileID"], other["draftFileID"] = theirFile, theirFile
}

package server

import (
	"net/http"
	"net/url"
	"strconv"
	"testing"

	"github.com/portail-clts/clts/internal/demo"
)

// TestArchivedDocumentMarkedOnItsMeeting: an archived document leaves the
// list but stays on its meeting's page, where it says that it is archived.
func TestArchivedDocumentMarkedOnItsMeeting(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	meeting := strconv.Itoa(f.ownerCommitteeCount("37-41", `SELECT id::int FROM meetings WHERE title = $1`, demo.DocumentMeetingTitle))
	slides := f.documentID("37-41", docSlides)
	member := f.login("partenaire")
	marked := func() bool {
		res, body := member.get("/c/37-41/reunions/" + meeting)
		if res.StatusCode != http.StatusOK {
			t.Fatalf("meeting page: %d", res.StatusCode)
		}
		link := parse(t, body).Find(`.meeting-documents a[href="/c/37-41/documents/` + slides + `"]`)
		if link.Length() != 1 {
			t.Fatal("the document is not on its meeting's page")
		}
		return link.Parent().Find(".tag").Text() == "archivé"
	}
	if marked() {
		t.Error("a document in use is marked archived")
	}
	if res, body := f.login("thomas.petit").post("/c/37-41/documents/"+slides+"/archiver", url.Values{"etat": {"archiver"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("archive: %d\n%.1500s", res.StatusCode, body)
	}
	if !marked() {
		t.Error("an archived document is not marked so on its meeting's page")
	}
}

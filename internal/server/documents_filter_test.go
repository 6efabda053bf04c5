package server

import (
	"net/http"
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/postgres"
)

// TestDocumentFilterNamesArchivedGroups: a group archived since keeps its
// documents, so the list's group filter still names it, marked archived,
// and filters by it; its former lead is offered no upload for it.
func TestDocumentFilterNamesArchivedGroups(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	group := f.groupID("Accès aux droits à l'ère numérique")
	f.write("37-41", "pilote", func(tx *postgres.Tx) error {
		return tx.SetGroupArchived(t.Context(), mustInt(t, group), true)
	})
	member := f.login("partenaire")
	res, body := member.get("/c/37-41/documents")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("list: %d", res.StatusCode)
	}
	option := parse(t, body).Find(`select[name="groupe"] option[value="` + group + `"]`)
	if option.Text() != "Accès aux droits à l'ère numérique (archivé)" {
		t.Errorf("the filter names the archived group %q", option.Text())
	}
	if _, body := f.login("thomas.petit").get("/c/37-41/documents"); strings.Contains(body, "Ajouter un document") {
		t.Error("the lead of an archived group only is offered to add a document")
	}
	_, body = member.get("/c/37-41/documents?groupe=" + group)
	if got := parse(t, body).Find("#resultats").Text(); got != "2 documents" {
		t.Errorf("filtered by the archived group: %q, want its 2 documents", got)
	}
}

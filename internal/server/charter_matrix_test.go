package server

import (
	"net/url"
	"testing"
	"time"

	"github.com/portail-clts/clts/web/components"
)

// setupCharterMatrix finds the charter rows of the route matrix in the
// demo: 37-41's current version (1) and its version in consultation (2),
// with a member's comment; the other committee's pilot drafts its
// version 2, opens its consultation and comments it, so that every id has
// its twin in the other committee.
func setupCharterMatrix(t *testing.T, clients map[string]*client, db matrixDB, own, other map[string]string) {
	t.Helper()
	own["currentCharterID"] = db.id("37-41", `SELECT id FROM charter_versions WHERE state = 'adoptee'`)
	own["consultationCharterID"] = db.id("37-41", `SELECT id FROM charter_versions WHERE state = 'consultation'`)
	own["commentID"] = db.id("37-41", `SELECT min(id) FROM charter_comments WHERE version_id = $1`, own["consultationCharterID"])

	pa := clients["pilote-autre"]
	other["currentCharterID"] = db.id("autre", `SELECT id FROM charter_versions WHERE state = 'adoptee'`)
	draft := idAtEnd(t, mustSeeOther(t, pa, "/c/autre/charte/versions/nouvelle", url.Values{"texte": {"## Objet\n\nLe comité du Loiret se réunit."}}))
	end := time.Now().In(components.Paris()).AddDate(0, 0, 14).Format(time.DateOnly)
	mustSeeOther(t, pa, "/c/autre/charte/versions/"+draft+"/consultation", url.Values{"fin_consultation": {end}})
	mustSeeOther(t, pa, "/c/autre/charte/versions/"+draft+"/commentaires", url.Values{"alinea": {"1"}, "commentaire": {"Trois réunions par an suffisent."}})
	other["consultationCharterID"] = draft
	other["commentID"] = db.id("autre", `SELECT id FROM charter_comments WHERE version_id = $1`, draft)
}

package server

import (
	"net/url"
	"strconv"
	"testing"
)

// setupReferentMatrix makes the helps of the route matrix through the
// portal: accompagne names partenaire (who accepts: {personID} is
// accompagne, whom partenaire acts with) and the group's lead ({helpID},
// left waiting for the lead's answer). The other committee holds no help:
// its id set names accompagne's help ids that 37-41's URLs do not have, and
// its pilot as the person.
func setupReferentMatrix(t *testing.T, f *fixture, clients map[string]*client, db matrixDB, own, other map[string]string) {
	t.Helper()
	jean := clients["accompagne"]
	for _, login := range []string{"partenaire", "thomas.petit"} {
		id := db.id("37-41", `SELECT id FROM accounts WHERE login = $1`, login)
		mustSeeOther(t, jean, "/c/37-41/aide/referents", url.Values{"referent": {id}})
	}
	helpOf := func(login string) string {
		return db.id("37-41", `SELECT r.id FROM referents r JOIN accounts a ON a.id = r.referent_id WHERE a.login = $1`, login)
	}
	mustSeeOther(t, clients["partenaire"], "/c/37-41/aide/referents/"+helpOf("partenaire")+"/accepter", url.Values{})
	own["personID"] = strconv.FormatInt(f.accounts["accompagne"], 10)
	own["helpID"] = helpOf("thomas.petit")
	other["personID"] = strconv.FormatInt(f.accounts["pilote-autre"], 10)
	other["helpID"] = "999999999"
}

package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestAddingToAGroupWithAFullForm: the route matrix sends empty forms,
// which the group's member form refuses (400) before deciding who may; with
// a full form, a plain member may not add anyone, a lead adds members but
// may not appoint a lead.
func TestAddingToAGroupWithAFullForm(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	path := "/c/37-41/groupes/" + f.groupID("Accès aux droits à l'ère numérique") + "/membres"
	member, lead := f.login("partenaire"), f.login("thomas.petit") // in the group; its lead
	add := url.Values{"compte": {itoa(f.accounts["accompagne"])}, "statut": {clts.StatusMember}}
	appoint := url.Values{"compte": {itoa(f.accounts["accompagne"])}, "statut": {clts.StatusLead}}
	if res, _ := member.post(path, add); res.StatusCode != http.StatusForbidden {
		t.Errorf("a plain member adds a member: %d, want 403", res.StatusCode)
	}
	if res, _ := lead.post(path, appoint); res.StatusCode != http.StatusForbidden {
		t.Errorf("a lead appoints a lead: %d, want 403", res.StatusCode)
	}
	if res, _ := lead.post(path, add); res.StatusCode != http.StatusSeeOther {
		t.Errorf("the lead adds a member: %d, want 303", res.StatusCode)
	}
}

// TestOtherCommitteeIdsInDirectoryURLs: ids of the other committee's
// institutions, groups and members, used in 37-41's URLs, are 404s.
func TestOtherCommitteeIdsInDirectoryURLs(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	var instID, groupID int64
	f.write("autre", "", func(tx *postgres.Tx) error {
		var err error
		if instID, err = tx.CreateInstitution(ctx, clts.Institution{Name: "Conseil départemental du Loiret", Kind: clts.KindConseilDepartemental}, nil); err != nil {
			return err
		}
		groupID, err = tx.CreateGroup(ctx, clts.Group{Title: "Groupe du Loiret"})
		return err
	})
	pilot := f.login("pilote")
	foreigner := itoa(f.accounts["pilote-autre"])
	for _, rt := range []struct{ method, path string }{
		{"GET", fmt.Sprintf("/c/37-41/institutions/%d", instID)},
		{"GET", fmt.Sprintf("/c/37-41/institutions/%d/modifier", instID)},
		{"POST", fmt.Sprintf("/c/37-41/institutions/%d/modifier", instID)},
		{"POST", fmt.Sprintf("/c/37-41/institutions/%d/archiver", instID)},
		{"GET", fmt.Sprintf("/c/37-41/institutions/%d/logo", instID)},
		{"GET", fmt.Sprintf("/c/37-41/groupes/%d", groupID)},
		{"GET", fmt.Sprintf("/c/37-41/groupes/%d/modifier", groupID)},
		{"POST", fmt.Sprintf("/c/37-41/groupes/%d/rejoindre", groupID)},
		{"POST", fmt.Sprintf("/c/37-41/groupes/%d/archiver", groupID)},
		{"POST", fmt.Sprintf("/c/37-41/groupes/%d/membres", groupID)},
		{"GET", "/c/37-41/annuaire/" + foreigner},
		{"POST", "/c/37-41/annuaire/" + foreigner + "/institution"},
	} {
		var res *http.Response
		if rt.method == "GET" {
			res, _ = pilot.get(rt.path)
		} else {
			res, _ = pilot.post(rt.path, url.Values{"archive": {"oui"}, "institution": {"0"}, "statut": {"member"}, "compte": {itoa(f.accounts["pilote"])}})
		}
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("%s %s = %d, want 404", rt.method, rt.path, res.StatusCode)
		}
	}
	// Attaching a 37-41 member to the other committee's institution fails.
	res, _ := pilot.post("/c/37-41/annuaire/"+itoa(f.accounts["partenaire"])+"/institution", url.Values{"institution": {itoa(instID)}})
	if res.StatusCode != http.StatusBadRequest {
		t.Errorf("attach to another committee's institution = %d, want 400", res.StatusCode)
	}
	var got *clts.Institution
	f.read("autre", "", func(tx *postgres.Tx) error {
		var err error
		got, err = tx.InstitutionByID(ctx, instID)
		return err
	})
	if got.Archived {
		t.Error("the other committee's institution was archived")
	}
	// Lists never show the other committee's rows.
	for _, path := range []string{"/c/37-41/institutions", "/c/37-41/groupes", "/c/37-41/annuaire", "/c/37-41/"} {
		_, body := pilot.get(path)
		for _, leak := range []string{"Loiret", "Nadia Perrin"} {
			if strings.Contains(body, leak) {
				t.Errorf("%s shows %q", path, leak)
			}
		}
	}
}

func parseID(s string) (int64, error) {
	var id int64
	_, err := fmt.Sscan(s, &id)
	return id, err
}

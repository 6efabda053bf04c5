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

// TestRoleMatrixDirectory walks the directory, institution and group routes
// with every role. The group lead is the partner, made lead of a group.
func TestRoleMatrixDirectory(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	inst := itoa(f.institutions("37-41")[0].ID)
	group := f.groupID("Travail en réseau")
	gid, _ := parseID(group)
	f.write("37-41", "", func(tx *postgres.Tx) error {
		return tx.SetGroupMember(ctx, gid, f.accounts["partenaire"], clts.StatusLead)
	})
	member := itoa(f.accounts["professionnel"])

	const (
		ok        = http.StatusOK
		login     = http.StatusSeeOther
		forbidden = http.StatusForbidden
		notFound  = http.StatusNotFound
		bad       = http.StatusBadRequest
		invalid   = http.StatusUnprocessableEntity
	)
	roles := []string{"anonyme", "pilote", "partenaire (animateur)", "professionnel", "accompagne", "pilote-autre", "hcts", "operateur"}
	logins := []string{"", "pilote", "partenaire", "professionnel", "accompagne", "pilote-autre", "hcts", "operateur"}
	c := "/c/37-41"
	outsiders := []int{notFound, notFound, notFound}
	row := func(anon, pilot, lead, pro, acc int) []int {
		return append([]int{anon, pilot, lead, pro, acc}, outsiders...)
	}
	routes := []struct {
		method, path string
		want         []int
	}{
		{"GET", c + "/annuaire", row(login, ok, ok, ok, ok)},
		{"GET", c + "/annuaire?q=a&role=pilote&tri=institution&page=2", row(login, ok, ok, ok, ok)},
		{"GET", c + "/annuaire/" + member, row(login, ok, ok, ok, ok)},
		{"GET", c + "/annuaire/export.csv", row(login, ok, forbidden, forbidden, forbidden)},
		{"POST", c + "/annuaire/" + member + "/institution", row(login, bad, forbidden, forbidden, forbidden)},
		{"GET", c + "/mon-profil", row(login, ok, ok, ok, ok)},
		{"POST", c + "/mon-profil", row(login, http.StatusConflict, http.StatusConflict, http.StatusConflict, http.StatusConflict)},
		{"GET", c + "/institutions", row(login, ok, ok, ok, ok)},
		{"GET", c + "/institutions/" + inst, row(login, ok, ok, ok, ok)},
		{"GET", c + "/institutions/nouvelle", row(login, ok, forbidden, forbidden, forbidden)},
		{"POST", c + "/institutions/nouvelle", row(login, bad, forbidden, forbidden, forbidden)},
		{"GET", c + "/institutions/" + inst + "/modifier", row(login, ok, forbidden, forbidden, forbidden)},
		{"POST", c + "/institutions/" + inst + "/modifier", row(login, bad, forbidden, forbidden, forbidden)},
		{"GET", c + "/groupes", row(login, ok, ok, ok, ok)},
		{"GET", c + "/groupes/" + group, row(login, ok, ok, ok, ok)},
		{"GET", c + "/groupes/nouveau", row(login, ok, forbidden, forbidden, forbidden)},
		{"POST", c + "/groupes/nouveau", row(login, invalid, forbidden, forbidden, forbidden)},
		{"GET", c + "/groupes/" + group + "/modifier", row(login, ok, ok, forbidden, forbidden)},
		{"POST", c + "/groupes/" + group + "/modifier", row(login, invalid, invalid, forbidden, forbidden)},
		{"POST", c + "/groupes/" + group + "/membres", row(login, bad, bad, bad, bad)},
		// The professional has a pending request in this demo group: an
		// empty decision is a bad request for those who may decide.
		{"POST", c + "/groupes/" + group + "/demandes/" + member, row(login, bad, bad, forbidden, forbidden)},
	}
	clients := map[string]*client{}
	for i, r := range roles {
		if i == 0 {
			clients[r] = f.anonymous()
		} else {
			clients[r] = f.login(logins[i])
		}
	}
	for _, rt := range routes {
		for i, role := range roles {
			var status int
			if rt.method == "GET" {
				res, _ := clients[role].get(rt.path)
				status = res.StatusCode
			} else {
				res, _ := clients[role].post(rt.path, url.Values{})
				status = res.StatusCode
			}
			if status != rt.want[i] {
				t.Errorf("%s %s as %s = %d, want %d", rt.method, rt.path, role, status, rt.want[i])
			}
		}
	}
	// Adding a member is for leads and pilots; appointing a lead for pilots.
	add := url.Values{"compte": {itoa(f.accounts["accompagne"])}, "statut": {"member"}}
	if res, _ := clients["professionnel"].post(c+"/groupes/"+group+"/membres", add); res.StatusCode != forbidden {
		t.Errorf("a plain member adds a member: %d", res.StatusCode)
	}
	appoint := url.Values{"compte": {itoa(f.accounts["accompagne"])}, "statut": {"lead"}}
	if res, _ := clients["partenaire (animateur)"].post(c+"/groupes/"+group+"/membres", appoint); res.StatusCode != forbidden {
		t.Errorf("a lead appoints a lead: %d", res.StatusCode)
	}
	if res, _ := clients["partenaire (animateur)"].post(c+"/groupes/"+group+"/membres", add); res.StatusCode != login {
		t.Errorf("the lead adds a member: %d, want 303", res.StatusCode)
	}
	// Archiving: pilots only.
	for role, want := range map[string]int{"partenaire (animateur)": forbidden, "pilote-autre": notFound, "pilote": login} {
		if res, _ := clients[role].post(c+"/groupes/"+group+"/archiver", url.Values{"archive": {"non"}}); res.StatusCode != want {
			t.Errorf("archive group as %s: %d, want %d", role, res.StatusCode, want)
		}
		if res, _ := clients[role].post(c+"/institutions/"+inst+"/archiver", url.Values{"archive": {"non"}}); res.StatusCode != want {
			t.Errorf("archive institution as %s: %d, want %d", role, res.StatusCode, want)
		}
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

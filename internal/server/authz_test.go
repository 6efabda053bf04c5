package server

import (
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestRoleMatrix walks every route with every role, anonymous included, and
// checks the status each gets. POSTs carry an empty form: an allowed role
// gets a validation answer (400 or 422), never a change.
func TestRoleMatrix(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	member := fmt.Sprint(f.accounts["partenaire"])
	inv := f.invite("37-41", clts.InvitationEmail, "x@example.org", clts.RolePartenaire,
		time.Now().Add(time.Hour), "", auth.HashToken("matrix"))

	const (
		ok        = http.StatusOK
		login     = http.StatusSeeOther // redirected to the login page
		forbidden = http.StatusForbidden
		notFound  = http.StatusNotFound
		invalid   = http.StatusBadRequest
	)
	roles := []string{"anonyme", "pilote", "partenaire", "professionnel", "accompagne", "pilote-autre", "hcts", "operateur"}
	type route struct {
		method, path string
		want         []int // in the order of roles
	}
	c := "/c/37-41"
	routes := []route{
		{"GET", "/", []int{ok, ok, ok, ok, ok, ok, ok, ok}},
		{"GET", "/accessibilite", []int{ok, ok, ok, ok, ok, ok, ok, ok}},
		{"GET", "/connexion", []int{ok, login, login, login, login, login, login, login}},
		{"GET", "/mot-de-passe-oublie", []int{ok, ok, ok, ok, ok, ok, ok, ok}},
		{"GET", "/invitation/code", []int{ok, ok, ok, ok, ok, ok, ok, ok}},
		{"GET", "/comites", []int{login, ok, ok, ok, ok, ok, ok, ok}},
		{"GET", "/compte", []int{login, ok, ok, ok, ok, ok, ok, ok}},
		{"GET", c + "/", []int{login, ok, ok, ok, ok, notFound, notFound, notFound}},
		{"GET", c + "/membres", []int{login, ok, forbidden, forbidden, forbidden, notFound, notFound, notFound}},
		{"GET", c + "/invitations/nouvelle", []int{login, ok, forbidden, forbidden, forbidden, notFound, notFound, notFound}},
		{"GET", c + "/journal", []int{login, ok, forbidden, forbidden, forbidden, notFound, notFound, notFound}},
		{"POST", c + "/membres/" + member + "/role", []int{login, invalid, forbidden, forbidden, forbidden, notFound, notFound, notFound}},
		{"POST", c + "/membres/" + member + "/statut", []int{login, invalid, forbidden, forbidden, forbidden, notFound, notFound, notFound}},
		{"POST", c + "/invitations/nouvelle", []int{login, http.StatusUnprocessableEntity, forbidden, forbidden, forbidden, notFound, notFound, notFound}},
		{"GET", "/c/autre/", []int{login, notFound, notFound, notFound, notFound, ok, notFound, notFound}},
		{"GET", "/c/inexistant/", []int{login, notFound, notFound, notFound, notFound, notFound, notFound, notFound}},
		{"GET", "/exploitation/comites", []int{login, notFound, notFound, notFound, notFound, notFound, notFound, ok}},
		{"GET", "/exploitation/courriels", []int{login, notFound, notFound, notFound, notFound, notFound, notFound, ok}},
		{"GET", "/exploitation/journal", []int{login, notFound, notFound, notFound, notFound, notFound, notFound, ok}},
		{"POST", "/exploitation/comites", []int{login, notFound, notFound, notFound, notFound, notFound, notFound, http.StatusUnprocessableEntity}},
		{"POST", "/exploitation/courriels/999999/renvoyer", []int{login, notFound, notFound, notFound, notFound, notFound, notFound, notFound}},
	}
	clients := map[string]*client{"anonyme": f.anonymous()}
	for _, r := range roles[1:] {
		clients[r] = f.login(r)
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
	// The revoke and renew routes act at once: check them last, as the pilot.
	for _, action := range []string{"renvoyer", "revoquer"} {
		path := fmt.Sprintf("%s/invitations/%d/%s", c, inv, action)
		for _, role := range []string{"anonyme", "partenaire", "pilote-autre", "operateur"} {
			res, _ := clients[role].post(path, url.Values{})
			want := map[string]int{"anonyme": login, "partenaire": forbidden}[role]
			if want == 0 {
				want = notFound
			}
			if res.StatusCode != want {
				t.Errorf("POST %s as %s = %d, want %d", path, role, res.StatusCode, want)
			}
		}
		res, _ := clients["pilote"].post(path, url.Values{})
		if res.StatusCode != http.StatusSeeOther {
			t.Errorf("POST %s as pilote = %d, want 303", path, res.StatusCode)
		}
	}
}

// TestOtherCommitteeIsInvisible: a pilot of 37-41 guesses the ids of the
// other committee's members and invitations in 37-41's URLs, and gets 404
// without anything changing there.
func TestOtherCommitteeIsInvisible(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	other := f.accounts["pilote-autre"]
	otherInv := f.invite("autre", clts.InvitationEmail, "y@example.org", clts.RolePartenaire,
		time.Now().Add(time.Hour), "", auth.HashToken("autre-invitation"))

	for _, tc := range []struct{ path string }{
		{fmt.Sprintf("/c/37-41/membres/%d/role", other)},
		{fmt.Sprintf("/c/37-41/membres/%d/statut", other)},
		{fmt.Sprintf("/c/37-41/invitations/%d/renvoyer", otherInv)},
		{fmt.Sprintf("/c/37-41/invitations/%d/revoquer", otherInv)},
	} {
		form := url.Values{"role": {"partenaire"}, "actif": {"non"}}
		res, _ := pilot.post(tc.path, form)
		if res.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s = %d, want 404", tc.path, res.StatusCode)
		}
	}
	// Nothing changed in the other committee.
	var m *clts.Membership
	var invs []clts.Invitation
	err := f.db.App.Read(t.Context(), f.scope("autre", ""), func(tx *postgres.Tx) error {
		var err error
		if m, err = tx.Membership(t.Context(), other); err != nil {
			return err
		}
		invs, err = tx.Invitations(t.Context())
		return err
	})
	if err != nil || !m.Active || m.Role != clts.RolePilote {
		t.Fatalf("other committee's pilot after the attempts: %+v, %v", m, err)
	}
	if len(invs) != 1 || invs[0].RevokedAt != nil {
		t.Fatalf("other committee's invitation after the attempts: %+v", invs)
	}

	// The pages of 37-41 never list the other committee's people.
	for _, path := range []string{"/c/37-41/membres", "/c/37-41/journal", "/c/37-41/"} {
		_, body := pilot.get(path)
		for _, leak := range []string{"Nadia Perrin", "pilote@autre.test", "y@example.org", "Loiret"} {
			if strings.Contains(body, leak) {
				t.Errorf("%s shows %q from the other committee", path, leak)
			}
		}
	}
	// And every page of the other committee is a 404 for 37-41's pilot.
	for _, path := range []string{"/c/autre/", "/c/autre/membres", "/c/autre/journal", "/c/autre/invitations/nouvelle"} {
		if res, _ := pilot.get(path); res.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", path, res.StatusCode)
		}
	}
}

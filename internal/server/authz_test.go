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

package auth

import (
	"testing"

	"github.com/portail-clts/clts/internal/clts"
)

func TestHomeDuties(t *testing.T) {
	all := HomeDuties{AllRequests: true, PlenaryProposals: true, AllRecords: true, Invitations: true, Review: true, CharterComments: true, Erasures: true}
	cases := []struct {
		name string
		p    Principal
		want HomeDuties
	}{
		{"Pilot", Principal{AccountID: 1, Role: clts.RolePilote}, all},
		{"Partner", Principal{AccountID: 2, Role: clts.RolePartenaire}, HomeDuties{}},
		{"Professional", Principal{AccountID: 3, Role: clts.RoleProfessionnel}, HomeDuties{}},
		{"Supported", Principal{AccountID: 4, Role: clts.RoleAccompagne}, HomeDuties{}},
		// National flags give nothing inside a committee.
		{"OperatorWithoutRole", Principal{AccountID: 5, Operator: true}, HomeDuties{}},
		{"HCTSWithoutRole", Principal{AccountID: 6, HCTSReader: true, Member: true}, HomeDuties{}},
		{"Inactive", Principal{AccountID: 7}, HomeDuties{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if got := HomeDutiesOf(tc.p); got != tc.want {
				t.Errorf("HomeDutiesOf = %+v, want %+v", got, tc.want)
			}
		})
	}
}

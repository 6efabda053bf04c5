package auth

import (
	"testing"

	"github.com/portail-clts/clts/internal/clts"
)

// The national catalogue of practices: HCTS readers and the active members
// of any committee; nobody else, whatever their other flags.
func TestReadNationalPractices(t *testing.T) {
	for _, tc := range []struct {
		name string
		p    Principal
		want bool
	}{
		{"nobody", Principal{}, false},
		{"signed in, member of no committee", Principal{AccountID: 1}, false},
		{"operator, member of no committee", Principal{AccountID: 1, Operator: true}, false},
		{"HCTS reader", Principal{AccountID: 1, HCTSReader: true}, true},
		{"member of a committee, on a national page", Principal{AccountID: 1, Member: true}, true},
		{"supported person, in their committee", Principal{AccountID: 1, Role: clts.RoleAccompagne, Member: true}, true},
		{"pilot, in their committee", Principal{AccountID: 1, Role: clts.RolePilote, Member: true}, true},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := tc.p.Can(ReadNationalPractices); got != tc.want {
				t.Errorf("Can(ReadNationalPractices) = %v, want %v", got, tc.want)
			}
		})
	}
	// Being a member anywhere grants nothing inside a committee.
	if (Principal{AccountID: 1, Member: true}).Can(ViewCommittee) {
		t.Error("Member grants a committee action")
	}
}

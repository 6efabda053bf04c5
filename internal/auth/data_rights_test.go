package auth

import (
	"testing"

	"github.com/portail-clts/clts/internal/clts"
)

func TestErasureRequestRefusal(t *testing.T) {
	for _, c := range []struct {
		name    string
		a       ErasureAsker
		refused bool
	}{
		{"OK", ErasureAsker{Committees: 2}, false},
		{"ErrOperator", ErasureAsker{Operator: true, Committees: 1}, true},
		{"ErrHCTS", ErasureAsker{HCTS: true, Committees: 1}, true},
		{"ErrNoCommittee", ErasureAsker{}, true},
		{"ErrLastPilot", ErasureAsker{Committees: 1, LastPilotOf: true}, true},
		{"ErrPending", ErasureAsker{Committees: 1, Pending: true}, true},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := ErasureRequestRefusal(c.a) != ""; got != c.refused {
				t.Errorf("refused = %v, want %v", got, c.refused)
			}
		})
	}
}

func TestCanConfirmErasure(t *testing.T) {
	pending := ErasureFacts{AccountID: 7}
	for _, c := range []struct {
		name string
		p    Principal
		f    ErasureFacts
		want bool
	}{
		{"OKPilot", Principal{AccountID: 1, Role: clts.RolePilote, Member: true}, pending, true},
		{"ErrPartner", Principal{AccountID: 1, Role: clts.RolePartenaire, Member: true}, pending, false},
		{"ErrSupported", Principal{AccountID: 1, Role: clts.RoleAccompagne, Member: true}, pending, false},
		{"ErrOwnRequest", Principal{AccountID: 7, Role: clts.RolePilote, Member: true}, pending, false},
		{"ErrAlreadyConfirmed", Principal{AccountID: 1, Role: clts.RolePilote, Member: true}, ErasureFacts{AccountID: 7, Confirmed: true}, false},
		{"ErrOperatorOutside", Principal{AccountID: 1, Operator: true}, pending, false},
	} {
		t.Run(c.name, func(t *testing.T) {
			if got := CanConfirmErasure(c.p, c.f); got != c.want {
				t.Errorf("CanConfirmErasure = %v, want %v", got, c.want)
			}
		})
	}
}

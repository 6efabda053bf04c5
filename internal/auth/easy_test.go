package auth

import (
	"testing"

	"github.com/portail-clts/clts/internal/clts"
)

func TestEasyMode(t *testing.T) {
	on, off := true, false
	for _, c := range []struct {
		choice *bool
		role   clts.Role
		want   bool
	}{
		{nil, clts.RoleAccompagne, true},
		{nil, clts.RolePilote, false},
		{nil, "", false},
		{&off, clts.RoleAccompagne, false},
		{&on, clts.RoleProfessionnel, true},
	} {
		if got := EasyMode(c.choice, c.role); got != c.want {
			t.Errorf("EasyMode(%v, %q) = %v, want %v", c.choice, c.role, got, c.want)
		}
	}
}

package auth

import (
	"testing"

	"github.com/portail-clts/clts/internal/clts"
)

func TestCheckEasyReadVersion(t *testing.T) {
	supported := Principal{AccountID: 7, Role: clts.RoleAccompagne, Member: true}
	pilot := Principal{AccountID: 2, Role: clts.RolePilote, Member: true}
	pro := Principal{AccountID: 3, Role: clts.RoleProfessionnel, Member: true}
	partner := Principal{AccountID: 4, Role: clts.RolePartenaire, Member: true}
	inactive := Principal{AccountID: 5, Member: true}
	hcts := Principal{AccountID: 6, HCTSReader: true, HCTSPublisher: true}
	operator := Principal{AccountID: 8, Operator: true}
	anonymous := Principal{}

	byPilot := EasyReadFacts{ReadsOriginal: true, Exists: true, AuthorID: 2}
	byPilotChecked := EasyReadFacts{ReadsOriginal: true, Exists: true, AuthorID: 2, Checked: true}
	bySupported := EasyReadFacts{ReadsOriginal: true, Exists: true, AuthorID: 7}
	none := EasyReadFacts{ReadsOriginal: true}
	hidden := EasyReadFacts{ReadsOriginal: false, Exists: true, AuthorID: 2}

	cases := []struct {
		name string
		p    Principal
		f    EasyReadFacts
		a    EasyReadAction
		want error
	}{
		{"pilot writes a first version", pilot, none, WriteEasyRead, nil},
		{"professional writes", pro, none, WriteEasyRead, nil},
		{"partner rewrites another's", partner, byPilot, WriteEasyRead, nil},
		{"supported person writes", supported, none, WriteEasyRead, nil},
		{"rewrite of a checked text", pro, byPilotChecked, WriteEasyRead, nil},
		{"original not readable: no writing", pilot, hidden, WriteEasyRead, ErrEasyReadNotFound},
		{"original not readable: no reading", supported, hidden, ReadEasyRead, ErrEasyReadNotFound},
		{"original not readable: no check", supported, hidden, CheckEasyRead, ErrEasyReadNotFound},
		{"inactive member", inactive, byPilot, ReadEasyRead, ErrEasyReadNotFound},
		{"inactive member writes", inactive, none, WriteEasyRead, ErrEasyReadNotFound},
		{"HCTS outside the committee", hcts, byPilot, ReadEasyRead, ErrEasyReadNotFound},
		{"operator", operator, byPilot, WriteEasyRead, ErrEasyReadNotFound},
		{"anonymous", anonymous, byPilot, ReadEasyRead, ErrEasyReadNotFound},
		{"member reads", pro, byPilot, ReadEasyRead, nil},
		{"nothing to read", pro, none, ReadEasyRead, ErrEasyReadNotFound},
		{"supported person checks", supported, byPilot, CheckEasyRead, nil},
		{"author may not check own text", supported, bySupported, CheckEasyRead, ErrEasyReadForbidden},
		{"pilot may not check", pilot, bySupported, CheckEasyRead, ErrEasyReadForbidden},
		{"professional may not check", pro, byPilot, CheckEasyRead, ErrEasyReadForbidden},
		{"partner may not check", partner, byPilot, CheckEasyRead, ErrEasyReadForbidden},
		{"already checked", supported, byPilotChecked, CheckEasyRead, ErrEasyReadChecked},
		{"nothing to check", supported, none, CheckEasyRead, ErrEasyReadNotFound},
		{"unknown action", pilot, byPilot, EasyReadAction("x"), ErrEasyReadForbidden},
	}
	for _, c := range cases {
		if got := CheckEasyReadVersion(c.p, c.f, c.a); got != c.want {
			t.Errorf("%s: CheckEasyReadVersion = %v, want %v", c.name, got, c.want)
		}
		if got := CanEasyRead(c.p, c.f, c.a); got != (c.want == nil) {
			t.Errorf("%s: CanEasyRead = %v", c.name, got)
		}
	}
}

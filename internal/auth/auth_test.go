package auth

import (
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
)

var cheap = Params{Memory: 64, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}

func TestPasswordHash(t *testing.T) {
	h, err := HashPassword("une phrase de passe", OWASPParams)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(h, "$argon2id$v=19$m=19456,t=2,p=1$") {
		t.Fatalf("hash %q does not record OWASP parameters", h)
	}
	if ok, rehash, err := VerifyPassword(h, "une phrase de passe", OWASPParams); !ok || rehash || err != nil {
		t.Errorf("right password: ok=%v rehash=%v err=%v", ok, rehash, err)
	}
	if ok, _, _ := VerifyPassword(h, "une phrase de passE", OWASPParams); ok {
		t.Error("wrong password accepted")
	}
	h2, _ := HashPassword("une phrase de passe", OWASPParams)
	if h2 == h {
		t.Error("two hashes of one password are equal: no salt")
	}
	t.Run("RehashWeakParams", func(t *testing.T) {
		weak, _ := HashPassword("secret secret", cheap)
		ok, rehash, err := VerifyPassword(weak, "secret secret", OWASPParams)
		if !ok || !rehash || err != nil {
			t.Errorf("weak hash: ok=%v rehash=%v err=%v, want a rehash", ok, rehash, err)
		}
	})
	t.Run("ErrBadHash", func(t *testing.T) {
		for _, bad := range []string{"", "x", "$argon2i$v=19$m=1,t=1,p=1$AA$AA", "$argon2id$v=19$m=a,t=1,p=1$AA$AA"} {
			if _, _, err := VerifyPassword(bad, "x", cheap); err == nil {
				t.Errorf("%q accepted as a hash", bad)
			}
		}
	})
}

func TestCodes(t *testing.T) {
	seen := map[string]bool{}
	for i := 0; i < 200; i++ {
		c := NewCode()
		if len(c) != 9 || c[4] != '-' || len(NormalizeCode(c)) != 8 {
			t.Fatalf("code %q", c)
		}
		if strings.ContainsAny(c, "01ILOUV") {
			t.Fatalf("code %q has an ambiguous character", c)
		}
		seen[c] = true
	}
	if len(seen) < 199 {
		t.Errorf("only %d distinct codes out of 200", len(seen))
	}
	if got := NormalizeCode(" k7mp q9xa "); got != "K7MPQ9XA" {
		t.Errorf("NormalizeCode = %q", got)
	}
	if NewToken() == NewToken() || len(NewToken()) < 40 {
		t.Error("tokens are not long random strings")
	}
}

func TestPolicyDeniesByDefault(t *testing.T) {
	committee := []Action{ViewCommittee, ManageMembers, InviteMembers, ViewCommitteeLog, ManageCommittee, ViewMemberDetails}
	national := []Action{CreateCommittee, ViewOutbox, ViewAllLogs, ReadNational}
	for _, a := range append(committee, national...) {
		if (Principal{}).Can(a) {
			t.Errorf("a nobody may %s", a)
		}
		if (Principal{Operator: true, HCTSReader: true}).Can(a) && contains(committee, a) {
			t.Errorf("national flags grant the committee action %s", a)
		}
	}
	for _, r := range []clts.Role{clts.RolePartenaire, clts.RoleProfessionnel, clts.RoleAccompagne} {
		p := Principal{Role: r}
		if !p.Can(ViewCommittee) || p.Can(ManageMembers) || p.Can(InviteMembers) || p.Can(CreateCommittee) {
			t.Errorf("%s: wrong grants", r)
		}
	}
	pilot := Principal{Role: clts.RolePilote}
	if !pilot.Can(ManageMembers) || !pilot.Can(InviteMembers) || pilot.Can(CreateCommittee) || pilot.Can(ReadNational) {
		t.Error("pilot: wrong grants")
	}
	if !(Principal{Operator: true}).Can(CreateCommittee) || !(Principal{HCTSReader: true}).Can(ReadNational) {
		t.Error("national flags do not grant national actions")
	}
	if (Principal{Role: "chef"}).Can(ViewCommittee) {
		t.Error("an unknown role is granted something")
	}
}

func contains(list []Action, a Action) bool {
	for _, x := range list {
		if x == a {
			return true
		}
	}
	return false
}

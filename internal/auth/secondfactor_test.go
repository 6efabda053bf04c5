package auth

import (
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
)

// rfcSecret is the SHA-1 seed of RFC 6238's test vectors, "12345678901234567890",
// in base32.
const rfcSecret = "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ"

func TestTOTPMatchesRFC6238(t *testing.T) {
	// RFC 6238 appendix B gives 8 digits; the last 6 are the 6-digit code.
	for _, tc := range []struct {
		unix int64
		code string
	}{
		{59, "287082"},
		{1111111109, "081804"},
		{1234567890, "005924"},
		{2000000000, "279037"},
	} {
		at := time.Unix(tc.unix, 0)
		got, err := TOTPCode(rfcSecret, TOTPStep(at))
		if err != nil || got != tc.code {
			t.Errorf("code at %d = %q, %v; want %q", tc.unix, got, err, tc.code)
		}
		if step, ok := MatchTOTP(rfcSecret, tc.code, at, 0); !ok || step != TOTPStep(at) {
			t.Errorf("MatchTOTP at %d = %d, %v", tc.unix, step, ok)
		}
	}
}

func TestMatchTOTPWindowAndReuse(t *testing.T) {
	now := time.Unix(1_800_000_000, 0)
	step := TOTPStep(now)
	code := func(s int64) string {
		c, err := TOTPCode(rfcSecret, s)
		if err != nil {
			t.Fatal(err)
		}
		return c
	}
	for _, tc := range []struct {
		name     string
		code     string
		lastStep int64
		ok       bool
	}{
		{"current", code(step), 0, true},
		{"previous step", code(step - 1), 0, true},
		{"next step", code(step + 1), 0, true},
		{"two steps ago", code(step - 2), 0, false},
		{"two steps ahead", code(step + 2), 0, false},
		{"used already", code(step), step, false},
		{"before the last used", code(step - 1), step, false},
		{"after the last used", code(step + 1), step, true},
		{"not digits", "12a456", 0, false},
		{"too short", "12345", 0, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if _, ok := MatchTOTP(rfcSecret, tc.code, now, tc.lastStep); ok != tc.ok {
				t.Errorf("MatchTOTP = %v, want %v", ok, tc.ok)
			}
		})
	}
}

func TestTOTPKeyForApplications(t *testing.T) {
	secret := NewTOTPSecret()
	if len(secret) != 32 {
		t.Fatalf("secret %q: want 32 base32 letters (160 bits)", secret)
	}
	key, err := TOTPKey(secret, "pilote41")
	if err != nil {
		t.Fatal(err)
	}
	u := key.URL()
	for _, want := range []string{"otpauth://totp/", "secret=" + secret, "issuer=Portail%20CLTS", "digits=6", "period=30"} {
		if !strings.Contains(u, want) {
			t.Errorf("key URL %q lacks %q", u, want)
		}
	}
	if img, err := TOTPQRCode(secret, "pilote41", 200); err != nil || img.Bounds().Dx() != 200 {
		t.Errorf("QR code: %v", err)
	}
	if g := GroupedSecret("ABCDEFGHIJ"); g != "ABCD EFGH IJ" {
		t.Errorf("GroupedSecret = %q", g)
	}
}

func TestRecoveryCodes(t *testing.T) {
	codes := NewRecoveryCodes()
	if len(codes) != RecoveryCodeCount {
		t.Fatalf("%d codes", len(codes))
	}
	seen := map[string]bool{}
	for _, c := range codes {
		if len(c) != 14 || c[4] != '-' || c[9] != '-' || seen[c] {
			t.Errorf("code %q: want XXXX-XXXX-XXXX, all different", c)
		}
		seen[c] = true
		n := NormalizeRecoveryCode(strings.ToLower(strings.ReplaceAll(c, "-", " ")))
		if !LooksLikeRecoveryCode(n) || string(HashRecoveryCode(n)) != string(HashRecoveryCode(c)) {
			t.Errorf("code %q typed loosely does not match", c)
		}
	}
}

func TestSecondFactorRoles(t *testing.T) {
	r, err := ParseSecondFactorRoles(" operator, HCTS ,pilote")
	if err != nil {
		t.Fatal(err)
	}
	pilot := []clts.Membership{{Role: clts.RolePilote, Active: true}}
	partner := []clts.Membership{{Role: clts.RolePartenaire, Active: true}}
	for _, tc := range []struct {
		name string
		acc  clts.Account
		ms   []clts.Membership
		want bool
	}{
		{"operator", clts.Account{Operator: true}, nil, true},
		{"HCTS staff", clts.Account{HCTSReader: true}, nil, true},
		{"pilot", clts.Account{}, pilot, true},
		{"pilot elsewhere, partner here", clts.Account{}, append(partner, pilot...), true},
		{"partner", clts.Account{}, partner, false},
		{"former pilot", clts.Account{}, []clts.Membership{{Role: clts.RolePilote, Active: false}}, false},
	} {
		if got := r.Requires(&tc.acc, tc.ms); got != tc.want {
			t.Errorf("%s: Requires = %v, want %v", tc.name, got, tc.want)
		}
	}
	if none, err := ParseSecondFactorRoles("none"); err != nil || none.Any() {
		t.Errorf("none = %+v, %v", none, err)
	}
	if _, err := ParseSecondFactorRoles("pilote,admin"); err == nil || !strings.Contains(err.Error(), "admin") {
		t.Errorf("an unknown role is accepted: %v", err)
	}
}

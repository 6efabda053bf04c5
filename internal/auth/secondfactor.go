package auth

import (
	"crypto/rand"
	"encoding/base32"
	"fmt"
	"image"
	"strings"
	"time"

	"github.com/pquerna/otp"
	"github.com/pquerna/otp/hotp"
	"github.com/pquerna/otp/totp"

	"github.com/portail-clts/clts/internal/clts"
)

// The second factor: time-based one-time codes (TOTP, RFC 6238) of six
// digits every 30 seconds, as every authenticator application makes them
// (HMAC-SHA1, the applications' common default), and single-use recovery
// codes for the day the phone is lost.
const (
	// TOTPPeriod is the life of one code.
	TOTPPeriod = 30 * time.Second
	// TOTPSkew is how many steps before and after the current one a code
	// may come from: a code typed slowly, or a phone's clock a little off,
	// still works. No other time limit applies to the code step.
	TOTPSkew = 1
	// TOTPIssuer names the portal in authenticator applications.
	TOTPIssuer = "Portail CLTS"
	// RecoveryCodeCount is how many recovery codes an enrolment gives.
	RecoveryCodeCount = 10
)

var totpOpts = totp.ValidateOpts{Period: uint(TOTPPeriod / time.Second), Digits: otp.DigitsSix, Algorithm: otp.AlgorithmSHA1}

var b32 = base32.StdEncoding.WithPadding(base32.NoPadding)

// NewTOTPSecret returns a new random secret of 160 bits (RFC 4226's
// recommendation), in base32 as authenticator applications take it.
func NewTOTPSecret() string {
	b := make([]byte, 20)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on Linux
	return b32.EncodeToString(b)
}

// TOTPKey is the key of secret for account, as a QR code shows it to an
// authenticator application (an otpauth:// URL).
func TOTPKey(secret, account string) (*otp.Key, error) {
	raw, err := b32.DecodeString(strings.ToUpper(secret))
	if err != nil {
		return nil, fmt.Errorf("auth: totp secret: %w", err)
	}
	return totp.Generate(totp.GenerateOpts{Issuer: TOTPIssuer, AccountName: account, Secret: raw,
		Period: totpOpts.Period, Digits: totpOpts.Digits, Algorithm: totpOpts.Algorithm})
}

// TOTPQRCode is the QR code of secret for account, size pixels wide.
func TOTPQRCode(secret, account string, size int) (image.Image, error) {
	key, err := TOTPKey(secret, account)
	if err != nil {
		return nil, err
	}
	return key.Image(size, size)
}

// GroupedSecret writes secret in groups of four letters, easier to copy by
// hand; authenticator applications ignore the spaces.
func GroupedSecret(secret string) string {
	var b strings.Builder
	for i, r := range secret {
		if i > 0 && i%4 == 0 {
			b.WriteByte(' ')
		}
		b.WriteRune(r)
	}
	return b.String()
}

// TOTPStep is the time step of t: codes change at each step.
func TOTPStep(t time.Time) int64 { return t.Unix() / int64(TOTPPeriod/time.Second) }

// TOTPCode is the code of secret at step (tests, and the demo's help).
func TOTPCode(secret string, step int64) (string, error) {
	return hotp.GenerateCodeCustom(secret, uint64(step), hotp.ValidateOpts{Digits: totpOpts.Digits, Algorithm: totpOpts.Algorithm})
}

// NormalizeTOTPCode drops the spaces and dashes people type or paste
// ("123 456").
func NormalizeTOTPCode(s string) string {
	return strings.Map(func(r rune) rune {
		if r == ' ' || r == '-' || r == '\u00a0' || r == '\t' {
			return -1
		}
		return r
	}, s)
}

// LooksLikeTOTPCode reports whether s, normalized, is six digits.
func LooksLikeTOTPCode(s string) bool {
	if len(s) != totpOpts.Digits.Length() {
		return false
	}
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return true
}

// MatchTOTP checks a normalized code against secret at now, accepting the
// steps within TOTPSkew of now's that come after lastStep, the step of the
// last code accepted: a code is good once. It returns the step matched, to
// be stored as the new lastStep. The comparison takes constant time.
func MatchTOTP(secret, code string, now time.Time, lastStep int64) (step int64, ok bool) {
	if !LooksLikeTOTPCode(code) {
		return 0, false
	}
	current := TOTPStep(now)
	for s := current - TOTPSkew; s <= current+TOTPSkew; s++ {
		if s <= lastStep || s < 0 {
			continue
		}
		good, err := hotp.ValidateCustom(code, uint64(s), secret, hotp.ValidateOpts{Digits: totpOpts.Digits, Algorithm: totpOpts.Algorithm})
		if err == nil && good {
			return s, true
		}
	}
	return 0, false
}

// recoveryAlphabet is codeAlphabet: no 0/O, 1/I/L, U/V.
const recoveryAlphabet = codeAlphabet

// recoveryLength is the number of letters of a recovery code: 12 letters of
// 29 are about 58 bits, beyond guessing under the login throttle.
const recoveryLength = 12

// NewRecoveryCodes returns RecoveryCodeCount recovery codes such as
// "K7MP-Q9XA-R2TW", to show once; only their hashes are stored
// (HashRecoveryCode).
func NewRecoveryCodes() []string {
	codes := make([]string, RecoveryCodeCount)
	buf := make([]byte, 32)
	for i := range codes {
		var b strings.Builder
		n := 0
		for n < recoveryLength {
			_, _ = rand.Read(buf)
			for _, c := range buf {
				// Reject bytes past the last whole multiple of the
				// alphabet's length: every letter is equally likely.
				if int(c) >= 256-256%len(recoveryAlphabet) || n == recoveryLength {
					continue
				}
				if n > 0 && n%4 == 0 {
					b.WriteByte('-')
				}
				b.WriteByte(recoveryAlphabet[int(c)%len(recoveryAlphabet)])
				n++
			}
		}
		codes[i] = b.String()
	}
	return codes
}

// NormalizeRecoveryCode uppercases a typed recovery code and keeps only the
// letters of its alphabet, so "k7mp q9xa r2tw" matches "K7MP-Q9XA-R2TW".
func NormalizeRecoveryCode(s string) string {
	var b strings.Builder
	for _, r := range strings.ToUpper(s) {
		if strings.ContainsRune(recoveryAlphabet, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// HashRecoveryCode is the stored form of a recovery code: the SHA-256 of its
// normalized letters. The codes are random and long enough that a plain
// hash suffices (as for reset tokens); a slow hash would add nothing while
// the TOTP secret sits beside it.
func HashRecoveryCode(code string) []byte {
	return HashToken(NormalizeRecoveryCode(code))
}

// LooksLikeRecoveryCode reports whether a normalized code has the length of
// a recovery code.
func LooksLikeRecoveryCode(normalized string) bool { return len(normalized) == recoveryLength }

// SecondFactorRoles says who must use a second factor: the platform
// operators, HCTS staff, and the members who hold one of the committee
// roles in some committee (TOTP_REQUIRED).
type SecondFactorRoles struct {
	Operator bool
	HCTS     bool
	Roles    []clts.Role
}

// SecondFactorRoleNames are the words TOTP_REQUIRED accepts, besides the
// committee roles.
const (
	SecondFactorOperator = "operator"
	SecondFactorHCTS     = "hcts"
	// SecondFactorNone asks no one (an empty setting means the default).
	SecondFactorNone = "none"
)

// ParseSecondFactorRoles reads a comma-separated list such as
// "operator,hcts,pilote"; "none" names no one.
func ParseSecondFactorRoles(s string) (SecondFactorRoles, error) {
	var r SecondFactorRoles
	for _, w := range strings.Split(s, ",") {
		w = strings.ToLower(strings.TrimSpace(w))
		switch w {
		case "", SecondFactorNone:
		case SecondFactorOperator:
			r.Operator = true
		case SecondFactorHCTS:
			r.HCTS = true
		default:
			role, ok := clts.ParseRole(w)
			if !ok {
				return SecondFactorRoles{}, fmt.Errorf("rôle inconnu %q", w)
			}
			r.Roles = append(r.Roles, role)
		}
	}
	return r, nil
}

// Any reports whether anyone must use a second factor.
func (r SecondFactorRoles) Any() bool { return r.Operator || r.HCTS || len(r.Roles) > 0 }

// Requires reports whether an account must use a second factor: it is an
// operator or HCTS staff and those must, or one of its active memberships
// has a role that must.
func (r SecondFactorRoles) Requires(acc *clts.Account, memberships []clts.Membership) bool {
	if acc == nil {
		return false
	}
	if (r.Operator && acc.Operator) || (r.HCTS && acc.HCTSReader) {
		return true
	}
	for _, m := range memberships {
		if !m.Active {
			continue
		}
		for _, role := range r.Roles {
			if m.Role == role {
				return true
			}
		}
	}
	return false
}

package auth

import (
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"strings"
)

// NewToken returns a random URL-safe token of 256 bits, for links sent by
// e-mail. Only its hash is stored.
func NewToken() string {
	b := make([]byte, 32)
	_, _ = rand.Read(b) // crypto/rand.Read never fails on Linux
	return base64.RawURLEncoding.EncodeToString(b)
}

// codeAlphabet has no 0/O, 1/I/L, U/V: easy to read aloud and to type.
const codeAlphabet = "ABCDEFGHJKMNPQRSTWXYZ23456789"

// NewCode returns a short invitation code such as "K7MP-Q9XA" (about 39
// bits), for a printed sheet. Codes expire and login throttling applies to
// their entry, which makes guessing hopeless.
func NewCode() string {
	out := make([]byte, 0, 9)
	buf := make([]byte, 16)
	for len(out) < 9 {
		_, _ = rand.Read(buf)
		for _, c := range buf {
			// Reject bytes past the last whole multiple of the alphabet's
			// length, so that every letter is equally likely.
			if int(c) >= 256-256%len(codeAlphabet) || len(out) == 9 {
				continue
			}
			if len(out) == 4 {
				out = append(out, '-')
			}
			out = append(out, codeAlphabet[int(c)%len(codeAlphabet)])
		}
	}
	return string(out)
}

// NormalizeCode uppercases a typed code and drops spaces and dashes, so
// "k7mp q9xa" matches "K7MP-Q9XA".
func NormalizeCode(s string) string {
	s = strings.ToUpper(s)
	var b strings.Builder
	for _, r := range s {
		if strings.ContainsRune(codeAlphabet, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// HashToken returns the SHA-256 of a token or normalized code, as stored.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

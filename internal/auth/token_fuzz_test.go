package auth

import (
	"strings"
	"testing"
	"unicode/utf8"
)

// FuzzNormalizeCode feeds the invitation-code normaliser whatever a person
// may type or paste: the result keeps only letters of the code alphabet,
// normalising it again changes nothing, and the printed code, typed in any
// case with spaces or dashes, finds the same invitation.
func FuzzNormalizeCode(f *testing.F) {
	for _, s := range []string{
		"K7MP-Q9XA", "k7mp q9xa", " K7MP–Q9XA ", "k7mpq9xa", "", "----", "0O1IL-UV",
		"ǅ", "ß", "ﬀ", "İ", "\x00K7MP", "\xff\xfeK", "K7MP-Q9XA-K7MP-Q9XA", "ｋ７ｍｐ", "к7мр",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := NormalizeCode(s)
		for _, r := range n {
			if !strings.ContainsRune(codeAlphabet, r) {
				t.Fatalf("NormalizeCode(%q) = %q holds %q, outside the code alphabet", s, n, r)
			}
		}
		if again := NormalizeCode(n); again != n {
			t.Fatalf("NormalizeCode is not stable: %q → %q → %q", s, n, again)
		}
		if len(n) > utf8.RuneCountInString(s) {
			t.Fatalf("NormalizeCode(%q) = %q grew beyond its input", s, n)
		}
		// The same code as printed, typed loosely, normalises to the same.
		if n != "" {
			printed := n
			if len(n) > 4 {
				printed = n[:4] + "-" + n[4:]
			}
			for _, typed := range []string{printed, strings.ToLower(printed), " " + strings.ReplaceAll(printed, "-", " ") + " "} {
				if got := NormalizeCode(typed); got != n {
					t.Fatalf("NormalizeCode(%q) = %q, want %q", typed, got, n)
				}
			}
		}
	})
}

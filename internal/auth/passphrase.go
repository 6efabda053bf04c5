package auth

import (
	"crypto/rand"
	_ "embed"
	"fmt"
	"math/big"
	"strings"
)

// passphraseText is the list of words a suggested passphrase is drawn from:
// 577 common French nouns, one a line, lower case, written without any
// accent (nothing to miss on a phone keyboard or when copying a printed
// sheet) and without a common homophone (ancre/encre, banc/ban…), so that
// a word read aloud or copied by hand comes back the same.
//
//go:embed passphrase_words.txt
var passphraseText string

// PassphraseWords is how many words a suggested passphrase holds.
const PassphraseWords = 4

// PassphraseWordList returns the words of the list, in its order. Each call
// splits the embedded text again: the package keeps no mutable state.
func PassphraseWordList() []string {
	return strings.Fields(passphraseText)
}

// NewPassphrase draws a passphrase of PassphraseWords words of the list and
// a two-digit number (10 to 99), separated by spaces, with crypto/rand:
// « soleil jardin piano 26 ». It is a suggestion only, never stored: the
// person may write it on their access sheet or choose their own.
//
// Entropy: 4 × log2(577) + log2(90) ≈ 4 × 9.17 + 6.49 ≈ 43.2 bits, far
// beyond what online guessing reaches under the login throttle, and, with
// argon2id, costly to search offline. Its length (four words of at least
// three letters, four spaces and two digits: 22 characters at least) always
// meets clts.MinPasswordLength.
func NewPassphrase() (string, error) {
	words := PassphraseWordList()
	parts := make([]string, 0, PassphraseWords+1)
	for range PassphraseWords {
		i, err := rand.Int(rand.Reader, big.NewInt(int64(len(words))))
		if err != nil {
			return "", fmt.Errorf("auth: passphrase: %w", err)
		}
		parts = append(parts, words[i.Int64()])
	}
	n, err := rand.Int(rand.Reader, big.NewInt(90))
	if err != nil {
		return "", fmt.Errorf("auth: passphrase: %w", err)
	}
	parts = append(parts, fmt.Sprint(10+n.Int64()))
	return strings.Join(parts, " "), nil
}

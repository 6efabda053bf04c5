package auth

import (
	"math"
	"regexp"
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
)

// TestPassphraseWordList: enough distinct words, each easy to spell (lower
// case letters without accents, 3 to 10 of them).
func TestPassphraseWordList(t *testing.T) {
	words := PassphraseWordList()
	seen := map[string]bool{}
	plain := regexp.MustCompile(`^[a-z]{3,10}$`)
	for _, w := range words {
		if !plain.MatchString(w) {
			t.Errorf("word %q: want 3 to 10 lower-case letters without accents", w)
		}
		if seen[w] {
			t.Errorf("word %q twice", w)
		}
		seen[w] = true
	}
	// The entropy stated in NewPassphrase's comment.
	bits := PassphraseWords*math.Log2(float64(len(words))) + math.Log2(90)
	if len(words) != 577 || bits < 43 {
		t.Errorf("%d words, %.1f bits: update the comment of NewPassphrase", len(words), bits)
	}
}

// TestNewPassphrase: four words of the list and a two-digit number, which
// the password rule accepts, different from one draw to the next.
func TestNewPassphrase(t *testing.T) {
	list := map[string]bool{}
	for _, w := range PassphraseWordList() {
		list[w] = true
	}
	seen := map[string]bool{}
	for range 200 {
		p, err := NewPassphrase()
		if err != nil {
			t.Fatal(err)
		}
		parts := strings.Split(p, " ")
		if len(parts) != PassphraseWords+1 {
			t.Fatalf("%q: want %d words and a number", p, PassphraseWords)
		}
		for _, w := range parts[:PassphraseWords] {
			if !list[w] {
				t.Errorf("%q: %q is not in the list", p, w)
			}
		}
		if !regexp.MustCompile(`^[1-9][0-9]$`).MatchString(parts[PassphraseWords]) {
			t.Errorf("%q: want a two-digit number last", p)
		}
		fe := clts.FieldErrors{}
		clts.ValidatePassword(fe, "nouveau", p)
		if len(fe) > 0 {
			t.Errorf("%q refused: %v", p, fe)
		}
		seen[p] = true
	}
	if len(seen) < 190 {
		t.Errorf("only %d distinct passphrases in 200 draws", len(seen))
	}
}

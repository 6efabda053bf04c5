package components

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Elide joins a short French word and the word after it, eliding the
// first before a vowel sound: Elide("de", "Amélie") is "d'Amélie",
// Elide("que", "Hugo") "qu'Hugo", Elide("de", "Bernard") "de Bernard".
// Words other than de, que, le, la, je, ne, se and jusque are joined with
// a space. Names and months come from the data, so the phrase is built
// here rather than written in a template.
func Elide(word, next string) string {
	if elides(word) && vowelSound(next) {
		return word[:len(word)-1] + "'" + next
	}
	return word + " " + next
}

// De is Elide("de", next): "d'avril", "de mai".
func De(next string) string { return Elide("de", next) }

// Que is Elide("que", next): "qu'Amélie", "que Bernard".
func Que(next string) string { return Elide("que", next) }

func elides(word string) bool {
	switch strings.ToLower(word) {
	case "de", "que", "le", "la", "je", "ne", "se", "jusque":
		return true
	}
	return false
}

// vowelSound reports whether s starts with a vowel sound: a vowel, accented
// or not; an h before a vowel (names: Hélène, Hugo, as usage has it); a y
// before a consonant (Yves, not Yann).
func vowelSound(s string) bool {
	s = strings.TrimLeftFunc(s, func(r rune) bool { return r == '«' || unicode.IsSpace(r) })
	r, n := utf8.DecodeRuneInString(s)
	if r == utf8.RuneError {
		return false
	}
	r = unicode.ToLower(r)
	next, _ := utf8.DecodeRuneInString(s[n:])
	next = unicode.ToLower(next)
	switch {
	case isVowel(r):
		return true
	case r == 'h':
		return isVowel(next) || next == 'y'
	case r == 'y':
		return next != utf8.RuneError && unicode.IsLetter(next) && !isVowel(next)
	}
	return false
}

func isVowel(r rune) bool {
	return strings.ContainsRune("aeiouàâäéèêëîïôöùûüœæ", r)
}

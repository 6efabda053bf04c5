package server

import "github.com/portail-clts/clts/internal/auth"

// suggestPassphrase is a fresh passphrase of common French words
// (auth.NewPassphrase) for the pages where a person chooses a password,
// which they may copy, write down or print on their access sheet. It is
// never stored; "" (no suggestion shown) if the system's randomness fails.
func suggestPassphrase() string {
	p, err := auth.NewPassphrase()
	if err != nil {
		return ""
	}
	return p
}

package auth

import "github.com/portail-clts/clts/internal/clts"

// EasyMode reports whether the easy interface (mode facile) is on for a
// person: their own choice once they made one; until then, on for a
// supported person of the committee of the page, off for everyone else.
// The easy mode hides nothing: it orders and words the same pages
// differently.
func EasyMode(choice *bool, role clts.Role) bool {
	if choice != nil {
		return *choice
	}
	return role == clts.RoleAccompagne
}

package demo

import (
	"os"
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/auth"
)

// TestREADMEShowsTheDemoKey: a newcomer types the key of the README in an
// authenticator application; it must be the demo pilot's.
func TestREADMEShowsTheDemoKey(t *testing.T) {
	readme, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	if key := auth.GroupedSecret(SecondFactorSecret); !strings.Contains(string(readme), "`"+key+"`") {
		t.Errorf("the README does not show the demo key %q", key)
	}
	if _, err := auth.TOTPKey(SecondFactorSecret, SecondFactorLogin); err != nil {
		t.Errorf("the demo key is no TOTP key: %v", err)
	}
}

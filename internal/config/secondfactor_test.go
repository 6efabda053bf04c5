package config

import (
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
)

func TestSecondFactorRequiredDefaultsToOperatorsHCTSAndPilots(t *testing.T) {
	c, err := FromEnv(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	r := c.SecondFactorRequired
	if !r.Operator || !r.HCTS || len(r.Roles) != 1 || r.Roles[0] != clts.RolePilote {
		t.Errorf("default TOTP_REQUIRED = %+v, want operator, hcts, pilote", r)
	}
	c, err = FromEnv(func(k string) string {
		if k == "TOTP_REQUIRED" {
			return "none"
		}
		return ""
	})
	if err != nil || c.SecondFactorRequired.Any() {
		t.Errorf("TOTP_REQUIRED=none: %+v, %v", c.SecondFactorRequired, err)
	}
	_, err = FromEnv(func(k string) string {
		if k == "TOTP_REQUIRED" {
			return "pilote,chef"
		}
		return ""
	})
	if err == nil || !strings.Contains(err.Error(), "TOTP_REQUIRED") {
		t.Errorf("a bad TOTP_REQUIRED is accepted: %v", err)
	}
}

package config

import (
	"strings"
	"testing"
	"time"
)

func TestFromEnvDefaults(t *testing.T) {
	c, err := FromEnv(func(string) string { return "" })
	if err != nil {
		t.Fatal(err)
	}
	if c.ListenAddr != "127.0.0.1:8080" || c.BaseURL.String() != "http://127.0.0.1:8080" {
		t.Errorf("listen %q base %q", c.ListenAddr, c.BaseURL)
	}
	if !c.MigrateOnStart || c.RequestTimeout != 30*time.Second || c.Secure() {
		t.Errorf("defaults = %+v", c)
	}
}

func TestFromEnvReportsEveryBadValue(t *testing.T) {
	env := map[string]string{
		"LISTEN_ADDR":      "8080",
		"BASE_URL":         "ftp://x",
		"LOG_LEVEL":        "bavard",
		"LOG_FORMAT":       "xml",
		"MIGRATE_ON_START": "peut-être",
		"REQUEST_TIMEOUT":  "longtemps",
		"MAX_BODY_BYTES":   "-3",
		"UPLOAD_MAX_BYTES": "soixante",
	}
	_, err := FromEnv(func(k string) string { return env[k] })
	if err == nil {
		t.Fatal("no error")
	}
	for k := range env {
		if !strings.Contains(err.Error(), k) {
			t.Errorf("error does not name %s:\n%v", k, err)
		}
	}
}

func TestMigrationsURLDefaultsToDatabaseURL(t *testing.T) {
	env := map[string]string{"DATABASE_URL": "postgres://a/b", "BASE_URL": "https://clts.example.fr/"}
	c, err := FromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.MigrationsDatabaseURL != "postgres://a/b" {
		t.Errorf("MigrationsDatabaseURL = %q", c.MigrationsDatabaseURL)
	}
	if !c.Secure() || c.BaseURL.String() != "https://clts.example.fr" {
		t.Errorf("base %q secure %v", c.BaseURL, c.Secure())
	}
}

// TestShutdownDrain: five seconds by default, zero allowed (tests, make
// run), a negative or malformed value refused.
func TestShutdownDrain(t *testing.T) {
	for _, tc := range []struct {
		value string
		want  time.Duration
		bad   bool
	}{
		{"", 5 * time.Second, false},
		{"0", 0, false},
		{"0s", 0, false},
		{"750ms", 750 * time.Millisecond, false},
		{"-1s", 0, true},
		{"bientôt", 0, true},
	} {
		c, err := FromEnv(func(k string) string {
			if k == "SHUTDOWN_DRAIN" {
				return tc.value
			}
			return ""
		})
		if tc.bad {
			if err == nil || !strings.Contains(err.Error(), "SHUTDOWN_DRAIN") {
				t.Errorf("SHUTDOWN_DRAIN=%q: error %v, want one naming the variable", tc.value, err)
			}
			continue
		}
		if err != nil || c.ShutdownDrain != tc.want {
			t.Errorf("SHUTDOWN_DRAIN=%q: %v, %v; want %v", tc.value, c.ShutdownDrain, err, tc.want)
		}
	}
}

package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/pgtest"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// syncBuffer is a bytes.Buffer safe for the server's goroutines.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

func runCmd(t *testing.T, env map[string]string, args ...string) (string, string, error) {
	t.Helper()
	var out, errOut syncBuffer
	err := run(context.Background(), args, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errOut)
	return out.String(), errOut.String(), err
}

func TestRunCommands(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		env     map[string]string
		args    []string
		wantErr string
		wantOut string
	}{
		{"Version", nil, []string{"version"}, "", "clts dev"},
		{"NoCommand", nil, nil, "commande manquante", ""},
		{"UnknownCommand", nil, []string{"envoler"}, `commande inconnue "envoler"`, ""},
		{"ServeWithoutDatabase", nil, []string{"serve"}, "DATABASE_URL n'est pas défini", ""},
		{"MigrateWithoutAction", map[string]string{"DATABASE_URL": "postgres://x/y"}, []string{"migrate"}, "migrate attend une action", ""},
		{"MigrateUnknownAction", map[string]string{"DATABASE_URL": "postgres://x/y"}, []string{"migrate", "sideways"}, "action inconnue", ""},
		{"BadConfig", map[string]string{"DATABASE_URL": "postgres://x/y", "LISTEN_ADDR": "nulle-part", "LOG_LEVEL": "bavard"}, []string{"serve"}, "LISTEN_ADDR", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, _, err := runCmd(t, tt.env, tt.args...)
			if tt.wantErr == "" && err != nil {
				t.Fatalf("error %v", err)
			}
			if tt.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tt.wantErr)) {
				t.Fatalf("error %v, want %q", err, tt.wantErr)
			}
			if !strings.Contains(out, tt.wantOut) {
				t.Errorf("output %q, want %q", out, tt.wantOut)
			}
		})
	}
}

func TestHelpListsEnvironment(t *testing.T) {
	t.Parallel()
	for _, cmd := range []string{"serve", "dev", "migrate", "demo"} {
		_, errOut, err := runCmd(t, nil, cmd, "--help")
		if !errors.Is(err, flag.ErrHelp) {
			t.Errorf("%s --help: error %v", cmd, err)
		}
		if cmd != "migrate" && !strings.Contains(errOut, "DATABASE_URL") {
			t.Errorf("%s --help does not document DATABASE_URL:\n%s", cmd, errOut)
		}
	}
}

// TestServeMigratesAndAnswers starts `clts serve` on a fresh database: it
// applies the migrations, answers, and stops when its context ends.
func TestServeMigratesAndAnswers(t *testing.T) {
	t.Parallel()
	db := pgtest.NewEmpty(t)
	env := map[string]string{
		"DATABASE_URL":            db.AppURL,
		"MIGRATIONS_DATABASE_URL": db.OwnerURL,
		"LISTEN_ADDR":             "127.0.0.1:0",
		"SHUTDOWN_DRAIN":          "0",
	}
	if _, _, err := runCmd(t, env, "migrate", "status"); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	done := make(chan error, 1)
	go func() {
		done <- run(ctx, []string{"serve"}, func(k string) string { return env[k] }, strings.NewReader(""), &out, &errOut)
	}()
	addr := waitFor(t, &errOut, regexp.MustCompile(`addr=(127\.0\.0\.1:\d+)`), done)
	res, err := http.Get("http://" + addr + "/readyz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Errorf("GET /readyz = %d", res.StatusCode)
	}
	if !strings.Contains(out.String(), "00001_foundation.sql") {
		t.Errorf("serve did not report the migrations it applied:\n%s", out.String())
	}
	cancel()
	if err := <-done; err != nil {
		t.Fatalf("serve returned %v after shutdown", err)
	}

	// Demo data loads twice without error and without duplicates.
	var practices [2]int
	for i := 0; i < 2; i++ {
		if _, _, err := runCmd(t, env, "demo"); err != nil {
			t.Fatalf("demo run %d: %v", i+1, err)
		}
		practices[i] = demoPractices(t, db.AppURL)
	}
	if practices[0] == 0 || practices[1] != practices[0] {
		t.Errorf("37-41's practices after each demo run: %v, want the same, not none", practices)
	}
	got, err := db2Committees(t, db.AppURL)
	if err != nil || got != 2 {
		t.Fatalf("after two demo runs, %d committees (%v), want 2", got, err)
	}
}

func TestServeRefusesOwnerRole(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	env := map[string]string{"DATABASE_URL": db.OwnerURL, "LISTEN_ADDR": "127.0.0.1:0"}
	_, _, err := runCmd(t, env, "serve")
	if err == nil || !strings.Contains(err.Error(), "row-level security") {
		t.Fatalf("serve as the owner: %v, want a refusal", err)
	}
}

func waitFor(t *testing.T, buf *syncBuffer, re *regexp.Regexp, done chan error) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if m := re.FindStringSubmatch(buf.String()); m != nil {
			return m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("serve stopped early: %v\n%s", err, buf.String())
		case <-time.After(20 * time.Millisecond):
		}
	}
	t.Fatalf("no %s in:\n%s", re, buf.String())
	return ""
}

package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/config"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// testParams keep argon2id cheap in tests; production uses auth.OWASPParams.
var testParams = auth.Params{Memory: 64, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}

// testConfig returns the configuration the tests run with.
func testConfig(t testing.TB, env map[string]string) config.Config {
	t.Helper()
	cfg, err := config.FromEnv(func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	cfg.PasswordParams = testParams
	// Tests sign in with one step unless they name who needs a second
	// factor (clts serve asks operators, HCTS staff and pilots).
	if _, set := env["TOTP_REQUIRED"]; !set {
		cfg.SecondFactorRequired = auth.SecondFactorRoles{}
	}
	return cfg
}

// newTestServer starts the portal on a fresh database and returns its URL.
func newTestServer(t *testing.T, env map[string]string) (*Server, *httptest.Server) {
	t.Helper()
	db := pgtest.New(t)
	return newTestServerDB(t, env, db.App)
}

func newTestServerDB(t testing.TB, env map[string]string, db *postgres.DB) (*Server, *httptest.Server) {
	t.Helper()
	s, err := New(testConfig(t, env), db, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return s, ts
}

// get sends a GET with optional headers and returns the response, body read.
func get(t *testing.T, u string, headers ...string) (*http.Response, string) {
	t.Helper()
	return do(t, http.MethodGet, u, nil, headers...)
}

func do(t *testing.T, method, u string, body io.Reader, headers ...string) (*http.Response, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	req, err := http.NewRequestWithContext(ctx, method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(headers); i += 2 {
		req.Header.Set(headers[i], headers[i+1])
	}
	res, err := http.DefaultTransport.RoundTrip(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return res, string(b)
}

// parse parses an HTML body for goquery assertions.
func parse(t *testing.T, body string) *goquery.Document {
	t.Helper()
	doc, err := goquery.NewDocumentFromReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func mustURL(t *testing.T, s string) *url.URL {
	t.Helper()
	u, err := url.Parse(s)
	if err != nil {
		t.Fatal(err)
	}
	return u
}

func configFrom(env map[string]string) (config.Config, error) {
	return config.FromEnv(func(k string) string { return env[k] })
}

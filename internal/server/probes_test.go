package server

import (
	"bytes"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/portail-clts/clts/internal/pgtest"
)

// syncBuffer is a bytes.Buffer the server's goroutines may share.
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

// newLoggedTestServer is newTestServer with the log kept in a buffer.
func newLoggedTestServer(t *testing.T, env map[string]string) (*httptest.Server, *syncBuffer) {
	t.Helper()
	db := pgtest.New(t)
	var log syncBuffer
	s, err := New(testConfig(t, env), db.App, slog.New(slog.NewTextHandler(&log, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(s.Handler())
	t.Cleanup(ts.Close)
	return ts, &log
}

// TestProbesSkipTheMiddleware: load balancers ask several times a second,
// so GET and HEAD of /healthz and /readyz are answered before the portal's
// middleware: no access log line, no compression, no session cookie, and
// of the security headers only nosniff, all a plain-text answer needs.
// Their other methods, and unknown paths, still get the French pages
// through the whole stack.
func TestProbesSkipTheMiddleware(t *testing.T) {
	t.Parallel()
	ts, log := newLoggedTestServer(t, nil)
	for _, path := range []string{"/healthz", "/readyz"} {
		for _, method := range []string{http.MethodGet, http.MethodHead} {
			res, body := do(t, method, ts.URL+path, nil, "Accept-Encoding", "gzip")
			if res.StatusCode != http.StatusOK {
				t.Errorf("%s %s = %d %q, want 200", method, path, res.StatusCode, body)
			}
			if method == http.MethodHead && body != "" {
				t.Errorf("HEAD %s answered a body %q", path, body)
			}
			for k, want := range map[string]string{
				"Content-Type":            "text/plain; charset=utf-8",
				"Cache-Control":           "no-store",
				"X-Content-Type-Options":  "nosniff",
				"Content-Encoding":        "",
				"Set-Cookie":              "",
				"Content-Security-Policy": "",
			} {
				if got := res.Header.Get(k); got != want {
					t.Errorf("%s %s: %s = %q, want %q", method, path, k, got, want)
				}
			}
		}
	}
	if l := log.String(); strings.Contains(l, "path=/healthz") || strings.Contains(l, "path=/readyz") {
		t.Errorf("the probes wrote access log lines:\n%s", l)
	}

	res, body := do(t, http.MethodPost, ts.URL+"/healthz", strings.NewReader(""))
	if res.StatusCode != http.StatusMethodNotAllowed || !strings.Contains(body, "Action non permise") ||
		res.Header.Get("Content-Security-Policy") == "" {
		t.Errorf("POST /healthz = %d (CSP %q), want the French 405 page with the security headers", res.StatusCode, res.Header.Get("Content-Security-Policy"))
	}
	if res, _ := get(t, ts.URL+"/healthz/"); res.StatusCode != http.StatusNotFound {
		t.Errorf("GET /healthz/ = %d, want the 404 page", res.StatusCode)
	}
	if l := log.String(); !strings.Contains(l, "method=POST path=/healthz status=405") {
		t.Errorf("the probe's 405 went unlogged:\n%s", l)
	}
}

// TestHeadersTooLargeAreFrench (defect 4): a request whose headers are too
// large, such as a browser's cookies piled up, gets the French 431 page,
// not Go's English plain text. Go's own bound stays higher, for requests
// no browser sends (see serverMaxHeaderBytes).
func TestHeadersTooLargeAreFrench(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t, nil)
	cookie := "miettes=" + strings.Repeat("a", maxHeaderBytes)
	res, body := get(t, ts.URL+"/", "Cookie", cookie)
	if res.StatusCode != http.StatusRequestHeaderFieldsTooLarge {
		t.Fatalf("GET / with %d bytes of cookies = %d, want 431", len(cookie), res.StatusCode)
	}
	doc := parse(t, body)
	if lang, _ := doc.Find("html").Attr("lang"); lang != "fr" || !strings.Contains(doc.Find("h1").Text(), "Demande trop volumineuse") ||
		!strings.Contains(body, "Effacez les cookies") {
		t.Errorf("431 page is not the French page:\n%.500s", body)
	}
	// Within the bound, the same request is served.
	if res, _ := get(t, ts.URL+"/", "Cookie", "miettes="+strings.Repeat("a", 4096)); res.StatusCode != http.StatusOK {
		t.Errorf("GET / with 4 KiB of cookies = %d, want 200", res.StatusCode)
	}
	if serverMaxHeaderBytes <= maxHeaderBytes {
		t.Errorf("http.Server's bound (%d) must stay above the portal's (%d), or Go's English 431 answers first", serverMaxHeaderBytes, maxHeaderBytes)
	}
}

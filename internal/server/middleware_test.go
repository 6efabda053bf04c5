package server

import (
	"compress/gzip"
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestSecurityHeaders(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t, nil)
	_, home := get(t, ts.URL+"/")
	css, _ := parse(t, home).Find(`link[rel="stylesheet"]`).Attr("href")
	// The probes carry nosniff alone (TestProbesSkipTheMiddleware).
	for _, path := range []string{"/", "/introuvable", css} {
		res, _ := get(t, ts.URL+path)
		want := map[string]string{
			"X-Content-Type-Options": "nosniff",
			"Referrer-Policy":        "same-origin",
			"X-Frame-Options":        "DENY",
		}
		for k, v := range want {
			if got := res.Header.Get(k); got != v {
				t.Errorf("%s: %s = %q, want %q", path, k, got, v)
			}
		}
		csp := res.Header.Get("Content-Security-Policy")
		for _, d := range []string{"default-src 'self'", "script-src 'self'", "frame-ancestors 'none'", "object-src 'none'"} {
			if !strings.Contains(csp, d) {
				t.Errorf("%s: CSP %q lacks %q", path, csp, d)
			}
		}
		if strings.Contains(csp, "unsafe-inline") || strings.Contains(csp, "unsafe-eval") {
			t.Errorf("%s: CSP allows inline or eval: %q", path, csp)
		}
		if hsts := res.Header.Get("Strict-Transport-Security"); hsts != "" {
			t.Errorf("%s: HSTS %q on an http base URL", path, hsts)
		}
	}
}

func TestHSTSWhenBaseURLIsHTTPS(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t, map[string]string{"BASE_URL": "https://clts.example.fr"})
	res, _ := get(t, ts.URL+"/")
	if got := res.Header.Get("Strict-Transport-Security"); !strings.HasPrefix(got, "max-age=") {
		t.Errorf("Strict-Transport-Security = %q, want max-age", got)
	}
}

func TestStaticAssetsAreFingerprintedAndCached(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t, nil)
	_, home := get(t, ts.URL+"/")
	css, ok := parse(t, home).Find(`link[rel="stylesheet"]`).Attr("href")
	if !ok || !strings.HasPrefix(css, "/static/css/app.") || len(css) != len("/static/css/app.")+12+len(".css") {
		t.Fatalf("stylesheet URL %q is not fingerprinted", css)
	}
	res, body := get(t, ts.URL+css)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s = %d", css, res.StatusCode)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=31536000, immutable" {
		t.Errorf("Cache-Control = %q", cc)
	}
	if ct := res.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/css") {
		t.Errorf("Content-Type = %q", ct)
	}
	if !strings.Contains(body, ":focus-visible") {
		t.Error("the stylesheet served is not ours")
	}
	etag := res.Header.Get("ETag")
	res, _ = get(t, ts.URL+css, "If-None-Match", etag)
	if res.StatusCode != http.StatusNotModified {
		t.Errorf("revalidation with ETag = %d, want 304", res.StatusCode)
	}
	res, _ = get(t, ts.URL+"/static/css/app.css")
	if res.StatusCode != http.StatusNotFound {
		t.Errorf("unfingerprinted URL = %d, want 404", res.StatusCode)
	}
}

func TestPagesAreCompressed(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t, nil)
	res, body := get(t, ts.URL+"/", "Accept-Encoding", "gzip")
	if res.Header.Get("Content-Encoding") != "gzip" {
		t.Fatalf("Content-Encoding = %q, want gzip", res.Header.Get("Content-Encoding"))
	}
	zr, err := gzip.NewReader(strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	html, err := io.ReadAll(zr)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(html), "<html lang=\"fr\">") {
		t.Error("decompressed body is not the home page")
	}
}

func TestBodySizeLimit(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t, map[string]string{"MAX_BODY_BYTES": "1024"})
	res, body := do(t, http.MethodPost, ts.URL+"/", strings.NewReader(strings.Repeat("a", 4096)),
		"Content-Type", "application/x-www-form-urlencoded")
	if res.StatusCode != http.StatusRequestEntityTooLarge {
		t.Fatalf("POST 4 KiB with a 1 KiB limit = %d, want 413", res.StatusCode)
	}
	assertErrorPage(t, res, body, 413, "Envoi trop volumineux")
}

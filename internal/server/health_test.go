package server

import (
	"net/http"
	"testing"
)

func TestHealthz(t *testing.T) {
	t.Parallel()
	_, ts := newTestServer(t, nil)
	res, body := get(t, ts.URL+"/healthz")
	if res.StatusCode != http.StatusOK || body != "ok\n" {
		t.Fatalf("GET /healthz = %d %q, want 200 ok", res.StatusCode, body)
	}
	if cc := res.Header.Get("Cache-Control"); cc != "no-store" {
		t.Errorf("Cache-Control = %q, want no-store", cc)
	}
}

// /readyz following the database down and back up is part of
// TestDatabaseOutageDrill (outage_test.go); with the sessions table locked,
// of TestSessionLookupHonoursTheDeadline (deadline_test.go).

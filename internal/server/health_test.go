package server

import (
	"context"
	"net/http"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/pgcluster"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
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

// TestReadyzFollowsTheDatabase stops the database under a running portal
// and starts it again: /readyz goes 503, then 200 without a restart.
func TestReadyzFollowsTheDatabase(t *testing.T) {
	t.Parallel()
	cluster := pgtest.NewCluster(t)
	ctx := context.Background()
	db, err := postgres.Open(ctx, cluster.URL(postgres.WebRole, "clts"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	_, ts := newTestServerDB(t, nil, db)

	if res, body := get(t, ts.URL+"/readyz"); res.StatusCode != http.StatusOK {
		t.Fatalf("with the database up: GET /readyz = %d %q, want 200", res.StatusCode, body)
	}
	if err := cluster.Stop(); err != nil {
		t.Fatal(err)
	}
	res, body := get(t, ts.URL+"/readyz")
	if res.StatusCode != http.StatusServiceUnavailable {
		t.Fatalf("with the database stopped: GET /readyz = %d %q, want 503", res.StatusCode, body)
	}
	if body != "database unavailable\n" {
		t.Errorf("503 body = %q, want a short message", body)
	}
	if res, _ := get(t, ts.URL+"/healthz"); res.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz with the database stopped = %d, want 200 (the process lives)", res.StatusCode)
	}

	restarted, err := pgcluster.Start(ctx, pgcluster.Options{Dir: cluster.Dir(), DieWithParent: true})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = restarted.Stop() })
	deadline := time.Now().Add(10 * time.Second)
	for {
		res, _ := get(t, ts.URL+"/readyz")
		if res.StatusCode == http.StatusOK {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("database back: GET /readyz still %d after 10s", res.StatusCode)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

package server

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/demo"
	"github.com/portail-clts/clts/internal/pgcluster"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// outageSettings are the dedicated cluster's settings, repeated at its
// restart (pgtest.StartCluster passes them on the command line).
var outageSettings = map[string]string{
	"fsync": "off", "synchronous_commit": "off", "full_page_writes": "off", "max_connections": "100",
}

// newOutagePortal runs the portal with the demo data on a cluster of its
// own, which the test may stop and start again.
func newOutagePortal(t *testing.T, env map[string]string) (*pgcluster.Cluster, *postgres.DB, string) {
	t.Helper()
	cluster := pgtest.NewCluster(t)
	ctx := context.Background()
	m, err := postgres.NewMigrator(cluster.URL(postgres.OwnerRole, "clts"))
	if err != nil {
		t.Fatal(err)
	}
	err = m.Up(ctx, io.Discard)
	_ = m.Close()
	if err != nil {
		t.Fatal(err)
	}
	db, err := postgres.Open(ctx, cluster.URL(postgres.WebRole, "clts"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(db.Close)
	if err := demo.Load(ctx, db, io.Discard); err != nil {
		t.Fatal(err)
	}
	_, ts := newTestServerDB(t, env, db)
	return cluster, db, ts.URL
}

// newInstitutionForm is the multipart form creating an institution named name.
func newInstitutionForm(name string) (body []byte, contentType string) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	_ = w.WriteField("nom", name)
	_ = w.WriteField("type", clts.KindPartenaire)
	_ = w.Close()
	return b.Bytes(), w.FormDataContentType()
}

// drillAnswer is one answer the portal gave during the drill.
type drillAnswer struct {
	what, body string
	status     int
	retryAfter string
	err        error
}

// TestDatabaseOutageDrill stops PostgreSQL under a running portal while a
// pilot reads pages and creates institutions, then starts it again:
// during the outage every answer is the French 503 page with Retry-After
// and /readyz says 503 within 2 s while /healthz stays 200; within 30 s of
// the restart the portal serves again by itself; and every creation the
// portal acknowledged with its 303 is in the database afterwards.
func TestDatabaseOutageDrill(t *testing.T) {
	t.Parallel()
	cluster, _, base := newOutagePortal(t, map[string]string{"REQUEST_TIMEOUT": "2s"})
	pilot := signInAt(t, base, "pilote")

	var (
		mu       sync.Mutex
		acked    []string
		answers  []drillAnswer
		stop     = make(chan struct{})
		workers  sync.WaitGroup
		sequence int
	)
	record := func(a drillAnswer) {
		mu.Lock()
		defer mu.Unlock()
		answers = append(answers, a)
	}
	// Two writers create institutions; a reader opens committee pages.
	for w := 0; w < 2; w++ {
		workers.Add(1)
		go func() {
			defer workers.Done()
			for {
				select {
				case <-stop:
					return
				default:
				}
				mu.Lock()
				sequence++
				name := "Institution de l'exercice " + strconv.Itoa(sequence)
				mu.Unlock()
				body, ct := newInstitutionForm(name)
				res, page, err := pilot.try(http.MethodPost, "/c/37-41/institutions/nouvelle", ct, body)
				if err == nil && res.StatusCode == http.StatusSeeOther {
					mu.Lock()
					acked = append(acked, name)
					mu.Unlock()
					continue
				}
				a := drillAnswer{what: "POST " + name, body: page, err: err}
				if res != nil {
					a.status, a.retryAfter = res.StatusCode, res.Header.Get("Retry-After")
				}
				record(a)
				time.Sleep(20 * time.Millisecond)
			}
		}()
	}
	workers.Add(1)
	go func() {
		defer workers.Done()
		for {
			select {
			case <-stop:
				return
			default:
			}
			res, page, err := pilot.try(http.MethodGet, "/c/37-41/institutions", "", nil)
			if err != nil || res.StatusCode != http.StatusOK {
				a := drillAnswer{what: "GET /c/37-41/institutions", body: page, err: err}
				if res != nil {
					a.status, a.retryAfter = res.StatusCode, res.Header.Get("Retry-After")
				}
				record(a)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}()
	ackedNow := func() int {
		mu.Lock()
		defer mu.Unlock()
		return len(acked)
	}
	waitAcked := func(n int, within time.Duration) {
		for deadline := time.Now().Add(within); ackedNow() < n; time.Sleep(20 * time.Millisecond) {
			if time.Now().After(deadline) {
				t.Fatalf("only %d creations acknowledged, want %d", ackedNow(), n)
			}
		}
	}
	waitAcked(3, 10*time.Second)

	// The outage.
	if err := cluster.Stop(); err != nil {
		t.Fatal(err)
	}
	stopped := time.Now()
	ackedBefore := ackedNow()
	for {
		start := time.Now()
		res, body := get(t, base+"/readyz")
		if took := time.Since(start); took > 2500*time.Millisecond {
			t.Errorf("GET /readyz took %v with the database down, want at most its 2 s bound", took)
		}
		if res.StatusCode == http.StatusServiceUnavailable {
			if body != "database unavailable\n" {
				t.Errorf("/readyz 503 body = %q", body)
			}
			break
		}
		if time.Since(stopped) > 2*time.Second {
			t.Fatalf("/readyz still %d 2 s after the database stopped", res.StatusCode)
		}
		time.Sleep(50 * time.Millisecond)
	}
	if res, _ := get(t, base+"/healthz"); res.StatusCode != http.StatusOK {
		t.Errorf("GET /healthz with the database down = %d, want 200 (the process lives)", res.StatusCode)
	}
	res, page, err := pilot.try(http.MethodGet, "/c/37-41/", "", nil)
	if err != nil {
		t.Fatal(err)
	}
	assertUnavailablePage(t, "signed-in page, database down", res, page)
	time.Sleep(time.Second)

	// The database comes back; the portal serves again by itself.
	restarted, err := pgcluster.Start(context.Background(), pgcluster.Options{Dir: cluster.Dir(), DieWithParent: true, Settings: outageSettings})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = restarted.Stop() })
	back := time.Now()
	for {
		res, _, err := pilot.try(http.MethodGet, "/c/37-41/", "", nil)
		ready, _ := get(t, base+"/readyz")
		if err == nil && res.StatusCode == http.StatusOK && ready.StatusCode == http.StatusOK {
			break
		}
		if time.Since(back) > 30*time.Second {
			t.Fatalf("30 s after the database restarted: page %v %v, /readyz %d", res, err, ready.StatusCode)
		}
		time.Sleep(100 * time.Millisecond)
	}
	t.Logf("database down for %v; portal back %v after the restart", back.Sub(stopped).Round(time.Millisecond), time.Since(back).Round(time.Millisecond))
	waitAcked(ackedBefore+3, 10*time.Second)
	close(stop)
	workers.Wait()

	// Every failure was the French 503 page.
	outage := 0
	for _, a := range answers {
		if a.err != nil {
			t.Errorf("%s: %v, want an answer", a.what, a.err)
			continue
		}
		outage++
		if a.status != http.StatusServiceUnavailable || a.retryAfter == "" || !strings.Contains(a.body, "Portail momentanément indisponible") {
			t.Errorf("%s during the outage: %d (Retry-After %q), want the French 503 page\n%.300s", a.what, a.status, a.retryAfter, a.body)
		}
	}
	if outage == 0 {
		t.Error("no request met the outage: the drill proved nothing")
	}

	// Not one acknowledged creation is lost.
	conn, err := pgx.Connect(context.Background(), restarted.URL(postgres.OwnerRole, "clts"))
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close(context.Background())
	var present []string
	err = pgx.BeginFunc(context.Background(), conn, func(tx pgx.Tx) error {
		if _, err := tx.Exec(context.Background(),
			`SELECT set_config('clts.committee_id', (SELECT id::text FROM committees WHERE slug = '37-41'), true)`); err != nil {
			return err
		}
		rows, err := tx.Query(context.Background(), `SELECT name FROM institutions WHERE name LIKE 'Institution de l''exercice %'`)
		if err != nil {
			return err
		}
		present, err = pgx.CollectRows(rows, pgx.RowTo[string])
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	have := map[string]bool{}
	for _, n := range present {
		have[n] = true
	}
	lost := 0
	for _, n := range acked {
		if !have[n] {
			lost++
			t.Errorf("acknowledged with a 303 but absent after recovery: %q", n)
		}
	}
	t.Logf("%d creations acknowledged, %d rows present, %d lost; %d answers during the outage", len(acked), len(present), lost, outage)
}

// signInAt signs in as a demo login on the portal at base.
func signInAt(t *testing.T, base, login string) *client {
	t.Helper()
	jar, _ := cookiejar.New(nil)
	c := &client{t: t, base: base, http: &http.Client{
		Jar:           jar,
		Timeout:       20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
	res, body := c.post("/connexion", url.Values{"identifiant": {login}, "mot_de_passe": {demo.Password}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: %d\n%.300s", login, res.StatusCode, body)
	}
	return c
}

// try sends a request as c without failing the test on a transport error,
// for drills where the portal may be unreachable.
func (c *client) try(method, path, contentType string, body []byte) (*http.Response, string, error) {
	var r io.Reader
	if body != nil {
		r = bytes.NewReader(body)
	}
	req, err := http.NewRequest(method, c.base+path, r)
	if err != nil {
		return nil, "", err
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	res, err := c.http.Do(req)
	if err != nil {
		return nil, "", err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return res, "", fmt.Errorf("reading the answer: %w", err)
	}
	return res, string(b), nil
}

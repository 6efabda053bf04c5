package server

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"
)

// TestShutdownUnderLoad is the SIGTERM drill: signed-in people keep asking
// for pages while Serve's context is cancelled. /readyz answers 503 during
// the drain while pages are still served; then the listener closes, and
// every request that reached the portal, including those held in flight
// across the close, gets its whole page; Serve returns nil within the drain
// and the shutdown timeout.
func TestShutdownUnderLoad(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")

	// Requests entering the portal are counted by id; those marked "held"
	// wait until the listener has closed before going on.
	var (
		mu      sync.Mutex
		entered = map[string]bool{}
	)
	released := make(chan struct{})
	portal := f.srv.Handler()
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if id := r.Header.Get("X-Essai"); id != "" {
			mu.Lock()
			entered[id] = true
			mu.Unlock()
			if r.Header.Get("X-Retenue") != "" {
				<-released
			}
		}
		portal.ServeHTTP(w, r)
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	plan := f.srv.ShutdownPlan()
	plan.Drain, plan.Timeout = 400*time.Millisecond, 5*time.Second
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, ln, h, plan, slog.New(slog.NewTextHandler(io.Discard, nil))) }()

	type answer struct {
		id     string
		status int
		whole  bool
		err    error
	}
	var (
		answers []answer
		seq     int
		clients sync.WaitGroup
	)
	ask := func(held bool) answer {
		mu.Lock()
		seq++
		id := strconv.Itoa(seq)
		mu.Unlock()
		req, _ := http.NewRequest(http.MethodGet, base+"/c/37-41/reunions", nil)
		req.Header.Set("X-Essai", id)
		if held {
			req.Header.Set("X-Retenue", "oui")
		}
		res, err := pilot.http.Do(req)
		if err != nil {
			return answer{id: id, err: err}
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		return answer{id: id, status: res.StatusCode, whole: strings.Contains(string(b), "</html>"), err: err}
	}
	record := func(a answer) {
		mu.Lock()
		answers = append(answers, a)
		mu.Unlock()
	}
	// Four people keep asking until the portal is gone; four requests are
	// held in flight across the listener's close.
	for range 4 {
		clients.Add(1)
		go func() {
			defer clients.Done()
			// Until the closed listener refuses them.
			for {
				a := ask(false)
				record(a)
				if a.err != nil {
					return
				}
			}
		}()
	}
	for range 4 {
		clients.Add(1)
		go func() {
			defer clients.Done()
			record(ask(true))
		}()
	}
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(10 * time.Millisecond) {
		mu.Lock()
		n := len(entered)
		mu.Unlock()
		if n >= 12 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("only %d requests reached the portal", n)
		}
	}

	cancel()
	sigterm := time.Now()
	time.Sleep(100 * time.Millisecond)
	if res, body := get(t, base+"/readyz"); res.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("GET /readyz during the drain = %d %q, want 503", res.StatusCode, body)
	}
	if res, _ := (&client{t: t, base: base, http: pilot.http}).get("/c/37-41/"); res.StatusCode != http.StatusOK {
		t.Errorf("a page during the drain = %d, want 200", res.StatusCode)
	}
	// Past the drain the listener closes; the held requests then finish.
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		c, err := net.DialTimeout("tcp", ln.Addr().String(), 200*time.Millisecond)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatal("the listener is still open 5 s after the drain")
		}
	}
	if closed := time.Since(sigterm); closed < plan.Drain {
		t.Errorf("the listener closed %v after the signal, before the %v drain", closed, plan.Drain)
	}
	time.Sleep(200 * time.Millisecond)
	close(released)

	select {
	case err := <-served:
		if err != nil {
			t.Errorf("Serve returned %v, want nil", err)
		}
	case <-time.After(plan.Drain + plan.Timeout):
		t.Fatal("Serve did not return within the drain and the shutdown timeout")
	}
	clients.Wait()

	ok := 0
	for _, a := range answers {
		mu.Lock()
		reached := entered[a.id]
		mu.Unlock()
		switch {
		case !reached:
			// Refused at the closed listener: never in flight.
		case a.err != nil || a.status != http.StatusOK || !a.whole:
			t.Errorf("request %s reached the portal but got %d (whole page %v, error %v)", a.id, a.status, a.whole, a.err)
		default:
			ok++
		}
	}
	t.Logf("%d requests answered in full, %d reached the portal", ok, len(entered))
}

package server

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"testing"
	"time"
)

// TestGracefulShutdown cancels the server while a request is in flight: the
// request completes, new connections are refused, Serve returns nil.
func TestGracefulShutdown(t *testing.T) {
	t.Parallel()
	started := make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		time.Sleep(500 * time.Millisecond)
		_, _ = w.Write([]byte("fini"))
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() {
		served <- Serve(ctx, ln, h, Shutdown{Timeout: 5 * time.Second}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	}()

	type result struct {
		status int
		body   string
		err    error
	}
	got := make(chan result, 1)
	go func() {
		res, err := http.Get("http://" + addr + "/lent")
		if err != nil {
			got <- result{err: err}
			return
		}
		defer res.Body.Close()
		b, err := io.ReadAll(res.Body)
		got <- result{res.StatusCode, string(b), err}
	}()
	<-started
	cancel()

	r := <-got
	if r.err != nil || r.status != http.StatusOK || r.body != "fini" {
		t.Fatalf("in-flight request during shutdown = %d %q %v, want 200 fini", r.status, r.body, r.err)
	}
	select {
	case err := <-served:
		if err != nil {
			t.Fatalf("Serve returned %v, want nil", err)
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve did not return after shutdown")
	}
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Error("the server still accepts connections after shutdown")
	}
}

// TestShutdownIsBounded: a request longer than the shutdown timeout does
// not hold the process forever.
func TestShutdownIsBounded(t *testing.T) {
	t.Parallel()
	started := make(chan struct{})
	release := make(chan struct{})
	defer close(release)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
	})
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() {
		served <- Serve(ctx, ln, h, Shutdown{Timeout: 200 * time.Millisecond}, slog.New(slog.NewTextHandler(io.Discard, nil)))
	}()
	go func() {
		if res, err := http.Get("http://" + ln.Addr().String() + "/"); err == nil {
			res.Body.Close()
		}
	}()
	<-started
	cancel()
	select {
	case err := <-served:
		if err == nil {
			t.Error("Serve returned nil although a request was cut off")
		}
	case <-time.After(5 * time.Second):
		t.Fatal("Serve waited past its shutdown timeout")
	}
}

// Command clts-bench is `make bench`: it measures the portal's main pages
// under load, side by side with a bare handler that runs the same SQL, on a
// private PostgreSQL cluster loaded with the national dataset, and writes
// the figures into docs/benchmarks.md. It is a development tool, outside
// the portal's binary and request path.
//
//	clts-bench run    the whole bench (what make bench runs)
//	clts-bench bare   the bare handler alone (run starts it as a child)
package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "clts-bench:", err)
		os.Exit(1)
	}
}

func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		args = []string{"run"}
	}
	switch args[0] {
	case "run":
		return runBench(ctx, args[1:], getenv, stdout, stderr)
	case "bare":
		return runBare(ctx, args[1:], stderr)
	case "ab":
		return runAB(ctx, args[1:], getenv, stdout, stderr)
	}
	return fmt.Errorf("unknown command %q: run, ab or bare", args[0])
}

package postgres

import (
	"context"
	"strings"
	"sync/atomic"

	"github.com/jackc/pgx/v5"
)

// queryCounter counts the queries run with a context that carries one, so
// tests and benchmarks can prove a page runs a constant number of queries.
type queryCounter struct{}

type counterKey struct{}

// WithQueryCounter returns a context whose queries are counted in n.
func WithQueryCounter(ctx context.Context, n *atomic.Int64) context.Context {
	return context.WithValue(ctx, counterKey{}, n)
}

// TraceQueryStart implements pgx.QueryTracer. It counts statements, not
// messages: the BEGIN of a unit of work carries the scope's settings in the
// same message and counts for two.
func (queryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, d pgx.TraceQueryStartData) context.Context {
	if n, ok := ctx.Value(counterKey{}).(*atomic.Int64); ok {
		if strings.HasPrefix(d.SQL, "BEGIN ") {
			n.Add(int64(strings.Count(d.SQL, "; ")))
		}
		n.Add(1)
	}
	return ctx
}

// TraceQueryEnd implements pgx.QueryTracer.
func (queryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// TraceBatchStart implements pgx.BatchTracer.
func (queryCounter) TraceBatchStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchStartData) context.Context {
	return ctx
}

// TraceBatchQuery implements pgx.BatchTracer: each statement of a batch
// counts, though the batch travels in one round trip.
func (queryCounter) TraceBatchQuery(ctx context.Context, _ *pgx.Conn, _ pgx.TraceBatchQueryData) {
	if n, ok := ctx.Value(counterKey{}).(*atomic.Int64); ok {
		n.Add(1)
	}
}

// TraceBatchEnd implements pgx.BatchTracer.
func (queryCounter) TraceBatchEnd(context.Context, *pgx.Conn, pgx.TraceBatchEndData) {}

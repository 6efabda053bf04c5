package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sort"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/postgres"
)

// benchCase is a page to measure.
type benchCase struct {
	name, path string
	cookies    []*http.Cookie // nil for pages served without a session
}

// benchPages measures each page through the whole handler stack and
// reports the median time per page and the queries each page runs.
func benchPages(b *testing.B, h http.Handler, cases []benchCase) {
	for _, bc := range cases {
		b.Run(bc.name, func(b *testing.B) {
			var durations []time.Duration
			var queries int64
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, bc.path, nil)
				for _, ck := range bc.cookies {
					req.AddCookie(ck)
				}
				var n atomic.Int64
				req = req.WithContext(postgres.WithQueryCounter(req.Context(), &n))
				rec := httptest.NewRecorder()
				start := time.Now()
				h.ServeHTTP(rec, req)
				durations = append(durations, time.Since(start))
				if rec.Code != http.StatusOK {
					b.Fatalf("GET %s = %d", bc.path, rec.Code)
				}
				queries = n.Load()
			}
			sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
			b.ReportMetric(float64(durations[len(durations)/2].Microseconds())/1000, "median-ms/page")
			b.ReportMetric(float64(queries), "queries/page")
		})
	}
}

// committeeConn opens a connection as the application role whose session
// works in committee slug, for bulk test data.
func (f *fixture) committeeConn(slug string) *pgx.Conn {
	f.t.Helper()
	ctx := context.Background()
	conn, err := pgx.Connect(ctx, f.db.AppURL)
	if err != nil {
		f.t.Fatal(err)
	}
	if _, err := conn.Exec(ctx, `SELECT set_config('clts.committee_id', $1, false)`, strconv.FormatInt(f.committees[slug], 10)); err != nil {
		f.t.Fatal(err)
	}
	return conn
}

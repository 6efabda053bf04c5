package server

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"sort"
	"sync/atomic"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/postgres"
)

// BenchmarkDirectoryPage renders directory pages of a committee of 5,000
// members through the whole handler stack (session, committee, policy,
// queries, templ), as the pilot. It reports the median time per page and
// the number of queries each page runs.
//
//	go test -run '^$' -bench DirectoryPage -benchtime 200x ./internal/server/
func BenchmarkDirectoryPage(b *testing.B) {
	f := newFixture(b)
	f.addMembers("37-41", 5000)
	c := f.login("pilote")
	u, _ := url.Parse(f.ts.URL)
	cookies := c.http.Jar.Cookies(u)
	h := f.srv.Handler()
	for _, bc := range []struct{ name, path string }{
		{"FirstPage", "/c/37-41/annuaire"},
		{"Page50", "/c/37-41/annuaire?page=50"},
		{"SearchSortedByRole", "/c/37-41/annuaire?q=membre+12&tri=role"},
		{"FilterDepartement", "/c/37-41/annuaire?departement=37&role=professionnel&page=10"},
	} {
		b.Run(bc.name, func(b *testing.B) {
			var durations []time.Duration
			var queries atomic.Int64
			for b.Loop() {
				req := httptest.NewRequest(http.MethodGet, bc.path, nil)
				for _, ck := range cookies {
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
				queries.Store(n.Load())
			}
			sort.Slice(durations, func(i, j int) bool { return durations[i] < durations[j] })
			b.ReportMetric(float64(durations[len(durations)/2].Microseconds())/1000, "median-ms/page")
			b.ReportMetric(float64(queries.Load()), "queries/page")
		})
	}
}

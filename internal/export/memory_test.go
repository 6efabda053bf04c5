package export

import (
	"io"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
)

// generated gives n contributions made on the fly, like rows iterated
// from PostgreSQL, and records the live heap after rows 10,000 and n
// (unless heap is nil).
func generated(n int, heap map[int]uint64) Each {
	body := strings.Repeat("Un texte de contribution, des accents : é è à ç. ", 20)
	at := time.Date(2026, 11, 5, 10, 0, 0, 0, time.UTC)
	return func(fn func(*clts.Contribution) error) error {
		for i := 1; i <= n; i++ {
			cat := clts.Categories[(i-1)*len(clts.Categories)/n]
			c := &clts.Contribution{CommitteeSlug: "c" + strconv.Itoa(i%100), CommitteeName: "Comité " + strconv.Itoa(i%100),
				Departements: []string{"37"}, ID: int64(i), CampaignYear: 2026, Category: cat, Edition: 1,
				Title: "Contribution " + strconv.Itoa(i), Body: body, PublicAuthors: "Élodie Durand", TransmittedAt: &at}
			if err := fn(c); err != nil {
				return err
			}
			if heap != nil && (i == 10000 || i == n) {
				runtime.GC()
				var m runtime.MemStats
				runtime.ReadMemStats(&m)
				heap[i] = m.HeapAlloc
			}
		}
		return nil
	}
}

// TestExportMemoryFlat: no writer keeps a row: the live heap after
// 100,000 rows is about what it was after 10,000, and small. The XLSX
// is held to the same bound as the others: its writer is our own
// (xlsxbook.go) because excelize's stream writer kept 16 MB per sheet
// until the end (qax-os/excelize#1927), 126 MB after 100,000 rows.
func TestExportMemoryFlat(t *testing.T) {
	if testing.Short() {
		t.Skip("writes 300,000 rows")
	}
	for _, w := range []struct {
		name  string
		write func(io.Writer, Each) (int, error)
	}{
		{"csv", WriteCSV},
		{"json", func(w io.Writer, e Each) (int, error) { return WriteJSON(w, Filter{}, time.Now(), e) }},
		{"xlsx", func(w io.Writer, e Each) (int, error) { return WriteXLSX(w, Filter{}, nil, e) }},
	} {
		heap := map[int]uint64{}
		n, err := w.write(io.Discard, generated(100000, heap))
		if err != nil || n != 100000 {
			t.Fatalf("%s: %d rows, %v", w.name, n, err)
		}
		grown := int64(heap[100000]) - int64(heap[10000])
		t.Logf("%s: live heap %.1f MB after 10,000 rows, %.1f MB after 100,000", w.name, float64(heap[10000])/1e6, float64(heap[100000])/1e6)
		if grown > 8<<20 {
			t.Errorf("%s: the live heap grew by %d bytes between 10,000 and 100,000 rows", w.name, grown)
		}
		if heap[100000] > 16<<20 {
			t.Errorf("%s: live heap %d bytes after 100,000 rows, over 16 MB", w.name, heap[100000])
		}
	}
}

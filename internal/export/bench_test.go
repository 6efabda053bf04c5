package export

import (
	"io"
	"testing"
)

// The exports' rates on 100,000 generated rows (a 1 kB text each, made as
// they are written, like rows read from PostgreSQL), written to io.Discard; docs/exports.md gives the figures:
//
//	go test -run '^$' -bench 'Export' -benchtime 3x ./internal/export
func benchmarkExport(b *testing.B, write func(io.Writer, Each) (int, error)) {
	const rows = 100000
	for b.Loop() {
		if n, err := write(io.Discard, generated(rows, nil)); err != nil || n != rows {
			b.Fatalf("%d rows, %v", n, err)
		}
	}
	b.ReportMetric(float64(rows*b.N)/b.Elapsed().Seconds(), "rows/s")
}

func BenchmarkExportXLSX(b *testing.B) {
	benchmarkExport(b, func(w io.Writer, e Each) (int, error) { return WriteXLSX(w, Filter{}, nil, e) })
}

func BenchmarkExportCSV(b *testing.B) { benchmarkExport(b, WriteCSV) }

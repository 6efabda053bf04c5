package server

import (
	"strconv"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
)

// TestParseIDsManyBoxes: a form posted by hand with hundreds of thousands
// of distinct "checked" ids (a 10 MB body holds about 450,000) is refused
// next to its field at once, instead of costing the server minutes of CPU
// comparing each id with all the others — any member may post the
// contribution form, whose co-authors and practices are read this way.
func TestParseIDsManyBoxes(t *testing.T) {
	t.Parallel()
	values := make([]string, 300_000)
	for i := range values {
		values[i] = strconv.Itoa(i + 1)
	}
	fe := clts.FieldErrors{}
	start := time.Now()
	ids := parseIDs(values, fe, clts.FieldContributionCoauthors)
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("reading 300,000 ids took %v", d)
	}
	if fe[clts.FieldContributionCoauthors] == "" {
		t.Error("300,000 checked boxes are not refused next to their field")
	}
	if len(ids) > 10_000 {
		t.Errorf("%d ids kept, want no more than a form offers", len(ids))
	}
	// A few boxes, some twice, are read once each, in order.
	fe = clts.FieldErrors{}
	if got := parseIDs([]string{"3", "1", "3", "2"}, fe, "x"); len(fe) != 0 || len(got) != 3 || got[0] != 3 || got[1] != 1 || got[2] != 2 {
		t.Errorf("parseIDs(3 1 3 2) = %v, errors %v", got, fe)
	}
}

package server

import (
	"context"
	"strconv"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/postgres"
)

// setupDataRightsMatrix adds {exportID}: an archive of the pilot's data,
// prepared as the worker does, which only the pilot may download.
func setupDataRightsMatrix(t *testing.T, f *fixture, own, other map[string]string) {
	t.Helper()
	ctx := context.Background()
	var id int64
	f.write("", "pilote", func(tx *postgres.Tx) error {
		var err error
		id, err = tx.RequestDataExport(ctx)
		return err
	})
	if built, err := f.db.App.BuildNextDataExport(ctx, time.Now()); err != nil || !built {
		t.Fatalf("the pilot's archive: %v, %v", built, err)
	}
	own["exportID"], other["exportID"] = strconv.FormatInt(id, 10), strconv.FormatInt(id, 10)
}

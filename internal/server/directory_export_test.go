package server

import (
	"context"
	"encoding/csv"
	"errors"
	"net/http"
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestDirectoryExportStreamsEveryMember: the export, written row by row as
// the snapshot is read, holds every active member once, in the directory's
// order, and the export is in the audit log.
func TestDirectoryExportStreamsEveryMember(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	f.addMembers("37-41", 300)
	ctx := context.Background()
	var want []string
	f.read("37-41", "pilote", func(tx *postgres.Tx) error {
		profiles, _, err := tx.Directory(ctx, postgres.DirectoryFilter{PageSize: 1_000_000, ViewerID: -1})
		for _, p := range profiles {
			want = append(want, p.PublicView().Name)
		}
		return err
	})

	res, body := f.login("pilote").get("/c/37-41/annuaire/export.csv")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("export: %d", res.StatusCode)
	}
	cr := csv.NewReader(strings.NewReader(strings.TrimPrefix(body, "\ufeff")))
	cr.Comma = ';'
	records, err := cr.ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(records) != len(want)+1 || len(want) < 300 {
		t.Fatalf("%d rows for %d members, want a header and one row each", len(records), len(want))
	}
	for i, name := range want {
		if got := records[i+1][0]; got != name {
			t.Fatalf("row %d is %q, want %q as in the directory", i+1, got, name)
		}
	}
	if got := f.auditSubjects("export"); len(got) != 1 || got[0] != "annuaire" {
		t.Errorf("export audit entries %q, want one for the directory", got)
	}
}

// EachDirectoryEntry stops at the callback's first error and returns it.
func TestEachDirectoryEntryStopsAtTheFirstError(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	stop := errors.New("stop")
	calls := 0
	err := f.db.App.Snapshot(ctx, f.scope("37-41", "pilote"), func(tx *postgres.Tx) error {
		return tx.EachDirectoryEntry(ctx, postgres.DirectoryFilter{ViewerID: -1}, func(clts.Profile) error {
			if calls++; calls == 2 {
				return stop
			}
			return nil
		})
	})
	if !errors.Is(err, stop) || calls != 2 {
		t.Errorf("EachDirectoryEntry = %v after %d calls, want the callback's error after 2", err, calls)
	}
}

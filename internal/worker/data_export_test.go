package worker

import (
	"archive/zip"
	"bytes"
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/config"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestBuildDataExports: a requested archive is built by the worker, stored
// in chunks, served whole to its owner only, and purged after its
// retention.
func TestBuildDataExports(t *testing.T) {
	ctx := context.Background()
	db := pgtest.New(t)
	w := New(db.App, config.Config{}, slog.New(slog.DiscardHandler))
	var committee, me, other int64
	pgtest.MustWrite(t, db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		committee, err = tx.UpsertCommittee(ctx, clts.Committee{Slug: "a", Name: "Comité A", Departements: []string{"37"}})
		return err
	})
	pgtest.MustWrite(t, db.App, postgres.InCommittee(committee, 0), func(tx *postgres.Tx) error {
		for _, a := range []struct {
			id    *int64
			login string
		}{{&me, "moi"}, {&other, "autre"}} {
			var err error
			if *a.id, err = tx.CreateAccount(ctx, postgres.NewAccount{Login: a.login, DisplayName: "Personne " + a.login, PasswordHash: "x"}); err != nil {
				return err
			}
			if err := tx.AddMember(ctx, *a.id, clts.RoleProfessionnel); err != nil {
				return err
			}
		}
		return nil
	})
	// Hexadecimal digits of random bytes: compressed in the archive, still
	// more than two chunks.
	raw := make([]byte, 1_500_000)
	_, _ = rand.Read(raw)
	big := hex.EncodeToString(raw)
	pgtest.MustWrite(t, db.App, postgres.InCommittee(committee, me), func(tx *postgres.Tx) error {
		_, err := tx.CreateFile(ctx, "gros.txt", "text/plain", strings.NewReader(big), int64(len(big)))
		return err
	})
	var id int64
	pgtest.MustWrite(t, db.App, postgres.Scope{AccountID: me}, func(tx *postgres.Tx) error {
		var err error
		id, err = tx.RequestDataExport(ctx)
		return err
	})
	now := time.Now()
	n, err := w.buildDataExports(ctx, now)
	if err != nil || n != 1 {
		t.Fatalf("built %d, %v", n, err)
	}
	var buf bytes.Buffer
	pgtest.MustRead(t, db.App, postgres.Scope{AccountID: me}, func(tx *postgres.Tx) error {
		list, err := tx.MyDataExports(ctx)
		if err != nil || len(list) != 1 || list[0].ReadyAt == nil {
			t.Fatalf("exports: %+v, %v", list, err)
		}
		return tx.WriteDataExportArchive(ctx, id, &buf)
	})
	z, err := zip.NewReader(bytes.NewReader(buf.Bytes()), int64(buf.Len()))
	if err != nil {
		t.Fatalf("the stored archive does not open: %v", err)
	}
	found := false
	for _, f := range z.File {
		if strings.HasPrefix(f.Name, "comites/a/fichiers/") && f.UncompressedSize64 == uint64(len(big)) {
			found = true
		}
	}
	if !found {
		t.Error("the uploaded file is not whole in the archive")
	}
	err = db.App.Read(ctx, postgres.Scope{AccountID: other}, func(tx *postgres.Tx) error {
		return tx.WriteDataExportArchive(ctx, id, &bytes.Buffer{})
	})
	if clts.ErrorCode(err) != clts.ENOTFOUND {
		t.Errorf("another person reading the archive: %v", err)
	}
	if n, err := w.buildDataExports(ctx, now.Add(postgres.DataExportRetention+time.Hour)); err != nil || n != 0 {
		t.Fatalf("second run: %d, %v", n, err)
	}
	pgtest.MustRead(t, db.App, postgres.Scope{AccountID: me}, func(tx *postgres.Tx) error {
		list, err := tx.MyDataExports(ctx)
		if len(list) != 0 {
			t.Errorf("archive kept past its retention: %+v", list)
		}
		return err
	})
}

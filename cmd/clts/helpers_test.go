package main

import (
	"context"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

func db2Committees(t *testing.T, url string) (int, error) {
	t.Helper()
	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	var cs []clts.Committee
	err = db.Read(context.Background(), postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		cs, err = tx.Committees(context.Background())
		return err
	})
	return len(cs), err
}

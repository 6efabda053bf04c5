package main

import (
	"context"
	"testing"

	"github.com/portail-clts/clts/internal/postgres"
)

func db2Committees(t *testing.T, url string) (int, error) {
	t.Helper()
	db, err := postgres.Open(context.Background(), url)
	if err != nil {
		return 0, err
	}
	defer db.Close()
	cs, err := db.Committees(context.Background())
	return len(cs), err
}

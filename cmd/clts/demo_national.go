package main

import (
	"context"
	"fmt"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/demo"
)

// loadNational adds the national dataset through a connection that
// bypasses row-level security (COPY is refused under it).
func loadNational(ctx context.Context, adminURL string, e env) error {
	conn, err := pgx.Connect(ctx, adminURL)
	if err != nil {
		return fmt.Errorf("connexion --admin-url : %w", err)
	}
	defer conn.Close(ctx)
	return demo.LoadNational(ctx, conn, time.Now(), e.stdout)
}

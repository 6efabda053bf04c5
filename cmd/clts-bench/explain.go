package main

import (
	"context"
	"fmt"
	"net/url"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/pgcluster"
	"github.com/portail-clts/clts/internal/postgres"
)

// explained is one statement's EXPLAIN (ANALYZE, BUFFERS): its planning
// and execution times under row-level security (the application role) and
// without it (the superuser), in ms.
type explained struct {
	name               string
	planRLS, planNoRLS float64
	execRLS, execNoRLS float64
}

var (
	planningTime  = regexp.MustCompile(`^Planning Time: ([0-9.]+) ms`)
	executionTime = regexp.MustCompile(`^Execution Time: ([0-9.]+) ms`)
)

// explainPages runs the bare statements of each page under EXPLAIN
// (ANALYZE, BUFFERS), in the bare handler's frame and session settings, as
// the application role and as the superuser, twice (the second run is
// kept: caches are warm, as under load), writes the plans into
// DATA-DIR/explain/PAGE.txt and records each statement's execution time.
func (b *bench) explainPages(ctx context.Context, res *results) error {
	b.logf("EXPLAIN (ANALYZE, BUFFERS) des instructions du gestionnaire nu…")
	dir := filepath.Join(b.opts.dataDir, "explain")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	conns := map[string]*pgx.Conn{}
	for _, role := range []string{postgres.WebRole, pgcluster.Superuser} {
		cfg, err := poolConfig(b.url(role), b.opts.bareSQL)
		if err != nil {
			return err
		}
		if conns[role], err = pgx.ConnectConfig(ctx, cfg.ConnConfig); err != nil {
			return err
		}
		defer conns[role].Close(context.Background())
	}
	for i := range res.pages {
		pr := &res.pages[i]
		if pr.page.bare == "" {
			continue
		}
		u, err := url.Parse(pr.page.bare)
		if err != nil {
			return err
		}
		if strings.HasPrefix(u.Path, "practices/") {
			// The practice searches have their own bare handler
			// (bare_practices.go), which pageWork does not know.
			continue
		}
		wk, err := pageWork(b.opts.bareSQL, u.Path, u.Query())
		if err != nil {
			return err
		}
		var text strings.Builder
		times := map[string]map[string]float64{} // role → statement → execution time
		plans := map[string]map[string]float64{} // role → statement → planning time
		for _, role := range []string{postgres.WebRole, pgcluster.Superuser} {
			times[role], plans[role] = map[string]float64{}, map[string]float64{}
			for run := range 2 {
				err := runWork(ctx, conns[role], wk, func(ctx context.Context, tx pgx.Tx, st statement) error {
					rows, err := tx.Query(ctx, "EXPLAIN (ANALYZE, BUFFERS) "+st.sql, st.args...)
					if err != nil {
						return err
					}
					lines, err := pgx.CollectRows(rows, pgx.RowTo[string])
					if err != nil {
						return err
					}
					if run == 0 {
						return nil
					}
					fmt.Fprintf(&text, "-- %s, as %s (%s)\n%s\n\n", st.name, role, rlsLabel(role), strings.Join(lines, "\n"))
					for _, l := range lines {
						if m := executionTime.FindStringSubmatch(l); m != nil {
							times[role][st.name], _ = strconv.ParseFloat(m[1], 64)
						}
						if m := planningTime.FindStringSubmatch(l); m != nil {
							plans[role][st.name], _ = strconv.ParseFloat(m[1], 64)
						}
					}
					return nil
				})
				if err != nil {
					return fmt.Errorf("explain %s: %w", pr.page.name, err)
				}
			}
		}
		for _, st := range wk.statements {
			pr.explain = append(pr.explain, explained{name: st.name,
				planRLS: plans[postgres.WebRole][st.name], planNoRLS: plans[pgcluster.Superuser][st.name],
				execRLS: times[postgres.WebRole][st.name], execNoRLS: times[pgcluster.Superuser][st.name]})
		}
		name := filepath.Join(dir, strings.ReplaceAll(pr.page.name, " ", "-")+".txt")
		if err := os.WriteFile(name, []byte(text.String()), 0o644); err != nil {
			return err
		}
	}
	b.logf("Plans écrits dans %s.", dir)
	return nil
}

func rlsLabel(role string) string {
	if role == pgcluster.Superuser {
		return "without RLS"
	}
	return "under RLS"
}

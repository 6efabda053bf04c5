package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The bare handler is the floor the portal is measured against: net/http
// and a pgx pool, no router, session, template or compression. For each
// measured page it runs the page's main statements in a transaction with
// the portal's tenant frame (BEGIN, set_config, statements, COMMIT) and
// writes the rows as plain text; /hello answers without the database.
// Under /rls it connects with the application role, under row-level
// security like the portal; under /norls as the superuser, which RLS does
// not apply to, with the same frame: the difference is the policies' cost.

// bare holds the two pools.
type bare struct {
	app, admin *pgxpool.Pool
}

// statement is one SQL statement and its arguments.
type statement struct {
	sql  string
	args []any
}

// scope is the tenant frame's settings: 0 leaves a setting empty.
type scope struct {
	committee, account int64
}

func runBare(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("bare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8090", "listening address")
	appURL := fs.String("app-url", "", "connection of the application role (row-level security applies)")
	adminURL := fs.String("admin-url", "", "connection of a superuser (row-level security does not apply)")
	if err := fs.Parse(args); err != nil {
		return err
	}
	app, err := openPool(ctx, *appURL)
	if err != nil {
		return err
	}
	defer app.Close()
	admin, err := openPool(ctx, *adminURL)
	if err != nil {
		return err
	}
	defer admin.Close()
	b := &bare{app: app, admin: admin}
	ln, err := net.Listen("tcp", *listen)
	if err != nil {
		return err
	}
	srv := &http.Server{Handler: b.routes(), ReadHeaderTimeout: 5 * time.Second}
	go func() {
		<-ctx.Done()
		shutdown, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_ = srv.Shutdown(shutdown)
	}()
	if err := srv.Serve(ln); !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

// openPool opens a pool configured as the portal's (postgres.OpenConfig):
// default size, UTC session time zone.
func openPool(ctx context.Context, url string) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	if cfg.ConnConfig.RuntimeParams == nil {
		cfg.ConnConfig.RuntimeParams = map[string]string{}
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = "clts-bare"
	cfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	return pgxpool.NewWithConfig(ctx, cfg)
}

func (b *bare) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /hello", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = io.WriteString(w, "hello\n")
	})
	mux.HandleFunc("GET /rls/{page}", func(w http.ResponseWriter, r *http.Request) { b.serve(w, r, b.app) })
	mux.HandleFunc("GET /norls/{page}", func(w http.ResponseWriter, r *http.Request) { b.serve(w, r, b.admin) })
	b.practiceRoutes(mux)
	return mux
}

// serve runs a page's statements in one framed transaction and writes
// their rows.
func (b *bare) serve(w http.ResponseWriter, r *http.Request, pool *pgxpool.Pool) {
	sc, stmts, err := pageStatements(r.PathValue("page"), r.URL.Query())
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	ctx := r.Context()
	out := bufio.NewWriter(w)
	err = pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		id := func(v int64) string {
			if v == 0 {
				return ""
			}
			return strconv.FormatInt(v, 10)
		}
		if _, err := tx.Exec(ctx, setScopeSQL, id(sc.committee), id(sc.account), "", "", ""); err != nil {
			return err
		}
		for _, st := range stmts {
			if err := writeRows(ctx, out, tx, st); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_ = out.Flush()
}

// writeRows writes a statement's rows, one line each, values separated by
// tabs.
func writeRows(ctx context.Context, out *bufio.Writer, tx pgx.Tx, st statement) error {
	rows, err := tx.Query(ctx, st.sql, st.args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		values, err := rows.Values()
		if err != nil {
			return err
		}
		for i, v := range values {
			if i > 0 {
				_ = out.WriteByte('\t')
			}
			fmt.Fprint(out, v)
		}
		_ = out.WriteByte('\n')
	}
	return rows.Err()
}

// pageStatements returns the frame and the statements of a page, from
// the query string the bench builds (bareQuery).
func pageStatements(page string, q url.Values) (scope, []statement, error) {
	num := func(k string) int64 { n, _ := strconv.ParseInt(q.Get(k), 10, 64); return n }
	when := func(k string) time.Time { t, _ := time.Parse(time.RFC3339, q.Get(k)); return t }
	viewer, committee, pilot := num("viewer"), num("committee"), q.Get("pilot") == "true"
	sc := scope{committee: committee, account: viewer}
	switch page {
	case "meetings":
		return sc, []statement{{meetingsBetweenSQL, []any{viewer, committee, when("from"), when("to"), int(num("limit"))}}}, nil
	case "directory":
		return sc, []statement{{directorySQL, []any{committee, pilot, viewer, escapeLike(q.Get("q")), "", int64(0), int64(0), "", 50, 0}}}, nil
	case "meeting":
		return sc, []statement{
			{meetingByIDSQL, []any{viewer, committee, num("meeting")}},
			{agendaSQL, []any{committee, num("meeting"), pilot, viewer}},
		}, nil
	case "feed":
		return scope{account: viewer}, []statement{{personalFeedSQL, []any{viewer, when("since"), int(num("limit"))}}}, nil
	}
	return scope{}, nil, fmt.Errorf("unknown page %q", page)
}

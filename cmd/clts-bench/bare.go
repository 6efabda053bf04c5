package main

import (
	"bufio"
	"context"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// The bare handler is the floor the portal is measured against: net/http
// and a pgx pool set as the portal's, no router, session, template or
// compression. For each measured page it runs the statements of the page's
// unit of work, in the portal's frame, and writes the rows as plain text;
// /hello answers without the database. Under /rls it connects with the
// application role, under row-level security like the portal; under /norls
// as the superuser, which RLS does not apply to, with the same frame and
// settings: the difference is the policies' cost.

// SQL sets: the statements, frame and session settings of a generation of
// the portal.
const (
	sqlCurrent = "current" // one unit of work per page (bare_sql.go)
	sqlLegacy  = "1666e9a" // before the data-layer rewrite (bare_sql_1666e9a.go)
)

// sessionSettings are the session parameters the portal's pool sets
// (postgres.OpenConfig), beyond application_name and the time zone.
func sessionSettings(set string) map[string]string {
	if set == sqlLegacy {
		return nil
	}
	return map[string]string{"plan_cache_mode": "force_generic_plan", "jit": "off"}
}

// bare holds the two pools.
type bare struct {
	set        string
	app, admin *pgxpool.Pool
}

// statement is one SQL statement, the store method it copies, and its
// arguments.
type statement struct {
	name string
	sql  string
	args []any
}

// work is a page's unit of work: the message that opens the transaction
// (BEGIN with the scope's settings, or a plain BEGIN for the legacy frame),
// the legacy frame's parameterized settings, and the statements.
type work struct {
	begin      string
	scopeArgs  []any // legacy frame only: legacySetScopeSQL's arguments
	statements []statement
}

func runBare(ctx context.Context, args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("bare", flag.ContinueOnError)
	fs.SetOutput(stderr)
	listen := fs.String("listen", "127.0.0.1:8090", "listening address")
	appURL := fs.String("app-url", "", "connection of the application role (row-level security applies)")
	adminURL := fs.String("admin-url", "", "connection of a superuser (row-level security does not apply)")
	set := fs.String("sql", sqlCurrent, "statements and frame: "+sqlCurrent+" or "+sqlLegacy)
	if err := fs.Parse(args); err != nil {
		return err
	}
	if *set != sqlCurrent && *set != sqlLegacy {
		return fmt.Errorf("-sql: %s or %s", sqlCurrent, sqlLegacy)
	}
	app, err := openPool(ctx, *appURL, *set)
	if err != nil {
		return err
	}
	defer app.Close()
	admin, err := openPool(ctx, *adminURL, *set)
	if err != nil {
		return err
	}
	defer admin.Close()
	b := &bare{set: *set, app: app, admin: admin}
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

// poolConfig configures a pool as the portal's (postgres.OpenConfig):
// default size, UTC session time zone, and the set's session settings.
func poolConfig(url, set string) (*pgxpool.Config, error) {
	cfg, err := pgxpool.ParseConfig(url)
	if err != nil {
		return nil, err
	}
	if cfg.ConnConfig.RuntimeParams == nil {
		cfg.ConnConfig.RuntimeParams = map[string]string{}
	}
	cfg.ConnConfig.RuntimeParams["application_name"] = "clts-bare"
	cfg.ConnConfig.RuntimeParams["timezone"] = "UTC"
	for k, v := range sessionSettings(set) {
		cfg.ConnConfig.RuntimeParams[k] = v
	}
	return cfg, nil
}

func openPool(ctx context.Context, url, set string) (*pgxpool.Pool, error) {
	cfg, err := poolConfig(url, set)
	if err != nil {
		return nil, err
	}
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

// serve runs a page's unit of work and writes its rows.
func (b *bare) serve(w http.ResponseWriter, r *http.Request, pool *pgxpool.Pool) {
	wk, err := pageWork(b.set, r.PathValue("page"), r.URL.Query())
	if err != nil {
		http.Error(w, err.Error(), http.StatusNotFound)
		return
	}
	out := bufio.NewWriter(w)
	err = runWork(r.Context(), pool, wk, func(ctx context.Context, tx pgx.Tx, st statement) error {
		return writeRows(ctx, out, tx, st)
	})
	if err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
		return
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_ = out.Flush()
}

// beginner is a pool or a connection.
type beginner interface {
	BeginTx(ctx context.Context, opts pgx.TxOptions) (pgx.Tx, error)
}

// runWork opens wk's transaction as the portal does (DB.run), calls each
// for every statement, and commits.
func runWork(ctx context.Context, db beginner, wk work, each func(context.Context, pgx.Tx, statement) error) error {
	tx, err := db.BeginTx(ctx, pgx.TxOptions{BeginQuery: wk.begin})
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // no-op after commit
	if wk.scopeArgs != nil {
		if _, err := tx.Exec(ctx, legacySetScopeSQL, wk.scopeArgs...); err != nil {
			return err
		}
	}
	for _, st := range wk.statements {
		if err := each(ctx, tx, st); err != nil {
			return fmt.Errorf("%s: %w", st.name, err)
		}
	}
	return tx.Commit(ctx)
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

// pageWork returns the unit of work of a page in a SQL set, from the
// query string the bench builds (bench.pages).
func pageWork(set, page string, q url.Values) (work, error) {
	num := func(k string) int64 { n, _ := strconv.ParseInt(q.Get(k), 10, 64); return n }
	when := func(k string) time.Time { t, _ := time.Parse(time.RFC3339, q.Get(k)); return t }
	viewer, committee, pilot, meeting := num("viewer"), num("committee"), q.Get("pilot") == "true", num("meeting")
	between := statement{"MeetingsBetween", meetingsBetweenSQL, []any{viewer, committee, when("from"), when("to"), int(num("limit"))}}
	directory := statement{"Directory", directorySQL, []any{committee, pilot, viewer, escapeLike(strings.TrimSpace(q.Get("q"))), "", int64(0), int64(0), "", 50, 0}}
	feed := statement{"PersonalFeed", personalFeedSQL, []any{viewer, when("since"), int(num("limit"))}}
	agenda := statement{"AgendaItems", agendaSQL, []any{committee, meeting, pilot, viewer}}
	if set == sqlLegacy {
		// The main statements, in one transaction of the old frame.
		id := func(v int64) string {
			if v == 0 {
				return ""
			}
			return strconv.FormatInt(v, 10)
		}
		wk := work{scopeArgs: []any{id(committee), id(viewer), "", "", ""}}
		switch page {
		case "home", "meetings":
			wk.statements = []statement{between}
		case "directory":
			wk.statements = []statement{directory}
		case "meeting":
			wk.statements = []statement{{"MeetingByID", legacyMeetingByIDSQL, []any{viewer, committee, meeting}}, agenda}
		case "feed":
			wk.scopeArgs = []any{"", id(viewer), "", "", ""}
			wk.statements = []statement{feed}
		default:
			return work{}, fmt.Errorf("unknown page %q", page)
		}
		return wk, nil
	}
	// Every statement of the page's unit of work, in the handler's order.
	read := beginSQL(readMode, committee, viewer, nil)
	institutions := statement{"Institutions", institutionsSQL, []any{committee, false}}
	switch page {
	case "home": // handleCommitteeHome
		return work{begin: read, statements: []statement{
			{"GroupsOfAccount", groupsOfAccountSQL, []any{committee, viewer}},
			{"GroupsOfAccount (statuses)", groupStatusesSQL, []any{committee, viewer}},
			institutions,
			between,
		}}, nil
	case "meetings": // meetingList, handleMeetingsMonth
		return work{begin: read, statements: []statement{between}}, nil
	case "directory": // handleDirectory
		return work{begin: read, statements: []statement{directory, institutions, {"Groups", groupsSQL, []any{committee, false}}}}, nil
	case "meeting": // renderMeeting for an organiser
		return work{begin: read, statements: []statement{
			{"MeetingPage", meetingPageSQL, []any{viewer, committee, meeting}},
			agenda,
			{"Responses", responsesSQL, []any{committee, meeting, pilot, viewer}},
		}}, nil
	case "national": // handleNationalContributions, as an HCTS reader (bare_national.go)
		return nationalReadingWork(q), nil
	case "feed": // handlePersonalFeed: the owner's account is set by CalendarOwner
		hash, err := hex.DecodeString(q.Get("hash"))
		if err != nil || len(hash) == 0 {
			return work{}, errors.New("feed: hash, the secret's hash in hex")
		}
		return work{begin: beginSQL(snapshotMode, 0, 0, nil), statements: []statement{
			{"CalendarOwner", calendarOwnerSQL, []any{hash}},
			feed,
		}}, nil
	}
	return work{}, fmt.Errorf("unknown page %q", page)
}

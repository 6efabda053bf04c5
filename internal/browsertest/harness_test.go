package browsertest

import (
	"context"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/cdproto/runtime"
	"github.com/chromedp/chromedp"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/config"
	"github.com/portail-clts/clts/internal/demo"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/server"
)

func TestMain(m *testing.M) { pgtest.Main(m) }

// nodeModules holds the pinned checkers, installed by `make browser-deps`.
const nodeModules = "testdata/node_modules"

// requireTools skips under -short, and fails (in CI) or skips (elsewhere)
// when Chromium, Java or the npm checkers are missing.
func requireTools(t *testing.T) string {
	t.Helper()
	if testing.Short() {
		t.Skip("browser tests do not run with -short")
	}
	chromium := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			chromium = p
			break
		}
	}
	missing := []string{}
	if chromium == "" {
		missing = append(missing, "Chromium (apt-get install chromium)")
	}
	if _, err := exec.LookPath("java"); err != nil {
		missing = append(missing, "Java (apt-get install default-jre-headless)")
	}
	if _, err := os.Stat(filepath.Join(nodeModules, "axe-core", "axe.min.js")); err != nil {
		missing = append(missing, "axe-core and vnu-jar (make browser-deps)")
	}
	if len(missing) > 0 {
		msg := "browser tests need: " + strings.Join(missing, ", ")
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	return chromium
}

// portal is a running portal with the demo data and a Chromium to look at it.
type portal struct {
	t       *testing.T
	url     string
	srv     *httptest.Server
	db      *pgtest.DB
	browser context.Context
	axe     string
	html    *htmlStore
}

func newPortal(t *testing.T) *portal {
	t.Helper()
	chromium := requireTools(t)
	db := pgtest.New(t)
	ctx := context.Background()
	if err := demo.Load(ctx, db.App, io.Discard); err != nil {
		t.Fatal(err)
	}
	// The portal listens on a loopback port known in advance, so that the
	// links it writes in e-mails point at it.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	base := "http://" + ln.Addr().String()
	cfg, err := config.FromEnv(func(k string) string {
		if k == "BASE_URL" {
			return base
		}
		return ""
	})
	if err != nil {
		t.Fatal(err)
	}
	cfg.PasswordParams = auth.Params{Memory: 64, Time: 1, Threads: 1, KeyLen: 32, SaltLen: 16}
	// The demo logins stay one step, as under make run.
	cfg.SecondFactorRequired = auth.SecondFactorRoles{}
	srv, err := server.New(cfg, db.App, slog.New(slog.NewTextHandler(io.Discard, nil)))
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewUnstartedServer(srv.Handler())
	ts.Listener.Close()
	ts.Listener = ln
	ts.Start()
	t.Cleanup(ts.Close)

	axe, err := os.ReadFile(filepath.Join(nodeModules, "axe-core", "axe.min.js"))
	if err != nil {
		t.Fatal(err)
	}
	profile, err := os.MkdirTemp("", "clts-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromium),
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.UserDataDir(profile),
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("no-first-run", true),
		chromedp.WindowSize(1280, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(ctx, opts...)
	browser, cancelBrowser := chromedp.NewContext(allocCtx)
	t.Cleanup(func() {
		cancelBrowser()
		cancelAlloc()
		_ = os.RemoveAll(profile) // Chromium may still be writing: best effort
	})
	if err := chromedp.Run(browser); err != nil {
		t.Fatalf("start Chromium: %v", err)
	}
	return &portal{t: t, url: ts.URL, srv: ts, db: db, browser: browser, axe: string(axe), html: &htmlStore{}}
}

// tab returns the browser's tab, signed out: cookies are cleared, so each
// role starts as a new visitor. Roles run one after the other.
func (p *portal) tab(t *testing.T) context.Context {
	t.Helper()
	ctx, cancel := context.WithTimeout(p.browser, 2*time.Minute)
	t.Cleanup(cancel)
	run(t, ctx, network.ClearBrowserCookies(), chromedp.EmulateViewport(1280, 900))
	return ctx
}

// run runs chromedp actions and fails the test on error.
func run(t *testing.T, ctx context.Context, actions ...chromedp.Action) {
	t.Helper()
	if err := chromedp.Run(ctx, actions...); err != nil {
		t.Fatalf("browser: %v", err)
	}
}

// login signs in through the form, as a person would.
func (p *portal) login(t *testing.T, ctx context.Context, login string) {
	t.Helper()
	run(t, ctx,
		chromedp.Navigate(p.url+"/connexion"),
		chromedp.SendKeys("#f-identifiant", login, chromedp.ByQuery),
		chromedp.SendKeys("#f-mot_de_passe", demo.Password, chromedp.ByQuery),
		chromedp.Click("main button[type=submit]", chromedp.ByQuery),
		chromedp.WaitNotPresent("#f-mot_de_passe", chromedp.ByQuery),
	)
}

// evalAwait evaluates a promise-returning expression.
func evalAwait(expr string, out any) chromedp.Action {
	return chromedp.Evaluate(expr, out, func(p *runtime.EvaluateParams) *runtime.EvaluateParams {
		return p.WithAwaitPromise(true)
	})
}

// served fetches path as the tab's user and returns the status and the
// HTML as served (for the Nu checker), with the tab's cookies.
func (p *portal) served(t *testing.T, ctx context.Context, path string) (int, string) {
	t.Helper()
	res, err := p.client(t, ctx).Get(p.url + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

// client is an HTTP client with the tab's cookies, as the tab's user; it
// does not follow redirects.
func (p *portal) client(t *testing.T, ctx context.Context) *http.Client {
	t.Helper()
	var cookies []*network.Cookie
	run(t, ctx, chromedp.ActionFunc(func(ctx context.Context) error {
		var err error
		cookies, err = network.GetCookies().WithURLs([]string{p.url}).Do(ctx)
		return err
	}))
	jar, _ := cookiejar.New(nil)
	u, _ := url.Parse(p.url)
	for _, c := range cookies {
		jar.SetCookies(u, []*http.Cookie{{Name: c.Name, Value: c.Value}})
	}
	return &http.Client{Jar: jar, Timeout: 20 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// htmlStore collects served pages for one batch run of the Nu checker.
type htmlStore struct {
	mu    sync.Mutex
	pages map[string]string
}

func (h *htmlStore) add(name, html string) {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.pages == nil {
		h.pages = map[string]string{}
	}
	h.pages[name] = html
}

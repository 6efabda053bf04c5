package browsertest

import (
	"fmt"
	"os"
	"path/filepath"
	"testing"

	"github.com/chromedp/chromedp"
)

// TestScreenshots renders the main pages at desktop and phone widths. With
// CLTS_SCREENSHOTS=1 (make screenshots) it writes them to docs/screenshots.
func TestScreenshots(t *testing.T) {
	p := newPortal(t)
	ids := p.demoIDs(t)
	practices := p.demoPractices(t)
	out := t.TempDir()
	if os.Getenv("CLTS_SCREENSHOTS") == "1" {
		out = filepath.Join("..", "..", "docs", "screenshots")
		if err := os.MkdirAll(out, 0o755); err != nil {
			t.Fatal(err)
		}
	}
	shots := []struct{ login, path, name string }{
		{"", "/", "accueil"},
		{"", "/connexion", "connexion"},
		{"pilote", "/c/37-41/", "comite"},
		{"pilote", "/c/37-41/membres", "membres"},
		{"pilote", "/c/37-41/annuaire", "annuaire"},
		{"pilote", fmt.Sprintf("/c/37-41/groupes/%d", ids.group), "groupe"},
		{"pilote", fmt.Sprintf("/c/37-41/reunions/%d", ids.upcoming), "reunion"},
		{"pilote", "/c/37-41/reunions/calendrier?mois=2018-10", "calendrier"},
		{"pilote", fmt.Sprintf("/c/37-41/reunions/%d/compte-rendu", ids.past), "compte-rendu"},
		{"pilote", "/c/37-41/journal", "journal"},
		{"accompagne", fmt.Sprintf("/c/37-41/reunions/%d", ids.upcoming), "reunion-personne-accompagnee"},
		{"partenaire", "/c/37-41/pratiques?q=numerique", "pratiques-catalogue"},
		{"partenaire", fmt.Sprintf("/c/37-41/pratiques/%d", practices.numeric), "pratiques-fiche"},
		{"partenaire", "/c/37-41/charte", "charte"},
		{"pilote", "/c/37-41/charte/differences", "charte-differences"},
		{"partenaire", "/c/37-41/documents", "documents"},
		{"partenaire", "/c/37-41/actualites", "actualites"},
	}
	current := "-"
	ctx := p.tab(t)
	for _, s := range shots {
		if s.login != current {
			ctx = p.tab(t)
			if s.login != "" {
				p.login(t, ctx, s.login)
			}
			current = s.login
		}
		for _, w := range []struct {
			suffix string
			width  int64
		}{{"bureau", 1280}, {"telephone", 375}} {
			var png []byte
			run(t, ctx,
				chromedp.EmulateViewport(w.width, 800),
				chromedp.Navigate(p.url+s.path),
				chromedp.WaitReady("footer", chromedp.ByQuery),
				chromedp.FullScreenshot(&png, 80),
			)
			if len(png) < 1000 {
				t.Errorf("%s at %d px: empty screenshot", s.name, w.width)
			}
			name := filepath.Join(out, s.name+"-"+w.suffix+".jpg")
			if err := os.WriteFile(name, png, 0o644); err != nil {
				t.Fatal(err)
			}
		}
	}
}

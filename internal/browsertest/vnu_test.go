package browsertest

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// validateHTML runs the Nu HTML Checker once over every page collected,
// and fails on any error.
func (p *portal) validateHTML(t *testing.T) {
	t.Helper()
	p.html.mu.Lock()
	pages := p.html.pages
	p.html.mu.Unlock()
	if len(pages) == 0 {
		t.Fatal("no page collected for the HTML checker")
	}
	dir := t.TempDir()
	names := map[string]string{}
	keys := make([]string, 0, len(pages))
	for k := range pages {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for i, k := range keys {
		file := filepath.Join(dir, fmt.Sprintf("page%03d.html", i))
		if err := os.WriteFile(file, []byte(pages[k]), 0o644); err != nil {
			t.Fatal(err)
		}
		names["file:"+file] = k
	}
	jar := filepath.Join(nodeModules, "vnu-jar", "build", "dist", "vnu.jar")
	cmd := exec.Command("java", "-jar", jar, "--errors-only", "--format", "json", "--skip-non-html", dir)
	out, _ := cmd.CombinedOutput() // vnu exits 1 when it finds errors
	var report struct {
		Messages []struct {
			Type     string `json:"type"`
			URL      string `json:"url"`
			Message  string `json:"message"`
			LastLine int    `json:"lastLine"`
			Extract  string `json:"extract"`
		} `json:"messages"`
	}
	if err := json.Unmarshal(out, &report); err != nil {
		t.Fatalf("Nu checker output: %v\n%s", err, out)
	}
	for _, m := range report.Messages {
		if m.Type != "error" {
			continue
		}
		page := names[m.URL]
		if page == "" {
			page = m.URL
		}
		t.Errorf("HTML %s, line %d: %s (%s)", page, m.LastLine, m.Message, strings.TrimSpace(m.Extract))
	}
	t.Logf("Nu checker: %d pages checked", len(pages))
}

// Package static embeds the portal's stylesheets, images and scripts (small
// progressive enhancements, never needed to use a page) and serves them
// under fingerprinted URLs, so browsers may cache them for a year.
package static

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/hex"
	"fmt"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"strings"
	"time"
)

//go:embed css img js
var files embed.FS

// Prefix is the URL path under which assets are served.
const Prefix = "/static/"

type asset struct {
	name  string
	url   string
	etag  string
	ctype string
	data  []byte
}

// Assets maps asset names ("css/app.css") to fingerprinted URLs
// ("/static/css/app.3f2a1b9c0d4e.css") and serves them.
type Assets struct {
	byName map[string]*asset
	byURL  map[string]*asset
}

// New fingerprints every embedded file.
func New() (*Assets, error) {
	a := &Assets{byName: map[string]*asset{}, byURL: map[string]*asset{}}
	err := fs.WalkDir(files, ".", func(name string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := files.ReadFile(name)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		hash := hex.EncodeToString(sum[:])[:12]
		ext := path.Ext(name)
		as := &asset{
			name:  name,
			url:   Prefix + strings.TrimSuffix(name, ext) + "." + hash + ext,
			etag:  `"` + hash + `"`,
			ctype: mime.TypeByExtension(ext),
			data:  data,
		}
		if as.ctype == "" {
			as.ctype = "application/octet-stream"
		}
		a.byName[name] = as
		a.byURL[as.url] = as
		return nil
	})
	if err != nil {
		return nil, fmt.Errorf("static: %w", err)
	}
	return a, nil
}

// URL returns the fingerprinted URL of an asset. An unknown name is a
// programming error, caught by the tests that render every page.
func (a *Assets) URL(name string) string {
	if as, ok := a.byName[name]; ok {
		return as.url
	}
	panic("static: unknown asset " + name)
}

// ServeHTTP serves an asset by its fingerprinted URL with long-lived cache
// headers; an unknown or outdated fingerprint is a 404.
func (a *Assets) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	as, ok := a.byURL[r.URL.Path]
	if !ok {
		http.NotFound(w, r)
		return
	}
	w.Header().Set("Content-Type", as.ctype)
	w.Header().Set("Cache-Control", "public, max-age=31536000, immutable")
	w.Header().Set("ETag", as.etag)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(as.data))
}

// Has reports whether url is an asset URL (used to route 404s).
func (a *Assets) Has(url string) bool {
	_, ok := a.byURL[url]
	return ok
}

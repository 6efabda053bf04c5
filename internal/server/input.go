package server

import (
	"net/http"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Bytes that are not text never reach a handler: PostgreSQL refuses NUL and
// invalid UTF-8 in text columns and parameters, so a search, a login name or
// a form field holding them would end in a 500. No person types them, and no
// page of the portal builds them, so they are refused at the edge with the
// French 400 page; fields a person fills in have their own limits, checked by
// the domain's Validate methods and shown next to each field.

// maxQueryValueBytes bounds each name and value of a query string. The
// longest the portal builds is a return path after login; a search typed in
// the directory is far shorter (clts.MaxSearch).
const maxQueryValueBytes = 4096

// maxFormValueBytes bounds each name and value of a posted form, whatever
// the form: well above its longest field (minutes of 100,000 characters,
// at most 400,000 bytes of UTF-8), well below the body limit, so that a
// 9 MB login name is refused before any handler reads it.
const maxFormValueBytes = 512 << 10

// validText reports whether s is text the portal can store and show:
// valid UTF-8 without NUL.
func validText(s string) bool {
	return utf8.ValidString(s) && strings.IndexByte(s, 0) < 0
}

// validValues reports whether every name and value of vals is valid text of
// at most max bytes.
func validValues(vals url.Values, max int) bool {
	for name, list := range vals {
		if len(name) > max || !validText(name) {
			return false
		}
		for _, v := range list {
			if len(v) > max || !validText(v) {
				return false
			}
		}
	}
	return true
}

// validForm reports whether the parsed form of r (query and body, including
// a multipart body's fields) holds only valid text of reasonable length.
func validForm(r *http.Request) bool {
	return validValues(r.Form, maxFormValueBytes)
}

// checkURL answers the French 400 page when the path or the query string
// holds bytes that are not text, or a query value longer than any page
// builds. Handlers read the query with r.URL.Query(), which drops pairs it
// cannot decode: those are harmless and are not looked at.
func (s *Server) checkURL(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		query, _ := url.ParseQuery(r.URL.RawQuery)
		if !validText(r.URL.Path) || !validValues(query, maxQueryValueBytes) {
			s.renderError(w, r, http.StatusBadRequest)
			return
		}
		next.ServeHTTP(w, r)
	})
}

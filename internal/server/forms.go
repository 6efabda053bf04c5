package server

import (
	"errors"
	"net"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/go-chi/chi/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// clientIP is the client's address: the peer's, or behind a trusted reverse
// proxy (TRUSTED_PROXIES) the one the realIP middleware read from
// X-Forwarded-For.
func clientIP(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// parseForm parses a posted form; a body over the size limit is a 413, and
// a form that cannot be parsed, or holds bytes that are not text or a value
// longer than any field (validForm), is a 400.
func (s *Server) parseForm(w http.ResponseWriter, r *http.Request) bool {
	if err := r.ParseForm(); err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			s.renderError(w, r, http.StatusRequestEntityTooLarge)
		} else {
			s.renderError(w, r, http.StatusBadRequest)
		}
		return false
	}
	if !validForm(r) {
		s.renderError(w, r, http.StatusBadRequest)
		return false
	}
	return true
}

// formValue returns a trimmed form value.
func formValue(r *http.Request, name string) string {
	return strings.TrimSpace(r.PostFormValue(name))
}

// redirectWithFlash answers a successful POST: the next page shows msg once.
func (s *Server) redirectWithFlash(w http.ResponseWriter, r *http.Request, url, msg string) {
	if msg != "" {
		s.sessions.Put(r.Context(), sessionFlash, msg)
	}
	http.Redirect(w, r, url, http.StatusSeeOther)
}

// idParam reads a numeric URL parameter; anything else is a 404.
func idParam(r *http.Request, name string) (int64, bool) {
	id, err := strconv.ParseInt(chi.URLParam(r, name), 10, 64)
	return id, err == nil && id > 0
}

// fieldErrors returns the field errors carried by err, if any.
func fieldErrors(err error) clts.FieldErrors {
	var e *clts.Error
	if errors.As(err, &e) && e.Fields != nil {
		return e.Fields
	}
	return nil
}

// userMessage returns the user-safe message of a domain error.
func userMessage(err error) string {
	var e *clts.Error
	if errors.As(err, &e) {
		return e.Message
	}
	return ""
}

// bareStatus is an error answered by the plain error page of its HTTP
// status, for refusals that no page explains (a malformed form, the edit
// form of an archived group).
type bareStatus int

func (s bareStatus) Error() string { return http.StatusText(int(s)) }

// failDomain answers an error that no form explains, the one place that
// maps them to a status: a bareStatus is its own status; not found is a
// 404, forbidden a 403, a conflict with the resource's state a 409;
// anything else is a 500.
func (s *Server) failDomain(w http.ResponseWriter, r *http.Request, err error) {
	var bare bareStatus
	if errors.As(err, &bare) {
		s.renderError(w, r, int(bare))
		return
	}
	switch clts.ErrorCode(err) {
	case clts.ENOTFOUND:
		s.renderError(w, r, http.StatusNotFound)
	case clts.EFORBIDDEN:
		s.renderError(w, r, http.StatusForbidden)
	case clts.ECONFLICT:
		// The resource's state does not allow the step (a meeting over, a
		// group archived): no form explains it further.
		s.renderError(w, r, http.StatusConflict)
	default:
		s.serverError(w, r, err)
	}
}

// safeReturn accepts only a local path as the place to return to after
// login, never another site. Browsers drop tabs and newlines from URLs and
// read a backslash as a slash, so "/\t/evil.example" or "/\\evil.example"
// would lead elsewhere: any control character or backslash is refused, and
// what is left must parse as a path without scheme or host.
func safeReturn(target string) string {
	if !strings.HasPrefix(target, "/") || strings.HasPrefix(target, "//") ||
		strings.ContainsFunc(target, func(r rune) bool { return r < 0x20 || r == 0x7f || r == '\\' }) {
		return ""
	}
	u, err := url.Parse(target)
	if err != nil || u.Scheme != "" || u.Host != "" || u.User != nil || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
		return ""
	}
	return target
}

// maxPage bounds page numbers from the query string: beyond it, offsets
// would overflow, and no list of a committee is that long.
const maxPage = 100_000

// pageNumber reads a page number: 1 when missing or wrong, at most maxPage.
func pageNumber(v string) int {
	page, err := strconv.Atoi(v)
	switch {
	case err != nil || page < 1:
		return 1
	case page > maxPage:
		return maxPage
	}
	return page
}

// fieldSavedVersion is the edit forms' hidden field that holds the time of
// the save the form was opened on, for rows whose version is their
// updated_at (news, documents): the store refuses to save over a later one.
const fieldSavedVersion = "version"

// savedVersion is the value of fieldSavedVersion for a row saved at t.
func savedVersion(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339Nano)
}

// parseSavedVersion reads fieldSavedVersion; the zero time, which matches
// no saved row, for a missing or malformed value.
func parseSavedVersion(v string) time.Time {
	t, _ := time.Parse(time.RFC3339Nano, v)
	return t
}

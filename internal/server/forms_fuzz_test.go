package server

import (
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
)

// FuzzSafeReturn feeds the login's return target whatever a crafted link
// may carry, and follows the redirect the login answers as a browser would:
// it must never leave the portal.
func FuzzSafeReturn(f *testing.F) {
	for _, s := range []string{
		"/c/37-41/reunions?mois=2026-12#a", "/", "//evil.example", "/\\evil.example", "/\t/evil.example",
		"\\/evil.example", "https://evil.example/", "/%2F%2Fevil.example", "/..//evil.example", "/.//evil.example",
		"javascript:alert(1)", "/x?retour=//evil.example", "///evil.example", " /\n/evil.example", "/@evil.example",
		"/\u3000/evil.example", "/%5cevil.example", "/\x00", "",
	} {
		f.Add(s)
	}
	const portal = "https://clts.example.fr"
	f.Fuzz(func(t *testing.T, target string) {
		got := safeReturn(target)
		if got == "" {
			return
		}
		if got != target {
			t.Fatalf("safeReturn(%q) = %q: it must accept or refuse, never rewrite", target, got)
		}
		req := httptest.NewRequest(http.MethodPost, portal+"/connexion", nil)
		rec := httptest.NewRecorder()
		http.Redirect(rec, req, got, http.StatusSeeOther)
		loc := rec.Header().Get("Location")
		dest, ok := browserResolve(portal+"/connexion", loc)
		if !ok || dest.Scheme != "https" || dest.Host != "clts.example.fr" || dest.User != nil {
			t.Fatalf("safeReturn accepted %q: the browser goes to %v (Location %q)", target, dest, loc)
		}
	})
}

// browserResolve resolves a Location header against base with the leniency
// of the WHATWG URL parser browsers use: leading and trailing spaces and
// control characters are trimmed, tabs and newlines anywhere are removed,
// and a backslash counts as a slash in http(s) URLs.
func browserResolve(base, loc string) (*url.URL, bool) {
	loc = strings.TrimFunc(loc, func(r rune) bool { return r <= 0x20 })
	loc = strings.NewReplacer("\t", "", "\n", "", "\r", "", `\`, "/").Replace(loc)
	b, err := url.Parse(base)
	if err != nil {
		return nil, false
	}
	u, err := url.Parse(loc)
	if err != nil {
		return nil, false
	}
	return b.ResolveReference(u), true
}

// FuzzMeetingForm posts whatever a person or a script may type in the
// meeting form: whatever is wrong is said next to a field the form shows,
// so the person always sees what to fix; what is accepted is a meeting
// that ends after it starts.
func FuzzMeetingForm(f *testing.F) {
	f.Add("Plénière", "2026-12-08", "14:00", "16:30", "Tours", "", "", "")
	f.Add("", "", "", "", "", "", "", "")
	f.Add("x", "2026-02-30", "25:00", "14:60", "", "javascript:alert(1)", "", "")
	f.Add("x", "2019-03-31", "02:30", "03:15", "Blois", "https://visio.example.fr/r", "", "")
	f.Add("x", "2018-10-28", "02:30", "02:15", "Blois", "", "", "")
	f.Add("x", "+99999-01-01", "14:00", "16:00", "Blois", "http://", "\x00", "\xff")
	f.Add(" x ", " 2026-12-08 ", " 9:00", "9:30 ", " ", " https://v.example.fr ", "", "")
	f.Fuzz(func(t *testing.T, title, date, start, end, place, video, access, description string) {
		form := url.Values{"titre": {title}, "date": {date}, "debut": {start}, "fin": {end},
			"lieu": {place}, "visio": {video}, "accessibilite": {access}, "description": {description}}
		r := httptest.NewRequest(http.MethodPost, "/c/37-41/reunions/nouvelle", strings.NewReader(form.Encode()))
		r.Header.Set("Content-Type", "application/x-www-form-urlencoded")
		if err := r.ParseForm(); err != nil {
			t.Fatal(err)
		}
		m, fe := readMeetingForm(r)
		if len(fe) == 0 {
			fe = fieldErrors(m.Validate())
		}
		d := meetingForm(m)
		fillMeetingErrors(&d, r, fe)
		shown := 0
		for _, e := range []string{d.Title.Error, d.Date.Error, d.Start.Error, d.End.Error, d.Place.Error,
			d.Video.Error, d.Accessibility.Error, d.Description.Error, d.Repeat.Error} {
			if e != "" {
				shown++
			}
		}
		if shown != len(fe) {
			t.Fatalf("%d errors, %d shown next to a field: %v", len(fe), shown, fe)
		}
		if len(fe) == 0 && (!m.EndsAt.After(m.StartsAt) || clts.ErrorCode(m.Validate()) != "") {
			t.Fatalf("meeting from %v to %v accepted", m.StartsAt, m.EndsAt)
		}
	})
}

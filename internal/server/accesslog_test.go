package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// TestAccessLogHasNoQueryString: invitation, reset and calendar feed
// secrets travel in query strings (?jeton=), so the access log writes the
// path alone: whatever a request's query holds, the log never shows it.
func TestAccessLogHasNoQueryString(t *testing.T) {
	t.Parallel()
	ts, log := newLoggedTestServer(t, nil)
	const secret = "jeton-secret-3f9a"
	paths := []string{
		"/invitation?jeton=" + secret,
		"/invitation?code=" + secret,
		"/nouveau-mot-de-passe?jeton=" + secret,
		"/agenda.ics?jeton=" + secret,
		"/agenda/37-41.ics?jeton=" + secret,
		"/connexion?retour=" + url.QueryEscape("/c/37-41/annuaire?q="+secret),
		"/c/37-41/annuaire?q=" + secret,
		"/chemin-inconnu?jeton=" + secret,
	}
	for _, p := range paths {
		get(t, ts.URL+p)
	}
	do(t, http.MethodPost, ts.URL+"/invitation?jeton="+secret, strings.NewReader(url.Values{"jeton": {secret}}.Encode()),
		"Content-Type", "application/x-www-form-urlencoded")
	out := log.String()
	if strings.Contains(out, secret) {
		t.Errorf("the log shows a query string's secret:\n%s", out)
	}
	// The requests were logged, by path.
	for _, p := range paths {
		path, _, _ := strings.Cut(p, "?")
		if !strings.Contains(out, "path="+path+" ") {
			t.Errorf("no access log line for %s:\n%s", path, out)
		}
	}
}

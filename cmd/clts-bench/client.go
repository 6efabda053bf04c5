package main

import (
	"fmt"
	"io"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"time"

	"github.com/portail-clts/clts/internal/paths"
)

// sessionCookie is the name of the portal's session cookie (scs).
const sessionCookie = "clts_session"

// newClient returns a client that does not follow redirects, so that a
// login page served instead of the measured one is seen as a failure.
func newClient() *http.Client {
	return &http.Client{
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}
}

// login signs in through the login form (same-origin, no Origin header,
// so cross-origin protection lets it through) and returns the session
// cookie as a Cookie header value.
func signInAs(client *http.Client, base, identifier, password string) (string, error) {
	resp, err := client.PostForm(base+paths.Login, url.Values{"identifiant": {identifier}, "mot_de_passe": {password}})
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	_, _ = io.Copy(io.Discard, resp.Body)
	if resp.StatusCode != http.StatusSeeOther {
		return "", fmt.Errorf("login as %s: status %d", identifier, resp.StatusCode)
	}
	for _, c := range resp.Cookies() {
		if c.Name == sessionCookie {
			return c.Name + "=" + c.Value, nil
		}
	}
	return "", fmt.Errorf("login as %s: no session cookie", identifier)
}

// feedLink finds the personal feed's secret in the page that shows it.
var feedLink = regexp.MustCompile(`agenda\.ics\?jeton=([A-Za-z0-9_%.~-]+)`)

// calendarToken creates a new calendar feed secret for the signed-in
// person, as the "Recevoir les réunions dans mon agenda" button does.
func calendarToken(client *http.Client, base, cookie string) (string, error) {
	req, err := http.NewRequest(http.MethodPost, base+paths.Calendars, strings.NewReader(""))
	if err != nil {
		return "", err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Cookie", cookie)
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		return "", err
	}
	m := feedLink.FindSubmatch(body)
	if resp.StatusCode != http.StatusOK || m == nil {
		return "", fmt.Errorf("calendar token: status %d, no feed link", resp.StatusCode)
	}
	return url.QueryUnescape(string(m[1]))
}

// fetch GETs target and fails unless it answers 200 with a body.
func fetch(client *http.Client, target, cookie string) error {
	req, err := http.NewRequest(http.MethodGet, target, nil)
	if err != nil {
		return err
	}
	if cookie != "" {
		req.Header.Set("Cookie", cookie)
	}
	resp, err := client.Do(req)
	if err != nil {
		return err
	}
	defer resp.Body.Close()
	n, err := io.Copy(io.Discard, resp.Body)
	if err != nil {
		return err
	}
	if resp.StatusCode != http.StatusOK || n == 0 {
		return fmt.Errorf("GET %s: status %d, %d bytes", target, resp.StatusCode, n)
	}
	return nil
}

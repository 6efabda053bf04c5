package server

import (
	"context"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestErasureConfirmKeepsTheNameOutOfTheURL: once the pilot confirms, the
// erased person's name is not carried in the next URL (the pilot's
// history, the access logs keep it after the erasure); the page says the
// account is erased from a message of the session. A name typed in the
// URL is never shown as erased.
func TestErasureConfirmKeepsTheNameOutOfTheURL(t *testing.T) {
	f := newFixture(t)
	person := f.accounts["accompagne"]
	var name string
	f.read("", "", func(tx *postgres.Tx) error {
		a, err := tx.AccountByID(context.Background(), person)
		if err == nil {
			name = a.DisplayName
		}
		return err
	})
	if res, _ := f.login("accompagne").post(paths.MyDataErasure, url.Values{paths.ErasureConfirmField: {"oui"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("request: %d", res.StatusCode)
	}
	pilot := f.login("pilote")
	res, _ := pilot.post(paths.ErasureConfirm("37-41", person), url.Values{paths.ErasureConfirmField: {"oui"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("confirmation: %d", res.StatusCode)
	}
	loc := res.Header.Get("Location")
	if decoded, _ := url.QueryUnescape(loc); strings.Contains(decoded, name) || strings.Contains(loc, "efface=") {
		t.Errorf("the erased person's name is in the redirect: %q", loc)
	}
	_, body := pilot.get(loc)
	if !strings.Contains(body, "Le compte est effacé") {
		t.Error("the page does not say the account is erased")
	}
	if strings.Contains(body, name) {
		t.Errorf("the page still shows the erased name %q", name)
	}
	_, body = pilot.get(paths.ErasureRequests("37-41") + "?efface=" + url.QueryEscape("Jean Dupont"))
	if strings.Contains(body, "Jean Dupont") {
		t.Error("a name typed in the URL is shown as erased")
	}
}

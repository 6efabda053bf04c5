package server

import (
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/demo"
)

// TestCurrentPasswordLockSaysWhatToDo: when the current password is locked
// on the account page, the message says what to do, as the login's does:
// log out and choose a new password with « Mot de passe oublié ? », which
// lifts the lock, or wait.
func TestCurrentPasswordLockSaysWhatToDo(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	me := f.login("professionnel")
	failFrom(t, f, "203.0.113.9", "professionnel", auth.LockAfter)
	res, body := me.post("/compte/mot-de-passe", url.Values{"actuel": {demo.Password}, "nouveau": {"une phrase de passe"}, "confirmation": {"une phrase de passe"}})
	if res.StatusCode != http.StatusTooManyRequests {
		t.Fatalf("the current password while locked: %d, want 429", res.StatusCode)
	}
	msg := fieldError(t, body, "actuel")
	for _, want := range []string{"déconnectez-vous", "« Mot de passe oublié ? »", "lève la suspension", "patientez 15 minutes"} {
		if !strings.Contains(msg, want) {
			t.Errorf("the lock message does not say %q: %q", want, msg)
		}
	}
}

package server

import (
	"context"
	"fmt"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestDeactivationIsConfirmedOnItsOwnPage: "Désactiver" on the members
// page leads to a page that says what it does; only its button
// deactivates.
func TestDeactivationIsConfirmedOnItsOwnPage(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	partner := f.login("partenaire")
	confirm := fmt.Sprintf("/c/37-41/membres/%d/desactiver", f.accounts["partenaire"])
	_, body := pilot.get("/c/37-41/membres")
	doc := parse(t, body)
	if doc.Find(`a[href="`+confirm+`"]`).Length() != 1 {
		t.Fatal("the members page has no link to the deactivation's confirmation")
	}
	if doc.Find(`form input[name="actif"][value="non"]`).Length() != 0 {
		t.Error("the members page still deactivates at once")
	}
	res, body := pilot.get(confirm)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("confirmation page: %d", res.StatusCode)
	}
	doc = parse(t, body)
	if !strings.Contains(doc.Find("h1").Text(), "Karim Benali") {
		t.Errorf("the confirmation does not name the member: %q", doc.Find("h1").Text())
	}
	form := doc.Find(fmt.Sprintf(`form[action="/c/37-41/membres/%d/statut"]`, f.accounts["partenaire"]))
	if form.Find(`input[name="actif"][value="non"]`).Length() != 1 || form.Find("button").Length() != 1 {
		t.Fatal("the confirmation page has no button that deactivates")
	}
	// Showing the page changed nothing.
	if res, _ := partner.get("/c/37-41/annuaire"); res.StatusCode != http.StatusOK {
		t.Fatalf("the member lost access by the confirmation page alone: %d", res.StatusCode)
	}
	if res, _ := pilot.post(fmt.Sprintf("/c/37-41/membres/%d/statut", f.accounts["partenaire"]), url.Values{"actif": {"non"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivation: %d", res.StatusCode)
	}
	if res, _ := partner.get("/c/37-41/annuaire"); res.StatusCode == http.StatusOK {
		t.Error("the deactivated member still reads the committee")
	}
}

// TestPilotCannotDeactivateThemselves: no link, a page that says why, and
// the POST refused: the pilot stays active.
func TestPilotCannotDeactivateThemselves(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	for _, tc := range []struct{ login, slug string }{{"pilote", "37-41"}, {"pilote-autre", "autre"}} {
		t.Run(tc.login, func(t *testing.T) {
			pilot := f.login(tc.login)
			self := f.accounts[tc.login]
			confirm := fmt.Sprintf("/c/%s/membres/%d/desactiver", tc.slug, self)
			_, body := pilot.get("/c/" + tc.slug + "/membres")
			if parse(t, body).Find(`a[href="`+confirm+`"]`).Length() != 0 {
				t.Error("the members page offers the pilot to deactivate themselves")
			}
			res, body := pilot.get(confirm)
			doc := parse(t, body)
			if res.StatusCode != http.StatusConflict || !strings.Contains(noticeText(t, body), "votre propre accès") || doc.Find(`input[name="actif"]`).Length() != 0 {
				t.Errorf("own confirmation page: %d %q, want 409 saying why, without a button", res.StatusCode, noticeText(t, body))
			}
			res, body = pilot.post(fmt.Sprintf("/c/%s/membres/%d/statut", tc.slug, self), url.Values{"actif": {"non"}})
			if res.StatusCode != http.StatusConflict || !strings.Contains(noticeText(t, body), "votre propre accès") {
				t.Errorf("own deactivation: %d %q, want 409 saying why", res.StatusCode, noticeText(t, body))
			}
			if res, _ := pilot.get("/c/" + tc.slug + "/membres"); res.StatusCode != http.StatusOK {
				t.Errorf("the pilot lost their access: %d", res.StatusCode)
			}
		})
	}
	// Another committee's member, in 37-41's URL: 404.
	if res, _ := f.login("pilote").get(fmt.Sprintf("/c/37-41/membres/%d/desactiver", f.accounts["pilote-autre"])); res.StatusCode != http.StatusNotFound {
		t.Errorf("another committee's member's confirmation: %d, want 404", res.StatusCode)
	}
}

// TestTwoPilotsCannotDeactivateEachOther: the two pilots of 37-41
// deactivate each other at the same moment; one succeeds, the other is
// refused, and the committee keeps an active pilot.
func TestTwoPilotsCannotDeactivateEachOther(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	a, b := f.accounts["pilote"], f.accounts["pilote41"]
	// A third transaction holds the pilots' rows, so that both
	// deactivations start before either may finish.
	hold, err := pgx.Connect(ctx, f.db.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	defer hold.Close(ctx)
	htx, err := hold.Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := htx.Exec(ctx, `SELECT set_config('clts.committee_id', $1, true)`, fmt.Sprint(f.committees["37-41"])); err != nil {
		t.Fatal(err)
	}
	if _, err := htx.Exec(ctx, `SELECT FROM memberships WHERE committee_id = $1 AND role = 'pilote' FOR UPDATE`, f.committees["37-41"]); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	errs := make([]error, 2)
	for i, pair := range [][2]int64{{a, b}, {b, a}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			errs[i] = f.db.App.Write(ctx, postgres.InCommittee(f.committees["37-41"], pair[0]), func(tx *postgres.Tx) error {
				return tx.SetMemberActive(ctx, pair[1], false)
			})
		}()
	}
	time.Sleep(500 * time.Millisecond)
	if err := htx.Rollback(ctx); err != nil {
		t.Fatal(err)
	}
	wg.Wait()
	succeeded := 0
	for _, err := range errs {
		switch clts.ErrorCode(err) {
		case "":
			succeeded++
		case clts.ECONFLICT, clts.EFORBIDDEN:
		default:
			t.Errorf("deactivation: %v", err)
		}
	}
	if succeeded != 1 {
		t.Errorf("%d deactivations succeeded, want 1 (%v)", succeeded, errs)
	}
	var pilots int
	f.read("37-41", "", func(tx *postgres.Tx) error {
		members, err := tx.Members(ctx)
		for _, m := range members {
			if m.Role == clts.RolePilote && m.Active {
				pilots++
			}
		}
		return err
	})
	if pilots != 1 {
		t.Errorf("%d active pilots left, want 1", pilots)
	}
}

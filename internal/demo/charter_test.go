package demo

import (
	"context"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestDemoCharter loads the demo twice: in 37-41, version 1 adopted by the
// plenary of 18 December 2018 and accepted by some, version 2 in
// consultation for weeks to come with the comments of a partner, a
// professional and a supported person and a pilot's answer; the Loiret's
// own version 1. The second load adds nothing.
func TestDemoCharter(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	ctx := context.Background()
	for range 2 {
		if err := Load(ctx, db.App, io.Discard); err != nil {
			t.Fatal(err)
		}
	}
	ids := map[string]int64{}
	pgtest.MustRead(t, db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		for _, login := range []string{"pilote", "pilote-autre", "professionnel"} {
			a, err := tx.AccountByIdentifier(ctx, login)
			if err != nil {
				return err
			}
			ids[login] = a.ID
		}
		for _, slug := range []string{"37-41", "autre"} {
			c, err := tx.CommitteeBySlug(ctx, slug)
			if err != nil {
				return err
			}
			ids[slug] = c.ID
		}
		return nil
	})
	var versions []clts.CharterVersion
	var v1 clts.CharterVersion
	var comments []clts.CharterComment
	pgtest.MustRead(t, db.App, postgres.InCommittee(ids["37-41"], ids["pilote"]), func(tx *postgres.Tx) error {
		var err error
		if versions, err = tx.CharterVersions(ctx); err != nil {
			return err
		}
		if len(versions) != 2 {
			return nil
		}
		if v1, err = tx.CharterVersion(ctx, versions[1].ID); err != nil {
			return err
		}
		comments, err = tx.CharterComments(ctx, versions[0].ID, true)
		return err
	})
	if len(versions) != 2 {
		t.Fatalf("37-41 has %d versions of the charter, want 2 (loaded twice)", len(versions))
	}
	v2 := versions[0]
	a := v1.Adoption
	if v1.State != clts.CharterCurrent || a == nil || !strings.HasPrefix(a.MeetingAt.In(paris()).Format(time.DateOnly), "2018-12-18") ||
		a.Result != clts.AdoptionUnanimity || v1.Acceptances < 5 || !strings.Contains(v1.Body, "tous les trois mois") {
		t.Errorf("version 1: %s, adoption %+v, %d acceptances", v1.State, a, v1.Acceptances)
	}
	if v2.State != clts.CharterConsultation || v2.EndsOn == nil || !v2.ConsultationOpen(time.Now().AddDate(0, 0, 14)) || v2.BasedOn != 1 {
		t.Errorf("version 2: %s, ends %v, based on %d", v2.State, v2.EndsOn, v2.BasedOn)
	}
	roles, answered := map[string]bool{}, 0
	for _, c := range comments {
		roles[c.AuthorName] = true
		if c.Answer != "" {
			answered++
		}
	}
	if len(comments) != 4 || answered != 1 || !roles["Karim Benali"] || !roles["Sophie Leroy"] || !roles["Jean Dupuis"] {
		t.Errorf("comments: %d, %d answered, by %v", len(comments), answered, roles)
	}
	// The professional has not accepted version 1: it waits in their "À faire".
	pgtest.MustRead(t, db.App, postgres.InCommittee(ids["37-41"], ids["professionnel"]), func(tx *postgres.Tx) error {
		todo, err := tx.Todo(ctx, postgres.TodoQuery{Now: time.Now(), RecordsSince: time.Now().AddDate(0, 0, -90), Limit: 5})
		if err == nil && (todo.Charter == nil || todo.Charter.Number != 1) {
			t.Errorf("the professional's À faire: charter %+v, want version 1", todo.Charter)
		}
		return err
	})
	pgtest.MustRead(t, db.App, postgres.InCommittee(ids["autre"], ids["pilote-autre"]), func(tx *postgres.Tx) error {
		cur, err := tx.CurrentCharter(ctx)
		if err == nil && (cur == nil || cur.Number != 1 || !strings.Contains(cur.Body, "Loiret") || cur.Adoption == nil) {
			t.Errorf("the Loiret's charter: %+v", cur)
		}
		return err
	})
}

package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestEasyReadTwoFirstVersionsAtOnce: two members write the first easy
// version of the same subject at the same time; the second one's text is
// not saved, so they are told so (a conflict), not that it is saved.
func TestEasyReadTwoFirstVersionsAtOnce(t *testing.T) {
	w := newPracticeWorld(t)
	const subject = 4343
	kind := clts.EasyReadMinutes
	now := time.Now().Truncate(time.Second)
	text := func(s string) markdown.Text {
		m, err := markdown.Render(s)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	first, second := text("Le texte de la pilote."), text("Le texte du membre.")
	ctx := context.Background()
	inserted, release, doneA := make(chan struct{}), make(chan struct{}), make(chan error, 1)
	go func() {
		doneA <- w.db.Write(ctx, w.in(w.a, w.pilotA), func(tx *postgres.Tx) error {
			if err := tx.SaveEasyRead(ctx, kind, subject, 0, first, now); err != nil {
				close(inserted)
				return err
			}
			close(inserted)
			<-release
			return nil
		})
	}()
	<-inserted
	doneB := make(chan error, 1)
	go func() {
		doneB <- w.db.Write(ctx, w.in(w.a, w.memberA), func(tx *postgres.Tx) error {
			return tx.SaveEasyRead(ctx, kind, subject, 0, second, now)
		})
	}()
	// The second waits on the first's uncommitted row.
	time.Sleep(300 * time.Millisecond)
	close(release)
	if err := <-doneA; err != nil {
		t.Fatal(err)
	}
	if err := <-doneB; clts.ErrorCode(err) != clts.ECONFLICT {
		t.Errorf("the second first version, not saved: %v (want a conflict)", err)
	}
	w.must(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) error {
		v, err := tx.EasyRead(ctx, kind, subject, false)
		if err == nil && (v == nil || v.Body != first.Source()) {
			t.Errorf("stored version: %+v", v)
		}
		return err
	})
}

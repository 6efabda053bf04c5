package postgres_test

import (
	"context"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestEasyReadStore: one current version per subject; a supported person
// checks it, not its author; rewriting clears the check and counts a
// version; a stale version is refused; another committee never sees it.
func TestEasyReadStore(t *testing.T) {
	t.Parallel()
	w := newPracticeWorld(t)
	const subject = 4242
	kind := clts.EasyReadMinutes
	now := time.Now().Truncate(time.Second)
	text := func(s string) markdown.Text {
		m, err := markdown.Render(s)
		if err != nil {
			t.Fatal(err)
		}
		return m
	}
	read := func(sc postgres.Scope) *clts.EasyReadVersion {
		var v *clts.EasyReadVersion
		w.must(sc, func(ctx context.Context, tx *postgres.Tx) (err error) {
			v, err = tx.EasyRead(ctx, kind, subject, false)
			return err
		})
		return v
	}

	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.SaveEasyRead(ctx, kind, subject, 0, text("La réunion a eu lieu.\n\nNous avons parlé du **transport**."), now)
	})
	// A second first version is a conflict: one version per subject.
	if err := w.step(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.SaveEasyRead(ctx, kind, subject, 0, text("Autre texte."), now)
	}); clts.ErrorCode(err) != clts.ECONFLICT {
		t.Errorf("second first version: %v", err)
	}
	v := read(w.in(w.a, w.memberA))
	if v == nil || v.Version != 1 || v.Checked() || v.WrittenBy != w.pilotA || v.BodyHTML == "" {
		t.Fatalf("first version %+v", v)
	}
	// The author may not check their own text.
	if err := w.step(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.CheckEasyReadText(ctx, kind, subject, 1, now)
	}); clts.ErrorCode(err) != clts.EFORBIDDEN {
		t.Errorf("author checks: %v", err)
	}
	// A stale version is refused.
	if err := w.step(w.in(w.a, w.supportedA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.CheckEasyReadText(ctx, kind, subject, 2, now)
	}); clts.ErrorCode(err) != clts.ECONFLICT {
		t.Errorf("stale check: %v", err)
	}
	w.must(w.in(w.a, w.supportedA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.CheckEasyReadText(ctx, kind, subject, 1, now)
	})
	v = read(w.in(w.a, w.memberA))
	if v == nil || !v.Checked() || v.CheckedBy != w.supportedA || v.CheckerName == "" {
		t.Fatalf("checked version %+v", v)
	}
	// Checked twice: a conflict.
	if err := w.step(w.in(w.a, w.supportedA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.CheckEasyReadText(ctx, kind, subject, 1, now)
	}); clts.ErrorCode(err) != clts.ECONFLICT {
		t.Errorf("second check: %v", err)
	}

	// Another committee never sees it, and cannot write over it.
	if v := read(w.in(w.b, w.pilotB)); v != nil {
		t.Errorf("committee b reads a's version: %+v", v)
	}
	w.must(w.in(w.b, w.pilotB), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.SaveEasyRead(ctx, kind, subject, 0, text("Texte du comité b."), now)
	})
	if v := read(w.in(w.a, w.memberA)); v == nil || v.Version != 1 || !v.Checked() {
		t.Errorf("a's version after b wrote its own: %+v", v)
	}

	// Rewriting clears the check; an old version number is refused.
	if err := w.step(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.SaveEasyRead(ctx, kind, subject, 0, text("Texte."), now)
	}); clts.ErrorCode(err) != clts.ECONFLICT {
		t.Errorf("stale rewrite: %v", err)
	}
	w.must(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.SaveEasyRead(ctx, kind, subject, 1, text("La réunion a eu lieu le 12 mars."), now)
	})
	v = read(w.in(w.a, w.pilotA))
	if v == nil || v.Version != 2 || v.Checked() || v.WrittenBy != w.memberA || v.Body != "La réunion a eu lieu le 12 mars." {
		t.Fatalf("rewritten version %+v", v)
	}
	// The supported person who wrote nothing checks it again.
	w.must(w.in(w.a, w.supportedA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.CheckEasyReadText(ctx, kind, subject, 2, now)
	})
}

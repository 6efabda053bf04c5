package postgres_test

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
)

// TestPracticeWorkflowStates takes every step from every state: a step
// allowed from the state leads to its next state, any other is an
// ECONFLICT that leaves the practice as it was.
func TestPracticeWorkflowStates(t *testing.T) {
	t.Parallel()
	w := newPracticeWorld(t)
	type step struct {
		name  string
		actor int64
		run   func(ctx context.Context, tx *postgres.Tx, id int64) error
		// from maps each state the step starts from to the state it leads to.
		from map[string]string
	}
	steps := []step{
		{"Submit", w.authorA, func(ctx context.Context, tx *postgres.Tx, id int64) error { return tx.SubmitPractice(ctx, id) },
			map[string]string{clts.PracticeDraft: clts.PracticeSubmitted, clts.PracticeReturned: clts.PracticeSubmitted}},
		{"Publish", w.pilotA, func(ctx context.Context, tx *postgres.Tx, id int64) error { return tx.PublishPractice(ctx, id) },
			map[string]string{clts.PracticeSubmitted: clts.PracticePublished}},
		{"Return", w.pilotA, func(ctx context.Context, tx *postgres.Tx, id int64) error {
			return tx.ReturnPractice(ctx, id, "Ajoutez les résultats.")
		}, map[string]string{clts.PracticeSubmitted: clts.PracticeReturned}},
		{"Withdraw", w.pilotA, func(ctx context.Context, tx *postgres.Tx, id int64) error {
			return tx.WithdrawPractice(ctx, id, "Doublon d'une autre fiche.")
		}, map[string]string{clts.PracticePublished: clts.PracticeWithdrawn}},
		{"Share", w.pilotA, func(ctx context.Context, tx *postgres.Tx, id int64) error { return tx.SharePractice(ctx, id, true) },
			map[string]string{clts.PracticePublished: clts.PracticePublished}},
		{"Unshare", w.pilotA, func(ctx context.Context, tx *postgres.Tx, id int64) error { return tx.SharePractice(ctx, id, false) },
			map[string]string{clts.PracticePublished: clts.PracticePublished}},
		{"Flag", w.memberA, func(ctx context.Context, tx *postgres.Tx, id int64) error {
			return tx.FlagPractice(ctx, id, "Le contact a changé.")
		}, map[string]string{clts.PracticePublished: clts.PracticePublished}},
	}
	states := []string{clts.PracticeDraft, clts.PracticeSubmitted, clts.PracticeReturned, clts.PracticePublished, clts.PracticeWithdrawn}
	for _, s := range steps {
		for _, state := range states {
			id := w.inState(w.a, w.authorA, w.pilotA, complete(s.name+" depuis "+state), state, false)
			before := w.practice(w.a, w.pilotA, id)
			err := w.step(w.in(w.a, s.actor), func(ctx context.Context, tx *postgres.Tx) error { return s.run(ctx, tx, id) })
			after := w.practice(w.a, w.pilotA, id)
			next, allowed := s.from[state]
			switch {
			case allowed && err != nil:
				t.Errorf("%s from %s: %v, want it allowed", s.name, state, err)
			case allowed && after.Status != next:
				t.Errorf("%s from %s: the practice is %s, want %s", s.name, state, after.Status, next)
			case !allowed && clts.ErrorCode(err) != clts.ECONFLICT:
				t.Errorf("%s from %s: error %v, want ECONFLICT", s.name, state, err)
			case !allowed && (after.Status != state || after.Version != before.Version):
				t.Errorf("%s from %s, refused: the practice changed to %s, version %d → %d", s.name, state, after.Status, before.Version, after.Version)
			case !allowed && !strings.Contains(err.Error(), strings.ToLower(clts.PracticeStatusLabel(state))):
				t.Errorf("%s from %s: the message %q does not say the practice's state", s.name, state, err)
			}
		}
	}
}

// TestPracticeWorkflowSteps: what each step writes besides the state —
// its dates, comment, reason, sharing — and its refusals: a practice
// missing what submission asks for, an empty comment, a missing practice,
// another committee's practice.
func TestPracticeWorkflowSteps(t *testing.T) {
	t.Parallel()
	w := newPracticeWorld(t)
	ctx := context.Background()

	t.Run("SubmitIncomplete", func(t *testing.T) {
		id := w.create(w.a, w.authorA, clts.Practice{Title: "Brouillon inachevé"})
		err := w.step(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error { return tx.SubmitPractice(ctx, id) })
		var e *clts.Error
		if clts.ErrorCode(err) != clts.EINVALID || !errors.As(err, &e) ||
			e.Fields[clts.FieldPracticeSummary] == "" || e.Fields[clts.FieldPracticeContext] == "" || e.Fields[clts.FieldPracticeActions] == "" {
			t.Fatalf("submitting a title alone: %v, want EINVALID on the summary, the context and the actions", err)
		}
		if p := w.practice(w.a, w.authorA, id); p.Status != clts.PracticeDraft || p.SubmittedAt != nil {
			t.Errorf("a refused submission left the practice %s, submitted at %v", p.Status, p.SubmittedAt)
		}
	})
	t.Run("ReturnThenResubmit", func(t *testing.T) {
		id := w.inState(w.a, w.authorA, w.pilotA, complete("Renvoyée puis corrigée"), clts.PracticeSubmitted, false)
		err := w.step(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error { return tx.ReturnPractice(ctx, id, "   ") })
		var e *clts.Error
		if !errors.As(err, &e) || e.Code != clts.EINVALID || e.Fields["commentaire"] == "" {
			t.Fatalf("returning without a comment: %v, want EINVALID on commentaire", err)
		}
		w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
			return tx.ReturnPractice(ctx, id, "  Précisez le public concerné.  ")
		})
		p := w.practice(w.a, w.authorA, id)
		if p.Status != clts.PracticeReturned || p.ReturnComment != "Précisez le public concerné." {
			t.Errorf("returned practice: %s, comment %q", p.Status, p.ReturnComment)
		}
		p.Context += "\n\nLes familles monoparentales du quartier."
		w.must(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error {
			return tx.UpdatePractice(ctx, *p, postgres.PracticeTexts{})
		})
		w.must(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error { return tx.SubmitPractice(ctx, id) })
		if p := w.practice(w.a, w.pilotA, id); p.Status != clts.PracticeSubmitted || p.SubmittedAt == nil {
			t.Errorf("resubmitted practice: %s, submitted at %v", p.Status, p.SubmittedAt)
		}
	})
	t.Run("PublishShareWithdraw", func(t *testing.T) {
		id := w.inState(w.a, w.authorA, w.pilotA, complete("Publiée, partagée, retirée"), clts.PracticePublished, true)
		p := w.practice(w.a, w.memberA, id)
		if p.PublishedAt == nil || p.SharedAt == nil || !p.Shared() {
			t.Fatalf("published and shared practice: published %v, shared %v", p.PublishedAt, p.SharedAt)
		}
		// Sharing again keeps the first date.
		w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error { return tx.SharePractice(ctx, id, true) })
		if q := w.practice(w.a, w.memberA, id); !q.SharedAt.Equal(*p.SharedAt) {
			t.Errorf("sharing twice moved the date from %v to %v", p.SharedAt, q.SharedAt)
		}
		err := w.step(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error { return tx.WithdrawPractice(ctx, id, "") })
		if clts.ErrorCode(err) != clts.EINVALID {
			t.Errorf("withdrawing without a reason: %v, want EINVALID", err)
		}
		w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
			return tx.WithdrawPractice(ctx, id, "La structure a fermé.")
		})
		p = w.practice(w.a, w.pilotA, id)
		if p.Status != clts.PracticeWithdrawn || p.WithdrawReason != "La structure a fermé." || p.SharedAt != nil {
			t.Errorf("withdrawn practice: %s, reason %q, shared at %v (a withdrawn practice is no longer shared)", p.Status, p.WithdrawReason, p.SharedAt)
		}
		q := *p
		q.Title = "Retouchée après retrait"
		err = w.step(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
			return tx.UpdatePractice(ctx, q, postgres.PracticeTexts{})
		})
		if clts.ErrorCode(err) != clts.ECONFLICT {
			t.Errorf("editing a withdrawn practice: %v, want ECONFLICT", err)
		}
	})
	t.Run("Flags", func(t *testing.T) {
		id := w.inState(w.a, w.authorA, w.pilotA, complete("Signalée"), clts.PracticePublished, false)
		err := w.step(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) error { return tx.FlagPractice(ctx, id, " ") })
		if clts.ErrorCode(err) != clts.EINVALID {
			t.Errorf("a flag without a reason: %v, want EINVALID", err)
		}
		w.must(w.in(w.a, w.supportedA), func(ctx context.Context, tx *postgres.Tx) error {
			return tx.FlagPractice(ctx, id, "Le numéro de téléphone ne répond plus.")
		})
		var flags []clts.PracticeFlag
		pgtest.MustRead(t, w.db, w.in(w.a, w.pilotA), func(tx *postgres.Tx) error {
			var err error
			flags, err = tx.PracticeFlags(ctx, id)
			return err
		})
		if len(flags) != 1 || flags[0].AuthorName != "Martine Accompagnée" || flags[0].Reason != "Le numéro de téléphone ne répond plus." || flags[0].Resolved {
			t.Errorf("flags: %+v", flags)
		}
	})
	t.Run("NotFound", func(t *testing.T) {
		id := w.inState(w.a, w.authorA, w.pilotA, complete("Du comité A"), clts.PracticeSubmitted, false)
		for name, sc := range map[string]postgres.Scope{"Missing": w.in(w.a, w.pilotA), "OtherCommittee": w.in(w.b, w.pilotB)} {
			target := id
			if name == "Missing" {
				target = id + 1000
			}
			err := w.step(sc, func(ctx context.Context, tx *postgres.Tx) error { return tx.PublishPractice(ctx, target) })
			if clts.ErrorCode(err) != clts.ENOTFOUND {
				t.Errorf("%s: publishing: %v, want ENOTFOUND", name, err)
			}
		}
		if p := w.practice(w.a, w.pilotA, id); p.Status != clts.PracticeSubmitted {
			t.Errorf("committee b's pilot changed committee a's practice to %s", p.Status)
		}
	})
}

// TestPracticeWorkflowMailsAndAudit: each step tells whom it should by
// e-mail, in French, with the practice's address, never the person who
// took the step; and writes its audit line, which has a French name.
func TestPracticeWorkflowMailsAndAudit(t *testing.T) {
	t.Parallel()
	w := newPracticeWorld(t)
	ctx := context.Background()
	// A second pilot of a, deactivated: no e-mail for them.
	var gone int64
	pgtest.MustWrite(t, w.db, w.in(w.a, w.pilotA), func(tx *postgres.Tx) error {
		var err error
		if gone, err = tx.CreateAccount(ctx, postgres.NewAccount{Login: "ancien", DisplayName: "Ancien Pilote",
			Email: "ancien@exemple.fr", PasswordHash: "x"}); err != nil {
			return err
		}
		if err := tx.AddMember(ctx, gone, clts.RolePilote); err != nil {
			return err
		}
		return tx.SetMemberActive(ctx, gone, false)
	})
	id := w.create(w.a, w.authorA, complete("Permanences numériques"))
	link := testBaseURL + paths.Practice("a", id)
	w.must(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error { return tx.SubmitPractice(ctx, id) })
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.ReturnPractice(ctx, id, "Pouvez-vous préciser\nle nombre de personnes reçues ?")
	})
	w.must(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error { return tx.SubmitPractice(ctx, id) })
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error { return tx.PublishPractice(ctx, id) })
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error { return tx.SharePractice(ctx, id, true) })
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error { return tx.SharePractice(ctx, id, false) })
	w.must(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.FlagPractice(ctx, id, "Les horaires ont changé.")
	})
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.WithdrawPractice(ctx, id, "Les permanences ont cessé.")
	})
	ms := w.outbox()

	for _, c := range []struct {
		name, to, subject string
		n                 int
		says              []string
	}{
		{"SubmitToPilots", "pilote-a@exemple.fr", "Pratique à relire", 2, []string{"Paul Auteur", "Permanences numériques"}},
		{"ReturnToAuthor", "auteur-a@exemple.fr", "vous est renvoyée", 1, []string{"> Pouvez-vous préciser\n> le nombre de personnes reçues ?"}},
		{"PublishToAuthor", "auteur-a@exemple.fr", "est publiée", 1, nil},
		{"ShareToAuthor", "auteur-a@exemple.fr", "est partagée avec les autres comités", 1, []string{"partagée au niveau national"}},
		{"FlagToPilots", "pilote-a@exemple.fr", "Pratique signalée", 1, []string{"Inès Membre", "> Les horaires ont changé."}},
		{"WithdrawToAuthor", "auteur-a@exemple.fr", "est retirée", 1, []string{"> Les permanences ont cessé."}},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := mailsTo(ms, c.to, c.subject)
			if len(got) != c.n {
				t.Fatalf("%d e-mails to %s about %q, want %d (outbox: %v)", len(got), c.to, c.subject, c.n, ms)
			}
			for _, m := range got {
				if !strings.Contains(m.Body, link) || !strings.Contains(m.Body, "Comité A") || !strings.HasPrefix(m.Body, "Bonjour,") {
					t.Errorf("e-mail %q lacks the greeting, the practice's address %s or the committee:\n%s", m.Subject, link, m.Body)
				}
				for _, s := range c.says {
					if !strings.Contains(m.Body, s) {
						t.Errorf("e-mail %q does not say %q:\n%s", m.Subject, s, m.Body)
					}
				}
			}
		})
	}
	t.Run("NobodyElse", func(t *testing.T) {
		for _, m := range ms {
			switch m.To {
			case "pilote-a@exemple.fr", "auteur-a@exemple.fr":
			default:
				t.Errorf("e-mail %q went to %s", m.Subject, m.To)
			}
		}
		if n := len(ms); n != 7 {
			t.Errorf("%d e-mails, want 7 (2 submissions, 1 return, 1 publication, 1 sharing, 1 flag, 1 withdrawal; none on unsharing)", n)
		}
	})
	t.Run("Audit", func(t *testing.T) {
		var entries []clts.AuditEntry
		pgtest.MustRead(t, w.db, w.in(w.a, w.pilotA), func(tx *postgres.Tx) error {
			var err error
			entries, err = tx.AuditLog(ctx, 100, 0)
			return err
		})
		var actions []string
		subject := fmt.Sprintf("Permanences numériques (fiche %d)", id)
		for i := len(entries) - 1; i >= 0; i-- {
			if e := entries[i]; strings.HasPrefix(e.Action, "practice.") {
				actions = append(actions, e.Action)
				if e.Subject != subject {
					t.Errorf("audit %s names %q, want %q", e.Action, e.Subject, subject)
				}
				if components.ActionLabel(e.Action) == e.Action {
					t.Errorf("audit action %s has no French name", e.Action)
				}
			}
		}
		want := []string{"practice.create", "practice.submit", "practice.return", "practice.submit", "practice.publish",
			"practice.share", "practice.unshare", "practice.flag", "practice.withdraw"}
		if !slices.Equal(actions, want) {
			t.Errorf("audit actions %v, want %v", actions, want)
		}
	})
}

// TestPracticeRevisions: a change of a published practice is recorded
// with its editor and the French names of the fields that changed (its
// attachments included, in the same revision when saved together); a
// draft's edits are not; an edit from a stale version is an ECONFLICT.
func TestPracticeRevisions(t *testing.T) {
	t.Parallel()
	w := newPracticeWorld(t)
	ctx := context.Background()
	revisions := func(id int64, viewer int64) []clts.PracticeRevision {
		var rs []clts.PracticeRevision
		pgtest.MustRead(t, w.db, w.in(w.a, viewer), func(tx *postgres.Tx) error {
			var err error
			rs, err = tx.PracticeRevisions(ctx, id)
			return err
		})
		return rs
	}
	edit := func(sc postgres.Scope, p clts.Practice) error {
		return w.step(sc, func(ctx context.Context, tx *postgres.Tx) error {
			return tx.UpdatePractice(ctx, p, postgres.PracticeTexts{})
		})
	}

	draft := w.create(w.a, w.authorA, complete("Brouillon retouché"))
	p := w.practice(w.a, w.authorA, draft)
	p.Title = "Brouillon retouché deux fois"
	if err := edit(w.in(w.a, w.authorA), *p); err != nil {
		t.Fatal(err)
	}
	if rs := revisions(draft, w.authorA); len(rs) != 0 {
		t.Errorf("a draft's edit was recorded: %+v", rs)
	}

	id := w.inState(w.a, w.authorA, w.pilotA, complete("Publiée puis corrigée"), clts.PracticePublished, false)
	p = w.practice(w.a, w.authorA, id)
	p.Title = "Publiée puis corrigée par son auteur"
	p.InstitutionIDs = []int64{w.instA[0]}
	if err := edit(w.in(w.a, w.authorA), *p); err != nil {
		t.Fatal(err)
	}
	// The pilot edits from the version read before the author's save.
	stale := *p
	stale.Summary = "Autre résumé"
	if err := edit(w.in(w.a, w.pilotA), stale); clts.ErrorCode(err) != clts.ECONFLICT {
		t.Errorf("an edit from a stale version: %v, want ECONFLICT", err)
	}
	// The pilot's edit and a new attachment, in one unit of work.
	p = w.practice(w.a, w.pilotA, id)
	if p.Title != "Publiée puis corrigée par son auteur" || !slices.Equal(p.Institutions, []string{"CAF Touraine"}) {
		t.Fatalf("after the author's edit: %q, institutions %v", p.Title, p.Institutions)
	}
	p.Results = "Quarante familles reçues la première année."
	p.GroupIDs = []int64{w.groupA[1], w.groupA[0]}
	p.Running = false
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		if err := tx.UpdatePractice(ctx, *p, postgres.PracticeTexts{}); err != nil {
			return err
		}
		f, err := tx.CreateFile(ctx, "bilan.pdf", "application/pdf", strings.NewReader("%PDF-1.4 bilan"), 14)
		if err != nil {
			return err
		}
		return tx.AttachFile(ctx, id, f)
	})
	// A supported person's short name for members, the full one for pilots.
	pgtest.MustWrite(t, w.db, w.in(w.a, w.pilotA), func(tx *postgres.Tx) error {
		_, err := tx.PG().Exec(ctx, `UPDATE memberships SET role = 'personne_accompagnee', show_full_name = false
			WHERE committee_id = $1 AND account_id = $2`, w.a, w.authorA)
		return err
	})

	rs := revisions(id, w.memberA)
	if len(rs) != 2 {
		t.Fatalf("%d revisions, want 2: %+v", len(rs), rs)
	}
	if want := []string{"Résultats et évaluation", "Thèmes", "Toujours en cours", "Pièces jointes"}; !slices.Equal(rs[0].Fields, want) {
		t.Errorf("the pilot's revision: %v, want %v", rs[0].Fields, want)
	}
	if rs[0].EditorName != "Claire Pilote" {
		t.Errorf("the pilot's revision is by %q", rs[0].EditorName)
	}
	if want := []string{"Titre", "Institutions partenaires"}; !slices.Equal(rs[1].Fields, want) {
		t.Errorf("the author's revision: %v, want %v", rs[1].Fields, want)
	}
	if rs[1].EditorName != "Paul A." {
		t.Errorf("a member sees the supported author's revision by %q, want the short name", rs[1].EditorName)
	}
	if got := revisions(id, w.pilotA)[1].EditorName; got != "Paul Auteur" {
		t.Errorf("a pilot sees the author's revision by %q, want the full name", got)
	}
	if got := w.practice(w.a, w.memberA, id).AuthorName; got != "Paul A." {
		t.Errorf("a member sees the supported author as %q, want the short name", got)
	}
	if got := w.practice(w.a, w.authorA, id).AuthorName; got != "Paul Auteur" {
		t.Errorf("the author sees themselves as %q", got)
	}
}

package postgres_test

import (
	"context"
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/mails"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// practiceWorld is two committees with their people, institutions and
// themes, on a fresh database whose store mails the practice workflow.
type practiceWorld struct {
	t  *testing.T
	db *postgres.DB
	// Committees "a" (37) and "b" (45).
	a, b int64
	// People of a: a pilot, an author (partner), another member
	// (professional) and a supported person; of b: a pilot and an author.
	pilotA, authorA, memberA, supportedA, pilotB, authorB int64
	// Institutions and themes: inst[0] and group[0] of a are linked to
	// practices by the tests, inst[1] and group[1] never are.
	instA, groupA [2]int64
	instB, groupB int64
}

// testBaseURL is the portal's address in the e-mails of the tests.
const testBaseURL = "https://portail.test"

func newPracticeWorld(t *testing.T) *practiceWorld {
	t.Helper()
	ctx := context.Background()
	w := &practiceWorld{t: t, db: pgtest.New(t).App}
	w.db.SetPracticeMailer(mails.Practices{BaseURL: testBaseURL})
	pgtest.MustWrite(t, w.db, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		if w.a, err = tx.UpsertCommittee(ctx, clts.Committee{Slug: "a", Name: "Comité A", Departements: []string{"37", "41"}}); err != nil {
			return err
		}
		w.b, err = tx.UpsertCommittee(ctx, clts.Committee{Slug: "b", Name: "Comité B", Departements: []string{"45"}})
		return err
	})
	member := func(c int64, login, name, email string, role clts.Role) int64 {
		var id int64
		pgtest.MustWrite(t, w.db, postgres.InCommittee(c, 0), func(tx *postgres.Tx) error {
			var err error
			if id, err = tx.CreateAccount(ctx, postgres.NewAccount{Login: login, DisplayName: name, Email: email, PasswordHash: "x"}); err != nil {
				return err
			}
			return tx.AddMember(ctx, id, role)
		})
		return id
	}
	w.pilotA = member(w.a, "pilote-a", "Claire Pilote", "pilote-a@exemple.fr", clts.RolePilote)
	w.authorA = member(w.a, "auteur-a", "Paul Auteur", "auteur-a@exemple.fr", clts.RolePartenaire)
	w.memberA = member(w.a, "membre-a", "Inès Membre", "membre-a@exemple.fr", clts.RoleProfessionnel)
	w.supportedA = member(w.a, "accompagne-a", "Martine Accompagnée", "", clts.RoleAccompagne)
	w.pilotB = member(w.b, "pilote-b", "Bruno Pilote", "pilote-b@exemple.fr", clts.RolePilote)
	w.authorB = member(w.b, "auteur-b", "Berthe Auteur", "auteur-b@exemple.fr", clts.RolePartenaire)
	pgtest.MustWrite(t, w.db, postgres.InCommittee(w.a, w.pilotA), func(tx *postgres.Tx) error {
		for i, name := range []string{"CAF Touraine", "CIAS du Blaisois"} {
			var err error
			if w.instA[i], err = tx.CreateInstitution(ctx, clts.Institution{Name: name, Kind: clts.KindPartenaire}, nil); err != nil {
				return err
			}
		}
		for i, title := range []string{"Numérique et accès aux droits", "Coopérations locales"} {
			var err error
			if w.groupA[i], err = tx.CreateGroup(ctx, clts.Group{Title: title}); err != nil {
				return err
			}
		}
		return nil
	})
	pgtest.MustWrite(t, w.db, postgres.InCommittee(w.b, w.pilotB), func(tx *postgres.Tx) error {
		var err error
		if w.instB, err = tx.CreateInstitution(ctx, clts.Institution{Name: "CCAS d'Orléans", Kind: clts.KindPartenaire}, nil); err != nil {
			return err
		}
		w.groupB, err = tx.CreateGroup(ctx, clts.Group{Title: "Référent de parcours"})
		return err
	})
	return w
}

// in is the scope of account working in committee c.
func (w *practiceWorld) in(c, account int64) postgres.Scope { return postgres.InCommittee(c, account) }

// national is the scope of the national catalogue, read by account.
func (w *practiceWorld) national(account int64) postgres.Scope {
	return postgres.Scope{AccountID: account, National: true}
}

// complete returns a practice with what submission asks for.
func complete(title string) clts.Practice {
	return clts.Practice{Title: title, Summary: "Résumé de « " + title + " ».",
		Context: "Un territoire rural, des familles éloignées des services.", Actions: "Des permanences **hebdomadaires**.",
		Departement: "37", StartYear: 2019, Running: true}
}

// create writes practice p as a draft of author in committee c.
func (w *practiceWorld) create(c, author int64, p clts.Practice) int64 {
	w.t.Helper()
	var id int64
	pgtest.MustWrite(w.t, w.db, w.in(c, author), func(tx *postgres.Tx) error {
		var err error
		id, err = tx.CreatePractice(context.Background(), p, postgres.PracticeTexts{})
		return err
	})
	return id
}

// step runs one workflow step on practice id in scope sc.
func (w *practiceWorld) step(sc postgres.Scope, fn func(ctx context.Context, tx *postgres.Tx) error) error {
	return w.db.Write(context.Background(), sc, func(tx *postgres.Tx) error { return fn(context.Background(), tx) })
}

// must runs fn in scope sc and fails the test on an error.
func (w *practiceWorld) must(sc postgres.Scope, fn func(ctx context.Context, tx *postgres.Tx) error) {
	w.t.Helper()
	if err := w.step(sc, fn); err != nil {
		w.t.Fatal(err)
	}
}

// inState creates a practice of author in committee c (pilot moderates)
// and takes it to state; shared shares it when published.
func (w *practiceWorld) inState(c, author, pilot int64, p clts.Practice, state string, shared bool) int64 {
	w.t.Helper()
	id := w.create(c, author, p)
	submit := func(ctx context.Context, tx *postgres.Tx) error { return tx.SubmitPractice(ctx, id) }
	publish := func(ctx context.Context, tx *postgres.Tx) error { return tx.PublishPractice(ctx, id) }
	share := func(ctx context.Context, tx *postgres.Tx) error { return tx.SharePractice(ctx, id, true) }
	ret := func(ctx context.Context, tx *postgres.Tx) error {
		return tx.ReturnPractice(ctx, id, "Précisez le budget, s'il vous plaît.")
	}
	withdraw := func(ctx context.Context, tx *postgres.Tx) error {
		return tx.WithdrawPractice(ctx, id, "Le dispositif a changé de porteur.")
	}
	switch state {
	case clts.PracticeDraft:
	case clts.PracticeSubmitted:
		w.must(w.in(c, author), submit)
	case clts.PracticeReturned:
		w.must(w.in(c, author), submit)
		w.must(w.in(c, pilot), ret)
	case clts.PracticePublished, clts.PracticeWithdrawn:
		w.must(w.in(c, author), submit)
		w.must(w.in(c, pilot), publish)
		if shared {
			w.must(w.in(c, pilot), share)
		}
		if state == clts.PracticeWithdrawn {
			w.must(w.in(c, pilot), withdraw)
		}
	default:
		w.t.Fatalf("no such state %q", state)
	}
	return id
}

// practice reads practice id in committee c as account.
func (w *practiceWorld) practice(c, account, id int64) *clts.Practice {
	w.t.Helper()
	var p *clts.Practice
	pgtest.MustRead(w.t, w.db, w.in(c, account), func(tx *postgres.Tx) error {
		var err error
		p, err = tx.PracticeByID(context.Background(), id)
		return err
	})
	return p
}

// outbox returns the e-mails queued so far, oldest first.
func (w *practiceWorld) outbox() []postgres.Mail {
	w.t.Helper()
	var out []postgres.Mail
	pgtest.MustRead(w.t, w.db, postgres.Scope{Operator: true}, func(tx *postgres.Tx) error {
		ms, err := tx.OutboxAfter(context.Background(), 0)
		for _, m := range ms {
			out = append(out, m.Mail)
		}
		return err
	})
	return out
}

// mailsTo returns the e-mails queued for address whose subject contains
// subject.
func mailsTo(ms []postgres.Mail, address, subject string) []postgres.Mail {
	var out []postgres.Mail
	for _, m := range ms {
		if m.To == address && strings.Contains(m.Subject, subject) {
			out = append(out, m)
		}
	}
	return out
}

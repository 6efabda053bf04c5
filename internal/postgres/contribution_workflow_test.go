package postgres_test

import (
	"context"
	"errors"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/jackc/pgx/v5/pgconn"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestContributionWorkflow is the story in the store: an author
// drafts with a co-author and a practice, proposes; a pilot returns it with
// a comment; the author corrects and proposes again; the pilot validates
// and transmits it. Each step is in the history and told by e-mail to the
// people concerned; once transmitted nobody edits it.
func TestContributionWorkflow(t *testing.T) {
	t.Parallel()
	w := newContributionWorld(t)
	var id int64
	w.must(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error {
		var err error
		id, err = tx.CreateContribution(ctx, clts.Contribution{CampaignID: w.campaign, Category: clts.CategoryNeeds,
			Title: "  Mobilité en zone rurale ", GroupID: w.groupA[0]}, []int64{w.supportedA, w.authorA}, []int64{w.practice})
		return err
	})
	c := w.contribution(w.a, w.authorA, id)
	if c.Title != "Mobilité en zone rurale" || c.Status != clts.ContributionDraft || c.Edition != 1 || c.GroupTitle == "" ||
		len(c.Authors) != 2 || c.Authors[0].AccountID != w.authorA || len(c.PracticeIDs) != 1 || c.PracticeIDs[0] != w.practice {
		t.Fatalf("created: %+v", c)
	}
	// Proposed without a text: what to write is said next to the field.
	err := w.step(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error { return tx.ProposeContribution(ctx, id) })
	var e *clts.Error
	if !errors.As(err, &e) || e.Code != clts.EINVALID || e.Fields[clts.FieldContributionBody] == "" {
		t.Fatalf("proposing without a text: %v, want EINVALID on %s", err, clts.FieldContributionBody)
	}
	c.Body = "Les transports à la demande **manquent**."
	w.must(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.UpdateContribution(ctx, *c, []int64{w.supportedA}, []int64{w.practice})
	})
	w.must(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error { return tx.ProposeContribution(ctx, id) })
	if len(mailsTo(w.outbox(), "pilote-a@exemple.fr", "Contribution à relire")) != 1 {
		t.Error("the pilot was not mailed the proposal")
	}
	// A member who is not an author does not see it; the author may not
	// validate it.
	if err := w.step(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) error { return tx.ValidateContribution(ctx, id) }); clts.ErrorCode(err) != clts.ENOTFOUND {
		t.Errorf("another member validating: %v, want ENOTFOUND", err)
	}
	if err := w.step(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error { return tx.ValidateContribution(ctx, id) }); clts.ErrorCode(err) != clts.EFORBIDDEN {
		t.Errorf("the author validating: %v, want EFORBIDDEN", err)
	}
	// Returned: a comment is required.
	if err := w.step(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error { return tx.ReturnContribution(ctx, id, "  ") }); clts.ErrorCode(err) != clts.EINVALID {
		t.Errorf("returning without a comment: %v, want EINVALID", err)
	}
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.ReturnContribution(ctx, id, "Citez les communes concernées.")
	})
	c = w.contribution(w.a, w.authorA, id)
	if c.Status != clts.ContributionDraft || c.ReturnComment != "Citez les communes concernées." {
		t.Errorf("returned: %s, comment %q", c.Status, c.ReturnComment)
	}
	if ms := mailsTo(w.outbox(), "auteur-a@exemple.fr", "renvoyée"); len(ms) != 1 || !strings.Contains(ms[0].Body, "> Citez les communes concernées.") ||
		!strings.Contains(ms[0].Body, testBaseURL+"/c/a/contributions/") {
		t.Errorf("the author's e-mail of the return: %+v", ms)
	}
	// A returned draft is kept: its author may not delete it.
	if err := w.step(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error { return tx.DeleteContribution(ctx, id) }); clts.ErrorCode(err) != clts.ECONFLICT {
		t.Errorf("deleting a returned draft: %v, want ECONFLICT", err)
	}
	c.Body += "\n\nTours, Amboise, Blois."
	w.must(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.UpdateContribution(ctx, *c, []int64{w.supportedA}, []int64{w.practice})
	})
	w.must(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error { return tx.ProposeContribution(ctx, id) })
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error { return tx.ValidateContribution(ctx, id) })
	w.must(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error { return tx.SetAuthorConsent(ctx, id, true) })
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.TransmitContributions(ctx, []int64{id}, time.Now())
	})
	c = w.contribution(w.a, w.memberA, id)
	if c.Status != clts.ContributionTransmitted || c.TransmittedAt == nil || c.PublicAuthors != "Paul Auteur" {
		t.Errorf("transmitted: %s at %v, public authors %q (only the consenting author)", c.Status, c.TransmittedAt, c.PublicAuthors)
	}
	if c.Indicators != nil {
		t.Error("a contribution outside the participation category got figures")
	}
	if len(mailsTo(w.outbox(), "auteur-a@exemple.fr", "transmise au HCTS")) != 1 {
		t.Error("the author was not told of the transmission")
	}
	// Locked: the pilot's edit is refused in French, nothing changes.
	c.Title = "Changé après transmission"
	err = w.step(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.UpdateContribution(ctx, *c, nil, nil)
	})
	if !errors.Is(err, auth.ErrContributionLocked) {
		t.Errorf("editing a transmitted contribution: %v, want ErrContributionLocked", err)
	}
	var history []clts.ContributionEvent
	pgtest.MustRead(t, w.db, w.in(w.a, w.pilotA), func(tx *postgres.Tx) error {
		var err error
		history, err = tx.ContributionHistory(context.Background(), id)
		return err
	})
	var actions []string
	for _, h := range history {
		actions = append(actions, h.Action)
	}
	if got := strings.Join(actions, ","); got != "create,edit,propose,return,edit,propose,validate,transmit" {
		t.Errorf("history: %s", got)
	}
	if history[3].Comment != "Citez les communes concernées." || history[3].ActorName != "Claire Pilote" {
		t.Errorf("the return in the history: %+v", history[3])
	}
}

// TestContributionLockedBySQL: a transmitted contribution cannot be
// changed nor deleted even by a statement that skips the store: the
// trigger refuses it (check_violation).
func TestContributionLockedBySQL(t *testing.T) {
	t.Parallel()
	w := newContributionWorld(t)
	id := w.draft(w.a, w.authorA, clts.CategoryGovernance, "Gouvernance partagée")
	w.toState(w.a, w.authorA, w.pilotA, id, clts.ContributionTransmitted)
	ctx := context.Background()
	for _, stmt := range []string{
		`UPDATE contributions SET title = 'Réécrite en douce' WHERE id = $1`,
		`UPDATE contributions SET status = 'brouillon', transmitted_at = NULL, transmitted_by = NULL WHERE id = $1`,
		`DELETE FROM contributions WHERE id = $1`,
	} {
		pg, err := w.db.Pool().Begin(ctx)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := pg.Exec(ctx, `SELECT set_config('clts.committee_id', $1, true)`, strconv.FormatInt(w.a, 10)); err != nil {
			t.Fatal(err)
		}
		_, err = pg.Exec(ctx, stmt, id)
		_ = pg.Rollback(ctx)
		var pe *pgconn.PgError
		if !errors.As(err, &pe) || pe.Code != "23514" {
			t.Errorf("%s: %v, want check_violation", stmt, err)
		}
	}
	if c := w.contribution(w.a, w.pilotA, id); c.Title != "Gouvernance partagée" || c.Status != clts.ContributionTransmitted {
		t.Errorf("after the refused statements: %q, %s", c.Title, c.Status)
	}
}

// TestContributionTransmitAfterDeadline: after the campaign's deadline the
// pilot's transmission is refused with a French message, and nothing is
// transmitted; the trigger also refuses a transmission dated after it.
func TestContributionTransmitAfterDeadline(t *testing.T) {
	t.Parallel()
	w := newContributionWorld(t)
	id := w.draft(w.a, w.authorA, clts.CategoryResearch, "Recherche-action avec l'IRFSS")
	w.toState(w.a, w.authorA, w.pilotA, id, clts.ContributionValidated)
	late := w.deadline.Add(time.Minute)
	err := w.step(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.TransmitContributions(ctx, []int64{id}, late)
	})
	var e *clts.Error
	if !errors.As(err, &e) || e.Code != clts.ECONFLICT || e.Message != "La campagne est close : plus rien ne peut lui être transmis." {
		t.Fatalf("transmitting after the deadline: %v", err)
	}
	if c := w.contribution(w.a, w.pilotA, id); c.Status != clts.ContributionValidated || c.TransmittedAt != nil {
		t.Errorf("after the refusal: %s at %v", c.Status, c.TransmittedAt)
	}
	// The same instant as the deadline is still in time.
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.TransmitContributions(ctx, []int64{id}, w.deadline)
	})
	// Behind the store's back, the trigger refuses a late date.
	id2 := w.draft(w.a, w.authorA, clts.CategoryResearch, "Deuxième recherche")
	ctx := context.Background()
	pg, err := w.db.Pool().Begin(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer pg.Rollback(ctx) //nolint:errcheck
	if _, err := pg.Exec(ctx, `SELECT set_config('clts.committee_id', $1, true)`, strconv.FormatInt(w.a, 10)); err != nil {
		t.Fatal(err)
	}
	_, err = pg.Exec(ctx, `UPDATE contributions SET status = 'transmise', transmitted_at = $2, transmitted_by = created_by WHERE id = $1`, id2, late)
	var pe *pgconn.PgError
	if !errors.As(err, &pe) || pe.Code != "23514" {
		t.Errorf("a late transmission by SQL: %v, want check_violation", err)
	}
}

// TestContributionCorrection: a correction of a transmitted contribution
// is a new draft, the next edition, linked both ways; both stay readable,
// the transmitted one unchanged; a second correction is refused.
func TestContributionCorrection(t *testing.T) {
	t.Parallel()
	w := newContributionWorld(t)
	id := w.draft(w.a, w.authorA, clts.CategoryProfessions, "Les métiers en tension", w.supportedA)
	w.toState(w.a, w.authorA, w.pilotA, id, clts.ContributionTransmitted)
	// Another member reads it, but may not correct it.
	if err := w.step(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) error {
		_, err := tx.CorrectContribution(ctx, id)
		return err
	}); clts.ErrorCode(err) != clts.EFORBIDDEN {
		t.Errorf("a member correcting: %v, want EFORBIDDEN", err)
	}
	var next int64
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		var err error
		next, err = tx.CorrectContribution(ctx, id)
		return err
	})
	old, n := w.contribution(w.a, w.memberA, id), w.contribution(w.a, w.pilotA, next)
	if old.Status != clts.ContributionTransmitted || old.NextID != next || old.Title != "Les métiers en tension" {
		t.Errorf("the transmitted edition: %s, next %d", old.Status, old.NextID)
	}
	if n.Status != clts.ContributionDraft || n.Edition != 2 || n.PreviousID != id || n.Body != old.Body || n.Category != old.Category {
		t.Errorf("the correction: %+v", n)
	}
	// Its authors: the transmitted one's, and the pilot who started it.
	if len(n.Authors) != 3 {
		t.Errorf("the correction's authors: %+v", n.Authors)
	}
	if err := w.step(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error {
		_, err := tx.CorrectContribution(ctx, id)
		return err
	}); !errors.Is(err, auth.ErrAlreadyCorrected) {
		t.Errorf("a second correction: %v, want ErrAlreadyCorrected", err)
	}
	// The correction goes through the workflow and is transmitted in turn.
	w.toState(w.a, w.authorA, w.pilotA, next, clts.ContributionTransmitted)
	if n := w.contribution(w.a, w.memberA, next); n.Status != clts.ContributionTransmitted || n.PreviousID != id {
		t.Errorf("the transmitted correction: %s, previous %d", n.Status, n.PreviousID)
	}
}

// TestContributionBulkTransmit: a pilot transmits several validated
// contributions at once, all or nothing: one that is not validated (or
// another committee's) stops the whole, and nothing is written.
func TestContributionBulkTransmit(t *testing.T) {
	t.Parallel()
	w := newContributionWorld(t)
	v1 := w.draft(w.a, w.authorA, clts.CategoryNeeds, "Premier besoin")
	v2 := w.draft(w.a, w.authorA, clts.CategoryPractices, "Une pratique")
	p3 := w.draft(w.a, w.authorA, clts.CategoryGovernance, "Encore proposée")
	other := w.draft(w.b, w.authorB, clts.CategoryNeeds, "Du comité B")
	w.toState(w.a, w.authorA, w.pilotA, v1, clts.ContributionValidated)
	w.toState(w.a, w.authorA, w.pilotA, v2, clts.ContributionValidated)
	w.toState(w.a, w.authorA, w.pilotA, p3, clts.ContributionProposed)
	w.toState(w.b, w.authorB, w.pilotB, other, clts.ContributionValidated)
	mailsBefore := len(w.outbox())
	for name, tc := range map[string]struct {
		ids  []int64
		code string
	}{
		"with a proposed one":          {[]int64{v1, v2, p3}, clts.ECONFLICT},
		"with another committee's one": {[]int64{v1, other, v2}, clts.ENOTFOUND},
		"none":                         {nil, clts.EINVALID},
	} {
		err := w.step(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
			return tx.TransmitContributions(ctx, tc.ids, time.Now())
		})
		if clts.ErrorCode(err) != tc.code {
			t.Errorf("%s: %v, want %s", name, err, tc.code)
		}
		for _, id := range []int64{v1, v2} {
			if c := w.contribution(w.a, w.pilotA, id); c.Status != clts.ContributionValidated {
				t.Errorf("%s: contribution %d is %s after the refusal", name, id, c.Status)
			}
		}
	}
	if len(w.outbox()) != mailsBefore {
		t.Error("a refused transmission queued e-mails")
	}
	if c := w.contribution(w.b, w.pilotB, other); c.Status != clts.ContributionValidated {
		t.Errorf("committee b's contribution is %s", c.Status)
	}
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.TransmitContributions(ctx, []int64{v2, v1}, time.Now())
	})
	for _, id := range []int64{v1, v2} {
		if c := w.contribution(w.a, w.memberA, id); c.Status != clts.ContributionTransmitted {
			t.Errorf("contribution %d is %s", id, c.Status)
		}
	}
	var progress []postgres.CategoryProgress
	pgtest.MustRead(t, w.db, w.in(w.a, w.pilotA), func(tx *postgres.Tx) error {
		var err error
		progress, err = tx.CampaignProgress(context.Background(), w.campaign)
		return err
	})
	if len(progress) != 6 || progress[0].Counts[clts.ContributionTransmitted] != 1 || progress[2].Counts[clts.ContributionProposed] != 1 ||
		len(progress[5].Items) != 0 {
		t.Errorf("progress: %+v", progress)
	}
}

// TestContributionParticipationSnapshot: a contribution of the
// participation category carries, from its transmission, the committee's
// figures as computed then; the pilots' comment goes with them.
func TestContributionParticipationSnapshot(t *testing.T) {
	t.Parallel()
	w := newContributionWorld(t)
	id := w.draft(w.a, w.authorA, clts.CategoryParticipation, "La participation progresse")
	w.toState(w.a, w.authorA, w.pilotA, id, clts.ContributionValidated)
	if err := w.step(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.CommentIndicators(ctx, id, "Chiffres en hausse.")
	}); clts.ErrorCode(err) != clts.EFORBIDDEN {
		t.Errorf("an author commenting the figures: %v, want EFORBIDDEN", err)
	}
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.CommentIndicators(ctx, id, "Deux personnes accompagnées de plus que l'an passé.")
	})
	at := time.Now()
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.TransmitContributions(ctx, []int64{id}, at)
	})
	var want *clts.Indicators
	pgtest.MustRead(t, w.db, w.in(w.a, w.pilotA), func(tx *postgres.Tx) error {
		var err error
		want, err = tx.ParticipationIndicators(context.Background(), w.deadline.Year(), at)
		return err
	})
	c := w.contribution(w.a, w.memberA, id)
	if c.Indicators == nil {
		t.Fatal("no figures stored at transmission")
	}
	if c.Indicators.Year != w.deadline.Year() || c.Indicators.Total.Meetings != want.Total.Meetings ||
		len(c.Indicators.Quarters) != len(want.Quarters) || !c.Indicators.ComputedAt.Equal(want.ComputedAt.Truncate(time.Microsecond)) && !c.Indicators.ComputedAt.Equal(want.ComputedAt) {
		t.Errorf("stored figures %+v, want %+v", c.Indicators, want)
	}
	if c.IndicatorsComment != "Deux personnes accompagnées de plus que l'an passé." {
		t.Errorf("comment: %q", c.IndicatorsComment)
	}
}

// TestContributionIsolation: another committee's pilot asking for a
// contribution's id gets ENOTFOUND, for reading and for every step.
func TestContributionIsolation(t *testing.T) {
	t.Parallel()
	w := newContributionWorld(t)
	id := w.draft(w.a, w.authorA, clts.CategoryNeeds, "Interne au comité A")
	w.toState(w.a, w.authorA, w.pilotA, id, clts.ContributionTransmitted)
	steps := map[string]func(ctx context.Context, tx *postgres.Tx) error{
		"read":     func(ctx context.Context, tx *postgres.Tx) error { _, err := tx.ContributionByID(ctx, id); return err },
		"propose":  func(ctx context.Context, tx *postgres.Tx) error { return tx.ProposeContribution(ctx, id) },
		"validate": func(ctx context.Context, tx *postgres.Tx) error { return tx.ValidateContribution(ctx, id) },
		"return":   func(ctx context.Context, tx *postgres.Tx) error { return tx.ReturnContribution(ctx, id, "Non.") },
		"transmit": func(ctx context.Context, tx *postgres.Tx) error {
			return tx.TransmitContributions(ctx, []int64{id}, time.Now())
		},
		"correct": func(ctx context.Context, tx *postgres.Tx) error {
			_, err := tx.CorrectContribution(ctx, id)
			return err
		},
		"delete":  func(ctx context.Context, tx *postgres.Tx) error { return tx.DeleteContribution(ctx, id) },
		"consent": func(ctx context.Context, tx *postgres.Tx) error { return tx.SetAuthorConsent(ctx, id, true) },
		"comment": func(ctx context.Context, tx *postgres.Tx) error { return tx.CommentIndicators(ctx, id, "x") },
	}
	for name, fn := range steps {
		if err := w.step(w.in(w.b, w.pilotB), fn); clts.ErrorCode(err) != clts.ENOTFOUND {
			t.Errorf("%s by committee b's pilot: %v, want ENOTFOUND", name, err)
		}
	}
	var list []clts.Contribution
	pgtest.MustRead(t, w.db, w.in(w.b, w.pilotB), func(tx *postgres.Tx) error {
		var err error
		list, err = tx.Contributions(context.Background(), postgres.ContributionQuery{CampaignID: w.campaign, Pilot: true})
		return err
	})
	if len(list) != 0 {
		t.Errorf("committee b lists %d contributions of a", len(list))
	}
	// Linking another committee's practice or member is a field error.
	err := w.step(w.in(w.b, w.authorB), func(ctx context.Context, tx *postgres.Tx) error {
		_, err := tx.CreateContribution(ctx, clts.Contribution{CampaignID: w.campaign, Category: clts.CategoryNeeds, Title: "B"},
			[]int64{w.authorA}, []int64{w.practice})
		return err
	})
	var e *clts.Error
	if !errors.As(err, &e) || e.Fields[clts.FieldContributionCoauthors] == "" || e.Fields[clts.FieldContributionPractices] == "" {
		t.Errorf("linking committee a's member and practice from b: %v", err)
	}
}

// TestContributionLists: a non-pilot lists their own and the transmitted
// contributions; a pilot lists all.
func TestContributionLists(t *testing.T) {
	t.Parallel()
	w := newContributionWorld(t)
	mine := w.draft(w.a, w.memberA, clts.CategoryNeeds, "Le mien")
	w.draft(w.a, w.authorA, clts.CategoryNeeds, "Celui d'un autre")
	sent := w.draft(w.a, w.authorA, clts.CategoryResearch, "Transmise")
	w.toState(w.a, w.authorA, w.pilotA, sent, clts.ContributionTransmitted)
	count := func(account int64, pilot bool) []int64 {
		var ids []int64
		pgtest.MustRead(t, w.db, w.in(w.a, account), func(tx *postgres.Tx) error {
			list, err := tx.Contributions(context.Background(), postgres.ContributionQuery{CampaignID: w.campaign, VisibleTo: account, Pilot: pilot})
			for _, c := range list {
				ids = append(ids, c.ID)
			}
			return err
		})
		return ids
	}
	if got := count(w.memberA, false); len(got) != 2 || got[0] != mine || got[1] != sent {
		t.Errorf("the member's list: %v, want [%d %d]", got, mine, sent)
	}
	if got := count(w.pilotA, true); len(got) != 3 {
		t.Errorf("the pilot's list: %v", got)
	}
	// A draft never proposed is deleted by its author.
	w.must(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) error { return tx.DeleteContribution(ctx, mine) })
	if got := count(w.memberA, false); len(got) != 1 {
		t.Errorf("after deleting: %v", got)
	}
}

// TestCampaigns: HCTS staff open a campaign per year; its deadline is the
// end of its day in Paris and only moves later; every committee reads
// the open one.
func TestCampaigns(t *testing.T) {
	t.Parallel()
	w := newContributionWorld(t)
	ctx := context.Background()
	hcts := postgres.Scope{AccountID: w.hcts, HCTS: true}
	err := w.step(hcts, func(ctx context.Context, tx *postgres.Tx) error {
		_, err := tx.CreateCampaign(ctx, clts.Campaign{Year: w.deadline.Year(), Deadline: w.deadline})
		return err
	})
	var e *clts.Error
	if !errors.As(err, &e) || e.Fields[clts.FieldCampaignYear] == "" {
		t.Errorf("a second campaign the same year: %v", err)
	}
	// A committee may not open one: row-level security.
	if err := w.step(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		_, err := tx.CreateCampaign(ctx, clts.Campaign{Year: 2019, Deadline: time.Date(2019, 6, 30, 12, 0, 0, 0, time.UTC)})
		return err
	}); err == nil {
		t.Error("a pilot opened a campaign")
	}
	var c *clts.Campaign
	pgtest.MustRead(t, w.db, w.in(w.b, w.pilotB), func(tx *postgres.Tx) error {
		var err error
		c, err = tx.CurrentCampaign(ctx, time.Now())
		return err
	})
	if c == nil || c.ID != w.campaign || !strings.Contains(c.Guidance[clts.CategoryNeeds].HTML, "<strong>nouveaux</strong>") ||
		len(c.Guidance) != 6 {
		t.Fatalf("current campaign: %+v", c)
	}
	paris, _ := time.LoadLocation("Europe/Paris")
	if d := c.Deadline.In(paris); d.Hour() != 23 || d.Minute() != 59 {
		t.Errorf("deadline %v, want the end of the day in Paris", d)
	}
	earlier := *c
	earlier.Deadline = c.Deadline.AddDate(0, 0, -2)
	if err := w.step(hcts, func(ctx context.Context, tx *postgres.Tx) error { return tx.UpdateCampaign(ctx, earlier) }); !errors.As(err, &e) ||
		e.Fields[clts.FieldCampaignDeadline] == "" {
		t.Errorf("moving the deadline earlier: %v", err)
	}
	later := *c
	later.Deadline = c.Deadline.AddDate(0, 0, 14)
	later.Introduction = "Prolongée de deux semaines."
	w.must(hcts, func(ctx context.Context, tx *postgres.Tx) error { return tx.UpdateCampaign(ctx, later) })
	if err := w.step(hcts, func(ctx context.Context, tx *postgres.Tx) error { return tx.UpdateCampaign(ctx, later) }); clts.ErrorCode(err) != clts.ECONFLICT {
		t.Errorf("saving from a stale version: %v, want ECONFLICT", err)
	}
	pgtest.MustRead(t, w.db, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		c, err = tx.CampaignByID(ctx, w.campaign)
		return err
	})
	if !c.Deadline.After(w.deadline) || c.IntroductionHTML == "" || c.Version != 2 {
		t.Errorf("extended campaign: %+v", c)
	}
	// No campaign is open once its deadline passed.
	pgtest.MustRead(t, w.db, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		c, err = tx.CurrentCampaign(ctx, later.Deadline.AddDate(0, 0, 15))
		return err
	})
	if c != nil {
		t.Errorf("a campaign is open after its deadline: %+v", c)
	}
}

// TestContributionEditKeepsWhatItNames: saving from a stale version is
// ErrContributionChanged and changes nothing; a co-author who left the
// committee may be kept, not added; a pilot's edit of a proposed one
// keeps its text required.
func TestContributionEditKeepsWhatItNames(t *testing.T) {
	t.Parallel()
	w := newContributionWorld(t)
	id := w.draft(w.a, w.authorA, clts.CategoryNeeds, "Avec une co-autrice", w.supportedA)
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error { return tx.SetMemberActive(ctx, w.supportedA, false) })
	c := w.contribution(w.a, w.authorA, id)
	stale := *c
	c.Title = "Toujours avec elle"
	w.must(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.UpdateContribution(ctx, *c, []int64{w.supportedA}, nil)
	})
	if got := w.contribution(w.a, w.authorA, id); len(got.Authors) != 2 || got.Title != "Toujours avec elle" {
		t.Errorf("after keeping the inactive co-author: %q, %+v", got.Title, got.Authors)
	}
	stale.Title = "Écrasée"
	err := w.step(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.UpdateContribution(ctx, stale, nil, nil)
	})
	if !errors.Is(err, postgres.ErrContributionChanged) {
		t.Errorf("saving from a stale version: %v", err)
	}
	if got := w.contribution(w.a, w.authorA, id); got.Title != "Toujours avec elle" {
		t.Errorf("the stale save changed the title to %q", got.Title)
	}
	// A member no longer active is not added to another contribution.
	other := w.draft(w.a, w.authorA, clts.CategoryNeeds, "Sans elle")
	o := w.contribution(w.a, w.authorA, other)
	err = w.step(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.UpdateContribution(ctx, *o, []int64{w.supportedA}, nil)
	})
	var e *clts.Error
	if !errors.As(err, &e) || e.Fields[clts.FieldContributionCoauthors] == "" {
		t.Errorf("adding an inactive member: %v", err)
	}
	// Proposed, the pilot may not empty its text.
	w.toState(w.a, w.authorA, w.pilotA, other, clts.ContributionProposed)
	o = w.contribution(w.a, w.pilotA, other)
	o.Body = " "
	err = w.step(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error { return tx.UpdateContribution(ctx, *o, nil, nil) })
	if !errors.As(err, &e) || e.Fields[clts.FieldContributionBody] == "" {
		t.Errorf("a pilot emptying a proposed contribution: %v", err)
	}
}

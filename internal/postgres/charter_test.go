package postgres_test

import (
	"context"
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/charter"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/mails"
	"github.com/portail-clts/clts/internal/markdown"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// charterWorld is the practice world with a plenary held in each
// committee, the partner of a attached to CAF Touraine (instA[0]), and the
// charter's e-mails.
type charterWorld struct {
	*practiceWorld
	plenaryA, plenaryB, groupMeetingA, cancelledA int64
}

func newCharterWorld(t *testing.T) *charterWorld {
	t.Helper()
	w := &charterWorld{practiceWorld: newPracticeWorld(t)}
	w.db.SetCharterMailer(mails.Charter{BaseURL: testBaseURL})
	past := time.Now().AddDate(0, 0, -7).Truncate(time.Hour)
	meeting := func(kind string, group int64) clts.Meeting {
		return clts.Meeting{Kind: kind, GroupID: group, Title: "Réunion plénière du comité", StartsAt: past, EndsAt: past.Add(2 * time.Hour),
			Place: "Tours"}
	}
	noMail := func(clts.Meeting) *postgres.MeetingMail { return nil }
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		ids, err := tx.CreateMeetings(ctx, []clts.Meeting{meeting(clts.KindPlenary, 0), meeting(clts.KindGroup, w.groupA[0]),
			meeting(clts.KindPlenary, 0)}, false, noMail)
		if err != nil {
			return err
		}
		w.plenaryA, w.groupMeetingA, w.cancelledA = ids[0], ids[1], ids[2]
		if err := tx.CancelMeeting(ctx, w.cancelledA, "Salle indisponible.", nil); err != nil {
			return err
		}
		return tx.SetMemberInstitution(ctx, w.authorA, w.instA[0])
	})
	w.must(w.in(w.b, w.pilotB), func(ctx context.Context, tx *postgres.Tx) error {
		ids, err := tx.CreateMeetings(ctx, []clts.Meeting{meeting(clts.KindPlenary, 0)}, false, noMail)
		if err == nil {
			w.plenaryB = ids[0]
		}
		return err
	})
	return w
}

func charterTextOf(t *testing.T, src string) postgres.CharterText {
	t.Helper()
	whole, err := markdown.Render(src)
	if err != nil {
		t.Fatal(err)
	}
	ct := postgres.CharterText{Whole: whole}
	for _, b := range charter.Blocks(src) {
		bt, err := markdown.Render(b)
		if err != nil {
			t.Fatal(err)
		}
		ct.Blocks = append(ct.Blocks, bt)
	}
	return ct
}

// draft starts a version in committee c as pilot.
func (w *charterWorld) draft(c, pilot int64, src string) int64 {
	w.t.Helper()
	var id int64
	w.must(w.in(c, pilot), func(ctx context.Context, tx *postgres.Tx) error {
		var err error
		id, err = tx.CreateCharterDraft(ctx, charterTextOf(w.t, src))
		return err
	})
	return id
}

func (w *charterWorld) adopt(c, pilot, id, meeting int64) error {
	return w.step(w.in(c, pilot), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.AdoptCharter(ctx, id, postgres.CharterAdoption{MeetingID: meeting, Day: time.Now(),
			Vote: clts.Vote{Result: clts.AdoptionVote, For: 12, Against: 1, Abstentions: 2}}, time.Now())
	})
}

func (w *charterWorld) version(c, account, id int64) clts.CharterVersion {
	w.t.Helper()
	var v clts.CharterVersion
	pgtest.MustRead(w.t, w.db, w.in(c, account), func(tx *postgres.Tx) error {
		var err error
		v, err = tx.CharterVersion(context.Background(), id)
		return err
	})
	return v
}

func code(err error) string { return clts.ErrorCode(err) }

func TestCharterAdoptionMakesItCurrentAndTellsMembers(t *testing.T) {
	t.Parallel()
	w := newCharterWorld(t)
	v1 := w.draft(w.a, w.pilotA, "## Objet\n\nLe comité se réunit tous les trois mois.\n\nLes pilotes sont le CD37 et le CD41.")
	if err := w.adopt(w.a, w.pilotA, v1, w.plenaryA); err != nil {
		t.Fatal(err)
	}
	v := w.version(w.a, w.memberA, v1)
	if v.State != clts.CharterCurrent || v.Adoption == nil || v.Adoption.MeetingID != w.plenaryA || v.Adoption.For != 12 ||
		!strings.Contains(v.Adoption.Summary(), "12\u00a0voix pour") {
		t.Fatalf("version 1 after adoption: %+v %+v", v, v.Adoption)
	}
	mails := w.outbox()
	got := map[string]bool{}
	for _, m := range mails {
		if strings.Contains(m.Body, "La version 1 de la charte a été adoptée") {
			got[m.To] = true
			// The committee's first charter replaces no earlier one.
			if strings.Contains(m.Body, "remplace la version précédente") {
				t.Errorf("the first adoption's e-mail speaks of a former version:\n%s", m.Body)
			}
		}
	}
	// Every active member with an address, the pilot included; not the
	// supported person without one, nor committee b.
	for _, to := range []string{"pilote-a@exemple.fr", "auteur-a@exemple.fr", "membre-a@exemple.fr"} {
		if !got[to] {
			t.Errorf("no adoption e-mail to %s (%v)", to, got)
		}
	}
	if len(got) != 3 {
		t.Errorf("adoption e-mails to %v, want the three members of a with an address", got)
	}

	// Version 2 from the current one; only one draft at a time.
	v2 := w.draft(w.a, w.pilotA, "## Objet\n\nLe comité se réunit tous les deux mois.\n\nLes pilotes sont le CD37 et le CD41.")
	if v := w.version(w.a, w.pilotA, v2); v.Number != 2 || v.BasedOnID != v1 || v.BasedOn != 1 || v.State != clts.CharterDraft {
		t.Fatalf("version 2: %+v", v)
	}
	err := w.step(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		_, err := tx.CreateCharterDraft(ctx, charterTextOf(t, "Autre"))
		return err
	})
	if !errors.Is(err, postgres.ErrCharterPreparing) {
		t.Errorf("a second draft: %v, want ErrCharterPreparing", err)
	}
	if err := w.adopt(w.a, w.pilotA, v2, w.plenaryA); err != nil {
		t.Fatal(err)
	}
	replacing := 0
	for _, m := range w.outbox() {
		if strings.Contains(m.Body, "La version 2 de la charte a été adoptée") && strings.Contains(m.Body, "remplace la version précédente") {
			replacing++
		}
	}
	if replacing != 3 {
		t.Errorf("%d e-mails say version 2 replaces version 1, want 3", replacing)
	}
	if v := w.version(w.a, w.pilotA, v1); v.State != clts.CharterReplaced || v.ReplacedAt == nil || v.Adoption == nil {
		t.Errorf("version 1 after version 2's adoption: %s, replaced %v", v.State, v.ReplacedAt)
	}
	var current *clts.CharterVersion
	pgtest.MustRead(t, w.db, w.in(w.a, w.memberA), func(tx *postgres.Tx) error {
		var err error
		current, err = tx.CurrentCharter(context.Background())
		return err
	})
	if current == nil || current.ID != v2 {
		t.Errorf("current version: %+v, want version 2", current)
	}
	// An adopted version is adopted: not again.
	if err := w.adopt(w.a, w.pilotA, v2, w.plenaryA); !errors.Is(err, auth.ErrCharterState) {
		t.Errorf("adopting the current version again: %v", err)
	}
}

func TestCharterOnlyOneCurrentVersionAndNoAdoptionWithoutMeeting(t *testing.T) {
	t.Parallel()
	w := newCharterWorld(t)
	v1 := w.draft(w.a, w.pilotA, "Texte un.")
	if err := w.adopt(w.a, w.pilotA, v1, w.plenaryA); err != nil {
		t.Fatal(err)
	}
	v2 := w.draft(w.a, w.pilotA, "Texte deux.")
	// The constraints, whatever a statement asks: a second current
	// version, an adoption without a meeting.
	raw := func(sql string, args ...any) error {
		return w.step(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
			_, err := tx.PG().Exec(ctx, sql, args...)
			return err
		})
	}
	if err := raw(`UPDATE charter_versions SET state = 'adoptee', adopted_meeting_id = $2, adopted_on = current_date,
			adoption_result = 'unanimite', adopted_at = now() WHERE id = $1`, v2, w.plenaryA); err == nil ||
		!strings.Contains(err.Error(), "charter_versions_current_key") {
		t.Errorf("a second current version: %v, want charter_versions_current_key", err)
	}
	if err := raw(`UPDATE charter_versions SET state = 'remplacee', replaced_at = now(), adopted_meeting_id = NULL,
			adopted_on = NULL, adoption_result = NULL, adopted_at = NULL, votes_for = NULL, votes_against = NULL, abstentions = NULL
		WHERE id = $1`, v1); err == nil || !strings.Contains(err.Error(), "charter_versions_adoption_check") {
		t.Errorf("an adoption without a meeting: %v, want charter_versions_adoption_check", err)
	}
	if err := raw(`UPDATE charter_versions SET state = 'adoptee' WHERE id = $1`, v2); err == nil ||
		!strings.Contains(err.Error(), "charter_versions_adoption_check") {
		t.Errorf("a draft made current without its adoption record: %v", err)
	}

	// The store: no meeting, another committee's meeting, a group's
	// meeting, a cancelled plenary, a future date: field errors, nothing written.
	for name, c := range map[string]struct {
		meeting int64
		day     time.Time
		field   string
	}{
		"no meeting":         {0, time.Now(), clts.FieldCharterMeeting},
		"other committee's":  {w.plenaryB, time.Now(), clts.FieldCharterMeeting},
		"group meeting":      {w.groupMeetingA, time.Now(), clts.FieldCharterMeeting},
		"cancelled":          {w.cancelledA, time.Now(), clts.FieldCharterMeeting},
		"future day":         {w.plenaryA, time.Now().AddDate(0, 0, 2), clts.FieldCharterAdoptedOn},
		"before the meeting": {w.plenaryA, time.Now().AddDate(0, 0, -9), clts.FieldCharterAdoptedOn},
	} {
		err := w.step(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
			return tx.AdoptCharter(ctx, v2, postgres.CharterAdoption{MeetingID: c.meeting, Day: c.day,
				Vote: clts.Vote{Result: clts.AdoptionUnanimity}}, time.Now())
		})
		var e *clts.Error
		if !errors.As(err, &e) || e.Fields[c.field] == "" {
			t.Errorf("%s: %v, want an error on %s", name, err, c.field)
		}
	}
	if v := w.version(w.a, w.pilotA, v2); v.State != clts.CharterDraft {
		t.Errorf("after refusals, version 2 is %s", v.State)
	}
	// A member who is not a pilot may not adopt, nor draft.
	if err := w.adopt(w.a, w.authorA, v2, w.plenaryA); !errors.Is(err, auth.ErrCharterNotFound) {
		t.Errorf("a partner adopting a draft: %v, want not found (drafts are the pilots')", err)
	}
	err := w.step(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) error {
		_, err := tx.CreateCharterDraft(ctx, charterTextOf(t, "x"))
		return err
	})
	if !errors.Is(err, auth.ErrCharterForbidden) {
		t.Errorf("a professional drafting: %v", err)
	}
}

func TestCharterCommentsOnlyDuringTheConsultation(t *testing.T) {
	t.Parallel()
	w := newCharterWorld(t)
	v := w.draft(w.a, w.pilotA, "## Titre\n\nPremier paragraphe.\n\nSecond paragraphe.")
	comment := func(account int64, paragraph int, now time.Time) error {
		return w.step(w.in(w.a, account), func(ctx context.Context, tx *postgres.Tx) error {
			_, err := tx.AddCharterComment(ctx, v, paragraph, "Un avis sur ce point.", now)
			return err
		})
	}
	// A draft: members do not see it, the pilot may not comment yet.
	if err := comment(w.memberA, 1, time.Now()); !errors.Is(err, auth.ErrCharterNotFound) {
		t.Errorf("comment on a draft by a member: %v", err)
	}
	if err := comment(w.pilotA, 1, time.Now()); !errors.Is(err, auth.ErrCharterState) {
		t.Errorf("comment on a draft by the pilot: %v", err)
	}
	// The end date must be after today.
	err := w.step(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.OpenCharterConsultation(ctx, v, time.Now(), time.Now())
	})
	if fe := fieldErrorsOf(err); fe[clts.FieldCharterEndsOn] == "" {
		t.Errorf("a consultation ending today: %v", err)
	}
	end := time.Now().AddDate(0, 0, 10)
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.OpenCharterConsultation(ctx, v, end, time.Now())
	})
	if err := comment(w.supportedA, 2, time.Now()); err != nil {
		t.Errorf("a supported person's comment during the consultation: %v", err)
	}
	if err := comment(w.memberA, 0, time.Now()); err != nil {
		t.Errorf("a comment on the whole text: %v", err)
	}
	if err := comment(w.memberA, 3, time.Now()); fieldErrorsOf(err)[clts.FieldCharterParagraph] == "" {
		t.Errorf("a comment on paragraph 3 of 2: %v", err)
	}
	// On the last day, still open; the day after, closed.
	lastDay := time.Date(end.Year(), end.Month(), end.Day(), 22, 0, 0, 0, time.UTC)
	if err := comment(w.authorA, 1, lastDay); err != nil {
		t.Errorf("a comment on the last day, 23 h in Paris: %v", err)
	}
	if err := comment(w.authorA, 1, lastDay.Add(2*time.Hour)); !errors.Is(err, auth.ErrCharterState) {
		t.Errorf("a comment after the end date: %v, want ErrCharterState", err)
	}
	// Another committee's member does not see the version.
	if err := w.step(w.in(w.b, w.authorB), func(ctx context.Context, tx *postgres.Tx) error {
		_, err := tx.AddCharterComment(ctx, v, 1, "Intrus.", time.Now())
		return err
	}); !errors.Is(err, auth.ErrCharterNotFound) {
		t.Errorf("a comment from committee b: %v", err)
	}

	var comments []clts.CharterComment
	pgtest.MustRead(t, w.db, w.in(w.a, w.memberA), func(tx *postgres.Tx) error {
		var err error
		comments, err = tx.CharterComments(context.Background(), v, false)
		return err
	})
	if len(comments) != 3 || comments[0].Paragraph != 2 || comments[0].AuthorName != "Martine A." || comments[1].Paragraph != 0 {
		t.Fatalf("comments: %+v", comments)
	}
	// The pilot answers; a member may not; another version's comment id is not found.
	answer := func(account, version, id int64) error {
		return w.step(w.in(w.a, account), func(ctx context.Context, tx *postgres.Tx) error {
			return tx.AnswerCharterComment(ctx, version, id, "Merci, nous en tiendrons compte.", time.Now())
		})
	}
	if err := answer(w.memberA, v, comments[0].ID); !errors.Is(err, auth.ErrCharterForbidden) {
		t.Errorf("a professional answering: %v", err)
	}
	if err := answer(w.pilotA, v, comments[0].ID); err != nil {
		t.Fatal(err)
	}
	other := w.draft(w.b, w.pilotB, "Texte de B.")
	if err := w.step(w.in(w.b, w.pilotB), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.AnswerCharterComment(ctx, other, comments[1].ID, "Intrus.", time.Now())
	}); code(err) != clts.ENOTFOUND {
		t.Errorf("answering a's comment from b: %v", err)
	}
}

func fieldErrorsOf(err error) clts.FieldErrors {
	var e *clts.Error
	if errors.As(err, &e) {
		return e.Fields
	}
	return nil
}

func TestCharterAcceptances(t *testing.T) {
	t.Parallel()
	w := newCharterWorld(t)
	v := w.draft(w.a, w.pilotA, "Texte.")
	accept := func(account int64) error {
		return w.step(w.in(w.a, account), func(ctx context.Context, tx *postgres.Tx) error { return tx.AcceptCharter(ctx, v, time.Now()) })
	}
	// Not current yet: nothing to accept.
	if err := accept(w.pilotA); !errors.Is(err, auth.ErrCharterState) {
		t.Errorf("accepting a draft: %v", err)
	}
	if err := w.adopt(w.a, w.pilotA, v, w.plenaryA); err != nil {
		t.Fatal(err)
	}
	if err := accept(w.memberA); err != nil {
		t.Fatal(err)
	}
	if err := accept(w.memberA); !errors.Is(err, auth.ErrCharterState) {
		t.Errorf("accepting twice: %v, want ErrCharterState", err)
	}
	institution := func(account, inst int64) error {
		return w.step(w.in(w.a, account), func(ctx context.Context, tx *postgres.Tx) error {
			return tx.AcceptCharterForInstitution(ctx, v, inst, time.Now())
		})
	}
	// CAF Touraine: not by a professional who does not represent it, nor
	// by its partner for another institution; by its partner, once.
	if err := institution(w.memberA, w.instA[0]); !errors.Is(err, auth.ErrCharterForbidden) {
		t.Errorf("a professional accepting for CAF Touraine: %v", err)
	}
	if err := institution(w.authorA, w.instA[1]); !errors.Is(err, auth.ErrCharterForbidden) {
		t.Errorf("CAF Touraine's partner accepting for the CIAS: %v", err)
	}
	if err := institution(w.authorA, w.instA[0]); err != nil {
		t.Fatal(err)
	}
	if err := institution(w.authorA, w.instA[0]); !errors.Is(err, postgres.ErrCharterAccepted) {
		t.Errorf("accepting twice for CAF Touraine: %v", err)
	}
	// A pilot records it for the CIAS; committee b's institution is unknown.
	if err := institution(w.pilotA, w.instA[1]); err != nil {
		t.Fatal(err)
	}
	if err := institution(w.pilotA, w.instB); code(err) != clts.ENOTFOUND {
		t.Errorf("b's institution: %v", err)
	}

	var members []clts.CharterAcceptance
	var insts []clts.InstitutionAcceptance
	pgtest.MustRead(t, w.db, w.in(w.a, w.pilotA), func(tx *postgres.Tx) error {
		var err error
		if members, err = tx.CharterAcceptances(context.Background(), v); err != nil {
			return err
		}
		insts, err = tx.InstitutionAcceptances(context.Background(), v)
		return err
	})
	accepted := 0
	for _, m := range members {
		if m.At != nil {
			accepted++
			if m.AccountID != w.memberA {
				t.Errorf("%s accepted?", m.Name)
			}
		}
	}
	if len(members) != 4 || accepted != 1 || members[len(members)-1].AccountID != w.memberA {
		t.Errorf("members: %+v", members)
	}
	if len(insts) != 2 || insts[0].At == nil || insts[1].At == nil || insts[0].RecordedBy == "" {
		t.Errorf("institutions: %+v", insts)
	}

	// The reminder goes to those who have not accepted: by e-mail to those
	// with an address, in the portal to all of them (the supported person
	// too).
	before := len(w.outbox())
	var n int
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		var err error
		n, err = tx.RemindCharter(ctx, v, time.Now())
		return err
	})
	after := w.outbox()[before:]
	if n != 3 || len(after) != 2 {
		t.Fatalf("reminders: %d people reminded, %d in the outbox, want 3 and 2 (the pilot and the partner by e-mail)", n, len(after))
	}
	for _, m := range after {
		if m.To == "membre-a@exemple.fr" || !strings.Contains(m.Subject, "Rappel") {
			t.Errorf("reminder %s: %s", m.To, m.Subject)
		}
	}
}

func TestCharterCommitteeIsolation(t *testing.T) {
	t.Parallel()
	w := newCharterWorld(t)
	va := w.draft(w.a, w.pilotA, "Texte de A.")
	if err := w.adopt(w.a, w.pilotA, va, w.plenaryA); err != nil {
		t.Fatal(err)
	}
	// Committee b's pilot reads, adopts, accepts, edits nothing of a.
	err := w.step(w.in(w.b, w.pilotB), func(ctx context.Context, tx *postgres.Tx) error {
		_, err := tx.CharterVersion(ctx, va)
		return err
	})
	if !errors.Is(err, auth.ErrCharterNotFound) {
		t.Errorf("b reading a's version: %v", err)
	}
	for name, step := range map[string]func(ctx context.Context, tx *postgres.Tx) error{
		"accept": func(ctx context.Context, tx *postgres.Tx) error { return tx.AcceptCharter(ctx, va, time.Now()) },
		"remind": func(ctx context.Context, tx *postgres.Tx) error {
			_, err := tx.RemindCharter(ctx, va, time.Now())
			return err
		},
		"adopt": func(ctx context.Context, tx *postgres.Tx) error {
			return tx.AdoptCharter(ctx, va, postgres.CharterAdoption{MeetingID: w.plenaryB, Day: time.Now(),
				Vote: clts.Vote{Result: clts.AdoptionUnanimity}}, time.Now())
		},
		"edit": func(ctx context.Context, tx *postgres.Tx) error {
			return tx.UpdateCharterText(ctx, va, 1, charterTextOf(t, "Intrus."), time.Now())
		},
	} {
		if err := w.step(w.in(w.b, w.pilotB), step); !errors.Is(err, auth.ErrCharterNotFound) {
			t.Errorf("%s from b: %v, want not found", name, err)
		}
	}
	var list []clts.CharterVersion
	pgtest.MustRead(t, w.db, w.in(w.b, w.pilotB), func(tx *postgres.Tx) error {
		var err error
		list, err = tx.CharterVersions(context.Background())
		return err
	})
	if len(list) != 0 {
		t.Errorf("b lists %d versions", len(list))
	}
}

func TestCharterEditChecksTheVersion(t *testing.T) {
	t.Parallel()
	w := newCharterWorld(t)
	v := w.draft(w.a, w.pilotA, "Premier texte.")
	seen := w.version(w.a, w.pilotA, v).Version
	edit := func(text string) error {
		return w.step(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
			return tx.UpdateCharterText(ctx, v, seen, charterTextOf(t, text), time.Now())
		})
	}
	if err := edit("Deuxième texte."); err != nil {
		t.Fatal(err)
	}
	if err := edit("Troisième texte, d'un autre onglet."); !errors.Is(err, postgres.ErrCharterChanged) {
		t.Errorf("an edit from a stale form: %v", err)
	}
	if got := w.version(w.a, w.pilotA, v); got.Body != "Deuxième texte." || len(got.Paragraphs) != 1 {
		t.Errorf("text %q, %d paragraphs", got.Body, len(got.Paragraphs))
	}
}

// TestCharterReminderOncePerDay: a second reminder of the same version
// within 24 hours is refused and e-mails nobody; the version says when
// the last one left; a day later, it leaves again.
func TestCharterReminderOncePerDay(t *testing.T) {
	t.Parallel()
	w := newCharterWorld(t)
	v := w.draft(w.a, w.pilotA, "Texte.")
	if err := w.adopt(w.a, w.pilotA, v, w.plenaryA); err != nil {
		t.Fatal(err)
	}
	remind := func(now time.Time) (int, error) {
		var n int
		err := w.step(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
			var err error
			n, err = tx.RemindCharter(ctx, v, now)
			return err
		})
		return n, err
	}
	first := time.Now().Truncate(time.Second)
	if n, err := remind(first); err != nil || n == 0 {
		t.Fatalf("first reminder: %d e-mails, %v", n, err)
	}
	if at := w.version(w.a, w.pilotA, v).RemindedAt; at == nil || !at.Equal(first) {
		t.Errorf("RemindedAt = %v, want %v", at, first)
	}
	before := len(w.outbox())
	if n, err := remind(first.Add(23 * time.Hour)); !errors.Is(err, postgres.ErrCharterReminded) || n != 0 {
		t.Errorf("a second reminder 23 hours later: %d e-mails, %v, want ErrCharterReminded", n, err)
	}
	if got := len(w.outbox()) - before; got != 0 {
		t.Errorf("the refused reminder queued %d e-mails", got)
	}
	if at := w.version(w.a, w.pilotA, v).RemindedAt; at == nil || !at.Equal(first) {
		t.Errorf("after the refusal, RemindedAt = %v, want the first one's %v", at, first)
	}
	if n, err := remind(first.Add(24 * time.Hour)); err != nil || n == 0 {
		t.Errorf("a reminder a day later: %d e-mails, %v", n, err)
	}
}

// TestCharterCommentKeepsItsParagraph: a comment keeps the text of the
// paragraph it was written on, whatever the edits that renumber them.
func TestCharterCommentKeepsItsParagraph(t *testing.T) {
	t.Parallel()
	w := newCharterWorld(t)
	v := w.draft(w.a, w.pilotA, "## Titre\n\nPremier paragraphe, sur les **réunions**.\n\nSecond paragraphe, sur les groupes.")
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.OpenCharterConsultation(ctx, v, time.Now().AddDate(0, 0, 10), time.Now())
	})
	w.must(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) error {
		if _, err := tx.AddCharterComment(ctx, v, 2, "Et les groupes de travail ?", time.Now()); err != nil {
			return err
		}
		_, err := tx.AddCharterComment(ctx, v, 0, "Bien dans l'ensemble.", time.Now())
		return err
	})
	// A paragraph is inserted before: the comment's paragraph is now the 3rd.
	seen := w.version(w.a, w.pilotA, v).Version
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.UpdateCharterText(ctx, v, seen, charterTextOf(t, "## Titre\n\nUn préambule.\n\nPremier paragraphe, sur les **réunions**.\n\nSecond paragraphe, sur les groupes."), time.Now())
	})
	var comments []clts.CharterComment
	pgtest.MustRead(t, w.db, w.in(w.a, w.memberA), func(tx *postgres.Tx) error {
		var err error
		comments, err = tx.CharterComments(context.Background(), v, false)
		return err
	})
	if len(comments) != 2 {
		t.Fatalf("comments: %+v", comments)
	}
	if c := comments[0]; c.Paragraph != 2 || c.Excerpt != "Second paragraphe, sur les groupes." {
		t.Errorf("the paragraph's comment: paragraph %d, excerpt %q", c.Paragraph, c.Excerpt)
	}
	if c := comments[1]; c.Paragraph != 0 || c.Excerpt != "" {
		t.Errorf("the whole text's comment: paragraph %d, excerpt %q", c.Paragraph, c.Excerpt)
	}
}

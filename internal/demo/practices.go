package demo

import (
	"bytes"
	"context"
	"fmt"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
	"github.com/portail-clts/clts/internal/postgres"
)

// practiceStory is a demo practice and what happened to it: written by its
// author, submitted, returned or published by a pilot, corrected, shared,
// revised, withdrawn, flagged. The loader plays the story through the
// store's workflow steps, so that the audit log, the revisions and the
// e-mails are the ones the portal would have made.
type practiceStory struct {
	Committee string // slug
	Author    string // login name
	// Practice holds the texts (Markdown in Context, Actions, Means,
	// Results and Transfer), the actors, the place, the year and the
	// contact's name and address when the contact is not a member.
	Practice clts.Practice
	// Contact is the login name of a member who is the contact, "" when
	// the contact is a name and an address in Practice (or none).
	Contact      string
	Institutions []string // names of the committee's institutions
	Groups       []string // titles of the committee's working groups
	Attachments  []demoFile
	// State is where the story ends: a clts.Practice* state.
	State string
	// Moderator is the login name of the pilot who publishes or returns
	// it; "" for the committee's first pilot.
	Moderator string
	// Returned is a pilot's comment on the first version. Unless State is
	// PracticeReturned, the author then applies Correct and submits again.
	Returned string
	Correct  func(*clts.Practice)
	Shared   bool
	// Revision is a change of the published practice, by Reviser.
	Reviser  string
	Revision func(*clts.Practice)
	// Withdrawn is the pilot's reason when State is PracticeWithdrawn.
	Withdrawn string
	Flags     []demoFlag

	id int64 // once created
}

// demoFlag is a member's flag on a published practice.
type demoFlag struct {
	By, Reason string
}

// demoFile is an attachment, generated when loaded: a one-page PDF of
// Paragraphs under Title, or a PNG chart of Values.
type demoFile struct {
	Name       string
	Title      string
	Paragraphs []string
	Values     []int // a PNG chart when not nil
}

// content returns the file's bytes and type.
func (f demoFile) content() ([]byte, string, error) {
	if f.Values != nil {
		b, err := barChartPNG(f.Values)
		return b, "image/png", err
	}
	return onePagePDF(f.Title, f.Paragraphs), "application/pdf", nil
}

// moderators are the pilots who moderate by default, per committee.
var moderators = map[string]string{"37-41": "pilote", "autre": "pilote-autre"}

// practiceStories are every demo practice, in the order they are written.
func practiceStories() []*practiceStory {
	var all []*practiceStory
	for _, part := range [][]*practiceStory{participationStories(), networkStories(), rightsStories(), visibilityStories(), loiretStories()} {
		all = append(all, part...)
	}
	return all
}

// loadPractices plays the practices' stories in each committee that has
// none published or withdrawn yet (those states last: a committee that
// has one was loaded before, and its demo users may have changed it
// since). Each step is one unit of work per person, in their scope:
// authors write and submit, pilots moderate, share and withdraw, members
// flag.
func loadPractices(ctx context.Context, db *postgres.DB, committees, accounts map[string]int64) error {
	var stories []*practiceStory
	for slug, cid := range committees {
		loaded, err := hasPractices(ctx, db, postgres.InCommittee(cid, accounts[moderators[slug]]))
		if err != nil {
			return err
		}
		if loaded {
			continue
		}
		for _, s := range practiceStories() {
			if s.Committee == slug {
				stories = append(stories, s)
			}
		}
	}
	if len(stories) == 0 {
		return nil
	}
	links, err := practiceLinks(ctx, db, committees, accounts)
	if err != nil {
		return err
	}
	l := &practiceLoader{db: db, committees: committees, accounts: accounts, links: links}
	for _, phase := range []func(s *practiceStory) []step{
		l.write, l.moderate, l.correct, l.publishCorrected, l.revise, l.withdraw, l.flag,
	} {
		if err := l.run(ctx, stories, phase); err != nil {
			return err
		}
	}
	return nil
}

// hasPractices reports whether the scope's committee has a published or
// withdrawn practice.
func hasPractices(ctx context.Context, db *postgres.DB, sc postgres.Scope) (bool, error) {
	found := false
	err := db.Read(ctx, sc, func(tx *postgres.Tx) error {
		for _, status := range []string{clts.PracticePublished, clts.PracticeWithdrawn} {
			_, total, err := tx.Practices(ctx, postgres.PracticeQuery{Status: status, Limit: 1})
			if err != nil {
				return err
			}
			found = found || total > 0
		}
		return nil
	})
	return found, err
}

// committeeLinks are a committee's institution and group ids by name.
type committeeLinks struct {
	institutions, groups map[string]int64
}

// practiceLinks reads the ids of each committee's institutions and groups.
func practiceLinks(ctx context.Context, db *postgres.DB, committees, accounts map[string]int64) (map[string]committeeLinks, error) {
	out := map[string]committeeLinks{}
	for slug, cid := range committees {
		cl := committeeLinks{institutions: map[string]int64{}, groups: map[string]int64{}}
		err := db.Read(ctx, postgres.InCommittee(cid, accounts[moderators[slug]]), func(tx *postgres.Tx) error {
			insts, err := tx.Institutions(ctx, false)
			if err != nil {
				return err
			}
			for _, i := range insts {
				cl.institutions[i.Name] = i.ID
			}
			groups, err := tx.Groups(ctx, false)
			if err != nil {
				return err
			}
			for _, g := range groups {
				cl.groups[g.Title] = g.ID
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		out[slug] = cl
	}
	return out, nil
}

// practiceLoader plays the stories.
type practiceLoader struct {
	db                   *postgres.DB
	committees, accounts map[string]int64
	links                map[string]committeeLinks
}

// step is what one person does in a phase.
type step struct {
	login string
	do    func(context.Context, *postgres.Tx) error
}

// one is the step of one person; none is no step.
func one(login string, do func(context.Context, *postgres.Tx) error) []step {
	return []step{{login, do}}
}

// run plays one phase: each story gives its steps; the steps of one person
// in one committee share a unit of work in their scope, in the stories'
// order.
func (l *practiceLoader) run(ctx context.Context, stories []*practiceStory, phase func(s *practiceStory) []step) error {
	type actor struct{ committee, login string }
	var order []actor
	steps := map[actor][]step{}
	for _, s := range stories {
		for _, st := range phase(s) {
			a := actor{s.Committee, st.login}
			if _, ok := steps[a]; !ok {
				order = append(order, a)
			}
			steps[a] = append(steps[a], st)
		}
	}
	for _, a := range order {
		sc := postgres.InCommittee(l.committees[a.committee], l.accounts[a.login])
		if err := l.db.Write(ctx, sc, func(tx *postgres.Tx) error {
			for _, st := range steps[a] {
				if err := st.do(ctx, tx); err != nil {
					return err
				}
			}
			return nil
		}); err != nil {
			return fmt.Errorf("%s in %s: %w", a.login, a.committee, err)
		}
	}
	return nil
}

// moderator is the pilot who moderates s.
func (s *practiceStory) moderator() string {
	if s.Moderator != "" {
		return s.Moderator
	}
	return moderators[s.Committee]
}

// published reports whether the story goes through publication.
func (s *practiceStory) published() bool {
	return s.State == clts.PracticePublished || s.State == clts.PracticeWithdrawn
}

// write: the author writes the practice, attaches its files and, unless
// it stays a draft, submits it.
func (l *practiceLoader) write(s *practiceStory) []step {
	return one(s.Author, func(ctx context.Context, tx *postgres.Tx) error {
		p := s.Practice
		p.ContactAccountID = l.accounts[s.Contact] // 0 without a member contact
		for _, name := range s.Institutions {
			id, ok := l.links[s.Committee].institutions[name]
			if !ok {
				return fmt.Errorf("practice %q: no institution %q", p.Title, name)
			}
			p.InstitutionIDs = append(p.InstitutionIDs, id)
		}
		for _, title := range s.Groups {
			id, ok := l.links[s.Committee].groups[title]
			if !ok {
				return fmt.Errorf("practice %q: no group %q", p.Title, title)
			}
			p.GroupIDs = append(p.GroupIDs, id)
		}
		texts, err := practiceTexts(p)
		if err != nil {
			return fmt.Errorf("practice %q: %w", p.Title, err)
		}
		if s.id, err = tx.CreatePractice(ctx, p, texts); err != nil {
			return fmt.Errorf("practice %q: %w", p.Title, err)
		}
		for _, f := range s.Attachments {
			b, contentType, err := f.content()
			if err != nil {
				return err
			}
			fileID, err := tx.CreateFile(ctx, f.Name, contentType, bytes.NewReader(b), int64(len(b)))
			if err != nil {
				return fmt.Errorf("attachment %s: %w", f.Name, err)
			}
			if err := tx.AttachFile(ctx, s.id, fileID); err != nil {
				return fmt.Errorf("attachment %s: %w", f.Name, err)
			}
		}
		if s.State == clts.PracticeDraft {
			return nil
		}
		return tx.SubmitPractice(ctx, s.id)
	})
}

// moderate: a pilot returns the first version with a comment, or
// publishes it (and shares it).
func (l *practiceLoader) moderate(s *practiceStory) []step {
	switch {
	case s.State == clts.PracticeDraft:
		return nil
	case s.Returned != "":
		return one(s.moderator(), func(ctx context.Context, tx *postgres.Tx) error { return tx.ReturnPractice(ctx, s.id, s.Returned) })
	case s.published():
		return one(s.moderator(), func(ctx context.Context, tx *postgres.Tx) error { return l.publish(ctx, tx, s) })
	}
	return nil
}

func (l *practiceLoader) publish(ctx context.Context, tx *postgres.Tx, s *practiceStory) error {
	if err := tx.PublishPractice(ctx, s.id); err != nil {
		return fmt.Errorf("publish %q: %w", s.Practice.Title, err)
	}
	if s.Shared {
		return tx.SharePractice(ctx, s.id, true)
	}
	return nil
}

// correct: the author of a returned practice corrects it and submits it
// again, unless the story ends on the return.
func (l *practiceLoader) correct(s *practiceStory) []step {
	if s.Returned == "" || s.State == clts.PracticeReturned {
		return nil
	}
	return one(s.Author, func(ctx context.Context, tx *postgres.Tx) error {
		if err := l.change(ctx, tx, s, s.Correct); err != nil {
			return err
		}
		return tx.SubmitPractice(ctx, s.id)
	})
}

// publishCorrected: the pilot publishes the corrected practice.
func (l *practiceLoader) publishCorrected(s *practiceStory) []step {
	if s.Returned == "" || !s.published() {
		return nil
	}
	return one(s.moderator(), func(ctx context.Context, tx *postgres.Tx) error { return l.publish(ctx, tx, s) })
}

// revise: the author or a pilot changes the published practice, which
// records a revision.
func (l *practiceLoader) revise(s *practiceStory) []step {
	if s.Revision == nil {
		return nil
	}
	return one(s.Reviser, func(ctx context.Context, tx *postgres.Tx) error { return l.change(ctx, tx, s, s.Revision) })
}

// change reads the practice as it stands, applies fn and saves it.
func (l *practiceLoader) change(ctx context.Context, tx *postgres.Tx, s *practiceStory, fn func(*clts.Practice)) error {
	p, err := tx.PracticeByID(ctx, s.id)
	if err != nil {
		return fmt.Errorf("practice %q: %w", s.Practice.Title, err)
	}
	if fn != nil {
		fn(p)
	}
	texts, err := practiceTexts(*p)
	if err != nil {
		return fmt.Errorf("practice %q: %w", p.Title, err)
	}
	if err := tx.UpdatePractice(ctx, *p, texts); err != nil {
		return fmt.Errorf("practice %q: %w", p.Title, err)
	}
	return nil
}

// withdraw: a pilot withdraws the published practice, with a reason.
func (l *practiceLoader) withdraw(s *practiceStory) []step {
	if s.State != clts.PracticeWithdrawn {
		return nil
	}
	return one(s.moderator(), func(ctx context.Context, tx *postgres.Tx) error { return tx.WithdrawPractice(ctx, s.id, s.Withdrawn) })
}

// flag: members flag the published practice for the pilots.
func (l *practiceLoader) flag(s *practiceStory) []step {
	var steps []step
	for _, f := range s.Flags {
		steps = append(steps, step{f.By, func(ctx context.Context, tx *postgres.Tx) error { return tx.FlagPractice(ctx, s.id, f.Reason) }})
	}
	return steps
}

// practiceTexts renders the long texts of p, as the form does.
func practiceTexts(p clts.Practice) (postgres.PracticeTexts, error) {
	var t postgres.PracticeTexts
	for _, f := range []struct {
		src string
		dst *markdown.Text
	}{{p.Context, &t.Context}, {p.Actions, &t.Actions}, {p.Means, &t.Means}, {p.Results, &t.Results}, {p.Transfer, &t.Transfer}} {
		text, err := markdown.Render(f.src)
		if err != nil {
			return t, err
		}
		*f.dst = text
	}
	return t, nil
}

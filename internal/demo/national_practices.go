package demo

import (
	"html"
	"iter"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/portail-clts/clts/internal/clts"
)

// nationalPractices is the number of practices the national dataset adds:
// existingPractices in 37-41, the rest spread unevenly over the hundred
// new committees. About one in twenty is shared nationally.
const (
	nationalPractices = 200_000
	existingPractices = 2_000
)

// natPractice is a practice of the national dataset: what the row
// generators need to agree on. Its texts are drawn when its row is
// written, from a generator seeded with its id.
type natPractice struct {
	id, author                    int64
	status                        string
	theme                         int // index in practiceThemes
	groups                        []int64
	institutions                  []int64
	created, submitted, published time.Time // zero: none
	shared                        time.Time
	contact                       int64 // a member, 0 for none
	contactName, contactEmail     string
	contactPublic, running        bool
	startYear, version            int
	returnComment, withdrawReason string
}

// planPractices gives every committee its practices.
func (n *national) planPractices() {
	sizes := make([]int, len(n.committees))
	sizes[0] = existingPractices
	weights, sum := make([]float64, len(n.committees)), 0.0
	for i := 1; i < len(weights); i++ {
		weights[i] = 0.5 + n.rng.Float64()
		sum += weights[i]
	}
	left := nationalPractices - sizes[0]
	for i := 1; i < len(sizes); i++ {
		sizes[i] = int(float64(nationalPractices-existingPractices) * weights[i] / sum)
		left -= sizes[i]
	}
	sizes[len(sizes)-1] += left
	themes := map[string]int{}
	for i, g := range Groups() {
		themes[g.Title] = i
	}
	for ci, c := range n.committees {
		c.practices = make([]*natPractice, 0, sizes[ci])
		for range sizes[ci] {
			c.practices = append(c.practices, n.newPractice(c, themes))
		}
	}
}

// newPractice draws a practice of c: its author, state, dates, themes and
// institutions.
func (n *national) newPractice(c *natCommittee, themes map[string]int) *natPractice {
	p := &natPractice{id: n.id("practices"), version: 1, running: n.chance(0.7)}
	p.author = c.members[n.rng.IntN(len(c.members))].account
	first := n.rng.IntN(len(c.groups))
	p.groups = []int64{c.groups[first].id}
	theme, ok := themes[c.groups[first].title]
	if !ok {
		theme = first % len(practiceThemes)
	}
	p.theme = theme
	if n.chance(0.3) {
		if second := n.rng.IntN(len(c.groups)); second != first {
			p.groups = append(p.groups, c.groups[second].id)
		}
	}
	for _, i := range n.rng.Perm(len(c.instIDs))[:min(len(c.instIDs), 1+n.rng.IntN(3))] {
		p.institutions = append(p.institutions, c.instIDs[i])
	}
	p.startYear = n.now.Year() - 1 - n.rng.IntN(12)
	switch r := n.rng.Float64(); {
	case r < 0.6:
		p.contact = p.author
	case r < 0.85:
		p.contactName = firstNames[n.rng.IntN(len(firstNames))] + " " + lastNames[n.rng.IntN(len(lastNames))]
		p.contactEmail = "contact." + strconv.FormatInt(p.id, 10) + "@partenaire.example"
		p.contactPublic = n.chance(0.7)
	}
	// One in twenty is published and shared; most of the others are
	// published; the rest wait, are drafts, returned or withdrawn.
	switch r := n.rng.Float64(); {
	case r < 0.05:
		p.status, p.shared = clts.PracticePublished, time.Unix(1, 0) // dated below
	case r < 0.85:
		p.status = clts.PracticePublished
	case r < 0.90:
		p.status = clts.PracticeSubmitted
	case r < 0.95:
		p.status = clts.PracticeDraft
	case r < 0.97:
		p.status, p.returnComment = clts.PracticeReturned, returnComments[n.rng.IntN(len(returnComments))]
	default:
		p.status, p.withdrawReason = clts.PracticeWithdrawn, withdrawReasons[n.rng.IntN(len(withdrawReasons))]
	}
	day := 24 * time.Hour
	p.created = n.now.Add(-time.Duration(30+n.rng.IntN(6*365)) * day).Add(-time.Duration(n.rng.IntN(86400)) * time.Second)
	before := func(t time.Time) time.Time { // steps stay in the past
		if t.After(n.now) {
			return n.now.Add(-time.Hour)
		}
		return t
	}
	if p.status != clts.PracticeDraft {
		p.submitted = before(p.created.Add(time.Duration(1+n.rng.IntN(20)) * day))
		p.version++
	}
	if p.status == clts.PracticeReturned {
		p.version++
	}
	if p.status == clts.PracticePublished || p.status == clts.PracticeWithdrawn {
		p.published = before(p.submitted.Add(time.Duration(1+n.rng.IntN(30)) * day))
		p.version++
	}
	if !p.shared.IsZero() {
		p.shared = before(p.published.Add(time.Duration(n.rng.IntN(60)) * day))
	}
	return p
}

// updated is the time of the practice's last step.
func (p *natPractice) updated() time.Time {
	t := p.created
	for _, s := range []time.Time{p.submitted, p.published, p.shared} {
		if s.After(t) {
			t = s
		}
	}
	return t
}

// practiceText is a Markdown text and its HTML, assembled together from
// plain sentences (no Markdown signs in the phrase banks), as
// markdown.Render would write them.
type practiceText struct {
	src, html strings.Builder
}

// para adds a paragraph of sentences.
func (t *practiceText) para(sentences ...string) {
	s := strings.Join(sentences, " ")
	t.sep()
	t.src.WriteString(s)
	t.html.WriteString("<p>" + html.EscapeString(s) + "</p>\n")
}

// list adds a bulleted list.
func (t *practiceText) list(items ...string) {
	t.sep()
	t.html.WriteString("<ul>\n")
	for i, it := range items {
		if i > 0 {
			t.src.WriteString("\n")
		}
		t.src.WriteString("- " + it)
		t.html.WriteString("<li>" + html.EscapeString(it) + "</li>\n")
	}
	t.html.WriteString("</ul>\n")
}

func (t *practiceText) sep() {
	if t.src.Len() > 0 {
		t.src.WriteString("\n\n")
	}
}

// capitalized is s with its first letter in upper case.
func capitalized(s string) string {
	for i, r := range s {
		return strings.ToUpper(string(r)) + s[i+len(string(r)):]
	}
	return s
}

// drawnPractice is a practice's title, summary, five long texts and
// other actors.
type drawnPractice struct {
	title, summary, otherActors                string
	context, actions, means, results, transfer practiceText
}

var otherActorsBank = []string{
	"Mission locale, centre social associatif.", "Bailleurs sociaux, associations caritatives.",
	"Centre hospitalier, médecins traitants, services d'aide à domicile.", "France Travail, structures d'insertion par l'activité économique.",
	"Communes et communautés de communes du territoire.",
}

// draw assembles p's texts from the phrase banks, with a generator seeded
// with its id: the same practice always reads the same.
func (p *natPractice) draw() *drawnPractice {
	r := rand.New(rand.NewPCG(uint64(p.id), 0x5eed))
	pick := func(bank []string) string { return bank[r.IntN(len(bank))] }
	picks := func(bank []string, k int) []string {
		var out []string
		for _, i := range r.Perm(len(bank))[:k] {
			out = append(out, bank[i])
		}
		return out
	}
	fill := func(s string) string {
		if strings.Contains(s, "%s") {
			return withPublic(s, pick(practicePublics))
		}
		if strings.Contains(s, "%d") {
			n := 5 + r.IntN(60)
			if !strings.Contains(s, "%%") {
				n = 10 + r.IntN(490)
			}
			return strings.Replace(strings.Replace(s, "%d", strconv.Itoa(n), 1), "%%", "%", 1)
		}
		return s
	}
	th := practiceThemes[p.theme]
	place := pick(practicePlaces)
	d := &drawnPractice{}
	d.title = fill(pick(th.titles)) + " " + place
	d.summary = fill(pick(th.summaries)) + " Action menée " + place + " depuis " + strconv.Itoa(p.startYear) + "."
	needs := picks(th.needs, 2)
	d.context.para(needs...)
	d.context.para(withPublic("Elle s'adresse en priorité à %s, "+place+".", pick(practicePublics)))
	d.actions.para("Les partenaires ont mis en place :")
	var items []string
	for _, a := range picks(th.actions, 3+r.IntN(2)) {
		items = append(items, capitalized(a)+".")
	}
	d.actions.list(items...)
	var means []string
	for _, m := range picks(practiceMeans, 2) {
		means = append(means, capitalized(m)+".")
	}
	d.means.list(means...)
	res := picks(th.results, 2)
	d.results.para(fill(res[0]), fill(res[1]))
	d.transfer.para(picks(practiceTransfers, 2)...)
	if r.IntN(10) < 3 {
		d.otherActors = pick(otherActorsBank)
	}
	return d
}

// withPublic puts public ("les …") in the place of %s in s, contracting
// « de les » and « à les » as French does.
func withPublic(s, public string) string {
	rest := strings.TrimPrefix(public, "les ")
	s = strings.Replace(s, "de %s", "des "+rest, 1)
	s = strings.Replace(s, "à %s", "aux "+rest, 1)
	return strings.Replace(s, "%s", public, 1)
}

// practiceRows writes the practices; the search column is computed by
// PostgreSQL from the texts.
func (n *national) practiceRows() iter.Seq[[]any] {
	null := func(t time.Time) any {
		if t.IsZero() {
			return nil
		}
		return t
	}
	return func(yield func([]any) bool) {
		for _, c := range n.committees {
			for _, p := range c.practices {
				d := p.draw()
				var contact any
				if p.contact != 0 {
					contact = p.contact
				}
				dep := c.departements()[int(p.id)%len(c.departements())]
				if !yield([]any{c.id, p.id, p.status, p.author, d.title, d.summary,
					d.context.src.String(), d.context.html.String(), d.actions.src.String(), d.actions.html.String(),
					d.means.src.String(), d.means.html.String(), d.results.src.String(), d.results.html.String(),
					d.transfer.src.String(), d.transfer.html.String(), d.otherActors, dep, p.startYear, p.running,
					contact, p.contactName, p.contactEmail, p.contactPublic, p.returnComment, p.withdrawReason,
					null(p.submitted), null(p.published), null(p.shared), p.created, p.updated(), p.version}) {
					return
				}
			}
		}
	}
}

// practiceColumns are the columns practiceRows writes, in order.
var practiceColumns = []string{"committee_id", "id", "status", "author_id", "title", "summary",
	"context", "context_html", "actions", "actions_html", "means", "means_html", "results", "results_html",
	"transfer", "transfer_html", "other_actors", "departement", "start_year", "running",
	"contact_account_id", "contact_name", "contact_email", "contact_public", "return_comment", "withdraw_reason",
	"submitted_at", "published_at", "shared_at", "created_at", "updated_at", "version"}

func (n *national) practiceGroupRows() iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		for _, c := range n.committees {
			for _, p := range c.practices {
				for _, g := range p.groups {
					if !yield([]any{c.id, p.id, g}) {
						return
					}
				}
			}
		}
	}
}

func (n *national) practiceInstitutionRows() iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		for _, c := range n.committees {
			for _, p := range c.practices {
				for _, i := range p.institutions {
					if !yield([]any{c.id, p.id, i}) {
						return
					}
				}
			}
		}
	}
}

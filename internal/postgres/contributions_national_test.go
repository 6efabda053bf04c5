package postgres_test

import (
	"context"
	"errors"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/mails"
	"github.com/portail-clts/clts/internal/markdown"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// nationalWorld is practiceWorld with an HCTS reader, a campaign and
// contributions in both committees, written with plain SQL through the
// committees' own scopes (the store's workflow is engineer A's).
type nationalWorld struct {
	*practiceWorld
	hcts     int64
	campaign int64 // open, deadline in a month
	old      int64 // 2019's, closed
}

func newNationalWorld(t *testing.T) *nationalWorld {
	t.Helper()
	w := &nationalWorld{practiceWorld: newPracticeWorld(t)}
	w.db.SetContributionReplyMailer(mails.ContributionReplies{BaseURL: testBaseURL})
	pgtest.MustWrite(t, w.db, postgres.Scope{}, func(tx *postgres.Tx) error {
		var err error
		w.hcts, err = tx.CreateAccount(context.Background(), postgres.NewAccount{Login: "hcts", DisplayName: "Hélène HCTS",
			Email: "hcts@exemple.fr", PasswordHash: "x", HCTSReader: true})
		return err
	})
	pgtest.MustWrite(t, w.db, postgres.Scope{AccountID: w.hcts, HCTS: true}, func(tx *postgres.Tx) error {
		ctx := context.Background()
		err := tx.PG().QueryRow(ctx, `INSERT INTO campaigns (year, deadline, opened_by) VALUES (2026, now() + interval '30 days', $1) RETURNING id`,
			w.hcts).Scan(&w.campaign)
		if err != nil {
			return err
		}
		return tx.PG().QueryRow(ctx, `INSERT INTO campaigns (year, deadline, opened_by) VALUES (2019, '2019-12-31 23:59:59+01', $1) RETURNING id`,
			w.hcts).Scan(&w.old)
	})
	return w
}

// reader is the scope of the HCTS's national reading.
func (w *nationalWorld) reader() postgres.Scope {
	return postgres.Scope{AccountID: w.hcts, HCTS: true, National: true}
}

// contrib is a contribution to insert: its committee, author, campaign,
// category, state and texts.
type contrib struct {
	committee, author, campaign int64
	category, status            string
	title, body                 string
	group                       int64
	practices                   []int64
	publicAuthors               string
	indicators                  string // JSON
	transmittedAt               time.Time
}

// insert writes c with plain SQL in its committee's scope (a transmitted
// one with its row of contribution_national_search, as the store's
// transmission does) and returns its id.
func (w *nationalWorld) insert(c contrib) int64 {
	w.t.Helper()
	if c.campaign == 0 {
		c.campaign = w.campaign
	}
	if c.transmittedAt.IsZero() {
		c.transmittedAt = time.Now().Add(-time.Hour)
	}
	var id int64
	w.must(w.in(c.committee, c.author), func(ctx context.Context, tx *postgres.Tx) error {
		transmitted := c.status == clts.ContributionTransmitted
		var at *time.Time
		var by *int64
		if transmitted {
			at, by = &c.transmittedAt, &c.author
		}
		var indicators *string
		if c.indicators != "" {
			indicators = &c.indicators
		}
		err := tx.PG().QueryRow(ctx, `INSERT INTO contributions (committee_id, campaign_id, category, status, title, body,
				body_html, group_id, created_by, public_authors, indicators, transmitted_at, transmitted_by)
			VALUES ($1, $2, $3, $4, $5, $6, '<p>' || $6 || '</p>', nullif($7, 0), $8, $9, $10::jsonb, $11, $12) RETURNING id`,
			c.committee, c.campaign, c.category, c.status, c.title, c.body, c.group, c.author, c.publicAuthors,
			indicators, at, by).Scan(&id)
		if err != nil {
			return err
		}
		if _, err := tx.PG().Exec(ctx, `INSERT INTO contribution_authors (committee_id, contribution_id, account_id, publish_name)
			VALUES ($1, $2, $3, true)`, c.committee, id, c.author); err != nil {
			return err
		}
		for _, p := range c.practices {
			if _, err := tx.PG().Exec(ctx, `INSERT INTO contribution_practices (committee_id, contribution_id, practice_id)
				VALUES ($1, $2, $3)`, c.committee, id, p); err != nil {
				return err
			}
		}
		if transmitted {
			_, err = tx.PG().Exec(ctx, `INSERT INTO contribution_national_search (committee_id, contribution_id, search, transmitted_at, campaign_id, category)
				SELECT committee_id, id, search, transmitted_at, campaign_id, category FROM contributions WHERE committee_id = $1 AND id = $2`, c.committee, id)
		}
		return err
	})
	return id
}

// list runs q in scope sc twice, planned for its parameters and with
// generic plans (Scope.GenericPlans, as the reading's page runs it), and
// both must give the same page and count.
func (w *nationalWorld) list(sc postgres.Scope, q postgres.NationalQuery) ([]clts.ContributionHit, int) {
	w.t.Helper()
	run := func(sc postgres.Scope) ([]clts.ContributionHit, int) {
		var hits []clts.ContributionHit
		var total int
		pgtest.MustRead(w.t, w.db, sc, func(tx *postgres.Tx) error {
			var err error
			hits, total, err = tx.NationalContributions(context.Background(), q)
			return err
		})
		return hits, total
	}
	hits, total := run(sc)
	sc.GenericPlans = !sc.GenericPlans
	if again, n := run(sc); n != total || !slices.Equal(titles(again), titles(hits)) {
		w.t.Errorf("%+v: generic plans %v give %d %q, else %d %q", q, sc.GenericPlans, n, titles(again), total, titles(hits))
	}
	return hits, total
}

func titles(hits []clts.ContributionHit) []string {
	var out []string
	for _, h := range hits {
		out = append(out, h.Title)
	}
	return out
}

// TestNationalReadingTransmittedOnly: an HCTS reader sees the transmitted
// contributions of every committee and never a draft, a proposed or a
// validated one — through the store, and through raw statements that
// forget the state (row-level security alone).
func TestNationalReadingTransmittedOnly(t *testing.T) {
	t.Parallel()
	w := newNationalWorld(t)
	hidden := map[string]int64{}
	for _, st := range []string{clts.ContributionDraft, clts.ContributionProposed, clts.ContributionValidated} {
		hidden[st] = w.insert(contrib{committee: w.a, author: w.authorA, category: clts.CategoryNeeds, status: st,
			title: "Contribution " + st, body: "Un texte secret " + st})
	}
	sentA := w.insert(contrib{committee: w.a, author: w.authorA, category: clts.CategoryNeeds, status: clts.ContributionTransmitted,
		title: "Les besoins du Blaisois", body: "Des familles loin des services.", publicAuthors: "Paul Auteur"})
	sentB := w.insert(contrib{committee: w.b, author: w.authorB, category: clts.CategoryGovernance, status: clts.ContributionTransmitted,
		title: "La gouvernance du Loiret", body: "Un comité qui se réunit chaque mois."})

	hits, total := w.list(w.reader(), postgres.NationalQuery{})
	if total != 2 || len(hits) != 2 {
		t.Fatalf("the reader sees %d (%v), want the 2 transmitted", total, titles(hits))
	}
	// Newest transmitted first; both committees named.
	for _, h := range hits {
		if h.Status != clts.ContributionTransmitted || h.CommitteeName == "" || h.CampaignYear != 2026 {
			t.Errorf("hit %+v", h.Contribution)
		}
	}
	if hits[0].PublicAuthors != "Paul Auteur" && hits[1].PublicAuthors != "Paul Auteur" {
		t.Error("the published authors' names are missing")
	}
	// A search for the hidden texts' words finds nothing.
	if hits, _ := w.list(w.reader(), postgres.NationalQuery{Text: "secret"}); len(hits) != 0 {
		t.Errorf("the search finds untransmitted contributions: %v", titles(hits))
	}
	ctx := context.Background()
	for st, id := range hidden {
		err := w.db.Read(ctx, w.reader(), func(tx *postgres.Tx) error {
			_, err := tx.NationalContributionByID(ctx, "a", id)
			return err
		})
		if clts.ErrorCode(err) != clts.ENOTFOUND {
			t.Errorf("the %s contribution by id: %v, want ENOTFOUND", st, err)
		}
		err = w.step(w.reader(), func(ctx context.Context, tx *postgres.Tx) error { return tx.MarkContributionRead(ctx, "a", id, true) })
		if clts.ErrorCode(err) != clts.ENOTFOUND {
			t.Errorf("marking the %s contribution read: %v, want ENOTFOUND", st, err)
		}
	}
	// The committee's slug must match: b's contribution under a's name is unknown.
	err := w.db.Read(ctx, w.reader(), func(tx *postgres.Tx) error {
		_, err := tx.NationalContributionByID(ctx, "a", sentB)
		return err
	})
	if clts.ErrorCode(err) != clts.ENOTFOUND {
		t.Errorf("b's contribution under a's slug: %v, want ENOTFOUND", err)
	}

	// Raw statements that forget the state: row-level security keeps the
	// transmitted rows only, in every table the page reads.
	var statuses []string
	var authors, events, readable int
	pgtest.MustRead(t, w.db, w.reader(), func(tx *postgres.Tx) error {
		if err := tx.PG().QueryRow(ctx, `SELECT coalesce(array_agg(status ORDER BY id), '{}') FROM contributions`).Scan(&statuses); err != nil {
			return err
		}
		if err := tx.PG().QueryRow(ctx, `SELECT count(*) FROM contribution_practices cp
			WHERE NOT EXISTS (SELECT FROM contributions c WHERE c.status = 'transmise' AND c.id = cp.contribution_id)`).Scan(&readable); err != nil {
			return err
		}
		if err := tx.PG().QueryRow(ctx, `SELECT count(*) FROM contribution_authors`).Scan(&authors); err != nil {
			return err
		}
		return tx.PG().QueryRow(ctx, `SELECT count(*) FROM contribution_national_search`).Scan(&events)
	})
	if strings.Join(statuses, ",") != "transmise,transmise" {
		t.Errorf("a raw SELECT of contributions gives the reader %v, want the 2 transmitted only", statuses)
	}
	if authors != 0 {
		t.Errorf("the reader reads %d rows of contribution_authors (account ids)", authors)
	}
	if events != 2 || readable != 0 {
		t.Errorf("national search rows %d (want 2), practices of hidden ones %d", events, readable)
	}
	_ = sentA
}

// TestNationalReadingNotForMembers: the member of a committee, even on the
// national catalogue (National without HCTS), reads nothing nationally;
// in its committee it reads its own contributions only.
func TestNationalReadingNotForMembers(t *testing.T) {
	t.Parallel()
	w := newNationalWorld(t)
	w.insert(contrib{committee: w.a, author: w.authorA, category: clts.CategoryNeeds, status: clts.ContributionTransmitted,
		title: "Transmise par A", body: "Texte."})
	w.insert(contrib{committee: w.b, author: w.authorB, category: clts.CategoryNeeds, status: clts.ContributionTransmitted,
		title: "Transmise par B", body: "Texte."})
	if hits, total := w.list(w.national(w.pilotB), postgres.NationalQuery{}); total != 0 || len(hits) != 0 {
		t.Errorf("a committee member on the national catalogue reads %v", titles(hits))
	}
	if hits, _ := w.list(w.national(w.pilotB), postgres.NationalQuery{Text: "transmise"}); len(hits) != 0 {
		t.Errorf("a committee member's national search finds %v", titles(hits))
	}
	var n int
	pgtest.MustRead(t, w.db, w.in(w.b, w.pilotB), func(tx *postgres.Tx) error {
		return tx.PG().QueryRow(context.Background(), `SELECT count(*) FROM contributions WHERE committee_id = $1`, w.a).Scan(&n)
	})
	if n != 0 {
		t.Errorf("b's pilot reads %d of a's contributions", n)
	}
	err := w.step(w.national(w.pilotB), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.SetContributionRetained(ctx, "a", 1, true)
	})
	if clts.ErrorCode(err) != clts.ENOTFOUND {
		t.Errorf("a member retains a contribution: %v, want ENOTFOUND", err)
	}
}

// TestNationalReadingSearchAndFilters: the French search ignores accents
// and case, ranks and highlights; the filters combine.
func TestNationalReadingSearchAndFilters(t *testing.T) {
	t.Parallel()
	w := newNationalWorld(t)
	sent := clts.ContributionTransmitted
	digital := w.insert(contrib{committee: w.a, author: w.authorA, category: clts.CategoryNeeds, status: sent,
		title: "L'accès aux droits à l'ère numérique", body: "Les démarches dématérialisées éloignent les personnes âgées. Le numérique demande un accompagnement.",
		transmittedAt: time.Now().Add(-3 * time.Hour)})
	w.insert(contrib{committee: w.a, author: w.authorA, category: clts.CategoryGovernance, status: sent,
		title: "Une gouvernance partagée", body: "Le comité réunit les institutions ; un outil numérique aide à préparer les réunions.",
		transmittedAt: time.Now().Add(-2 * time.Hour)})
	w.insert(contrib{committee: w.b, author: w.authorB, category: clts.CategoryNeeds, status: sent,
		title: "Les jeunes majeurs", body: "Les sorties de l'aide sociale à l'enfance sans solution.",
		transmittedAt: time.Now().Add(-time.Hour)})
	w.insert(contrib{committee: w.b, author: w.authorB, campaign: w.old, category: clts.CategoryNeeds, status: sent,
		title: "Les besoins de 2019", body: "Texte de 2019.", transmittedAt: time.Date(2019, 11, 5, 10, 0, 0, 0, time.UTC)})

	hits, total := w.list(w.reader(), postgres.NationalQuery{Text: "NUMERIQUE"})
	if total != 2 || len(hits) != 2 {
		t.Fatalf("« NUMERIQUE » finds %v, want the 2 that say « numérique »", titles(hits))
	}
	if hits[0].ID != digital {
		t.Errorf("the title's match is not ranked first: %v", titles(hits))
	}
	if !strings.Contains(hits[0].Headline, "<mark>numérique</mark>") {
		t.Errorf("headline %q does not mark the word found", hits[0].Headline)
	}
	if hits, _ := w.list(w.reader(), postgres.NationalQuery{Text: "dematerialisees"}); len(hits) != 1 || hits[0].ID != digital {
		t.Errorf("« dematerialisees » finds %v", titles(hits))
	}
	// Stop words only: no search, everything.
	if _, total := w.list(w.reader(), postgres.NationalQuery{Text: "de la"}); total != 4 {
		t.Errorf("a search of stop words gives %d, want all 4", total)
	}
	retained := true
	w.must(w.reader(), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.SetContributionRetained(ctx, "a", digital, true)
	})
	for name, c := range map[string]struct {
		q    postgres.NationalQuery
		want int
	}{
		"category":       {postgres.NationalQuery{Category: clts.CategoryNeeds}, 3},
		"committee":      {postgres.NationalQuery{Committee: "b"}, 2},
		"département 41": {postgres.NationalQuery{Departement: "41"}, 2},
		"département 45": {postgres.NationalQuery{Departement: "45", CampaignID: w.campaign}, 1},
		"campaign 2019":  {postgres.NationalQuery{CampaignID: w.old}, 1},
		"retained":       {postgres.NationalQuery{Retained: &retained}, 1},
		"words+filter":   {postgres.NationalQuery{Text: "numérique", Category: clts.CategoryGovernance}, 1},
		"unknown slug":   {postgres.NationalQuery{Committee: "zz"}, 0},
	} {
		if _, total := w.list(w.reader(), c.q); total != c.want {
			t.Errorf("%s: %d, want %d", name, total, c.want)
		}
	}
	// Paging: the total stays, the page holds Limit.
	if hits, total := w.list(w.reader(), postgres.NationalQuery{Limit: 1, Offset: 1}); total != 4 || len(hits) != 1 {
		t.Errorf("page 2 of 1: %d hits of %d", len(hits), total)
	}
	if hits, total := w.list(w.reader(), postgres.NationalQuery{Limit: 20, Offset: 40}); total != 4 || len(hits) != 0 {
		t.Errorf("a page beyond the last: %d hits of %d, want none of 4", len(hits), total)
	}
	// The excerpt without a search: the beginning of the text, escaped.
	hits, _ = w.list(w.reader(), postgres.NationalQuery{Committee: "b", CampaignID: w.campaign})
	if len(hits) != 1 || !strings.Contains(hits[0].Headline, "l&#39;aide sociale") {
		t.Errorf("excerpt %q", hits[0].Headline)
	}
}

// TestNationalSearchUsesIndex: under row-level security the planner can
// still use contribution_national_search's GIN index for the words, as
// the search matches there (searchNationalContributions).
func TestNationalSearchUsesIndex(t *testing.T) {
	t.Parallel()
	w := newNationalWorld(t)
	var plan []string
	pgtest.MustRead(t, w.db, w.reader(), func(tx *postgres.Tx) error {
		ctx := context.Background()
		if _, err := tx.PG().Exec(ctx, `SET LOCAL enable_seqscan = off`); err != nil {
			return err
		}
		rows, err := tx.PG().Query(ctx, `EXPLAIN SELECT ns.contribution_id FROM contribution_national_search ns
			WHERE (SELECT clts_is_hcts()) AND ns.search @@ websearch_to_tsquery('clts_french', 'numérique')`)
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var line string
			if err := rows.Scan(&line); err != nil {
				return err
			}
			plan = append(plan, line)
		}
		return rows.Err()
	})
	if !strings.Contains(strings.Join(plan, "\n"), "contribution_national_search_idx") {
		t.Errorf("the search does not use the GIN index:\n%s", strings.Join(plan, "\n"))
	}
}

// TestNationalReadingActions: reading, retaining and replying are
// recorded, audited, seen by the committee, and the reply is mailed to its
// pilots and the contribution's authors only.
func TestNationalReadingActions(t *testing.T) {
	t.Parallel()
	w := newNationalWorld(t)
	id := w.insert(contrib{committee: w.a, author: w.authorA, category: clts.CategoryPractices, status: clts.ContributionTransmitted,
		title: "Un guichet unique", body: "Texte."})
	read := func() *clts.Contribution {
		t.Helper()
		var c *clts.Contribution
		pgtest.MustRead(t, w.db, w.reader(), func(tx *postgres.Tx) error {
			var err error
			c, err = tx.NationalContributionByID(context.Background(), "a", id)
			return err
		})
		return c
	}
	if c := read(); c.Reading != nil {
		t.Fatalf("a reading before any: %+v", c.Reading)
	}
	w.must(w.reader(), func(ctx context.Context, tx *postgres.Tx) error { return tx.MarkContributionRead(ctx, "a", id, true) })
	if c := read(); c.Reading == nil || c.Reading.ReadAt == nil || c.Reading.Retained {
		t.Fatalf("after marking read: %+v", c.Reading)
	}
	w.must(w.reader(), func(ctx context.Context, tx *postgres.Tx) error { return tx.MarkContributionRead(ctx, "a", id, false) })
	if c := read(); c.Reading.ReadAt != nil {
		t.Error("marking unread leaves it read")
	}
	w.must(w.reader(), func(ctx context.Context, tx *postgres.Tx) error {
		return tx.SetContributionRetained(ctx, "a", id, true)
	})
	if c := read(); !c.Reading.Retained || c.Reading.ReadAt == nil {
		t.Errorf("retaining: %+v (want retained and read)", c.Reading)
	}

	reply := func(text string) error {
		r, err := markdown.Render(text)
		if err != nil {
			t.Fatal(err)
		}
		return w.step(w.reader(), func(ctx context.Context, tx *postgres.Tx) error { return tx.ReplyToContribution(ctx, "a", id, r) })
	}
	var ce *clts.Error
	if err := reply("   "); !errors.As(err, &ce) || ce.Fields["reponse"] == "" {
		t.Errorf("an empty reply: %v, want a field error on reponse", err)
	}
	if err := reply(strings.Repeat("a", clts.MaxHCTSReply+1)); !errors.As(err, &ce) || ce.Fields["reponse"] == "" {
		t.Errorf("a reply too long: %v", err)
	}
	before := len(w.outbox())
	if err := reply("Merci : cette contribution **nourrira** le chapitre sur l'accès aux droits."); err != nil {
		t.Fatal(err)
	}
	c := read()
	if c.Reading.RepliedAt == nil || !strings.Contains(c.Reading.ReplyHTML, "<strong>nourrira</strong>") {
		t.Errorf("the reply is not recorded: %+v", c.Reading)
	}
	ms := w.outbox()[before:]
	to := map[string]bool{}
	for _, m := range ms {
		to[m.To] = true
		if !strings.Contains(m.Body, "nourrira") || !strings.Contains(m.Body, testBaseURL+"/c/a/contributions/") {
			t.Errorf("the e-mail to %s lacks the reply or the link:\n%s", m.To, m.Body)
		}
		if !strings.Contains(m.Subject, "Un guichet unique") {
			t.Errorf("subject %q", m.Subject)
		}
	}
	if len(ms) != 2 || !to["pilote-a@exemple.fr"] || !to["auteur-a@exemple.fr"] {
		t.Errorf("the reply is mailed to %v, want a's pilot and the author", to)
	}

	// The committee reads the HCTS's reading of its contribution.
	var replyText string
	var retained bool
	pgtest.MustRead(t, w.db, w.in(w.a, w.pilotA), func(tx *postgres.Tx) error {
		return tx.PG().QueryRow(context.Background(), `SELECT reply, retained FROM contribution_readings WHERE contribution_id = $1`, id).
			Scan(&replyText, &retained)
	})
	if !retained || !strings.Contains(replyText, "nourrira") {
		t.Errorf("the committee reads reply %q, retained %v", replyText, retained)
	}
	// And cannot write it.
	err := w.step(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		_, err := tx.PG().Exec(ctx, `UPDATE contribution_readings SET retained = false WHERE contribution_id = $1`, id)
		return err
	})
	var still bool
	pgtest.MustRead(t, w.db, w.reader(), func(tx *postgres.Tx) error {
		return tx.PG().QueryRow(context.Background(), `SELECT retained FROM contribution_readings WHERE contribution_id = $1`, id).Scan(&still)
	})
	if err == nil && !still {
		t.Error("the committee's pilot un-retains the HCTS's reading")
	}

	// Each action is in the audit log.
	var actions []string
	pgtest.MustRead(t, w.db, postgres.Scope{Operator: true}, func(tx *postgres.Tx) error {
		return tx.PG().QueryRow(context.Background(), `SELECT array_agg(action ORDER BY id) FROM audit_log
			WHERE actor_id = $1 AND action LIKE 'contribution.%'`, w.hcts).Scan(&actions)
	})
	if got := strings.Join(actions, " "); got != "contribution.read contribution.unread contribution.retain contribution.reply" {
		t.Errorf("audit: %s", got)
	}
}

// TestNationalContributionPage: the page's query reads the indicators, the
// shared practices only, and the chain of transmitted editions.
func TestNationalContributionPage(t *testing.T) {
	t.Parallel()
	w := newNationalWorld(t)
	shared := w.inState(w.a, w.authorA, w.pilotA, complete("Permanences itinérantes"), clts.PracticePublished, true)
	local := w.inState(w.a, w.authorA, w.pilotA, complete("Réunion interne"), clts.PracticePublished, false)
	first := w.insert(contrib{committee: w.a, author: w.authorA, category: clts.CategoryParticipation, status: clts.ContributionTransmitted,
		title: "La participation en 2026", body: "Première version.", group: w.groupA[0], practices: []int64{shared, local},
		indicators:    `{"annee": 2026, "annee_entiere": {"periode": "2026", "reunions_tenues": 6, "presences": 40, "presences_personnes_accompagnees": 8}}`,
		transmittedAt: time.Now().Add(-2 * time.Hour)})
	var second, draft int64
	w.must(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error {
		err := tx.PG().QueryRow(ctx, `INSERT INTO contributions (committee_id, campaign_id, category, status, title, body, created_by,
				previous_id, edition, transmitted_at, transmitted_by)
			VALUES ($1, $2, 'participation', 'transmise', 'La participation en 2026 (corrigée)', 'Deuxième version.', $3, $4, 2, now(), $3)
			RETURNING id`, w.a, w.campaign, w.authorA, first).Scan(&second)
		if err != nil {
			return err
		}
		return tx.PG().QueryRow(ctx, `INSERT INTO contributions (committee_id, campaign_id, category, title, created_by, previous_id, edition)
			VALUES ($1, $2, 'participation', 'Troisième, en cours', $3, $4, 3) RETURNING id`, w.a, w.campaign, w.authorA, second).Scan(&draft)
	})
	ctx := context.Background()
	pgtest.MustRead(t, w.db, w.reader(), func(tx *postgres.Tx) error {
		c, err := tx.NationalContributionByID(ctx, "a", first)
		if err != nil {
			return err
		}
		if c.Indicators == nil || c.Indicators.Total.Meetings != 6 || c.Indicators.Total.SupportedAttendees != 8 {
			t.Errorf("indicators %+v", c.Indicators)
		}
		if c.GroupTitle != "Numérique et accès aux droits" {
			t.Errorf("group %q", c.GroupTitle)
		}
		if c.NextID != second {
			t.Errorf("next %d, want %d", c.NextID, second)
		}
		if len(c.PracticeIDs) != 1 || c.PracticeIDs[0] != shared {
			t.Errorf("practice ids %v, want the shared one only", c.PracticeIDs)
		}
		ps, others, err := tx.NationalContributionPractices(ctx, c)
		if err != nil {
			return err
		}
		if len(ps) != 1 || ps[0].ID != shared || ps[0].Title != "Permanences itinérantes" || others != 1 {
			t.Errorf("linked practices %+v and %d others, want the shared one and 1 other", ps, others)
		}
		eds, err := tx.NationalContributionEditions(ctx, c)
		if err != nil {
			return err
		}
		if len(eds) != 2 || eds[0].ID != first || eds[1].ID != second {
			t.Errorf("editions %+v, want the two transmitted", eds)
		}
		c2, err := tx.NationalContributionByID(ctx, "a", second)
		if err != nil {
			return err
		}
		if c2.PreviousID != first || c2.NextID != 0 || c2.Edition != 2 {
			t.Errorf("second edition: previous %d next %d edition %d (its draft correction must not show)", c2.PreviousID, c2.NextID, c2.Edition)
		}
		return nil
	})
}

// TestEachNationalContribution: the export's reader streams every match
// in the report's order, in one snapshot, and counts them per committee
// and category.
func TestEachNationalContribution(t *testing.T) {
	t.Parallel()
	w := newNationalWorld(t)
	sent := clts.ContributionTransmitted
	w.insert(contrib{committee: w.b, author: w.authorB, category: clts.CategoryParticipation, status: sent, title: "B participation", body: "x"})
	w.insert(contrib{committee: w.a, author: w.authorA, category: clts.CategoryParticipation, status: sent, title: "A participation", body: "x"})
	w.insert(contrib{committee: w.a, author: w.authorA, category: clts.CategoryNeeds, status: sent, title: "A besoins", body: "x"})
	w.insert(contrib{committee: w.a, author: w.authorA, category: clts.CategoryNeeds, status: clts.ContributionValidated, title: "A validée", body: "x"})
	var got []string
	var counts []clts.CategoryCount
	err := w.db.Snapshot(context.Background(), w.reader(), func(tx *postgres.Tx) error {
		ctx := context.Background()
		if err := tx.EachNationalContribution(ctx, postgres.NationalQuery{Limit: 1}, func(c *clts.Contribution) error {
			got = append(got, c.Title)
			return nil
		}); err != nil {
			return err
		}
		var err error
		counts, err = tx.NationalContributionCounts(ctx, postgres.NationalQuery{})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ", ") != "A besoins, A participation, B participation" {
		t.Errorf("export order: %v", got)
	}
	if len(counts) != 3 || counts[0].CommitteeSlug != "a" || counts[0].Category != clts.CategoryNeeds || counts[0].Count != 1 {
		t.Errorf("counts %+v", counts)
	}
	stop := errors.New("stop")
	n := 0
	err = w.db.Snapshot(context.Background(), w.reader(), func(tx *postgres.Tx) error {
		return tx.EachNationalContribution(context.Background(), postgres.NationalQuery{}, func(*clts.Contribution) error {
			n++
			return stop
		})
	})
	if !errors.Is(err, stop) || n != 1 {
		t.Errorf("an error of fn: %v after %d rows", err, n)
	}
}

// TestNationalReadingNoReturnComments: a pilot's return comment stays in
// the committee; the HCTS reads the other steps of a transmitted
// contribution's history, even through a raw statement.
func TestNationalReadingNoReturnComments(t *testing.T) {
	t.Parallel()
	w := newNationalWorld(t)
	id := w.insert(contrib{committee: w.a, author: w.authorA, category: clts.CategoryNeeds, status: clts.ContributionTransmitted,
		title: "Les besoins du Blaisois", body: "Des familles loin des services."})
	w.must(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error {
		_, err := tx.PG().Exec(ctx, `INSERT INTO contribution_events (committee_id, contribution_id, actor_id, action, comment)
			VALUES ($1, $2, $3, 'return', 'Trop vague sur le Blaisois'), ($1, $2, $3, 'propose', '')`, w.a, id, w.authorA)
		return err
	})
	var actions []string
	pgtest.MustRead(t, w.db, w.reader(), func(tx *postgres.Tx) error {
		return tx.PG().QueryRow(context.Background(),
			`SELECT coalesce(array_agg(action ORDER BY action), '{}') FROM contribution_events`).Scan(&actions)
	})
	if strings.Join(actions, ",") != "propose" {
		t.Errorf("the HCTS reads the events %v, want the proposal only (no return comment)", actions)
	}
}

package demo

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"iter"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// nationalContributions is the number of transmitted contributions the
// national dataset adds, spread unevenly over the hundred new committees
// and over the campaigns of the last three years and 2019: what the HCTS's
// national reading and its exports work on.
const nationalContributions = 100_000

// addNationalContributions adds the contributions to a national dataset
// loaded before they existed (committee n001 is there, and none of the
// hundred committees has a contribution), in the transaction tx of conn;
// it does nothing otherwise. It reads the committees' members, pilots and
// groups back from the database.
func addNationalContributions(ctx context.Context, conn *pgx.Conn, tx pgx.Tx, now time.Time, w io.Writer) error {
	start := time.Now()
	var has bool
	if err := tx.QueryRow(ctx, `SELECT EXISTS (SELECT FROM contributions c JOIN committees k ON k.id = c.committee_id
		WHERE k.slug ~ '^n[0-9]{3}$')`).Scan(&has); err != nil {
		return fmt.Errorf("demo: national: %w", err)
	}
	if has {
		fmt.Fprintln(w, "Données nationales déjà chargées (le comité n001 existe) : rien à faire.")
		return nil
	}
	n := &national{now: now, rng: rand.New(rand.NewPCG(2026, 3741)), last: map[string]int64{}}
	n.committees = []*natCommittee{{existing: true}} // 37-41: no contribution added there
	byID := map[int64]*natCommittee{}
	rows, err := tx.Query(ctx, `SELECT id FROM committees WHERE slug ~ '^n[0-9]{3}$' ORDER BY slug`)
	if err != nil {
		return fmt.Errorf("demo: national: %w", err)
	}
	ids, err := pgx.CollectRows(rows, pgx.RowTo[int64])
	if err != nil {
		return fmt.Errorf("demo: national: %w", err)
	}
	for _, id := range ids {
		c := &natCommittee{id: id}
		byID[id] = c
		n.committees = append(n.committees, c)
	}
	rows, err = tx.Query(ctx, `SELECT m.committee_id, m.account_id, m.role, a.display_name
		FROM memberships m JOIN accounts a ON a.id = m.account_id
		WHERE m.committee_id = ANY ($1) AND m.active ORDER BY m.committee_id, m.account_id`, ids)
	if err != nil {
		return fmt.Errorf("demo: national: %w", err)
	}
	for rows.Next() {
		var cid int64
		var m natMember
		if err := rows.Scan(&cid, &m.account, &m.role, &m.name); err != nil {
			rows.Close()
			return fmt.Errorf("demo: national: %w", err)
		}
		c := byID[cid]
		c.members = append(c.members, m)
		if m.role == clts.RolePilote {
			c.pilots = append(c.pilots, m.account)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("demo: national: %w", err)
	}
	rows, err = tx.Query(ctx, `SELECT committee_id, id, title FROM working_groups
		WHERE committee_id = ANY ($1) AND NOT archived ORDER BY committee_id, id`, ids)
	if err != nil {
		return fmt.Errorf("demo: national: %w", err)
	}
	for rows.Next() {
		var cid int64
		g := &natGroup{}
		if err := rows.Scan(&cid, &g.id, &g.title); err != nil {
			rows.Close()
			return fmt.Errorf("demo: national: %w", err)
		}
		byID[cid].groups = append(byID[cid].groups, g)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("demo: national: %w", err)
	}
	for _, c := range n.committees[1:] {
		if len(c.members) == 0 {
			return fmt.Errorf("demo: national: committee %d has no active member", c.id)
		}
	}
	if _, err := tx.Exec(ctx, `SET LOCAL synchronous_commit = off`); err != nil {
		return fmt.Errorf("demo: national: %w", err)
	}
	count, err := n.loadContributions(ctx, tx)
	if err != nil {
		return fmt.Errorf("demo: national: contributions: %w", err)
	}
	if err := tx.Commit(ctx); err != nil {
		return fmt.Errorf("demo: national: commit: %w", err)
	}
	if _, err := conn.Exec(ctx, `ANALYZE campaigns, contributions, contribution_authors, contribution_events,
		contribution_readings, contribution_national_search`); err != nil {
		return fmt.Errorf("demo: national: analyze: %w", err)
	}
	fmt.Fprintf(w, "Contributions ajoutées aux données nationales en %.1f s : %d contributions transmises.\n",
		time.Since(start).Seconds(), count)
	return nil
}

// natCampaign is a campaign the dataset's contributions are transmitted to.
type natCampaign struct {
	id, year     int64
	deadline     time.Time
	weight       float64
	from, to     time.Time // when its contributions are transmitted
	indicatorsAt time.Time // the figures' computation date
}

// natContribution is a transmitted contribution of the national dataset.
// Its texts are drawn when its row is written, from a generator seeded
// with its id.
type natContribution struct {
	id, committee, author, coauthor, pilot, group int64
	committeeIdx                                  int
	campaign                                      *natCampaign
	category                                      string
	authorName, coauthorName                      string
	publishAuthor, publishCoauthor                bool
	created, proposed, validated, transmitted     time.Time
	read, retained                                bool
	reply                                         string
	readAt                                        time.Time
}

// natContributions is the plan of the dataset's contributions.
type natContributions struct {
	campaigns []*natCampaign
	list      []*natContribution
	hcts      int64 // the HCTS reader who reads them; 0 for none
}

// loadContributions adds the national dataset's contributions inside the
// load's transaction: the campaigns they need, then with COPY the
// contributions, their authors, their history and the HCTS's reading, and
// their rows of the national search. It returns how many it wrote.
func (n *national) loadContributions(ctx context.Context, tx pgx.Tx) (int64, error) {
	if _, err := tx.Exec(ctx, `LOCK TABLE campaigns, campaign_categories, contributions, contribution_authors,
		contribution_events, contribution_readings, contribution_national_search IN SHARE ROW EXCLUSIVE MODE`); err != nil {
		return 0, err
	}
	plan := &natContributions{}
	if err := tx.QueryRow(ctx, `SELECT coalesce((SELECT id FROM accounts WHERE hcts_reader ORDER BY id LIMIT 1), 0)`).Scan(&plan.hcts); err != nil {
		return 0, err
	}
	if err := n.ensureCampaigns(ctx, tx, plan); err != nil {
		return 0, fmt.Errorf("campaigns: %w", err)
	}
	var last int64
	if err := tx.QueryRow(ctx, `SELECT greatest(coalesce(max(id), 0),
			coalesce(pg_sequence_last_value(pg_get_serial_sequence('contributions', 'id')::regclass), 0)) FROM contributions`).Scan(&last); err != nil {
		return 0, err
	}
	n.last["contributions"] = last
	n.planContributions(plan)

	var total int64
	for _, c := range []struct {
		table string
		cols  []string
		rows  iter.Seq[[]any]
	}{
		{"contributions", []string{"committee_id", "id", "campaign_id", "category", "status", "title", "body", "body_html",
			"group_id", "created_by", "edition", "indicators", "indicators_comment", "public_authors",
			"proposed_at", "validated_at", "validated_by", "transmitted_at", "transmitted_by", "created_at", "updated_at", "version"},
			n.contributionRows(plan)},
		{"contribution_authors", []string{"committee_id", "contribution_id", "account_id", "publish_name"}, plan.authorRows()},
		{"contribution_events", []string{"committee_id", "contribution_id", "at", "actor_id", "action"}, plan.eventRows()},
		{"contribution_readings", []string{"committee_id", "contribution_id", "read_at", "read_by", "retained", "retained_at",
			"reply", "reply_html", "replied_at", "replied_by", "updated_at"}, plan.readingRows()},
	} {
		count, err := copySeq(ctx, tx, c.table, c.cols, c.rows)
		if err != nil {
			return 0, fmt.Errorf("copy %s: %w", c.table, err)
		}
		if c.table == "contributions" {
			total = count
		}
	}
	// The national search's index of transmitted contributions, as the
	// store's transmission fills it (COPY went around the store).
	if _, err := tx.Exec(ctx, `INSERT INTO contribution_national_search (committee_id, contribution_id, search, transmitted_at, campaign_id, category)
		SELECT committee_id, id, search, transmitted_at, campaign_id, category FROM contributions WHERE status = 'transmise'
		ON CONFLICT (committee_id, contribution_id) DO NOTHING`); err != nil {
		return 0, fmt.Errorf("national search: %w", err)
	}
	if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence('contributions', 'id'), greatest($1::bigint, 1))`,
		n.last["contributions"]); err != nil {
		return 0, err
	}
	return total, nil
}

// ensureCampaigns opens, when missing, the campaigns of the last two years
// (closed on 30 September) and of this year (open five more weeks), then
// reads every campaign; this year's and last year's weigh most.
func (n *national) ensureCampaigns(ctx context.Context, tx pgx.Tx, plan *natContributions) error {
	year := n.now.In(paris()).Year()
	opener := plan.hcts
	if opener == 0 {
		if err := tx.QueryRow(ctx, `SELECT min(id) FROM accounts`).Scan(&opener); err != nil {
			return err
		}
	}
	for _, y := range []int{year - 2, year - 1, year} {
		deadline := clts.EndOfDay(at(y, time.September, 30, 12, 0))
		opened := at(y, time.March, 1, 9, 0)
		if y == year {
			deadline, opened = clts.EndOfDay(n.now.AddDate(0, 0, 35)), n.now.AddDate(0, -2, 0)
		}
		var id int64
		err := tx.QueryRow(ctx, `INSERT INTO campaigns (year, deadline, introduction, introduction_html, opened_by, opened_at, updated_at)
			VALUES ($1, $2, $3, '', $4, $5, $5) ON CONFLICT (year) DO NOTHING RETURNING id`,
			y, deadline, "Campagne "+strconv.Itoa(y)+" du rapport du HCTS sur l'état du travail social.", opener, opened).Scan(&id)
		if errors.Is(err, pgx.ErrNoRows) {
			continue
		}
		if err != nil {
			return err
		}
		if _, err := tx.Exec(ctx, `INSERT INTO campaign_categories (campaign_id, category, guidance)
			SELECT $1, unnest($2::text[]), '' ON CONFLICT DO NOTHING`, id, clts.Categories); err != nil {
			return err
		}
	}
	rows, err := tx.Query(ctx, `SELECT id, year, deadline FROM campaigns ORDER BY year`)
	if err != nil {
		return err
	}
	for rows.Next() {
		c := &natCampaign{}
		if err := rows.Scan(&c.id, &c.year, &c.deadline); err != nil {
			rows.Close()
			return err
		}
		switch int(c.year) {
		case year:
			c.weight = 0.3
		case year - 1:
			c.weight = 0.35
		case year - 2:
			c.weight = 0.25
		default:
			c.weight = 0.1
		}
		// Transmitted in the four months before the deadline, never
		// after it nor in the future.
		c.to = c.deadline.Add(-time.Hour)
		if limit := n.now.Add(-time.Hour); c.to.After(limit) {
			c.to = limit
		}
		c.from = c.deadline.AddDate(0, -4, 0)
		if !c.from.Before(c.to.Add(-24 * time.Hour)) {
			c.from = c.to.AddDate(0, -2, 0)
		}
		c.indicatorsAt = c.to
		plan.campaigns = append(plan.campaigns, c)
	}
	rows.Close()
	return rows.Err()
}

// planContributions draws the contributions of the hundred new committees.
func (n *national) planContributions(plan *natContributions) {
	committees := n.committees[1:]
	weights, sum := make([]float64, len(committees)), 0.0
	for i := range weights {
		weights[i] = 0.5 + n.rng.Float64()
		sum += weights[i]
	}
	sizes, left := make([]int, len(committees)), nationalContributions
	for i := range sizes {
		sizes[i] = int(float64(nationalContributions) * weights[i] / sum)
		left -= sizes[i]
	}
	sizes[len(sizes)-1] += left
	var campaignSum float64
	for _, c := range plan.campaigns {
		campaignSum += c.weight
	}
	day := 24 * time.Hour
	for ci, c := range committees {
		groups := map[string]int64{}
		for _, g := range c.groups {
			groups[g.title] = g.id
		}
		for range sizes[ci] {
			x := &natContribution{id: n.id("contributions"), committee: c.id, committeeIdx: ci + 1,
				category: clts.Categories[n.rng.IntN(len(clts.Categories))]}
			r := n.rng.Float64() * campaignSum
			for _, cp := range plan.campaigns {
				x.campaign = cp
				if r -= cp.weight; r < 0 {
					break
				}
			}
			a := c.members[n.rng.IntN(len(c.members))]
			x.author, x.authorName, x.publishAuthor = a.account, a.name, n.chance(0.8)
			if n.chance(0.3) {
				if b := c.members[n.rng.IntN(len(c.members))]; b.account != a.account {
					x.coauthor, x.coauthorName, x.publishCoauthor = b.account, b.name, n.chance(0.7)
				}
			}
			x.pilot = a.account
			if len(c.pilots) > 0 {
				x.pilot = c.pilots[n.rng.IntN(len(c.pilots))]
			}
			if n.chance(0.6) {
				x.group = groups[contributionThemes[x.category].group]
			}
			cp := x.campaign
			span := cp.to.Sub(cp.from)
			x.transmitted = cp.from.Add(time.Duration(n.rng.Int64N(int64(span))))
			x.validated = x.transmitted.Add(-time.Duration(1+n.rng.IntN(10*24)) * time.Hour)
			x.proposed = x.validated.Add(-time.Duration(1+n.rng.IntN(10*24)) * time.Hour)
			x.created = x.proposed.Add(-time.Duration(1+n.rng.IntN(30)) * day)
			if plan.hcts != 0 && n.chance(0.25) {
				x.read = true
				x.readAt = x.transmitted.Add(time.Duration(1+n.rng.IntN(20*24)) * time.Hour)
				if x.readAt.After(n.now) {
					x.readAt = n.now.Add(-time.Minute)
				}
				x.retained = n.chance(0.2)
				if n.chance(0.08) {
					x.reply = hctsReplies[n.rng.IntN(len(hctsReplies))]
				}
			}
			plan.list = append(plan.list, x)
		}
	}
}

// drawnContribution is a contribution's title and text.
type drawnContribution struct {
	title string
	body  practiceText
}

// draw assembles x's title and text from the phrase banks, with a
// generator seeded with its id: the same contribution always reads the
// same.
func (x *natContribution) draw() *drawnContribution {
	r := rand.New(rand.NewPCG(uint64(x.id), 0xc0de))
	pick := func(bank []string) string { return bank[r.IntN(len(bank))] }
	picks := func(bank []string, k int) []string {
		var out []string
		for _, i := range r.Perm(len(bank))[:min(k, len(bank))] {
			out = append(out, bank[i])
		}
		return out
	}
	public := func(s string) string { return withPublic(s, pick(practicePublics)) }
	th := contributionThemes[x.category]
	d := &drawnContribution{title: pick(th.titles) + " " + pick(practicePlaces)}
	obs := picks(th.observations, 3)
	d.body.para(public(obs[0]), public(obs[1]))
	d.body.para("Ce que les acteurs font déjà :")
	var items []string
	for _, a := range picks(th.actions, 2+r.IntN(2)) {
		items = append(items, capitalized(a)+".")
	}
	d.body.list(items...)
	d.body.para(public(obs[2]))
	d.body.para(picks(th.proposals, 2)...)
	return d
}

// figures are a committee's participation figures of a year, drawn: the
// dataset's meetings are not held quarter by quarter as the indicators'
// statement reads them.
func figures(committee, year int64, computed time.Time) json.RawMessage {
	r := rand.New(rand.NewPCG(uint64(committee), uint64(year)))
	ind := clts.Indicators{Year: int(year), ComputedAt: computed, Groups: 4 + r.IntN(4)}
	ind.GroupsCoLedBySupported = r.IntN(3)
	ind.Total = clts.IndicatorPeriod{Label: strconv.FormatInt(year, 10), From: at(int(year), time.January, 1, 0, 0), To: at(int(year)+1, time.January, 1, 0, 0)}
	supported := 1 + r.IntN(6)
	for q := 1; q <= 4; q++ {
		p := clts.IndicatorPeriod{Label: quarterName(q, int(year)),
			From: at(int(year), time.Month(3*q-2), 1, 0, 0), To: at(int(year), time.Month(3*q+1), 1, 0, 0)}
		if q == 4 {
			p.To = at(int(year)+1, time.January, 1, 0, 0)
		}
		p.Meetings = 1 + r.IntN(5)
		for range p.Meetings {
			present := 8 + r.IntN(20)
			s := r.IntN(supported + 1)
			p.Attendees += present
			p.SupportedAttendees += s
			if s > 0 {
				p.MeetingsWithSupported++
			}
		}
		p.DistinctSupported = min(supported, p.SupportedAttendees)
		ind.Quarters = append(ind.Quarters, p)
		ind.Total.Meetings += p.Meetings
		ind.Total.Attendees += p.Attendees
		ind.Total.SupportedAttendees += p.SupportedAttendees
		ind.Total.MeetingsWithSupported += p.MeetingsWithSupported
	}
	ind.Total.DistinctSupported = min(supported, ind.Total.SupportedAttendees)
	ind.Institutions = []clts.InstitutionAttendance{}
	b, _ := json.Marshal(ind)
	return b
}

// quarterName names a quarter as the indicators do.
func quarterName(q, year int) string {
	if q == 1 {
		return "1er trimestre " + strconv.Itoa(year)
	}
	return strconv.Itoa(q) + "e trimestre " + strconv.Itoa(year)
}

func (n *national) contributionRows(plan *natContributions) iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		for _, x := range plan.list {
			d := x.draw()
			var group, indicators any
			if x.group != 0 {
				group = x.group
			}
			comment := ""
			if x.category == clts.CategoryParticipation {
				indicators = figures(x.committee, x.campaign.year, x.campaign.indicatorsAt)
				comment = indicatorComments[int(x.id)%len(indicatorComments)]
			}
			var names []string
			if x.publishAuthor {
				names = append(names, x.authorName)
			}
			if x.coauthor != 0 && x.publishCoauthor {
				names = append(names, x.coauthorName)
			}
			if !yield([]any{x.committee, x.id, x.campaign.id, x.category, clts.ContributionTransmitted, d.title,
				d.body.src.String(), d.body.html.String(), group, x.author, 1, indicators, comment, strings.Join(names, ", "),
				x.proposed, x.validated, x.pilot, x.transmitted, x.pilot, x.created, x.transmitted, 4}) {
				return
			}
		}
	}
}

func (plan *natContributions) authorRows() iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		for _, x := range plan.list {
			if !yield([]any{x.committee, x.id, x.author, x.publishAuthor}) {
				return
			}
			if x.coauthor != 0 && !yield([]any{x.committee, x.id, x.coauthor, x.publishCoauthor}) {
				return
			}
		}
	}
}

func (plan *natContributions) eventRows() iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		for _, x := range plan.list {
			for _, e := range []struct {
				at    time.Time
				actor int64
				what  string
			}{{x.created, x.author, "create"}, {x.proposed, x.author, "propose"}, {x.validated, x.pilot, "validate"}, {x.transmitted, x.pilot, "transmit"}} {
				if !yield([]any{x.committee, x.id, e.at, e.actor, e.what}) {
					return
				}
			}
		}
	}
}

func (plan *natContributions) readingRows() iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		for _, x := range plan.list {
			if !x.read {
				continue
			}
			var retainedAt, repliedAt, repliedBy any
			if x.retained {
				retainedAt = x.readAt
			}
			replyHTML := ""
			if x.reply != "" {
				var t practiceText
				t.para(x.reply)
				replyHTML, repliedAt, repliedBy = t.html.String(), x.readAt, plan.hcts
			}
			if !yield([]any{x.committee, x.id, x.readAt, plan.hcts, x.retained, retainedAt, x.reply, replyHTML,
				repliedAt, repliedBy, x.readAt}) {
				return
			}
		}
	}
}

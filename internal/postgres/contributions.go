package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
)

// ContributionQuery selects a committee's contributions to a campaign.
type ContributionQuery struct {
	CampaignID int64
	Category   string // "" for every category
	Status     string // "" for every state
	// VisibleTo is the account asking; unless Pilot, it sees its own
	// contributions (as an author) and the transmitted ones.
	VisibleTo int64
	Pilot     bool
}

// contributionColumns are a contribution's columns over contributions c,
// campaigns cp and working_groups g; scanContribution reads them.
const contributionColumns = `c.committee_id, c.id, c.campaign_id, cp.year, c.category, c.status, c.title, c.body, c.body_html,
	coalesce(c.group_id, 0), coalesce(g.title, ''), c.created_by, coalesce(c.previous_id, 0),
	coalesce((SELECT n.id FROM contributions n WHERE n.committee_id = c.committee_id AND n.previous_id = c.id), 0),
	c.edition, c.return_comment, c.indicators, c.indicators_comment, c.public_authors,
	c.proposed_at, c.validated_at, c.transmitted_at, c.updated_at, c.version,
	coalesce((SELECT ` + shortNameSQL + ` FROM accounts a WHERE a.id = c.helped_by), '')`

const contributionJoins = `JOIN campaigns cp ON cp.id = c.campaign_id
	LEFT JOIN working_groups g ON g.committee_id = c.committee_id AND g.id = c.group_id`

func scanContribution(row pgx.Row) (clts.Contribution, error) {
	var c clts.Contribution
	err := row.Scan(&c.CommitteeID, &c.ID, &c.CampaignID, &c.CampaignYear, &c.Category, &c.Status, &c.Title, &c.Body, &c.BodyHTML,
		&c.GroupID, &c.GroupTitle, &c.CreatedBy, &c.PreviousID, &c.NextID,
		&c.Edition, &c.ReturnComment, &c.Indicators, &c.IndicatorsComment, &c.PublicAuthors,
		&c.ProposedAt, &c.ValidatedAt, &c.TransmittedAt, &c.UpdatedAt, &c.Version, &c.HelpedByName)
	return c, err
}

// Contributions lists the scope's committee's contributions to a
// campaign, by category in the report's order then newest first, with
// their authors. A non-pilot sees their own and the transmitted ones.
func (tx *Tx) Contributions(ctx context.Context, q ContributionQuery) ([]clts.Contribution, error) {
	rows, err := tx.query(ctx, `SELECT `+contributionColumns+`
		FROM contributions c `+contributionJoins+`
		WHERE c.committee_id = $1 AND c.campaign_id = $2
		  AND ($3 = '' OR c.category = $3) AND ($4 = '' OR c.status = $4)
		  AND ($5 OR c.status = 'transmise' OR EXISTS (SELECT FROM contribution_authors ca
			WHERE ca.committee_id = c.committee_id AND ca.contribution_id = c.id AND ca.account_id = $6))
		ORDER BY array_position($7::text[], c.category), c.updated_at DESC, c.id DESC`,
		tx.sc.CommitteeID, q.CampaignID, q.Category, q.Status, q.Pilot, q.VisibleTo, clts.Categories)
	if err != nil {
		return nil, fmt.Errorf("postgres: contributions: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.Contribution, error) { return scanContribution(row) })
	if err != nil {
		return nil, fmt.Errorf("postgres: contributions: %w", err)
	}
	if err := tx.contributionAuthors(ctx, out); err != nil {
		return nil, err
	}
	return out, nil
}

// ContributionByID returns a contribution of the scope's committee,
// whatever its state (the caller applies the reading rule, internal/auth),
// with its authors (names as the scope's account may see them), its
// practices, its group, the HCTS's reading and its correction's id;
// ENOTFOUND when missing.
func (tx *Tx) ContributionByID(ctx context.Context, id int64) (*clts.Contribution, error) {
	c, err := scanContribution(tx.queryRow(ctx, `SELECT `+contributionColumns+`
		FROM contributions c `+contributionJoins+`
		WHERE c.committee_id = $1 AND c.id = $2`, tx.sc.CommitteeID, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, auth.ErrContributionNotFound
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: contribution: %w", err)
	}
	one := []clts.Contribution{c}
	if err := tx.contributionAuthors(ctx, one); err != nil {
		return nil, err
	}
	c = one[0]
	if err := tx.queryRow(ctx, `SELECT coalesce(array_agg(practice_id ORDER BY practice_id), '{}') FROM contribution_practices
		WHERE committee_id = $1 AND contribution_id = $2`, tx.sc.CommitteeID, id).Scan(&c.PracticeIDs); err != nil {
		return nil, fmt.Errorf("postgres: contribution practices: %w", err)
	}
	var r clts.ContributionReading
	err = tx.queryRow(ctx, `SELECT read_at, retained, reply, reply_html, replied_at FROM contribution_readings
		WHERE committee_id = $1 AND contribution_id = $2`, tx.sc.CommitteeID, id).Scan(&r.ReadAt, &r.Retained, &r.Reply, &r.ReplyHTML, &r.RepliedAt)
	switch {
	case err == nil:
		c.Reading = &r
	case !errors.Is(err, pgx.ErrNoRows):
		return nil, fmt.Errorf("postgres: contribution reading: %w", err)
	}
	return &c, nil
}

// contributionAuthors fills the authors of cs, the creator first, with
// their names as the scope's account may see them (the directory's rule).
func (tx *Tx) contributionAuthors(ctx context.Context, cs []clts.Contribution) error {
	if len(cs) == 0 {
		return nil
	}
	ids := make([]int64, len(cs))
	at := map[int64]int{}
	for i, c := range cs {
		ids[i] = c.ID
		at[c.ID] = i
	}
	pilot := `EXISTS (SELECT FROM memberships vm WHERE vm.committee_id = ca.committee_id AND vm.account_id = $3
		AND vm.role = 'pilote' AND vm.active)`
	rows, err := tx.query(ctx, `SELECT ca.contribution_id, ca.account_id, coalesce(`+visibleNameSQL(pilot, "$3")+`, ''), ca.publish_name
		FROM contribution_authors ca
		JOIN contributions c ON c.committee_id = ca.committee_id AND c.id = ca.contribution_id
		JOIN accounts a ON a.id = ca.account_id
		LEFT JOIN memberships m ON m.committee_id = ca.committee_id AND m.account_id = ca.account_id
		WHERE ca.committee_id = $1 AND ca.contribution_id = ANY ($2)
		ORDER BY ca.contribution_id, ca.account_id <> c.created_by, a.display_name COLLATE clts_fr, ca.account_id`,
		tx.sc.CommitteeID, ids, tx.sc.AccountID)
	if err != nil {
		return fmt.Errorf("postgres: contribution authors: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var cid int64
		var a clts.ContributionAuthor
		if err := rows.Scan(&cid, &a.AccountID, &a.Name, &a.PublishName); err != nil {
			return fmt.Errorf("postgres: contribution authors: %w", err)
		}
		cs[at[cid]].Authors = append(cs[at[cid]].Authors, a)
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postgres: contribution authors: %w", err)
	}
	return nil
}

// ContributionHistory lists the steps of a contribution, oldest first,
// with the actors' names as the scope's account may see them.
func (tx *Tx) ContributionHistory(ctx context.Context, id int64) ([]clts.ContributionEvent, error) {
	pilot := `EXISTS (SELECT FROM memberships vm WHERE vm.committee_id = e.committee_id AND vm.account_id = $3
		AND vm.role = 'pilote' AND vm.active)`
	rows, err := tx.query(ctx, `SELECT e.at, coalesce(`+visibleNameSQL(pilot, "$3")+`, ''), e.action, e.comment
		FROM contribution_events e
		JOIN accounts a ON a.id = e.actor_id
		LEFT JOIN memberships m ON m.committee_id = e.committee_id AND m.account_id = e.actor_id
		WHERE e.committee_id = $1 AND e.contribution_id = $2
		ORDER BY e.at, e.id`, tx.sc.CommitteeID, id, tx.sc.AccountID)
	if err != nil {
		return nil, fmt.Errorf("postgres: contribution history: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.ContributionEvent, error) {
		var e clts.ContributionEvent
		err := row.Scan(&e.At, &e.ActorName, &e.Action, &e.Comment)
		return e, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: contribution history: %w", err)
	}
	return out, nil
}

// renderContribution trims c's fields and renders its text; a text the
// renderer refuses is a field error.
func renderContribution(c *clts.Contribution) error {
	c.Title = strings.TrimSpace(c.Title)
	c.Body = strings.TrimSpace(strings.ReplaceAll(c.Body, "\r\n", "\n"))
	c.BodyHTML = ""
	if c.Body == "" || clts.Length(c.Body) > clts.MaxContributionBody {
		return nil
	}
	t, err := markdown.Render(c.Body)
	var refused *markdown.RefusedError
	if errors.As(err, &refused) {
		return clts.FieldErrors{clts.FieldContributionBody: refused.Message}.Err()
	}
	if err != nil {
		return fmt.Errorf("postgres: contribution text: %w", err)
	}
	c.BodyHTML = t.HTML()
	return nil
}

// viewer is the scope's account as the contribution rules see it: its
// active role in the scope's committee.
func (tx *Tx) viewer(ctx context.Context) (auth.Principal, error) {
	p := auth.Principal{AccountID: tx.sc.AccountID}
	var role *string
	err := tx.queryRow(ctx, `SELECT role FROM memberships WHERE committee_id = $1 AND account_id = $2 AND active`,
		tx.sc.CommitteeID, tx.sc.AccountID).Scan(&role)
	if err != nil && !errors.Is(err, pgx.ErrNoRows) {
		return p, fmt.Errorf("postgres: viewer: %w", err)
	}
	if role != nil {
		p.Role = clts.Role(*role)
	}
	return p, nil
}

// checkLinks checks the group, co-authors and practices contribution id
// (0 for a new one) names against the scope's committee: a working group,
// active members (or its authors already), published practices (or those
// it links already). Each wrong one is a field error, so that another
// committee's id is a message, never a link.
func (tx *Tx) checkLinks(ctx context.Context, id, groupID int64, coauthors, practices []int64, fe clts.FieldErrors) error {
	var groupOK bool
	var members, published int
	err := tx.queryRow(ctx, `SELECT
			$2 = 0 OR EXISTS (SELECT FROM working_groups WHERE committee_id = $1 AND id = $2),
			(SELECT count(*) FROM memberships m WHERE m.committee_id = $1 AND m.account_id = ANY ($3)
				AND (m.active OR EXISTS (SELECT FROM contribution_authors ca
					WHERE ca.committee_id = $1 AND ca.contribution_id = $5 AND ca.account_id = m.account_id))),
			(SELECT count(*) FROM practices p WHERE p.committee_id = $1 AND p.id = ANY ($4)
				AND (p.status = 'publiee' OR EXISTS (SELECT FROM contribution_practices cp
					WHERE cp.committee_id = $1 AND cp.contribution_id = $5 AND cp.practice_id = p.id)))`,
		tx.sc.CommitteeID, groupID, coauthors, practices, id).Scan(&groupOK, &members, &published)
	if err != nil {
		return fmt.Errorf("postgres: contribution links: %w", err)
	}
	if !groupOK {
		fe.Add(clts.FieldContributionGroup, "Choisissez un groupe de travail dans la liste.")
	}
	if members != len(coauthors) {
		fe.Add(clts.FieldContributionCoauthors, "Choisissez les co-auteurs parmi les membres actifs du comité.")
	}
	if published != len(practices) {
		fe.Add(clts.FieldContributionPractices, "Choisissez parmi les pratiques publiées du comité.")
	}
	return nil
}

// CreateContribution writes a draft of the scope's account (its first
// author, with coauthors) to a category of an open campaign, linked to
// practices of the committee, and returns its id. A draft may be
// unfinished (c.Validate).
func (tx *Tx) CreateContribution(ctx context.Context, c clts.Contribution, coauthors []int64, practices []int64) (int64, error) {
	p, err := tx.viewer(ctx)
	if err != nil {
		return 0, err
	}
	if !auth.CanWriteContribution(p) {
		return 0, auth.ErrContributionForbidden
	}
	coauthors = withoutID(uniqueIDs(coauthors), tx.sc.AccountID)
	practices = uniqueIDs(practices)
	fe := clts.FieldErrors{}
	if err := renderContribution(&c); err != nil {
		var e *clts.Error
		if !errors.As(err, &e) {
			return 0, err
		}
		fe = e.Fields
	}
	for k, v := range fieldErrorsOf(c.Validate()) {
		fe.Add(k, v)
	}
	if err := tx.checkLinks(ctx, 0, c.GroupID, coauthors, practices, fe); err != nil {
		return 0, err
	}
	if err := fe.Err(); err != nil {
		return 0, err
	}
	var open bool
	err = tx.queryRow(ctx, `SELECT deadline >= now() FROM campaigns WHERE id = $1`, c.CampaignID).Scan(&open)
	if errors.Is(err, pgx.ErrNoRows) {
		return 0, clts.Errorf(clts.ENOTFOUND, "Campagne introuvable.")
	}
	if err != nil {
		return 0, fmt.Errorf("postgres: create contribution: %w", err)
	}
	if !open {
		return 0, clts.Errorf(clts.ECONFLICT, "La campagne est close : elle ne reçoit plus de contributions.")
	}
	var id int64
	err = tx.queryRow(ctx, `INSERT INTO contributions (committee_id, campaign_id, category, title, body, body_html, group_id, created_by, helped_by)
		VALUES ($1, $2, $3, $4, $5, $6, nullif($7, 0), $8, $9) RETURNING id`,
		tx.sc.CommitteeID, c.CampaignID, c.Category, c.Title, c.Body, c.BodyHTML, c.GroupID, tx.sc.AccountID, nullID(tx.helper)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("postgres: create contribution: %w", mapError(err))
	}
	if err := tx.setContributionLinks(ctx, id, append([]int64{tx.sc.AccountID}, coauthors...), practices); err != nil {
		return 0, err
	}
	c.ID = id
	if err := tx.contributionEvent(ctx, id, "create", ""); err != nil {
		return 0, err
	}
	return id, tx.auditOn(ctx, "contribution.create", contributionSubject(c), clts.On(clts.ObjectContribution, id))
}

// withoutID returns ids without id.
func withoutID(ids []int64, id int64) []int64 {
	return slices.DeleteFunc(ids, func(v int64) bool { return v == id })
}

// fieldErrorsOf returns the field errors of err, or an empty set.
func fieldErrorsOf(err error) clts.FieldErrors {
	fe := clts.FieldErrors{}
	var e *clts.Error
	if errors.As(err, &e) {
		for k, v := range e.Fields {
			fe.Add(k, v)
		}
	}
	return fe
}

// setContributionLinks replaces a contribution's authors (keeping the
// consent of those who stay) and practices.
func (tx *Tx) setContributionLinks(ctx context.Context, id int64, authors, practices []int64) error {
	cid := tx.sc.CommitteeID
	b := &pgx.Batch{}
	queueReplaceLinks(b, "contribution_authors", "contribution_id", "account_id", cid, id, authors)
	queueReplaceLinks(b, "contribution_practices", "contribution_id", "practice_id", cid, id, practices)
	if err := tx.sendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("postgres: contribution links: %w", mapError(err))
	}
	return nil
}

// ErrContributionChanged: someone saved the contribution since the form
// was read; the form is shown again with the typed text.
var ErrContributionChanged = clts.Errorf(clts.ECONFLICT, "Quelqu'un a enregistré cette contribution pendant que vous écriviez. Votre texte est conservé ci-dessous : comparez avec la version actuelle, puis enregistrez de nouveau.")

// UpdateContribution saves a contribution edited from version c.Version:
// its title, text, group, co-authors (its creator stays) and practices.
// Its authors write a draft; the pilots a proposed or validated one, which
// keeps what a proposal asks for. Someone else's save in between is an
// ECONFLICT; a transmitted one is never changed.
func (tx *Tx) UpdateContribution(ctx context.Context, c clts.Contribution, coauthors []int64, practices []int64) error {
	old, err := tx.beginContributionStep(ctx, c.ID, auth.EditContribution, time.Now())
	if err != nil {
		return err
	}
	if old.Version != c.Version {
		return ErrContributionChanged
	}
	c.Category = old.Category
	coauthors = withoutID(uniqueIDs(coauthors), old.CreatedBy)
	practices = uniqueIDs(practices)
	fe := clts.FieldErrors{}
	if err := renderContribution(&c); err != nil {
		var e *clts.Error
		if !errors.As(err, &e) {
			return err
		}
		fe = e.Fields
	}
	check := c.Validate
	if old.Status != clts.ContributionDraft {
		check = c.ValidateForProposal
	}
	for k, v := range fieldErrorsOf(check()) {
		fe.Add(k, v)
	}
	if err := tx.checkLinks(ctx, c.ID, c.GroupID, coauthors, practices, fe); err != nil {
		return err
	}
	if err := fe.Err(); err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `UPDATE contributions SET title = $3, body = $4, body_html = $5, group_id = nullif($6, 0),
			helped_by = coalesce($7::bigint, helped_by), version = version + 1, updated_at = now()
		WHERE committee_id = $1 AND id = $2`, tx.sc.CommitteeID, c.ID, c.Title, c.Body, c.BodyHTML, c.GroupID, nullID(tx.helper)); err != nil {
		return fmt.Errorf("postgres: update contribution: %w", mapError(err))
	}
	if err := tx.setContributionLinks(ctx, c.ID, append([]int64{old.CreatedBy}, coauthors...), practices); err != nil {
		return err
	}
	if err := tx.contributionEvent(ctx, c.ID, "edit", ""); err != nil {
		return err
	}
	return tx.auditOn(ctx, "contribution.update", contributionSubject(c), clts.On(clts.ObjectContribution, c.ID))
}

// DeleteContribution deletes a draft that was never proposed, by one of
// its authors.
func (tx *Tx) DeleteContribution(ctx context.Context, id int64) error {
	c, err := tx.beginContributionStep(ctx, id, auth.DeleteContribution, time.Now())
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `DELETE FROM contributions WHERE committee_id = $1 AND id = $2`, tx.sc.CommitteeID, id); err != nil {
		return fmt.Errorf("postgres: delete contribution: %w", mapError(err))
	}
	return tx.auditOn(ctx, "contribution.delete", contributionSubject(c.Contribution), clts.On(clts.ObjectContribution, id))
}

// SetAuthorConsent records whether the scope's account, an author of the
// contribution, agrees that their name goes with the transmitted text,
// and writes the choice in the audit log ("contribution.consent"): the
// consent to publish a name is kept as evidence, as is its withdrawal.
func (tx *Tx) SetAuthorConsent(ctx context.Context, id int64, publish bool) error {
	c, err := tx.beginContributionStep(ctx, id, auth.ConsentContribution, time.Now())
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `UPDATE contribution_authors SET publish_name = $4
		WHERE committee_id = $1 AND contribution_id = $2 AND account_id = $3`,
		tx.sc.CommitteeID, id, tx.sc.AccountID, publish); err != nil {
		return fmt.Errorf("postgres: author consent: %w", err)
	}
	choice := " : nom publié avec le texte"
	if !publish {
		choice = " : nom non publié"
	}
	return tx.auditOn(ctx, "contribution.consent", contributionSubject(c.Contribution)+choice, clts.On(clts.ObjectContribution, id))
}

// CommentIndicators saves the pilots' comment on the participation
// figures of a contribution of that category, before it is transmitted.
func (tx *Tx) CommentIndicators(ctx context.Context, id int64, comment string) error {
	comment = strings.TrimSpace(strings.ReplaceAll(comment, "\r\n", "\n"))
	if clts.Length(comment) > clts.MaxContributionComment {
		return clts.FieldErrors{clts.FieldContributionIndicators: "Le commentaire ne doit pas dépasser " +
			clts.Count(clts.MaxContributionComment) + " caractères."}.Err()
	}
	c, err := tx.beginContributionStep(ctx, id, auth.CommentIndicatorsStep, time.Now())
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `UPDATE contributions SET indicators_comment = $3, version = version + 1, updated_at = now()
		WHERE committee_id = $1 AND id = $2`, tx.sc.CommitteeID, id, comment); err != nil {
		return fmt.Errorf("postgres: indicators comment: %w", mapError(err))
	}
	if err := tx.contributionEvent(ctx, id, "edit", ""); err != nil {
		return err
	}
	return tx.auditOn(ctx, "contribution.update", contributionSubject(c.Contribution), clts.On(clts.ObjectContribution, id))
}

// CategoryProgress is where a committee stands in one category of a
// campaign: how many contributions are in each state, and which.
type CategoryProgress struct {
	Category string
	Counts   map[string]int // by state
	Items    []clts.Contribution
}

// CampaignProgress returns, for each of the six categories in the
// report's order, the scope's committee's contributions to the campaign
// (titles, states, editions) and their counts by state; a category
// without any has an empty row.
func (tx *Tx) CampaignProgress(ctx context.Context, campaignID int64) ([]CategoryProgress, error) {
	rows, err := tx.query(ctx, `SELECT c.id, c.category, c.status, c.title, c.edition, c.updated_at
		FROM contributions c
		WHERE c.committee_id = $1 AND c.campaign_id = $2
		ORDER BY array_position($3::text[], c.status), c.title COLLATE clts_fr, c.id`,
		tx.sc.CommitteeID, campaignID, clts.ContributionStates)
	if err != nil {
		return nil, fmt.Errorf("postgres: campaign progress: %w", err)
	}
	items, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.Contribution, error) {
		var c clts.Contribution
		err := row.Scan(&c.ID, &c.Category, &c.Status, &c.Title, &c.Edition, &c.UpdatedAt)
		return c, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: campaign progress: %w", err)
	}
	out := make([]CategoryProgress, len(clts.Categories))
	for i, cat := range clts.Categories {
		out[i] = CategoryProgress{Category: cat, Counts: map[string]int{}}
		for _, c := range items {
			if c.Category == cat {
				out[i].Items = append(out[i].Items, c)
				out[i].Counts[c.Status]++
			}
		}
	}
	return out, nil
}

// contributionSubject names a contribution in the audit log.
func contributionSubject(c clts.Contribution) string {
	s := c.Title + " (contribution " + strconv.FormatInt(c.ID, 10)
	if c.Edition > 1 {
		s += ", version " + strconv.Itoa(c.Edition)
	}
	return s + ")"
}

// maxPracticeChoices bounds the practices offered to link: a committee
// publishes a few hundred.
const maxPracticeChoices = 2000

// PublishedPractices lists the ids and titles of the scope's committee's
// published practices, by title: what a contribution may link to.
func (tx *Tx) PublishedPractices(ctx context.Context) ([]clts.Practice, error) {
	return tx.practiceTitles(ctx, `SELECT p.id, p.title, p.status, p.author_id FROM practices p
		WHERE p.committee_id = $1 AND p.status = 'publiee'
		ORDER BY p.title COLLATE clts_fr, p.id LIMIT `+strconv.Itoa(maxPracticeChoices), tx.sc.CommitteeID)
}

// ContributionPractices lists the ids, titles, states and authors of the
// practices contribution id links to, by title (the caller shows each to
// whoever may read it: auth.CheckPractice).
func (tx *Tx) ContributionPractices(ctx context.Context, id int64) ([]clts.Practice, error) {
	return tx.practiceTitles(ctx, `SELECT p.id, p.title, p.status, p.author_id FROM contribution_practices cp
		JOIN practices p ON p.committee_id = cp.committee_id AND p.id = cp.practice_id
		WHERE cp.committee_id = $1 AND cp.contribution_id = $2
		ORDER BY p.title COLLATE clts_fr, p.id`, tx.sc.CommitteeID, id)
}

func (tx *Tx) practiceTitles(ctx context.Context, sql string, args ...any) ([]clts.Practice, error) {
	rows, err := tx.query(ctx, sql, args...)
	if err != nil {
		return nil, fmt.Errorf("postgres: practice titles: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.Practice, error) {
		var p clts.Practice
		err := row.Scan(&p.ID, &p.Title, &p.Status, &p.AuthorID)
		return p, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: practice titles: %w", err)
	}
	return out, nil
}

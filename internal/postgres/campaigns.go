package postgres

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
)

// Campaigns are national rows: every committee reads them (a policy that
// lets every row through), HCTS staff write them (Scope{HCTS: true}).

const campaignColumns = `cp.id, cp.year, cp.deadline, cp.introduction, cp.introduction_html, cp.opened_at, cp.updated_at, cp.version`

func scanCampaign(row pgx.Row) (clts.Campaign, error) {
	var c clts.Campaign
	err := row.Scan(&c.ID, &c.Year, &c.Deadline, &c.Introduction, &c.IntroductionHTML, &c.OpenedAt, &c.UpdatedAt, &c.Version)
	return c, err
}

// CurrentCampaign returns the campaign open at now (its deadline not
// passed), the latest year first; nil, nil when none is open.
func (tx *Tx) CurrentCampaign(ctx context.Context, now time.Time) (*clts.Campaign, error) {
	c, err := scanCampaign(tx.queryRow(ctx, `SELECT `+campaignColumns+` FROM campaigns cp
		WHERE cp.deadline >= $1 ORDER BY cp.year DESC LIMIT 1`, now))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: current campaign: %w", err)
	}
	if err := tx.campaignGuidance(ctx, []*clts.Campaign{&c}); err != nil {
		return nil, err
	}
	return &c, nil
}

// Campaigns lists every campaign, the newest year first, with its
// guidance.
func (tx *Tx) Campaigns(ctx context.Context) ([]clts.Campaign, error) {
	out, err := tx.CampaignChoices(ctx)
	if err != nil {
		return nil, err
	}
	ptrs := make([]*clts.Campaign, len(out))
	for i := range out {
		ptrs[i] = &out[i]
	}
	return out, tx.campaignGuidance(ctx, ptrs)
}

// CampaignChoices lists every campaign, the newest year first, without
// its guidance: what a filter on campaigns needs, in one statement.
func (tx *Tx) CampaignChoices(ctx context.Context) ([]clts.Campaign, error) {
	rows, err := tx.query(ctx, campaignChoicesSQL)
	if err != nil {
		return nil, fmt.Errorf("postgres: campaigns: %w", err)
	}
	return scanCampaigns(rows)
}

// campaignChoicesSQL is CampaignChoices' statement.
const campaignChoicesSQL = `SELECT ` + campaignColumns + ` FROM campaigns cp ORDER BY cp.year DESC`

// scanCampaigns reads the rows of campaignChoicesSQL.
func scanCampaigns(rows pgx.Rows) ([]clts.Campaign, error) {
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.Campaign, error) { return scanCampaign(row) })
	if err != nil {
		return nil, fmt.Errorf("postgres: campaigns: %w", err)
	}
	return out, nil
}

// CampaignByID returns a campaign with its guidance; ENOTFOUND when
// missing.
func (tx *Tx) CampaignByID(ctx context.Context, id int64) (*clts.Campaign, error) {
	c, err := scanCampaign(tx.queryRow(ctx, `SELECT `+campaignColumns+` FROM campaigns cp WHERE cp.id = $1`, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Campagne introuvable.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: campaign: %w", err)
	}
	if err := tx.campaignGuidance(ctx, []*clts.Campaign{&c}); err != nil {
		return nil, err
	}
	return &c, nil
}

// campaignGuidance fills the guidance of campaigns, in one statement.
func (tx *Tx) campaignGuidance(ctx context.Context, cs []*clts.Campaign) error {
	if len(cs) == 0 {
		return nil
	}
	byID := map[int64]*clts.Campaign{}
	ids := make([]int64, 0, len(cs))
	for _, c := range cs {
		c.Guidance = map[string]clts.CategoryGuidance{}
		byID[c.ID] = c
		ids = append(ids, c.ID)
	}
	rows, err := tx.query(ctx, `SELECT campaign_id, category, guidance, guidance_html FROM campaign_categories
		WHERE campaign_id = ANY ($1)`, ids)
	if err != nil {
		return fmt.Errorf("postgres: campaign guidance: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var cat string
		var g clts.CategoryGuidance
		if err := rows.Scan(&id, &cat, &g.Text, &g.HTML); err != nil {
			return fmt.Errorf("postgres: campaign guidance: %w", err)
		}
		byID[id].Guidance[cat] = g
	}
	if err := rows.Err(); err != nil {
		return fmt.Errorf("postgres: campaign guidance: %w", err)
	}
	return nil
}

// renderCampaign trims and renders a campaign's texts (Markdown) and
// validates it; a text the renderer refuses is a field error.
func renderCampaign(c *clts.Campaign) error {
	fe := clts.FieldErrors{}
	render := func(field string, src *string, html *string) {
		*src = strings.TrimSpace(strings.ReplaceAll(*src, "\r\n", "\n"))
		if *src == "" {
			*html = ""
			return
		}
		t, err := markdown.Render(*src)
		if err != nil {
			var refused *markdown.RefusedError
			if errors.As(err, &refused) {
				fe.Add(field, refused.Message)
				return
			}
			fe.Add(field, "Ce texte ne peut pas être mis en forme : simplifiez-le.")
			return
		}
		*html = t.HTML()
	}
	if err := c.Validate(); err != nil {
		var e *clts.Error
		if errors.As(err, &e) {
			for k, v := range e.Fields {
				fe.Add(k, v)
			}
		}
	}
	if fe[clts.FieldCampaignIntroduction] == "" {
		render(clts.FieldCampaignIntroduction, &c.Introduction, &c.IntroductionHTML)
	}
	guidance := map[string]clts.CategoryGuidance{}
	for _, cat := range clts.Categories {
		g := c.Guidance[cat]
		if fe[clts.FieldCampaignGuidance+cat] == "" {
			render(clts.FieldCampaignGuidance+cat, &g.Text, &g.HTML)
		}
		guidance[cat] = g
	}
	c.Guidance = guidance
	if !c.Deadline.IsZero() {
		c.Deadline = clts.EndOfDay(c.Deadline)
	}
	return fe.Err()
}

// CreateCampaign opens the campaign of c.Year with its deadline (the end
// of that day, Europe/Paris), introduction and guidance, in an HCTS scope;
// an existing year is an EINVALID on field "annee".
func (tx *Tx) CreateCampaign(ctx context.Context, c clts.Campaign) (int64, error) {
	if err := renderCampaign(&c); err != nil {
		return 0, err
	}
	var exists bool
	if err := tx.queryRow(ctx, `SELECT EXISTS (SELECT FROM campaigns WHERE year = $1)`, c.Year).Scan(&exists); err != nil {
		return 0, fmt.Errorf("postgres: create campaign: %w", err)
	}
	if exists {
		return 0, clts.FieldErrors{clts.FieldCampaignYear: "Une campagne existe déjà pour " + strconv.Itoa(c.Year) + " : modifiez-la plutôt."}.Err()
	}
	var id int64
	err := tx.queryRow(ctx, `INSERT INTO campaigns (year, deadline, introduction, introduction_html, opened_by)
		VALUES ($1, $2, $3, $4, $5) RETURNING id`, c.Year, c.Deadline, c.Introduction, c.IntroductionHTML, tx.sc.AccountID).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("postgres: create campaign: %w", mapError(err))
	}
	if err := tx.saveGuidance(ctx, id, c.Guidance); err != nil {
		return 0, err
	}
	return id, tx.audit(ctx, "campaign.open", campaignSubject(c.Year))
}

// saveGuidance writes the six categories' guidance of a campaign.
func (tx *Tx) saveGuidance(ctx context.Context, id int64, g map[string]clts.CategoryGuidance) error {
	cats := make([]string, 0, len(clts.Categories))
	texts := make([]string, 0, len(clts.Categories))
	htmls := make([]string, 0, len(clts.Categories))
	for _, cat := range clts.Categories {
		cats = append(cats, cat)
		texts = append(texts, g[cat].Text)
		htmls = append(htmls, g[cat].HTML)
	}
	_, err := tx.exec(ctx, `INSERT INTO campaign_categories (campaign_id, category, guidance, guidance_html)
		SELECT $1, * FROM unnest($2::text[], $3::text[], $4::text[])
		ON CONFLICT (campaign_id, category) DO UPDATE SET guidance = EXCLUDED.guidance, guidance_html = EXCLUDED.guidance_html`,
		id, cats, texts, htmls)
	if err != nil {
		return fmt.Errorf("postgres: campaign guidance: %w", mapError(err))
	}
	return nil
}

// UpdateCampaign saves a campaign edited from version c.Version: its
// texts and its deadline, which may only move later (an extension,
// audited as "campaign.extend"). Its year does not change. Someone
// else's save in between is an ECONFLICT.
func (tx *Tx) UpdateCampaign(ctx context.Context, c clts.Campaign) error {
	var old clts.Campaign
	err := tx.queryRow(ctx, `SELECT id, year, deadline, version FROM campaigns WHERE id = $1 FOR UPDATE`, c.ID).Scan(
		&old.ID, &old.Year, &old.Deadline, &old.Version)
	if errors.Is(err, pgx.ErrNoRows) {
		return clts.Errorf(clts.ENOTFOUND, "Campagne introuvable.")
	}
	if err != nil {
		return fmt.Errorf("postgres: update campaign: %w", err)
	}
	c.Year = old.Year
	if err := renderCampaign(&c); err != nil {
		return err
	}
	if old.Version != c.Version {
		return clts.Errorf(clts.ECONFLICT, "Quelqu'un a enregistré cette campagne pendant que vous écriviez. Votre texte est conservé ci-dessous : comparez avec la version actuelle, puis enregistrez de nouveau.")
	}
	if c.Deadline.Before(old.Deadline) {
		return clts.FieldErrors{clts.FieldCampaignDeadline: "La date limite peut seulement être reportée : choisissez le " +
			old.Deadline.In(c.Deadline.Location()).Format("02/01/2006") + " ou plus tard."}.Err()
	}
	if _, err := tx.exec(ctx, `UPDATE campaigns SET deadline = $2, introduction = $3, introduction_html = $4,
			version = version + 1, updated_at = now()
		WHERE id = $1`, c.ID, c.Deadline, c.Introduction, c.IntroductionHTML); err != nil {
		return fmt.Errorf("postgres: update campaign: %w", mapError(err))
	}
	if err := tx.saveGuidance(ctx, c.ID, c.Guidance); err != nil {
		return err
	}
	if err := tx.audit(ctx, "campaign.update", campaignSubject(c.Year)); err != nil {
		return err
	}
	if c.Deadline.After(old.Deadline) {
		return tx.audit(ctx, "campaign.extend", campaignSubject(c.Year))
	}
	return nil
}

// campaignSubject names a campaign in the audit log.
func campaignSubject(year int) string { return "Campagne " + strconv.Itoa(year) + " du HCTS" }

// HomeHead is what a committee's home reads in one statement besides its
// to-do, its meetings and its practices: the HCTS's campaign open at now
// (nil when none, without its guidance), what waits for the pilots'
// reading (the committee's proposed practices and its contributions
// proposed to that campaign), and the news (homeNewsJSON: the pinned
// local item and the latest news items, with the viewer's unread marks).
type HomeHead struct {
	Campaign              *clts.Campaign
	PracticesToReview     int
	ContributionsToReview int
	News                  []clts.News
	PinnedNews            *clts.News
}

// HomeHead reads the home's head, in one statement, with at most news
// latest news items.
func (tx *Tx) HomeHead(ctx context.Context, now time.Time, news int) (HomeHead, error) {
	var (
		h                HomeHead
		id, version      *int64
		year             *int32
		deadline         *time.Time
		intro, introHTML *string
		opened, updated  *time.Time
		items            []newsJSON
	)
	err := tx.queryRow(ctx, `SELECT cp.id, cp.year, cp.deadline, cp.introduction, cp.introduction_html, cp.opened_at, cp.updated_at, cp.version,
			(SELECT count(*) FROM practices p WHERE p.committee_id = $1 AND p.status = 'proposee'),
			(SELECT count(*) FROM contributions c WHERE c.committee_id = $1 AND c.campaign_id = cp.id AND c.status = 'proposee'),
			(`+homeNewsJSON+`)
		FROM (SELECT 1) one
		LEFT JOIN LATERAL (SELECT * FROM campaigns WHERE deadline >= $4 ORDER BY year DESC LIMIT 1) cp ON true`,
		tx.sc.CommitteeID, tx.sc.AccountID, news, now).Scan(&id, &year, &deadline, &intro, &introHTML, &opened, &updated, &version,
		&h.PracticesToReview, &h.ContributionsToReview, &items)
	if err != nil {
		return h, fmt.Errorf("postgres: home head: %w", err)
	}
	if id != nil {
		h.Campaign = &clts.Campaign{ID: *id, Year: int(*year), Deadline: *deadline, Introduction: *intro, IntroductionHTML: *introHTML,
			OpenedAt: *opened, UpdatedAt: *updated, Version: int(*version)}
	}
	h.News, h.PinnedNews, err = splitHomeNews(items)
	return h, err
}

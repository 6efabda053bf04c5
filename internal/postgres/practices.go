package postgres

import (
	"context"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
)

// PracticeTexts are the long texts of a practice, rendered by
// markdown.Render before the unit of work (see SaveMinutes): the store
// writes their source and their sanitised HTML side by side.
type PracticeTexts struct {
	Context, Actions, Means, Results, Transfer markdown.Text
}

// resolve returns the texts to store for p: each text of t, or, when t
// leaves one empty while p has its source (a loader that fills the
// practice only), p's source rendered here. It sets p's sources to what
// is stored, for validation.
func (t PracticeTexts) resolve(p *clts.Practice) (PracticeTexts, error) {
	fe := clts.FieldErrors{}
	for _, f := range []struct {
		name string
		text *markdown.Text
		src  *string
	}{
		{clts.FieldPracticeContext, &t.Context, &p.Context},
		{clts.FieldPracticeActions, &t.Actions, &p.Actions},
		{clts.FieldPracticeMeans, &t.Means, &p.Means},
		{clts.FieldPracticeResults, &t.Results, &p.Results},
		{clts.FieldPracticeTransfer, &t.Transfer, &p.Transfer},
	} {
		if f.text.Source() == "" && strings.TrimSpace(*f.src) != "" {
			r, err := markdown.Render(*f.src)
			if err != nil {
				var refused *markdown.RefusedError
				if errors.As(err, &refused) {
					fe.Add(f.name, refused.Message)
					continue
				}
				return t, fmt.Errorf("postgres: practice text: %w", err)
			}
			*f.text = r
		}
		*f.src = f.text.Source()
	}
	return t, fe.Err()
}

// practiceColumns are the columns of a whole practice over practices p,
// committees c, accounts a and lateral joins inst and grp
// (practiceJoins); the author's name expression comes first, from the
// caller. scanPractice reads them.
const practiceColumns = `p.committee_id, c.slug, c.name, p.id, p.status, p.author_id,
	p.title, p.summary, p.context, p.context_html, p.actions, p.actions_html, p.means, p.means_html,
	p.results, p.results_html, p.transfer, p.transfer_html, p.other_actors, p.departement,
	coalesce(p.start_year, 0), p.running, coalesce(p.contact_account_id, 0), p.contact_name, p.contact_email,
	p.contact_public, p.return_comment, p.withdraw_reason,
	coalesce(inst.ids, '{}'), coalesce(inst.names, '{}'), coalesce(grp.ids, '{}'), coalesce(grp.titles, '{}'),
	p.submitted_at, p.published_at, p.shared_at, p.updated_at, p.version,
	coalesce((SELECT ` + shortNameSQL + ` FROM accounts a WHERE a.id = p.helped_by), '')`

// practiceJoins reads a practice's committee, author, institutions (by
// name) and themes (by title). Under a national scope the policies let
// through only the institutions and themes of shared practices.
const practiceJoins = `JOIN committees c ON c.id = p.committee_id
	JOIN accounts a ON a.id = p.author_id
	LEFT JOIN memberships m ON m.committee_id = p.committee_id AND m.account_id = p.author_id
	LEFT JOIN LATERAL (SELECT array_agg(i.id ORDER BY i.name COLLATE clts_fr, i.id) AS ids,
			array_agg(i.name ORDER BY i.name COLLATE clts_fr, i.id) AS names
		FROM practice_institutions pi JOIN institutions i ON i.committee_id = pi.committee_id AND i.id = pi.institution_id
		WHERE pi.committee_id = p.committee_id AND pi.practice_id = p.id) inst ON true
	LEFT JOIN LATERAL (SELECT array_agg(g.id ORDER BY g.title COLLATE clts_fr, g.id) AS ids,
			array_agg(g.title ORDER BY g.title COLLATE clts_fr, g.id) AS titles
		FROM practice_groups pg JOIN working_groups g ON g.committee_id = pg.committee_id AND g.id = pg.group_id
		WHERE pg.committee_id = p.committee_id AND pg.practice_id = p.id) grp ON true`

// viewerIsPilotSQL is true when the scope's account ($viewer) is an
// active pilot of the practice's committee: pilots see full names.
func viewerIsPilotSQL(viewer string) string {
	return `EXISTS (SELECT FROM memberships vm WHERE vm.committee_id = p.committee_id AND vm.account_id = ` + viewer +
		` AND vm.role = 'pilote' AND vm.active)`
}

// committeeAuthorSQL is the author's name as a member of the practice's
// committee ($viewer) may see it (the directory's rule).
func committeeAuthorSQL(viewer string) string {
	return `coalesce(` + visibleNameSQL(viewerIsPilotSQL(viewer), viewer) + `, '')`
}

// nationalAuthorSQL is the author's name on the national catalogue: the
// first name and the initial of the last, whoever the author is, as a
// reader from another committee may not see a supported person's name and
// the author's role there is not readable.
const nationalAuthorSQL = shortNameSQL

func scanPractice(row pgx.Row, extra ...any) (clts.Practice, error) {
	var p clts.Practice
	dest := []any{&p.AuthorName, &p.CommitteeID, &p.CommitteeSlug, &p.CommitteeName, &p.ID, &p.Status, &p.AuthorID,
		&p.Title, &p.Summary, &p.Context, &p.ContextHTML, &p.Actions, &p.ActionsHTML, &p.Means, &p.MeansHTML,
		&p.Results, &p.ResultsHTML, &p.Transfer, &p.TransferHTML, &p.OtherActors, &p.Departement,
		&p.StartYear, &p.Running, &p.ContactAccountID, &p.ContactName, &p.ContactEmail,
		&p.ContactPublic, &p.ReturnComment, &p.WithdrawReason,
		&p.InstitutionIDs, &p.Institutions, &p.GroupIDs, &p.Groups,
		&p.SubmittedAt, &p.PublishedAt, &p.SharedAt, &p.UpdatedAt, &p.Version, &p.HelpedByName}
	err := row.Scan(append(dest, extra...)...)
	return p, err
}

// PracticeByID returns a practice of the scope's committee, whatever its
// state (the caller applies the reading rule, internal/auth), with its
// institutions' names, its themes' titles and its author's name as the
// scope's account may see it; ENOTFOUND when missing.
func (tx *Tx) PracticeByID(ctx context.Context, id int64) (*clts.Practice, error) {
	p, err := scanPractice(tx.queryRow(ctx, `SELECT `+committeeAuthorSQL("$3")+`, `+practiceColumns+`
		FROM practices p `+practiceJoins+`
		WHERE p.committee_id = $1 AND p.id = $2`, tx.sc.CommitteeID, id, tx.sc.AccountID))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Pratique introuvable.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: practice: %w", err)
	}
	return &p, nil
}

// NationalPracticeByID returns a nationally shared, published practice of
// the committee named by committeeSlug, in a national scope (row-level
// security lets nothing else through, and the query asks for it too);
// ENOTFOUND otherwise. The contact's name and address are left out unless
// they agreed to be shown, and so are the pilots' comments.
func (tx *Tx) NationalPracticeByID(ctx context.Context, committeeSlug string, id int64) (*clts.Practice, error) {
	p, err := scanPractice(tx.queryRow(ctx, `SELECT `+nationalAuthorSQL+`, `+practiceColumns+`
		FROM practices p `+practiceJoins+`
		WHERE c.slug = $1 AND p.id = $2 AND p.status = 'publiee' AND p.shared_at IS NOT NULL`, committeeSlug, id))
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, clts.Errorf(clts.ENOTFOUND, "Pratique introuvable.")
	}
	if err != nil {
		return nil, fmt.Errorf("postgres: national practice: %w", err)
	}
	// Other committees see no contact who did not agree to be shown, and
	// none of the moderation's notes.
	if !p.ContactPublic {
		p.ContactName, p.ContactEmail = "", ""
	}
	p.ReturnComment, p.WithdrawReason = "", ""
	return &p, nil
}

// normalize trims the one-line fields of p and drops repeated ids.
func normalizePractice(p *clts.Practice) {
	p.Title = strings.TrimSpace(p.Title)
	p.Summary = strings.TrimSpace(strings.ReplaceAll(p.Summary, "\r\n", "\n"))
	p.OtherActors = strings.TrimSpace(strings.ReplaceAll(p.OtherActors, "\r\n", "\n"))
	p.Departement = strings.TrimSpace(p.Departement)
	p.ContactName = strings.TrimSpace(p.ContactName)
	p.ContactEmail = strings.TrimSpace(p.ContactEmail)
	p.InstitutionIDs = uniqueIDs(p.InstitutionIDs)
	p.GroupIDs = uniqueIDs(p.GroupIDs)
}

func uniqueIDs(ids []int64) []int64 {
	out := make([]int64, 0, len(ids))
	for _, id := range ids {
		if id != 0 && !slices.Contains(out, id) {
			out = append(out, id)
		}
	}
	slices.Sort(out)
	return out
}

// CreatePractice creates a draft written by the scope's account in its
// committee and returns its id. A draft may be unfinished (p.Validate).
// The long texts come from texts; a text that texts leaves empty while p
// has its source is rendered here.
func (tx *Tx) CreatePractice(ctx context.Context, p clts.Practice, texts PracticeTexts) (int64, error) {
	normalizePractice(&p)
	texts, err := texts.resolve(&p)
	if err != nil {
		return 0, err
	}
	if err := p.Validate(); err != nil {
		return 0, err
	}
	var id int64
	err = tx.queryRow(ctx, `INSERT INTO practices (committee_id, author_id, title, summary, context, context_html,
			actions, actions_html, means, means_html, results, results_html, transfer, transfer_html, other_actors,
			departement, start_year, running, contact_account_id, contact_name, contact_email, contact_public, helped_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, nullif($17, 0), $18,
			nullif($19, 0), $20, $21, $22, $23)
		RETURNING id`,
		tx.sc.CommitteeID, tx.sc.AccountID, p.Title, p.Summary, texts.Context.Source(), texts.Context.HTML(),
		texts.Actions.Source(), texts.Actions.HTML(), texts.Means.Source(), texts.Means.HTML(),
		texts.Results.Source(), texts.Results.HTML(), texts.Transfer.Source(), texts.Transfer.HTML(), p.OtherActors,
		p.Departement, p.StartYear, p.Running, p.ContactAccountID, p.ContactName, p.ContactEmail, p.ContactPublic, nullID(tx.helper)).Scan(&id)
	if err != nil {
		return 0, fmt.Errorf("postgres: create practice: %w", mapError(err))
	}
	if err := tx.setPracticeLinks(ctx, id, p.InstitutionIDs, p.GroupIDs); err != nil {
		return 0, err
	}
	p.ID = id
	return id, tx.auditOn(ctx, "practice.create", practiceSubject(p), clts.On(clts.ObjectPractice, id))
}

// setPracticeLinks replaces a practice's institutions and themes, in one
// round trip. An id of another committee fails its foreign key: ENOTFOUND.
func (tx *Tx) setPracticeLinks(ctx context.Context, id int64, institutions, groups []int64) error {
	cid := tx.sc.CommitteeID
	b := &pgx.Batch{}
	queueReplaceLinks(b, "practice_institutions", "practice_id", "institution_id", cid, id, institutions)
	queueReplaceLinks(b, "practice_groups", "practice_id", "group_id", cid, id, groups)
	if err := tx.sendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("postgres: practice links: %w", mapError(err))
	}
	return nil
}

// queueReplaceLinks queues the statements that make the links of owner
// in table (a committee's link table, owner and link columns named by the
// caller, never by input) exactly ids, keeping the rows that stay.
func queueReplaceLinks(b *pgx.Batch, table, ownerCol, linkCol string, committeeID, owner int64, ids []int64) {
	b.Queue(`DELETE FROM `+table+` WHERE committee_id = $1 AND `+ownerCol+` = $2 AND NOT `+linkCol+` = ANY ($3)`, committeeID, owner, ids)
	b.Queue(`INSERT INTO `+table+` (committee_id, `+ownerCol+`, `+linkCol+`)
		SELECT $1, $2, unnest($3::bigint[]) ON CONFLICT DO NOTHING`, committeeID, owner, ids)
}

// practiceFieldLabels are the French names of a practice's fields in its
// history of changes, by the key stored in practice_revisions.fields.
var practiceFieldLabels = map[string]string{
	clts.FieldPracticeTitle:    "Titre",
	clts.FieldPracticeSummary:  "Résumé",
	clts.FieldPracticeContext:  "Contexte",
	clts.FieldPracticeActions:  "Ce qui a été fait",
	clts.FieldPracticeMeans:    "Moyens",
	clts.FieldPracticeResults:  "Résultats et évaluation",
	clts.FieldPracticeTransfer: "Pour la reproduire ailleurs",
	clts.FieldPracticeActors:   "Autres acteurs",
	clts.FieldPracticeYear:     "Année de démarrage",
	"departement":              "Département",
	"en_cours":                 "Toujours en cours",
	"contact":                  "Contact",
	"institutions":             "Institutions partenaires",
	"themes":                   "Thèmes",
	"pieces_jointes":           "Pièces jointes",
}

// practiceFieldOrder is the order of the fields in a revision.
var practiceFieldOrder = []string{clts.FieldPracticeTitle, clts.FieldPracticeSummary, clts.FieldPracticeContext,
	clts.FieldPracticeActions, clts.FieldPracticeMeans, clts.FieldPracticeResults, clts.FieldPracticeTransfer,
	clts.FieldPracticeActors, "institutions", "themes", "departement", clts.FieldPracticeYear, "en_cours", "contact",
	"pieces_jointes"}

// changedFields lists the keys of the fields that differ between old and
// new, in practiceFieldOrder.
func changedFields(old, p clts.Practice) []string {
	changed := map[string]bool{
		clts.FieldPracticeTitle:    old.Title != p.Title,
		clts.FieldPracticeSummary:  old.Summary != p.Summary,
		clts.FieldPracticeContext:  old.Context != p.Context,
		clts.FieldPracticeActions:  old.Actions != p.Actions,
		clts.FieldPracticeMeans:    old.Means != p.Means,
		clts.FieldPracticeResults:  old.Results != p.Results,
		clts.FieldPracticeTransfer: old.Transfer != p.Transfer,
		clts.FieldPracticeActors:   old.OtherActors != p.OtherActors,
		"institutions":             !slices.Equal(uniqueIDs(old.InstitutionIDs), p.InstitutionIDs),
		"themes":                   !slices.Equal(uniqueIDs(old.GroupIDs), p.GroupIDs),
		"departement":              old.Departement != p.Departement,
		clts.FieldPracticeYear:     old.StartYear != p.StartYear,
		"en_cours":                 old.Running != p.Running,
		"contact": old.ContactAccountID != p.ContactAccountID || old.ContactName != p.ContactName ||
			old.ContactEmail != p.ContactEmail || old.ContactPublic != p.ContactPublic,
	}
	var out []string
	for _, f := range practiceFieldOrder {
		if changed[f] {
			out = append(out, f)
		}
	}
	return out
}

// UpdatePractice saves a practice edited from version p.Version: its
// fields, texts, institutions and themes. A submitted or published
// practice keeps what submission asks for (ValidateForSubmission); a
// withdrawn one is not edited. Someone else's save in between is an
// ECONFLICT. A change of a published practice is recorded in its history
// (who, when, which fields).
func (tx *Tx) UpdatePractice(ctx context.Context, p clts.Practice, texts PracticeTexts) error {
	normalizePractice(&p)
	texts, err := texts.resolve(&p)
	if err != nil {
		return err
	}
	old, err := tx.lockPractice(ctx, p.ID)
	if err != nil {
		return err
	}
	if old.Version != p.Version {
		return clts.Errorf(clts.ECONFLICT, "Quelqu'un a enregistré cette pratique pendant que vous écriviez. Votre texte est conservé ci-dessous : comparez avec la version actuelle, puis enregistrez de nouveau.")
	}
	switch old.Status {
	case clts.PracticeWithdrawn:
		return clts.Errorf(clts.ECONFLICT, "Cette pratique a été retirée : elle ne peut plus être modifiée.")
	case clts.PracticeSubmitted, clts.PracticePublished:
		err = p.ValidateForSubmission()
	default:
		err = p.Validate()
	}
	if err != nil {
		return err
	}
	_, err = tx.exec(ctx, `UPDATE practices SET title = $3, summary = $4, context = $5, context_html = $6,
			actions = $7, actions_html = $8, means = $9, means_html = $10, results = $11, results_html = $12,
			transfer = $13, transfer_html = $14, other_actors = $15, departement = $16, start_year = nullif($17, 0),
			running = $18, contact_account_id = nullif($19, 0), contact_name = $20, contact_email = $21,
			contact_public = $22, helped_by = coalesce($23::bigint, helped_by), version = version + 1, updated_at = now()
		WHERE committee_id = $1 AND id = $2`,
		tx.sc.CommitteeID, p.ID, p.Title, p.Summary, texts.Context.Source(), texts.Context.HTML(),
		texts.Actions.Source(), texts.Actions.HTML(), texts.Means.Source(), texts.Means.HTML(),
		texts.Results.Source(), texts.Results.HTML(), texts.Transfer.Source(), texts.Transfer.HTML(), p.OtherActors,
		p.Departement, p.StartYear, p.Running, p.ContactAccountID, p.ContactName, p.ContactEmail, p.ContactPublic, nullID(tx.helper))
	if err != nil {
		return fmt.Errorf("postgres: update practice: %w", mapError(err))
	}
	if err := tx.setPracticeLinks(ctx, p.ID, p.InstitutionIDs, p.GroupIDs); err != nil {
		return err
	}
	if err := tx.syncSearch(ctx, p.ID); err != nil {
		return err
	}
	if old.Status == clts.PracticePublished {
		if err := tx.recordRevision(ctx, p.ID, changedFields(old, p)); err != nil {
			return err
		}
	}
	return tx.auditOn(ctx, "practice.update", practiceSubject(p), clts.On(clts.ObjectPractice, p.ID))
}

// lockPractice locks a practice of the scope's committee for the rest of
// the unit of work and returns what a workflow step and an edit compare:
// its state, author, title, fields and links.
func (tx *Tx) lockPractice(ctx context.Context, id int64) (clts.Practice, error) {
	var p clts.Practice
	err := tx.queryRow(ctx, `SELECT p.id, p.status, p.author_id, p.title, p.summary, p.context, p.actions, p.means,
			p.results, p.transfer, p.other_actors, p.departement, coalesce(p.start_year, 0), p.running,
			coalesce(p.contact_account_id, 0), p.contact_name, p.contact_email, p.contact_public, p.version, p.shared_at,
			array(SELECT institution_id FROM practice_institutions pi WHERE pi.committee_id = p.committee_id AND pi.practice_id = p.id),
			array(SELECT group_id FROM practice_groups pg WHERE pg.committee_id = p.committee_id AND pg.practice_id = p.id)
		FROM practices p WHERE p.committee_id = $1 AND p.id = $2 FOR UPDATE`, tx.sc.CommitteeID, id).Scan(
		&p.ID, &p.Status, &p.AuthorID, &p.Title, &p.Summary, &p.Context, &p.Actions, &p.Means,
		&p.Results, &p.Transfer, &p.OtherActors, &p.Departement, &p.StartYear, &p.Running,
		&p.ContactAccountID, &p.ContactName, &p.ContactEmail, &p.ContactPublic, &p.Version, &p.SharedAt,
		&p.InstitutionIDs, &p.GroupIDs)
	if errors.Is(err, pgx.ErrNoRows) {
		return p, clts.Errorf(clts.ENOTFOUND, "Pratique introuvable.")
	}
	if err != nil {
		return p, fmt.Errorf("postgres: lock practice: %w", err)
	}
	return p, nil
}

// recordRevision records that the scope's account changed fields of a
// published practice. The changes of one unit of work (the form's fields,
// then its attachments) make one revision: rows of the same transaction
// share now().
func (tx *Tx) recordRevision(ctx context.Context, practiceID int64, fields []string) error {
	if len(fields) == 0 {
		return nil
	}
	_, err := tx.exec(ctx, `WITH merged AS (
			UPDATE practice_revisions SET fields = array(SELECT DISTINCT unnest(fields || $4::text[]))
			WHERE committee_id = $1 AND practice_id = $2 AND editor_id = $3 AND at = now()
			RETURNING 1)
		INSERT INTO practice_revisions (committee_id, practice_id, editor_id, fields)
		SELECT $1, $2, $3, $4 WHERE NOT EXISTS (SELECT FROM merged)`,
		tx.sc.CommitteeID, practiceID, tx.sc.AccountID, fields)
	if err != nil {
		return fmt.Errorf("postgres: practice revision: %w", err)
	}
	return nil
}

// practiceStep is a workflow step: the states it starts from, the state
// it leads to, its audit action, and the French message when the
// practice is in another state.
type practiceStep struct {
	action string
	from   []string
	wrong  string
}

var (
	stepSubmit = practiceStep{"practice.submit", []string{clts.PracticeDraft, clts.PracticeReturned},
		"Cette pratique a déjà été proposée : elle ne peut pas l'être de nouveau."}
	stepPublish = practiceStep{"practice.publish", []string{clts.PracticeSubmitted},
		"Seule une pratique proposée, en attente de relecture, peut être publiée."}
	stepReturn = practiceStep{"practice.return", []string{clts.PracticeSubmitted},
		"Seule une pratique proposée, en attente de relecture, peut être renvoyée à son auteur."}
	stepWithdraw = practiceStep{"practice.withdraw", []string{clts.PracticePublished},
		"Seule une pratique publiée peut être retirée."}
	stepShare = practiceStep{"practice.share", []string{clts.PracticePublished},
		"Seule une pratique publiée peut être partagée avec les autres comités."}
	stepUnshare = practiceStep{"practice.unshare", []string{clts.PracticePublished},
		"Seule une pratique publiée peut cesser d'être partagée."}
	stepFlag = practiceStep{"practice.flag", []string{clts.PracticePublished},
		"Seule une pratique publiée peut être signalée."}
)

// begin locks the practice and checks that the step may start from its
// state: ENOTFOUND when missing, ECONFLICT otherwise.
func (s practiceStep) begin(ctx context.Context, tx *Tx, id int64) (clts.Practice, error) {
	p, err := tx.lockPractice(ctx, id)
	if err != nil {
		return p, err
	}
	if !slices.Contains(s.from, p.Status) {
		return p, clts.Errorf(clts.ECONFLICT, "%s Elle est actuellement : %s.", s.wrong,
			strings.ToLower(clts.PracticeStatusLabel(p.Status)))
	}
	return p, nil
}

// Form fields of the workflow's texts.
const (
	fieldReturnComment = "commentaire"
	fieldReason        = "motif"
)

// SubmitPractice submits a draft or a returned practice to the pilots
// (ECONFLICT from another state; EINVALID when it lacks what submission
// asks for: summary, context, what was done) and mails the committee's
// active pilots.
func (tx *Tx) SubmitPractice(ctx context.Context, id int64) error {
	p, err := stepSubmit.begin(ctx, tx, id)
	if err != nil {
		return err
	}
	if err := p.ValidateForSubmission(); err != nil {
		return err
	}
	// A referent proposing it with the person is recorded as helper
	// (ActingWith); a step taken alone keeps the help already recorded.
	if _, err := tx.exec(ctx, `UPDATE practices SET status = 'proposee', submitted_at = now(), version = version + 1, updated_at = now(),
			helped_by = coalesce($3::bigint, helped_by)
		WHERE committee_id = $1 AND id = $2`, tx.sc.CommitteeID, id, nullID(tx.helper)); err != nil {
		return fmt.Errorf("postgres: submit practice: %w", err)
	}
	return tx.finishStep(ctx, stepSubmit, p, "", notifyPilots)
}

// PublishPractice publishes a submitted practice in the committee's
// catalogue and mails its author.
func (tx *Tx) PublishPractice(ctx context.Context, id int64) error {
	p, err := stepPublish.begin(ctx, tx, id)
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `UPDATE practices SET status = 'publiee', published_at = now(), version = version + 1, updated_at = now()
		WHERE committee_id = $1 AND id = $2`, tx.sc.CommitteeID, id); err != nil {
		return fmt.Errorf("postgres: publish practice: %w", err)
	}
	if err := tx.syncSearch(ctx, id); err != nil {
		return err
	}
	return tx.finishStep(ctx, stepPublish, p, "", notifyAuthor)
}

// ReturnPractice returns a submitted practice to its author with the
// pilot's comment (required: EINVALID on field "commentaire"), and mails
// the author with it.
func (tx *Tx) ReturnPractice(ctx context.Context, id int64, comment string) error {
	comment = strings.TrimSpace(comment)
	if err := clts.ValidateComment(fieldReturnComment, comment); err != nil {
		return err
	}
	p, err := stepReturn.begin(ctx, tx, id)
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `UPDATE practices SET status = 'renvoyee', return_comment = $3, version = version + 1, updated_at = now()
		WHERE committee_id = $1 AND id = $2`, tx.sc.CommitteeID, id, comment); err != nil {
		return fmt.Errorf("postgres: return practice: %w", err)
	}
	return tx.finishStep(ctx, stepReturn, p, comment, notifyAuthor)
}

// WithdrawPractice withdraws a published practice with a reason
// (required: EINVALID on field "motif"): it leaves the catalogue and the
// national one, and is kept. The author is mailed the reason.
func (tx *Tx) WithdrawPractice(ctx context.Context, id int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if err := clts.ValidateComment(fieldReason, reason); err != nil {
		return err
	}
	p, err := stepWithdraw.begin(ctx, tx, id)
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `UPDATE practices SET status = 'retiree', withdraw_reason = $3, shared_at = NULL,
			version = version + 1, updated_at = now()
		WHERE committee_id = $1 AND id = $2`, tx.sc.CommitteeID, id, reason); err != nil {
		return fmt.Errorf("postgres: withdraw practice: %w", err)
	}
	if err := tx.syncSearch(ctx, id); err != nil {
		return err
	}
	return tx.finishStep(ctx, stepWithdraw, p, reason, notifyAuthor)
}

// SharePractice shares a published practice nationally (share), which its
// author is told of, or stops sharing it. Asking for the current sharing
// changes nothing.
func (tx *Tx) SharePractice(ctx context.Context, id int64, share bool) error {
	step := stepShare
	if !share {
		step = stepUnshare
	}
	p, err := step.begin(ctx, tx, id)
	if err != nil {
		return err
	}
	if (p.SharedAt != nil) == share {
		return nil
	}
	if _, err := tx.exec(ctx, `UPDATE practices SET shared_at = CASE WHEN $3 THEN now() END, version = version + 1, updated_at = now()
		WHERE committee_id = $1 AND id = $2`, tx.sc.CommitteeID, id, share); err != nil {
		return fmt.Errorf("postgres: share practice: %w", err)
	}
	if err := tx.syncSearch(ctx, id); err != nil {
		return err
	}
	if share {
		// Its author is told (clts.NotifyPractice), unless sharing it themselves.
		return tx.finishStep(ctx, step, p, "", notifyAuthor)
	}
	return tx.auditOn(ctx, step.action, practiceSubject(p), clts.On(clts.ObjectPractice, id))
}

// searchColumns are the columns of the search tables, practice_search and
// practice_national_search, and searchSource what they copy of practices
// p: the search vector and what the lists sort and filter on.
const (
	searchColumns = `committee_id, practice_id, search, published_at, departement, start_year, running`
	searchSource  = `p.committee_id, p.id, p.search, p.published_at, p.departement, p.start_year, p.running`
)

// practiceThemesSQL is the ids and titles of the themes of the practice
// whose committee and id are the expressions committee and id, in the
// order the lists show them (ids, titles: never NULL).
func practiceThemesSQL(committee, id string) string {
	return `SELECT coalesce(array_agg(g.id ORDER BY g.title COLLATE clts_fr, g.id), '{}'),
			coalesce(array_agg(g.title ORDER BY g.title COLLATE clts_fr, g.id), '{}')
		FROM practice_groups pg JOIN working_groups g ON g.committee_id = pg.committee_id AND g.id = pg.group_id
		WHERE pg.committee_id = ` + committee + ` AND pg.practice_id = ` + id
}

// syncSearch brings the practice's rows of the search tables in step with
// practices, in the unit of work of the change, in one round trip: a row
// of practice_search while the practice is published (the committee's
// search), one of practice_national_search while it is published and
// shared nationally (the national search, which holds its themes too),
// none otherwise. Every change of a practice's state, sharing, text,
// filtered fields or themes calls it, after the change.
func (tx *Tx) syncSearch(ctx context.Context, id int64) error {
	cid := tx.sc.CommitteeID
	b := &pgx.Batch{}
	b.Queue(`DELETE FROM practice_search WHERE committee_id = $1 AND practice_id = $2`, cid, id)
	b.Queue(`INSERT INTO practice_search (`+searchColumns+`)
		SELECT `+searchSource+` FROM practices p
		WHERE p.committee_id = $1 AND p.id = $2 AND p.status = 'publiee'`, cid, id)
	b.Queue(`DELETE FROM practice_national_search WHERE committee_id = $1 AND practice_id = $2`, cid, id)
	b.Queue(`INSERT INTO practice_national_search (`+searchColumns+`, theme_ids, themes)
		SELECT `+searchSource+`, t.* FROM practices p CROSS JOIN LATERAL (`+practiceThemesSQL("p.committee_id", "p.id")+`) t
		WHERE p.committee_id = $1 AND p.id = $2 AND p.status = 'publiee' AND p.shared_at IS NOT NULL`, cid, id)
	if err := tx.sendBatch(ctx, b).Close(); err != nil {
		return fmt.Errorf("postgres: practice search: %w", err)
	}
	return nil
}

// syncSearchThemes brings the themes of practice_national_search in step
// after the title of the scope's committee's theme (working group)
// groupID changed, in the unit of work of the change.
func (tx *Tx) syncSearchThemes(ctx context.Context, groupID int64) error {
	if _, err := tx.exec(ctx, `UPDATE practice_national_search ns SET (theme_ids, themes) = (`+
		practiceThemesSQL("ns.committee_id", "ns.practice_id")+`)
		WHERE ns.committee_id = $1 AND ns.practice_id IN
			(SELECT practice_id FROM practice_groups WHERE committee_id = $1 AND group_id = $2)`,
		tx.sc.CommitteeID, groupID); err != nil {
		return fmt.Errorf("postgres: practice search themes: %w", err)
	}
	return nil
}

// FlagPractice records the scope's account's flag on a published
// practice, with a reason (required: EINVALID on field "motif"), and
// mails the committee's active pilots.
func (tx *Tx) FlagPractice(ctx context.Context, id int64, reason string) error {
	reason = strings.TrimSpace(reason)
	if err := clts.ValidateComment(fieldReason, reason); err != nil {
		return err
	}
	p, err := stepFlag.begin(ctx, tx, id)
	if err != nil {
		return err
	}
	if _, err := tx.exec(ctx, `INSERT INTO practice_flags (committee_id, practice_id, account_id, reason) VALUES ($1, $2, $3, $4)`,
		tx.sc.CommitteeID, id, tx.sc.AccountID, reason); err != nil {
		return fmt.Errorf("postgres: flag practice: %w", mapError(err))
	}
	return tx.finishStep(ctx, stepFlag, p, reason, notifyPilots)
}

// PracticeRevisions lists the changes of a published practice, newest
// first, with the editor's name as the scope's account may see it and
// the fields' French names.
func (tx *Tx) PracticeRevisions(ctx context.Context, id int64) ([]clts.PracticeRevision, error) {
	rows, err := tx.query(ctx, `SELECT r.at, coalesce(`+visibleNameSQL(`EXISTS (SELECT FROM memberships vm
			WHERE vm.committee_id = r.committee_id AND vm.account_id = $3 AND vm.role = 'pilote' AND vm.active)`, "$3")+`, ''), r.fields
		FROM practice_revisions r
		JOIN accounts a ON a.id = r.editor_id
		LEFT JOIN memberships m ON m.committee_id = r.committee_id AND m.account_id = r.editor_id
		WHERE r.committee_id = $1 AND r.practice_id = $2
		ORDER BY r.at DESC, r.id DESC`, tx.sc.CommitteeID, id, tx.sc.AccountID)
	if err != nil {
		return nil, fmt.Errorf("postgres: practice revisions: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.PracticeRevision, error) {
		var r clts.PracticeRevision
		var keys []string
		err := row.Scan(&r.At, &r.EditorName, &keys)
		for _, f := range practiceFieldOrder {
			if slices.Contains(keys, f) {
				r.Fields = append(r.Fields, practiceFieldLabels[f])
			}
		}
		return r, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: practice revisions: %w", err)
	}
	return out, nil
}

// PracticeFlags lists the flags of a practice, newest first, with their
// authors' names (pilots read them, and see full names).
func (tx *Tx) PracticeFlags(ctx context.Context, id int64) ([]clts.PracticeFlag, error) {
	rows, err := tx.query(ctx, `SELECT f.id, f.at, coalesce(a.display_name, ''), f.reason, f.resolved_at IS NOT NULL
		FROM practice_flags f LEFT JOIN accounts a ON a.id = f.account_id
		WHERE f.committee_id = $1 AND f.practice_id = $2
		ORDER BY f.at DESC, f.id DESC`, tx.sc.CommitteeID, id)
	if err != nil {
		return nil, fmt.Errorf("postgres: practice flags: %w", err)
	}
	out, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (clts.PracticeFlag, error) {
		var f clts.PracticeFlag
		err := row.Scan(&f.ID, &f.At, &f.AuthorName, &f.Reason, &f.Resolved)
		return f, err
	})
	if err != nil {
		return nil, fmt.Errorf("postgres: practice flags: %w", err)
	}
	return out, nil
}

// practiceSubject names a practice in the audit log.
func practiceSubject(p clts.Practice) string {
	return p.Title + " (fiche " + strconv.FormatInt(p.ID, 10) + ")"
}

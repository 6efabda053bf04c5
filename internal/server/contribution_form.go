package server

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strconv"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// contributionChoices is what the contribution form offers: the
// committee's working groups, its members as co-authors and its
// published practices.
type contributionChoices struct {
	groups    []pages.PracticeChoice
	members   []pages.PracticeChoice
	practices []pages.PracticeChoice
}

// readContributionChoices reads what the form offers, in the form's unit
// of work; creator (the first author, who always stays) is left out of
// the co-authors.
func readContributionChoices(ctx context.Context, tx *postgres.Tx, creator int64) (contributionChoices, error) {
	var c contributionChoices
	pc, err := readPracticeChoices(ctx, tx, nil)
	if err != nil {
		return c, err
	}
	c.groups = pc.themes
	for _, m := range pc.members {
		if m.AccountID != creator {
			c.members = append(c.members, pages.PracticeChoice{ID: m.AccountID, Label: m.Name})
		}
	}
	practices, err := tx.PublishedPractices(ctx)
	if err != nil {
		return c, err
	}
	for _, p := range practices {
		c.practices = append(c.practices, pages.PracticeChoice{ID: p.ID, Label: p.Title})
	}
	return c, nil
}

// withIDs adds to choices the ids that the contribution holds and the list
// no longer offers (an archived group, an unpublished practice), so that
// saving keeps them visible.
func withIDs(choices []pages.PracticeChoice, ids []int64, label string) []pages.PracticeChoice {
	for _, id := range ids {
		if !slices.ContainsFunc(choices, func(c pages.PracticeChoice) bool { return c.ID == id }) {
			choices = append(choices, pages.PracticeChoice{ID: id, Label: label})
		}
	}
	return choices
}

// contributionInput is the contribution form as typed.
type contributionInput struct {
	c         clts.Contribution
	coauthors []int64
	practices []int64
	propose   bool
	fe        clts.FieldErrors
}

// parseContributionForm reads the form's values; what cannot be parsed
// is a field error, the typed text kept.
func parseContributionForm(r *http.Request) contributionInput {
	in := contributionInput{fe: clts.FieldErrors{}, propose: r.PostFormValue(fieldAfterSave) == "proposer"}
	in.c = clts.Contribution{
		Title:    formValue(r, clts.FieldContributionTitle),
		Body:     trimmed(r.PostFormValue(clts.FieldContributionBody)),
		Category: r.PostFormValue(clts.FieldContributionCategory),
	}
	in.c.Version, _ = strconv.Atoi(r.PostFormValue("version"))
	if g := r.PostFormValue(clts.FieldContributionGroup); g != "" {
		id, err := strconv.ParseInt(g, 10, 64)
		if err != nil || id <= 0 {
			in.fe.Add(clts.FieldContributionGroup, "Choisissez un groupe de travail dans la liste.")
		} else {
			in.c.GroupID = id
		}
	}
	in.coauthors = parseIDs(r.PostForm[clts.FieldContributionCoauthors], in.fe, clts.FieldContributionCoauthors)
	in.practices = parseIDs(r.PostForm[clts.FieldContributionPractices], in.fe, clts.FieldContributionPractices)
	return in
}

// validate checks the typed contribution: the domain's rules (those of a
// proposal when it is proposed, or already was), then the choices against
// what the form offers.
func (in *contributionInput) validate(ch contributionChoices, complete bool) {
	check := in.c.Validate
	if in.propose || complete {
		check = in.c.ValidateForProposal
	}
	for k, v := range fieldErrors(check()) {
		in.fe.Add(k, v)
	}
	offered := func(choices []pages.PracticeChoice, id int64) bool {
		return slices.ContainsFunc(choices, func(c pages.PracticeChoice) bool { return c.ID == id })
	}
	if in.c.GroupID != 0 && !offered(ch.groups, in.c.GroupID) {
		in.fe.Add(clts.FieldContributionGroup, "Choisissez un groupe de travail dans la liste.")
	}
	for _, id := range in.coauthors {
		if !offered(ch.members, id) {
			in.fe.Add(clts.FieldContributionCoauthors, "Choisissez les co-auteurs parmi les membres proposés.")
		}
	}
	for _, id := range in.practices {
		if !offered(ch.practices, id) {
			in.fe.Add(clts.FieldContributionPractices, "Choisissez parmi les pratiques proposées.")
		}
	}
}

// contributionFormData is the form of contribution c (ID 0: a new one in
// campaign camp) with the choices offered, its co-authors and practices.
func contributionFormData(slug string, camp *clts.Campaign, c clts.Contribution, coauthors, practices []int64, ch contributionChoices) pages.ContributionFormData {
	d := pages.ContributionFormData{Slug: slug, Heading: "Écrire une contribution", Action: paths.ContributionNew(slug, ""),
		ID: c.ID, Version: c.Version, Status: c.Status, ReturnComment: c.ReturnComment}
	if camp != nil {
		d.CampaignYear = camp.Year
		d.GuidanceHTML = camp.Guidance[c.Category].HTML
		d.Heading = "Écrire une contribution au rapport " + strconv.Itoa(camp.Year)
	}
	cats := []components.Option{{Value: "", Label: "Choisissez une catégorie"}}
	for _, cat := range clts.Categories {
		cats = append(cats, components.Option{Value: cat, Label: clts.CategoryLabel(cat)})
	}
	d.Category = components.Field{Name: clts.FieldContributionCategory, Label: "Catégorie du rapport", Type: "select", Value: c.Category, Options: cats}
	d.Title = components.Field{Name: clts.FieldContributionTitle, Label: "Titre", Value: c.Title, Spellcheck: true, MaxLength: clts.MaxContributionTitle}
	d.Body = components.Field{Name: clts.FieldContributionBody, Label: "Le texte", Type: "textarea", Value: c.Body, Spellcheck: true,
		MaxLength: clts.MaxContributionBody, Optional: c.ID == 0 || c.Status == clts.ContributionDraft,
		Hint: "Ce que le comité veut dire au HCTS : constats, exemples, propositions. Nécessaire pour la proposer aux pilotes. " + markdownHint}
	groups := []components.Option{{Value: "", Label: "Aucun groupe en particulier"}}
	for _, g := range ch.groups {
		groups = append(groups, components.Option{Value: strconv.FormatInt(g.ID, 10), Label: g.Label})
	}
	group := ""
	if c.GroupID != 0 {
		group = strconv.FormatInt(c.GroupID, 10)
	}
	d.Group = components.Field{Name: clts.FieldContributionGroup, Label: "Groupe de travail d'où elle vient", Type: "select",
		Value: group, Options: groups, Optional: true}
	for _, m := range ch.members {
		m.Checked = slices.Contains(coauthors, m.ID)
		d.Coauthors = append(d.Coauthors, m)
	}
	for _, p := range ch.practices {
		p.Checked = slices.Contains(practices, p.ID)
		d.Practices = append(d.Practices, p)
	}
	if c.ID != 0 {
		d.Heading = "Modifier la contribution"
		d.Action = paths.ContributionEdit(slug, c.ID)
		d.CategoryFixed = clts.CategoryLabel(c.Category)
	}
	return d
}

// fillContributionErrors puts the errors next to their fields.
func fillContributionErrors(d *pages.ContributionFormData, fe clts.FieldErrors) {
	d.Category.Error, d.Title.Error, d.Body.Error, d.Group.Error = fe[clts.FieldContributionCategory], fe[clts.FieldContributionTitle],
		fe[clts.FieldContributionBody], fe[clts.FieldContributionGroup]
	d.CoauthorsError, d.PracticesError = fe[clts.FieldContributionCoauthors], fe[clts.FieldContributionPractices]
}

// errNoCampaign: no campaign is open to write to.
var errNoCampaign = clts.Errorf(clts.ECONFLICT, "Aucune campagne du HCTS n'est ouverte : il n'est pas possible d'écrire une contribution pour le moment.")

func (s *Server) handleContributionNewForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	if !auth.CanWriteContribution(st.principal()) {
		s.renderError(w, r, http.StatusForbidden)
		return
	}
	var camp *clts.Campaign
	var ch contributionChoices
	var help *clts.Help // ?avec=: a referent writing with a person (withHelp)
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		tx, h, _, err := withHelp(ctx, tx, r, false)
		if err != nil {
			return err
		}
		help = h
		if camp, err = tx.CurrentCampaign(ctx, s.now()); err != nil {
			return err
		}
		if camp == nil {
			return errNoCampaign
		}
		ch, err = readContributionChoices(ctx, tx, tx.Scope().AccountID)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	c := clts.Contribution{}
	if cat := r.URL.Query().Get("categorie"); clts.IsCategory(cat) {
		c.Category = cat
	}
	d := contributionFormData(st.membership.Committee.Slug, camp, c, nil, nil, ch)
	d.CanPropose = true
	d.Heading, d.Action = withHelpHeading(d.Heading, help), withHelpURL(d.Action, help)
	d.Back = withHelpBack(st.membership.Committee.Slug, help)
	s.render(w, r, pages.ContributionForm(s.page(r, d.Heading), d))
}

func (s *Server) handleContributionCreate(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	if !auth.CanWriteContribution(st.principal()) {
		s.renderError(w, r, http.StatusForbidden)
		return
	}
	slug := st.membership.Committee.Slug
	in := parseContributionForm(r)
	var camp *clts.Campaign
	var ch contributionChoices
	var id int64
	var help *clts.Help
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		tx, h, _, err := withHelp(ctx, tx, r, true)
		if err != nil {
			return err
		}
		help = h
		if camp, err = tx.CurrentCampaign(ctx, s.now()); err != nil {
			return err
		}
		if camp == nil {
			return errNoCampaign
		}
		if ch, err = readContributionChoices(ctx, tx, tx.Scope().AccountID); err != nil {
			return err
		}
		in.validate(ch, false)
		if len(in.fe) > 0 {
			return in.fe.Err()
		}
		in.c.CampaignID = camp.ID
		if id, err = tx.CreateContribution(ctx, in.c, in.coauthors, in.practices); err != nil {
			return err
		}
		if in.propose {
			return tx.ProposeContribution(ctx, id)
		}
		return nil
	})
	switch {
	case err == nil && help != nil:
		s.redirectHelpedSave(w, r, slug, help, "La contribution", in.propose)
		return
	case err == nil && in.propose:
		s.redirectWithFlash(w, r, paths.Contribution(slug, id), "La contribution est enregistrée et proposée aux pilotes : vous recevrez un courriel quand ils l'auront relue.")
		return
	case err == nil:
		s.redirectWithFlash(w, r, paths.Contribution(slug, id), "Le brouillon est enregistré : seuls ses auteurs et les pilotes le voient.")
		return
	case fieldErrors(err) == nil:
		s.failDomain(w, r, err)
		return
	}
	in.c.ID = 0
	d := contributionFormData(slug, camp, in.c, in.coauthors, in.practices, ch)
	d.CanPropose = true
	d.Heading, d.Action = withHelpHeading(d.Heading, help), withHelpURL(d.Action, help)
	d.Back = withHelpBack(slug, help)
	fillContributionErrors(&d, fieldErrors(err))
	s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.ContributionForm(s.page(r, d.Heading), d))
}

// contributionIDs returns the co-authors (the creator left out) and
// practices of c.
func contributionIDs(c *clts.Contribution) (coauthors, practices []int64) {
	for _, a := range c.Authors {
		if a.AccountID != c.CreatedBy {
			coauthors = append(coauthors, a.AccountID)
		}
	}
	return coauthors, c.PracticeIDs
}

func (s *Server) handleContributionEditForm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	var c *clts.Contribution
	var camp *clts.Campaign
	var ch contributionChoices
	var help *clts.Help // ?avec=: a referent editing with the person (withHelp)
	var pr auth.Principal
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		tx, h, person, err := withHelp(ctx, tx, r, false)
		if err != nil {
			return err
		}
		help, pr = h, person
		if c, camp, _, err = s.contributionForAs(ctx, tx, pr, r, auth.EditContribution); err != nil {
			return err
		}
		if ch, err = readContributionChoices(ctx, tx, c.CreatedBy); err != nil {
			return err
		}
		linked, err := tx.ContributionPractices(ctx, c.ID)
		ch = keepCurrent(ch, c, linked, pr)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	coauthors, practices := contributionIDs(c)
	d := contributionFormData(st.membership.Committee.Slug, camp, *c, coauthors, practices, ch)
	d.CanPropose = auth.CanContribution(pr, auth.ContributionFactsOf(*c, camp.Open(s.now())), auth.ProposeContribution)
	d.Heading, d.Action = withHelpHeading(d.Heading, help), withHelpURL(d.Action, help)
	d.Back = withHelpBack(st.membership.Committee.Slug, help)
	s.render(w, r, pages.ContributionForm(s.page(r, d.Heading), d))
}

// keepCurrent offers what the contribution names already even when the
// lists no longer do — co-authors no longer active, an archived group,
// practices no longer published (linked) — so that saving does not drop
// them silently; the creator, who always stays, is never offered. A
// linked practice that viewer may no longer read keeps its box without
// its title.
func keepCurrent(ch contributionChoices, c *clts.Contribution, linked []clts.Practice, viewer auth.Principal) contributionChoices {
	if c.GroupID != 0 {
		ch.groups = withIDs(ch.groups, []int64{c.GroupID}, c.GroupTitle+" (archivé)")
	}
	for _, p := range linked {
		label := p.Title + " (n'est plus publiée)"
		if auth.CheckPractice(viewer, auth.PracticeFactsOf(p), auth.ReadPractice) != nil {
			label = "Une pratique qui n'est plus publiée"
		}
		ch.practices = withIDs(ch.practices, []int64{p.ID}, label)
	}
	for _, a := range c.Authors {
		if a.AccountID != c.CreatedBy {
			ch.members = withIDs(ch.members, []int64{a.AccountID}, a.Name+" (n'est plus membre actif)")
		}
	}
	ch.members = slices.DeleteFunc(ch.members, func(m pages.PracticeChoice) bool { return m.ID == c.CreatedBy })
	return ch
}

func (s *Server) handleContributionEdit(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	slug := st.membership.Committee.Slug
	in := parseContributionForm(r)
	var current *clts.Contribution
	var camp *clts.Campaign
	var ch contributionChoices
	var canPropose bool
	var help *clts.Help // ?avec=: a referent editing with the person (withHelp)
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		tx, h, pr, err := withHelp(ctx, tx, r, true)
		if err != nil {
			return err
		}
		help = h
		var f auth.ContributionFacts
		if current, camp, f, err = s.contributionForAs(ctx, tx, pr, r, auth.EditContribution); err != nil {
			return err
		}
		canPropose = auth.CanContribution(pr, f, auth.ProposeContribution)
		in.propose = in.propose && canPropose
		if ch, err = readContributionChoices(ctx, tx, current.CreatedBy); err != nil {
			return err
		}
		linked, err := tx.ContributionPractices(ctx, current.ID)
		if err != nil {
			return err
		}
		ch = keepCurrent(ch, current, linked, pr)
		in.c.ID, in.c.Category = current.ID, current.Category
		in.validate(ch, current.Status != clts.ContributionDraft)
		if len(in.fe) > 0 {
			return in.fe.Err()
		}
		if err := tx.UpdateContribution(ctx, in.c, in.coauthors, in.practices); err != nil {
			return err
		}
		if in.propose {
			return tx.ProposeContribution(ctx, current.ID)
		}
		return nil
	})
	if err == nil && help != nil {
		s.redirectHelpedSave(w, r, slug, help, "La contribution", in.propose)
		return
	}
	if err == nil {
		msg := "La contribution est enregistrée."
		if in.propose {
			msg = "La contribution est enregistrée et proposée aux pilotes : vous recevrez un courriel quand ils l'auront relue."
		}
		s.redirectWithFlash(w, r, paths.Contribution(slug, current.ID), msg)
		return
	}
	fe := fieldErrors(err)
	conflict := ""
	if fe == nil {
		if !errors.Is(err, postgres.ErrContributionChanged) {
			s.failDomain(w, r, err)
			return
		}
		conflict = userMessage(err)
	}
	typed := in.c
	typed.Status, typed.ReturnComment, typed.GroupTitle = current.Status, current.ReturnComment, current.GroupTitle
	typed.Version = current.Version
	d := contributionFormData(slug, camp, typed, in.coauthors, in.practices, ch)
	d.CanPropose = canPropose
	d.Heading, d.Action = withHelpHeading(d.Heading, help), withHelpURL(d.Action, help)
	d.Back = withHelpBack(slug, help)
	d.Conflict = conflict
	fillContributionErrors(&d, fe)
	s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.ContributionForm(s.page(r, d.Heading), d))
}

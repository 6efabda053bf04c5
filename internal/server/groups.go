package server

import (
	"context"
	"net/http"
	"strconv"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// The refusals of the group rules (package auth). The conflicts are
// explained: the group page is shown again with the message, as a 409 (the
// store refuses the first two as well, under the group's row lock, for two
// requests that cross). The others get their error page.
var (
	errGroupArchived = clts.Errorf(clts.ECONFLICT, "Ce groupe est archivé : il n'accueille plus de membres.")
	errLastLead      = clts.Errorf(clts.ECONFLICT, "Personne d'autre n'anime ce groupe : demandez aux pilotes de confier l'animation à un autre membre avant de le quitter.")
	errGroupPlanned  = clts.Errorf(clts.ECONFLICT, "Ce groupe a encore des réunions prévues : annulez-les avant de l'archiver, pour que les personnes invitées en soient prévenues.")
	errGroupRefused  = clts.Errorf(clts.EFORBIDDEN, "Action réservée aux personnes qui animent le groupe et aux pilotes.")
	errNoSuchRequest = clts.Errorf(clts.ENOTFOUND, "Demande introuvable.")
)

func (s *Server) handleGroups(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	canManage := st.principal().Can(auth.ManageGroups)
	showArchived := canManage && r.URL.Query().Get("archives") == "oui"
	d := pages.GroupsData{Slug: st.membership.Committee.Slug, Mine: map[int64]string{},
		CanManage: canManage, ShowArchived: showArchived}
	var mine []clts.Group
	var statuses []string
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if d.Groups, err = tx.Groups(ctx, showArchived); err != nil {
			return err
		}
		mine, statuses, err = tx.GroupsOfAccount(ctx)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	for i, g := range mine {
		d.Mine[g.ID] = statuses[i]
	}
	s.render(w, r, pages.Groups(s.page(r, "Groupes de travail"), d))
}

// loadGroup reads a group of the unit of work's committee (another
// committee's id is not found) and the facts the group rules need about
// it and the scope's account.
func loadGroup(ctx context.Context, tx *postgres.Tx, id int64) (*clts.Group, auth.GroupFacts, error) {
	g, err := tx.GroupByID(ctx, id)
	if err != nil {
		return nil, auth.GroupFacts{}, err
	}
	status, err := tx.GroupStatus(ctx, id, tx.Scope().AccountID)
	if err != nil {
		return nil, auth.GroupFacts{}, err
	}
	return g, auth.GroupFactsOf(*g, status), nil
}

// groupPractices is how many of its theme's practices a group page shows.
const groupPractices = 10

// readGroupPage reads what the group page shows: the group, its people,
// its meetings, the practices of its theme and, for those who add members,
// the committee's members, in a constant number of queries.
func readGroupPage(ctx context.Context, tx *postgres.Tx, pr auth.Principal, id int64) (pages.GroupData, error) {
	g, profiles, statuses, err := tx.GroupWithMembers(ctx, id)
	if err != nil {
		return pages.GroupData{}, err
	}
	pilotView := pr.Can(auth.ViewMemberDetails)
	d := pages.GroupData{Group: *g, Viewer: pr}
	inGroup := map[int64]bool{}
	myStatus := ""
	for i, p := range profiles {
		e := p.View(pilotView, pr.AccountID)
		inGroup[p.AccountID] = true
		if p.AccountID == pr.AccountID {
			myStatus = statuses[i]
		}
		switch statuses[i] {
		case clts.StatusLead:
			d.Leads = append(d.Leads, e)
		case clts.StatusMember:
			d.Members = append(d.Members, e)
		case clts.StatusPending:
			d.Pending = append(d.Pending, e)
		}
	}
	d.Facts = auth.GroupFactsOf(*g, myStatus)
	if d.Meetings, err = tx.GroupMeetings(ctx, id, 20); err != nil {
		return pages.GroupData{}, err
	}
	if d.Practices, d.PracticesTotal, err = tx.Practices(ctx, postgres.PracticeQuery{GroupID: id, ByDate: true, Limit: groupPractices}); err != nil {
		return pages.GroupData{}, err
	}
	if auth.CanSetGroupStatus(pr, d.Facts, "", clts.StatusMember) {
		members, err := tx.Members(ctx)
		if err != nil {
			return pages.GroupData{}, err
		}
		d.AddMember = addMemberField(members, inGroup, pilotView)
	}
	return d, nil
}

// addMemberField offers the committee's active members outside the group;
// a supported person's surname is shortened for those who may not see it.
func addMemberField(members []clts.Member, inGroup map[int64]bool, pilotView bool) components.Field {
	opts := []components.Option{{Value: "", Label: "Choisir un membre"}}
	for _, m := range members {
		if m.Active && !inGroup[m.AccountID] {
			name := m.DisplayName
			if !pilotView && m.Role == clts.RoleAccompagne {
				name = clts.ShortName(name)
			}
			opts = append(opts, components.Option{Value: strconv.FormatInt(m.AccountID, 10), Label: name + " (" + m.Role.Label() + ")"})
		}
	}
	return components.Field{Name: "compte", Label: "Membre à ajouter", Type: "select", Options: opts}
}

func (s *Server) handleGroup(w http.ResponseWriter, r *http.Request) {
	id, ok := idParam(r, "groupID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	s.renderGroup(w, r, id, http.StatusOK, "")
}

// renderGroup shows a group page in its own unit of work: the page itself,
// or the page again after a refused action, with its message.
func (s *Server) renderGroup(w http.ResponseWriter, r *http.Request, id int64, status int, errMsg string) {
	ctx := r.Context()
	st := state(ctx)
	var d pages.GroupData
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		d, err = readGroupPage(ctx, tx, st.principal(), id)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	d.Slug, d.Error = st.membership.Committee.Slug, errMsg
	s.renderStatus(w, r, status, pages.Group(s.page(r, d.Group.Title), d))
}

// groupActionFailed answers a refused or failed action on group id: a
// conflict (the group's state forbids it) or a missing choice shows the
// group page again with the message; anything else gets its error page.
func (s *Server) groupActionFailed(w http.ResponseWriter, r *http.Request, id int64, err error) {
	switch clts.ErrorCode(err) {
	case clts.ECONFLICT:
		s.renderGroup(w, r, id, http.StatusConflict, userMessage(err))
	case clts.EINVALID:
		s.renderGroup(w, r, id, http.StatusUnprocessableEntity, userMessage(err))
	default:
		s.failDomain(w, r, err)
	}
}

func (s *Server) handleGroupJoin(w http.ResponseWriter, r *http.Request) {
	id, ok := idParam(r, "groupID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	ctx := r.Context()
	st := state(ctx)
	pr := st.principal()
	already := false
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		_, f, err := loadGroup(ctx, tx, id)
		switch {
		case err != nil:
			return err
		case f.ViewerStatus != "": // in the group, or asked already: nothing to do
			already = true
			return nil
		case !auth.CanJoinGroup(pr, f):
			if f.Archived {
				return errGroupArchived
			}
			return errGroupRefused
		}
		return tx.SetGroupMember(ctx, id, pr.AccountID, clts.StatusPending)
	})
	slug := st.membership.Committee.Slug
	switch {
	case err != nil:
		s.groupActionFailed(w, r, id, err)
	case already:
		http.Redirect(w, r, paths.Group(slug, id), http.StatusSeeOther)
	default:
		s.redirectWithFlash(w, r, paths.Group(slug, id), "Votre demande a été transmise aux personnes qui animent le groupe.")
	}
}

func (s *Server) handleGroupLeave(w http.ResponseWriter, r *http.Request) {
	id, ok := idParam(r, "groupID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	ctx := r.Context()
	st := state(ctx)
	pr := st.principal()
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		_, f, err := loadGroup(ctx, tx, id)
		if err != nil {
			return err
		}
		if !auth.CanLeaveGroup(pr, f) {
			if f.ViewerStatus == clts.StatusLead {
				return errLastLead
			}
			return errGroupRefused
		}
		return tx.SetGroupMember(ctx, id, pr.AccountID, "")
	})
	if err != nil {
		s.groupActionFailed(w, r, id, err)
		return
	}
	s.redirectWithFlash(w, r, paths.Group(st.membership.Committee.Slug, id), "Vous ne faites plus partie du groupe.")
}

// membershipRefused explains why CanSetGroupStatus refused: the group is
// archived when that is the only reason, else the action is not p's.
func membershipRefused(pr auth.Principal, f auth.GroupFacts, theirs, status string) error {
	active := f
	active.Archived = false
	if f.Archived && auth.CanSetGroupStatus(pr, active, theirs, status) {
		return errGroupArchived
	}
	return errGroupRefused
}

// handleGroupMember adds a member (leads and pilots) or moves a member
// between lead and member (pilots).
func (s *Server) handleGroupMember(w http.ResponseWriter, r *http.Request) {
	id, ok := idParam(r, "groupID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	pr := st.principal()
	status := r.PostFormValue("statut")
	accountID, parseErr := strconv.ParseInt(r.PostFormValue("compte"), 10, 64)
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		_, f, err := loadGroup(ctx, tx, id)
		if err != nil {
			return err
		}
		if status != clts.StatusMember && status != clts.StatusLead {
			return bareStatus(http.StatusBadRequest)
		}
		// Whether p may give this status at all is answered before the
		// form's choice of member is looked at; the group's state and the
		// member's current status come after.
		active := f
		active.Archived = false
		if !auth.CanSetGroupStatus(pr, active, "", status) {
			return errGroupRefused
		}
		if parseErr != nil || accountID <= 0 {
			return clts.Errorf(clts.EINVALID, "Choisissez le membre à ajouter.")
		}
		theirs, err := tx.GroupStatus(ctx, id, accountID)
		if err != nil {
			return err
		}
		if !auth.CanSetGroupStatus(pr, f, theirs, status) {
			return membershipRefused(pr, f, theirs, status)
		}
		return tx.SetGroupMember(ctx, id, accountID, status)
	})
	if err != nil {
		s.groupActionFailed(w, r, id, err)
		return
	}
	msg := "Le membre a été ajouté au groupe."
	if status == clts.StatusLead {
		msg = "Le membre anime désormais le groupe."
	}
	s.redirectWithFlash(w, r, paths.Group(st.membership.Committee.Slug, id), msg)
}

func (s *Server) handleGroupDecision(w http.ResponseWriter, r *http.Request) {
	id, ok := idParam(r, "groupID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	accountID, ok := idParam(r, "accountID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	pr := st.principal()
	decision := r.PostFormValue("decision")
	var msg string
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		_, f, err := loadGroup(ctx, tx, id)
		if err != nil {
			return err
		}
		if !auth.CanDecideRequests(pr, f) {
			return errGroupRefused
		}
		theirs, err := tx.GroupStatus(ctx, id, accountID)
		if err != nil {
			return err
		}
		if theirs != clts.StatusPending {
			return errNoSuchRequest
		}
		switch decision {
		case "accepter":
			if !auth.CanSetGroupStatus(pr, f, theirs, clts.StatusMember) {
				return membershipRefused(pr, f, theirs, clts.StatusMember)
			}
			msg = "La demande a été acceptée."
			return tx.SetGroupMember(ctx, id, accountID, clts.StatusMember)
		case "refuser":
			msg = "La demande a été refusée."
			return tx.DeclineRequest(ctx, id, accountID)
		}
		return bareStatus(http.StatusBadRequest)
	})
	if err != nil {
		s.groupActionFailed(w, r, id, err)
		return
	}
	s.redirectWithFlash(w, r, paths.Group(st.membership.Committee.Slug, id), msg)
}

func (s *Server) handleGroupArchive(w http.ResponseWriter, r *http.Request) {
	id, ok := idParam(r, "groupID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	pr := st.principal()
	archive := r.PostFormValue("archive") == "oui"
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		_, f, err := loadGroup(ctx, tx, id)
		if err != nil {
			return err
		}
		if archive {
			// Its members still expect the planned meetings: they are
			// cancelled first, with a reason sent to each invitee.
			if f.PlannedMeetings, err = tx.GroupHasPlannedMeetings(ctx, id); err != nil {
				return err
			}
			if !auth.CanArchiveGroup(pr, f) {
				if f.PlannedMeetings {
					return errGroupPlanned
				}
				return errGroupRefused
			}
		} else if !auth.CanRestoreGroup(pr) {
			return errGroupRefused
		}
		return tx.SetGroupArchived(ctx, id, archive)
	})
	if err != nil {
		s.groupActionFailed(w, r, id, err)
		return
	}
	msg := "Le groupe a été réactivé."
	if archive {
		msg = "Le groupe a été archivé."
	}
	s.redirectWithFlash(w, r, paths.Group(st.membership.Committee.Slug, id), msg)
}

func groupForm(slug string, g clts.Group) pages.GroupFormData {
	return pages.GroupFormData{
		Slug: slug, ID: g.ID, Version: g.Version,
		Title: components.Field{Name: "titre", Label: "Titre du groupe", Value: g.Title, Spellcheck: true, MaxLength: clts.MaxGroupTitle},
		Description: components.Field{Name: "description", Label: "Le thème", Type: "textarea", Optional: true, Value: g.Description,
			Spellcheck: true, Hint: "De quoi le groupe s'occupe.", MaxLength: clts.MaxGroupDescription},
		Objectives: components.Field{Name: "objectifs", Label: "Les objectifs", Type: "textarea", Optional: true, Value: g.Objectives,
			Spellcheck: true, Hint: "Ce que le groupe veut produire ou faire avancer.", MaxLength: clts.MaxGroupObjectives},
	}
}

func (s *Server) handleGroupNewForm(w http.ResponseWriter, r *http.Request) {
	slug := state(r.Context()).membership.Committee.Slug
	d := groupForm(slug, clts.Group{})
	d.Heading, d.Action = "Créer un groupe de travail", paths.GroupNew(slug)
	s.render(w, r, pages.GroupForm(s.page(r, d.Heading), d))
}

func readGroupForm(r *http.Request) clts.Group {
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	return clts.Group{Title: formValue(r, "titre"), Description: formValue(r, "description"),
		Objectives: formValue(r, "objectifs"), Version: version}
}

func (s *Server) groupFormFailed(w http.ResponseWriter, r *http.Request, d pages.GroupFormData, g clts.Group, err error) {
	fe := fieldErrors(err)
	d.Title.Value, d.Description.Value, d.Objectives.Value = g.Title, g.Description, g.Objectives
	d.Title.Error, d.Description.Error, d.Objectives.Error = fe["titre"], fe["description"], fe["objectifs"]
	s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.GroupForm(s.page(r, d.Heading), d))
}

func (s *Server) handleGroupCreate(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	slug := st.membership.Committee.Slug
	g := readGroupForm(r)
	var id int64
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		id, err = tx.CreateGroup(ctx, g)
		return err
	})
	if err != nil {
		if fieldErrors(err) != nil {
			d := groupForm(slug, clts.Group{})
			d.Heading, d.Action = "Créer un groupe de travail", paths.GroupNew(slug)
			s.groupFormFailed(w, r, d, g, err)
			return
		}
		s.serverError(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, paths.Group(slug, id), "Le groupe « "+g.Title+" » a été créé. Confiez-en maintenant l'animation à un ou plusieurs membres.")
}

// editableGroup reads a group for its edit form or its saving, refused
// unless p may edit it: those who lead it, while it is active (an archived
// group is restored first).
func editableGroup(ctx context.Context, tx *postgres.Tx, pr auth.Principal, id int64) (*clts.Group, error) {
	g, f, err := loadGroup(ctx, tx, id)
	if err != nil {
		return nil, err
	}
	if !auth.CanEditGroup(pr, f) {
		if auth.CanLeadGroup(pr, f) { // archived
			return nil, bareStatus(http.StatusConflict)
		}
		return nil, errGroupRefused
	}
	return g, nil
}

func (s *Server) handleGroupEditForm(w http.ResponseWriter, r *http.Request) {
	id, ok := idParam(r, "groupID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	ctx := r.Context()
	st := state(ctx)
	var g *clts.Group
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		g, err = editableGroup(ctx, tx, st.principal(), id)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	slug := st.membership.Committee.Slug
	d := groupForm(slug, *g)
	d.Heading, d.Action = "Modifier le groupe", paths.GroupEdit(slug, g.ID)
	s.render(w, r, pages.GroupForm(s.page(r, d.Heading), d))
}

func (s *Server) handleGroupEdit(w http.ResponseWriter, r *http.Request) {
	id, ok := idParam(r, "groupID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	slug := st.membership.Committee.Slug
	g := readGroupForm(r)
	g.ID = id
	// current is the stored group, read in the same unit of work as the
	// save: on a conflict it is the version that won.
	var current *clts.Group
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if current, err = editableGroup(ctx, tx, st.principal(), id); err != nil {
			return err
		}
		return tx.UpdateGroup(ctx, g)
	})
	if err == nil {
		s.redirectWithFlash(w, r, paths.Group(slug, id), "Le groupe a été enregistré.")
		return
	}
	if current == nil { // refused before the save
		s.failDomain(w, r, err)
		return
	}
	d := groupForm(slug, *current)
	d.Heading, d.Action = "Modifier le groupe", paths.GroupEdit(slug, id)
	d.Version = g.Version
	switch clts.ErrorCode(err) {
	case clts.EINVALID:
		s.groupFormFailed(w, r, d, g, err)
	case clts.ECONFLICT:
		if fieldErrors(err) != nil {
			s.groupFormFailed(w, r, d, g, err)
			return
		}
		d.Conflict, d.Current, d.Version = userMessage(err), current, current.Version
		d.Title.Value, d.Description.Value, d.Objectives.Value = g.Title, g.Description, g.Objectives
		s.renderStatus(w, r, http.StatusConflict, pages.GroupForm(s.page(r, d.Heading), d))
	default:
		s.failDomain(w, r, err)
	}
}

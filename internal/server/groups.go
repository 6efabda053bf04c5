package server

import (
	"net/http"
	"strconv"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

func (s *Server) handleGroups(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	canManage := st.principal().Can(auth.ManageGroups)
	showArchived := canManage && r.URL.Query().Get("archives") == "oui"
	groups, err := s.db.Groups(ctx, st.scope(), showArchived)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	mine, statuses, err := s.db.GroupsOfAccount(ctx, st.scope(), st.account.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d := pages.GroupsData{Slug: st.membership.Committee.Slug, Groups: groups, Mine: map[int64]string{},
		CanManage: canManage, ShowArchived: showArchived}
	for i, g := range mine {
		d.Mine[g.ID] = statuses[i]
	}
	s.render(w, r, pages.Groups(s.page(r, "Groupes de travail"), d))
}

// groupFromURL loads the group named in the URL within the URL's committee.
func (s *Server) groupFromURL(w http.ResponseWriter, r *http.Request) (*clts.Group, bool) {
	id, ok := idParam(r, "groupID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return nil, false
	}
	g, err := s.db.GroupByID(r.Context(), state(r.Context()).scope(), id)
	if err != nil {
		s.failDomain(w, r, err)
		return nil, false
	}
	return g, true
}

func (s *Server) handleGroup(w http.ResponseWriter, r *http.Request) {
	g, ok := s.groupFromURL(w, r)
	if !ok {
		return
	}
	s.renderGroup(w, r, g, http.StatusOK, "")
}

// renderGroup shows a group page: the group, its people and the committee's
// members (to add), in a constant number of queries.
func (s *Server) renderGroup(w http.ResponseWriter, r *http.Request, g *clts.Group, status int, errMsg string) {
	ctx := r.Context()
	st := state(ctx)
	pr := st.principal()
	profiles, statuses, err := s.db.GroupMembers(ctx, st.scope(), g.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	pilotView := pr.Can(auth.ViewMemberDetails)
	d := pages.GroupData{Slug: st.membership.Committee.Slug, Group: *g, Error: errMsg, CanManage: pr.Can(auth.ManageGroups)}
	inGroup := map[int64]bool{}
	for i, p := range profiles {
		e := p.View(pilotView, st.account.ID)
		inGroup[p.AccountID] = true
		if p.AccountID == st.account.ID {
			d.MyStatus = statuses[i]
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
	d.CanLead = pr.CanLeadGroup(d.MyStatus)
	if d.Meetings, err = s.db.GroupMeetings(ctx, st.scope(), st.account.ID, g.ID, 20); err != nil {
		s.serverError(w, r, err)
		return
	}
	if d.CanLead && !g.Archived {
		members, err := s.db.Members(ctx, st.scope())
		if err != nil {
			s.serverError(w, r, err)
			return
		}
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
		d.AddMember = components.Field{Name: "compte", Label: "Membre à ajouter", Type: "select", Options: opts}
	}
	s.renderStatus(w, r, status, pages.Group(s.page(r, g.Title), d))
}

func (s *Server) handleGroupJoin(w http.ResponseWriter, r *http.Request) {
	g, ok := s.groupFromURL(w, r)
	if !ok {
		return
	}
	st := state(r.Context())
	status, err := s.db.GroupStatus(r.Context(), st.scope(), g.ID, st.account.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if status != "" {
		http.Redirect(w, r, paths.Group(st.membership.Committee.Slug, g.ID), http.StatusSeeOther)
		return
	}
	if err := s.db.SetGroupMember(r.Context(), st.scope(), g.ID, st.account.ID, clts.StatusPending, clientIP(r)); err != nil {
		s.groupActionFailed(w, r, g, err)
		return
	}
	s.redirectWithFlash(w, r, paths.Group(st.membership.Committee.Slug, g.ID), "Votre demande a été transmise aux animateurs du groupe.")
}

func (s *Server) handleGroupLeave(w http.ResponseWriter, r *http.Request) {
	g, ok := s.groupFromURL(w, r)
	if !ok {
		return
	}
	st := state(r.Context())
	if err := s.db.SetGroupMember(r.Context(), st.scope(), g.ID, st.account.ID, "", clientIP(r)); err != nil {
		s.groupActionFailed(w, r, g, err)
		return
	}
	s.redirectWithFlash(w, r, paths.Group(st.membership.Committee.Slug, g.ID), "Vous ne faites plus partie du groupe.")
}

// handleGroupMember adds a member (leads and pilots) or moves a member
// between lead and member (pilots).
func (s *Server) handleGroupMember(w http.ResponseWriter, r *http.Request) {
	g, ok := s.groupFromURL(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	pr := st.principal()
	myStatus, err := s.db.GroupStatus(ctx, st.scope(), g.ID, st.account.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	status := r.PostFormValue("statut")
	switch {
	case status == clts.StatusMember && pr.CanLeadGroup(myStatus):
	case status == clts.StatusLead && pr.Can(auth.ManageGroups):
	case status == clts.StatusMember || status == clts.StatusLead:
		s.renderError(w, r, http.StatusForbidden)
		return
	default:
		s.renderError(w, r, http.StatusBadRequest)
		return
	}
	accountID, err := strconv.ParseInt(r.PostFormValue("compte"), 10, 64)
	if err != nil || accountID <= 0 {
		s.renderGroup(w, r, g, http.StatusUnprocessableEntity, "Choisissez le membre à ajouter.")
		return
	}
	// Appointing and removing leads is for pilots: a lead who adds members
	// cannot turn a co-lead back into a member.
	if !pr.Can(auth.ManageGroups) {
		theirs, err := s.db.GroupStatus(ctx, st.scope(), g.ID, accountID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if theirs == clts.StatusLead {
			s.renderError(w, r, http.StatusForbidden)
			return
		}
	}
	if err := s.db.SetGroupMember(ctx, st.scope(), g.ID, accountID, status, clientIP(r)); err != nil {
		s.groupActionFailed(w, r, g, err)
		return
	}
	msg := "Le membre a été ajouté au groupe."
	if status == clts.StatusLead {
		msg = "Le membre anime désormais le groupe."
	}
	s.redirectWithFlash(w, r, paths.Group(st.membership.Committee.Slug, g.ID), msg)
}

func (s *Server) handleGroupDecision(w http.ResponseWriter, r *http.Request) {
	g, ok := s.groupFromURL(w, r)
	if !ok {
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
	myStatus, err := s.db.GroupStatus(ctx, st.scope(), g.ID, st.account.ID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !st.principal().CanLeadGroup(myStatus) {
		s.renderError(w, r, http.StatusForbidden)
		return
	}
	theirs, err := s.db.GroupStatus(ctx, st.scope(), g.ID, accountID)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if theirs != clts.StatusPending {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	var msg string
	switch r.PostFormValue("decision") {
	case "accepter":
		err, msg = s.db.SetGroupMember(ctx, st.scope(), g.ID, accountID, clts.StatusMember, clientIP(r)), "La demande a été acceptée."
	case "refuser":
		err, msg = s.db.DeclineRequest(ctx, st.scope(), g.ID, accountID, clientIP(r)), "La demande a été refusée."
	default:
		s.renderError(w, r, http.StatusBadRequest)
		return
	}
	if err != nil {
		s.groupActionFailed(w, r, g, err)
		return
	}
	s.redirectWithFlash(w, r, paths.Group(st.membership.Committee.Slug, g.ID), msg)
}

func (s *Server) groupActionFailed(w http.ResponseWriter, r *http.Request, g *clts.Group, err error) {
	if clts.ErrorCode(err) == clts.ECONFLICT {
		s.renderGroup(w, r, g, http.StatusConflict, userMessage(err))
		return
	}
	s.failDomain(w, r, err)
}

func (s *Server) handleGroupArchive(w http.ResponseWriter, r *http.Request) {
	g, ok := s.groupFromURL(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	st := state(r.Context())
	archive := r.PostFormValue("archive") == "oui"
	if archive {
		// Its members still expect the planned meetings: they are
		// cancelled first, with a reason sent to each invitee.
		planned, err := s.db.GroupHasPlannedMeetings(r.Context(), st.scope(), g.ID)
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		if planned {
			s.renderGroup(w, r, g, http.StatusConflict, "Ce groupe a encore des réunions prévues : annulez-les avant de l'archiver, pour que les invités en soient prévenus.")
			return
		}
	}
	if err := s.db.SetGroupArchived(r.Context(), st.scope(), g.ID, archive, clientIP(r)); err != nil {
		s.failDomain(w, r, err)
		return
	}
	msg := "Le groupe a été réactivé."
	if archive {
		msg = "Le groupe a été archivé."
	}
	s.redirectWithFlash(w, r, paths.Group(st.membership.Committee.Slug, g.ID), msg)
}

func groupForm(slug string, g clts.Group) pages.GroupFormData {
	return pages.GroupFormData{
		Slug: slug, ID: g.ID, Version: g.Version,
		Title: components.Field{Name: "titre", Label: "Titre du groupe", Value: g.Title, Spellcheck: true},
		Description: components.Field{Name: "description", Label: "Le thème", Type: "textarea", Optional: true, Value: g.Description,
			Spellcheck: true, Hint: "De quoi le groupe s'occupe. 4 000 caractères au plus."},
		Objectives: components.Field{Name: "objectifs", Label: "Les objectifs", Type: "textarea", Optional: true, Value: g.Objectives,
			Spellcheck: true, Hint: "Ce que le groupe veut produire ou faire avancer. 4 000 caractères au plus."},
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
	st := state(r.Context())
	slug := st.membership.Committee.Slug
	g := readGroupForm(r)
	id, err := s.db.CreateGroup(r.Context(), st.scope(), g, clientIP(r))
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
	s.redirectWithFlash(w, r, paths.Group(slug, id), "Le groupe « "+g.Title+" » a été créé. Nommez maintenant ses animateurs.")
}

// groupLeadOnly loads the group and checks that the viewer may lead it.
func (s *Server) groupLeadOnly(w http.ResponseWriter, r *http.Request) (*clts.Group, bool) {
	g, ok := s.groupFromURL(w, r)
	if !ok {
		return nil, false
	}
	st := state(r.Context())
	status, err := s.db.GroupStatus(r.Context(), st.scope(), g.ID, st.account.ID)
	if err != nil {
		s.serverError(w, r, err)
		return nil, false
	}
	if !st.principal().CanLeadGroup(status) {
		s.renderError(w, r, http.StatusForbidden)
		return nil, false
	}
	return g, true
}

func (s *Server) handleGroupEditForm(w http.ResponseWriter, r *http.Request) {
	g, ok := s.groupLeadOnly(w, r)
	if !ok {
		return
	}
	if g.Archived {
		s.renderError(w, r, http.StatusConflict)
		return
	}
	slug := state(r.Context()).membership.Committee.Slug
	d := groupForm(slug, *g)
	d.Heading, d.Action = "Modifier le groupe", paths.GroupEdit(slug, g.ID)
	s.render(w, r, pages.GroupForm(s.page(r, d.Heading), d))
}

func (s *Server) handleGroupEdit(w http.ResponseWriter, r *http.Request) {
	current, ok := s.groupLeadOnly(w, r)
	if !ok || !s.parseForm(w, r) {
		return
	}
	if current.Archived { // restore it first
		s.renderError(w, r, http.StatusConflict)
		return
	}
	st := state(r.Context())
	slug := st.membership.Committee.Slug
	g := readGroupForm(r)
	g.ID = current.ID
	d := groupForm(slug, *current)
	d.Heading, d.Action = "Modifier le groupe", paths.GroupEdit(slug, g.ID)
	d.Version = g.Version
	err := s.db.UpdateGroup(r.Context(), st.scope(), g, clientIP(r))
	switch clts.ErrorCode(err) {
	case "":
		s.redirectWithFlash(w, r, paths.Group(slug, g.ID), "Le groupe a été enregistré.")
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

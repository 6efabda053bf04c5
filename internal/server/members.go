package server

import (
	"net/http"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// membersPageSize is the number of members per page of the administration list.
const membersPageSize = 50

// membersData reads the members page: a page of members and the
// committee's invitations, in one unit of work.
func (s *Server) membersData(r *http.Request) (pages.MembersData, error) {
	ctx := r.Context()
	st := state(ctx)
	page := pageNumber(r.URL.Query().Get("page"))
	slug := st.membership.Committee.Slug
	d := pages.MembersData{Slug: slug, Self: st.account.ID, Viewer: st.principal(), Now: s.now()}
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if d.Members, d.Total, d.ActivePilots, err = tx.MembersPage(ctx, membersPageSize, (page-1)*membersPageSize); err != nil {
			return err
		}
		d.Invitations, err = tx.Invitations(ctx)
		return err
	})
	if err != nil {
		return pages.MembersData{}, err
	}
	d.Pager = components.NewPager(page, membersPageSize, d.Total, paths.Members(slug), r.URL.Query())
	return d, nil
}

func (s *Server) handleMembers(w http.ResponseWriter, r *http.Request) {
	d, err := s.membersData(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, pages.Members(s.page(r, "Membres et invitations"), d))
}

// memberActionFailed shows the members page again with the reason an action
// was refused (such as removing the last pilot).
func (s *Server) memberActionFailed(w http.ResponseWriter, r *http.Request, err error) {
	if clts.ErrorCode(err) != clts.ECONFLICT {
		s.failDomain(w, r, err)
		return
	}
	d, derr := s.membersData(r)
	if derr != nil {
		s.serverError(w, r, derr)
		return
	}
	d.Error = userMessage(err)
	s.renderStatus(w, r, http.StatusConflict, pages.Members(s.page(r, "Membres et invitations"), d))
}

func (s *Server) handleMemberRole(w http.ResponseWriter, r *http.Request) {
	accountID, ok := idParam(r, "accountID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	role, ok := clts.ParseRole(r.PostFormValue("role"))
	if !ok {
		s.renderError(w, r, http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	st := state(ctx)
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		return tx.ChangeRole(ctx, accountID, role)
	})
	if err != nil {
		s.memberActionFailed(w, r, err)
		return
	}
	if accountID == st.account.ID && role != clts.RolePilote {
		// The pilot stepped down: their own pages change.
		s.redirectWithFlash(w, r, paths.Login, "Votre rôle a changé : reconnectez-vous.")
		return
	}
	s.redirectWithFlash(w, r, paths.Members(st.membership.Committee.Slug), "Le rôle a été changé en « "+role.Label()+" ».")
}

// handleMemberDeactivateForm asks to confirm a deactivation on a page of
// its own, saying what it does; when the member rules refuse it (the pilot
// themselves, the last pilot), the page says why and offers no button.
func (s *Server) handleMemberDeactivateForm(w http.ResponseWriter, r *http.Request) {
	accountID, ok := idParam(r, "accountID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	ctx := r.Context()
	st := state(ctx)
	d := pages.DeactivateData{Slug: st.membership.Committee.Slug}
	var facts auth.MemberFacts
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		d.Member, facts, err = tx.MemberFacts(ctx, accountID)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	d.Refusal = auth.DeactivationRefusal(st.principal(), facts)
	status := http.StatusOK
	if d.Refusal != "" {
		status = http.StatusConflict
	}
	s.renderStatus(w, r, status, pages.Deactivate(s.page(r, "Désactiver l'accès "+components.De(d.Member.DisplayName)), d))
}

// handleMemberStatus deactivates (after the confirmation page) or
// reactivates a member; the store applies the member rules again.
func (s *Server) handleMemberStatus(w http.ResponseWriter, r *http.Request) {
	accountID, ok := idParam(r, "accountID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	if !s.parseForm(w, r) {
		return
	}
	var active bool
	switch r.PostFormValue("actif") {
	case "oui":
		active = true
	case "non":
		active = false
	default:
		s.renderError(w, r, http.StatusBadRequest)
		return
	}
	ctx := r.Context()
	st := state(ctx)
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		return tx.SetMemberActive(ctx, accountID, active)
	})
	if err != nil {
		s.memberActionFailed(w, r, err)
		return
	}
	msg := "L'accès a été réactivé."
	if !active {
		msg = "L'accès a été désactivé : la personne est déconnectée."
	}
	s.redirectWithFlash(w, r, paths.Members(st.membership.Committee.Slug), msg)
}

// handleMemberAccessSheet prints a new access sheet for a member without
// an e-mail address: a single-use code, shown only here (its hash is
// stored), with which they choose a new password for the same account.
// Printing again replaces the sheet before.
func (s *Server) handleMemberAccessSheet(w http.ResponseWriter, r *http.Request) {
	accountID, ok := idParam(r, "accountID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	ctx := r.Context()
	st := state(ctx)
	code := auth.NewCode()
	var sheet *clts.AccessSheet
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		sheet, err = tx.CreateAccessSheet(ctx, accountID, auth.HashToken(auth.NormalizeCode(code)), s.now().Add(clts.AccessSheetTTL))
		return err
	})
	if err != nil {
		s.memberActionFailed(w, r, err)
		return
	}
	c := st.membership.Committee
	s.render(w, r, pages.AccessSheet(s.page(r, "Fiche d'accès"), pages.AccessSheetData{
		Slug: c.Slug, Committee: c.Name, Name: sheet.DisplayName, Login: sheet.Login,
		Code: code, URL: s.absolute(paths.AccessCode), Expires: sheet.ExpiresAt,
	}))
}

package server

import (
	"net/http"

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
	d := pages.MembersData{Slug: slug, Self: st.account.ID, Now: s.now()}
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if d.Members, d.Total, err = tx.MembersPage(ctx, membersPageSize, (page-1)*membersPageSize); err != nil {
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
	if accountID == st.account.ID && !active {
		s.redirectWithFlash(w, r, paths.Login, "Votre accès à ce comité est désactivé.")
		return
	}
	s.redirectWithFlash(w, r, paths.Members(st.membership.Committee.Slug), msg)
}

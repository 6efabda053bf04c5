package server

import (
	"net/http"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// membersPageSize is the number of members per page of the administration list.
const membersPageSize = 50

func (s *Server) membersData(r *http.Request) (pages.MembersData, error) {
	st := state(r.Context())
	page := pageNumber(r.URL.Query().Get("page"))
	members, total, err := s.db.MembersPage(r.Context(), st.scope(), membersPageSize, (page-1)*membersPageSize)
	if err != nil {
		return pages.MembersData{}, err
	}
	invitations, err := s.db.Invitations(r.Context(), st.scope())
	if err != nil {
		return pages.MembersData{}, err
	}
	return pages.MembersData{
		Slug:        st.membership.Committee.Slug,
		Self:        st.account.ID,
		Members:     members,
		Invitations: invitations,
		Now:         s.now(),
		Total:       total,
		Pager:       components.NewPager(page, membersPageSize, total, paths.Members(st.membership.Committee.Slug), r.URL.Query()),
	}, nil
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
	st := state(r.Context())
	if err := s.db.ChangeRole(r.Context(), st.scope(), accountID, role, clientIP(r)); err != nil {
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
	st := state(r.Context())
	if err := s.db.SetMemberActive(r.Context(), st.scope(), accountID, active, clientIP(r)); err != nil {
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

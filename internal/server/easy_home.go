package server

import (
	"net/http"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/pages"
)

// easyHomeGroups bounds the groups the easy home lists, one line each; the
// groups page has them all.
const easyHomeGroups = 5

// showEasyHome reports whether the committee home is shown in the easy
// interface: easy mode on, and not « Voir tout » (?vue=complete).
func showEasyHome(r *http.Request) bool {
	return state(r.Context()).easyMode() && r.URL.Query().Get("vue") != "complete"
}

// handleEasyHome is the committee home of the easy interface: the person's
// next meeting with its two answer buttons (they post to the meeting's
// answer route, handleMeetingAnswer, and come back here), who to call
// (the pilots, with what each agreed to show: clts.Profile.View), then
// their groups and the latest news, one line each. It hides nothing: « Voir
// tout » leads to the complete home and the menu to every page. Four
// statements.
func (s *Server) handleEasyHome(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	pr := st.principal()
	now := s.now()
	d := pages.EasyHomeData{Committee: st.membership.Committee, Now: now}
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		v, err := tx.NextInvitedMeeting(ctx, now)
		if err != nil {
			return err
		}
		if v != nil {
			d.Next, d.My = &v.Meeting, v.My
			d.CanAnswer = auth.CanMeeting(pr, meetingFacts(v), auth.AnswerMeeting, now)
		}
		viewerIsPilot := pr.Can(auth.ViewMemberDetails)
		pilots, _, err := tx.Directory(ctx, postgres.DirectoryFilter{Role: clts.RolePilote, PageSize: 10,
			ViewerID: st.account.ID, ViewerIsPilot: viewerIsPilot})
		if err != nil {
			return err
		}
		for _, p := range pilots {
			d.Pilots = append(d.Pilots, p.View(viewerIsPilot, st.account.ID))
		}
		groups, statuses, err := tx.GroupsOfAccount(ctx)
		if err != nil {
			return err
		}
		for i, g := range groups {
			if len(d.Groups) < easyHomeGroups {
				d.Groups = append(d.Groups, pages.EasyGroup{Group: g, Pending: statuses[i] == "pending"})
			}
		}
		d.MoreGroups = len(groups) > len(d.Groups)
		head, err := tx.HomeHead(ctx, now, homeNews)
		if err != nil {
			return err
		}
		// The pinned item first, as on the complete home.
		if head.PinnedNews != nil {
			d.News = append(d.News, *head.PinnedNews)
		}
		for _, n := range head.News {
			if head.PinnedNews == nil || n.ID != head.PinnedNews.ID {
				d.News = append(d.News, n)
			}
		}
		return nil
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	p := s.page(r, "Accueil du comité")
	s.render(w, r, pages.EasyHome(p, d))
}

// handleMenu lists every page the person may open, of the committee when
// on a committee's page, then of the portal: the easy header's one « Menu »
// link, readable in either interface.
func (s *Server) handleMenu(w http.ResponseWriter, r *http.Request) {
	p := s.page(r, "Menu")
	d := pages.EasyMenuData{Committee: p.Nav}
	if st := state(r.Context()); st.membership != nil {
		d.Complete = paths.CommitteeHomeComplete(st.membership.Committee.Slug)
	}
	s.render(w, r, pages.EasyMenu(p, d))
}

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

func roleChoices() []components.Option {
	opts := []components.Option{{Value: "", Label: "Choisir un rôle"}}
	for _, r := range clts.Roles() {
		opts = append(opts, components.Option{Value: string(r), Label: r.Label()})
	}
	return opts
}

func inviteData(slug string) pages.InviteData {
	return pages.InviteData{
		Slug: slug,
		Name: components.Field{Name: "nom", Label: "Nom de la personne", Autocomplete: "off", Spellcheck: true,
			Hint: "Pour une personne accompagnée, son prénom suffit.", MaxLength: clts.MaxDisplayName},
		Kind: components.Field{Name: "envoi", Label: "Comment l'inviter", Type: "select", Value: clts.InvitationEmail,
			Options: []components.Option{
				{Value: clts.InvitationEmail, Label: "Par courriel"},
				{Value: clts.InvitationCode, Label: "Par une fiche imprimée avec un code (sans adresse électronique)"},
			}},
		Email: components.Field{Name: "email", Label: "Adresse électronique", Type: "email", Autocomplete: "off",
			Hint: "Seulement pour une invitation par courriel.", MaxLength: clts.MaxEmail},
		Role: components.Field{Name: "role", Label: "Rôle dans le comité", Type: "select", Options: roleChoices()},
	}
}

func (s *Server) handleInvitationNewForm(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, pages.Invite(s.page(r, "Inviter une personne"), inviteData(state(r.Context()).membership.Committee.Slug)))
}

func (s *Server) handleInvitationCreate(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	ctx := r.Context()
	st := state(ctx)
	c := st.membership.Committee
	d := inviteData(c.Slug)
	fe := clts.FieldErrors{}
	inv := clts.Invitation{DisplayName: formValue(r, "nom"), Kind: r.PostFormValue("envoi"), ExpiresAt: s.now().Add(clts.InvitationTTL)}
	d.Name.Value, d.Kind.Value, d.Email.Value, d.Role.Value = inv.DisplayName, inv.Kind, formValue(r, "email"), r.PostFormValue("role")
	clts.ValidateDisplayName(fe, "nom", inv.DisplayName)
	switch inv.Kind {
	case clts.InvitationEmail:
		inv.Email = clts.NormalizeEmail(fe, "email", r.PostFormValue("email"))
		if inv.Email == "" {
			fe.Add("email", "Indiquez l'adresse électronique, ou choisissez une fiche imprimée.")
		}
	case clts.InvitationCode:
		if formValue(r, "email") != "" {
			fe.Add("email", "Une fiche imprimée n'utilise pas d'adresse électronique : videz ce champ ou choisissez le courriel.")
		}
	default:
		fe.Add("envoi", "Choisissez comment inviter la personne.")
	}
	role, ok := clts.ParseRole(r.PostFormValue("role"))
	if !ok {
		fe.Add("role", "Choisissez le rôle de la personne dans le comité.")
	}
	inv.Role = role
	if len(fe) > 0 {
		d.Name.Error, d.Kind.Error, d.Email.Error, d.Role.Error = fe["nom"], fe["envoi"], fe["email"], fe["role"]
		s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.Invite(s.page(r, "Inviter une personne"), d))
		return
	}

	if inv.Kind == clts.InvitationEmail {
		token := auth.NewToken()
		m := s.invitationMail(inv, c, st.account.DisplayName, token)
		err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
			_, err := tx.CreateInvitation(ctx, inv, auth.HashToken(token), &m)
			return err
		})
		if err != nil {
			s.serverError(w, r, err)
			return
		}
		s.redirectWithFlash(w, r, paths.Members(c.Slug), "Invitation envoyée à "+inv.Email+".")
		return
	}
	code := auth.NewCode()
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		_, err := tx.CreateInvitation(ctx, inv, auth.HashToken(auth.NormalizeCode(code)), nil)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.renderSheet(w, r, inv, code)
}

func (s *Server) renderSheet(w http.ResponseWriter, r *http.Request, inv clts.Invitation, code string) {
	c := state(r.Context()).membership.Committee
	s.render(w, r, pages.Sheet(s.page(r, "Fiche d'invitation"), pages.SheetData{
		Slug: c.Slug, Committee: c.Name, Name: inv.DisplayName, Role: inv.Role.Label(),
		Code: code, URL: s.absolute(paths.InvitationCode), Expires: inv.ExpiresAt,
	}))
}

// handleInvitationRenew re-sends an invitation with a new link, or prints a
// new sheet with a new code; the old one stops working.
func (s *Server) handleInvitationRenew(w http.ResponseWriter, r *http.Request) {
	id, ok := idParam(r, "invitationID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	ctx := r.Context()
	st := state(ctx)
	var inv *clts.Invitation
	var secret string
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		var err error
		if inv, err = tx.InvitationByID(ctx, id); err != nil {
			return err
		}
		inv.ExpiresAt = s.now().Add(clts.InvitationTTL)
		var hash []byte
		var m *postgres.Mail
		if inv.Kind == clts.InvitationEmail {
			secret = auth.NewToken()
			hash = auth.HashToken(secret)
			mail := s.invitationMail(*inv, st.membership.Committee, st.account.DisplayName, secret)
			m = &mail
		} else {
			secret = auth.NewCode()
			hash = auth.HashToken(auth.NormalizeCode(secret))
		}
		return tx.RenewInvitation(ctx, id, hash, inv.ExpiresAt, m)
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	if inv.Kind == clts.InvitationCode {
		s.renderSheet(w, r, *inv, secret)
		return
	}
	s.redirectWithFlash(w, r, paths.Members(st.membership.Committee.Slug), "Invitation renvoyée à "+inv.Email+".")
}

func (s *Server) handleInvitationRevoke(w http.ResponseWriter, r *http.Request) {
	id, ok := idParam(r, "invitationID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	ctx := r.Context()
	st := state(ctx)
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		return tx.RevokeInvitation(ctx, id)
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, paths.Members(st.membership.Committee.Slug), "L'invitation a été révoquée.")
}

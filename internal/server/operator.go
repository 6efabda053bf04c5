package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

func operatorCommitteesData(committees []postgres.CommitteeStatus) pages.OperatorCommitteesData {
	return pages.OperatorCommitteesData{
		Committees: committees,
		Slug: components.Field{Name: "slug", Label: "Identifiant court", Autocomplete: "off", MaxLength: clts.MaxSlug,
			Hint: "Minuscules, chiffres et tirets ; il apparaît dans les adresses du comité, par exemple 37-41."},
		Name: components.Field{Name: "nom", Label: "Nom du comité", Autocomplete: "off", Spellcheck: true, MaxLength: clts.MaxCommitteeName},
		Departements: components.Field{Name: "departements", Label: "Départements couverts", Autocomplete: "off",
			Hint: "Numéros séparés par des virgules, par exemple 37, 41 ; " + strconv.Itoa(clts.MaxDepartements) + " au plus."},
	}
}

// listCommittees lists every committee with its number of active pilots,
// in a unit of work of its own.
func (s *Server) listCommittees(r *http.Request) ([]postgres.CommitteeStatus, error) {
	ctx := r.Context()
	var cs []postgres.CommitteeStatus
	err := s.db.Read(ctx, operatorScope(state(ctx)), func(tx *postgres.Tx) error {
		var err error
		cs, err = tx.CommitteesWithPilots(ctx)
		return err
	})
	return cs, err
}

func (s *Server) handleOperatorCommittees(w http.ResponseWriter, r *http.Request) {
	cs, err := s.listCommittees(r)
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, pages.OperatorCommittees(s.page(r, "Comités de la plateforme"), operatorCommitteesData(cs)))
}

// operatorScope is the scope of the platform operator acting on a national
// page.
func operatorScope(st *requestState) postgres.Scope {
	sc := st.scope()
	sc.Operator = true
	return sc
}

// splitList splits "37, 41" into ["37", "41"].
func splitList(s string) []string {
	var out []string
	for _, p := range strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == ' ' }) {
		out = append(out, strings.ToUpper(p))
	}
	return out
}

func (s *Server) handleOperatorCommitteeCreate(w http.ResponseWriter, r *http.Request) {
	if !s.parseForm(w, r) {
		return
	}
	c := clts.Committee{Slug: formValue(r, "slug"), Name: formValue(r, "nom"), Departements: splitList(r.PostFormValue("departements"))}
	ctx := r.Context()
	var id int64
	err := s.db.Write(ctx, operatorScope(state(ctx)), func(tx *postgres.Tx) error {
		var err error
		id, err = tx.CreateCommittee(ctx, c)
		return err
	})
	if err == nil {
		s.redirectWithFlash(w, r, paths.OperatorCommittee(id), "Le comité « "+c.Name+" » est ouvert. Invitez maintenant son premier pilote.")
		return
	}
	fe := fieldErrors(err)
	if fe == nil {
		s.serverError(w, r, err)
		return
	}
	cs, lerr := s.listCommittees(r)
	if lerr != nil {
		s.serverError(w, r, lerr)
		return
	}
	d := operatorCommitteesData(cs)
	d.Slug.Value, d.Name.Value, d.Departements.Value = c.Slug, c.Name, r.PostFormValue("departements")
	d.Slug.Error, d.Name.Error, d.Departements.Error = fe["slug"], fe["name"], fe["departements"]
	s.renderStatus(w, r, http.StatusUnprocessableEntity, pages.OperatorCommittees(s.page(r, "Comités de la plateforme"), d))
}

func (s *Server) handleOperatorOutbox(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var mails []postgres.OutboxMail
	err := s.db.Read(ctx, state(ctx).scope(), func(tx *postgres.Tx) error {
		var err error
		mails, err = tx.Outbox(ctx, 100)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	s.render(w, r, pages.OperatorOutbox(s.page(r, "Boîte d'envoi"), mails, s.cfg.SMTPAddr != ""))
}

// handleOperatorMailRetry puts an e-mail given up back in the queue.
func (s *Server) handleOperatorMailRetry(w http.ResponseWriter, r *http.Request) {
	id, ok := idParam(r, "mailID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	ctx := r.Context()
	var retried bool
	err := s.db.Write(ctx, state(ctx).scope(), func(tx *postgres.Tx) error {
		var err error
		retried, err = tx.RetryMail(ctx, id)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !retried {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	s.redirectWithFlash(w, r, paths.OperatorOutbox, "Le courriel sera de nouveau envoyé dans quelques secondes.")
}

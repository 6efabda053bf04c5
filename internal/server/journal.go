package server

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// auditPageSize is the number of audit entries per page.
const auditPageSize = 50

// journal is one of the two journals: a committee's, for its pilots, or
// the national one, for the operator.
type journal struct {
	heading  string
	base     string // the page's path
	scope    postgres.Scope
	national bool // every committee's entries, with their addresses
	slug     string
}

// journalFilter reads the journal's filter (a GET form) from the query:
// the kind of action, the person, the first and last days. A wrong value
// gets a message next to its field and filters nothing.
func journalFilter(q url.Values, d *pages.AuditData) postgres.AuditFilter {
	var f postgres.AuditFilter
	d.Kind.Value, d.Person.Value, d.From.Value, d.Until.Value = q.Get("type"), q.Get("personne"), q.Get("du"), q.Get("au")
	if v := d.Kind.Value; v != "" {
		if k, ok := clts.AuditKindOf(v); ok {
			f.Prefixes = k.Prefixes
		} else {
			d.Kind.Error = "Choisissez un type d'action dans la liste."
		}
	}
	if v := d.Person.Value; v != "" && !d.National {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || id <= 0 {
			d.Person.Error = "Choisissez une personne dans la liste."
		} else {
			f.ActorID = id
		}
	}
	from, okFrom := journalDay(d.From.Value)
	if !okFrom {
		d.From.Error = "Indiquez une date, par exemple 14/03/2026."
	}
	until, okUntil := journalDay(d.Until.Value)
	if !okUntil {
		d.Until.Error = "Indiquez une date, par exemple 14/03/2026."
	}
	if okFrom && okUntil && !from.IsZero() && !until.IsZero() && until.Before(from) {
		d.Until.Error = "La date de fin précède la date de début."
		okUntil = false
	}
	if okFrom {
		f.From = from
	}
	if okUntil && !until.IsZero() {
		// The last day is kept whole, in Paris time.
		f.Until = until.AddDate(0, 0, 1)
	}
	return f
}

// journalDay reads a day as a date field sends it (2026-03-14) or as
// typed in French (14/03/2026), at midnight in Paris; empty is the zero
// time.
func journalDay(v string) (time.Time, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, true
	}
	for _, layout := range []string{"2006-01-02", "02/01/2006", "2/1/2006"} {
		if t, err := time.ParseInLocation(layout, v, components.Paris()); err == nil {
			return t, true
		}
	}
	return time.Time{}, false
}

func journalFields(national bool) pages.AuditData {
	kinds := []components.Option{{Value: "", Label: "Toutes les actions"}}
	for _, k := range clts.AuditKinds() {
		kinds = append(kinds, components.Option{Value: k.Value, Label: k.Label})
	}
	d := pages.AuditData{
		National: national,
		Kind:     components.Field{Name: "type", Label: "Type d'action", Type: "select", Options: kinds, Optional: true},
		From: components.Field{Name: "du", Label: "Du", Type: "date", Optional: true,
			Hint: "Premier jour, par exemple 14/03/2026."},
		Until: components.Field{Name: "au", Label: "Au", Type: "date", Optional: true,
			Hint: "Dernier jour, compris."},
		Person: components.Field{Name: "personne", Label: "Personne", Type: "select", Optional: true},
	}
	return d
}

func (s *Server) showJournal(w http.ResponseWriter, r *http.Request, j journal) {
	ctx := r.Context()
	q := r.URL.Query()
	page := pageNumber(q.Get("page"))
	d := journalFields(j.national)
	d.Heading, d.Slug, d.Action = j.heading, j.slug, j.base
	f := journalFilter(q, &d)
	f.Addresses = j.national
	var actors []clts.Member
	var cs []clts.Committee
	var total int
	err := s.db.Read(ctx, j.scope, func(tx *postgres.Tx) error {
		var err error
		if d.Entries, total, err = tx.Journal(ctx, f, auditPageSize, (page-1)*auditPageSize); err != nil {
			return err
		}
		if j.national {
			// The national log names each entry's committee.
			cs, err = tx.Committees(ctx)
			return err
		}
		actors, err = tx.JournalActors(ctx)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	if !j.national {
		d.Person.Options = []components.Option{{Value: "", Label: "Tout le monde"}}
		for _, a := range actors {
			d.Person.Options = append(d.Person.Options, components.Option{Value: strconv.FormatInt(a.AccountID, 10), Label: a.DisplayName})
		}
	}
	d.Total = total
	d.Pager = components.NewPager(page, auditPageSize, total, j.base, q)
	if j.national {
		d.Committee = map[int64]string{0: "national"}
		for _, c := range cs {
			d.Committee[c.ID] = c.Slug
		}
	}
	status := http.StatusOK
	if d.Kind.Error != "" || d.Person.Error != "" || d.From.Error != "" || d.Until.Error != "" {
		status = http.StatusUnprocessableEntity
	}
	s.renderStatus(w, r, status, pages.Audit(s.page(r, j.heading), d))
}

func (s *Server) handleOperatorLog(w http.ResponseWriter, r *http.Request) {
	s.showJournal(w, r, journal{heading: "Journal national", base: paths.OperatorLog,
		scope: operatorScope(state(r.Context())), national: true})
}

func (s *Server) handleCommitteeLog(w http.ResponseWriter, r *http.Request) {
	st := state(r.Context())
	slug := st.membership.Committee.Slug
	s.showJournal(w, r, journal{heading: "Journal du comité", base: paths.CommitteeLog(slug), scope: st.scope(), slug: slug})
}

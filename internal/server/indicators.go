package server

import (
	"net/http"
	"strconv"
	"strings"

	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/pages"
)

// handleIndicators is the pilots' dashboard of participation indicators
// for the year asked (?annee=, the current year by default), with a select
// of the years the committee has meetings in. A year that is not offered
// is answered 400 with the message next to the select, and the current
// year's figures.
func (s *Server) handleIndicators(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	st := state(ctx)
	now := s.now()
	current := now.In(components.Paris()).Year()
	asked := strings.TrimSpace(r.URL.Query().Get("annee"))
	d := pages.IndicatorsData{
		Slug: st.membership.Committee.Slug,
		Year: components.Field{Name: "annee", Label: "Année", Type: "select", Value: asked,
			Hint: "Les années où le comité a tenu des réunions."},
	}
	status := http.StatusOK
	err := s.db.Read(ctx, st.scope(), func(tx *postgres.Tx) error {
		years, err := tx.IndicatorYears(ctx, now)
		if err != nil {
			return err
		}
		year := current
		if asked != "" {
			y, err := strconv.Atoi(asked)
			if err != nil || !containsYear(years, y) {
				status = http.StatusBadRequest
				d.Year.Error = "Choisissez une année entre " + strconv.Itoa(years[len(years)-1]) + " et " + strconv.Itoa(years[0]) + "."
			} else {
				year = y
			}
		}
		if d.Year.Error == "" {
			d.Year.Value = strconv.Itoa(year)
		}
		for _, y := range years {
			v := strconv.Itoa(y)
			d.Year.Options = append(d.Year.Options, components.Option{Value: v, Label: v})
		}
		d.Indicators, err = tx.ParticipationIndicators(ctx, year, now)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	d.InProgress = d.Indicators.Year == current
	title := "Indicateurs de participation " + strconv.Itoa(d.Indicators.Year)
	s.renderStatus(w, r, status, pages.Indicators(s.page(r, title), d))
}

func containsYear(years []int, y int) bool {
	for _, v := range years {
		if v == y {
			return true
		}
	}
	return false
}

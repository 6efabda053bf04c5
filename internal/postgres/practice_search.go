package postgres

import (
	"context"

	"github.com/portail-clts/clts/internal/clts"
)

// PracticeQuery selects, orders and pages a list of practices.
type PracticeQuery struct {
	Text          string // French full-text search (websearch syntax), "" = all
	Status        string // "" = published only (the catalogue); a state for pilots' lists
	AuthorID      int64  // the practices of one author
	GroupID       int64  // theme
	InstitutionID int64
	Departement   string
	Year          int // start year
	RunningOnly   bool
	Committee     string // national search: a committee slug, "" = all
	ByDate        bool   // sort by date even with a search
	Limit, Offset int
}

// Practices lists the practices of the scope's committee matching q, and
// their number.
func (tx *Tx) Practices(ctx context.Context, q PracticeQuery) ([]clts.PracticeHit, int, error) {
	return nil, 0, errTODO
}

// NationalPractices lists the nationally shared practices of every
// committee matching q, in a national scope, and their number.
func (tx *Tx) NationalPractices(ctx context.Context, q PracticeQuery) ([]clts.PracticeHit, int, error) {
	return nil, 0, errTODO
}

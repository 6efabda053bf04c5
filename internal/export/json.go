package export

import (
	"bufio"
	"encoding/json"
	"io"
	"strconv"
	"time"

	"github.com/portail-clts/clts/internal/clts"
)

// JSONFormat and JSONVersion name the JSON export's schema
// (docs/exports.md); the version changes when a field changes meaning or
// goes away.
const (
	JSONFormat  = "clts-contributions"
	JSONVersion = 1
)

// jsonFilter is the filter of a JSON export, null where it did not filter.
type jsonFilter struct {
	Label       string  `json:"libelle"`
	Campaign    *int    `json:"campagne"`
	Category    *string `json:"categorie"`
	Committee   *string `json:"comite"`
	Departement *string `json:"departement"`
	Text        *string `json:"mots"`
	Retained    *bool   `json:"retenues"`
}

// jsonCommittee is a contribution's committee.
type jsonCommittee struct {
	Slug         string   `json:"identifiant"`
	Name         string   `json:"nom"`
	Departements []string `json:"departements"`
}

// jsonReading is the HCTS's reading of a contribution.
type jsonReading struct {
	Read      bool       `json:"lue"`
	ReadAt    *time.Time `json:"lue_le"`
	Retained  bool       `json:"retenue"`
	Reply     string     `json:"reponse"`
	RepliedAt *time.Time `json:"repondu_le"`
}

// jsonContribution is one contribution of the JSON export.
type jsonContribution struct {
	Committee         jsonCommittee    `json:"comite"`
	Campaign          int              `json:"campagne"`
	Category          string           `json:"categorie"`
	CategoryLabel     string           `json:"categorie_libelle"`
	ID                int64            `json:"id"`
	Edition           int              `json:"edition"`
	Corrects          *int64           `json:"corrige"`
	CorrectedBy       *int64           `json:"corrigee_par"`
	Title             string           `json:"titre"`
	Authors           string           `json:"auteurs"`
	Group             *string          `json:"groupe_de_travail"`
	TransmittedAt     *time.Time       `json:"transmise_le"`
	Text              string           `json:"texte"`
	Practices         []int64          `json:"pratiques_liees"`
	Indicators        *clts.Indicators `json:"indicateurs"`
	IndicatorsComment string           `json:"commentaire_indicateurs"`
	Reading           jsonReading      `json:"lecture"`
}

func nonZero[T comparable](v T) *T {
	var zero T
	if v == zero {
		return nil
	}
	return &v
}

func newJSONContribution(c *clts.Contribution) jsonContribution {
	out := jsonContribution{
		Committee:     jsonCommittee{Slug: c.CommitteeSlug, Name: c.CommitteeName, Departements: c.Departements},
		Campaign:      c.CampaignYear,
		Category:      c.Category,
		CategoryLabel: clts.CategoryLabel(c.Category),
		ID:            c.ID, Edition: c.Edition,
		Corrects: nonZero(c.PreviousID), CorrectedBy: nonZero(c.NextID),
		Title: c.Title, Authors: c.PublicAuthors, Group: nonZero(c.GroupTitle),
		TransmittedAt: c.TransmittedAt, Text: c.Body, Practices: c.PracticeIDs,
		Indicators: c.Indicators, IndicatorsComment: c.IndicatorsComment,
	}
	if out.Committee.Departements == nil {
		out.Committee.Departements = []string{}
	}
	if out.Practices == nil {
		out.Practices = []int64{}
	}
	if r := c.Reading; r != nil {
		out.Reading = jsonReading{Read: r.ReadAt != nil, ReadAt: r.ReadAt, Retained: r.Retained, Reply: r.Reply, RepliedAt: r.RepliedAt}
	}
	return out
}

// WriteJSON writes the contributions each gives as one JSON document
// (docs/exports.md): the format, its version, the time of the export, the
// filter, the contributions, then their number. Each contribution is
// encoded and written on its own: the document is never whole in memory.
// It returns the number of contributions written.
func WriteJSON(w io.Writer, f Filter, now time.Time, each Each) (int, error) {
	bw := bufio.NewWriterSize(w, 32<<10)
	head := struct {
		Format  string     `json:"format"`
		Version int        `json:"version"`
		At      time.Time  `json:"genere_le"`
		Filter  jsonFilter `json:"filtre"`
	}{JSONFormat, JSONVersion, now.UTC().Truncate(time.Second), jsonFilter{
		Label: f.Label(), Campaign: nonZero(f.CampaignYear), Category: nonZero(f.Category),
		Committee: nonZero(f.Committee), Departement: nonZero(f.Departement), Text: nonZero(f.Text), Retained: f.Retained,
	}}
	b, err := json.Marshal(head)
	if err != nil {
		return 0, err
	}
	// The head's closing brace gives way to the list.
	bw.Write(b[:len(b)-1])
	bw.WriteString(`,"contributions":[`)
	n := 0
	err = each(func(c *clts.Contribution) error {
		b, err := json.Marshal(newJSONContribution(c))
		if err != nil {
			return err
		}
		if n > 0 {
			bw.WriteByte(',')
		}
		bw.WriteString("\n")
		n++
		_, err = bw.Write(b)
		return err
	})
	if err != nil {
		return n, err
	}
	bw.WriteString("\n],\"nombre\":" + strconv.Itoa(n) + "}\n")
	return n, bw.Flush()
}

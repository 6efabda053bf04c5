package export

import (
	"strconv"
	"strings"
	"time"
	_ "time/tzdata" // Europe/Paris even on a machine without a zone database

	"github.com/portail-clts/clts/internal/clts"
)

// paris is the time zone of the exports' dates.
var paris = func() *time.Location {
	l, err := time.LoadLocation("Europe/Paris")
	if err != nil {
		panic(err)
	}
	return l
}()

// Each calls fn with every contribution of an export, one at a time, in
// the report's order (postgres.Tx.EachNationalContribution in a snapshot).
type Each func(fn func(*clts.Contribution) error) error

// column is one column of the contributions' CSV and XLSX sheets: its
// header, its width in the XLSX (characters), and its value.
type column struct {
	header string
	width  float64
	value  func(*clts.Contribution) any // string, int, float64, time.Time or nil
}

// contributionColumns are the columns of the CSV export and of the XLSX's
// category sheets, in order.
var contributionColumns = []column{
	{"Campagne", 10, func(c *clts.Contribution) any { return c.CampaignYear }},
	{"Catégorie", 28, func(c *clts.Contribution) any { return clts.CategoryLabel(c.Category) }},
	{"Comité", 30, func(c *clts.Contribution) any { return c.CommitteeName }},
	{"Départements", 14, func(c *clts.Contribution) any { return strings.Join(c.Departements, ", ") }},
	{"N°", 8, func(c *clts.Contribution) any { return c.ID }},
	{"Édition", 8, func(c *clts.Contribution) any { return c.Edition }},
	{"Corrige le n°", 12, func(c *clts.Contribution) any { return optionalID(c.PreviousID) }},
	{"Titre", 40, func(c *clts.Contribution) any { return c.Title }},
	{"Auteurs", 28, func(c *clts.Contribution) any { return c.PublicAuthors }},
	{"Groupe de travail", 28, func(c *clts.Contribution) any { return c.GroupTitle }},
	{"Transmise le", 13, func(c *clts.Contribution) any { return transmitted(c) }},
	{"Lue", 6, func(c *clts.Contribution) any { return yesNo(c.Reading != nil && c.Reading.ReadAt != nil) }},
	{"Retenue", 8, func(c *clts.Contribution) any { return yesNo(c.Reading != nil && c.Reading.Retained) }},
	{"Réponse du HCTS", 40, func(c *clts.Contribution) any {
		if c.Reading == nil {
			return ""
		}
		return c.Reading.Reply
	}},
	{"Texte", 80, func(c *clts.Contribution) any { return c.Body }},
	{"Réunions tenues", 10, indicator(func(p clts.IndicatorPeriod) any { return p.Meetings })},
	{"Présences", 10, indicator(func(p clts.IndicatorPeriod) any { return p.Attendees })},
	{"Présences de personnes accompagnées", 14, indicator(func(p clts.IndicatorPeriod) any { return p.SupportedAttendees })},
	{"Part des personnes accompagnées (%)", 14, indicator(func(p clts.IndicatorPeriod) any {
		return float64(int(p.SupportedShare()*1000+0.5)) / 10
	})},
	{"Personnes accompagnées distinctes", 14, indicator(func(p clts.IndicatorPeriod) any { return p.DistinctSupported })},
	{"Réunions avec une personne accompagnée", 14, indicator(func(p clts.IndicatorPeriod) any { return p.MeetingsWithSupported })},
	{"Groupes co-animés par une personne accompagnée", 14, func(c *clts.Contribution) any {
		if c.Indicators == nil {
			return nil
		}
		return c.Indicators.GroupsCoLedBySupported
	}},
	{"Commentaire des indicateurs", 40, func(c *clts.Contribution) any { return c.IndicatorsComment }},
}

// indicator reads a figure of the year of a contribution's indicators
// (category participation); nil without them.
func indicator(f func(clts.IndicatorPeriod) any) func(*clts.Contribution) any {
	return func(c *clts.Contribution) any {
		if c.Indicators == nil {
			return nil
		}
		return f(c.Indicators.Total)
	}
}

func optionalID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

func yesNo(b bool) string {
	if b {
		return "oui"
	}
	return "non"
}

// transmitted is the day a contribution was transmitted, in Paris, as a
// date at midnight UTC (a spreadsheet date has no zone); nil if unknown.
func transmitted(c *clts.Contribution) any {
	if c.TransmittedAt == nil {
		return nil
	}
	p := c.TransmittedAt.In(paris)
	return time.Date(p.Year(), p.Month(), p.Day(), 0, 0, 0, 0, time.UTC)
}

// text is a cell's value as CSV text: dates JJ/MM/AAAA, decimals with a
// comma, nothing for nil.
func text(v any) string {
	switch v := v.(type) {
	case nil:
		return ""
	case string:
		return v
	case int:
		return strconv.Itoa(v)
	case int64:
		return strconv.FormatInt(v, 10)
	case float64:
		return strings.Replace(strconv.FormatFloat(v, 'f', -1, 64), ".", ",", 1)
	case time.Time:
		return v.Format("02/01/2006")
	}
	return ""
}

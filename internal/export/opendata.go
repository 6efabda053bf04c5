package export

import (
	"archive/zip"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/portail-clts/clts/internal/clts"
)

// OpenData is what the open-data archive publishes: the committees, the
// transmitted contributions of the filter, the practices the committees
// shared nationally, and the participation indicators attached to the
// contributions. No person appears in it but the authors who agreed to
// have their names published with their contribution.
type OpenData struct {
	Filter     Filter
	At         time.Time
	Committees []clts.Committee
	// Contributions gives the contributions of the filter; Participation
	// those of them in category participation (it is called twice: the
	// indicators, then the attendance per institution).
	Contributions, Participation Each
	// Practices gives the practices shared nationally (of the filter's
	// committee, if it names one).
	Practices func(fn func(*clts.SharedPractice) error) error
}

// The archive's files.
const (
	openDataReadme        = "README.md"
	openDataLicence       = "LICENCE.md"
	openDataCommittees    = "comites.csv"
	openDataContributions = "contributions.csv"
	openDataPractices     = "pratiques.csv"
	openDataIndicators    = "indicateurs.csv"
	openDataInstitutions  = "presences_institutions.csv"
)

// openDataColumns are the columns of each CSV file and their meaning, in
// order: the README says them, and the files are written in this order.
var openDataColumns = map[string][][2]string{
	openDataCommittees: {
		{"comite", "Identifiant court du comité (il nomme le comité dans tous les fichiers)."},
		{"nom", "Nom du comité."},
		{"departements", "Numéros des départements du comité, séparés par une virgule."},
	},
	openDataContributions: {
		{"comite", "Identifiant court du comité qui a transmis la contribution (voir comites.csv)."},
		{"campagne", "Année de la campagne du HCTS à laquelle la contribution répond."},
		{"categorie", "Code de la catégorie du rapport : besoins, pratiques, gouvernance, metiers, recherche, participation."},
		{"categorie_libelle", "Intitulé de la catégorie."},
		{"id", "Numéro de la contribution (unique pour un comité)."},
		{"edition", "Numéro de l'édition : 1 pour la première, 2 pour sa correction, etc."},
		{"corrige_id", "Pour une correction, numéro de la contribution qu'elle corrige ; vide sinon."},
		{"titre", "Titre de la contribution."},
		{"auteurs", "Noms des auteurs qui ont accepté leur publication, séparés par une virgule ; vide si aucun."},
		{"groupe_de_travail", "Groupe de travail du comité dont la contribution est issue ; vide sinon."},
		{"transmise_le", "Date de transmission au HCTS (AAAA-MM-JJ, heure de Paris)."},
		{"texte", "Texte de la contribution, au format Markdown."},
		{"pratiques_liees", "Numéros des pratiques partagées (voir pratiques.csv) sur lesquelles elle s'appuie, séparés par une virgule."},
	},
	openDataPractices: {
		{"comite", "Identifiant court du comité qui a publié la pratique."},
		{"id", "Numéro de la pratique (unique pour un comité)."},
		{"titre", "Titre de la pratique."},
		{"resume", "Résumé."},
		{"departement", "Département où elle est menée."},
		{"annee_de_demarrage", "Année de démarrage ; vide si elle n'est pas connue."},
		{"en_cours", "« oui » si l'action est toujours en cours, « non » sinon."},
		{"themes", "Groupes de travail (thèmes) du comité auxquels elle se rattache, séparés par « | »."},
		{"institutions", "Institutions partenaires qui la portent, séparées par « | »."},
		{"publiee_le", "Date de publication (AAAA-MM-JJ)."},
	},
	openDataIndicators: {
		{"comite", "Identifiant court du comité."},
		{"contribution_id", "Numéro de la contribution (catégorie participation) à laquelle les indicateurs sont joints."},
		{"annee", "Année des indicateurs."},
		{"periode", "Trimestre ou année entière."},
		{"debut", "Premier jour de la période (AAAA-MM-JJ)."},
		{"fin", "Dernier jour de la période (AAAA-MM-JJ)."},
		{"reunions_tenues", "Réunions tenues dont l'émargement a été fait."},
		{"presences", "Présences : une par personne présente à une réunion."},
		{"presences_personnes_accompagnees", "Présences de personnes accompagnées."},
		{"part_personnes_accompagnees", "Part des personnes accompagnées parmi les présences, en pourcentage (virgule décimale)."},
		{"personnes_accompagnees_distinctes", "Personnes accompagnées distinctes présentes au moins une fois."},
		{"reunions_avec_personne_accompagnee", "Réunions où au moins une personne accompagnée était présente."},
		{"groupes", "Groupes de travail actifs dans l'année (ligne de l'année entière seulement)."},
		{"groupes_coanimes_par_une_personne_accompagnee", "Groupes coanimés par une personne accompagnée (ligne de l'année entière seulement)."},
	},
	openDataInstitutions: {
		{"comite", "Identifiant court du comité."},
		{"contribution_id", "Numéro de la contribution à laquelle les indicateurs sont joints."},
		{"annee", "Année des indicateurs."},
		{"institution", "Institution partenaire."},
		{"presences", "Présences de ses membres aux réunions de l'année."},
		{"reunions", "Réunions où au moins un de ses membres était présent."},
	},
}

// openDataOrder is the order of the CSV files, in the archive and the README.
var openDataOrder = []string{openDataCommittees, openDataContributions, openDataPractices, openDataIndicators, openDataInstitutions}

// WriteOpenData writes the open-data archive (.zip) of d: the README, the
// licence and one CSV file per entity (CSVWriter's format, dates
// AAAA-MM-JJ). It returns the number of contributions written.
func WriteOpenData(w io.Writer, d OpenData) (int, error) {
	z := zip.NewWriter(w)
	file := func(name string) (io.Writer, error) {
		return z.CreateHeader(&zip.FileHeader{Name: name, Method: zip.Deflate, Modified: d.At})
	}
	csvFile := func(name string, body func(cw *CSVWriter) error) error {
		f, err := file(name)
		if err != nil {
			return err
		}
		cw, err := NewCSVWriter(f)
		if err != nil {
			return err
		}
		var header []string
		for _, c := range openDataColumns[name] {
			header = append(header, c[0])
		}
		if err := cw.Row(header...); err != nil {
			return err
		}
		if err := body(cw); err != nil {
			return err
		}
		return cw.Flush()
	}
	for _, f := range [][2]string{{openDataReadme, openDataReadmeText(d)}, {openDataLicence, licenceText}} {
		fw, err := file(f[0])
		if err != nil {
			return 0, err
		}
		if _, err := io.WriteString(fw, f[1]); err != nil {
			return 0, err
		}
	}
	if err := csvFile(openDataCommittees, func(cw *CSVWriter) error {
		for _, c := range d.Committees {
			if err := cw.Row(c.Slug, c.Name, strings.Join(c.Departements, ", ")); err != nil {
				return err
			}
		}
		return nil
	}); err != nil {
		return 0, err
	}
	n := 0
	if err := csvFile(openDataContributions, func(cw *CSVWriter) error {
		return d.Contributions(func(c *clts.Contribution) error {
			n++
			return cw.Row(c.CommitteeSlug, strconv.Itoa(c.CampaignYear), c.Category, clts.CategoryLabel(c.Category),
				strconv.FormatInt(c.ID, 10), strconv.Itoa(c.Edition), text(optionalID(c.PreviousID)), c.Title, c.PublicAuthors,
				c.GroupTitle, isoDate(c.TransmittedAt), c.Body, joinIDs(c.PracticeIDs))
		})
	}); err != nil {
		return n, err
	}
	if err := csvFile(openDataPractices, func(cw *CSVWriter) error {
		return d.Practices(func(p *clts.SharedPractice) error {
			year := ""
			if p.StartYear != 0 {
				year = strconv.Itoa(p.StartYear)
			}
			return cw.Row(p.CommitteeSlug, strconv.FormatInt(p.ID, 10), p.Title, p.Summary, p.Departement, year,
				yesNo(p.Running), strings.Join(p.Themes, " | "), strings.Join(p.Institutions, " | "), isoDate(p.PublishedAt))
		})
	}); err != nil {
		return n, err
	}
	if err := csvFile(openDataIndicators, func(cw *CSVWriter) error {
		return d.Participation(func(c *clts.Contribution) error {
			ind := c.Indicators
			if ind == nil {
				return nil
			}
			id, year := strconv.FormatInt(c.ID, 10), strconv.Itoa(ind.Year)
			periods := append(append([]clts.IndicatorPeriod{}, ind.Quarters...), ind.Total)
			for i, p := range periods {
				groups, coLed := "", ""
				if i == len(periods)-1 {
					groups, coLed = strconv.Itoa(ind.Groups), strconv.Itoa(ind.GroupsCoLedBySupported)
				}
				if err := cw.Row(c.CommitteeSlug, id, year, p.Label, isoDay(p.From), lastDay(p.To),
					strconv.Itoa(p.Meetings), strconv.Itoa(p.Attendees), strconv.Itoa(p.SupportedAttendees),
					text(float64(int(p.SupportedShare()*1000+0.5))/10), strconv.Itoa(p.DistinctSupported),
					strconv.Itoa(p.MeetingsWithSupported), groups, coLed); err != nil {
					return err
				}
			}
			return nil
		})
	}); err != nil {
		return n, err
	}
	if err := csvFile(openDataInstitutions, func(cw *CSVWriter) error {
		return d.Participation(func(c *clts.Contribution) error {
			if c.Indicators == nil {
				return nil
			}
			for _, inst := range c.Indicators.Institutions {
				if err := cw.Row(c.CommitteeSlug, strconv.FormatInt(c.ID, 10), strconv.Itoa(c.Indicators.Year), inst.Institution,
					strconv.Itoa(inst.Attendees), strconv.Itoa(inst.Meetings)); err != nil {
					return err
				}
			}
			return nil
		})
	}); err != nil {
		return n, err
	}
	return n, z.Close()
}

func joinIDs(ids []int64) string {
	parts := make([]string, len(ids))
	for i, id := range ids {
		parts[i] = strconv.FormatInt(id, 10)
	}
	return strings.Join(parts, ",")
}

// isoDate is the day of t in Paris, AAAA-MM-JJ; "" for nil.
func isoDate(t *time.Time) string {
	if t == nil {
		return ""
	}
	return isoDay(*t)
}

func isoDay(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(paris).Format("2006-01-02")
}

// lastDay is the day before an exclusive end.
func lastDay(end time.Time) string {
	if end.IsZero() {
		return ""
	}
	return isoDay(end.Add(-time.Second))
}

// openDataReadmeText is the archive's README: what it holds, its filter,
// its licence, and every column's meaning.
func openDataReadmeText(d OpenData) string {
	var b strings.Builder
	b.WriteString("# Contributions des comités locaux du travail social au rapport du HCTS\n\n")
	b.WriteString("Données ouvertes exportées du portail des comités locaux du travail social et du développement social (CLTS) ")
	b.WriteString("le " + d.At.In(paris).Format("02/01/2006 à 15:04") + " (heure de Paris).\n\n")
	b.WriteString("Sélection : " + d.Filter.Label() + ".\n\n")
	b.WriteString(`Elles contiennent les contributions que les comités ont transmises au Haut Conseil du travail social (HCTS),
les pratiques inspirantes que les comités ont partagées au niveau national, et les indicateurs de participation
calculés à partir des émargements des réunions et joints aux contributions de la catégorie « participation ».

Aucune donnée personnelle n'y figure, sinon les noms des auteurs qui ont accepté qu'ils accompagnent leur
contribution. Chaque ligne nomme son comité (colonne ` + "`comite`" + `, voir ` + "`comites.csv`" + `).

## Licence

Ces données sont publiées sous la Licence Ouverte / Open Licence version 2.0 (Etalab) : voir ` + "`LICENCE.md`" + `.
Vous pouvez les réutiliser librement, y compris commercialement, en mentionnant leur source :
« Comités locaux du travail social — portail CLTS » et la date de l'export.

## Format des fichiers

Fichiers CSV en UTF-8 avec marque d'ordre d'octets (BOM), séparateur « ; », fins de ligne CRLF, valeurs entre
guillemets lorsqu'elles contiennent un séparateur, un guillemet ou un retour à la ligne. Les dates sont au format
AAAA-MM-JJ ; les nombres décimaux ont une virgule. Une cellule qui commencerait par = + - @, une tabulation ou un
retour chariot est précédée d'une apostrophe, pour qu'aucun tableur ne l'exécute comme une formule.
`)
	for _, name := range openDataOrder {
		b.WriteString("\n## " + name + "\n\n")
		b.WriteString(map[string]string{
			openDataCommittees:    "Les comités du portail, une ligne par comité.",
			openDataContributions: "Les contributions transmises au HCTS de la sélection, une ligne par contribution (chaque édition corrigée a sa ligne).",
			openDataPractices:     "Les pratiques inspirantes publiées que les comités ont partagées au niveau national, une ligne par pratique.",
			openDataIndicators:    "Les indicateurs de participation joints aux contributions de la catégorie « participation » : une ligne par trimestre, puis une pour l'année entière.",
			openDataInstitutions:  "La présence de chaque institution partenaire aux réunions de l'année, pour chaque contribution de la catégorie « participation ».",
		}[name] + "\n\n")
		b.WriteString("| Colonne | Signification |\n|---|---|\n")
		for _, c := range openDataColumns[name] {
			b.WriteString("| `" + c[0] + "` | " + c[1] + " |\n")
		}
	}
	return b.String()
}

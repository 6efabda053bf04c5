package export

import (
	"strconv"
	"strings"
	"time"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/portail-clts/clts/internal/clts"
)

// Filter is the national reading's filter an export was made with: it
// names the file and is written in the audit log.
type Filter struct {
	CampaignYear  int    // 0 = every campaign
	Category      string // a category's code, "" = all
	Committee     string // a committee's slug, "" = all
	CommitteeName string
	Departement   string
	Text          string // the words searched
	Retained      *bool
}

// FileName is the export's file name: base, the filter's values and the
// day of the export, then ext, in letters, digits and dashes only, like
// contributions-hcts_2026_besoins_37-41_dep-37_mots-numerique_2026-12-02.csv.
func (f Filter) FileName(base string, day time.Time, ext string) string {
	parts := []string{base}
	if f.CampaignYear != 0 {
		parts = append(parts, strconv.Itoa(f.CampaignYear))
	}
	if f.Category != "" {
		parts = append(parts, slug(f.Category, 20))
	}
	if f.Committee != "" {
		parts = append(parts, slug(f.Committee, 40))
	}
	if f.Departement != "" {
		parts = append(parts, "dep-"+slug(f.Departement, 10))
	}
	if f.Retained != nil {
		if *f.Retained {
			parts = append(parts, "retenues")
		} else {
			parts = append(parts, "non-retenues")
		}
	}
	if s := slug(f.Text, 40); s != "" {
		parts = append(parts, "mots-"+s)
	}
	parts = append(parts, day.In(paris).Format("2006-01-02"))
	return strings.Join(parts, "_") + "." + ext
}

// Label is the filter in French, for the audit log and the exports'
// headers: « campagne 2026, catégorie Besoins territoriaux émergents,
// mots « numérique » », or « toutes les contributions transmises ».
func (f Filter) Label() string {
	var parts []string
	if f.CampaignYear != 0 {
		parts = append(parts, "campagne "+strconv.Itoa(f.CampaignYear))
	}
	if f.Category != "" {
		parts = append(parts, "catégorie "+clts.CategoryLabel(f.Category))
	}
	if f.Committee != "" {
		name := f.CommitteeName
		if name == "" {
			name = f.Committee
		}
		parts = append(parts, "comité "+name)
	}
	if f.Departement != "" {
		parts = append(parts, "département "+f.Departement)
	}
	if f.Retained != nil {
		if *f.Retained {
			parts = append(parts, "retenues pour le rapport")
		} else {
			parts = append(parts, "non retenues")
		}
	}
	if t := strings.TrimSpace(f.Text); t != "" {
		parts = append(parts, "mots « "+t+" »")
	}
	if len(parts) == 0 {
		return "toutes les contributions transmises"
	}
	return strings.Join(parts, ", ")
}

// slug keeps the ASCII letters and digits of s, accents removed, lower
// case, other runs as one dash, at most n bytes.
func slug(s string, n int) string {
	var b strings.Builder
	dash := false
	for _, r := range norm.NFD.String(s) {
		switch {
		case unicode.Is(unicode.Mn, r):
			continue
		case r < unicode.MaxASCII && (unicode.IsLetter(r) || unicode.IsDigit(r)):
			if dash && b.Len() > 0 {
				b.WriteByte('-')
			}
			dash = false
			b.WriteRune(unicode.ToLower(r))
		default:
			dash = true
		}
		if b.Len() >= n {
			break
		}
	}
	out := b.String()
	if len(out) > n {
		out = out[:n]
	}
	return strings.Trim(out, "-")
}

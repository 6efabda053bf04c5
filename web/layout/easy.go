package layout

import (
	"github.com/a-h/templ"

	"github.com/portail-clts/clts/internal/paths"
)

// bodyAttrs marks the body of an easy page with the class the easy mode's
// CSS hangs under (app.css, "Easy mode").
func (p Page) bodyAttrs() templ.Attributes {
	if p.Easy {
		return templ.Attributes{"class": "easy"}
	}
	return templ.Attributes{}
}

// easyHeader reports whether the page takes the easy header: a signed-in
// person in easy mode.
func (p Page) easyHeader() bool {
	return p.Easy && p.User != nil
}

// PortalLinks are the portal's pages outside a committee the person may
// open, as the complete header's menu lists them (logging out aside).
func PortalLinks(u User) []Link {
	l := []Link{{URL: paths.Committees, Label: "Mes comités"}}
	if u.NationalPractices {
		l = append(l, Link{URL: paths.NationalPractices, Label: "Pratiques partagées"})
	}
	if u.Operator {
		l = append(l, Link{URL: paths.OperatorCommittees, Label: "Exploitation"})
	}
	if u.NationalNews {
		l = append(l, Link{URL: paths.NationalNews, Label: "Actualités nationales"})
	}
	if u.Seminars {
		l = append(l, Link{URL: paths.Seminars, Label: "Séminaires nationaux"})
	}
	return append(l,
		Link{URL: paths.Notifications, Label: u.NotificationsLabel()},
		Link{URL: paths.Account, Label: "Mon compte"},
		Link{URL: paths.Glossary, Label: "Lexique : les mots du portail"})
}

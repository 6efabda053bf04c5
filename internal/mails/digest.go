package mails

import (
	"fmt"
	"sort"
	"strings"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
)

// NationalHeading is the heading of the national events (HCTS news, say)
// in a digest.
const NationalHeading = "Haut Conseil du travail social"

// Digests writes the daily and weekly digests, with absolute links under
// BaseURL; the worker passes it to postgres.DB.SendDigests.
type Digests struct {
	BaseURL string // the portal's address, without a trailing slash
}

// DigestMail is a digest: its events grouped by committee (each under its
// name, the national ones last under NationalHeading), oldest first, each
// with its date and its link.
func (m Digests) DigestMail(d postgres.Digest) (subject, body string) {
	period, since := "du jour", "depuis votre dernier résumé du jour"
	if d.Weekly {
		period, since = "de la semaine", "depuis votre dernier résumé de la semaine"
	}
	subject = fmt.Sprintf("Votre résumé %s — %s", period, news(len(d.Events)))

	var b strings.Builder
	if d.Name != "" {
		fmt.Fprintf(&b, "Bonjour %s,\n\n", d.Name)
	} else {
		b.WriteString("Bonjour,\n\n")
	}
	fmt.Fprintf(&b, "Voici ce qui s'est passé sur le Portail CLTS %s.\n", since)
	for _, g := range digestGroups(d.Events) {
		heading := g[0].CommitteeName
		if g[0].CommitteeID == 0 || heading == "" {
			heading = NationalHeading
		}
		// The heading is a paragraph of its own, undecorated: the HTML
		// part (Letter.HTML) shows it as is, and a screen reader reads
		// no row of symbols.
		fmt.Fprintf(&b, "\n%s :\n", heading)
		for _, n := range g {
			fmt.Fprintf(&b, "\n- %s\n  Le %s\n", n.Title, components.DateTime(n.CreatedAt))
			if n.Link != "" {
				fmt.Fprintf(&b, "  %s\n", m.BaseURL+n.Link)
			}
		}
	}
	fmt.Fprintf(&b, `
Toutes vos notifications sont aussi sur le portail :
%s

--
Portail CLTS
`, m.BaseURL+paths.Notifications)
	return subject, b.String()
}

// news is "1 nouvelle", "3 nouvelles".
func news(n int) string {
	if n == 1 {
		return "1 nouvelle"
	}
	return fmt.Sprintf("%d nouvelles", n)
}

// digestGroups splits events by committee: the committees in the order of
// their names, the national events last, each group oldest first.
func digestGroups(events []clts.Notification) [][]clts.Notification {
	sorted := append([]clts.Notification(nil), events...)
	sort.SliceStable(sorted, func(i, j int) bool {
		a, b := sorted[i], sorted[j]
		if (a.CommitteeID == 0) != (b.CommitteeID == 0) {
			return b.CommitteeID == 0
		}
		if a.CommitteeName != b.CommitteeName {
			return a.CommitteeName < b.CommitteeName
		}
		if a.CommitteeID != b.CommitteeID {
			return a.CommitteeID < b.CommitteeID
		}
		if !a.CreatedAt.Equal(b.CreatedAt) {
			return a.CreatedAt.Before(b.CreatedAt)
		}
		return a.ID < b.ID
	})
	var groups [][]clts.Notification
	for i, n := range sorted {
		if i == 0 || n.CommitteeID != sorted[i-1].CommitteeID {
			groups = append(groups, nil)
		}
		groups[len(groups)-1] = append(groups[len(groups)-1], n)
	}
	return groups
}

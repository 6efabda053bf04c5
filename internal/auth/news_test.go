package auth

import (
	"testing"

	"github.com/portail-clts/clts/internal/clts"
)

// The news: who reads, writes and pins national and local items, and the
// national roles (an HCTS reader reads; a publisher also publishes).
func TestCheckNews(t *testing.T) {
	who := map[string]Principal{
		"anonymous":                       {},
		"operator":                        {AccountID: 1, Operator: true},
		"hcts reader":                     {AccountID: 2, HCTSReader: true},
		"hcts publisher":                  {AccountID: 3, HCTSReader: true, HCTSPublisher: true},
		"publisher flag without reader":   {AccountID: 4, HCTSPublisher: true},
		"member elsewhere, national page": {AccountID: 5, Member: true},
		"accompagne":                      {AccountID: 6, Role: clts.RoleAccompagne, Member: true},
		"partenaire":                      {AccountID: 7, Role: clts.RolePartenaire, Member: true},
		"pilote":                          {AccountID: 8, Role: clts.RolePilote, Member: true},
	}
	const ok, notFound, forbidden = "", clts.ENOTFOUND, clts.EFORBIDDEN
	for _, tc := range []struct {
		who      string
		national bool
		action   NewsAction
		want     string
	}{
		{"anonymous", true, ReadNews, notFound},
		{"operator", true, ReadNews, notFound},
		{"hcts reader", true, ReadNews, ok},
		{"hcts reader", true, EditNews, notFound},
		{"hcts publisher", true, ReadNews, ok},
		{"hcts publisher", true, EditNews, ok},
		{"hcts publisher", true, PinNews, notFound},
		{"publisher flag without reader", true, EditNews, notFound},
		{"member elsewhere, national page", true, ReadNews, ok},
		{"member elsewhere, national page", true, EditNews, notFound},
		{"pilote", true, EditNews, notFound},
		{"accompagne", false, ReadNews, ok},
		{"accompagne", false, EditNews, forbidden},
		{"partenaire", false, PinNews, forbidden},
		{"pilote", false, EditNews, ok},
		{"pilote", false, PinNews, ok},
		{"hcts publisher", false, ReadNews, notFound},
		{"operator", false, ReadNews, notFound},
		{"member elsewhere, national page", false, ReadNews, notFound},
	} {
		err := CheckNews(who[tc.who], NewsFacts{National: tc.national}, tc.action)
		if got := clts.ErrorCode(err); got != tc.want {
			t.Errorf("%s, national %v, action %d: %q, want %q", tc.who, tc.national, tc.action, got, tc.want)
		}
	}
}

// TestNationalRoles: an HCTS reader reads and exports; only a publisher
// publishes seminars, news and campaigns.
func TestNationalRoles(t *testing.T) {
	reader := Principal{AccountID: 1, HCTSReader: true}
	publisher := Principal{AccountID: 2, HCTSReader: true, HCTSPublisher: true}
	for _, a := range []Action{ReadNational, ReadNationalNews, ReadNationalPractices} {
		if !reader.Can(a) || !publisher.Can(a) {
			t.Errorf("%s: both HCTS roles read", a)
		}
	}
	for _, a := range []Action{PublishSeminars, ManageCampaigns, PublishNews} {
		if reader.Can(a) {
			t.Errorf("%s: an HCTS reader without the publishing right may", a)
		}
		if !publisher.Can(a) {
			t.Errorf("%s: an HCTS publisher may not", a)
		}
		if (Principal{AccountID: 3, HCTSPublisher: true}).Can(a) {
			t.Errorf("%s: the publishing flag alone grants it", a)
		}
	}
}

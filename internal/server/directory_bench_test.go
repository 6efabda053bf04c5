package server

import (
	"net/url"
	"testing"
)

// BenchmarkDirectoryPage renders directory pages of a committee of 5,000
// members through the whole handler stack (session, committee, policy,
// queries, templ), as the pilot. It reports the median time per page and
// the number of queries each page runs.
//
//	go test -run '^$' -bench DirectoryPage -benchtime 200x ./internal/server/
func BenchmarkDirectoryPage(b *testing.B) {
	f := newFixture(b)
	f.addMembers("37-41", 5000)
	c := f.login("pilote")
	u, _ := url.Parse(f.ts.URL)
	cookies := c.http.Jar.Cookies(u)
	benchPages(b, f.srv.Handler(), []benchCase{
		{"FirstPage", "/c/37-41/annuaire", cookies},
		{"Page50", "/c/37-41/annuaire?page=50", cookies},
		{"SearchSortedByRole", "/c/37-41/annuaire?q=membre+12&tri=role", cookies},
		{"FilterDepartement", "/c/37-41/annuaire?departement=37&role=professionnel&page=10", cookies},
	})
}

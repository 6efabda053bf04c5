package server

import (
	"net/url"
	"testing"
)

// TestEasyModeOutsideTheCommittee: a supported person who never chose gets
// the easy interface on the pages outside their committee (the account,
// the notifications) as on their committee's; a partner does not; the
// supported person's choice of the complete interface holds there too.
func TestEasyModeOutsideTheCommittee(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	easy := func(c *client, path string) bool {
		_, body := c.get(path)
		return parse(t, body).Find("body").HasClass("easy")
	}
	supported, partner := f.login("accompagne"), f.login("partenaire")
	for _, path := range []string{"/compte", "/notifications", "/c/37-41/"} {
		if !easy(supported, path) {
			t.Errorf("%s: the supported person does not get the easy interface", path)
		}
		if easy(partner, path) {
			t.Errorf("%s: a partner gets the easy interface without choosing it", path)
		}
	}
	supported.post("/compte/interface-facile", url.Values{"facile": {"non"}})
	if easy(supported, "/compte") || easy(supported, "/c/37-41/") {
		t.Error("the supported person chose the complete interface but still gets the easy one")
	}
}

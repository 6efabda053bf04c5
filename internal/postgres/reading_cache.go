package postgres

import (
	"container/list"
	"strings"
	"sync"
	"sync/atomic"
)

// readingCache keeps the pages of the HCTS national reading's searches
// (NationalReading with words): for each search and page, the ranked
// contributions and their excerpts, with the version of the national
// corpus they were computed from (readingVersionSQL). A search ranks
// every transmitted contribution holding its words (24,892 of the 100,013
// of make bench for « service », 40 ms, 1,247 for « handicap », 2 ms)
// and cuts an excerpt of the 20 texts of its page (1.9 ms): an analyst
// who pages through the results, or a colleague who asks the same, would
// pay it again at every page. What a transmitted contribution matches,
// its rank and its excerpt cannot change (it is locked); what can
// change — its committee's name, the HCTS's reading, the authors' names —
// is read again at every request, under row-level security, with the
// page's rows (readingRowsSQL). The version changes with every
// transmission and every change of a campaign's year or a committee's
// départements (what the filters select by): a page of another version is
// computed again. Every HCTS reader sees the same transmitted
// contributions (contributions_hcts), so a page computed for one serves
// another; no other scope uses the cache.
type readingCache struct {
	mu      sync.Mutex
	entries map[readingKey]*list.Element // of *readingPage
	order   *list.List                   // most recently used first
	max     int
	hits    atomic.Int64 // pages served from the cache, for the tests
}

// readingCacheSize is the number of pages kept: about 12 kB each (20
// excerpts), a few MB at most.
const readingCacheSize = 256

func newReadingCache(max int) *readingCache {
	return &readingCache{entries: map[readingKey]*list.Element{}, order: list.New(), max: max}
}

// readingKey is a search of the reading and its page: the filter's values
// as the reading's page gives them.
type readingKey struct {
	text, category, committee, departement string
	campaignID                             int64
	campaignYear, limit, offset            int
}

// readingPage is a page of a search, as computed at version.
type readingPage struct {
	key     readingKey
	version string
	total   int
	hits    []readingHit // in the page's order
}

// readingHit is what a page keeps of a contribution: its keys, its rank
// and its excerpt (safe HTML).
type readingHit struct {
	committeeID, id int64
	rank            float64
	headline        string
}

// cacheKey returns q's key and whether its page may be kept: a search of
// words, without the filter on the HCTS's own reading (retained or not,
// which changes without a transmission).
func cacheKey(q NationalQuery) (readingKey, bool) {
	text := searchText(q.Text)
	limit, offset := pageBounds(q.Limit, q.Offset)
	k := readingKey{text: text, category: q.Category, committee: q.Committee, departement: strings.TrimSpace(q.Departement),
		campaignID: q.CampaignID, campaignYear: q.CampaignYear, limit: limit, offset: offset}
	if q.CampaignID != 0 {
		k.campaignYear = 0
	}
	// The filter's values come from the address: a value longer than any
	// real one is not kept.
	short := len(k.category) <= 32 && len(k.committee) <= 64 && len(k.departement) <= 8
	return k, text != "" && q.Retained == nil && short
}

// get returns the page kept for k, nil when none.
func (c *readingCache) get(k readingKey) *readingPage {
	c.mu.Lock()
	defer c.mu.Unlock()
	e, ok := c.entries[k]
	if !ok {
		return nil
	}
	c.order.MoveToFront(e)
	return e.Value.(*readingPage)
}

// put keeps p, in place of the page of its key, forgetting the least
// recently used page beyond max. A kept page is never changed.
func (c *readingCache) put(p *readingPage) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if e, ok := c.entries[p.key]; ok {
		e.Value = p
		c.order.MoveToFront(e)
		return
	}
	c.entries[p.key] = c.order.PushFront(p)
	for c.order.Len() > c.max {
		last := c.order.Back()
		delete(c.entries, last.Value.(*readingPage).key)
		c.order.Remove(last)
	}
}

// readingVersionSQL is the version of what a search of the reading
// selects and ranks: the number of transmitted contributions (they are
// only ever added, in contribution_counts), the campaigns' years and the
// committees' départements. It is read before the search, in the same
// round trip: a transmission between the two makes the page newer than
// its version, never older, and the next request computes it again.
const readingVersionSQL = `SELECT (SELECT coalesce(sum(k.transmitted), 0) FROM contribution_counts k)::text
		|| '/' || (SELECT coalesce(string_agg(cp.id || '=' || cp.year, ',' ORDER BY cp.id), '') FROM campaigns cp)
		|| '/' || (SELECT coalesce(string_agg(co.id || '=' || array_to_string(co.departements, ' '), ',' ORDER BY co.id), '')
			FROM committees co)`

// readingRowsSQL reads the rows of a kept page again, in its order, under
// the policies of contributions: $1 and $2 are the committees' and the
// contributions' ids. The rank and the excerpt come from the page.
const readingRowsSQL = `SELECT ` + nationalListColumns + `, 0::real, ''
		FROM unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS page (committee_id, id, n)
		JOIN contributions c ON c.committee_id = page.committee_id AND c.id = page.id
		` + nationalJoins + `
		WHERE c.status = 'transmise'
		ORDER BY page.n`

package components

import (
	"net/url"
	"strconv"
)

// Pager is the state of a paginated list.
type Pager struct {
	Page, Pages int
	Total       int
	Base        string     // path of the list
	Query       url.Values // the list's filters, kept across pages
}

// NewPager computes the number of pages.
func NewPager(page, pageSize, total int, base string, q url.Values) Pager {
	pages := (total + pageSize - 1) / pageSize
	if pages < 1 {
		pages = 1
	}
	return Pager{Page: page, Pages: pages, Total: total, Base: base, Query: q}
}

// URL returns the link to page n, keeping the filters.
func (p Pager) URL(n int) string {
	q := url.Values{}
	for k, v := range p.Query {
		if k != "page" {
			q[k] = v
		}
	}
	if n > 1 {
		q.Set("page", strconv.Itoa(n))
	}
	if len(q) == 0 {
		return p.Base
	}
	return p.Base + "?" + q.Encode()
}

package server

import (
	"fmt"
	"net/http"
	"time"

	"github.com/gorilla/feeds"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/pages"
)

// The news's Atom feeds, written with gorilla/feeds: the national one is
// public (the HCTS's news are public texts); a committee's holds its local
// and the national items, behind the member's feed secret (?jeton=), like
// the calendar feeds, outside any session.

// newsFeedLimit bounds the entries of a feed.
const newsFeedLimit = 50

// feedTagDate is the date of the feeds' and entries' tag: URIs (RFC 4151):
// fixed, so that the ids never change.
const feedTagDate = "2019"

// newsEntryID is the stable id of an item: a national item has the same
// id in every feed, so that a reader of two feeds sees it once.
func (s *Server) newsEntryID(n clts.News) string {
	host := s.cfg.BaseURL.Hostname()
	if n.National {
		return fmt.Sprintf("tag:%s,%s:actualite-nationale-%d", host, feedTagDate, n.ID)
	}
	return fmt.Sprintf("tag:%s,%s:comite-%d/actualite-%d", host, feedTagDate, n.CommitteeID, n.ID)
}

// writeNewsFeed writes items as an Atom feed: its id, title and page;
// each entry its stable id, title, dates, link to its page and the summary
// as plain text.
func (s *Server) writeNewsFeed(w http.ResponseWriter, id, title, page string, items []clts.News, link func(clts.News) string, cache string) {
	f := &feeds.Feed{Title: title, Link: &feeds.Link{Href: page}, Author: &feeds.Author{Name: "Portail CLTS"}}
	updated := time.Date(2019, time.January, 1, 0, 0, 0, 0, time.UTC)
	for _, n := range items {
		f.Add(&feeds.Item{Title: n.Title, Link: &feeds.Link{Href: link(n)}, Id: s.newsEntryID(n),
			Created: n.CreatedAt, Updated: n.UpdatedAt})
		if n.UpdatedAt.After(updated) {
			updated = n.UpdatedAt
		}
	}
	f.Updated = updated
	atom := (&feeds.Atom{Feed: f}).AtomFeed()
	// gorilla/feeds names a feed by its link and takes summaries for HTML:
	// the feed gets its own tag: id, and the summaries are plain text.
	atom.Id = id
	for i, e := range atom.Entries {
		n := items[i]
		e.Summary = &feeds.AtomSummary{Content: n.Summary, Type: "text"}
		e.Published = n.CreatedAt.UTC().Format(time.RFC3339)
	}
	w.Header().Set("Content-Type", "application/atom+xml; charset=utf-8")
	w.Header().Set("Cache-Control", cache)
	_ = feeds.WriteXML(atom, w)
}

// handleNationalNewsFeed serves the public feed of the national news.
func (s *Server) handleNationalNewsFeed(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var items []clts.News
	err := s.db.Snapshot(ctx, postgres.Scope{IP: clientIP(r)}, func(tx *postgres.Tx) error {
		var err error
		items, _, err = tx.NationalNewsList(ctx, newsFeedLimit, 0)
		return err
	})
	if err != nil {
		s.serverError(w, r, err)
		return
	}
	host := s.cfg.BaseURL.Hostname()
	s.writeNewsFeed(w, fmt.Sprintf("tag:%s,%s:actualites", host, feedTagDate), "Portail CLTS — actualités nationales du HCTS",
		s.absolute(paths.NationalNews), items, func(n clts.News) string { return s.absolute(paths.NationalNewsItem(n.ID)) }, "public, max-age=300")
}

// handleCommitteeNewsFeed serves a committee's news to one of its members:
// the secret and the slug show whose feed of which committee it is, read
// inside that committee in the same snapshot once the membership is
// confirmed active (anything else is a 404).
func (s *Server) handleCommitteeNewsFeed(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var (
		m     *clts.Membership
		items []clts.News
	)
	err := s.db.Snapshot(ctx, postgres.Scope{IP: clientIP(r)}, func(tx *postgres.Tx) error {
		var err error
		if m, err = feedMembership(ctx, tx, r); err != nil {
			return err
		}
		items, err = tx.CommitteeNewsFeed(ctx, newsFeedLimit)
		return err
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	c := m.Committee
	host := s.cfg.BaseURL.Hostname()
	s.writeNewsFeed(w, fmt.Sprintf("tag:%s,%s:actualites/comite-%d", host, feedTagDate, c.ID), "Portail CLTS — actualités — "+c.Name,
		s.absolute(paths.News(c.Slug)), items, func(n clts.News) string { return s.absolute(pages.NewsLink(c.Slug, n)) }, cachePrivate)
}

package paths

import (
	"net/url"
	"strings"
)

// The news: a committee's local news (relative to CommitteePrefix), the
// HCTS's national news (read by the HCTS and the members of any committee,
// written by HCTS publishers under /national), and their Atom feeds: the
// national one is public, a committee's is behind the member's feed secret
// (?jeton=), like the calendar feeds.
const (
	NewsPattern        = "/actualites"
	NewsNewPattern     = "/actualites/nouvelle"
	NewsItemPattern    = "/actualites/{newsID}"
	NewsEditPattern    = "/actualites/{newsID}/modifier"
	NewsPinPattern     = "/actualites/{newsID}/epingler"
	NewsUnpinPattern   = "/actualites/{newsID}/desepingler"
	NewsFilePattern    = "/actualites/{newsID}/pieces-jointes/{newsFileID}"
	NewsFileDelPattern = "/actualites/{newsID}/pieces-jointes/{newsFileID}/supprimer"

	NationalNews                = "/actualites"
	NationalNewsItemPattern     = "/actualites/{nationalNewsID}"
	NationalNewsFilePattern     = "/actualites/{nationalNewsID}/pieces-jointes/{nationalNewsFileID}"
	NationalNewsFeed            = "/actualites.atom"
	NationalNewsNew             = "/national/actualites/nouvelle"
	NationalNewsEditPattern     = "/national/actualites/{nationalNewsID}/modifier"
	NationalNewsFileDelPattern  = "/national/actualites/{nationalNewsID}/pieces-jointes/{nationalNewsFileID}/supprimer"
	CommitteeNewsFeedPattern    = "/flux/{slug}.atom"
	nationalNewsEditPrefix      = "/national/actualites/"
	committeeNewsFeedPathPrefix = "/flux/"
)

// News is a committee's news list (local and national together).
func News(slug string) string { return committee(slug) + "/actualites" }

// NewsNew is the form of a new local news item.
func NewsNew(slug string) string { return News(slug) + "/nouvelle" }

// NewsItem is a local news item's page.
func NewsItem(slug string, n int64) string { return News(slug) + "/" + id(n) }

// NewsEdit is a local news item's edit form.
func NewsEdit(slug string, n int64) string { return NewsItem(slug, n) + "/modifier" }

// NewsPin pins a local news item on the committee's home.
func NewsPin(slug string, n int64) string { return NewsItem(slug, n) + "/epingler" }

// NewsUnpin unpins it.
func NewsUnpin(slug string, n int64) string { return NewsItem(slug, n) + "/desepingler" }

// NewsFile downloads an attachment of a local news item.
func NewsFile(slug string, n, f int64) string { return NewsItem(slug, n) + "/pieces-jointes/" + id(f) }

// NewsFileDelete removes an attachment from a local news item.
func NewsFileDelete(slug string, n, f int64) string { return NewsFile(slug, n, f) + "/supprimer" }

// NationalNewsItem is a national news item's page.
func NationalNewsItem(n int64) string { return NationalNews + "/" + id(n) }

// NationalNewsFile downloads an attachment of a national news item.
func NationalNewsFile(n, f int64) string { return NationalNewsItem(n) + "/pieces-jointes/" + id(f) }

// NationalNewsEdit is a national news item's edit form (HCTS publishers).
func NationalNewsEdit(n int64) string { return nationalNewsEditPrefix + id(n) + "/modifier" }

// NationalNewsFileDelete removes an attachment from a national news item.
func NationalNewsFileDelete(n, f int64) string {
	return nationalNewsEditPrefix + id(n) + "/pieces-jointes/" + id(f) + "/supprimer"
}

// CommitteeNewsFeedURL is a committee's Atom feed for a member, behind the
// member's feed secret.
func CommitteeNewsFeedURL(slug, token string) string {
	return committeeNewsFeedPathPrefix + url.PathEscape(slug) + ".atom?jeton=" + url.QueryEscape(token)
}

// isNewsUpload reports whether path is a news form that receives files: a
// committee's new or edited local news item (rest is the path after
// /c/{slug}/), or a national one.
func isNewsUpload(path string) bool {
	if path == NationalNewsNew {
		return true
	}
	if rest, ok := strings.CutPrefix(path, nationalNewsEditPrefix); ok {
		return isIDThen(rest, "/modifier")
	}
	return false
}

// isLocalNewsUpload: rest is the path after /c/{slug}/.
func isLocalNewsUpload(rest string) bool {
	rest, ok := strings.CutPrefix(rest, "actualites/")
	if !ok {
		return false
	}
	return rest == "nouvelle" || isIDThen(rest, "/modifier")
}

// isIDThen reports whether s is a decimal id followed by suffix.
func isIDThen(s, suffix string) bool {
	n, ok := strings.CutSuffix(s, suffix)
	return ok && n != "" && strings.Trim(n, "0123456789") == ""
}

package clts

import "time"

// ContributionHit is a transmitted contribution in the HCTS's national
// reading: a list's row or a search's result.
type ContributionHit struct {
	Contribution
	// Rank is the text search's relevance (0 without a search).
	Rank float64
	// Headline is an excerpt of the text with the search's matching words
	// in <mark>…</mark> and everything else HTML-escaped: safe to render as
	// raw HTML. Without a search it is the text's beginning, escaped.
	Headline string
}

// LinkedPractice is a practice a contribution draws on, as the national
// reading shows it: only the practices its committee shared nationally.
type LinkedPractice struct {
	CommitteeSlug string
	ID            int64
	Title         string
}

// ContributionEdition is one edition of a contribution's correction
// chain, as the national reading lists it.
type ContributionEdition struct {
	ID            int64
	Edition       int
	Title         string
	TransmittedAt *time.Time
}

// CategoryCount is the number of transmitted contributions of one
// committee in one category (an export's summary).
type CategoryCount struct {
	CommitteeSlug string
	CommitteeName string
	Category      string
	Count         int
}

// SharedPractice is a nationally shared practice as the open data
// publishes it: no person's name nor address.
type SharedPractice struct {
	CommitteeSlug string
	ID            int64
	Title         string
	Summary       string
	Departement   string
	StartYear     int
	Running       bool
	Themes        []string
	Institutions  []string
	PublishedAt   *time.Time
}

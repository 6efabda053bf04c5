package clts

import "time"

// PracticeHit is a practice in a list or a search's results.
type PracticeHit struct {
	Practice
	// Rank is the text search's relevance (0 without a search).
	Rank float64
	// Headline is the summary with the search's matching words in
	// <mark>…</mark> and everything else HTML-escaped: safe to render as
	// raw HTML. Without a search it is the escaped summary.
	Headline string
}

// PracticeRevision is a change of a published practice: who, when, and
// which fields (their French labels).
type PracticeRevision struct {
	At         time.Time
	EditorName string
	Fields     []string
}

// PracticeFlag is a member's flag on a published practice, for the
// pilots' attention.
type PracticeFlag struct {
	ID         int64
	At         time.Time
	AuthorName string
	Reason     string
	Resolved   bool
}

// File is a stored file's description (a practice's attachment); its
// content is read as a stream.
type File struct {
	ID          int64
	Name        string
	ContentType string
	Size        int64
	CreatedAt   time.Time
	// National: a national file (national_files, the national news's
	// attachments), not a committee's.
	National bool
}

package clts

import (
	"strings"
	"time"
	"unicode/utf8"
)

// News is an item of the relay: a national one, posted by an HCTS
// publisher for every committee, or a local one, posted by a committee's
// pilots. The body is Markdown, its sanitised HTML rendered once, when
// the item is saved.
type News struct {
	ID       int64
	National bool
	// CommitteeID: the committee of a local item; 0 for a national one.
	CommitteeID int64
	Title       string
	Summary     string
	Body        string
	BodyHTML    string
	// PublishedOn is the item's date (a day, at midnight UTC).
	PublishedOn time.Time
	// SeminarID links a national item to a national seminar (0: none).
	SeminarID    int64
	SeminarTitle string
	// Pinned: the local item shown first on the committee's home.
	Pinned     bool
	AuthorID   int64
	AuthorName string
	CreatedAt  time.Time
	UpdatedAt  time.Time
	// Unread: the viewer has not opened it yet (lists and the home).
	Unread bool
}

// Form field names of the news forms, shared by the domain's messages and
// the pages.
const (
	FieldNewsTitle   = "titre"
	FieldNewsSummary = "resume"
	FieldNewsBody    = "texte"
	FieldNewsDate    = "date"
	FieldNewsSeminar = "seminaire"
)

// Bounds of a news item's texts (the migration checks them too).
const (
	MaxNewsTitle   = 200
	MaxNewsSummary = 600
	MaxNewsBody    = 20000
	// The years an item may be dated.
	MinNewsYear = 2000
	MaxNewsYear = 2100
)

// Validate checks a news item as typed: a title, a summary, a date; the
// texts within their bounds.
func (n News) Validate() error {
	fe := FieldErrors{}
	switch title := strings.TrimSpace(n.Title); {
	case title == "":
		fe.Add(FieldNewsTitle, "Indiquez un titre.")
	case utf8.RuneCountInString(title) > MaxNewsTitle:
		fe.Add(FieldNewsTitle, "Le titre fait au plus 200 caractères.")
	}
	switch summary := strings.TrimSpace(n.Summary); {
	case summary == "":
		fe.Add(FieldNewsSummary, "Indiquez un résumé de quelques lignes : il est montré dans les listes et les flux.")
	case utf8.RuneCountInString(summary) > MaxNewsSummary:
		fe.Add(FieldNewsSummary, "Le résumé fait au plus 600 caractères.")
	}
	if utf8.RuneCountInString(n.Body) > MaxNewsBody {
		fe.Add(FieldNewsBody, "Le texte fait au plus 20 000 caractères.")
	}
	switch y := n.PublishedOn.Year(); {
	case n.PublishedOn.IsZero():
		fe.Add(FieldNewsDate, "Indiquez la date de l'actualité, par exemple 2019-03-14.")
	case y < MinNewsYear || y > MaxNewsYear:
		// A year mistyped (0000 is a date before Christ for PostgreSQL,
		// which the lists could not read back) would also keep the item
		// first or last of every list.
		fe.Add(FieldNewsDate, "Indiquez une date entre 2000 et 2100, par exemple 2019-03-14.")
	}
	return fe.Err()
}

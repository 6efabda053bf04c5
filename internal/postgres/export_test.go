package postgres

import "github.com/jackc/pgx/v5"

// PG exposes the unit of work's transaction to the external tests, which
// run raw SQL to prove what row-level security alone lets through.
func (tx *Tx) PG() pgx.Tx { return tx.pg }

// FindSessionSQL is FindSession's statement, for the test of its plan.
const FindSessionSQL = findSessionSQL

// Highlight and HeadlineHTML are highlight and headlineHTML, for the test
// that compares them with ts_headline.
func Highlight(text, words, query string) string { return highlight(text, words, query) }

func HeadlineHTML(s string) string { return headlineHTML(s) }

// ReadingCacheHits is the number of pages of the national reading served
// from db's cache.
func ReadingCacheHits(db *DB) int64 { return db.reading.hits.Load() }

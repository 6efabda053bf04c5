// Package migrations embeds the goose SQL migrations, applied by
// `clts migrate` and, unless disabled, by `clts serve` at start.
package migrations

import "embed"

// FS holds every migration file, named NNNNN_description.sql.
//
//go:embed *.sql
var FS embed.FS

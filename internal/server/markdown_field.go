package server

import (
	"errors"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
)

// renderField renders the Markdown typed in form field name, before the
// unit of work that stores it: markdown.Render refuses a text beyond its
// bounds, and the refusal becomes the field's message, so the form comes
// back with the text kept. Every Markdown field of the portal goes
// through here, and stores the Text's source and HTML side by side; pages
// show the stored HTML and never render.
func renderField(name, src string) (markdown.Text, error) {
	text, err := markdown.Render(src)
	var refused *markdown.RefusedError
	if errors.As(err, &refused) {
		return text, clts.FieldErrors{name: refused.Message}.Err()
	}
	return text, err
}

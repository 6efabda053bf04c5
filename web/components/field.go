// Package components holds the small templ pieces pages share: form fields
// with their labels and error messages, the error summary, dates in French.
package components

import (
	"strconv"
	"strings"
)

// Field is one form control with its label, hint and error message.
type Field struct {
	Name         string
	Label        string
	Type         string // text (default), email, password, textarea
	Value        string
	Hint         string
	Error        string
	Autocomplete string
	Optional     bool // shows "(facultatif)"; fields are required otherwise
	Options      []Option
	Spellcheck   bool
	// MaxLength is the field's limit in characters, the one the server
	// enforces: rendered as maxlength and stated in the hint.
	MaxLength int
	// Inputmode is the virtual keyboard to show: "numeric" for digits.
	Inputmode string
}

// Option is a choice of a select.
type Option struct {
	Value, Label string
}

// ID is the control's id; the error summary links to it.
func (f Field) ID() string { return "f-" + f.Name }

func (f Field) hintID() string  { return f.ID() + "-hint" }
func (f Field) errorID() string { return f.ID() + "-error" }

// FullHint is the hint shown under the label: Hint, followed by the limit
// when the field has one.
func (f Field) FullHint() string {
	if !f.limited() {
		return f.Hint
	}
	limit := count(f.MaxLength) + " caractères au plus."
	if f.Hint == "" {
		return limit
	}
	return f.Hint + " " + limit
}

func (f Field) maxLength() string { return strconv.Itoa(f.MaxLength) }

// limited reports whether the control takes a maxlength: text controls
// only, not dates, times, lists or files.
func (f Field) limited() bool {
	switch f.inputType() {
	case "text", "textarea", "search", "url", "tel", "email", "password":
		return f.MaxLength > 0
	}
	return false
}

// count writes a number the French way: 2 000, 100 000, with a
// non-breaking space.
func count(n int) string {
	s := strconv.Itoa(n)
	var b strings.Builder
	for i, c := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteRune('\u00a0')
		}
		b.WriteRune(c)
	}
	return b.String()
}

// DescribedBy ties the hint and the error message to the control.
func (f Field) DescribedBy() string {
	var ids []string
	if f.FullHint() != "" {
		ids = append(ids, f.hintID())
	}
	if f.Error != "" {
		ids = append(ids, f.errorID())
	}
	return strings.Join(ids, " ")
}

func (f Field) inputType() string {
	if f.Type == "" {
		return "text"
	}
	return f.Type
}

// Summary is an error for the summary at the top of a failed form.
type Summary struct {
	FieldID string
	Message string
}

// SummaryOf lists the errors of fields in form order.
func SummaryOf(fields ...Field) []Summary {
	var out []Summary
	for _, f := range fields {
		if f.Error != "" {
			out = append(out, Summary{FieldID: f.ID(), Message: f.Error})
		}
	}
	return out
}

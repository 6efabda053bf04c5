// Package components holds the small templ pieces pages share: form fields
// with their labels and error messages, the error summary, dates in French.
package components

import "strings"

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
}

// Option is a choice of a select.
type Option struct {
	Value, Label string
}

// ID is the control's id; the error summary links to it.
func (f Field) ID() string { return "f-" + f.Name }

func (f Field) hintID() string  { return f.ID() + "-hint" }
func (f Field) errorID() string { return f.ID() + "-error" }

// DescribedBy ties the hint and the error message to the control.
func (f Field) DescribedBy() string {
	var ids []string
	if f.Hint != "" {
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

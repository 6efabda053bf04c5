package server

import (
	"net/http"

	"github.com/portail-clts/clts/internal/clts"
)

// answerForm is a meeting answer as its form sends it (the meeting page's
// and the « Agir avec » page's alike), with its field errors: the answer
// (reponse), the needs (besoin_*), their note (precisions) and the
// companions (accompagnants), kept as typed for the form sent back.
type answerForm struct {
	answer       string
	needs        []string
	note         string
	companionsIn string
	companions   int
	// invalidAnswer is the answer's own error ("" when it is one of the
	// three); errs those of the other fields.
	invalidAnswer string
	errs          clts.FieldErrors
}

// readAnswerForm reads and checks an answer form.
func readAnswerForm(r *http.Request) answerForm {
	f := answerForm{answer: r.PostFormValue("reponse"), note: formValue(r, "precisions"),
		companionsIn: r.PostFormValue("accompagnants"), errs: clts.FieldErrors{}}
	switch f.answer {
	case clts.AnswerYes, clts.AnswerNo, clts.AnswerMaybe:
	default:
		f.invalidAnswer = "Choisissez oui, non ou peut-être."
	}
	for _, n := range clts.Needs() {
		if r.PostFormValue("besoin_"+n) == "oui" {
			f.needs = append(f.needs, n)
		}
	}
	clts.ValidateNeedsNote(f.errs, f.note)
	f.companions = clts.ValidateCompanions(f.errs, f.companionsIn)
	return f
}

// valid reports whether the form holds no error.
func (f answerForm) valid() bool { return f.invalidAnswer == "" && len(f.errs) == 0 }

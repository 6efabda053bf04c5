package clts

import "time"

// EasyReadKind is what an easy-to-read version (FALC, « facile à lire et à
// comprendre ») is the version of.
type EasyReadKind string

// The subjects that may have an easy-to-read version. National news is the
// HCTS's: a committee writes easy versions of its own texts only.
const (
	EasyReadCharter  EasyReadKind = "charter"  // a version of the charter
	EasyReadAgenda   EasyReadKind = "agenda"   // a meeting's agenda
	EasyReadMinutes  EasyReadKind = "minutes"  // a meeting's minutes
	EasyReadPractice EasyReadKind = "practice" // a practice sheet
	EasyReadNews     EasyReadKind = "news"     // a local news item
)

// FieldEasyReadBody is the form field of the easy-to-read text.
const FieldEasyReadBody = "texte_facile"

// MaxEasyReadBody bounds the easy-to-read text, in characters.
const MaxEasyReadBody = 20000

// EasyReadKindFor returns the kind named by its URL word (« charte »,
// « ordre-du-jour », « compte-rendu », « pratique », « actualite »).
func EasyReadKindFor(word string) (EasyReadKind, bool) {
	for _, k := range EasyReadKinds() {
		if k.Word() == word {
			return k, true
		}
	}
	return "", false
}

// EasyReadKinds lists the kinds.
func EasyReadKinds() []EasyReadKind {
	return []EasyReadKind{EasyReadCharter, EasyReadAgenda, EasyReadMinutes, EasyReadPractice, EasyReadNews}
}

// Word is the kind in URLs.
func (k EasyReadKind) Word() string {
	switch k {
	case EasyReadCharter:
		return "charte"
	case EasyReadAgenda:
		return "ordre-du-jour"
	case EasyReadMinutes:
		return "compte-rendu"
	case EasyReadPractice:
		return "pratique"
	case EasyReadNews:
		return "actualite"
	}
	return ""
}

// Label names the original in a sentence: « la charte », « l'ordre du jour »…
func (k EasyReadKind) Label() string {
	switch k {
	case EasyReadCharter:
		return "la charte"
	case EasyReadAgenda:
		return "l'ordre du jour"
	case EasyReadMinutes:
		return "le compte rendu"
	case EasyReadPractice:
		return "la fiche pratique"
	case EasyReadNews:
		return "l'actualité"
	}
	return ""
}

// EasyReadVersion is the current easy-to-read version of a subject.
type EasyReadVersion struct {
	Kind       EasyReadKind
	SubjectID  int64
	Body       string // Markdown as written
	BodyHTML   string // sanitized HTML (internal/markdown)
	WrittenBy  int64
	AuthorName string
	WrittenAt  time.Time
	// CheckedBy is the supported person who validated it (0: not yet);
	// CheckerName is their name as the committee shows it.
	CheckedBy   int64
	CheckerName string
	CheckedAt   *time.Time
	Version     int
}

// Checked reports whether a supported person validated this text.
func (v EasyReadVersion) Checked() bool { return v.CheckedBy != 0 && v.CheckedAt != nil }

// EasyReadRules is the short checklist of the European easy-to-read rules
// (Inclusion Europe, « L'information pour tous »), shown next to the
// editing form and the checking button.
func EasyReadRules() []string {
	return []string{
		"Des phrases courtes : une idée par phrase.",
		"Des mots simples, que tout le monde connaît.",
		"Expliquer les mots difficiles quand on ne peut pas les éviter.",
		"Parler directement aux personnes : « vous ».",
		"Les chiffres en chiffres : 3, pas « trois ».",
		"Pas de sigle sans explication, pas de mot en langue étrangère.",
		"Dire les choses dans l'ordre où elles arrivent.",
		"Mettre les informations importantes au début.",
		"Relire le texte avec une personne qui en a besoin.",
	}
}

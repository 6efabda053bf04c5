package paths

// Easy-to-read versions (FALC): the form of a subject's version (kind is
// its URL word: charte, ordre-du-jour, compte-rendu, pratique, actualite)
// and the supported person's « J'ai relu ». Patterns are relative to the
// committee's router.
const (
	EasyReadPattern      = "/facile/{kind}/{subjectID}"
	EasyReadCheckPattern = "/facile/{kind}/{subjectID}/relu"
)

// EasyReadParam is the query parameter of the « Version facile à lire »
// switch: 1 shows the easy versions of the page, 0 the originals.
const EasyReadParam = "facile"

// EasyRead is the form writing the easy version of a subject.
func EasyRead(slug, kind string, subject int64) string {
	return committee(slug) + "/facile/" + kind + "/" + id(subject)
}

// EasyReadCheck is the supported person's « J'ai relu ».
func EasyReadCheck(slug, kind string, subject int64) string {
	return EasyRead(slug, kind, subject) + "/relu"
}

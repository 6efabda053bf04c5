package paths

// Accompanied participation: the « Aide » page (a supported person's
// referents, and the people a member helps), its forms, and the « Agir
// avec » page of a referent acting with a person. Patterns are relative to
// the committee's router.
const (
	HelpPattern        = "/aide"
	HelpNamePattern    = "/aide/referents"
	HelpAcceptPattern  = "/aide/referents/{helpID}/accepter"
	HelpDeclinePattern = "/aide/referents/{helpID}/refuser"
	HelpEndPattern     = "/aide/referents/{helpID}/terminer"
	ActWithPattern     = "/aide/{personID}"
	ActAnswerPattern   = "/aide/{personID}/reunions/{meetingID}/reponse"
	ActAgendaPattern   = "/aide/{personID}/reunions/{meetingID}/ordre-du-jour"
)

// Help is the « Aide » page.
func Help(slug string) string { return committee(slug) + "/aide" }

// HelpName is the form naming a referent.
func HelpName(slug string) string { return committee(slug) + "/aide/referents" }

// HelpAccept, HelpDecline and HelpEnd are the forms acting on one help.
func HelpAccept(slug string, h int64) string {
	return committee(slug) + "/aide/referents/" + id(h) + "/accepter"
}

// HelpDecline is the referent's refusal.
func HelpDecline(slug string, h int64) string {
	return committee(slug) + "/aide/referents/" + id(h) + "/refuser"
}

// HelpEnd ends a help (the person, or the referent stepping down).
func HelpEnd(slug string, h int64) string {
	return committee(slug) + "/aide/referents/" + id(h) + "/terminer"
}

// ActWith is the « Agir avec » page of a referent acting with a person.
func ActWith(slug string, person int64) string { return committee(slug) + "/aide/" + id(person) }

// ActAnswer answers a meeting with the person.
func ActAnswer(slug string, person, meeting int64) string {
	return ActWith(slug, person) + "/reunions/" + id(meeting) + "/reponse"
}

// ActAgenda proposes an agenda item with the person.
func ActAgenda(slug string, person, meeting int64) string {
	return ActWith(slug, person) + "/reunions/" + id(meeting) + "/ordre-du-jour"
}

// HelpParam is the query parameter of the pages and forms a referent uses
// with a person (a practice, a contribution): ?avec=<the person's account
// id>.
const HelpParam = "avec"

// WithPerson is path opened by a referent with the person person.
func WithPerson(path string, person int64) string {
	return path + "?" + HelpParam + "=" + id(person)
}

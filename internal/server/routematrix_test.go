package server

import (
	"bytes"
	"context"
	"image"
	"image/png"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/go-chi/chi/v5"
	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/demo"
	"github.com/portail-clts/clts/web/components"
)

// The route matrix: who may use each route of the portal. It is the
// documentation of the authorization rules, and TestRouteMatrix checks it
// against the running portal, for every route chi knows, every principal and
// two sets of ids.

// outcome is what a principal gets from a route: a class or an exact status.
type outcome string

// Outcome classes; any other outcome is an exact status ("403").
const (
	// allowed: 200; for a POST, sent with an empty form, also a validation
	// answer (400, 409, 422) or a 303 elsewhere than the login page (the
	// route acted: such rows run after the others).
	allowed outcome = "ok"
	// toLoginPage: a 303 to the login page (not signed in).
	toLoginPage outcome = "login"
	// redirected: a 303 elsewhere than the login page, for a GET.
	redirected outcome = "redirect"
)

// matches reports whether a response of a method request is the outcome.
func (o outcome) matches(method string, status int, location string) bool {
	toLogin := status == http.StatusSeeOther && strings.HasPrefix(location, "/connexion")
	switch o {
	case toLoginPage:
		return toLogin
	case redirected:
		return status == http.StatusSeeOther && !toLogin
	case allowed:
		switch {
		case status == http.StatusOK:
			return true
		case method == http.MethodGet:
			return false
		case status == http.StatusSeeOther:
			return !toLogin
		}
		return status == http.StatusBadRequest || status == http.StatusConflict || status == http.StatusUnprocessableEntity
	}
	return strconv.Itoa(status) == string(o)
}

// matrixPrincipals are the table's columns, in order: who asks, the demo
// login they sign in with, and whether they are a member of 37-41.
var matrixPrincipals = []struct {
	name, login string
	member      bool
}{
	{"anonymous", "", false},
	{"accompagne", "accompagne", true},       // supported person (leads another group than the matrix's)
	{"professionnel", "professionnel", true}, // professional, not in the matrix's group
	{"partenaire", "partenaire", true},       // partner, a plain member of the matrix's group
	{"lead", "thomas.petit", true},           // partner who leads the matrix's group
	{"pilote", "pilote", true},               // pilot, not in the matrix's group
	{"pilote-autre", "pilote-autre", false},  // pilot of the other committee
	{"hcts", "hcts", false},                  // HCTS publisher (reads, publishes seminars, news, campaigns), national
	{"operateur", "operateur", false},        // platform operator, national
	{"hcts-lecteur", "hcts-lecteur", false},  // HCTS reader without publishing rights, national
}

// cells are the expected outcomes, one per principal in matrixPrincipals
// order.
type cells []outcome

// phase orders the rows whose request changes something even with an empty
// form, so that they do not disturb the others.
type phase int

const (
	readOnly          phase = iota // an empty form changes nothing
	actsAtOnce                     // the route acts without a form (revoke, renew, move, restore…)
	changesMembership              // the principal leaves the group: after every row that needs them in it
	endsSession                    // the route closes the session: each principal signs in afresh
)

// matrixRow is one route: who may use it, with the 37-41 ids and with the
// other committee's ids placed in 37-41's URLs.
type matrixRow struct {
	route string // method and chi pattern, as chi.Walk reports them
	rule  string // who may, in words: the documentation
	own   cells  // with the ids of 37-41's rows
	// other: with the ids of the other committee's rows in 37-41's URLs;
	// nil for a route whose URL holds no committee id.
	other cells
	query string // query string, with {placeholders} like the path
	held  bool   // {meetingID} is a meeting that has taken place
	// practice names the id set's key of {practiceID} (and of {fileID},
	// with "File" for "Practice"), when not the published practice.
	practice string
	// contribution names the id set's key of {contributionID}, when not
	// the transmitted contribution (setupContributionMatrix).
	contribution string
	// charter names the id set's key of {versionID} on the charter's
	// routes (setupCharterMatrix): "currentCharterID" or
	// "consultationCharterID".
	charter string
	// action is the value of {action}.
	action string
	// token names the id set's key of {token}: the e-mails' links
	// (setupNotificationMatrix), "answerToken" or "unsubscribeToken".
	token string
	// feed: the principal is the holder of the ?jeton= secret, sent
	// without a session; {slug} is the committee of the feed.
	feed  bool
	phase phase
}

// routeMatrix is who may do what, one row per route.
//
// The ids: {groupID} is a working group led by "lead", in which
// "partenaire" is a plain member (pilots act as any group's lead);
// {meetingID} is an upcoming meeting of that group, or with held one that
// took place: its organisers are the pilots and the group's leads, its
// invitees the group's leads and members; {accountID} is a member who asked
// to join the group. The other id set holds the other committee's group,
// meetings, agenda item, action, institution, invitation and pilot.
func routeMatrix() []matrixRow {
	const (
		ok        = allowed
		login     = toLoginPage
		redirect  = redirected
		forbidden = outcome("403") // a member of the committee who may not
		notFound  = outcome("404") // whoever may not know that the page or the row exists
	)
	code := func(status int) outcome { return outcome(strconv.Itoa(status)) }
	everyone := func(o outcome) cells { return cells{o, o, o, o, o, o, o, o, o, o} }
	// signedIn: anonymous to the login page, o for everyone else.
	signedIn := func(o outcome) cells { return cells{login, o, o, o, o, o, o, o, o, o} }
	// national: a national page, o for who and 404 for anyone else
	// signed in: its existence is nobody else's business. The HCTS's
	// publishing pages (seminars, campaigns, news) are national("hcts",
	// …): 404 for the reader without publishing rights.
	national := func(who string, o outcome) cells {
		c := signedIn(notFound)
		for i, p := range matrixPrincipals {
			if p.name == who {
				c[i] = o
			}
		}
		return c
	}
	// hctsReaders: a national reading page, o for every HCTS reader
	// (the publisher and the reader alike), 404 for anyone else.
	hctsReaders := func(o outcome) cells {
		c := national("hcts", o)
		for i, p := range matrixPrincipals {
			if p.name == "hcts-lecteur" {
				c[i] = o
			}
		}
		return c
	}
	// member: a page of 37-41: anonymous to the login page, 404 for the
	// other committee's pilot and the national accounts (not members), the
	// five members of 37-41 as given.
	member := func(accompagne, professionnel, partenaire, lead, pilote outcome) cells {
		return cells{login, accompagne, professionnel, partenaire, lead, pilote, notFound, notFound, notFound, notFound}
	}
	// nationalReaders: the national catalogue, for every member of a
	// committee and HCTS readers; 404 for the operator, who is neither.
	nationalReaders := cells{login, ok, ok, ok, ok, ok, ok, ok, notFound, ok}
	// committeeFeed: a committee's feed behind a member's secret, for the
	// five members of 37-41 (anonymous holds no secret); with the other
	// committee's slug, for its pilot only.
	committeeFeed := member(ok, ok, ok, ok, ok)
	committeeFeed[0] = notFound
	otherCommitteeFeed := signedIn(notFound)
	otherCommitteeFeed[0] = notFound
	for i, p := range matrixPrincipals {
		if p.name == "pilote-autre" {
			otherCommitteeFeed[i] = ok
		}
	}
	var (
		members = member(ok, ok, ok, ok, ok)
		pilots  = member(forbidden, forbidden, forbidden, forbidden, ok)
		// groupLeads: the group's leads and the pilots; for the group's
		// meetings, the organisers.
		groupLeads = member(forbidden, forbidden, forbidden, ok, ok)
		// hidden: another committee's id is unknown in 37-41, whoever asks.
		hidden = member(notFound, notFound, notFound, notFound, notFound)
		// pilotsHidden: the policy refuses non-pilots before the id is
		// looked up.
		pilotsHidden = member(forbidden, forbidden, forbidden, forbidden, notFound)
	)
	return []matrixRow{
		// Public pages, probes and assets.
		{route: "GET /", rule: "everyone", own: everyone(ok)},
		{route: "GET /accessibilite", rule: "everyone", own: everyone(ok)},
		{route: "GET /lexique", rule: "everyone", own: everyone(ok)},
		{route: "GET /healthz", rule: "everyone", own: everyone(ok)},
		{route: "GET /readyz", rule: "everyone", own: everyone(ok)},
		{route: "GET /static/*", rule: "everyone", own: everyone(ok)},

		// Signing in and out, passwords, invitations: no session needed.
		{route: "GET /connexion", rule: "anonymous; the signed-in are sent to their home",
			own: cells{ok, redirect, redirect, redirect, redirect, redirect, redirect, redirect, redirect, redirect}},
		{route: "POST /connexion", rule: "everyone (422: no login name)", own: everyone(ok)},
		{route: "POST /deconnexion", rule: "everyone", own: everyone(ok), phase: endsSession},
		// The second step of a sign-in: a half-signed-in session only
		// (TestSecondFactorEnrolmentAndSignIn, TestRequiredRolesMustEnrol);
		// anyone else goes to the login page or, signed in, home.
		{route: "GET /connexion/code", rule: "a session whose password step asked a code", own: cells{login, redirect, redirect, redirect, redirect, redirect, redirect, redirect, redirect, redirect}},
		{route: "POST /connexion/code", rule: "a session whose password step asked a code", own: cells{login, redirect, redirect, redirect, redirect, redirect, redirect, redirect, redirect, redirect}},
		{route: "GET /connexion/double-authentification", rule: "a session whose password step asked an enrolment", own: cells{login, redirect, redirect, redirect, redirect, redirect, redirect, redirect, redirect, redirect}},
		{route: "POST /connexion/double-authentification", rule: "a session whose password step asked an enrolment", own: cells{login, redirect, redirect, redirect, redirect, redirect, redirect, redirect, redirect, redirect}},
		{route: "GET /mot-de-passe-oublie", rule: "everyone", own: everyone(ok)},
		{route: "POST /mot-de-passe-oublie", rule: "everyone (422: no address)", own: everyone(ok)},
		{route: "GET /nouveau-mot-de-passe", rule: "whoever holds the link", own: everyone(ok), query: "jeton={resetToken}"},
		{route: "POST /nouveau-mot-de-passe", rule: "whoever holds the link (422: no password)", own: everyone(ok)},
		{route: "GET /invitation", rule: "whoever holds the link", own: everyone(ok), query: "jeton={invitationToken}"},
		{route: "POST /invitation", rule: "whoever holds the link: the empty form holds none", own: everyone(notFound)},
		{route: "GET /invitation/code", rule: "everyone", own: everyone(ok)},
		{route: "POST /invitation/code", rule: "everyone (422: no code)", own: everyone(ok)},
		{route: "GET /nouvel-acces", rule: "everyone", own: everyone(ok)},
		{route: "POST /nouvel-acces", rule: "everyone (422: no code)", own: everyone(ok)},
		{route: "GET /nouvel-acces/mot-de-passe", rule: "whoever holds an access sheet's code", own: everyone(ok), query: "code={accessCode}"},
		{route: "POST /nouvel-acces/mot-de-passe", rule: "whoever holds an access sheet's code: the empty form holds none", own: everyone(notFound)},
		// The e-mails' links (setupNotificationMatrix): the token says who,
		// signed in or not; {token} answers a meeting of 37-41 for the
		// group's plain member, or unsubscribes them from the news.
		{route: "GET /courriel/reponse/{token}", rule: "whoever holds the link", own: everyone(ok), token: "answerToken"},
		{route: "POST /courriel/reponse/{token}", rule: "whoever holds the link (422: no answer; the link stays usable)",
			own: everyone(ok), token: "answerToken"},
		{route: "GET /courriel/desabonnement/{token}", rule: "whoever holds the link", own: everyone(ok), token: "unsubscribeToken"},
		{route: "POST /courriel/desabonnement/{token}", rule: "whoever holds the link (applied at once, and again)",
			own: everyone(ok), token: "unsubscribeToken", phase: actsAtOnce},

		// The signed-in person's own pages.
		{route: "GET /comites", rule: "signed in", own: signedIn(ok)},
		{route: "GET /compte", rule: "signed in", own: signedIn(ok)},
		{route: "POST /compte/nom", rule: "signed in", own: signedIn(ok)},
		{route: "POST /compte/interface-facile", rule: "signed in (422: no choice)", own: signedIn(ok)},
		{route: "GET /menu", rule: "signed in", own: signedIn(ok)},
		{route: "POST /compte/mot-de-passe", rule: "signed in", own: signedIn(ok)},
		{route: "POST /compte/deconnexion-partout", rule: "signed in; then every session is closed, back to the login page",
			own: signedIn(code(303)), phase: endsSession},
		{route: "GET /compte/double-authentification", rule: "signed in", own: signedIn(ok)},
		{route: "POST /compte/double-authentification", rule: "signed in (a new key to enrol)", own: signedIn(ok), phase: actsAtOnce},
		{route: "POST /compte/double-authentification/confirmer", rule: "signed in (422: no code)", own: signedIn(ok)},
		{route: "POST /compte/double-authentification/codes-de-secours", rule: "signed in (422: no code)", own: signedIn(ok)},
		{route: "GET /agendas", rule: "signed in", own: signedIn(ok)},
		// The notification centre and the preferences: the person's own;
		// {notificationID} is one of the pilot's notifications
		// (setupNotificationMatrix), anyone else's is a 404.
		{route: "GET /notifications", rule: "signed in", own: signedIn(ok)},
		{route: "POST /notifications/tout-lu", rule: "signed in", own: signedIn(ok), phase: actsAtOnce},
		{route: "POST /notifications/{notificationID}/lu", rule: "the person it was for; 404 for anyone else",
			own: national("pilote", ok), phase: actsAtOnce},
		{route: "GET /compte/notifications", rule: "signed in", own: signedIn(ok)},
		{route: "POST /compte/notifications", rule: "signed in (422: no choice)", own: signedIn(ok)},
		{route: "GET /compte/mes-donnees", rule: "signed in", own: signedIn(ok)},
		{route: "GET /compte/mes-donnees/archive.zip", rule: "signed in (their own data only)", own: signedIn(ok)},
		{route: "POST /compte/mes-donnees/effacement", rule: "signed in (422: not confirmed)", own: signedIn(ok)},
		{route: "POST /compte/mes-donnees/archives", rule: "signed in (asks the worker for their own archive)", own: signedIn(ok), phase: actsAtOnce},
		{route: "GET /compte/mes-donnees/archives/{exportID}", rule: "the person whose archive it is (the pilot's: setupDataRightsMatrix); 404 for anyone else",
			own: national("pilote", ok)},
		{route: "POST /agendas", rule: "signed in (a new feed secret)", own: signedIn(ok), phase: actsAtOnce},

		// Calendar feeds: the ?jeton= secret, not a session; anonymous holds none.
		{route: "GET /agenda.ics", rule: "the holder of a feed secret", feed: true,
			own: cells{notFound, ok, ok, ok, ok, ok, ok, ok, ok, ok}},
		{route: "GET /agenda/{slug}.ics", rule: "the holder of a feed secret, for a committee they are a member of", feed: true,
			own: committeeFeed, other: otherCommitteeFeed},
		{route: "GET /flux/{slug}.atom", rule: "the holder of a feed secret, for a committee they are a member of", feed: true,
			own: committeeFeed, other: otherCommitteeFeed},
		{route: "GET /actualites.atom", rule: "everyone (the national news feed is public)", own: everyone(ok)},

		// Operator pages: 404 for anyone else, national pages are nobody else's business.
		{route: "GET /exploitation/comites", rule: "operator", own: national("operateur", ok)},
		{route: "POST /exploitation/comites", rule: "operator", own: national("operateur", ok)},
		{route: "GET /exploitation/comites/{committeeID}", rule: "operator", own: national("operateur", ok)},
		{route: "POST /exploitation/comites/{committeeID}/nom", rule: "operator (422: no name)", own: national("operateur", ok)},
		{route: "POST /exploitation/comites/{committeeID}/pilote", rule: "operator (422: no address)", own: national("operateur", ok)},
		{route: "GET /exploitation/courriels", rule: "operator", own: national("operateur", ok)},
		{route: "POST /exploitation/courriels/{mailID}/renvoyer", rule: "operator", own: national("operateur", ok), phase: actsAtOnce},
		{route: "GET /exploitation/journal", rule: "operator", own: national("operateur", ok)},
		{route: "GET /exploitation/double-authentification", rule: "operator", own: national("operateur", ok)},
		{route: "POST /exploitation/double-authentification", rule: "operator (422: no login name)", own: national("operateur", ok)},

		// National seminars: HCTS publishers; 404 for the reader.
		{route: "GET /national/seminaires", rule: "HCTS publishers", own: national("hcts", ok)},
		{route: "POST /national/seminaires", rule: "HCTS publishers", own: national("hcts", ok)},
		{route: "GET /national/seminaires/{seminarID}/modifier", rule: "HCTS publishers", own: national("hcts", ok)},
		{route: "POST /national/seminaires/{seminarID}/modifier", rule: "HCTS publishers", own: national("hcts", ok)},

		// The national catalogue of practices: HCTS readers and the members
		// of any committee, read-only; 404 for anyone else signed in. With
		// the other id set, the other committee's shared practice is asked
		// for under 37-41's name: 404 (TestNationalPracticeUnsharedIsNotFound
		// asks for practices that are not shared).
		{route: "GET /pratiques", rule: "HCTS readers, members of any committee", own: nationalReaders},
		{route: "GET /pratiques/{committee}/{nationalPracticeID}", rule: "HCTS readers, members of any committee; shared practices only",
			own: nationalReaders, other: signedIn(notFound)},
		{route: "GET /pratiques/{committee}/{nationalPracticeID}/pieces-jointes/{nationalFileID}", rule: "HCTS readers, members of any committee; shared practices only",
			own: nationalReaders, other: signedIn(notFound)},

		// A committee: its members only; everyone else gets 404 for every page.
		{route: "GET /c/{slug}/", rule: "members", own: members},
		{route: "GET /c/{slug}/menu", rule: "members", own: members},
		{route: "GET /c/{slug}/journal", rule: "pilots", own: pilots},

		// Members and invitations: pilots.
		{route: "GET /c/{slug}/membres", rule: "pilots", own: pilots},
		// The empty form is refused (400) before the member is looked up, so
		// another committee's id gets 400 too; a full form gets 404
		// (TestOtherCommitteeIsInvisible).
		{route: "POST /c/{slug}/membres/{accountID}/role", rule: "pilots", own: pilots,
			other: member(forbidden, forbidden, forbidden, forbidden, code(400))},
		{route: "POST /c/{slug}/membres/{accountID}/statut", rule: "pilots", own: pilots,
			other: member(forbidden, forbidden, forbidden, forbidden, code(400))},
		{route: "GET /c/{slug}/membres/{accountID}/desactiver", rule: "pilots (the confirmation page)", own: pilots, other: pilotsHidden},
		{route: "POST /c/{slug}/membres/{accountID}/fiche-acces", rule: "pilots, for a member without e-mail", own: pilots, other: pilotsHidden, phase: actsAtOnce},
		{route: "GET /c/{slug}/membres/effacements", rule: "pilots", own: pilots},
		{route: "POST /c/{slug}/membres/effacements/{accountID}/confirmer", rule: "pilots, for a waiting request of the committee (none here: 404)",
			own: pilotsHidden, other: pilotsHidden},
		{route: "GET /c/{slug}/invitations/nouvelle", rule: "pilots", own: pilots},
		{route: "POST /c/{slug}/invitations/nouvelle", rule: "pilots", own: pilots},
		{route: "POST /c/{slug}/invitations/{invitationID}/renvoyer", rule: "pilots", own: pilots, other: pilotsHidden, phase: actsAtOnce},
		{route: "POST /c/{slug}/invitations/{invitationID}/revoquer", rule: "pilots", own: pilots, other: pilotsHidden, phase: actsAtOnce},

		// Directory: members read it; pilots export it and attach members to institutions.
		{route: "GET /c/{slug}/annuaire", rule: "members", own: members},
		{route: "GET /c/{slug}/annuaire/export.csv", rule: "pilots", own: pilots},
		{route: "GET /c/{slug}/annuaire/{accountID}", rule: "members", own: members, other: hidden},
		// As for roles: the empty form is refused (400) before the member is looked up.
		{route: "POST /c/{slug}/annuaire/{accountID}/institution", rule: "pilots", own: pilots,
			other: member(forbidden, forbidden, forbidden, forbidden, code(400))},
		{route: "GET /c/{slug}/mon-profil", rule: "members, their own profile", own: members},
		{route: "POST /c/{slug}/mon-profil", rule: "members, their own profile (409: no version)", own: members},

		// Institutions: members read them; pilots manage them.
		{route: "GET /c/{slug}/institutions", rule: "members", own: members},
		{route: "GET /c/{slug}/institutions/nouvelle", rule: "pilots", own: pilots},
		{route: "POST /c/{slug}/institutions/nouvelle", rule: "pilots (400: not a multipart form)", own: pilots},
		{route: "GET /c/{slug}/institutions/{institutionID}", rule: "members", own: members, other: hidden},
		{route: "GET /c/{slug}/institutions/{institutionID}/logo", rule: "members", own: members, other: hidden},
		{route: "GET /c/{slug}/institutions/{institutionID}/modifier", rule: "pilots", own: pilots, other: pilotsHidden},
		{route: "POST /c/{slug}/institutions/{institutionID}/modifier", rule: "pilots (400: not a multipart form)", own: pilots, other: pilotsHidden},
		{route: "POST /c/{slug}/institutions/{institutionID}/archiver", rule: "pilots (the empty form restores it)", own: pilots, other: pilotsHidden, phase: actsAtOnce},

		// Working groups: members read them and ask to join; a group's leads
		// (own group only) and the pilots run it; pilots create and archive.
		{route: "GET /c/{slug}/groupes", rule: "members", own: members},
		{route: "GET /c/{slug}/groupes/nouveau", rule: "pilots", own: pilots},
		{route: "POST /c/{slug}/groupes/nouveau", rule: "pilots", own: pilots},
		{route: "GET /c/{slug}/groupes/{groupID}", rule: "members", own: members, other: hidden},
		{route: "GET /c/{slug}/groupes/{groupID}/modifier", rule: "group lead (own group only), pilots", own: groupLeads, other: hidden},
		{route: "POST /c/{slug}/groupes/{groupID}/modifier", rule: "group lead (own group only), pilots", own: groupLeads, other: hidden},
		// Adding a member is for the group's leads and pilots, appointing a
		// lead for pilots; the empty form names neither, and is refused
		// (400) before that check, for every member.
		{route: "POST /c/{slug}/groupes/{groupID}/membres", rule: "group lead (own group only), pilots",
			own: member(code(400), code(400), code(400), code(400), code(400)), other: hidden},
		{route: "POST /c/{slug}/groupes/{groupID}/demandes/{accountID}", rule: "group lead (own group only), pilots", own: groupLeads, other: hidden},
		{route: "POST /c/{slug}/groupes/{groupID}/archiver", rule: "pilots (the empty form restores it)", own: pilots, other: pilotsHidden, phase: actsAtOnce},
		{route: "POST /c/{slug}/groupes/{groupID}/rejoindre", rule: "members (a request, or back to the group for its members)", own: members, other: hidden, phase: actsAtOnce},
		{route: "POST /c/{slug}/groupes/{groupID}/quitter", rule: "members", own: members, other: hidden, phase: changesMembership},

		// Meetings: members read them; organisers (pilots; for a group's
		// meeting, also the group's leads) run them; invitees answer and
		// propose agenda items.
		{route: "GET /c/{slug}/reunions", rule: "members", own: members},
		{route: "GET /c/{slug}/reunions/passees", rule: "members", own: members},
		{route: "GET /c/{slug}/reunions/calendrier", rule: "members", own: members},
		{route: "GET /c/{slug}/reunions/presence", rule: "pilots", own: pilots},
		{route: "GET /c/{slug}/participation", rule: "pilots", own: pilots, query: "annee=2019"},
		{route: "GET /c/{slug}/reunions/nouvelle", rule: "a plenary: pilots; a group's meeting (here): group lead (own group only), pilots",
			own: groupLeads, other: hidden, query: "groupe={groupID}"},
		{route: "POST /c/{slug}/reunions/nouvelle", rule: "a plenary (the empty form): pilots; a group's meeting: group lead (own group only), pilots", own: pilots},
		{route: "GET /c/{slug}/reunions/{meetingID}", rule: "members", own: members, other: hidden},
		{route: "GET /c/{slug}/reunions/{meetingID}/reunion.ics", rule: "members", own: members, other: hidden},
		{route: "GET /c/{slug}/reunions/{meetingID}/modifier", rule: "organisers", own: groupLeads, other: hidden},
		{route: "POST /c/{slug}/reunions/{meetingID}/modifier", rule: "organisers", own: groupLeads, other: hidden},
		{route: "POST /c/{slug}/reunions/{meetingID}/annuler", rule: "organisers (422: no reason)", own: groupLeads, other: hidden},
		// The matrix's meeting was convened when created: its organisers
		// get 409 (sent already), TestConvocationSentLater sends one.
		{route: "POST /c/{slug}/reunions/{meetingID}/convocation", rule: "organisers, once, before the meeting starts (409: sent already)",
			own: groupLeads, other: hidden, phase: actsAtOnce},
		// Invitees answer; the empty form is refused (422) before the
		// invitee check, so members who are not invited get 422 too (a
		// real answer from them is 403).
		{route: "POST /c/{slug}/reunions/{meetingID}/reponse", rule: "invitees",
			own: member(code(422), code(422), ok, ok, code(422)), other: hidden},
		{route: "POST /c/{slug}/reunions/{meetingID}/ordre-du-jour", rule: "organisers add, invitees propose",
			own: member(forbidden, forbidden, ok, ok, ok), other: hidden},
		{route: "POST /c/{slug}/reunions/{meetingID}/ordre-du-jour/{itemID}/{action}", rule: "organisers", action: "monter",
			own: groupLeads, other: hidden, phase: actsAtOnce},
		{route: "GET /c/{slug}/reunions/{meetingID}/ordre-du-jour/{itemID}/modifier", rule: "organisers, until the meeting starts", own: groupLeads, other: hidden},
		{route: "POST /c/{slug}/reunions/{meetingID}/ordre-du-jour/{itemID}/modifier", rule: "organisers, until the meeting starts (422: no title)", own: groupLeads, other: hidden},
		{route: "GET /c/{slug}/reunions/{meetingID}/convocation", rule: "members", own: members, other: hidden},
		{route: "GET /c/{slug}/reunions/{meetingID}/emargement", rule: "organisers, once the meeting has started", held: true, own: groupLeads, other: hidden},
		{route: "POST /c/{slug}/reunions/{meetingID}/emargement", rule: "organisers, once the meeting has started", held: true, own: groupLeads, other: hidden, phase: actsAtOnce},
		{route: "GET /c/{slug}/reunions/{meetingID}/compte-rendu", rule: "organisers, once the meeting has started", held: true, own: groupLeads, other: hidden},
		{route: "POST /c/{slug}/reunions/{meetingID}/compte-rendu", rule: "organisers, once the meeting has started (the empty form: 409, the minutes exist)", held: true, own: groupLeads, other: hidden, phase: actsAtOnce},
		{route: "GET /c/{slug}/reunions/{meetingID}/compte-rendu/imprimer", rule: "organisers for a draft (here); invitees and pilots once published",
			held: true, own: groupLeads, other: hidden},

		// Practices (setupPracticeMatrix): members read the published ones
		// and write; the rules of internal/auth/practice.go decide the
		// rest: 404 for whoever may not read the practice (another's
		// draft or proposed one), 403 for a reader who may never take the
		// step. "partenaire" is the practices' author.
		{route: "GET /c/{slug}/pratiques", rule: "members", own: members},
		{route: "GET /c/{slug}/pratiques/nouvelle", rule: "members", own: members},
		{route: "POST /c/{slug}/pratiques/nouvelle", rule: "members (400: not a multipart form)", own: members},
		{route: "GET /c/{slug}/pratiques/{practiceID}", rule: "members (published)", own: members, other: hidden},
		{route: "GET /c/{slug}/pratiques/{practiceID}/modifier", rule: "author, pilots (published)",
			own: member(forbidden, forbidden, ok, forbidden, ok), other: hidden},
		{route: "POST /c/{slug}/pratiques/{practiceID}/modifier", rule: "author, pilots (published; 400: not a multipart form)",
			own: member(forbidden, forbidden, ok, forbidden, ok), other: hidden},
		{route: "POST /c/{slug}/pratiques/{practiceID}/proposer", rule: "author (a draft; 422: unfinished); pilots read it, others not",
			practice: "draftPracticeID", own: member(notFound, notFound, ok, notFound, forbidden), other: hidden},
		{route: "POST /c/{slug}/pratiques/{practiceID}/publier", rule: "pilots (proposed); the author reads it, others not",
			practice: "submittedPracticeID", own: member(notFound, notFound, forbidden, notFound, ok), other: hidden, phase: actsAtOnce},
		{route: "POST /c/{slug}/pratiques/{practiceID}/renvoyer", rule: "pilots (proposed; 422: no comment); the author reads it, others not",
			practice: "submittedPracticeID", own: member(notFound, notFound, forbidden, notFound, ok), other: hidden},
		{route: "POST /c/{slug}/pratiques/{practiceID}/retirer", rule: "pilots (published; 422: no reason)", own: pilots, other: hidden},
		{route: "POST /c/{slug}/pratiques/{practiceID}/partager", rule: "pilots (published)", own: pilots, other: hidden, phase: actsAtOnce},
		{route: "POST /c/{slug}/pratiques/{practiceID}/departager", rule: "pilots (published)", own: pilots, other: hidden, phase: actsAtOnce},
		{route: "POST /c/{slug}/pratiques/{practiceID}/signaler", rule: "members (published; 422: no reason)", own: members, other: hidden},
		{route: "GET /c/{slug}/pratiques/{practiceID}/pieces-jointes/{fileID}", rule: "members (published)", own: members, other: hidden},
		{route: "POST /c/{slug}/pratiques/{practiceID}/pieces-jointes/{fileID}/supprimer", rule: "author (a draft); pilots read it, others not",
			practice: "draftPracticeID", own: member(notFound, notFound, ok, notFound, forbidden), other: hidden, phase: actsAtOnce},

		// The HCTS's campaigns: HCTS readers list them; the publishers
		// open and edit them (422: empty form), 404 for the reader.
		{route: "GET /hcts/campagnes", rule: "HCTS readers", own: hctsReaders(ok)},
		{route: "GET /hcts/campagnes/nouvelle", rule: "HCTS publishers", own: national("hcts", ok)},
		{route: "POST /hcts/campagnes/nouvelle", rule: "HCTS publishers (422: no year)", own: national("hcts", ok)},
		{route: "GET /hcts/campagnes/{campaignID}/modifier", rule: "HCTS publishers", own: national("hcts", ok)},
		{route: "POST /hcts/campagnes/{campaignID}/modifier", rule: "HCTS publishers (422: no deadline)", own: national("hcts", ok)},

		// The national reading of transmitted contributions and its exports:
		// HCTS readers; 404 for anyone else signed in. With the other id
		// set, the other committee's transmitted contribution is asked for
		// under 37-41's name: 404. The reading's toggles refuse an empty
		// form (400) before the contribution is looked up
		// (TestNationalReadingIsolation posts full forms).
		{route: "GET /hcts/contributions", rule: "HCTS readers", own: hctsReaders(ok)},
		{route: "GET /hcts/contributions/export.csv", rule: "HCTS readers", own: hctsReaders(ok)},
		{route: "GET /hcts/contributions/export.xlsx", rule: "HCTS readers", own: hctsReaders(ok)},
		{route: "GET /hcts/contributions/export.json", rule: "HCTS readers", own: hctsReaders(ok)},
		{route: "GET /hcts/contributions/donnees-ouvertes.zip", rule: "HCTS readers", own: hctsReaders(ok)},
		{route: "GET /hcts/contributions/rapport", rule: "HCTS readers", own: hctsReaders(ok)},
		{route: "GET /hcts/contributions/{committee}/{nationalContributionID}", rule: "HCTS readers; transmitted contributions only",
			own: hctsReaders(ok), other: signedIn(notFound)},
		{route: "POST /hcts/contributions/{committee}/{nationalContributionID}/lue", rule: "HCTS readers (400: no state)",
			own: hctsReaders(ok), other: hctsReaders(code(400))},
		{route: "POST /hcts/contributions/{committee}/{nationalContributionID}/retenue", rule: "HCTS readers (400: no state)",
			own: hctsReaders(ok), other: hctsReaders(code(400))},
		{route: "POST /hcts/contributions/{committee}/{nationalContributionID}/reponse", rule: "HCTS readers (422: no reply); transmitted contributions only",
			own: hctsReaders(ok), other: signedIn(notFound)},

		// News (setupNewsMatrix): members read the committee's list and its
		// local items; pilots post, edit and pin them (auth.CheckNews).
		// National items: HCTS readers and the members of any committee
		// read them, HCTS publishers post and edit them (404 for the
		// reader). The forms' empty bodies are not multipart forms (400).
		{route: "GET /c/{slug}/actualites", rule: "members", own: members},
		{route: "GET /c/{slug}/actualites/nouvelle", rule: "pilots", own: pilots},
		{route: "POST /c/{slug}/actualites/nouvelle", rule: "pilots (400: not a multipart form)", own: pilots},
		{route: "GET /c/{slug}/actualites/{newsID}", rule: "members", own: members, other: hidden},
		{route: "GET /c/{slug}/actualites/{newsID}/modifier", rule: "pilots", own: pilots, other: pilotsHidden},
		{route: "POST /c/{slug}/actualites/{newsID}/modifier", rule: "pilots (400: not a multipart form)", own: pilots, other: pilotsHidden},
		{route: "POST /c/{slug}/actualites/{newsID}/epingler", rule: "pilots", own: pilots, other: pilotsHidden, phase: actsAtOnce},
		{route: "POST /c/{slug}/actualites/{newsID}/desepingler", rule: "pilots", own: pilots, other: pilotsHidden, phase: actsAtOnce},
		{route: "GET /c/{slug}/actualites/{newsID}/pieces-jointes/{newsFileID}", rule: "members", own: members, other: hidden},
		{route: "POST /c/{slug}/actualites/{newsID}/pieces-jointes/{newsFileID}/supprimer", rule: "pilots", own: pilots, other: pilotsHidden, phase: actsAtOnce},
		{route: "GET /actualites", rule: "HCTS readers, members of any committee", own: nationalReaders},
		{route: "GET /actualites/{nationalNewsID}", rule: "HCTS readers, members of any committee", own: nationalReaders},
		{route: "GET /actualites/{nationalNewsID}/pieces-jointes/{nationalNewsFileID}", rule: "HCTS readers, members of any committee", own: nationalReaders},
		{route: "GET /national/actualites/nouvelle", rule: "HCTS publishers", own: national("hcts", ok)},
		{route: "POST /national/actualites/nouvelle", rule: "HCTS publishers (400: not a multipart form)", own: national("hcts", ok)},
		{route: "GET /national/actualites/{nationalNewsID}/modifier", rule: "HCTS publishers", own: national("hcts", ok)},
		{route: "POST /national/actualites/{nationalNewsID}/modifier", rule: "HCTS publishers (400: not a multipart form)", own: national("hcts", ok)},
		{route: "POST /national/actualites/{nationalNewsID}/pieces-jointes/{nationalNewsFileID}/supprimer", rule: "HCTS publishers",
			own: national("hcts", ok), phase: actsAtOnce},

		// Contributions (setupContributionMatrix): members write; the rules
		// of internal/auth/contribution.go decide the rest: 404 for whoever
		// may not read it (another's draft, proposed or validated one), 403
		// for whoever reads it but may never take the step. "partenaire"
		// is the contributions' author.
		{route: "GET /c/{slug}/contributions", rule: "members", own: members},
		{route: "GET /c/{slug}/contributions/nouvelle", rule: "members (a campaign is open)", own: members},
		{route: "POST /c/{slug}/contributions/nouvelle", rule: "members (422: no title)", own: members},
		{route: "GET /c/{slug}/contributions/{contributionID}", rule: "members (transmitted)", own: members, other: hidden},
		{route: "GET /c/{slug}/contributions/{contributionID}/modifier", rule: "authors (a draft); pilots read it, others not",
			contribution: "draftContributionID", own: member(notFound, notFound, ok, notFound, forbidden), other: hidden},
		{route: "POST /c/{slug}/contributions/{contributionID}/modifier", rule: "authors (a draft; 422: no title); pilots read it, others not",
			contribution: "draftContributionID", own: member(notFound, notFound, ok, notFound, forbidden), other: hidden},
		{route: "POST /c/{slug}/contributions/{contributionID}/proposer", rule: "authors (a draft; 422: no text yet); pilots read it, others not",
			contribution: "draftContributionID", own: member(notFound, notFound, ok, notFound, forbidden), other: hidden},
		{route: "POST /c/{slug}/contributions/{contributionID}/valider", rule: "pilots (proposed); the author reads it, others not",
			contribution: "proposedContributionID", own: member(notFound, notFound, forbidden, notFound, ok), other: hidden, phase: actsAtOnce},
		{route: "POST /c/{slug}/contributions/{contributionID}/renvoyer", rule: "pilots (proposed or validated; 422: no comment); the author reads it, others not",
			contribution: "proposedContributionID", own: member(notFound, notFound, forbidden, notFound, ok), other: hidden},
		{route: "POST /c/{slug}/contributions/{contributionID}/transmettre", rule: "pilots (validated, campaign open); the author reads it, others not",
			contribution: "validatedContributionID", own: member(notFound, notFound, forbidden, notFound, ok), other: hidden, phase: actsAtOnce},
		{route: "POST /c/{slug}/contributions/{contributionID}/corriger", rule: "authors and pilots (transmitted, once: 409 after); members read it",
			own: member(forbidden, forbidden, ok, forbidden, ok), other: hidden, phase: actsAtOnce},
		{route: "POST /c/{slug}/contributions/{contributionID}/supprimer", rule: "authors (a draft never proposed); others do not see the pilot's draft",
			contribution: "pilotDraftContributionID", own: member(notFound, notFound, notFound, notFound, ok), other: hidden, phase: actsAtOnce},
		{route: "POST /c/{slug}/contributions/{contributionID}/consentement", rule: "authors, about their own name (not transmitted); pilots read it, others not",
			contribution: "draftContributionID", own: member(notFound, notFound, ok, notFound, forbidden), other: hidden, phase: actsAtOnce},
		{route: "POST /c/{slug}/contributions/{contributionID}/indicateurs", rule: "pilots (participation, not transmitted); the author reads it, others not",
			contribution: "participationContributionID", own: member(notFound, notFound, forbidden, notFound, ok), other: hidden, phase: actsAtOnce},
		{route: "GET /c/{slug}/campagnes/{campaignID}", rule: "pilots", own: pilots},
		{route: "GET /c/{slug}/campagnes/{campaignID}/transmettre", rule: "pilots", own: pilots},
		{route: "POST /c/{slug}/campagnes/{campaignID}/transmettre", rule: "pilots (422: none ticked)", own: pilots},

		// Documents (setupDocumentMatrix): {documentID} is a document of
		// the matrix's group, uploaded by its lead; the rules of
		// internal/auth/document.go decide: 404 for whoever may not read it
		// (outside the group), 403 for a member of the group who may not
		// change it. Uploading is for pilots and for the leads of a group
		// (accompagne leads another group). The POSTs with an empty form
		// answer 400 or 422 once the rule is checked.
		{route: "GET /c/{slug}/documents", rule: "members (those they read)", own: members},
		{route: "GET /c/{slug}/documents/nouveau", rule: "pilots and the leads of a group", own: member(ok, forbidden, forbidden, ok, ok)},
		{route: "POST /c/{slug}/documents/nouveau", rule: "pilots and the leads of a group (400: not a multipart form)",
			own: member(ok, forbidden, forbidden, ok, ok)},
		{route: "GET /c/{slug}/documents/{documentID}", rule: "its readers: the group's members and leads, pilots",
			own: member(notFound, notFound, ok, ok, ok), other: hidden},
		{route: "GET /c/{slug}/documents/{documentID}/fichier", rule: "its readers: the group's members and leads, pilots",
			own: member(notFound, notFound, ok, ok, ok), other: hidden},
		{route: "GET /c/{slug}/documents/{documentID}/versions/{versionID}/fichier", rule: "its readers: the group's members and leads, pilots",
			own: member(notFound, notFound, ok, ok, ok), other: hidden},
		{route: "GET /c/{slug}/documents/{documentID}/modifier", rule: "the group's leads, pilots, the uploader; its other readers 403",
			own: member(notFound, notFound, forbidden, ok, ok), other: hidden},
		{route: "POST /c/{slug}/documents/{documentID}/modifier", rule: "the group's leads, pilots, the uploader (422: no title); its other readers 403",
			own: member(notFound, notFound, forbidden, ok, ok), other: hidden},
		{route: "POST /c/{slug}/documents/{documentID}/versions", rule: "the group's leads, pilots, the uploader (400: not a multipart form); its other readers 403",
			own: member(notFound, notFound, forbidden, ok, ok), other: hidden},
		{route: "POST /c/{slug}/documents/{documentID}/archiver", rule: "the group's leads, pilots, the uploader (400: no state); its other readers 403",
			own: member(notFound, notFound, forbidden, ok, ok), other: hidden},

		// The charter (setupCharterMatrix): the current version of 37-41
		// and its version in consultation, with a member's comment; the
		// rules of internal/auth/charter.go decide: every member reads,
		// comments while the consultation is open and accepts the current
		// version (409 once accepted); the pilots draft (a version is in
		// consultation: the new form leads to it), edit, open the
		// consultation (409: not a draft), answer, adopt, see the
		// acceptances and remind. The POSTs with an empty form answer 400
		// or 422 once the rule is checked.
		{route: "GET /c/{slug}/charte", rule: "members", own: members},
		{route: "GET /c/{slug}/charte/differences", rule: "members (the versions they read)", own: members},
		{route: "GET /c/{slug}/charte/versions/nouvelle", rule: "pilots (a version in consultation: sent to it)",
			own: member(forbidden, forbidden, forbidden, forbidden, redirect)},
		{route: "POST /c/{slug}/charte/versions/nouvelle", rule: "pilots (422: no text)", own: pilots},
		{route: "GET /c/{slug}/charte/versions/{versionID}", rule: "members (in consultation)", charter: "consultationCharterID",
			own: members, other: hidden},
		{route: "GET /c/{slug}/charte/versions/{versionID}/imprimer", rule: "members (current)", charter: "currentCharterID",
			own: members, other: hidden},
		{route: "GET /c/{slug}/charte/versions/{versionID}/modifier", rule: "pilots (in consultation)", charter: "consultationCharterID",
			own: pilots, other: hidden},
		{route: "POST /c/{slug}/charte/versions/{versionID}/modifier", rule: "pilots (in consultation; 422: no text)", charter: "consultationCharterID",
			own: pilots, other: hidden},
		{route: "POST /c/{slug}/charte/versions/{versionID}/consultation", rule: "pilots (409: in consultation already)", charter: "consultationCharterID",
			own: pilots, other: hidden},
		{route: "POST /c/{slug}/charte/versions/{versionID}/commentaires", rule: "members (consultation open; 422: no comment)", charter: "consultationCharterID",
			own: members, other: hidden},
		{route: "POST /c/{slug}/charte/versions/{versionID}/commentaires/{commentID}/reponse", rule: "pilots (422: no answer)",
			charter: "consultationCharterID", own: pilots, other: hidden},
		{route: "GET /c/{slug}/charte/versions/{versionID}/adoption", rule: "pilots (in consultation)", charter: "consultationCharterID",
			own: pilots, other: hidden},
		{route: "POST /c/{slug}/charte/versions/{versionID}/adoption", rule: "pilots (422: no meeting)", charter: "consultationCharterID",
			own: pilots, other: hidden},
		{route: "POST /c/{slug}/charte/versions/{versionID}/accepter", rule: "members (current; 409 once accepted)", charter: "currentCharterID",
			own: members, other: hidden, phase: actsAtOnce},
		{route: "POST /c/{slug}/charte/versions/{versionID}/institution", rule: "members read it (400: no institution); its representative or a pilot",
			charter: "currentCharterID", own: members, other: hidden},
		{route: "GET /c/{slug}/charte/versions/{versionID}/acceptations", rule: "pilots (current)", charter: "currentCharterID",
			own: pilots, other: pilotsHidden},
		{route: "POST /c/{slug}/charte/versions/{versionID}/rappel", rule: "pilots (current: the e-mails go)", charter: "currentCharterID",
			own: pilots, other: pilotsHidden, phase: actsAtOnce},
		// Easy-to-read versions (setupEasyReadMatrix): {kind}/{subjectID}
		// is the current charter, whose demo version pilote wrote and
		// accompagne checked; with the other ids, the other committee's.
		{route: "GET /c/{slug}/facile/{kind}/{subjectID}", rule: "members who read the original", own: members, other: hidden},
		{route: "POST /c/{slug}/facile/{kind}/{subjectID}", rule: "members who read the original (422: no text)", own: members, other: hidden},
		{route: "POST /c/{slug}/facile/{kind}/{subjectID}/relu", rule: "supported persons, not the author (409: checked already)",
			own: member(ok, forbidden, forbidden, forbidden, forbidden), other: hidden},
		// Accompanied participation (setupReferentMatrix): {helpID} is
		// accompagne's request to the group's lead, waiting; {personID} is
		// accompagne, who named partenaire (accepted). Acting, the
		// person's rights apply: accompagne is not invited to the matrix's
		// group meeting, so partenaire's answer and proposal with him are
		// 403 although partenaire is.
		{route: "GET /c/{slug}/aide", rule: "members", own: members},
		{route: "POST /c/{slug}/aide/referents", rule: "supported persons (422: no one chosen)",
			own: member(ok, forbidden, forbidden, forbidden, forbidden)},
		{route: "POST /c/{slug}/aide/referents/{helpID}/accepter", rule: "the referent named, while it waits; 404 for anyone else",
			own: member(forbidden, notFound, notFound, ok, notFound), other: hidden, phase: actsAtOnce},
		{route: "POST /c/{slug}/aide/referents/{helpID}/refuser", rule: "the referent named, while it waits (403: accepted above)",
			own: member(forbidden, notFound, notFound, forbidden, notFound), other: hidden, phase: actsAtOnce},
		{route: "POST /c/{slug}/aide/referents/{helpID}/terminer", rule: "the person or the referent, while current (403: ended by the person first)",
			own: member(ok, notFound, notFound, forbidden, notFound), other: hidden, phase: actsAtOnce},
		{route: "GET /c/{slug}/aide/{personID}", rule: "the referent the person named, once accepted (403: the lead's help waits); 404 for anyone else",
			own: member(notFound, notFound, ok, forbidden, notFound), other: hidden},
		{route: "POST /c/{slug}/aide/{personID}/reunions/{meetingID}/reponse", rule: "the active referent, within the person's rights (403: not invited; the lead's help waits)",
			own: member(notFound, notFound, forbidden, forbidden, notFound), other: hidden},
		{route: "POST /c/{slug}/aide/{personID}/reunions/{meetingID}/ordre-du-jour", rule: "the active referent, within the person's rights (403: not invited; the lead's help waits)",
			own: member(notFound, notFound, forbidden, forbidden, notFound), other: hidden},
	}
}

// TestRouteMatrix checks that every route has a row in routeMatrix, and that
// each principal gets what the row says, with 37-41's ids and with another
// committee's ids in 37-41's URLs.
func TestRouteMatrix(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	rows := routeMatrix()

	missing, stale := matrixCoverage(t, f.srv.Handler(), rows)
	for _, r := range missing {
		t.Errorf("route %s has no row in the route matrix: add a row to routeMatrix (routematrix_test.go) saying who may use it", r)
	}
	gone := map[string]bool{}
	for _, r := range stale {
		gone[r] = true
		t.Errorf("the route matrix has a row for %s, which the portal no longer has: remove or rename the row", r)
	}
	checkMatrixRows(t, rows)

	clients := map[string]*client{}
	for _, p := range matrixPrincipals {
		if p.login == "" {
			clients[p.name] = f.anonymous()
		} else {
			clients[p.name] = f.login(p.login)
		}
	}
	own, other := setupRouteMatrix(t, f, clients)
	sets := []struct {
		name  string
		ids   map[string]string
		cells func(matrixRow) cells
	}{
		{"own", own, func(r matrixRow) cells { return r.own }},
		{"other", other, func(r matrixRow) cells { return r.other }},
	}

	sort.SliceStable(rows, func(i, j int) bool { return rows[i].phase < rows[j].phase })
	for _, row := range rows {
		if gone[row.route] {
			continue
		}
		method, pattern, _ := strings.Cut(row.route, " ")
		if hasIDs := row.url(t, pattern, own) != row.url(t, pattern, other); hasIDs != (row.other != nil) {
			if hasIDs {
				t.Errorf("row %s: its URL holds committee ids: say in other what the other committee's ids give", row.route)
			} else {
				t.Errorf("row %s: its URL holds no committee id: other has nothing to check", row.route)
			}
		}
		t.Run(row.route, func(t *testing.T) {
			for i, p := range matrixPrincipals {
				t.Run(p.name, func(t *testing.T) {
					for _, set := range sets {
						want := set.cells(row)
						if want == nil {
							continue
						}
						t.Run(set.name, func(t *testing.T) {
							target := row.url(t, pattern, set.ids)
							c := clients[p.name]
							switch {
							case row.feed:
								c = f.anonymous()
								if tok := own["feedToken:"+p.name]; tok != "" {
									target += "?jeton=" + url.QueryEscape(tok)
								}
							case row.phase == endsSession && p.login != "":
								c = signIn(t, f, p.login)
							}
							status, location := matrixRequest(t, c, method, target)
							if !want[i].matches(method, status, location) {
								got := strconv.Itoa(status)
								if location != "" {
									got += " to " + location
								}
								t.Errorf("%s %s as %s = %s, want %s (%s)", method, target, p.name, got, want[i], row.rule)
							}
						})
					}
				})
			}
		})
	}
}

// signIn is f.login, failing the subtest t rather than the fixture's test.
func signIn(t *testing.T, f *fixture, login string) *client {
	t.Helper()
	c := f.anonymous()
	c.t = t
	res, _ := c.post("/connexion", url.Values{"identifiant": {login}, "mot_de_passe": {demo.Password}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("login %s: status %d", login, res.StatusCode)
	}
	return c
}

// matrixCoverage lists the routes of h without a row (missing) and the rows
// without a route (stale).
func matrixCoverage(t *testing.T, h http.Handler, rows []matrixRow) (missing, stale []string) {
	t.Helper()
	routes, isRoutes := h.(chi.Routes)
	if !isRoutes {
		t.Fatalf("the handler is a %T, not a chi router", h)
	}
	walked := map[string]bool{}
	err := chi.Walk(routes, func(method, route string, _ http.Handler, _ ...func(http.Handler) http.Handler) error {
		walked[method+" "+route] = true
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	inTable := map[string]bool{}
	for _, r := range rows {
		inTable[r.route] = true
		if !walked[r.route] {
			stale = append(stale, r.route)
		}
	}
	for r := range walked {
		if !inTable[r] {
			missing = append(missing, r)
		}
	}
	sort.Strings(missing)
	return missing, stale
}

// checkMatrixRows checks the table itself: one row per route, a cell per
// principal, and never "ok" for a 37-41 member with another committee's ids.
func checkMatrixRows(t *testing.T, rows []matrixRow) {
	t.Helper()
	seen := map[string]bool{}
	for _, r := range rows {
		if seen[r.route] {
			t.Errorf("the route matrix has two rows for %s", r.route)
		}
		seen[r.route] = true
		if len(r.own) != len(matrixPrincipals) || (r.other != nil && len(r.other) != len(matrixPrincipals)) {
			t.Errorf("row %s: want %d cells, one per principal", r.route, len(matrixPrincipals))
			continue
		}
		for i, p := range matrixPrincipals {
			if r.other != nil && p.member && r.other[i] == allowed {
				t.Errorf("row %s: another committee's ids are never ok for %s", r.route, p.name)
			}
		}
	}
}

var placeholder = regexp.MustCompile(`\{([^}]+)\}`)

// url fills the pattern's parameters and the row's query from ids.
func (r matrixRow) url(t *testing.T, pattern string, ids map[string]string) string {
	t.Helper()
	fill := func(s string) string {
		return placeholder.ReplaceAllStringFunc(s, func(m string) string {
			key := m[1 : len(m)-1]
			switch {
			case key == "action":
				return r.action
			case key == "meetingID" && r.held:
				key = "heldMeetingID"
			case key == "practiceID" && r.practice != "":
				key = r.practice
			case key == "fileID" && r.practice != "":
				key = strings.Replace(r.practice, "PracticeID", "FileID", 1)
			case key == "contributionID" && r.contribution != "":
				key = r.contribution
			case key == "versionID" && r.charter != "":
				key = r.charter
			case key == "slug" && r.feed:
				key = "feedSlug"
			case key == "token" && r.token != "":
				key = r.token
			}
			v, found := ids[key]
			if !found {
				t.Fatalf("row %s: no value for {%s}", r.route, key)
			}
			return v
		})
	}
	u := fill(pattern)
	if strings.HasSuffix(u, "/*") {
		u = strings.TrimSuffix(u, "*") + ids["*"]
	}
	if r.query != "" {
		u += "?" + fill(r.query)
	}
	return u
}

// matrixRequest sends a request as c, with an empty form for a POST, and
// returns the status and the redirect target.
func matrixRequest(t *testing.T, c *client, method, path string) (int, string) {
	t.Helper()
	var body io.Reader
	if method == http.MethodPost {
		body = strings.NewReader("")
	}
	req, err := http.NewRequest(method, c.base+path, body)
	if err != nil {
		t.Fatal(err)
	}
	if method == http.MethodPost {
		req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	}
	res, err := c.http.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	_, _ = io.Copy(io.Discard, res.Body)
	return res.StatusCode, res.Header.Get("Location")
}

// setupRouteMatrix makes, through the portal as its users would, the rows
// the matrix needs in both committees, and returns the two id sets. The
// feed secrets of the principals are in own, as "feedToken:<principal>".
func setupRouteMatrix(t *testing.T, f *fixture, clients map[string]*client) (own, other map[string]string) {
	t.Helper()
	db := openMatrixDB(t, f)
	paris := components.Paris()
	day := func(days int) string { return time.Now().In(paris).AddDate(0, 0, days).Format("2006-01-02") }

	// 37-41: the lead's group, an upcoming meeting of it with an agenda
	// item, and one that took place with an action.
	lead, pilot := clients["lead"], clients["pilote"]
	group := db.id("37-41", `SELECT id FROM working_groups WHERE title = $1`, "Accès aux droits à l'ère numérique")
	meetingForm := func(groupID string, days int) url.Values {
		return url.Values{"groupe": {groupID}, "titre": {"Réunion de la matrice"}, "date": {day(days)},
			"debut": {"10:00"}, "fin": {"12:00"}, "lieu": {"Salle du conseil, Tours"}}
	}
	meeting := idAtEnd(t, mustSeeOther(t, lead, "/c/37-41/reunions/nouvelle", meetingForm(group, 10)))
	mustSeeOther(t, lead, "/c/37-41/reunions/"+meeting+"/ordre-du-jour", url.Values{"point_titre": {"Tour de table"}})
	held := idAtEnd(t, mustSeeOther(t, lead, "/c/37-41/reunions/nouvelle", meetingForm(group, 11)))
	db.exec("37-41", `UPDATE meetings SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' WHERE id = $1`, held)
	mustSeeOther(t, lead, "/c/37-41/reunions/"+held+"/compte-rendu", url.Values{"version": {"0"}, "ligne1_nature": {"action"}, "ligne1_quoi": {"Recenser les pratiques"}})

	// A member asks to join the group: the lead has a request to decide.
	mustSeeOther(t, f.login("sylvie.caron"), "/c/37-41/groupes/"+group+"/rejoindre", url.Values{})
	// An institution with a logo, an invitation, a password reset link.
	inst := idAtEnd(t, postInstitution(t, pilot, "/c/37-41/institutions/nouvelle", "Mission locale de Tours"))
	mustSeeOther(t, pilot, "/c/37-41/invitations/nouvelle", url.Values{"nom": {"Invitée"}, "envoi": {clts.InvitationEmail},
		"email": {"invitee@example.org"}, "role": {"partenaire"}})
	if res, _ := clients["anonymous"].post("/mot-de-passe-oublie", url.Values{"email": {"marcel.girard@demo.test"}}); res.StatusCode != http.StatusOK {
		t.Fatalf("password reset request: %d", res.StatusCode)
	}
	secret := regexp.MustCompile(`jeton=([A-Za-z0-9_-]+)`)
	mailSecret := func(to string) string {
		m := secret.FindStringSubmatch(db.text("", `SELECT body FROM outbox WHERE to_address = $1 ORDER BY id DESC LIMIT 1`, to))
		if m == nil {
			t.Fatalf("no link in the e-mail to %s", to)
		}
		return m[1]
	}

	// An access sheet for a member without e-mail: its code.
	_, sheet := pilot.post("/c/37-41/membres/"+db.id("", `SELECT id FROM accounts WHERE login = 'fatima.belkacem'`)+"/fiche-acces", url.Values{})
	accessCode := regexp.MustCompile(`class="sheet-code">([A-Z0-9-]+)<`).FindStringSubmatch(sheet)
	if accessCode == nil {
		t.Fatal("no code on the access sheet")
	}

	own = map[string]string{
		"accessCode":      accessCode[1],
		"slug":            "37-41",
		"feedSlug":        "37-41",
		"groupID":         group,
		"meetingID":       meeting,
		"heldMeetingID":   held,
		"itemID":          db.id("37-41", `SELECT id FROM agenda_items WHERE meeting_id = $1`, meeting),
		"institutionID":   inst,
		"accountID":       db.id("", `SELECT id FROM accounts WHERE login = 'sylvie.caron'`),
		"invitationID":    db.id("37-41", `SELECT id FROM invitations WHERE email = 'invitee@example.org'`),
		"invitationToken": mailSecret("invitee@example.org"),
		"resetToken":      mailSecret("marcel.girard@demo.test"),
		// National rows: the same in both sets.
		"mailID":      db.id("", `SELECT min(id) FROM outbox WHERE sent_at IS NULL`),
		"committeeID": db.id("", `SELECT id FROM committees WHERE slug = '37-41'`),
		"seminarID":   db.id("", `SELECT id FROM seminars WHERE starts_at > now() ORDER BY starts_at LIMIT 1`),
		"*":           strings.TrimPrefix(f.srv.assets.URL("css/app.css"), "/static/"),
	}

	// The other committee's rows, made by its pilot.
	pa := clients["pilote-autre"]
	otherMeeting := idAtEnd(t, mustSeeOther(t, pa, "/c/autre/reunions/nouvelle", meetingForm("", 10)))
	mustSeeOther(t, pa, "/c/autre/reunions/"+otherMeeting+"/ordre-du-jour", url.Values{"point_titre": {"Tour de table"}})
	otherHeld := idAtEnd(t, mustSeeOther(t, pa, "/c/autre/reunions/nouvelle", meetingForm("", 11)))
	db.exec("autre", `UPDATE meetings SET starts_at = now() - interval '3 hours', ends_at = now() - interval '1 hour' WHERE id = $1`, otherHeld)
	mustSeeOther(t, pa, "/c/autre/reunions/"+otherHeld+"/compte-rendu", url.Values{"version": {"0"}, "ligne1_nature": {"action"}, "ligne1_quoi": {"Recenser les pratiques"}})
	mustSeeOther(t, pa, "/c/autre/invitations/nouvelle", url.Values{"nom": {"Invitée"}, "envoi": {clts.InvitationEmail},
		"email": {"invitee@autre.example.org"}, "role": {"partenaire"}})
	other = map[string]string{}
	for k, v := range own {
		other[k] = v
	}
	other["feedSlug"] = "autre"
	other["groupID"] = idAtEnd(t, mustSeeOther(t, pa, "/c/autre/groupes/nouveau", url.Values{"titre": {"Groupe du Loiret"}}))
	other["meetingID"] = otherMeeting
	other["heldMeetingID"] = otherHeld
	other["itemID"] = db.id("autre", `SELECT id FROM agenda_items WHERE meeting_id = $1`, otherMeeting)
	other["institutionID"] = idAtEnd(t, postInstitution(t, pa, "/c/autre/institutions/nouvelle", "Mission locale d'Orléans"))
	other["accountID"] = strconv.FormatInt(f.accounts["pilote-autre"], 10)
	other["invitationID"] = db.id("autre", `SELECT id FROM invitations WHERE email = 'invitee@autre.example.org'`)

	setupNationalMatrix(t, f, own, other)
	setupPracticeMatrix(t, clients, own, other)
	setupContributionMatrix(t, f, clients, db, own, other)
	setupCharterMatrix(t, clients, db, own, other)
	setupDocumentMatrix(t, f, clients, own, other)
	setupNewsMatrix(t, clients, own, other)
	setupNotificationMatrix(t, f, db, own, other)
	setupReferentMatrix(t, f, clients, db, own, other)
	setupEasyReadMatrix(own, other)
	setupDataRightsMatrix(t, f, own, other)
	own["nationalContributionID"], other["nationalContributionID"] = own["contributionID"], other["contributionID"]

	// Each signed-in principal asks for a feed secret.
	for _, p := range matrixPrincipals {
		if p.login == "" {
			continue
		}
		res, body := clients[p.name].post("/agendas", url.Values{})
		m := secret.FindStringSubmatch(body)
		if res.StatusCode != http.StatusOK || m == nil {
			t.Fatalf("feed secret of %s: %d", p.name, res.StatusCode)
		}
		own["feedToken:"+p.name] = m[1]
	}
	return own, other
}

// mustSeeOther posts form as c and returns where the portal sends it.
func mustSeeOther(t *testing.T, c *client, path string, form url.Values) string {
	t.Helper()
	res, body := c.post(path, form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST %s = %d, want 303\n%.2000s", path, res.StatusCode, body)
	}
	return res.Header.Get("Location")
}

// postInstitution creates an institution with a logo and returns where
// the portal sends the pilot.
func postInstitution(t *testing.T, c *client, path, name string) string {
	t.Helper()
	var logo, body bytes.Buffer
	if err := png.Encode(&logo, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	w := multipart.NewWriter(&body)
	_ = w.WriteField("nom", name)
	_ = w.WriteField("type", clts.KindPartenaire)
	fw, err := w.CreateFormFile("logo", "logo.png")
	if err != nil {
		t.Fatal(err)
	}
	_, _ = fw.Write(logo.Bytes())
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	res, page := c.doRaw(http.MethodPost, path, w.FormDataContentType(), body.String())
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST %s = %d, want 303\n%.2000s", path, res.StatusCode, page)
	}
	return res.Header.Get("Location")
}

var trailingID = regexp.MustCompile(`/(\d+)$`)

// idAtEnd is the id that ends a redirect target, like /c/37-41/groupes/12.
func idAtEnd(t *testing.T, location string) string {
	t.Helper()
	m := trailingID.FindStringSubmatch(location)
	if m == nil {
		t.Fatalf("no id at the end of %q", location)
	}
	return m[1]
}

// matrixDB reads and adjusts the matrix's rows with plain SQL as the
// tables' owner, independent of the store's methods. Row-level security is
// forced even for the owner: each statement names its committee.
type matrixDB struct {
	t          *testing.T
	conn       *pgx.Conn
	committees map[string]int64
}

func openMatrixDB(t *testing.T, f *fixture) matrixDB {
	t.Helper()
	conn, err := pgx.Connect(context.Background(), f.db.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { conn.Close(context.Background()) })
	return matrixDB{t: t, conn: conn, committees: f.committees}
}

// in sets the committee of the next statements; "" for national tables.
func (d matrixDB) in(slug string) {
	d.t.Helper()
	id := ""
	if slug != "" {
		id = strconv.FormatInt(d.committees[slug], 10)
	}
	if _, err := d.conn.Exec(context.Background(), `SELECT set_config('clts.committee_id', $1, false)`, id); err != nil {
		d.t.Fatal(err)
	}
}

// id returns the one id the query selects in committee slug.
func (d matrixDB) id(slug, query string, args ...any) string {
	d.t.Helper()
	d.in(slug)
	var id *int64
	if err := d.conn.QueryRow(context.Background(), query, args...).Scan(&id); err != nil || id == nil {
		d.t.Fatalf("%s: %v (no row?)", query, err)
	}
	return strconv.FormatInt(*id, 10)
}

// text returns the one text the query selects in committee slug.
func (d matrixDB) text(slug, query string, args ...any) string {
	d.t.Helper()
	d.in(slug)
	var s string
	if err := d.conn.QueryRow(context.Background(), query, args...).Scan(&s); err != nil {
		d.t.Fatalf("%s: %v", query, err)
	}
	return s
}

// exec runs a statement in committee slug that must change one row.
func (d matrixDB) exec(slug, query string, args ...any) {
	d.t.Helper()
	d.in(slug)
	tag, err := d.conn.Exec(context.Background(), query, args...)
	if err != nil || tag.RowsAffected() != 1 {
		d.t.Fatalf("%s: %v, %d rows", query, err, tag.RowsAffected())
	}
}

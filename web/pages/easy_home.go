package pages

import (
	"strconv"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/web/components"
	"github.com/portail-clts/clts/web/layout"
)

// EasyHomeData is the first screen of the easy interface (mode facile).
type EasyHomeData struct {
	Committee clts.Committee
	Now       time.Time
	// Next is the person's next meeting (nil when none), My their
	// answer and needs, CanAnswer whether the meeting awaits it.
	Next      *clts.Meeting
	My        clts.Response
	CanAnswer bool
	// Pilots as the person may see them (clts.Profile.View): the phone
	// and e-mail only when the pilot agreed to show them.
	Pilots     []clts.DirectoryEntry
	Groups     []EasyGroup
	MoreGroups bool
	News       []clts.News
}

// EasyGroup is one of the person's groups on the easy home.
type EasyGroup struct {
	clts.Group
	Pending bool // the person asked to join and waits
}

// EasyMenuData is the page that lists every page: the committee's
// navigation (empty outside a committee) and its complete home.
type EasyMenuData struct {
	Committee []layout.Link
	Complete  string
}

// easyWhen says in words when t comes, from now: « aujourd'hui »,
// « demain », « dans 5 jours », then the date and time in words.
func easyWhen(now, t time.Time) string {
	loc := components.Paris()
	n, d := now.In(loc), t.In(loc)
	days := int(time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc).Sub(
		time.Date(n.Year(), n.Month(), n.Day(), 0, 0, 0, 0, loc)).Hours()+12) / 24
	at := components.DateTime(t)
	switch {
	case days <= 0:
		return "Aujourd'hui, " + at
	case days == 1:
		return "Demain, " + at
	}
	return "Dans " + strconv.Itoa(days) + " jours, le " + at
}

// easyKind says in plain words what kind of meeting m is.
func easyKind(m clts.Meeting) string {
	s := "C'est " + clts.PlainMeetingKind(m.Kind)
	if m.Kind == clts.KindGroup && m.GroupTitle != "" {
		s += " « " + m.GroupTitle + " »"
	}
	return s + "."
}

// easyAnswer is the person's answer in a short sentence.
func easyAnswer(a string) string {
	switch a {
	case clts.AnswerYes:
		return "Vous avez répondu : je viens."
	case clts.AnswerNo:
		return "Vous avez répondu : je ne viens pas."
	case clts.AnswerMaybe:
		return "Vous avez répondu : peut-être."
	}
	return "Vous n'avez pas encore répondu."
}

package demo

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
	"github.com/portail-clts/clts/internal/postgres"
)

// contributionStory is a demo contribution to a campaign and what happened
// to it: written by its author with co-authors, proposed, returned,
// validated, transmitted by a pilot, corrected, read and answered by the
// HCTS. The loader plays it through the store's workflow steps, each in the
// scope of the person who takes it.
type contributionStory struct {
	Committee string // slug
	Campaign  int    // 2019, or 0 for the current campaign
	Category  string
	Author    string   // login name
	Coauthors []string // login names
	Group     string   // a working group's title, "" for none
	// Practices are words of the titles of the committee's published
	// practices it draws on (those not published are left out).
	Practices   []string
	Title, Body string
	// State is where the story ends.
	State string
	// Returned is a pilot's comment sending the proposed text back; the
	// author proposes it again unless State is a draft.
	Returned string
	// Consent lists the authors who agree to publish their name.
	Consent           []string
	IndicatorsComment string
	// Correction, for a transmitted one: a pilot starts its correction
	// and adds this text to it (the new edition stays a draft).
	Correction string
	// The HCTS's reading of a transmitted one.
	Read, Retained bool
	Reply          string
}

// pilotOf is who validates and transmits in each demo committee.
var pilotOf = map[string]string{"37-41": "pilote", "autre": "pilote-autre"}

// loadContributions opens the campaigns of 2019 (closed since) and of now's
// year (open for five more weeks) as the demo's HCTS publisher, holds this year's past meetings of 37-41 with their
// attendance (the participation figures), then plays the contribution
// stories. It does nothing when a campaign exists.
func loadContributions(ctx context.Context, db *postgres.DB, now time.Time, committees, accounts map[string]int64) error {
	hcts := postgres.Scope{AccountID: accounts["hcts"], HCTS: true}
	var exists bool
	err := db.Write(ctx, hcts, func(tx *postgres.Tx) error {
		cs, err := tx.Campaigns(ctx)
		exists = len(cs) > 0
		return err
	})
	if err != nil || exists {
		return err
	}
	// The groups were formed when the committees began, in 2018.
	for slug, cid := range committees {
		if err := db.Write(ctx, postgres.InCommittee(cid, accounts[pilotOf[slug]]), func(tx *postgres.Tx) error {
			return tx.BackdateGroups(ctx, at(2018, time.September, 27, 9, 0))
		}); err != nil {
			return err
		}
	}
	if err := loadParticipationMeetings(ctx, db, now, committees["37-41"], accounts); err != nil {
		return fmt.Errorf("meetings of the year: %w", err)
	}

	// The 2019 campaign is opened with a deadline to come, so that its
	// contributions can be written through the store, then closed in 2019.
	campaigns := map[int]int64{}
	current := now.In(paris()).Year()
	for _, c := range []struct{ year int }{{2019}, {current}} {
		deadline := now.AddDate(0, 0, 36)
		if c.year == 2019 {
			deadline = now.AddDate(0, 0, 1)
		}
		if err := db.Write(ctx, hcts, func(tx *postgres.Tx) error {
			id, err := tx.CreateCampaign(ctx, clts.Campaign{Year: c.year, Deadline: deadline,
				Introduction: campaignIntroduction(c.year), Guidance: campaignGuidance()})
			campaigns[c.year] = id
			return err
		}); err != nil {
			return fmt.Errorf("campaign %d: %w", c.year, err)
		}
	}
	campaigns[0] = campaigns[current]

	links, err := contributionLinks(ctx, db, committees, accounts)
	if err != nil {
		return err
	}
	l := &contributionLoader{db: db, now: now, committees: committees, accounts: accounts, campaigns: campaigns, links: links}
	for i, s := range contributionStories() {
		if err := l.play(ctx, i, s); err != nil {
			return fmt.Errorf("contribution « %s »: %w", s.Title, err)
		}
	}
	return db.Write(ctx, hcts, func(tx *postgres.Tx) error {
		return tx.BackdateCampaign(ctx, campaigns[2019], at(2019, time.March, 21, 9, 0), clts.EndOfDay(at(2019, time.September, 30, 12, 0)))
	})
}

// contributionLinks are the ids of each committee's groups and published
// practices, by title.
type contributionLinkSet struct {
	groups, practices map[string]int64
}

func contributionLinks(ctx context.Context, db *postgres.DB, committees, accounts map[string]int64) (map[string]contributionLinkSet, error) {
	out := map[string]contributionLinkSet{}
	for slug, cid := range committees {
		ls := contributionLinkSet{groups: map[string]int64{}, practices: map[string]int64{}}
		err := db.Read(ctx, postgres.InCommittee(cid, accounts[pilotOf[slug]]), func(tx *postgres.Tx) error {
			groups, err := tx.Groups(ctx, false)
			if err != nil {
				return err
			}
			for _, g := range groups {
				ls.groups[g.Title] = g.ID
			}
			hits, _, err := tx.Practices(ctx, postgres.PracticeQuery{Limit: 100})
			for _, h := range hits {
				ls.practices[h.Title] = h.ID
			}
			return err
		})
		if err != nil {
			return nil, err
		}
		out[slug] = ls
	}
	return out, nil
}

// contributionLoader plays the stories.
type contributionLoader struct {
	db                   *postgres.DB
	now                  time.Time
	committees, accounts map[string]int64
	campaigns            map[int]int64 // by year, 0 for the current one
	links                map[string]contributionLinkSet
}

// as runs fn as login in the story's committee.
func (l *contributionLoader) as(ctx context.Context, s *contributionStory, login string, fn func(tx *postgres.Tx) error) error {
	if err := l.db.Write(ctx, postgres.InCommittee(l.committees[s.Committee], l.accounts[login]), fn); err != nil {
		return fmt.Errorf("%s: %w", login, err)
	}
	return nil
}

// dates places story i in time: when it was first written, and when it
// was transmitted (2019: in June 2019; now: in the last days).
func (l *contributionLoader) dates(i int, s *contributionStory) (written, transmitted time.Time) {
	if s.Campaign == 2019 {
		written = at(2019, time.April, 1+2*(i%10), 10, 0)
		return written, at(2019, time.June, 25, 11, 0).Add(time.Duration(i) * time.Hour)
	}
	written = l.now.AddDate(0, 0, -40+i%12)
	return written, l.now.AddDate(0, 0, -3).Add(time.Duration(i) * time.Minute)
}

func (l *contributionLoader) play(ctx context.Context, i int, s *contributionStory) error {
	pilot := pilotOf[s.Committee]
	links := l.links[s.Committee]
	var coauthors, practices []int64
	for _, login := range s.Coauthors {
		coauthors = append(coauthors, l.accounts[login])
	}
	for _, word := range s.Practices {
		for title, id := range links.practices {
			if strings.Contains(strings.ToLower(title), strings.ToLower(word)) {
				practices = append(practices, id)
				break
			}
		}
	}
	var id int64
	if err := l.as(ctx, s, s.Author, func(tx *postgres.Tx) error {
		var err error
		id, err = tx.CreateContribution(ctx, clts.Contribution{CampaignID: l.campaigns[s.Campaign], Category: s.Category,
			Title: s.Title, Body: s.Body, GroupID: links.groups[s.Group]}, coauthors, practices)
		return err
	}); err != nil {
		return err
	}
	for _, login := range s.Consent {
		if err := l.as(ctx, s, login, func(tx *postgres.Tx) error { return tx.SetAuthorConsent(ctx, id, true) }); err != nil {
			return err
		}
	}
	propose := func() error {
		return l.as(ctx, s, s.Author, func(tx *postgres.Tx) error { return tx.ProposeContribution(ctx, id) })
	}
	if s.State != clts.ContributionDraft || s.Returned != "" {
		if err := propose(); err != nil {
			return err
		}
	}
	if s.Returned != "" {
		if err := l.as(ctx, s, pilot, func(tx *postgres.Tx) error { return tx.ReturnContribution(ctx, id, s.Returned) }); err != nil {
			return err
		}
		if s.State != clts.ContributionDraft {
			if err := propose(); err != nil {
				return err
			}
		}
	}
	if s.State == clts.ContributionValidated || s.State == clts.ContributionTransmitted {
		if err := l.as(ctx, s, pilot, func(tx *postgres.Tx) error { return tx.ValidateContribution(ctx, id) }); err != nil {
			return err
		}
	}
	if s.IndicatorsComment != "" {
		if err := l.as(ctx, s, pilot, func(tx *postgres.Tx) error { return tx.CommentIndicators(ctx, id, s.IndicatorsComment) }); err != nil {
			return err
		}
	}
	written, transmitted := l.dates(i, s)
	backdate := func() error {
		return l.as(ctx, s, pilot, func(tx *postgres.Tx) error { return tx.BackdateContribution(ctx, id, written, 4*24*time.Hour) })
	}
	if err := backdate(); err != nil {
		return err
	}
	if s.State != clts.ContributionTransmitted {
		return nil
	}
	if err := l.as(ctx, s, pilot, func(tx *postgres.Tx) error { return tx.TransmitContributions(ctx, []int64{id}, transmitted) }); err != nil {
		return err
	}
	if err := backdate(); err != nil {
		return err
	}
	if s.Correction != "" {
		if err := l.as(ctx, s, pilot, func(tx *postgres.Tx) error {
			next, err := tx.CorrectContribution(ctx, id)
			if err != nil {
				return err
			}
			c, err := tx.ContributionByID(ctx, next)
			if err != nil {
				return err
			}
			var co []int64
			for _, a := range c.Authors {
				co = append(co, a.AccountID)
			}
			c.Body += s.Correction
			return tx.UpdateContribution(ctx, *c, co, c.PracticeIDs)
		}); err != nil {
			return err
		}
	}
	return l.readByHCTS(ctx, s, id)
}

// readByHCTS plays the HCTS's reading of a transmitted contribution.
func (l *contributionLoader) readByHCTS(ctx context.Context, s *contributionStory, id int64) error {
	if !s.Read && !s.Retained && s.Reply == "" {
		return nil
	}
	return l.db.Write(ctx, postgres.Scope{AccountID: l.accounts["hcts"], HCTS: true, National: true}, func(tx *postgres.Tx) error {
		if s.Read {
			if err := tx.MarkContributionRead(ctx, s.Committee, id, true); err != nil {
				return err
			}
		}
		if s.Retained {
			if err := tx.SetContributionRetained(ctx, s.Committee, id, true); err != nil {
				return err
			}
		}
		if s.Reply == "" {
			return nil
		}
		reply, err := markdown.Render(s.Reply)
		if err != nil {
			return err
		}
		return tx.ReplyToContribution(ctx, s.Committee, id, reply)
	})
}

// loadParticipationMeetings holds, in 37-41, the past year's plenaries and
// meetings of the participation group (led by supported persons), with
// their attendance: the participation figures of the current campaign.
// Supported persons miss the first plenary and come to the others, less
// to those of Blois. The last plenary is in the current year, unless the
// year began less than two days ago.
func loadParticipationMeetings(ctx context.Context, db *postgres.DB, now time.Time, committee int64, accounts map[string]int64) error {
	supported := map[string]bool{}
	var members []string
	for _, p := range placements() {
		members = append(members, p.Login)
	}
	for _, p := range People() {
		if p.Role == clts.RoleAccompagne {
			supported[p.Login] = true
		}
	}
	supported["accompagne"] = true
	return db.Write(ctx, postgres.InCommittee(committee, accounts["pilote"]), func(tx *postgres.Tx) error {
		places := []string{"Hôtel du Département, place de la Préfecture, Tours", "Hôtel du Département, place de la République, Blois"}
		for k, days := range []int{330, 265, 195, 125, 60, 12} {
			start := workdayAt(now.AddDate(0, 0, -days), 14, 0)
			if days == 12 && start.Year() != now.In(paris()).Year() {
				start = workdayAt(at(now.In(paris()).Year(), time.January, 2, 14, 0), 14, 0)
				if !start.Before(now) {
					continue
				}
			}
			m := plenary(start, places[k%2])
			ids, err := tx.CreateMeetings(ctx, []clts.Meeting{m}, true, noMail)
			if err != nil {
				return err
			}
			var sheet clts.AttendanceSheet
			for j, login := range members {
				switch {
				case supported[login] && (k == 0 || (k%2 == 1 && j%2 == 0)):
					// The first plenary without them; Blois is far without a
					// car, and they say so.
					sheet.Excused = append(sheet.Excused, accounts[login])
				case (j+k)%4 != 3:
					sheet.Present = append(sheet.Present, accounts[login])
				}
			}
			// An interpreter and a companion or two came with them.
			sheet.Outside = 1 + k%3
			if _, err := tx.RecordAttendance(ctx, ids[0], sheet); err != nil {
				return err
			}
		}
		groups, err := tx.Groups(ctx, false)
		if err != nil {
			return err
		}
		var group int64
		for _, g := range groups {
			if g.Title == groupParticipation {
				group = g.ID
			}
		}
		if group == 0 {
			return nil
		}
		for k, days := range []int{230, 30} {
			start := workdayAt(now.AddDate(0, 0, -days), 10, 0)
			ids, err := tx.CreateMeetings(ctx, []clts.Meeting{{Kind: clts.KindGroup, GroupID: group,
				Title: "Groupe participation : préparer la contribution au rapport", StartsAt: start, EndsAt: start.Add(2 * time.Hour),
				Place: "Centre social de la Rabière, Joué-lès-Tours", Accessibility: "Plain-pied ; un café est offert à l'arrivée."}}, true, noMail)
			if err != nil {
				return err
			}
			var present []int64
			for j, p := range placements() {
				if _, in := p.Groups[groupParticipation]; in && (k == 0 || j%3 != 1) {
					present = append(present, accounts[p.Login])
				}
			}
			if _, err := tx.RecordAttendance(ctx, ids[0], clts.AttendanceSheet{Present: present}); err != nil {
				return err
			}
		}
		return nil
	})
}

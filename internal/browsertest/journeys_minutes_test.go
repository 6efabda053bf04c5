package browsertest

import (
	"context"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/portail-clts/clts/internal/demo"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// value is what the form control sel holds now.
func value(t *testing.T, ctx context.Context, sel string) string {
	t.Helper()
	var v string
	run(t, ctx, chromedp.Value(sel, &v, chromedp.ByQuery))
	return v
}

// agendaItemID is the first item of a 37-41 meeting's agenda.
func (p *portal) agendaItemID(t *testing.T, meetingID int64) int64 {
	t.Helper()
	ctx := context.Background()
	var id int64
	var cid int64
	pgtest.MustRead(t, p.db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		c, err := tx.CommitteeBySlug(ctx, "37-41")
		if c != nil {
			cid = c.ID
		}
		return err
	})
	pgtest.MustRead(t, p.db.App, postgres.InCommittee(cid, 0), func(tx *postgres.Tx) error {
		items, err := tx.AgendaItems(ctx, meetingID, true)
		if err == nil && len(items) > 0 {
			id = items[0].ID
		}
		return err
	})
	if id == 0 {
		t.Fatalf("meeting %d has no agenda item", meetingID)
	}
	return id
}

// TestJourneyMinutesKeepText is issue 14's minutes story in the browser, at
// 1280 and 375 px: the organiser types the minutes' text, adds a decision,
// adds a row and gives an action to a member with a due date, looks at the
// preview: the text is still there at each step. Published, the minutes
// show the decision and the action; the meeting offers to edit them, and
// the editor holds the text.
func TestJourneyMinutesKeepText(t *testing.T) {
	p := newPortal(t)
	partner := p.accountID(t, "partenaire")
	partnerName := ""
	for _, a := range demo.Accounts() {
		if a.Login == "partenaire" {
			partnerName = a.Name
		}
	}
	for _, width := range []int64{1280, 375} {
		t.Run(strconv.FormatInt(width, 10), func(t *testing.T) {
			ctx := p.tab(t)
			p.login(t, ctx, "pilote")
			title := fmt.Sprintf("Plénière du compte rendu (%d px)", width)
			meeting := createMeeting(t, ctx, p.url+"/c/37-41/reunions/nouvelle", title, time.Now().AddDate(0, 0, -1), "14:00", "16:00")
			if width != 1280 {
				run(t, ctx, emulation.SetDeviceMetricsOverride(width, 740, 1, true))
				defer run(t, ctx, emulation.ClearDeviceMetricsOverride(), chromedp.EmulateViewport(1280, 900))
			}
			typed := "Relevé des échanges\n\nLa charte de fonctionnement est discutée, article par article."
			run(t, ctx,
				chromedp.Navigate(meeting+"/compte-rendu"),
				chromedp.WaitVisible("#f-compte_rendu", chromedp.ByQuery),
			)
			if h := text(t, ctx, "h1"); h != "Rédiger le compte rendu" {
				t.Errorf("h1 %q", h)
			}
			var height float64
			run(t, ctx, chromedp.Evaluate(`document.querySelector('#f-compte_rendu').getBoundingClientRect().height`, &height))
			if height < 400 {
				t.Errorf("the editor is %.0f px high: too short to write minutes", height)
			}
			run(t, ctx,
				chromedp.SendKeys("#f-compte_rendu", typed, chromedp.ByQuery),
				chromedp.SetValue("#f-ligne1_nature", "decision", chromedp.ByQuery),
				chromedp.SendKeys("#f-ligne1_quoi", "Adopter la charte de fonctionnement", chromedp.ByQuery),
				chromedp.Click(`button[name="ajouter"]`, chromedp.ByQuery),
				chromedp.WaitVisible("#f-ligne2_quoi", chromedp.ByQuery),
			)
			if got := value(t, ctx, "#f-compte_rendu"); got != typed {
				t.Fatalf("the text typed is lost when a row is added: %q", got)
			}
			if got := value(t, ctx, "#f-ligne1_quoi"); got != "Adopter la charte de fonctionnement" {
				t.Errorf("the decision typed is lost: %q", got)
			}
			p.runAxe(t, ctx, "minutes form with a new row")
			checkNoSideScroll(t, ctx, width)

			run(t, ctx,
				chromedp.SetValue("#f-ligne2_nature", "action", chromedp.ByQuery),
				chromedp.SendKeys("#f-ligne2_quoi", "Envoyer la charte révisée aux partenaires", chromedp.ByQuery),
				chromedp.SetValue("#f-ligne2_membre", strconv.FormatInt(partner, 10), chromedp.ByQuery),
				chromedp.SetValue("#f-ligne2_echeance", time.Now().AddDate(0, 1, 0).Format("2006-01-02"), chromedp.ByQuery),
				chromedp.Click(`button[name="apercu"]`, chromedp.ByQuery),
				chromedp.WaitVisible("#apercu", chromedp.ByQuery),
			)
			if got := text(t, ctx, "#apercu .minutes"); !strings.Contains(got, "article par article") {
				t.Errorf("the preview: %q", got)
			}
			if value(t, ctx, "#f-compte_rendu") != typed || value(t, ctx, "#f-ligne2_membre") != strconv.FormatInt(partner, 10) {
				t.Error("the preview loses what was typed")
			}

			clickAndConfirm(t, ctx, `button[name="publier"][value="oui"]`)
			main := text(t, ctx, "main")
			for _, want := range []string{"article par article", "Adopter la charte de fonctionnement", "Envoyer la charte révisée aux partenaires", partnerName, "Modifier le compte rendu"} {
				if !strings.Contains(main, want) {
					t.Errorf("the meeting's page lacks %q", want)
				}
			}
			p.check(t, ctx, "meeting with its minutes", "Comité local")
			run(t, ctx,
				chromedp.Navigate(meeting+"/compte-rendu"),
				chromedp.WaitVisible("#f-compte_rendu", chromedp.ByQuery),
			)
			if got := value(t, ctx, "#f-compte_rendu"); got != typed || text(t, ctx, "h1") != "Modifier le compte rendu" {
				t.Errorf("the editor of the published minutes: %q", got)
			}
			p.check(t, ctx, "minutes editor", "Comité local")
			if width == 1280 {
				// A row given both to a member and to someone outside: the
				// message is next to the field, and the text is kept.
				run(t, ctx,
					chromedp.SendKeys("#f-ligne3_quoi", "Relancer la CAF", chromedp.ByQuery),
					chromedp.SetValue("#f-ligne3_membre", strconv.FormatInt(partner, 10), chromedp.ByQuery),
					chromedp.SendKeys("#f-ligne3_qui", "CAF Touraine", chromedp.ByQuery),
				)
				p.formWithErrors(t, ctx, "minutes form with errors", `button[name="publier"][value="oui"]`, "Comité local")
				if got := value(t, ctx, "#f-compte_rendu"); got != typed || value(t, ctx, "#f-ligne3_qui") != "CAF Touraine" {
					t.Errorf("a refused form loses the text: %q", got)
				}
			}
			run(t, ctx, chromedp.Navigate(meeting+"/compte-rendu/imprimer"), chromedp.WaitVisible("h1", chromedp.ByQuery))
			if got := text(t, ctx, "main"); !strings.Contains(got, "article par article") || !strings.Contains(got, partnerName) {
				t.Error("the printable minutes lack the text or the action")
			}
			if width == 1280 {
				pdf := printToPDF(t, ctx)
				w, h, pages := pdfFacts(t, pdf)
				if w < 590 || w > 600 || h < 837 || h > 847 {
					t.Errorf("printed on %.0f × %.0f pt, want A4 (595 × 842)", w, h)
				}
				if len(pages) == 0 || !strings.Contains(squeeze(strings.Join(pages, "")), squeeze("Envoyer la charte révisée")) {
					t.Error("the printed minutes lack the action")
				}
			}
		})
	}
}

// TestJourneyAgendaItemEdit: the organiser corrects an item of the agenda;
// an emptied title is a message next to the field; the agenda and its
// printable convocation show the correction.
func TestJourneyAgendaItemEdit(t *testing.T) {
	p := newPortal(t)
	id := p.demoIDs(t)
	ctx := p.tab(t)
	p.login(t, ctx, "pilote")
	meeting := fmt.Sprintf("%s/c/37-41/reunions/%d", p.url, id.upcoming)
	run(t, ctx,
		chromedp.Navigate(meeting),
		chromedp.Click(fmt.Sprintf(`ol.agenda a[href$="/ordre-du-jour/%d/modifier"]`, p.agendaItemID(t, id.upcoming)), chromedp.ByQuery),
		chromedp.WaitVisible(`form[action$="/modifier"] #f-point_titre`, chromedp.ByQuery),
	)
	run(t, ctx,
		chromedp.Clear("#f-point_titre", chromedp.ByQuery),
		chromedp.SetValue("#f-point_duree", "une heure", chromedp.ByQuery),
	)
	p.formWithErrors(t, ctx, "agenda item with errors", "main form button[type=submit]", "Comité local")
	if got := value(t, ctx, "#f-point_duree"); got != "une heure" {
		t.Errorf("the duration typed is not kept: %q", got)
	}
	run(t, ctx,
		chromedp.SendKeys("#f-point_titre", "Accueil des nouveaux membres", chromedp.ByQuery),
		chromedp.SetValue("#f-point_duree", "25", chromedp.ByQuery),
	)
	clickAndConfirm(t, ctx, "main form button[type=submit]")
	if got := text(t, ctx, "ol.agenda"); !strings.Contains(got, "Accueil des nouveaux membres") || !strings.Contains(got, "25 min") {
		t.Errorf("the agenda after the edit: %q", got)
	}
	run(t, ctx, chromedp.Click(`main a[href$="/convocation"]`, chromedp.ByQuery), chromedp.WaitVisible("ol.print-agenda", chromedp.ByQuery))
	if got := text(t, ctx, "ol.print-agenda"); !strings.Contains(got, "Accueil des nouveaux membres") {
		t.Errorf("the printable convocation: %q", got)
	}
}

// checkNoSideScroll fails when the page is wider than the screen.
func checkNoSideScroll(t *testing.T, ctx context.Context, width int64) {
	t.Helper()
	var w int64
	run(t, ctx, chromedp.Evaluate(`document.documentElement.scrollWidth`, &w))
	if w > width {
		t.Errorf("%d px wide at %d px: horizontal scrolling", w, width)
	}
}

// publishedMinutesID is the most recent 37-41 plenary whose minutes are
// published.
func (p *portal) publishedMinutesID(t *testing.T) int64 {
	t.Helper()
	ctx := context.Background()
	var cid, id int64
	pgtest.MustRead(t, p.db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		c, err := tx.CommitteeBySlug(ctx, "37-41")
		if c != nil {
			cid = c.ID
		}
		return err
	})
	now := time.Now()
	pgtest.MustRead(t, p.db.App, postgres.InCommittee(cid, 0), func(tx *postgres.Tx) error {
		past, err := tx.MeetingsBetween(ctx, now.AddDate(-20, 0, 0), now, true, 50)
		if err != nil {
			return err
		}
		for _, m := range past {
			minutes, _, err := tx.MeetingMinutes(ctx, m.ID)
			if err != nil {
				return err
			}
			if m.Kind == "pleniere" && minutes.PublishedAt != nil {
				id = m.ID
				return nil
			}
		}
		return nil
	})
	if id == 0 {
		t.Fatal("no 37-41 plenary with published minutes")
	}
	return id
}

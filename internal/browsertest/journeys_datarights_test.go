package browsertest

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"

	"github.com/portail-clts/clts/internal/paths"
)

// TestJourneyDataRights is the data rights' "Done when" on a 375 px phone:
// the supported person goes from his account to « Mes données », downloads
// the archive, and the archive opens (archive/zip) with his meeting
// answers in it, as JSON and CSV, and a README that explains them.
func TestJourneyDataRights(t *testing.T) {
	p := newPortal(t)
	conn := p.ownerIn(t, "37-41")
	var me int64
	var answers int
	if err := conn.QueryRow(context.Background(), `SELECT a.id, (SELECT count(*) FROM meeting_responses r
			WHERE r.committee_id = clts_committee_id() AND r.account_id = a.id)
		FROM accounts a WHERE a.login = 'accompagne'`).Scan(&me, &answers); err != nil {
		t.Fatal(err)
	}
	if answers == 0 {
		t.Fatal("the demo's supported person answered no meeting")
	}

	ctx := p.tab(t)
	run(t, ctx, emulation.SetDeviceMetricsOverride(phoneWidth, phoneHeight, 1, true))
	p.login(t, ctx, "accompagne")
	run(t, ctx,
		chromedp.Navigate(p.url+paths.Account),
		chromedp.Click(`main a[href="`+paths.MyData+`"]`, chromedp.ByQuery),
		chromedp.WaitVisible(`main a[href="`+paths.MyDataArchive+`"]`, chromedp.ByQuery),
	)
	if h1 := text(t, ctx, "main h1"); h1 != "Mes données" {
		t.Fatalf("the page's heading: %q", h1)
	}
	checkPhone(t, ctx, "accompagne "+paths.MyData)

	files := zipFiles(t, "mes-donnees.zip", p.download(t, ctx, paths.MyDataArchive, "application/zip", "mes-donnees-clts-", "zip"))
	var rows []map[string]any
	if err := json.Unmarshal([]byte(files["comites/37-41/meeting_responses.json"]), &rows); err != nil {
		t.Fatalf("meeting_responses.json: %v", err)
	}
	if len(rows) != answers {
		t.Errorf("%d answers in the archive, %d in the database", len(rows), answers)
	}
	for _, r := range rows {
		if id, _ := r["account_id"].(float64); int64(id) != me {
			t.Errorf("an answer of account %v is in his archive", r["account_id"])
		}
	}
	if csv := files["comites/37-41/meeting_responses.csv"]; strings.Count(csv, "\r\n") != answers+1 {
		t.Errorf("meeting_responses.csv has not one line per answer and a header:\n%s", csv)
	}
	if !strings.Contains(files["README.txt"], "comites/37-41/meeting_responses.json") {
		t.Error("README.txt does not explain the answers' file")
	}
}

package server

import (
	"bytes"
	"context"
	"fmt"
	"image"
	imagepng "image/png"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/PuerkitoBio/goquery"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
)

// TestDirectoryJourney is the story: a pilot creates an institution,
// attaches a member to it, creates a group and appoints a lead; a partner
// asks to join and the lead accepts; the supported person appears to the
// partner by first name and initial.
func TestDirectoryJourney(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot, partner := f.login("pilote"), f.login("partenaire")

	// Create an institution: a wrong website first, the input is kept.
	form := url.Values{"nom": {"Mission locale de Tours"}, "type": {"association"}, "departements": {"37"}, "site": {"mission-locale"}, "description": {"Insertion des jeunes."}}
	res, body := pilot.postMultipart("/c/37-41/institutions/nouvelle", form)
	if res.StatusCode != http.StatusUnprocessableEntity {
		t.Fatalf("bad website: %d", res.StatusCode)
	}
	doc := parse(t, body)
	if v, _ := doc.Find("#f-nom").Attr("value"); v != "Mission locale de Tours" {
		t.Errorf("typed name not kept: %q", v)
	}
	if d, _ := doc.Find("#f-site").Attr("aria-describedby"); !strings.Contains(d, "f-site-error") {
		t.Errorf("website error not tied to its field: %q", d)
	}
	form.Set("site", "https://www.mission-locale.example")
	res, _ = pilot.postMultipart("/c/37-41/institutions/nouvelle", form)
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create institution: %d", res.StatusCode)
	}
	instPath := res.Header.Get("Location")
	instID := instPath[strings.LastIndex(instPath, "/")+1:]

	// Attach the professional to it.
	prof := itoa(f.accounts["professionnel"])
	if res, _ := pilot.post("/c/37-41/annuaire/"+prof+"/institution", url.Values{"institution": {instID}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("attach member: %d", res.StatusCode)
	}
	_, body = partner.get(instPath)
	if !strings.Contains(body, "Sophie Leroy") {
		t.Error("the institution page does not list the member attached to it")
	}

	// Create a group and appoint the professional as its lead.
	res, _ = pilot.post("/c/37-41/groupes/nouveau", url.Values{"titre": {"Habitat inclusif"}, "description": {"Logement et accompagnement."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("create group: %d", res.StatusCode)
	}
	groupPath := res.Header.Get("Location")
	if res, _ := pilot.post(groupPath+"/membres", url.Values{"compte": {prof}, "statut": {"lead"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("appoint lead: %d", res.StatusCode)
	}

	// The partner asks to join; the lead accepts.
	if res, _ := partner.post(groupPath+"/rejoindre", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("ask to join: %d", res.StatusCode)
	}
	lead := f.login("professionnel")
	_, body = lead.get(groupPath)
	if !strings.Contains(body, "Demandes en attente (1)") {
		t.Fatal("the lead does not see the request")
	}
	partnerID := itoa(f.accounts["partenaire"])
	// Another member cannot decide.
	if res, _ := f.login("accompagne").post(groupPath+"/demandes/"+partnerID, url.Values{"decision": {"accepter"}}); res.StatusCode != http.StatusForbidden {
		t.Errorf("a non-lead decides: %d, want 403", res.StatusCode)
	}
	if res, _ := lead.post(groupPath+"/demandes/"+partnerID, url.Values{"decision": {"accepter"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("accept: %d", res.StatusCode)
	}
	_, body = partner.get(groupPath)
	doc = parse(t, body)
	if !strings.Contains(doc.Find("main").Text(), "Quitter le groupe") || !strings.Contains(body, "Karim Benali") {
		t.Error("the partner is not a member of the group after acceptance")
	}

	// The supported person, seen by the partner: first name and initial.
	acc := itoa(f.accounts["accompagne"])
	_, body = partner.get("/c/37-41/annuaire/" + acc)
	if h1 := strings.TrimSpace(parse(t, body).Find("h1").Text()); h1 != "Jean D." {
		t.Errorf("partner sees the supported person as %q, want Jean D.", h1)
	}
	if strings.Contains(body, "Dupuis") || strings.Contains(body, "accompagne@demo.test") {
		t.Error("the partner sees the supported person's full name or address")
	}
	// The audit log records the changes.
	_, body = pilot.get("/c/37-41/journal")
	body = parse(t, body).Find("main").Text()
	for _, action := range []string{"institution.create", "member.institution", "group.create", "group.lead", "group.request", "group.member"} {
		if !strings.Contains(body, components.ActionLabel(action)) {
			t.Errorf("audit log lacks %s (%s)", action, components.ActionLabel(action))
		}
	}
}

func (c *client) postMultipart(path string, form url.Values) (*http.Response, string) {
	c.t.Helper()
	var b strings.Builder
	boundary := "clts-test-boundary"
	for k, vs := range form {
		for _, v := range vs {
			fmt.Fprintf(&b, "--%s\r\nContent-Disposition: form-data; name=%q\r\n\r\n%s\r\n", boundary, k, v)
		}
	}
	fmt.Fprintf(&b, "--%s--\r\n", boundary)
	return c.doRaw(http.MethodPost, path, "multipart/form-data; boundary="+boundary, b.String())
}

func TestPrivacyOfSupportedPersons(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	partner, pilot, jean := f.login("partenaire"), f.login("pilote"), f.login("accompagne")
	acc := itoa(f.accounts["accompagne"])

	for _, tc := range []struct {
		who       *client
		path      string
		want, not string
	}{
		{partner, "/c/37-41/annuaire", "Jean D.", "Dupuis"},
		{partner, "/c/37-41/annuaire?q=Dupuis", "Aucun membre ne correspond", "Jean"},
		{partner, "/c/37-41/groupes/" + f.groupID("Participation des personnes accompagnées"), "Jean D.", "Dupuis"},
		{pilot, "/c/37-41/annuaire?q=Dupuis", "Jean Dupuis", ""},
		{pilot, "/c/37-41/annuaire/" + acc, "accompagne@demo.test", ""},
		{jean, "/c/37-41/annuaire/" + acc, "Jean Dupuis", ""},
	} {
		_, body := tc.who.get(tc.path)
		if !strings.Contains(body, tc.want) {
			t.Errorf("%s: %q not shown", tc.path, tc.want)
		}
		if tc.not != "" && strings.Contains(body, tc.not) {
			t.Errorf("%s: %q shown", tc.path, tc.not)
		}
	}
	// The export follows the same rule, even for a pilot.
	_, csv := pilot.get("/c/37-41/annuaire/export.csv")
	if strings.Contains(csv, "Dupuis") || !strings.Contains(csv, "Jean D.;") {
		t.Error("the CSV export does not respect the supported person's choice")
	}

	// Jean chooses to show his full name: now the partner sees it.
	_, body := jean.get("/c/37-41/mon-profil")
	version, _ := parse(t, body).Find(`input[name="version"]`).Attr("value")
	res, _ := jean.post("/c/37-41/mon-profil", url.Values{"version": {version}, "departement": {"37"}, "nom_complet": {"oui"}, "presentation": {"Bonjour."}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("profile save: %d", res.StatusCode)
	}
	_, body = partner.get("/c/37-41/annuaire/" + acc)
	if h1 := strings.TrimSpace(parse(t, body).Find("h1").Text()); h1 != "Jean Dupuis" {
		t.Errorf("after choosing to show it, partner sees %q", h1)
	}
	if strings.Contains(body, "accompagne@demo.test") {
		t.Error("the address shows although Jean did not choose to show it")
	}
}

// groups lists the groups of committee slug, archived ones included.
func (f *fixture) groups(slug string) []clts.Group {
	f.t.Helper()
	var groups []clts.Group
	f.read(slug, "", func(tx *postgres.Tx) error {
		var err error
		groups, err = tx.Groups(context.Background(), true)
		return err
	})
	return groups
}

// institutions lists the active institutions of committee slug.
func (f *fixture) institutions(slug string) []clts.Institution {
	f.t.Helper()
	var insts []clts.Institution
	f.read(slug, "", func(tx *postgres.Tx) error {
		var err error
		insts, err = tx.Institutions(context.Background(), false)
		return err
	})
	return insts
}

// groupID finds a demo group's id by title.
func (f *fixture) groupID(title string) string {
	f.t.Helper()
	for _, g := range f.groups("37-41") {
		if g.Title == title {
			return itoa(g.ID)
		}
	}
	f.t.Fatalf("no group %q", title)
	return ""
}

// TestConcurrentEditConflict: two pilots open the same institution; the
// second to save is told, and keeps their text, without overwriting.
func TestConcurrentEditConflict(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	a, b := f.login("pilote"), f.login("pilote41")
	insts := f.institutions("37-41")
	path := fmt.Sprintf("/c/37-41/institutions/%d/modifier", insts[0].ID)
	formOf := func(c *client) url.Values {
		_, body := c.get(path)
		doc := parse(t, body)
		v := url.Values{}
		doc.Find("form input, form select, form textarea").Each(func(_ int, s *goquery.Selection) {
			name, _ := s.Attr("name")
			if name == "" || name == "logo" || name == "supprimer_logo" {
				return
			}
			if goquery.NodeName(s) == "textarea" {
				v.Set(name, s.Text())
				return
			}
			if goquery.NodeName(s) == "select" {
				val, _ := s.Find("option[selected]").Attr("value")
				v.Set(name, val)
				return
			}
			val, _ := s.Attr("value")
			v.Set(name, val)
		})
		return v
	}
	fa, fb := formOf(a), formOf(b)
	fa.Set("description", "Texte de Claire.")
	if res, _ := a.postMultipart(path, fa); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("first save: %d", res.StatusCode)
	}
	fb.Set("description", "Texte de Luc, écrit en même temps.")
	res, body := b.postMultipart(path, fb)
	if res.StatusCode != http.StatusConflict {
		t.Fatalf("second save: %d, want 409", res.StatusCode)
	}
	doc := parse(t, body)
	if got := doc.Find("#f-description").Text(); got != "Texte de Luc, écrit en même temps." {
		t.Errorf("the second editor's text is not kept: %q", got)
	}
	if !strings.Contains(doc.Find("#version-actuelle").Parent().Text(), "Texte de Claire.") {
		t.Error("the version saved meanwhile is not shown")
	}
	var got *clts.Institution
	f.read("37-41", "", func(tx *postgres.Tx) error {
		var err error
		got, err = tx.InstitutionByID(context.Background(), insts[0].ID)
		return err
	})
	if got.Description != "Texte de Claire." {
		t.Errorf("stored description %q: the conflict overwrote the first save", got.Description)
	}
	// Saving again from the conflict page builds on the current version.
	version, _ := doc.Find(`input[name="version"]`).Attr("value")
	fb.Set("version", version)
	if res, _ := b.postMultipart(path, fb); res.StatusCode != http.StatusSeeOther {
		t.Errorf("save after reviewing the conflict: %d", res.StatusCode)
	}
}

func TestDirectoryExportFormat(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	pilot := f.login("pilote")
	// A hostile name must not run as a formula in a spreadsheet.
	if _, err := f.db.App.Pool().Exec(context.Background(), `UPDATE accounts SET display_name = '=HYPERLINK("http://x")' WHERE login = 'professionnel'`); err != nil {
		t.Fatal(err)
	}
	res, body := pilot.get("/c/37-41/annuaire/export.csv")
	if res.StatusCode != http.StatusOK || !strings.HasPrefix(res.Header.Get("Content-Type"), "text/csv") {
		t.Fatalf("export: %d %s", res.StatusCode, res.Header.Get("Content-Type"))
	}
	if !strings.HasPrefix(body, "\ufeffNom;Rôle;Institution;") {
		t.Errorf("no BOM or ';' header: %q", body[:40])
	}
	if !strings.Contains(body, "\r\n") || strings.Count(body, "\r\n") != strings.Count(body, "\n") {
		t.Error("lines do not end with CRLF")
	}
	if !strings.Contains(body, `"'=HYPERLINK(""http://x"")"`) {
		t.Errorf("formula not neutralized:\n%s", body)
	}
	if !strings.Contains(res.Header.Get("Content-Disposition"), "annuaire-37-41.csv") {
		t.Errorf("Content-Disposition %q", res.Header.Get("Content-Disposition"))
	}
}

// addMembers inserts n active members into committee slug, straight in SQL.
func (f *fixture) addMembers(slug string, n int) {
	f.t.Helper()
	ctx := context.Background()
	conn := f.committeeConn(slug)
	defer conn.Close(ctx)
	cid := f.committees[slug]
	_, err := conn.Exec(ctx, `WITH a AS (
			INSERT INTO accounts (login, display_name, password_hash)
			SELECT 'membre-' || $2 || '-' || g, 'Membre ' || g || ' Test', 'x' FROM generate_series(1, $3) g
			RETURNING id)
		INSERT INTO memberships (committee_id, account_id, role, departement)
		SELECT $1, id, (ARRAY['partenaire','professionnel','personne_accompagnee'])[1 + id % 3], '37' FROM a`,
		cid, slug, n)
	if err != nil {
		f.t.Fatal(err)
	}
}

func TestDirectoryQueryCountIsConstant(t *testing.T) {
	t.Parallel()
	small, large := newFixture(t), newFixture(t)
	small.addMembers("37-41", 10)
	large.addMembers("37-41", 1000)
	for _, path := range []string{"/c/37-41/annuaire", "/c/37-41/annuaire?page=3&tri=role", "/c/37-41/groupes", "/c/37-41/institutions", "/c/37-41/membres", "/c/37-41/membres?page=3"} {
		a, b := small.countQueries("pilote", path), large.countQueries("pilote", path)
		if a != b || b > maxQueriesPerPage {
			t.Errorf("%s: %d queries with 10 members, %d with 1,000; want the same number, at most %d", path, a, b, maxQueriesPerPage)
		}
		t.Logf("%s: %d queries", path, a)
	}
}

func TestDirectorySearchIgnoresAccentsAndCase(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	if _, err := f.db.App.Pool().Exec(context.Background(), `UPDATE accounts SET display_name = 'Éloïse Lefèvre' WHERE login = 'professionnel'`); err != nil {
		t.Fatal(err)
	}
	pilot := f.login("pilote")
	for _, q := range []string{"eloise", "LEFEVRE", "Éloïse", "oïse lef"} {
		_, body := pilot.get("/c/37-41/annuaire?q=" + url.QueryEscape(q))
		if !strings.Contains(body, "Éloïse Lefèvre") {
			t.Errorf("search %q does not find Éloïse Lefèvre", q)
		}
	}
	_, body := pilot.get("/c/37-41/annuaire?q=" + url.QueryEscape("100%"))
	if !strings.Contains(body, "Aucun membre ne correspond") {
		t.Error("a % in the search matches everyone")
	}
}

// Names sort as in a French dictionary: accents and case do not send
// Céline after Claire, nor Élodie after Zoé.
func TestListsSortInFrenchOrder(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	if _, err := f.db.App.Pool().Exec(context.Background(), `UPDATE accounts SET display_name = CASE login
		WHEN 'professionnel' THEN 'élodie Vasseur' WHEN 'partenaire' THEN 'Zoé Adam' ELSE display_name END`); err != nil {
		t.Fatal(err)
	}
	pilot := f.login("pilote")
	for _, page := range []string{"/c/37-41/annuaire", "/c/37-41/membres"} {
		_, body := pilot.get(page)
		text := parse(t, body).Find("main").Text()
		order := []string{"Camille Durand", "Céline Gauthier", "Claire Martin", "élodie Vasseur", "Fatima B", "Zoé Adam"}
		last, prev := -1, ""
		for _, name := range order {
			i := strings.Index(text, name)
			if i < 0 {
				t.Fatalf("%s: %q not listed", page, name)
			}
			if i < last {
				t.Errorf("%s: %q comes before %q", page, name, prev)
			}
			last, prev = i, name
		}
	}
}

// A member whose role becomes personne accompagnée is protected at once, as
// if invited so: first name and initial, no contact details.
func TestNewSupportedPersonIsProtected(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := f.accounts["partenaire"]
	res, _ := f.login("pilote").post(fmt.Sprintf("/c/37-41/membres/%d/role", id), url.Values{"role": {string(clts.RoleAccompagne)}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("role change: %d", res.StatusCode)
	}
	pro := f.login("professionnel")
	for _, page := range []string{"/c/37-41/annuaire", fmt.Sprintf("/c/37-41/annuaire/%d", id)} {
		_, body := pro.get(page)
		if strings.Contains(body, "Karim Benali") || strings.Contains(body, "partenaire@demo.test") || !strings.Contains(body, "Karim B.") {
			t.Errorf("%s shows the new supported person's full name or address", page)
		}
	}
}

// A lead who is not a pilot adds members but cannot demote a co-lead.
func TestLeadCannotDemoteCoLead(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	ctx := context.Background()
	id := f.groupID("Participation des personnes accompagnées")
	path := "/c/37-41/groupes/" + id
	var coLead *clts.Account
	f.read("", "", func(tx *postgres.Tx) error {
		var err error
		coLead, err = tx.AccountByIdentifier(ctx, "marcel.girard")
		return err
	})
	lead := f.login("accompagne") // leads the group with Marcel Girard
	res, _ := lead.post(path+"/membres", url.Values{"compte": {fmt.Sprint(coLead.ID)}, "statut": {clts.StatusMember}})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("a lead demotes a co-lead: %d, want 403", res.StatusCode)
	}
	var st string
	f.read("37-41", "", func(tx *postgres.Tx) error {
		var err error
		st, err = tx.GroupStatus(ctx, mustInt(t, id), coLead.ID)
		return err
	})
	if st != clts.StatusLead {
		t.Errorf("co-lead's status is now %q", st)
	}
	res, _ = lead.post(path+"/membres", url.Values{"compte": {fmt.Sprint(f.accounts["partenaire"])}, "statut": {clts.StatusMember}})
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("a lead adds a member: %d, want 303", res.StatusCode)
	}
}

// A name typed with a non-breaking space is stored with an ordinary one, so
// the directory's search, which runs on the name a viewer may see, cannot
// confirm a hidden surname.
func TestNonBreakingSpaceCannotRevealASurname(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	jean := f.login("accompagne")
	if res, _ := jean.post("/compte/nom", url.Values{"nom": {"Jean\u00a0Dupuis"}, "version": {"1"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("rename: %d", res.StatusCode)
	}
	partner := f.login("partenaire")
	if _, body := partner.get("/c/37-41/annuaire?q=dupuis"); !strings.Contains(body, "Aucun membre ne correspond") {
		t.Error("searching the hidden surname finds the supported person")
	}
	if _, body := partner.get("/c/37-41/annuaire"); !strings.Contains(body, "Jean D.") {
		t.Error("the supported person is not shown as Jean D.")
	}
}

// An archived group is frozen until restored; its counts follow the group
// page, which lists active members only.
func TestArchivedGroupAndCounts(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	count := func() (int, int64) {
		for _, g := range f.groups("37-41") {
			if g.Title == "Accès aux droits à l'ère numérique" {
				return g.Members, g.ID
			}
		}
		t.Fatal("demo group missing")
		return 0, 0
	}
	before, id := count()
	pilot := f.login("pilote")
	if res, _ := pilot.post(fmt.Sprintf("/c/37-41/membres/%d/statut", f.accounts["partenaire"]), url.Values{"actif": {"non"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("deactivate: %d", res.StatusCode)
	}
	if after, _ := count(); after != before-1 {
		t.Errorf("members after deactivating one: %d, want %d", after, before-1)
	}

	// A group with planned meetings is not archived: its meetings are
	// cancelled first.
	for _, m := range f.meetingsBetween("37-41", time.Now(), time.Now().AddDate(2, 0, 0), 100) {
		if m.GroupID == id && m.Status == clts.MeetingPlanned {
			if res, _ := pilot.post(fmt.Sprintf("/c/37-41/reunions/%d/annuler", m.ID), url.Values{"motif": {"Le groupe s'arrête."}}); res.StatusCode != http.StatusSeeOther {
				t.Fatalf("cancel meeting %d: %d", m.ID, res.StatusCode)
			}
		}
	}
	path := fmt.Sprintf("/c/37-41/groupes/%d", id)
	if res, _ := pilot.post(path+"/archiver", url.Values{"archive": {"oui"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("archive: %d", res.StatusCode)
	}
	if res, _ := pilot.get(path + "/modifier"); res.StatusCode != http.StatusConflict {
		t.Errorf("edit form of an archived group: %d, want 409", res.StatusCode)
	}
	if res, _ := pilot.post(path+"/modifier", url.Values{"titre": {"Nouveau titre"}, "version": {"1"}}); res.StatusCode != http.StatusConflict {
		t.Errorf("edit of an archived group: %d, want 409", res.StatusCode)
	}
}

// The last lead of an active group cannot leave it without a successor.
func TestLastLeadCannotLeave(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	path := "/c/37-41/groupes/" + f.groupID("Travail en réseau") // led by Luc Moreau alone
	luc := f.login("pilote41")
	res, body := luc.post(path+"/quitter", url.Values{})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "anime ce groupe : demandez aux pilotes") {
		t.Errorf("the only lead leaves: %d", res.StatusCode)
	}
	// With a second lead appointed, they can.
	if res, _ := f.login("pilote").post(path+"/membres", url.Values{"compte": {fmt.Sprint(f.accounts["professionnel"])}, "statut": {clts.StatusLead}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("appoint: %d", res.StatusCode)
	}
	if res, _ := luc.post(path+"/quitter", url.Values{}); res.StatusCode != http.StatusSeeOther {
		t.Errorf("a lead with a co-lead leaves: %d, want 303", res.StatusCode)
	}
}

// A member attached to an institution since archived still shows it in the
// pilot's form, marked archived, instead of "Aucune institution".
func TestArchivedInstitutionStaysSelected(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var caf int64
	for _, i := range f.institutions("37-41") {
		if i.Name == "CAF Touraine" {
			caf = i.ID
		}
	}
	pilot := f.login("pilote")
	if res, _ := pilot.post(fmt.Sprintf("/c/37-41/institutions/%d/archiver", caf), url.Values{"archive": {"oui"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("archive: %d", res.StatusCode)
	}
	_, body := pilot.get(fmt.Sprintf("/c/37-41/annuaire/%d", f.accounts["partenaire"]))
	if got := strings.TrimSpace(parse(t, body).Find(`select[name="institution"] option[selected]`).Text()); got != "CAF Touraine (archivée)" {
		t.Errorf("selected institution %q, want CAF Touraine (archivée)", got)
	}
}

// A group with planned meetings is not archived until they are cancelled.
func TestGroupWithPlannedMeetingsIsNotArchived(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	path := "/c/37-41/groupes/" + f.groupID("Participation des personnes accompagnées") // has an upcoming meeting in the demo
	res, body := f.login("pilote").post(path+"/archiver", url.Values{"archive": {"oui"}})
	if res.StatusCode != http.StatusConflict || !strings.Contains(body, "annulez-les avant de l&#39;archiver") {
		t.Errorf("archiving a group with a planned meeting: %d, want 409 with a message", res.StatusCode)
	}
}

// When an institution form comes back with an error, the pilot is told to
// choose the logo file again: browsers never keep it.
func TestInstitutionFormErrorAsksForTheLogoAgain(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	var png bytes.Buffer
	if err := imagepng.Encode(&png, image.NewGray(image.Rect(0, 0, 1, 1))); err != nil {
		t.Fatal(err)
	}
	boundary := "clts-test-boundary"
	var b strings.Builder
	for k, v := range map[string]string{"nom": "", "type": "association", "departements": "37"} {
		fmt.Fprintf(&b, "--%s\r\nContent-Disposition: form-data; name=%q\r\n\r\n%s\r\n", boundary, k, v)
	}
	fmt.Fprintf(&b, "--%s\r\nContent-Disposition: form-data; name=\"logo\"; filename=\"logo.png\"\r\nContent-Type: image/png\r\n\r\n%s\r\n", boundary, png.String())
	fmt.Fprintf(&b, "--%s--\r\n", boundary)
	res, body := f.login("pilote").doRaw(http.MethodPost, "/c/37-41/institutions/nouvelle", "multipart/form-data; boundary="+boundary, b.String())
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "le fichier du logo doit être choisi de nouveau") {
		t.Errorf("form error with a logo: %d, no word about the logo", res.StatusCode)
	}
}

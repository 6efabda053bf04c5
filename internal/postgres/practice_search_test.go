package postgres_test

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// searchFixture is a catalogue of published practices with known French
// content, across the seven seed themes (theme is an index of
// searchThemes).
var searchFixture = []struct {
	key, theme           int
	title, summary, text string
}{
	// Participation of supported persons.
	{1, 0, "Un conseil des personnes accompagnées au CCAS",
		"Des personnes accompagnées se réunissent chaque trimestre pour donner leur avis sur l'accueil et les aides facultatives du CCAS.",
		"Le conseil a revu les courriers de refus d'aide, jugés incompréhensibles. Il participe au jury d'attribution des aides facultatives."},
	{2, 0, "Des pairs-aidants à l'accueil du service social",
		"Deux anciennes personnes accompagnées, formées et rémunérées, accueillent le public avec les travailleurs sociaux.",
		"La pair-aidance rassure les personnes qui n'osent pas pousser la porte. Les pairs aidants suivent une formation de trois mois."},
	{3, 0, "Co-construire la formation des travailleurs sociaux avec les personnes concernées",
		"Des personnes accompagnées interviennent dans les modules de l'école de travail social, aux côtés des formateurs.",
		"Les étudiants entendent le récit du parcours d'aide du point de vue de la personne. Des pairs aidants co-animent certains modules ; les interventions sont rémunérées."},
	// Mutual knowledge of institutions and professions.
	{4, 1, "Immersions croisées entre professionnels du département et de la CAF",
		"Pendant deux jours, un travailleur social passe dans le service d'un partenaire pour en découvrir le métier et les contraintes.",
		"Chaque immersion donne lieu à une fiche « ce que j'ai appris ». Plus de cent professionnels ont participé depuis 2017."},
	{5, 1, "Un annuaire partagé des partenaires du territoire",
		"Un annuaire en ligne, tenu à jour par chaque institution, dit qui fait quoi et comment joindre le bon interlocuteur.",
		"L'annuaire recense les services sociaux, les associations caritatives, les points d'accueil et leurs horaires."},
	{6, 1, "Petits-déjeuners des métiers du social",
		"Chaque mois, une institution présente ses missions aux professionnels des autres structures autour d'un café.",
		"Conseillers en insertion, assistants de service social et éducateurs apprennent à connaître leurs métiers respectifs. Un annuaire des partenaires est remis aux participants ; des immersions croisées prolongent parfois la rencontre."},
	// Network working.
	{7, 2, "Coordination locale contre les violences conjugales",
		"Un réseau réunit gendarmerie, hôpital, associations et services sociaux pour mettre à l'abri les victimes de violences conjugales.",
		"Une fiche de liaison commune évite à la victime de répéter son histoire. Le réseau se réunit tous les deux mois."},
	{8, 2, "Une mobilité solidaire en milieu rural",
		"Des bénévoles conduisent les personnes sans voiture vers leurs rendez-vous d'emploi, de santé ou d'accès aux droits.",
		"Le transport solidaire couvre vingt communes rurales. Les trajets sont réservés par téléphone auprès du CIAS."},
	{9, 2, "Cellule de veille pour les situations d'impayés de loyer",
		"Bailleurs, CAF et services sociaux examinent ensemble les impayés de loyer pour prévenir les expulsions locatives.",
		"La cellule intervient dès le deuxième mois d'impayé, avant toute procédure d'expulsion, et oriente si besoin vers la commission de surendettement."},
	// The single coordinating referent.
	{10, 3, "Un référent de parcours pour les situations complexes",
		"Une seule personne coordonne l'accompagnement quand plusieurs services interviennent auprès d'une même famille.",
		"Le référent de parcours réunit les intervenants, construit un plan d'action partagé avec la personne et en suit la mise en œuvre."},
	{11, 3, "Accompagner les jeunes majeurs sortant de l'aide sociale à l'enfance",
		"Un éducateur référent suit chaque jeune de dix-sept à vingt et un ans pour le logement, la formation et les ressources.",
		"Le contrat jeune majeur est préparé six mois avant la majorité ; aucun jeune ne sort sans solution de logement. Le référent reste le même tout au long du parcours."},
	{12, 3, "Le logement d'abord pour les personnes sans domicile",
		"Des personnes sans domicile accèdent directement à un logement ordinaire, avec un accompagnement intensif à domicile.",
		"Le programme s'inspire de « Un chez-soi d'abord ». L'accompagnement pluridisciplinaire mobilise santé, logement et insertion, et prévient les expulsions."},
	// Access to rights in the digital age.
	{13, 4, "Permanences d'aide aux démarches numériques en médiathèque",
		"Des conseillers numériques aident les habitants à créer leurs comptes en ligne et à faire leurs démarches administratives.",
		"Les permanences ont lieu deux fois par semaine à la médiathèque. Les habitants apprennent à utiliser une messagerie."},
	{14, 4, "Rendez-vous des droits pour lutter contre le non-recours",
		"Un entretien approfondi passe en revue tous les droits sociaux d'une famille : prestations, santé, énergie, transport.",
		"Le non-recours aux prestations recule : une famille sur deux découvre un droit qu'elle ignorait. Les violences conjugales repérées pendant l'entretien sont orientées vers le réseau local."},
	{15, 4, "Un écrivain public itinérant dans les villages",
		"Un écrivain public se déplace dans les mairies rurales pour aider à rédiger courriers, dossiers et recours.",
		"Il aide aussi aux démarches en ligne, mais son cœur de métier reste l'écrit administratif. Il vient à ceux que le manque de mobilité isole dans les villages ruraux."},
	// Transmission of the values of the Republic.
	{16, 5, "Former les professionnels à la laïcité",
		"Une formation de deux jours aide les travailleurs sociaux à répondre aux situations concrètes où la laïcité est en jeu.",
		"Études de cas, apports juridiques et échanges de pratiques. Un référent laïcité répond aux questions toute l'année."},
	{17, 5, "Ateliers citoyenneté pour les jeunes en insertion",
		"Des ateliers sur les institutions, le vote et l'égalité entre les femmes et les hommes, avec des jeunes en garantie jeunes.",
		"Les jeunes rencontrent des élus et visitent la préfecture. Les valeurs de la République, dont la laïcité, sont abordées par le débat. Les jeunes majeurs sont accompagnés jusqu'à leur première inscription sur les listes électorales."},
	// Visibility and evaluation of social work.
	{18, 6, "Mesurer l'impact social des actions collectives",
		"Une méthode simple pour évaluer ce que les actions collectives changent pour les personnes, avec des indicateurs partagés.",
		"D'abord, les personnes choisissent avec les professionnels les indicateurs qui comptent pour elles : logement, santé, lien social. Questionnaires avant et après, entretiens, et un tableau de bord présenté aux élus chaque année."},
	{19, 6, "Un journal des travailleurs sociaux pour faire connaître leurs métiers",
		"Une lettre trimestrielle raconte le quotidien des travailleurs sociaux aux habitants et aux élus du territoire.",
		"Portraits, chiffres clés et témoignages rendent visible un travail souvent méconnu. Le conseil de rédaction compte deux personnes accompagnées. Une enquête auprès des lecteurs permet d'évaluer l'impact de la lettre."},
	{20, 6, "Observatoire départemental des besoins sociaux",
		"Les données des institutions sont rassemblées pour repérer les besoins émergents du territoire et orienter les politiques sociales.",
		"L'observatoire publie chaque année une analyse par bassin de vie, et une estimation du non-recours aux droits."},
	// More on the same words, so the queries must rank and not just match.
	{21, 2, "Café des parents au centre social",
		"Un temps d'échange sur la parentalité et l'éducation des enfants, animé par une conseillère en économie sociale et familiale.",
		"Les parents échangent sur le numérique à la maison, les écrans et la scolarité. L'accompagnement à la parentalité est collectif."},
	{22, 4, "Accompagnement budgétaire des familles endettées",
		"Une conseillère accompagne les familles surendettées pour établir un budget et monter un dossier de surendettement.",
		"Des ateliers collectifs sur le budget, l'énergie et les démarches en ligne complètent l'accompagnement individuel. Un écrivain public aide à rédiger les courriers aux créanciers ; le soutien à la parentalité est proposé aux familles qui le souhaitent."},
}

var searchThemes = []string{
	"Participation des personnes accompagnées", "Connaissance mutuelle des institutions et des métiers", "Travail en réseau",
	"Référent de parcours", "Accès aux droits à l'ère du numérique", "Transmission des valeurs de la République",
	"Visibilité et évaluation du travail social",
}

// loadSearchFixture publishes searchFixture in committee a and returns
// the ids by key, and the themes' ids by index.
func loadSearchFixture(t *testing.T, w *practiceWorld) (ids map[int]int64, themes []int64) {
	t.Helper()
	ctx := context.Background()
	ids = map[int]int64{}
	pgtest.MustWrite(t, w.db, w.in(w.a, w.pilotA), func(tx *postgres.Tx) error {
		for _, title := range searchThemes {
			id, err := tx.CreateGroup(ctx, clts.Group{Title: title})
			if err != nil {
				return err
			}
			themes = append(themes, id)
		}
		for i, f := range searchFixture {
			p := clts.Practice{Title: f.title, Summary: f.summary, Context: f.text, Actions: "Voir le contexte.",
				GroupIDs: []int64{themes[f.theme]}, Departement: []string{"37", "41"}[i%2], StartYear: 2015 + i%5, Running: i%3 != 0}
			id, err := tx.CreatePractice(ctx, p, postgres.PracticeTexts{})
			if err != nil {
				return err
			}
			if err := tx.SubmitPractice(ctx, id); err != nil {
				return err
			}
			if err := tx.PublishPractice(ctx, id); err != nil {
				return err
			}
			ids[f.key] = id
		}
		return nil
	})
	return ids, themes
}

// search runs q in scope sc. A search (q.Text) runs twice, planned for
// its parameters and with a generic plan (Scope.GenericPlans, as the
// catalogue pages run it), and both must give the same page.
func search(t *testing.T, w *practiceWorld, sc postgres.Scope, q postgres.PracticeQuery) ([]clts.PracticeHit, int) {
	t.Helper()
	run := func(sc postgres.Scope) ([]clts.PracticeHit, int) {
		t.Helper()
		var hits []clts.PracticeHit
		var total int
		pgtest.MustRead(t, w.db, sc, func(tx *postgres.Tx) error {
			var err error
			if sc.National {
				hits, total, err = tx.NationalPractices(context.Background(), q)
			} else {
				hits, total, err = tx.Practices(context.Background(), q)
			}
			return err
		})
		return hits, total
	}
	hits, total := run(sc)
	if q.Text != "" {
		generic := sc
		generic.GenericPlans = true
		// Twice: the first execution of a connection plans, the next ones
		// reuse the plan.
		for range 2 {
			if ghits, gtotal := run(generic); gtotal != total || !reflect.DeepEqual(ghits, hits) {
				t.Errorf("%+v: with a generic plan %d hits of %d, planned for its parameters %d of %d:\n%+v\n%+v",
					q, len(ghits), gtotal, len(hits), total, ghits, hits)
			}
		}
	}
	return hits, total
}

// TestPracticeSearchRanking: queries typed as a user would — accents
// left out, plurals, verb forms, two words — find the expected sheet
// first among practices that share some of their words.
func TestPracticeSearchRanking(t *testing.T) {
	t.Parallel()
	w := newPracticeWorld(t)
	ids, _ := loadSearchFixture(t, w)
	for _, c := range []struct {
		query string
		want  int
	}{
		{"numerique", 13},             // accents left out: « numériques »
		{"demarches en ligne", 13},    // accents left out, two words
		{"referents de parcours", 10}, // plural of « référent »
		{"accompagner les jeunes majeurs", 11},
		{"laicite", 16},                 // « laïcité » without its diaeresis
		{"immersion croisee", 4},        // singular of « immersions croisées »
		{"pair aidant", 2},              // « pairs-aidants », « pair-aidance »
		{"évaluer l'impact", 18},        // verb for « évaluation », « impact »
		{"annuaire des partenaires", 5}, // two words
		{"violence conjugale", 7},       // singular
		{"expulsion", 9},                // « expulsions locatives »
		{"mobilite rurale", 8},          // « mobilité », « rural »
		{"surendettement", 22},          // « surendettées », « surendettement »
		{"ecrivains publics", 15},       // plural, no accent
		{"non-recours aux droits", 14},  // hyphenated word
		{"parentalité", 21},             // in the body only
		{"logement d'abord", 12},        // title words
		{"conseil des personnes accompagnees", 1},
	} {
		t.Run(c.query, func(t *testing.T) {
			hits, total := search(t, w, w.in(w.a, w.memberA), postgres.PracticeQuery{Text: c.query})
			if len(hits) == 0 {
				t.Fatalf("%q finds nothing, want %q first", c.query, searchFixture[c.want-1].title)
			}
			if hits[0].ID != ids[c.want] {
				var got []string
				for _, h := range hits {
					got = append(got, h.Title)
				}
				t.Errorf("%q: first %q, want %q; all: %q", c.query, hits[0].Title, searchFixture[c.want-1].title, got)
			}
			// A query that finds its sheet alone proves nothing about ranking.
			if len(hits) < 2 {
				t.Errorf("%q finds only %q: the fixture needs another practice with these words", c.query, hits[0].Title)
			}
			if total != len(hits) {
				t.Errorf("%q: total %d for %d hits on one page", c.query, total, len(hits))
			}
			for i := 1; i < len(hits); i++ {
				if hits[i].Rank > hits[i-1].Rank {
					t.Errorf("%q: hit %d ranks %f above hit %d (%f)", c.query, i, hits[i].Rank, i-1, hits[i-1].Rank)
				}
			}
		})
	}
}

// TestPracticeSearchHeadline: the headline is the summary, escaped, with
// the matches in <mark> — a title or summary holding markup stays text.
func TestPracticeSearchHeadline(t *testing.T) {
	t.Parallel()
	w := newPracticeWorld(t)
	p := complete(`<script>alert("titre")</script> Ateliers numériques`)
	p.Summary = `Atelier <script>alert("x")</script> sur le numérique & l'accès aux droits <b>en ligne</b>` + "\x01 fin \x02."
	id := w.inState(w.a, w.authorA, w.pilotA, p, clts.PracticePublished, false)
	hits, _ := search(t, w, w.in(w.a, w.memberA), postgres.PracticeQuery{Text: "numerique droit"})
	if len(hits) != 1 || hits[0].ID != id {
		t.Fatalf("hits: %+v", hits)
	}
	h := hits[0].Headline
	want := `Atelier &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt; sur le <mark>numérique</mark> &amp; l&#39;accès aux <mark>droits</mark> &lt;b&gt;en ligne&lt;/b&gt; fin .`
	if h != want {
		t.Errorf("headline\n%s\nwant\n%s", h, want)
	}
	if hits[0].Title != p.Title {
		t.Errorf("the title is stored as typed (pages escape it): %q", hits[0].Title)
	}
	// Without a search, the headline is the escaped summary.
	hits, _ = search(t, w, w.in(w.a, w.memberA), postgres.PracticeQuery{})
	if len(hits) != 1 || strings.Contains(hits[0].Headline, "<") || !strings.Contains(hits[0].Headline, "&lt;script&gt;") {
		t.Errorf("headline without a search: %q", hits[0].Headline)
	}
}

// TestPracticeSearchFilters: filters, sorting, paging and the total of
// the committee's catalogue, and what the lists by state show.
func TestPracticeSearchFilters(t *testing.T) {
	t.Parallel()
	w := newPracticeWorld(t)
	ids, themes := loadSearchFixture(t, w)
	sc := w.in(w.a, w.memberA)
	titles := func(hits []clts.PracticeHit) []string {
		var out []string
		for _, h := range hits {
			out = append(out, h.Title)
		}
		return out
	}

	t.Run("Catalogue", func(t *testing.T) {
		hits, total := search(t, w, sc, postgres.PracticeQuery{Limit: 5})
		if total != len(searchFixture) || len(hits) != 5 {
			t.Fatalf("%d hits of %d, want 5 of %d", len(hits), total, len(searchFixture))
		}
		// Newest first: the last published.
		if hits[0].ID != ids[22] || hits[4].ID != ids[18] {
			t.Errorf("catalogue by date: %q", titles(hits))
		}
		page3, total := search(t, w, sc, postgres.PracticeQuery{Limit: 5, Offset: 20})
		if total != len(searchFixture) || len(page3) != 2 || page3[1].ID != ids[1] {
			t.Errorf("last page: %q of %d", titles(page3), total)
		}
		if len(hits[0].Groups) != 1 || hits[0].Groups[0] != searchThemes[4] || hits[0].AuthorName != "Claire Pilote" {
			t.Errorf("a hit's themes %v and author %q", hits[0].Groups, hits[0].AuthorName)
		}
	})
	t.Run("Theme", func(t *testing.T) {
		hits, total := search(t, w, sc, postgres.PracticeQuery{GroupID: themes[4]})
		if total != 4 {
			t.Errorf("theme %q: %d practices %q, want 4", searchThemes[4], total, titles(hits))
		}
	})
	t.Run("SearchByDate", func(t *testing.T) {
		hits, _ := search(t, w, sc, postgres.PracticeQuery{Text: "numerique", ByDate: true})
		if len(hits) != 2 || hits[0].ID != ids[21] || hits[1].ID != ids[13] {
			t.Errorf("« numerique » by date: %q, want the newest first", titles(hits))
		}
	})
	t.Run("DepartementYearRunning", func(t *testing.T) {
		hits, total := search(t, w, sc, postgres.PracticeQuery{Departement: "41", Year: 2015 + 1, RunningOnly: true})
		// Index i has departement 41 when odd, year 2016 when i%5 == 1, running when i%3 != 0.
		var want []string
		for i := len(searchFixture) - 1; i >= 0; i-- {
			if i%2 == 1 && i%5 == 1 && i%3 != 0 {
				want = append(want, searchFixture[i].title)
			}
		}
		if total != len(want) || strings.Join(titles(hits), "|") != strings.Join(want, "|") {
			t.Errorf("41, 2016, running: %q, want %q", titles(hits), want)
		}
	})
	t.Run("Institution", func(t *testing.T) {
		p := w.practice(w.a, w.pilotA, ids[9])
		p.InstitutionIDs = []int64{w.instA[0]}
		w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
			return tx.UpdatePractice(ctx, *p, postgres.PracticeTexts{})
		})
		hits, total := search(t, w, sc, postgres.PracticeQuery{InstitutionID: w.instA[0]})
		if total != 1 || hits[0].ID != ids[9] {
			t.Errorf("institution filter: %q", titles(hits))
		}
	})
	t.Run("StopWordsOnly", func(t *testing.T) {
		_, total := search(t, w, sc, postgres.PracticeQuery{Text: "de la"})
		if total != len(searchFixture) {
			t.Errorf("a search of stop words only lists %d practices, want the whole catalogue", total)
		}
		hits, total := search(t, w, sc, postgres.PracticeQuery{Text: "zythologie"})
		if total != 0 || len(hits) != 0 {
			t.Errorf("a word found nowhere lists %q", titles(hits))
		}
	})
	t.Run("States", func(t *testing.T) {
		draft := w.create(w.a, w.authorA, complete("Brouillon de Paul"))
		submitted := w.inState(w.a, w.authorA, w.pilotA, complete("Proposée par Paul"), clts.PracticeSubmitted, false)
		// The catalogue shows neither.
		if _, total := search(t, w, w.in(w.a, w.authorA), postgres.PracticeQuery{}); total != len(searchFixture) {
			t.Errorf("the catalogue lists %d practices, want the %d published", total, len(searchFixture))
		}
		// The author's own list shows both; another's view of them, neither.
		hits, _ := search(t, w, w.in(w.a, w.authorA), postgres.PracticeQuery{AuthorID: w.authorA})
		if len(hits) != 2 || hits[0].ID != submitted || hits[1].ID != draft {
			t.Errorf("Paul's own practices: %q", titles(hits))
		}
		if _, total := search(t, w, sc, postgres.PracticeQuery{AuthorID: w.authorA}); total != 0 {
			t.Errorf("another member sees %d of Paul's unpublished practices", total)
		}
		// The pilot's list of submitted ones; drafts are their author's alone.
		if hits, _ := search(t, w, w.in(w.a, w.pilotA), postgres.PracticeQuery{Status: clts.PracticeSubmitted}); len(hits) != 1 || hits[0].ID != submitted {
			t.Errorf("submitted practices: %q", titles(hits))
		}
		if _, total := search(t, w, w.in(w.a, w.pilotA), postgres.PracticeQuery{Status: clts.PracticeDraft}); total != 0 {
			t.Errorf("the pilot's list of drafts shows %d of others' drafts", total)
		}
	})
}

// TestPracticeSearchGenericPlans: a unit of work with Scope.GenericPlans
// reuses generic plans, for its transaction only; the pooled connection
// goes back to planning each statement for its parameters.
func TestPracticeSearchGenericPlans(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t).App
	mode := func(sc postgres.Scope) string {
		t.Helper()
		var m string
		pgtest.MustRead(t, db, sc, func(tx *postgres.Tx) error {
			return tx.PG().QueryRow(context.Background(), `SELECT current_setting('plan_cache_mode')`).Scan(&m)
		})
		return m
	}
	for i, c := range []struct {
		generic bool
		want    string
	}{{false, "force_custom_plan"}, {true, "force_generic_plan"}, {false, "force_custom_plan"}} {
		if got := mode(postgres.Scope{GenericPlans: c.generic}); got != c.want {
			t.Errorf("unit of work %d (GenericPlans %v): plan_cache_mode %s, want %s", i, c.generic, got, c.want)
		}
	}
}

package postgres_test

import (
	"context"
	"testing"

	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestHighlightIsTsHeadline: the words that a list of a search marks
// from a text's word list (clts_words, highlight) are those that
// ts_headline marks in the text with HighlightAll, for the texts of the
// search fixture and texts made to trip it up (hyphenated words, accents
// and capitals, apostrophes, addresses, markup, sentinels, a word
// repeated or found inside an earlier one), under queries of one word,
// several, a phrase, "or" and a negation.
func TestHighlightIsTsHeadline(t *testing.T) {
	t.Parallel()
	db := pgtest.New(t)
	texts := []string{
		"L'accès-aux-droits, c'est www.exemple.fr/acces/droits et acces@exemple.fr : 3,5 % Numérique  ÉTÉ « porte-à-porte » accès",
		"Numérisation du numérique : la NUMÉRIQUE, numériques, numériser.",
		`Atelier <script>alert("x")</script> sur le numérique & l'accès aux <b>droits</b>` + "\x01 fin \x02.",
		"<span>span</span> droits droit DROITS d'accès",
		"Accompagner l'accompagnement des personnes accompagnées vers l'emploi, 2024-2025.",
		"",
		"   ",
		"Aller vers : maraudes, permanences, visites à domicile (aller-vers).",
		"Voir <a title=\"x\x1fdroits\x1ey\">les droits</a> sur http://exemple.fr/droits et nu\x01mérique\x02.",
	}
	for _, f := range searchFixture {
		texts = append(texts, f.summary, f.title)
	}
	queries := []string{"numerique", "acces aux droits", `"acces aux droits"`, "accompagnement or emploi", "http",
		"droits -numerique", "aller vers", "porte", "exemple", "span", "2024", "le la les", "maraude domicile"}
	ctx := context.Background()
	pgtest.MustRead(t, db.App, postgres.Scope{}, func(tx *postgres.Tx) error {
		for _, text := range texts {
			for _, q := range queries {
				var words, query, headline string
				err := tx.PG().QueryRow(ctx, `SELECT clts_words($1), q::text,
						ts_headline('clts_french', translate($1, E'\x01\x02\x1e\x1f', ''), q, 'StartSel=`+"\x01"+`, StopSel=`+"\x02"+`, HighlightAll=true')
					FROM websearch_to_tsquery('clts_french', $2) q`, text, q).Scan(&words, &query, &headline)
				if err != nil {
					return err
				}
				got, want := postgres.Highlight(text, words, query), postgres.HeadlineHTML(headline)
				if got != want {
					t.Errorf("text %q, query %q (%s):\n got %s\nwant %s", text, q, query, got, want)
				}
			}
		}
		return nil
	})
}

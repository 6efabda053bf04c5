package export

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"
)

// TestWriteJSONSchema: the JSON export is one valid document that follows
// docs/exports.md: every field present with its type, no other field,
// null where a value is absent, and the count at the end.
func TestWriteJSONSchema(t *testing.T) {
	var buf bytes.Buffer
	yes := true
	f := Filter{CampaignYear: 2026, Text: "numérique", Retained: &yes}
	n, err := WriteJSON(&buf, f, time.Date(2026, 12, 2, 8, 0, 0, 0, time.UTC), eachOf(sampleContributions()))
	if err != nil || n != 3 {
		t.Fatalf("WriteJSON: %d, %v", n, err)
	}
	// The schema, as docs/exports.md gives it: decoding into these types
	// with unknown fields refused, then checking every key is present.
	type committee struct {
		Slug         string   `json:"identifiant"`
		Name         string   `json:"nom"`
		Departements []string `json:"departements"`
	}
	type period struct {
		Label                 string    `json:"periode"`
		From                  time.Time `json:"debut"`
		To                    time.Time `json:"fin"`
		Meetings              int       `json:"reunions_tenues"`
		Attendees             int       `json:"presences"`
		SupportedAttendees    int       `json:"presences_personnes_accompagnees"`
		DistinctSupported     int       `json:"personnes_accompagnees_distinctes"`
		MeetingsWithSupported int       `json:"reunions_avec_personne_accompagnee"`
	}
	type document struct {
		Format  string    `json:"format"`
		Version int       `json:"version"`
		At      time.Time `json:"genere_le"`
		Filter  struct {
			Label       string  `json:"libelle"`
			Campaign    *int    `json:"campagne"`
			Category    *string `json:"categorie"`
			Committee   *string `json:"comite"`
			Departement *string `json:"departement"`
			Text        *string `json:"mots"`
			Retained    *bool   `json:"retenues"`
		} `json:"filtre"`
		Contributions []struct {
			Committee     committee  `json:"comite"`
			Campaign      int        `json:"campagne"`
			Category      string     `json:"categorie"`
			CategoryLabel string     `json:"categorie_libelle"`
			ID            int64      `json:"id"`
			Edition       int        `json:"edition"`
			Corrects      *int64     `json:"corrige"`
			CorrectedBy   *int64     `json:"corrigee_par"`
			Title         string     `json:"titre"`
			Authors       string     `json:"auteurs"`
			Group         *string    `json:"groupe_de_travail"`
			TransmittedAt *time.Time `json:"transmise_le"`
			Text          string     `json:"texte"`
			Practices     []int64    `json:"pratiques_liees"`
			Indicators    *struct {
				Year                   int       `json:"annee"`
				ComputedAt             time.Time `json:"calcule_le"`
				Quarters               []period  `json:"trimestres"`
				Total                  period    `json:"annee_entiere"`
				Groups                 int       `json:"groupes"`
				GroupsCoLedBySupported int       `json:"groupes_coanimes_par_une_personne_accompagnee"`
				Institutions           []struct {
					Institution string `json:"institution"`
					Attendees   int    `json:"presences"`
					Meetings    int    `json:"reunions"`
				} `json:"presences_par_institution"`
			} `json:"indicateurs"`
			IndicatorsComment string `json:"commentaire_indicateurs"`
			Reading           struct {
				Read      bool       `json:"lue"`
				ReadAt    *time.Time `json:"lue_le"`
				Retained  bool       `json:"retenue"`
				Reply     string     `json:"reponse"`
				RepliedAt *time.Time `json:"repondu_le"`
			} `json:"lecture"`
		} `json:"contributions"`
		Count int `json:"nombre"`
	}
	dec := json.NewDecoder(bytes.NewReader(buf.Bytes()))
	dec.DisallowUnknownFields()
	var doc document
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("the export does not follow the schema: %v\n%s", err, buf.String())
	}
	if dec.More() {
		t.Error("more than one document")
	}
	if doc.Format != JSONFormat || doc.Version != 1 || doc.Count != 3 || len(doc.Contributions) != 3 {
		t.Errorf("format %q version %d count %d, %d contributions", doc.Format, doc.Version, doc.Count, len(doc.Contributions))
	}
	if doc.Filter.Campaign == nil || *doc.Filter.Campaign != 2026 || doc.Filter.Category != nil || doc.Filter.Text == nil || *doc.Filter.Retained != true {
		t.Errorf("filter %+v", doc.Filter)
	}
	c := doc.Contributions[0]
	if c.Committee.Slug != "37-41" || c.Authors != "Élodie Durand, Loïc Müller" || c.Title != `=HYPERLINK("http://x";"clic")` ||
		!c.Reading.Read || !c.Reading.Retained || c.Corrects != nil || c.Indicators != nil || c.Group == nil {
		t.Errorf("first contribution %+v", c)
	}
	if p := doc.Contributions[1]; p.Corrects == nil || *p.Corrects != 9 || len(p.Practices) != 2 || p.Group != nil {
		t.Errorf("second contribution %+v", p)
	}
	if ind := doc.Contributions[2].Indicators; ind == nil || ind.Total.Attendees != 40 || len(ind.Institutions) != 1 {
		t.Errorf("indicators %+v", ind)
	}
	// Every key of the schema is present in every contribution, even null.
	var loose struct {
		Contributions []map[string]json.RawMessage `json:"contributions"`
	}
	if err := json.Unmarshal(buf.Bytes(), &loose); err != nil {
		t.Fatal(err)
	}
	keys := "comite campagne categorie categorie_libelle id edition corrige corrigee_par titre auteurs groupe_de_travail transmise_le texte pratiques_liees indicateurs commentaire_indicateurs lecture"
	for i, m := range loose.Contributions {
		for _, k := range strings.Fields(keys) {
			if _, ok := m[k]; !ok {
				t.Errorf("contribution %d lacks %q", i, k)
			}
		}
		if len(m) != len(strings.Fields(keys)) {
			t.Errorf("contribution %d has %d keys", i, len(m))
		}
	}
	// An empty export is a valid document too.
	buf.Reset()
	if _, err := WriteJSON(&buf, Filter{}, time.Now(), eachOf(nil)); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(buf.Bytes(), &doc); err != nil || doc.Count != 0 || len(doc.Contributions) != 0 {
		t.Errorf("empty export: %v %s", err, buf.String())
	}
}

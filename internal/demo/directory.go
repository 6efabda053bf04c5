package demo

import (
	"context"
	"fmt"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// Institutions of the 37-41 committee, from the seed document.
func Institutions() []clts.Institution {
	return []clts.Institution{
		{Name: "Conseil départemental d'Indre-et-Loire", Kind: clts.KindConseilDepartemental, Departements: []string{"37"},
			Website: "https://www.touraine.fr", Description: "Chef de file de l'action sociale en Indre-et-Loire, copilote du comité."},
		{Name: "Conseil départemental de Loir-et-Cher", Kind: clts.KindConseilDepartemental, Departements: []string{"41"},
			Website: "https://www.departement41.fr", Description: "Chef de file de l'action sociale en Loir-et-Cher, copilote du comité."},
		{Name: "CAF Touraine", Kind: clts.KindPartenaire, Departements: []string{"37"}, Website: "https://www.caf.fr",
			Description: "Caisse d'allocations familiales de Touraine."},
		{Name: "UD CCAS 37", Kind: clts.KindPartenaire, Departements: []string{"37"},
			Description: "Union départementale des centres communaux d'action sociale d'Indre-et-Loire."},
		{Name: "CIAS du Blaisois", Kind: clts.KindPartenaire, Departements: []string{"41"},
			Description: "Centre intercommunal d'action sociale d'Agglopolys."},
		{Name: "ARS Centre-Val de Loire", Kind: clts.KindPartenaire, Departements: []string{"37", "41"}, Website: "https://www.centre-val-de-loire.ars.sante.fr",
			Description: "Agence régionale de santé."},
		{Name: "FAS Centre-Val de Loire", Kind: clts.KindFederation, Departements: []string{"37", "41"},
			Description: "Fédération des acteurs de la solidarité pour la région Centre."},
		{Name: "CRPA Centre-Val de Loire", Kind: clts.KindFederation, Departements: []string{"37", "41"},
			Description: "Conseil régional des personnes accompagnées."},
		{Name: "IRFSS Centre-Val de Loire", Kind: clts.KindFormation, Departements: []string{"37", "41"},
			Description: "Institut régional de formation sanitaire et sociale (Croix-Rouge française)."},
		{Name: "ITS de Tours", Kind: clts.KindFormation, Departements: []string{"37"},
			Description: "Institut du travail social de Tours."},
	}
}

// Groups are the seven seed themes of the 37-41 committee.
func Groups() []clts.Group {
	return []clts.Group{
		{Title: "Participation des personnes accompagnées", Description: "La participation des personnes accompagnées, tant aux formations initiales et continues qu'à la déclinaison territoriale des politiques publiques et au développement social."},
		{Title: "Interconnaissance et complémentarité des institutions et métiers", Description: "Mieux se connaître entre institutions et métiers du territoire pour mieux travailler ensemble."},
		{Title: "Travail en réseau", Description: "Le travail en réseau à l'échelle du territoire."},
		{Title: "Référent unique coordinateur", Description: "Le référent unique coordinateur d'accompagnement global."},
		{Title: "Accès aux droits à l'ère numérique", Description: "De la médiation sociale au coffre-fort numérique."},
		{Title: "Transmission des valeurs de la République", Description: "La transmission des valeurs de la République dans le travail social."},
		{Title: "Visibilité et évaluation du travail social", Description: "La visibilité du travail social et son évaluation."},
	}
}

// directoryPlacement attaches demo members to institutions and groups.
type directoryPlacement struct {
	login       string
	institution string // name, "" for none
	departement string
	groups      map[string]string // group title → status
}

func placements() []directoryPlacement {
	const (
		participation = "Participation des personnes accompagnées"
		interco       = "Interconnaissance et complémentarité des institutions et métiers"
		reseau        = "Travail en réseau"
		numerique     = "Accès aux droits à l'ère numérique"
	)
	return []directoryPlacement{
		{"pilote", "Conseil départemental d'Indre-et-Loire", "37", map[string]string{interco: clts.StatusLead, participation: clts.StatusMember}},
		{"pilote41", "Conseil départemental de Loir-et-Cher", "41", map[string]string{reseau: clts.StatusLead}},
		{"partenaire", "CAF Touraine", "37", map[string]string{numerique: clts.StatusMember, interco: clts.StatusMember}},
		{"professionnel", "", "41", map[string]string{participation: clts.StatusMember, reseau: clts.StatusPending}},
		{"accompagne", "", "37", map[string]string{participation: clts.StatusLead}},
	}
}

// loadDirectory writes the 37-41 institutions, groups and placements; it
// leaves alone what already exists.
func loadDirectory(ctx context.Context, db *postgres.DB, committeeID int64, accounts map[string]int64) error {
	sc := postgres.InCommittee(committeeID, 0)
	existing, err := db.Institutions(ctx, sc, true)
	if err != nil {
		return err
	}
	if len(existing) > 0 {
		return nil // loaded before: keep what the demo users changed since
	}
	instIDs := map[string]int64{}
	for _, i := range Institutions() {
		id, err := db.CreateInstitution(ctx, sc, i, nil, "")
		if err != nil {
			return fmt.Errorf("institution %s: %w", i.Name, err)
		}
		instIDs[i.Name] = id
	}
	groupIDs := map[string]int64{}
	for _, g := range Groups() {
		id, err := db.CreateGroup(ctx, sc, g, "")
		if err != nil {
			return fmt.Errorf("group %s: %w", g.Title, err)
		}
		groupIDs[g.Title] = id
	}
	for _, p := range placements() {
		id := accounts[p.login]
		if p.institution != "" {
			if err := db.SetMemberInstitution(ctx, sc, id, instIDs[p.institution], ""); err != nil {
				return err
			}
		}
		prof, err := db.Profile(ctx, sc, id)
		if err != nil {
			return err
		}
		prof.Departement = p.departement
		if p.login != "accompagne" {
			prof.Presentation = "Membre du comité depuis sa création."
		} else {
			prof.Presentation = "J'ai été accompagné par le service social du département et je veux que notre parole compte."
		}
		if err := db.UpdateProfile(ctx, sc, *prof, ""); err != nil {
			return err
		}
		for title, status := range p.groups {
			if err := db.SetGroupMember(ctx, sc, groupIDs[title], id, status, ""); err != nil {
				return err
			}
		}
	}
	return nil
}

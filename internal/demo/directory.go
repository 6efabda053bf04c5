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

// placements attaches the demo accounts, then the other people, to
// institutions and groups.
func placements() []Person {
	demoAccount := func(login, institution, departement, presentation string, groups map[string]string) Person {
		return Person{Account: Account{Login: login}, Institution: institution, Departement: departement,
			Presentation: presentation, Groups: groups}
	}
	const since = "Membre du comité depuis sa création."
	return append([]Person{
		demoAccount("pilote", "Conseil départemental d'Indre-et-Loire", "37", since,
			map[string]string{groupInterco: clts.StatusLead, groupParticipation: clts.StatusMember}),
		demoAccount("pilote41", "Conseil départemental de Loir-et-Cher", "41", since,
			map[string]string{groupReseau: clts.StatusLead}),
		demoAccount("partenaire", "CAF Touraine", "37", since,
			map[string]string{groupNumerique: clts.StatusMember, groupInterco: clts.StatusMember}),
		demoAccount("professionnel", "", "41", since,
			map[string]string{groupParticipation: clts.StatusMember, groupReseau: clts.StatusPending}),
		demoAccount("accompagne", "", "37", "J'ai été accompagné par le service social du département et je veux que notre parole compte.",
			map[string]string{groupParticipation: clts.StatusLead}),
	}, People()...)
}

// loadDirectory writes the 37-41 institutions, groups and placements in one
// unit of work; it leaves alone what already exists.
func loadDirectory(ctx context.Context, db *postgres.DB, committeeID int64, accounts map[string]int64) error {
	return db.Write(ctx, postgres.InCommittee(committeeID, 0), func(tx *postgres.Tx) error {
		existing, err := tx.Institutions(ctx, true)
		if err != nil {
			return err
		}
		if len(existing) > 0 {
			return nil // loaded before: keep what the demo users changed since
		}
		instIDs := map[string]int64{}
		for _, i := range Institutions() {
			id, err := tx.CreateInstitution(ctx, i, nil)
			if err != nil {
				return fmt.Errorf("institution %s: %w", i.Name, err)
			}
			instIDs[i.Name] = id
		}
		groupIDs := map[string]int64{}
		for _, g := range Groups() {
			id, err := tx.CreateGroup(ctx, g)
			if err != nil {
				return fmt.Errorf("group %s: %w", g.Title, err)
			}
			groupIDs[g.Title] = id
		}
		for _, p := range placements() {
			if err := place(ctx, tx, p, accounts[p.Login], instIDs, groupIDs); err != nil {
				return err
			}
		}
		return nil
	})
}

// place attaches a member to their institution and groups and fills their
// directory profile.
func place(ctx context.Context, tx *postgres.Tx, p Person, id int64, instIDs, groupIDs map[string]int64) error {
	if p.Institution != "" {
		if err := tx.SetMemberInstitution(ctx, id, instIDs[p.Institution]); err != nil {
			return err
		}
	}
	prof, err := tx.Profile(ctx, id)
	if err != nil {
		return err
	}
	prof.Departement, prof.Presentation, prof.ShowFullName = p.Departement, p.Presentation, p.ShowFullName
	if err := tx.UpdateProfile(ctx, *prof); err != nil {
		return err
	}
	for title, status := range p.Groups {
		if err := tx.SetGroupMember(ctx, groupIDs[title], id, status); err != nil {
			return fmt.Errorf("%s in %s: %w", p.Login, title, err)
		}
	}
	return nil
}

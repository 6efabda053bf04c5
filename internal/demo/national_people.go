package demo

import (
	"context"
	"fmt"
	"iter"
	"strconv"
	"strings"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/clts"
)

// natCommittee is a committee of the national dataset, or the demo's 37-41
// (existing), which keeps its rows and gains members and meetings.
type natCommittee struct {
	id           int64
	area         area
	existing     bool
	institutions []natInstitution // new ones
	instIDs      []int64          // every current institution, new or not
	groups       []*natGroup
	memberships  []natMembership // new ones
	members      []natMember     // every active member: the plenaries' invitees
	pilots       []int64
	meetings     []*natMeeting
	practices    []*natPractice
}

type natInstitution struct {
	id                      int64
	name, kind, description string
}

// natGroup is a working group; invitees index the committee's members.
type natGroup struct {
	id                 int64
	title, description string
	existing           bool
	joins              []natJoin // new group_members rows
	invitees           []int
}

type natJoin struct {
	member int // index in the committee's members
	status string
}

type natMember struct {
	account int64
	role    clts.Role
	name    string
}

type natMembership struct {
	account                            int64
	role                               clts.Role
	active                             bool
	institution                        int64
	departement, presentation, phone   string
	showEmail, showPhone, showFullName bool
}

type natAccount struct {
	id                 int64
	name, email, login string
	home               int // index of the committee of its first membership
	role               clts.Role
}

// loadExisting reads the 37-41 committee as the demo left it: its id,
// institutions, groups, active members and group members.
func (n *national) loadExisting(ctx context.Context, tx pgx.Tx) error {
	c := &natCommittee{existing: true}
	if err := tx.QueryRow(ctx, `SELECT id FROM committees WHERE slug = '37-41'`).Scan(&c.id); err != nil {
		return fmt.Errorf("committee 37-41 (load the demo data first): %w", err)
	}
	rows, err := tx.Query(ctx, `SELECT id FROM institutions WHERE committee_id = $1 AND NOT archived ORDER BY id`, c.id)
	if err != nil {
		return err
	}
	if c.instIDs, err = pgx.CollectRows(rows, pgx.RowTo[int64]); err != nil {
		return err
	}
	index := map[int64]int{}
	rows, err = tx.Query(ctx, `SELECT m.account_id, m.role, a.display_name FROM memberships m JOIN accounts a ON a.id = m.account_id
		WHERE m.committee_id = $1 AND m.active ORDER BY m.account_id`, c.id)
	if err != nil {
		return err
	}
	for rows.Next() {
		var m natMember
		if err := rows.Scan(&m.account, &m.role, &m.name); err != nil {
			return err
		}
		index[m.account] = len(c.members)
		c.members = append(c.members, m)
		if m.role == clts.RolePilote {
			c.pilots = append(c.pilots, m.account)
		}
	}
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = tx.Query(ctx, `SELECT g.id, g.title, coalesce(array_agg(gm.account_id) FILTER (WHERE gm.status <> 'pending'), '{}')
		FROM working_groups g LEFT JOIN group_members gm ON gm.committee_id = g.committee_id AND gm.group_id = g.id
		WHERE g.committee_id = $1 AND NOT g.archived GROUP BY g.id, g.title ORDER BY g.id`, c.id)
	if err != nil {
		return err
	}
	for rows.Next() {
		g := &natGroup{existing: true}
		var accounts []int64
		if err := rows.Scan(&g.id, &g.title, &accounts); err != nil {
			return err
		}
		for _, a := range accounts {
			if i, ok := index[a]; ok {
				g.invitees = append(g.invitees, i)
			}
		}
		c.groups = append(c.groups, g)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	if len(c.pilots) == 0 || len(c.groups) == 0 {
		return fmt.Errorf("committee 37-41 has no pilot or no group: load the demo data first")
	}
	n.committees = append(n.committees, c)
	return nil
}

// plan builds the whole dataset in memory, ids included; the row
// generators then only read it.
func (n *national) plan() {
	for _, a := range nationalAreas() {
		c := &natCommittee{id: n.id("committees"), area: a}
		for _, t := range institutionKinds() {
			inst := natInstitution{id: n.id("institutions"), name: t.name + " — " + a.Label, kind: t.kind, description: t.description}
			c.institutions = append(c.institutions, inst)
			c.instIDs = append(c.instIDs, inst.id)
		}
		for _, g := range Groups() {
			c.groups = append(c.groups, &natGroup{id: n.id("working_groups"), title: g.Title, description: g.Description})
		}
		n.committees = append(n.committees, c)
	}
	n.planPeople()
	for _, c := range n.committees {
		for _, g := range c.groups {
			n.chooseLeads(c, g)
		}
		n.planMeetings(c)
	}
	n.planPractices()
}

// planPeople creates the accounts and their memberships: 37-41 grows to
// about 500 members, the other committees share the rest unevenly, and one
// account in ten (supported persons aside) sits on a second committee.
func (n *national) planPeople() {
	sizes := make([]int, len(n.committees))
	sizes[0] = 480
	weights, sum := make([]float64, len(n.committees)), 0.0
	for i := 1; i < len(weights); i++ {
		weights[i] = 0.5 + n.rng.Float64()
		sum += weights[i]
	}
	left := nationalAccounts - sizes[0]
	for i := 1; i < len(sizes); i++ {
		sizes[i] = int(float64(nationalAccounts-sizes[0]) * weights[i] / sum)
		left -= sizes[i]
	}
	sizes[len(sizes)-1] += left
	for ci, c := range n.committees {
		for i := range sizes[ci] {
			role := n.role()
			if !c.existing && i < 3 {
				role = clts.RolePilote
			}
			a := n.newAccount(ci, role)
			n.addMember(c, a, role)
		}
	}
	for _, a := range n.accounts {
		if a.role == clts.RoleAccompagne {
			continue
		}
		role := a.role
		if role == clts.RolePilote {
			role = clts.RolePartenaire
		}
		seen := map[int]bool{a.home: true}
		for _, p := range []float64{0.10, 0.2} { // a second committee, sometimes a third
			if !n.chance(p) {
				break
			}
			ci := n.rng.IntN(len(n.committees))
			if seen[ci] {
				continue
			}
			seen[ci] = true
			n.addMember(n.committees[ci], a, role)
		}
	}
}

func (n *national) role() clts.Role {
	switch p := n.rng.Float64(); {
	case p < 0.30:
		return clts.RolePartenaire
	case p < 0.72:
		return clts.RoleProfessionnel
	default:
		return clts.RoleAccompagne
	}
}

// loginFold writes a name as the ASCII part of a login.
var loginFold = strings.NewReplacer("à", "a", "â", "a", "ä", "a", "ç", "c", "é", "e", "è", "e", "ê", "e", "ë", "e",
	"î", "i", "ï", "i", "ô", "o", "ö", "o", "ù", "u", "û", "u", "ü", "u", "ÿ", "y", "œ", "oe", "æ", "ae", " ", "-", "'", "")

// newAccount makes a person; half the supported persons have no e-mail
// address, as in the demo.
func (n *national) newAccount(home int, role clts.Role) natAccount {
	first, last := firstNames[n.rng.IntN(len(firstNames))], lastNames[n.rng.IntN(len(lastNames))]
	a := natAccount{id: n.id("accounts"), name: first + " " + last, home: home, role: role}
	a.login = loginFold.Replace(strings.ToLower(first)) + "." + loginFold.Replace(strings.ToLower(last)) + "." + strconv.FormatInt(a.id, 10)
	if role != clts.RoleAccompagne || n.chance(0.5) {
		a.email = a.login + "@national.test"
	}
	n.accounts = append(n.accounts, a)
	return a
}

// addMember makes a a member of c with a directory profile, and places
// active members in working groups.
func (n *national) addMember(c *natCommittee, a natAccount, role clts.Role) {
	m := natMembership{account: a.id, role: role, active: role == clts.RolePilote || !n.chance(0.04)}
	m.departement = c.departements()[n.rng.IntN(len(c.departements()))]
	attached := map[clts.Role]float64{clts.RolePilote: 1, clts.RolePartenaire: 0.9, clts.RoleProfessionnel: 0.6, clts.RoleAccompagne: 0.1}[role]
	switch {
	case role == clts.RolePilote:
		m.institution = c.instIDs[0] // the conseil départemental
	case n.chance(attached):
		m.institution = c.instIDs[n.rng.IntN(len(c.instIDs))]
	}
	if n.chance(0.4) {
		texts := presentations()[role]
		m.presentation = texts[n.rng.IntN(len(texts))]
	}
	if n.chance(0.3) {
		m.phone = fmt.Sprintf("06 %02d %02d %02d %02d", n.rng.IntN(100), n.rng.IntN(100), n.rng.IntN(100), n.rng.IntN(100))
		m.showPhone = n.chance(0.5)
	}
	m.showEmail = a.email != "" && n.chance(0.35)
	m.showFullName = role == clts.RoleAccompagne && n.chance(0.2)
	c.memberships = append(c.memberships, m)
	if !m.active {
		return
	}
	if role == clts.RolePilote {
		c.pilots = append(c.pilots, a.id)
	}
	member := len(c.members)
	c.members = append(c.members, natMember{account: a.id, role: role, name: a.name})
	// Four in ten join no group, four one group, two two groups; one
	// request in ten is still pending.
	joins := 0
	switch p := n.rng.Float64(); {
	case p < 0.4:
	case p < 0.8:
		joins = 1
	default:
		joins = 2
	}
	for _, gi := range n.rng.Perm(len(c.groups))[:joins] {
		g := c.groups[gi]
		status := clts.StatusMember
		if n.chance(0.1) {
			status = clts.StatusPending
		}
		g.joins = append(g.joins, natJoin{member: member, status: status})
		if status != clts.StatusPending {
			g.invitees = append(g.invitees, member)
		}
	}
}

// chooseLeads makes the first two members of a new group its leads.
func (n *national) chooseLeads(c *natCommittee, g *natGroup) {
	if g.existing {
		return
	}
	leads := 0
	for i := range g.joins {
		if leads < 2 && g.joins[i].status == clts.StatusMember {
			g.joins[i].status = clts.StatusLead
			leads++
		}
	}
}

func (c *natCommittee) departements() []string {
	if c.existing {
		return []string{"37", "41"}
	}
	return c.area.Departements
}

func (n *national) committeeRows() iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		for _, c := range n.committees[1:] {
			if !yield([]any{c.id, c.area.Slug, c.area.Name, c.area.Departements}) {
				return
			}
		}
	}
}

func (n *national) accountRows() iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		for _, a := range n.accounts {
			var email any
			if a.email != "" {
				email = a.email
			}
			if !yield([]any{a.id, email, a.login, a.name, n.hash}) {
				return
			}
		}
	}
}

func (n *national) institutionRows() iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		for _, c := range n.committees {
			for _, i := range c.institutions {
				if !yield([]any{c.id, i.id, i.name, i.kind, c.area.Departements, "", i.description}) {
					return
				}
			}
		}
	}
}

func (n *national) groupRows() iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		for _, c := range n.committees {
			for _, g := range c.groups {
				if !g.existing && !yield([]any{c.id, g.id, g.title, g.description, ""}) {
					return
				}
			}
		}
	}
}

func (n *national) membershipRows() iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		for _, c := range n.committees {
			for _, m := range c.memberships {
				var inst any
				if m.institution != 0 {
					inst = m.institution
				}
				if !yield([]any{c.id, m.account, string(m.role), m.active, inst, m.departement, m.presentation, m.phone,
					m.showEmail, m.showPhone, m.showFullName}) {
					return
				}
			}
		}
	}
}

func (n *national) groupMemberRows() iter.Seq[[]any] {
	return func(yield func([]any) bool) {
		for _, c := range n.committees {
			for _, g := range c.groups {
				for _, j := range g.joins {
					if !yield([]any{c.id, g.id, c.members[j.member].account, j.status}) {
						return
					}
				}
			}
		}
	}
}

// institutionKinds are the institutions every new committee starts with;
// the first is the conseil départemental, the pilots' institution.
func institutionKinds() []natInstitution {
	return []natInstitution{
		{name: "Conseil départemental", kind: clts.KindConseilDepartemental, description: "Chef de file de l'action sociale, copilote du comité."},
		{name: "Caisse d'allocations familiales", kind: clts.KindPartenaire, description: "Prestations familiales et action sociale de la CAF."},
		{name: "Caisse primaire d'assurance maladie", kind: clts.KindPartenaire, description: "Accès aux soins et aux droits de santé."},
		{name: "France Travail", kind: clts.KindPartenaire, description: "Accompagnement vers l'emploi."},
		{name: "Union départementale des CCAS", kind: clts.KindPartenaire, description: "Les centres communaux d'action sociale du département."},
		{name: "Délégation départementale de l'ARS", kind: clts.KindPartenaire, description: "Agence régionale de santé."},
		{name: "Fédération des acteurs de la solidarité", kind: clts.KindFederation, description: "Associations de lutte contre les exclusions."},
		{name: "Conseil des personnes accompagnées", kind: clts.KindFederation, description: "La parole des personnes accompagnées."},
		{name: "Institut régional du travail social", kind: clts.KindFormation, description: "Formations initiales et continues du travail social."},
		{name: "Association de sauvegarde de l'enfance", kind: clts.KindAssociation, description: "Protection de l'enfance et prévention spécialisée."},
		{name: "Mission locale", kind: clts.KindAssociation, description: "Insertion des jeunes de 16 à 25 ans."},
		{name: "Centre social associatif", kind: clts.KindAssociation, description: "Animation de la vie sociale d'un quartier."},
	}
}

// presentations are what members write about themselves, by role.
func presentations() map[clts.Role][]string {
	return map[clts.Role][]string{
		clts.RolePilote: {"Je copilote le comité pour le conseil départemental.", "Directrice de l'action sociale, je pilote le comité."},
		clts.RolePartenaire: {"Je représente mon institution au comité.", "Chargée de mission partenariats, je suis le groupe numérique.",
			"Responsable de l'accueil social, je connais bien les parcours d'accès aux droits."},
		clts.RoleProfessionnel: {"Assistante de service social en maison départementale de la solidarité.", "Éducateur spécialisé en prévention.",
			"Conseillère en économie sociale et familiale.", "Travailleur social, référent RSA."},
		clts.RoleAccompagne: {"Je veux que notre parole compte dans les décisions.", "J'ai été accompagnée et je veux aider les autres.",
			"Je participe au conseil de la vie sociale de mon centre social."},
	}
}

// firstNames and lastNames make the national dataset's people: common
// French names, so that directory searches and sorts meet accents, case
// and homonyms as a real committee would.
var firstNames = []string{
	"Adèle", "Agathe", "Alain", "Alexandre", "Alice", "Amandine", "Ambre", "Anaïs", "André", "Anne",
	"Antoine", "Arnaud", "Aurélie", "Baptiste", "Benoît", "Bernadette", "Camille", "Caroline", "Catherine", "Cécile",
	"Céline", "Chantal", "Charles", "Charlotte", "Chloé", "Christian", "Christine", "Claire", "Clément", "Corinne",
	"Damien", "Daniel", "David", "Delphine", "Denis", "Dominique", "Élise", "Éloïse", "Émilie", "Emma",
	"Éric", "Estelle", "Étienne", "Fabrice", "Fatou", "Florence", "François", "Françoise", "Frédéric", "Gaëlle",
	"Georges", "Gérard", "Guillaume", "Hélène", "Hugo", "Inès", "Isabelle", "Jacqueline", "Jacques", "Jean",
	"Jeanne", "Jérôme", "Joël", "Julie", "Julien", "Karima", "Laetitia", "Laure", "Laurent", "Léa",
	"Léon", "Louis", "Louise", "Lucas", "Lucie", "Malik", "Manon", "Marc", "Margaux", "Marie",
	"Martine", "Mathilde", "Maxime", "Michel", "Monique", "Mohamed", "Nadia", "Nathalie", "Nicolas", "Noémie",
	"Océane", "Olivier", "Pascal", "Patrick", "Paul", "Philippe", "Pierre", "Rachid", "Raphaël", "Sabrina",
	"Samia", "Sandrine", "Sébastien", "Simone", "Sophie", "Stéphane", "Sylvain", "Théo", "Thierry", "Valérie",
	"Véronique", "Vincent", "Virginie", "Xavier", "Yannick", "Yasmine", "Zoé",
}

var lastNames = []string{
	"Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand", "Dubois", "Moreau", "Laurent",
	"Simon", "Michel", "Lefèvre", "Leroy", "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard",
	"Bonnet", "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller", "Lefebvre", "Faure", "André",
	"Mercier", "Blanc", "Guérin", "Boyer", "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia",
	"Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel", "Mathieu", "Gautier", "Masson",
	"Marchand", "Duval", "Denis", "Dumont", "Marie", "Lemaire", "Noël", "Meyer", "Dufour", "Meunier",
	"Brun", "Blanchard", "Giraud", "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud",
	"Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux", "Colin", "Vidal", "Caron",
	"Picard", "Roger", "Fabre", "Aubert", "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier", "Philippe",
	"Bourgeois", "Pierre", "Benoît", "Rey", "Leclerc", "Payet", "Rolland", "Leclercq", "Guillaume", "Lecomte",
	"Lopez", "Jean", "Dupuy", "Guillot", "Hubert", "Berger", "Carpentier", "Sanchez", "Dupuis", "Moulin",
	"Louis", "Deschamps", "Huet", "Vasseur", "Perez", "Boucher", "Fleury", "Royer", "Klein", "Jacquet",
	"Adam", "Paris", "Poirier", "Marty", "Aubry", "Guyot", "Carré", "Charles", "Renault", "Charpentier",
	"Ménard", "Maillard", "Baron", "Bertin", "Bailly", "Hervé", "Schneider", "Fernandez", "Le Gall", "Collet",
	"Léger", "Bouvier", "Julien", "Prévost", "Millet", "Perrot", "Daniel", "Le Roux", "Cousin", "Germain",
	"Benali", "Belkacem", "Diallo", "Nguyen", "Traoré", "Haddad", "Da Silva", "Ferreira", "Kaya", "Mendy",
}

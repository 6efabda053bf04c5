package auth

import "github.com/portail-clts/clts/internal/clts"

// MemberFacts is what the rules about one member of a committee need to
// know: the store reads them with the member (the pilots counted under a
// lock when the answer changes something), the handlers and the members
// page call the functions below.
type MemberFacts struct {
	AccountID int64
	Role      clts.Role
	Active    bool // the membership in this committee
	HasEmail  bool
	// National: the account is an operator or an HCTS reader, rights no
	// committee gave and no committee's pilot may take over.
	National bool
	// OtherCommittees counts the account's active memberships in other
	// committees. Only the step that prints an access sheet reads it (a
	// committee cannot list them); pages leave it 0.
	OtherCommittees int
	// ActivePilots counts the committee's active pilots, this member
	// included when they are one.
	ActivePilots int
}

// DeactivationRefusal says why p may not deactivate member m, or "" when p
// may: a pilot, for another active member, never the last active pilot (a
// committee always keeps someone to run it). Pilots do not deactivate
// themselves: another pilot does, or they step down first.
func DeactivationRefusal(p Principal, m MemberFacts) string {
	switch {
	case !p.Can(ManageMembers):
		return "Seuls les pilotes du comité peuvent désactiver un membre."
	case m.AccountID == p.AccountID:
		return "Vous ne pouvez pas désactiver votre propre accès : demandez-le à un autre pilote du comité."
	case !m.Active:
		return "L'accès de ce membre est déjà désactivé."
	case m.Role == clts.RolePilote && m.ActivePilots <= 1:
		return "C'est le dernier pilote actif du comité : nommez d'abord un autre pilote."
	}
	return ""
}

// CanDeactivateMember reports whether p may deactivate member m.
func CanDeactivateMember(p Principal, m MemberFacts) bool { return DeactivationRefusal(p, m) == "" }

// AccessSheetRefusal says why p may not print a new access sheet for
// member m, or "" when p may. The sheet changes the password of the
// member's account, which is national: a pilot may do so only for an
// active member of their committee who has no e-mail address (with one,
// « Mot de passe oublié » sends a link), who is not themselves, and whose
// account holds nothing else: no national rights, no other committee
// (its pilots there would not know).
func AccessSheetRefusal(p Principal, m MemberFacts) string {
	switch {
	case !p.Can(ManageMembers):
		return "Seuls les pilotes du comité peuvent imprimer une fiche d'accès."
	case m.AccountID == p.AccountID:
		return "Pour votre propre compte, changez votre mot de passe depuis « Mon compte »."
	case !m.Active:
		return "L'accès de ce membre est désactivé : réactivez-le avant de lui remettre une fiche."
	case m.HasEmail:
		return "Ce membre a une adresse électronique : la page « Mot de passe oublié » lui envoie un lien."
	case m.National || m.OtherCommittees > 0:
		// One message for both: which one holds would tell a pilot about
		// the person's place in another committee.
		return SharedAccountRefusal
	}
	return ""
}

// SharedAccountRefusal is the refusal of a sheet for an account that has
// rights beyond this committee (national rights, another committee).
const SharedAccountRefusal = "Ce compte a aussi des droits en dehors de ce comité : une fiche d'accès ne peut pas en changer le mot de passe. Seule l'équipe d'exploitation peut lui redonner un accès."

// CanPrintAccessSheet reports whether p may print an access sheet for m.
func CanPrintAccessSheet(p Principal, m MemberFacts) bool { return AccessSheetRefusal(p, m) == "" }

// AccessSheetStands reports whether a sheet printed for member m may still
// change their password when its code is typed. The facts that let a pilot
// print it may have changed during its week: the member must still be
// active, without an e-mail address, and their account must have gained
// neither national rights nor a membership in another committee, which the
// pilot who saw the code may not take over (AccessSheetRefusal).
func AccessSheetStands(m MemberFacts) bool {
	return m.Active && !m.HasEmail && !m.National && m.OtherCommittees == 0
}

// MemberFactsOf returns the facts of member m of a committee that has
// activePilots active pilots. OtherCommittees is left to the step that
// needs it.
func MemberFactsOf(m clts.Member, activePilots int) MemberFacts {
	return MemberFacts{AccountID: m.AccountID, Role: m.Role, Active: m.Active, HasEmail: m.Email != "",
		National: m.National, ActivePilots: activePilots}
}

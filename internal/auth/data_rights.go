package auth

import "github.com/portail-clts/clts/internal/clts"

// ErasureAsker is what decides whether a person may ask for their account
// to be erased (RGPD art. 17).
type ErasureAsker struct {
	Operator, HCTS bool // national roles: their account is removed by the operator
	Committees     int  // active memberships
	LastPilotOf    bool // the last active pilot of one of their committees
	Pending        bool // a request already waits
}

// ErasureRequestRefusal says why the person may not ask for erasure, ""
// when they may: a member of a committee, not holding a national role,
// not the last pilot of a committee (someone must stay to administer it),
// with no request already waiting.
func ErasureRequestRefusal(a ErasureAsker) string {
	switch {
	case a.Operator || a.HCTS:
		return "Votre compte a un rôle national : demandez son effacement à l'exploitant de la plateforme."
	case a.Committees == 0:
		return "Vous n'êtes membre d'aucun comité : demandez l'effacement à l'exploitant de la plateforme."
	case a.LastPilotOf:
		return "Vous êtes le dernier pilote d'un comité : nommez un autre pilote avant de demander l'effacement."
	case a.Pending:
		return "Votre demande d'effacement est déjà enregistrée."
	}
	return ""
}

// ErasureFacts are the facts of one erasure request seen by a pilot.
type ErasureFacts struct {
	AccountID int64
	Confirmed bool
}

// CanConfirmErasure reports whether p may confirm the request: a pilot of
// the committee (p.Role is the role there), never for their own account, once.
func CanConfirmErasure(p Principal, f ErasureFacts) bool {
	return CanConfirmErasures(p) && p.AccountID != f.AccountID && !f.Confirmed
}

// CanConfirmErasures reports whether p confirms the committee's erasure
// requests (other than their own): its pilots.
func CanConfirmErasures(p Principal) bool { return p.Role == clts.RolePilote }

package server

import (
	"context"
	"net/http"
	"strconv"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
)

// actingWith is the one way a referent acts with a supported person: it
// reads the help between the person of the URL ({personID}) and the
// signed-in referent in the request's unit of work (locked when lock, for a
// Write, so that the person cannot end it half-way), checks
// auth.CanActFor, and returns the unit of work acting with the person
// (postgres.Tx.ActingWith: the person's action, the referent as helper)
// and the principal whose rights apply: the person's own. A help of
// another committee, or none, is ENOTFOUND; one waiting, declined or
// ended is EFORBIDDEN. Nothing is written either way.
func actingWith(ctx context.Context, tx *postgres.Tx, r *http.Request, lock bool) (*postgres.Tx, clts.Help, auth.Principal, error) {
	personID, ok := idParam(r, "personID")
	if !ok {
		return nil, clts.Help{}, auth.Principal{}, clts.Errorf(clts.ENOTFOUND, "Personne introuvable.")
	}
	return actingWithID(ctx, tx, personID, lock)
}

// withHelp is actingWith for the forms shared with everyone (a new
// practice, a new contribution): without ?avec= it returns tx, no help and
// the signed-in principal; with it, the unit of work acting with that
// person, the help, and the person's principal, or the refusal.
func withHelp(ctx context.Context, tx *postgres.Tx, r *http.Request, lock bool) (*postgres.Tx, *clts.Help, auth.Principal, error) {
	v := r.URL.Query().Get(paths.HelpParam)
	if v == "" {
		return tx, nil, state(ctx).principal(), nil
	}
	personID, err := strconv.ParseInt(v, 10, 64)
	if err != nil || personID <= 0 {
		return nil, nil, auth.Principal{}, clts.Errorf(clts.ENOTFOUND, "Personne introuvable.")
	}
	at, h, p, err := actingWithID(ctx, tx, personID, lock)
	if err != nil {
		return nil, nil, p, err
	}
	return at, &h, p, nil
}

// errStepNotWithHelp refuses, with ?avec=, a step other than proposing
// the person's practice or contribution to the pilots.
var errStepNotWithHelp = clts.Errorf(clts.EFORBIDDEN, "Cette étape ne se fait pas avec une autre personne.")

// withHelpURL is path with the ?avec= of h; path itself when h is nil.
func withHelpURL(path string, h *clts.Help) string {
	if h == nil {
		return path
	}
	return paths.WithPerson(path, h.PersonID)
}

// actingWithID is actingWith for the person personID.
func actingWithID(ctx context.Context, tx *postgres.Tx, personID int64, lock bool) (*postgres.Tx, clts.Help, auth.Principal, error) {
	p := state(ctx).principal()
	h, f, err := tx.HelpWith(ctx, personID, p.Can(auth.ViewMemberDetails), lock)
	if err != nil {
		return nil, h, auth.Principal{}, err
	}
	if !f.Found {
		return nil, h, auth.Principal{}, clts.Errorf(clts.ENOTFOUND, "Personne introuvable.")
	}
	if !auth.CanActFor(p, f) {
		return nil, h, auth.Principal{}, clts.Errorf(clts.EFORBIDDEN, "Vous ne pouvez pas agir avec cette personne : l'aide n'est pas en cours.")
	}
	return tx.ActingWith(h), h, auth.HelpedPrincipal(h.PersonID, h.PersonRole), nil
}

// withHelpBack is where a form sent with a person goes back to: the
// « Agir avec » page; "" without help.
func withHelpBack(slug string, h *clts.Help) string {
	if h == nil {
		return ""
	}
	return paths.ActWith(slug, h.PersonID)
}

// withHelpHeading is a form's heading, naming the person when the
// referent writes with them.
func withHelpHeading(heading string, h *clts.Help) string {
	if h == nil {
		return heading
	}
	return heading + " avec " + h.PersonName
}

// redirectHelpedSave leads a form that a referent saved with a person back
// to the « Agir avec » page: subject (« La fiche », « La contribution »)
// is saved, and proposed to the pilots when proposed.
func (s *Server) redirectHelpedSave(w http.ResponseWriter, r *http.Request, slug string, h *clts.Help, subject string, proposed bool) {
	what := subject + " est enregistrée"
	if proposed {
		what += " et proposée aux pilotes"
	}
	to, msg := helpedSaved(slug, h, what)
	s.redirectWithFlash(w, r, to, msg)
}

// helpedSaved is where a form sent with a person leads, and what it says:
// back to the « Agir avec » page (the person's draft is theirs to read).
func helpedSaved(slug string, h *clts.Help, what string) (string, string) {
	return paths.ActWith(slug, h.PersonID), what + " au nom de " + h.PersonName + ", avec votre aide."
}

package auth

import "github.com/portail-clts/clts/internal/clts"

// Easy-to-read versions (FALC): any active member of the committee who
// reads the original writes its easy version; a supported person of the
// committee who reads the original, and did not write the current text,
// checks it (« relu par … »); whoever reads the original reads its easy
// version. The handlers read the facts (the original's own rules decide
// whether the viewer reads it); these functions decide.

// EasyReadFacts are what the rules about one subject's easy version depend
// on.
type EasyReadFacts struct {
	// ReadsOriginal: the viewer reads the original (the charter version,
	// the meeting's agenda or minutes, the practice, the local news item),
	// by the original's own rule.
	ReadsOriginal bool
	// Exists: the subject has an easy version; AuthorID wrote its current
	// text; Checked: it was validated since.
	Exists   bool
	AuthorID int64
	Checked  bool
}

// EasyReadAction is something done to an easy-to-read version.
type EasyReadAction string

// Easy-to-read actions, decided by CheckEasyRead.
const (
	ReadEasyRead  EasyReadAction = "read_easy_read"  // show it in place of the original
	WriteEasyRead EasyReadAction = "write_easy_read" // write it, or rewrite it (which clears the check)
	CheckEasyRead EasyReadAction = "check_easy_read" // « J'ai relu : c'est facile à comprendre »
)

// Why an easy-to-read action is refused: 404, 403 and 409 for the handlers.
var (
	ErrEasyReadNotFound  = clts.Errorf(clts.ENOTFOUND, "Version facile à lire introuvable.")
	ErrEasyReadForbidden = clts.Errorf(clts.EFORBIDDEN, "Seule une personne accompagnée du comité, qui n'a pas écrit ce texte, peut dire qu'il est facile à comprendre.")
	ErrEasyReadChecked   = clts.Errorf(clts.ECONFLICT, "Ce texte est déjà relu. S'il change, il faudra le relire.")
)

// CheckEasyReadVersion returns nil when p may do a to the easy version of a
// subject with facts f, and otherwise why not. Deny by default: outside
// the committee, or when the viewer does not read the original, the
// subject is not found.
func CheckEasyReadVersion(p Principal, f EasyReadFacts, a EasyReadAction) error {
	if p.AccountID == 0 || p.Role == "" || !f.ReadsOriginal {
		return ErrEasyReadNotFound
	}
	switch a {
	case WriteEasyRead:
		return nil
	case ReadEasyRead:
		if !f.Exists {
			return ErrEasyReadNotFound
		}
		return nil
	case CheckEasyRead:
		switch {
		case !f.Exists:
			return ErrEasyReadNotFound
		case p.Role != clts.RoleAccompagne || f.AuthorID == p.AccountID:
			return ErrEasyReadForbidden
		case f.Checked:
			return ErrEasyReadChecked
		}
		return nil
	}
	return ErrEasyReadForbidden
}

// CanEasyRead reports whether p may do a; templates call it to show only
// what p may do.
func CanEasyRead(p Principal, f EasyReadFacts, a EasyReadAction) bool {
	return CheckEasyReadVersion(p, f, a) == nil
}

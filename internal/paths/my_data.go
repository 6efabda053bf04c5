package paths

import "strconv"

// A person's data rights (RGPD): the page « Mes données », the archive of
// everything that concerns them, the erasure request, and the pilots' list
// of requests to confirm.
const (
	MyData                 = "/compte/mes-donnees"
	MyDataArchive          = "/compte/mes-donnees/archive.zip"
	MyDataErasure          = "/compte/mes-donnees/effacement"
	MyDataArchives         = "/compte/mes-donnees/archives"
	MyDataStoredPattern    = "/compte/mes-donnees/archives/{exportID}"
	ErasureRequestsPattern = "/membres/effacements"
	ErasureConfirmPattern  = "/membres/effacements/{accountID}/confirmer"
)

// ErasureConfirmField is the checkbox that confirms an erasure request.
const ErasureConfirmField = "confirme"

// ErasureRequests is the pilots' list of a committee's erasure requests.
func ErasureRequests(slug string) string { return committee(slug) + ErasureRequestsPattern }

// ErasureConfirm is the form that confirms accountID's erasure request.
func ErasureConfirm(slug string, accountID int64) string {
	return ErasureRequests(slug) + "/" + strconv.FormatInt(accountID, 10) + "/confirmer"
}

// MyDataStored is an archive prepared in the background, to download.
func MyDataStored(id int64) string { return MyDataArchives + "/" + strconv.FormatInt(id, 10) }

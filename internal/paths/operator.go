package paths

// The operator's page of one committee: its name, its pilots, and the
// invitation of its first pilot.
const (
	OperatorCommitteePattern       = "/exploitation/comites/{committeeID}"
	OperatorCommitteeRenamePattern = "/exploitation/comites/{committeeID}/nom"
	OperatorCommitteePilotPattern  = "/exploitation/comites/{committeeID}/pilote"
)

// OperatorCommittee is the operator's page of a committee.
func OperatorCommittee(committeeID int64) string { return OperatorCommittees + "/" + id(committeeID) }

// OperatorCommitteeRename renames a committee.
func OperatorCommitteeRename(committeeID int64) string {
	return OperatorCommittee(committeeID) + "/nom"
}

// OperatorCommitteePilot invites a committee's pilot.
func OperatorCommitteePilot(committeeID int64) string {
	return OperatorCommittee(committeeID) + "/pilote"
}

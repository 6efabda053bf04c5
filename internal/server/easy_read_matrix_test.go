package server

// setupEasyReadMatrix names the subject of the easy-to-read routes: the
// current charter of each committee (setupCharterMatrix), 37-41's with the
// demo's checked version.
func setupEasyReadMatrix(own, other map[string]string) {
	own["kind"], other["kind"] = "charte", "charte"
	own["subjectID"], other["subjectID"] = own["currentCharterID"], other["currentCharterID"]
}

package paths

import "testing"

// TestIsUpload names the routes that receive files, and only those.
func TestIsUpload(t *testing.T) {
	for path, want := range map[string]bool{
		PracticeNew("37-41"):                    true,
		PracticeEdit("37-41", 12):               true,
		"/c/37-41/pratiques/nouvelle/":          false,
		"/c/37-41/pratiques/12":                 false,
		"/c/37-41/pratiques/x/modifier":         false,
		"/c/37-41/pratiques//modifier":          false,
		PracticeSubmit("37-41", 12):             false,
		"/c/37-41/institutions/nouvelle":        false,
		"/pratiques/nouvelle":                   false,
		"/c/pratiques/nouvelle":                 false,
		"/x/37-41/pratiques/nouvelle":           false,
		"/c/37-41/reunions/12/modifier":         false,
		"/c/37-41/pratiques/12/modifier/autres": false,
		NewsNew("37-41"):                        true,
		NewsEdit("37-41", 12):                   true,
		NewsPin("37-41", 12):                    false,
		"/c/37-41/actualites/x/modifier":        false,
		NationalNewsNew:                         true,
		NationalNewsEdit(12):                    true,
		"/national/actualites/x/modifier":       false,
		"/actualites/nouvelle":                  false,
		NationalNewsItem(12):                    false,
		DocumentNew("37-41"):                    true,
		DocumentVersions("37-41", 12):           true,
		DocumentEdit("37-41", 12):               false,
		"/c/37-41/documents/x/versions":         false,
		"/c/37-41/documents//versions":          false,
		"/c/37-41/documents/12/versions/3":      false,
		"/documents/nouveau":                    false,
	} {
		if got := IsUpload(path); got != want {
			t.Errorf("IsUpload(%q) = %v, want %v", path, got, want)
		}
	}
}

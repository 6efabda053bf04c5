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
	} {
		if got := IsUpload(path); got != want {
			t.Errorf("IsUpload(%q) = %v, want %v", path, got, want)
		}
	}
}

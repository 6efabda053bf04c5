// Package paths names every URL of the portal, so that handlers and templates
// never spell a path by hand. Route patterns and link builders sit side by side.
package paths

// Routes without parameters: the same string is the chi pattern and the link.
const (
	Home    = "/"
	Login   = "/connexion"
	Healthz = "/healthz"
	Readyz  = "/readyz"
	Static  = "/static/*"
	Legal   = "/accessibilite"
)

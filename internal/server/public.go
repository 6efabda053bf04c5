package server

import (
	"net/http"

	"github.com/portail-clts/clts/web/pages"
)

// handleHome shows the public welcome page.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, pages.Home(s.page(r, "Accueil")))
}

// handleAccessibility shows the accessibility statement.
func (s *Server) handleAccessibility(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, pages.Accessibility(s.page(r, "Déclaration d'accessibilité")))
}

// handleGlossary shows the glossary: the words of the portal in plain French.
func (s *Server) handleGlossary(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, pages.Glossary(s.page(r, "Lexique : les mots du portail")))
}

// handleStatic serves fingerprinted assets; unknown ones get the 404 page.
func (s *Server) handleStatic(w http.ResponseWriter, r *http.Request) {
	if !s.assets.Has(r.URL.Path) {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	s.assets.ServeHTTP(w, r)
}

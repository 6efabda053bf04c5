package server

import (
	"context"
	"net/http"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/paths"
	"github.com/portail-clts/clts/internal/postgres"
)

// handlePracticeFile downloads an attachment of a practice, for whoever may
// read the practice: found only when attached to the practice of the URL,
// in the committee of the URL; sent as an attachment, never shown in the
// page (download).
func (s *Server) handlePracticeFile(w http.ResponseWriter, r *http.Request) {
	fileID, ok := idParam(r, "fileID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	st := state(r.Context())
	s.download(w, r, st.scope(), func(ctx context.Context, tx *postgres.Tx) (*clts.File, error) {
		p, err := practiceFor(ctx, tx, r, auth.ReadPractice)
		if err != nil {
			return nil, err
		}
		return tx.PracticeAttachment(ctx, p.ID, fileID)
	})
}

// handlePracticeFileDelete removes an attachment, for whoever may edit the
// practice, and returns to its form.
func (s *Server) handlePracticeFileDelete(w http.ResponseWriter, r *http.Request) {
	fileID, ok := idParam(r, "fileID")
	if !ok {
		s.renderError(w, r, http.StatusNotFound)
		return
	}
	ctx := r.Context()
	st := state(ctx)
	var practiceID int64
	var name string
	err := s.db.Write(ctx, st.scope(), func(tx *postgres.Tx) error {
		p, err := practiceFor(ctx, tx, r, auth.EditPractice)
		if err != nil {
			return err
		}
		practiceID = p.ID
		f, err := tx.PracticeAttachment(ctx, p.ID, fileID)
		if err != nil {
			return err
		}
		name = f.Name
		return tx.DeleteAttachment(ctx, p.ID, fileID)
	})
	if err != nil {
		s.failDomain(w, r, err)
		return
	}
	s.redirectWithFlash(w, r, paths.PracticeEdit(st.membership.Committee.Slug, practiceID)+"#titre-pieces",
		"La pièce jointe « "+name+" » est supprimée.")
}

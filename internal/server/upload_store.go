package server

import (
	"context"
	"io"
	"strconv"

	"github.com/portail-clts/clts/internal/postgres"
	"github.com/portail-clts/clts/web/components"
)

// What every form that receives attachments does with them once they are
// spooled (uploads.go): check the total an item may hold, then, in the
// form's unit of work, copy each accepted file into PostgreSQL and attach
// it to its item.

// fileStore stores a file's content and returns its id: the committee's
// files ((*postgres.Tx).CreateFile) or the national ones
// ((*postgres.Tx).CreateNationalFile).
type fileStore func(tx *postgres.Tx, ctx context.Context, name, contentType string, r io.Reader, size int64) (int64, error)

// attachmentsRefusal is the refusal of up's files: refused by their
// content or size, or beyond the limit bytes that an item (named by "of",
// e.g. "d'une pratique") may hold, existing bytes being stored already; ""
// when they are accepted.
func attachmentsRefusal(up *multipartUpload, existing, limit int64, of string) string {
	if msg := up.refusal(); msg != "" {
		return msg
	}
	if existing+up.size() > limit {
		left := max(limit-existing, 0)
		return "Les pièces jointes " + of + " font " + components.FileSize(limit) +
			" au plus en tout ; il reste " + components.FileSize(left) + " pour celle-ci. Aucun fichier n'a été enregistré."
	}
	return ""
}

// attachmentsAdded ends the flash message of a form that added files
// files: "" when it added none.
func attachmentsAdded(files int) string {
	switch {
	case files == 1:
		return " Une pièce jointe a été ajoutée."
	case files > 1:
		return " " + strconv.Itoa(files) + " pièces jointes ont été ajoutées."
	}
	return ""
}

// storeIn copies the accepted upload f into PostgreSQL with store,
// streaming from its temporary file, and returns the file's id.
func (f *upload) storeIn(ctx context.Context, tx *postgres.Tx, store fileStore) (int64, error) {
	if _, err := f.file.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	return store(tx, ctx, f.name, f.contentType, f.file, f.size)
}

// attachUploads stores each accepted file of up with store and attaches it
// with attach, in the form's unit of work.
func attachUploads(ctx context.Context, tx *postgres.Tx, up *multipartUpload, store fileStore, attach func(fileID int64) error) error {
	for _, f := range up.accepted() {
		id, err := f.storeIn(ctx, tx, store)
		if err != nil {
			return err
		}
		if err := attach(id); err != nil {
			return err
		}
	}
	return nil
}

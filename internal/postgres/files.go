package postgres

import (
	"context"
	"io"

	"github.com/portail-clts/clts/internal/clts"
)

// CreateFile stores a file of size bytes read from r.
func (tx *Tx) CreateFile(ctx context.Context, name, contentType string, r io.Reader, size int64) (int64, error) {
	return 0, errTODO
}

// AttachFile attaches a stored file to a practice.
func (tx *Tx) AttachFile(ctx context.Context, practiceID, fileID int64) error { return errTODO }

// PracticeAttachments lists a practice's attachments.
func (tx *Tx) PracticeAttachments(ctx context.Context, practiceID int64) ([]clts.File, error) {
	return nil, errTODO
}

// PracticeAttachment returns an attachment of a practice; ENOTFOUND otherwise.
func (tx *Tx) PracticeAttachment(ctx context.Context, practiceID, fileID int64) (*clts.File, error) {
	return nil, errTODO
}

// WriteFileContent streams a file's content to w.
func (tx *Tx) WriteFileContent(ctx context.Context, fileID int64, w io.Writer) error { return errTODO }

// DeleteAttachment removes an attachment and its file.
func (tx *Tx) DeleteAttachment(ctx context.Context, practiceID, fileID int64) error { return errTODO }

// PracticeAttachmentsSize is the total size of a practice's attachments.
func (tx *Tx) PracticeAttachmentsSize(ctx context.Context, practiceID int64) (int64, error) {
	return 0, errTODO
}

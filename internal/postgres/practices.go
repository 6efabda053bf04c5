package postgres

import (
	"context"
	"errors"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
)

// PracticeTexts are the long texts of a practice, rendered by
// markdown.Render before the unit of work (see SaveMinutes).
type PracticeTexts struct {
	Context, Actions, Means, Results, Transfer markdown.Text
}

var errTODO = errors.New("postgres: not implemented yet")

// PracticeByID returns a practice of the scope's committee, with its
// institutions' names, its themes' titles and its author's name as the
// viewer may see it; ENOTFOUND when missing.
func (tx *Tx) PracticeByID(ctx context.Context, id int64) (*clts.Practice, error) {
	return nil, errTODO
}

// NationalPracticeByID returns a nationally shared practice of committee
// committeeSlug, in a national scope; ENOTFOUND otherwise.
func (tx *Tx) NationalPracticeByID(ctx context.Context, committeeSlug string, id int64) (*clts.Practice, error) {
	return nil, errTODO
}

// CreatePractice creates a draft written by the scope's account.
func (tx *Tx) CreatePractice(ctx context.Context, p clts.Practice, texts PracticeTexts) (int64, error) {
	return 0, errTODO
}

// UpdatePractice saves a practice edited from version p.Version.
func (tx *Tx) UpdatePractice(ctx context.Context, p clts.Practice, texts PracticeTexts) error {
	return errTODO
}

// SubmitPractice submits a draft or a returned practice to the pilots.
func (tx *Tx) SubmitPractice(ctx context.Context, id int64) error { return errTODO }

// PublishPractice publishes a submitted practice.
func (tx *Tx) PublishPractice(ctx context.Context, id int64) error { return errTODO }

// ReturnPractice returns a submitted practice to its author with a comment.
func (tx *Tx) ReturnPractice(ctx context.Context, id int64, comment string) error { return errTODO }

// WithdrawPractice withdraws a published practice with a reason.
func (tx *Tx) WithdrawPractice(ctx context.Context, id int64, reason string) error { return errTODO }

// SharePractice shares a published practice nationally, or stops sharing it.
func (tx *Tx) SharePractice(ctx context.Context, id int64, share bool) error { return errTODO }

// FlagPractice flags a published practice for the pilots' attention.
func (tx *Tx) FlagPractice(ctx context.Context, id int64, reason string) error { return errTODO }

// PracticeRevisions lists the changes of a published practice.
func (tx *Tx) PracticeRevisions(ctx context.Context, id int64) ([]clts.PracticeRevision, error) {
	return nil, errTODO
}

// PracticeFlags lists the flags of a practice.
func (tx *Tx) PracticeFlags(ctx context.Context, id int64) ([]clts.PracticeFlag, error) {
	return nil, errTODO
}

package server

import (
	"bytes"
	"context"
	"strconv"
	"testing"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// setupPDF is a small PDF, as an attachment of the tests' practices.
var setupPDF = []byte("%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n" +
	"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n")

// practiceSetup is a practice the tests write through the store, as its
// author and a pilot of its committee would through the portal.
type practiceSetup struct {
	slug, author, pilot string
	title, summary      string
	groupIDs            []int64
	// state is where it stops: clts.PracticeDraft, PracticeSubmitted or
	// PracticePublished (shared when share is set).
	state    string
	share    bool
	fileName string // an attachment (setupPDF) under that name, if set
}

// setUpPractice writes the practice of spec and takes it to its state; it
// returns the practice's id and its attachment's (0 without one).
func (f *fixture) setUpPractice(spec practiceSetup) (id, fileID int64) {
	f.t.Helper()
	ctx := context.Background()
	f.write(spec.slug, spec.author, func(tx *postgres.Tx) error {
		var err error
		id, err = tx.CreatePractice(ctx, clts.Practice{
			Title:       spec.title,
			Summary:     spec.summary,
			Context:     "Le territoire de la pratique et les personnes qu'elle concerne.",
			Actions:     "Ce que les équipes ont fait, étape par étape.",
			Departement: "37",
			StartYear:   2019,
			Running:     true,
			GroupIDs:    spec.groupIDs,
		}, postgres.PracticeTexts{})
		if err != nil || spec.fileName == "" {
			return err
		}
		if fileID, err = tx.CreateFile(ctx, spec.fileName, "application/pdf", bytes.NewReader(setupPDF), int64(len(setupPDF))); err != nil {
			return err
		}
		return tx.AttachFile(ctx, id, fileID)
	})
	if spec.state == clts.PracticeDraft {
		return id, fileID
	}
	f.write(spec.slug, spec.author, func(tx *postgres.Tx) error { return tx.SubmitPractice(ctx, id) })
	if spec.state == clts.PracticeSubmitted {
		return id, fileID
	}
	f.write(spec.slug, spec.pilot, func(tx *postgres.Tx) error { return tx.PublishPractice(ctx, id) })
	if spec.share {
		f.write(spec.slug, spec.pilot, func(tx *postgres.Tx) error { return tx.SharePractice(ctx, id, true) })
	}
	return id, fileID
}

// groupIDByTitle returns the id of the working group of committee slug titled
// title.
func (f *fixture) groupIDByTitle(slug, title string) int64 {
	f.t.Helper()
	var id int64
	f.read(slug, "", func(tx *postgres.Tx) error {
		groups, err := tx.Groups(context.Background(), true)
		for _, g := range groups {
			if g.Title == title {
				id = g.ID
			}
		}
		return err
	})
	if id == 0 {
		f.t.Fatalf("no group %q in %s", title, slug)
	}
	return id
}

// setupNationalMatrix adds the ids of the national catalogue's rows to the
// route matrix's sets: in own, a shared practice of 37-41 and its
// attachment; in other, the other committee's shared practice and its
// attachment, asked for under 37-41's name.
func setupNationalMatrix(t *testing.T, f *fixture, own, other map[string]string) {
	t.Helper()
	ownID, ownFile := f.setUpPractice(practiceSetup{slug: "37-41", author: "partenaire", pilot: "pilote",
		title: "Pratique partagée de la matrice", summary: "Partagée avec tous les comités.",
		state: clts.PracticePublished, share: true, fileName: "matrice.pdf"})
	otherID, otherFile := f.setUpPractice(practiceSetup{slug: "autre", author: "pilote-autre", pilot: "pilote-autre",
		title: "Pratique partagée du Loiret", summary: "Partagée avec tous les comités.",
		state: clts.PracticePublished, share: true, fileName: "loiret.pdf"})
	own["committee"], other["committee"] = "37-41", "37-41"
	own["nationalPracticeID"], own["nationalFileID"] = strconv.FormatInt(ownID, 10), strconv.FormatInt(ownFile, 10)
	other["nationalPracticeID"], other["nationalFileID"] = strconv.FormatInt(otherID, 10), strconv.FormatInt(otherFile, 10)
}

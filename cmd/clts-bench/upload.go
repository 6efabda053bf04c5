package main

import (
	"context"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"os"
	"path"
	"strconv"

	"github.com/portail-clts/clts/internal/paths"
)

// uploadSize is the attachment of issue 12's memory target: 20 MiB (the
// largest file the practice form takes) less 1 KiB.
const uploadSize = 20<<20 - 1<<10

// uploadMemory is what the portal's resident memory did while it received
// one 20 MB attachment, in KiB: before, its peak (VmHWM, reset just
// before the upload), and after.
type uploadMemory struct {
	before, peak, after int64
}

// measureUpload posts a practice with a 20 MB PDF to the portal's practice
// form as the pilot, the body written as it is sent, and records the
// portal's resident memory around it; the practice and its file are then
// deleted, so that the dataset stays as loaded.
func (b *bench) measureUpload(ctx context.Context, client *http.Client, portal *child, cookie string) (uploadMemory, error) {
	b.logf("Envoi d'une pièce jointe de 20 Mo au formulaire d'une pratique…")
	var m uploadMemory
	// Writing 5 to clear_refs resets the peak resident size (VmHWM) to the
	// current one: the peak of the sign-ins (argon2id) would hide the
	// upload's.
	if err := os.WriteFile(fmt.Sprintf("/proc/%d/clear_refs", portal.cmd.Process.Pid), []byte("5"), 0); err != nil {
		return m, fmt.Errorf("upload: reset the peak: %w", err)
	}
	var err error
	if m.before, _, err = portal.memory(); err != nil {
		return m, err
	}
	pr, pw := io.Pipe()
	w := multipart.NewWriter(pw)
	go func() { pw.CloseWithError(writeUploadForm(w)) }()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, portal.base+paths.PracticeNew("37-41"), pr)
	if err != nil {
		return m, err
	}
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Cookie", cookie)
	resp, err := client.Do(req)
	if err != nil {
		return m, fmt.Errorf("upload: %w", err)
	}
	_, _ = io.Copy(io.Discard, resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusSeeOther {
		return m, fmt.Errorf("upload: status %d, want 303", resp.StatusCode)
	}
	if m.after, m.peak, err = portal.memory(); err != nil {
		return m, err
	}
	id, err := strconv.ParseInt(path.Base(resp.Header.Get("Location")), 10, 64)
	if err != nil {
		return m, fmt.Errorf("upload: redirected to %q", resp.Header.Get("Location"))
	}
	return m, b.deletePractice(ctx, id)
}

// writeUploadForm writes the practice form: a title, a summary and a PDF
// of uploadSize bytes (a PDF header, then zeros), generated as it goes.
func writeUploadForm(w *multipart.Writer) error {
	for _, f := range [][2]string{{"titre", "Pièce jointe de 20 Mo (banc de mesure)"}, {"resume", "Mesure de la mémoire."}} {
		if err := w.WriteField(f[0], f[1]); err != nil {
			return err
		}
	}
	fw, err := w.CreateFormFile("pieces_jointes", "rapport.pdf")
	if err != nil {
		return err
	}
	header := []byte("%PDF-1.4\n")
	if _, err := fw.Write(header); err != nil {
		return err
	}
	if _, err := io.Copy(fw, io.LimitReader(zeroReader{}, uploadSize-int64(len(header)))); err != nil {
		return err
	}
	return w.Close()
}

// zeroReader reads as an endless run of zero bytes.
type zeroReader struct{}

func (zeroReader) Read(p []byte) (int, error) {
	clear(p)
	return len(p), nil
}

// deletePractice removes the practice the upload created in committee
// 37-41, and its files, as the superuser.
func (b *bench) deletePractice(ctx context.Context, id int64) error {
	tx, err := b.admin.Begin(ctx)
	if err != nil {
		return err
	}
	defer tx.Rollback(ctx) //nolint:errcheck // no-op after commit
	var committee int64
	var files []int64
	if err := tx.QueryRow(ctx, `SELECT c.id, array(SELECT file_id FROM practice_attachments a WHERE a.committee_id = c.id AND a.practice_id = $1)
		FROM committees c WHERE c.slug = '37-41'`, id).Scan(&committee, &files); err != nil {
		return fmt.Errorf("upload: files of the practice: %w", err)
	}
	for _, st := range []struct {
		sql  string
		args []any
	}{
		{`DELETE FROM practice_attachments WHERE committee_id = $1 AND practice_id = $2`, []any{committee, id}},
		{`DELETE FROM practice_revisions WHERE committee_id = $1 AND practice_id = $2`, []any{committee, id}},
		{`DELETE FROM practices WHERE committee_id = $1 AND id = $2`, []any{committee, id}},
		{`DELETE FROM file_chunks WHERE committee_id = $1 AND file_id = ANY ($2)`, []any{committee, files}},
		{`DELETE FROM files WHERE committee_id = $1 AND id = ANY ($2)`, []any{committee, files}},
	} {
		if _, err := tx.Exec(ctx, st.sql, st.args...); err != nil {
			return fmt.Errorf("upload: delete the practice: %w", err)
		}
	}
	return tx.Commit(ctx)
}

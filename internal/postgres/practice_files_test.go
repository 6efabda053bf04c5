package postgres_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/sha256"
	"io"
	"testing"
	"testing/iotest"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// attach stores content as an attachment of practice id in committee c.
func (w *practiceWorld) attach(c, account, id int64, name, contentType string, content []byte) int64 {
	w.t.Helper()
	var f int64
	w.must(w.in(c, account), func(ctx context.Context, tx *postgres.Tx) error {
		var err error
		if f, err = tx.CreateFile(ctx, name, contentType, bytes.NewReader(content), int64(len(content))); err != nil {
			return err
		}
		return tx.AttachFile(ctx, id, f)
	})
	return f
}

// content reads file f in scope sc; the error of WriteFileContent too.
func (w *practiceWorld) content(sc postgres.Scope, f int64) ([]byte, error) {
	var buf bytes.Buffer
	err := w.db.Snapshot(context.Background(), sc, func(tx *postgres.Tx) error {
		return tx.WriteFileContent(context.Background(), f, &buf)
	})
	return buf.Bytes(), err
}

// TestPracticeFileRoundTrip: a 3 MB file goes in through a reader that
// gives a few bytes at a time and comes out the same, in 256 KiB chunks,
// with its SHA-256; a reader shorter or longer than announced, or an empty
// file, stores nothing.
func TestPracticeFileRoundTrip(t *testing.T) {
	t.Parallel()
	w := newPracticeWorld(t)
	ctx := context.Background()
	id := w.create(w.a, w.authorA, complete("Avec pièce jointe"))
	data := make([]byte, 3_000_000)
	if _, err := rand.Read(data); err != nil {
		t.Fatal(err)
	}
	var f int64
	w.must(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error {
		var err error
		// OneByteReader-like short reads: CreateFile must fill its chunks.
		f, err = tx.CreateFile(ctx, "  Rapport d'évaluation.pdf ", "application/pdf", iotest.HalfReader(bytes.NewReader(data)), int64(len(data)))
		if err != nil {
			return err
		}
		return tx.AttachFile(ctx, id, f)
	})

	got, err := w.content(w.in(w.a, w.memberA), f)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, data) {
		t.Fatalf("read back %d bytes, not the %d written", len(got), len(data))
	}
	var chunks, biggest int
	var stored []byte
	pgtest.MustRead(t, w.db, w.in(w.a, 0), func(tx *postgres.Tx) error {
		if err := tx.PG().QueryRow(ctx, `SELECT count(*), max(length(data)) FROM file_chunks WHERE file_id = $1`, f).Scan(&chunks, &biggest); err != nil {
			return err
		}
		return tx.PG().QueryRow(ctx, `SELECT sha256 FROM files WHERE id = $1`, f).Scan(&stored)
	})
	if chunks != 12 || biggest != postgres.FileChunkSize {
		t.Errorf("%d chunks of at most %d bytes, want 12 of %d", chunks, biggest, postgres.FileChunkSize)
	}
	if sum := sha256.Sum256(data); !bytes.Equal(stored, sum[:]) {
		t.Errorf("stored sha256 %x, want %x", stored, sum)
	}
	var file *clts.File
	var size int64
	pgtest.MustRead(t, w.db, w.in(w.a, w.memberA), func(tx *postgres.Tx) error {
		var err error
		if file, err = tx.PracticeAttachment(ctx, id, f); err != nil {
			return err
		}
		size, err = tx.PracticeAttachmentsSize(ctx, id)
		return err
	})
	if file.Name != "Rapport d'évaluation.pdf" || file.ContentType != "application/pdf" || file.Size != int64(len(data)) || size != file.Size {
		t.Errorf("attachment %+v, total size %d", file, size)
	}

	for _, c := range []struct {
		name string
		r    io.Reader
		size int64
		code string
	}{
		{"Shorter", bytes.NewReader(data[:1000]), 1001, clts.EINTERNAL},
		{"Longer", bytes.NewReader(data[:1001]), 1000, clts.EINTERNAL},
		{"Empty", bytes.NewReader(nil), 0, clts.EINVALID},
	} {
		t.Run(c.name, func(t *testing.T) {
			var before int
			pgtest.MustRead(t, w.db, w.in(w.a, 0), func(tx *postgres.Tx) error {
				return tx.PG().QueryRow(ctx, `SELECT count(*) FROM files`).Scan(&before)
			})
			err := w.step(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error {
				_, err := tx.CreateFile(ctx, "x.pdf", "application/pdf", c.r, c.size)
				return err
			})
			if clts.ErrorCode(err) != c.code {
				t.Errorf("error %v, want %s", err, c.code)
			}
			if n := count(t, w.db, w.in(w.a, 0), "files"); n != before {
				t.Errorf("%d files after a refused one, %d before", n, before)
			}
		})
	}

	t.Run("Delete", func(t *testing.T) {
		w.must(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error { return tx.DeleteAttachment(ctx, id, f) })
		if n := count(t, w.db, w.in(w.a, 0), "file_chunks"); n != 0 {
			t.Errorf("%d chunks left after the attachment's deletion", n)
		}
		err := w.step(w.in(w.a, w.authorA), func(ctx context.Context, tx *postgres.Tx) error { return tx.DeleteAttachment(ctx, id, f) })
		if clts.ErrorCode(err) != clts.ENOTFOUND {
			t.Errorf("deleting twice: %v, want ENOTFOUND", err)
		}
	})
}

// TestPracticeCommitteeIsolation: committee b's scope never reaches a's
// practices, their files and chunks, revisions and flags — not through the
// store, not through a query without a WHERE — nor attaches a's files or
// links a's institutions and themes.
func TestPracticeCommitteeIsolation(t *testing.T) {
	t.Parallel()
	w := newPracticeWorld(t)
	ctx := context.Background()
	p := complete("Pratique de A, partagée")
	p.InstitutionIDs, p.GroupIDs = []int64{w.instA[0]}, []int64{w.groupA[0]}
	pa := w.inState(w.a, w.authorA, w.pilotA, p, clts.PracticePublished, true)
	fa := w.attach(w.a, w.pilotA, pa, "a.pdf", "application/pdf", []byte("%PDF-1.4 de A"))
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error {
		q, err := tx.PracticeByID(ctx, pa)
		if err != nil {
			return err
		}
		q.Results = "Des résultats."
		return tx.UpdatePractice(ctx, *q, postgres.PracticeTexts{})
	})
	w.must(w.in(w.a, w.memberA), func(ctx context.Context, tx *postgres.Tx) error { return tx.FlagPractice(ctx, pa, "À revoir.") })
	pb := w.inState(w.b, w.authorB, w.pilotB, complete("Pratique de B"), clts.PracticePublished, false)
	fb := w.attach(w.b, w.authorB, pb, "b.png", "image/png", []byte("\x89PNG de B"))
	sb := w.in(w.b, w.pilotB)

	// b's own rows: one published practice and its attachment, whose
	// addition made a revision.
	for table, want := range map[string]int{"practices": 1, "practice_institutions": 0, "practice_groups": 0,
		"practice_revisions": 1, "practice_flags": 0, "files": 1, "file_chunks": 1, "practice_attachments": 1} {
		if n := count(t, w.db, sb, table); n != want {
			t.Errorf("scope b sees %d rows of %s, want its own %d", n, table, want)
		}
	}
	read := func(name string, fn func(ctx context.Context, tx *postgres.Tx) error) {
		t.Helper()
		if err := w.db.Read(ctx, sb, func(tx *postgres.Tx) error { return fn(ctx, tx) }); clts.ErrorCode(err) != clts.ENOTFOUND {
			t.Errorf("%s of a's practice in scope b: %v, want ENOTFOUND", name, err)
		}
	}
	read("PracticeByID", func(ctx context.Context, tx *postgres.Tx) error { _, err := tx.PracticeByID(ctx, pa); return err })
	read("PracticeAttachment", func(ctx context.Context, tx *postgres.Tx) error {
		_, err := tx.PracticeAttachment(ctx, pa, fa)
		return err
	})
	read("PracticeAttachment of b's practice", func(ctx context.Context, tx *postgres.Tx) error {
		_, err := tx.PracticeAttachment(ctx, pb, fa)
		return err
	})
	pgtest.MustRead(t, w.db, sb, func(tx *postgres.Tx) error {
		if fs, err := tx.PracticeAttachments(ctx, pa); err != nil || len(fs) != 0 {
			t.Errorf("a's attachments in scope b: %v, %v", fs, err)
		}
		if rs, err := tx.PracticeRevisions(ctx, pa); err != nil || len(rs) != 0 {
			t.Errorf("a's revisions in scope b: %v, %v", rs, err)
		}
		if fl, err := tx.PracticeFlags(ctx, pa); err != nil || len(fl) != 0 {
			t.Errorf("a's flags in scope b: %v, %v", fl, err)
		}
		if n, err := tx.PracticeAttachmentsSize(ctx, pa); err != nil || n != 0 {
			t.Errorf("a's attachments' size in scope b: %d, %v", n, err)
		}
		return nil
	})
	if got, err := w.content(sb, fa); err != nil || len(got) != 0 {
		t.Errorf("scope b read %d bytes of a's file (%v)", len(got), err)
	}
	if got, _ := w.content(sb, fb); string(got) != "\x89PNG de B" {
		t.Errorf("scope b reads its own file as %q", got)
	}
	hits, total := search(t, w, sb, postgres.PracticeQuery{Text: "pratique"})
	if total != 1 || hits[0].ID != pb {
		t.Errorf("b's search: %d hits, %+v", total, hits)
	}
	// Writes: every step, edit and attachment on a's ids is ENOTFOUND.
	for name, fn := range map[string]func(ctx context.Context, tx *postgres.Tx) error{
		"Withdraw":  func(ctx context.Context, tx *postgres.Tx) error { return tx.WithdrawPractice(ctx, pa, "Non.") },
		"Unshare":   func(ctx context.Context, tx *postgres.Tx) error { return tx.SharePractice(ctx, pa, false) },
		"Flag":      func(ctx context.Context, tx *postgres.Tx) error { return tx.FlagPractice(ctx, pa, "Non.") },
		"AttachA":   func(ctx context.Context, tx *postgres.Tx) error { return tx.AttachFile(ctx, pb, fa) },
		"AttachToA": func(ctx context.Context, tx *postgres.Tx) error { return tx.AttachFile(ctx, pa, fb) },
		"DeleteA":   func(ctx context.Context, tx *postgres.Tx) error { return tx.DeleteAttachment(ctx, pa, fa) },
		"Update": func(ctx context.Context, tx *postgres.Tx) error {
			q := complete("Pratique de A, écrasée")
			q.ID, q.Version = pa, 4
			return tx.UpdatePractice(ctx, q, postgres.PracticeTexts{})
		},
		"LinkA'sInstitution": func(ctx context.Context, tx *postgres.Tx) error {
			q := complete("Pratique de B")
			q.ID, q.Version, q.InstitutionIDs = pb, 3, []int64{w.instA[0]}
			return tx.UpdatePractice(ctx, q, postgres.PracticeTexts{})
		},
		"CreateWithA'sTheme": func(ctx context.Context, tx *postgres.Tx) error {
			q := complete("Nouvelle de B")
			q.GroupIDs = []int64{w.groupA[1]}
			_, err := tx.CreatePractice(ctx, q, postgres.PracticeTexts{})
			return err
		},
	} {
		if err := w.step(sb, fn); clts.ErrorCode(err) != clts.ENOTFOUND {
			t.Errorf("%s in scope b: %v, want ENOTFOUND", name, err)
		}
	}
	if q := w.practice(w.a, w.pilotA, pa); q.Status != clts.PracticePublished || !q.Shared() || q.Title != "Pratique de A, partagée" {
		t.Errorf("a's practice changed: %s, shared %v, %q", q.Status, q.Shared(), q.Title)
	}
}

// TestPracticeNationalReading: a national scope sees the shared, published
// practices of every committee and what their sheets show, and nothing
// else, even through queries without any filter: row-level security is
// the national catalogue's boundary.
func TestPracticeNationalReading(t *testing.T) {
	t.Parallel()
	w := newPracticeWorld(t)
	ctx := context.Background()
	shared := complete("Partagée de A")
	shared.InstitutionIDs, shared.GroupIDs = []int64{w.instA[0]}, []int64{w.groupA[0]}
	shared.ContactName, shared.ContactEmail = "Jeanne Contact", "jeanne@exemple.fr"
	sharedA := w.inState(w.a, w.authorA, w.pilotA, shared, clts.PracticePublished, true)
	fileShared := w.attach(w.a, w.pilotA, sharedA, "partagee.pdf", "application/pdf", []byte("%PDF-1.4 partagée"))
	// Every other state of a, each with an institution, a theme and a file.
	var hidden []int64
	var hiddenFiles []int64
	for _, c := range []struct {
		state  string
		shared bool
	}{
		{clts.PracticeDraft, false}, {clts.PracticeSubmitted, false}, {clts.PracticeReturned, false},
		{clts.PracticePublished, false}, {clts.PracticeWithdrawn, true},
	} {
		p := complete("Cachée " + c.state)
		p.InstitutionIDs, p.GroupIDs = []int64{w.instA[1]}, []int64{w.groupA[1]}
		id := w.inState(w.a, w.authorA, w.pilotA, p, c.state, c.shared)
		hidden = append(hidden, id)
		hiddenFiles = append(hiddenFiles, w.attach(w.a, w.pilotA, id, "cachee.pdf", "application/pdf", []byte("%PDF-1.4 cachée")))
	}
	sharedB := w.inState(w.b, w.authorB, w.pilotB, complete("Partagée de B"), clts.PracticePublished, true)
	w.must(w.in(w.b, w.pilotB), func(ctx context.Context, tx *postgres.Tx) error {
		p, err := tx.PracticeByID(ctx, sharedB)
		if err != nil {
			return err
		}
		p.ContactName, p.ContactEmail, p.ContactPublic = "Bernard Contact", "bernard@exemple.fr", true
		return tx.UpdatePractice(ctx, *p, postgres.PracticeTexts{})
	})
	hidden = append(hidden, w.inState(w.b, w.authorB, w.pilotB, complete("Cachée de B"), clts.PracticePublished, false))
	// Readers: a member of b, and an HCTS reader of no committee.
	for name, sc := range map[string]postgres.Scope{"MemberOfB": w.national(w.pilotB), "HCTS": w.national(0)} {
		t.Run(name, func(t *testing.T) {
			pgtest.MustRead(t, w.db, sc, func(tx *postgres.Tx) error {
				pg := tx.PG()
				// A query that forgets the filter.
				rows, err := pg.Query(ctx, `SELECT id, status, shared_at IS NOT NULL FROM practices ORDER BY id`)
				if err != nil {
					return err
				}
				var seen []int64
				for rows.Next() {
					var id int64
					var status string
					var isShared bool
					if err := rows.Scan(&id, &status, &isShared); err != nil {
						return err
					}
					seen = append(seen, id)
					if status != clts.PracticePublished || !isShared {
						t.Errorf("practice %d (%s, shared %v) readable nationally", id, status, isShared)
					}
				}
				if err := rows.Err(); err != nil {
					return err
				}
				if len(seen) != 2 || seen[0] != sharedA || seen[1] != sharedB {
					t.Errorf("national scope reads practices %v, want %d and %d", seen, sharedA, sharedB)
				}
				for table, want := range map[string]int{"practice_institutions": 1, "practice_groups": 1,
					"practice_attachments": 1, "files": 1, "file_chunks": 1, "practice_revisions": 0,
					"practice_flags": 0, "institutions": 1, "working_groups": 1} {
					var n int
					if err := pg.QueryRow(ctx, `SELECT count(*) FROM `+table).Scan(&n); err != nil {
						return err
					}
					if n != want {
						t.Errorf("national scope reads %d rows of %s, want %d", n, table, want)
					}
				}
				var members int
				if err := pg.QueryRow(ctx, `SELECT count(*) FROM memberships WHERE committee_id = $1`, w.a).Scan(&members); err != nil {
					return err
				}
				if members != 0 {
					t.Errorf("national scope reads %d memberships of committee a", members)
				}
				var inst, theme string
				if err := pg.QueryRow(ctx, `SELECT (SELECT name FROM institutions), (SELECT title FROM working_groups)`).Scan(&inst, &theme); err != nil {
					return err
				}
				if inst != "CAF Touraine" || theme != "Numérique et accès aux droits" {
					t.Errorf("national scope reads institution %q and theme %q, want the shared practice's", inst, theme)
				}
				return nil
			})
			// Nor may it write.
			err := w.db.Write(ctx, sc, func(tx *postgres.Tx) error {
				for sql, arg := range map[string]int64{`UPDATE practices SET title = 'modifiée' WHERE id = $1`: sharedA,
					`DELETE FROM practice_attachments WHERE practice_id = $1`: sharedA,
					`DELETE FROM file_chunks WHERE file_id = $1`:              fileShared} {
					tag, err := tx.PG().Exec(ctx, sql, arg)
					if err != nil {
						return err
					}
					if tag.RowsAffected() != 0 {
						t.Errorf("national scope wrote: %s", sql)
					}
				}
				return errRollback
			})
			if err != errRollback {
				t.Errorf("national writes: %v", err)
			}

			hits, total := search(t, w, sc, postgres.PracticeQuery{})
			if total != 2 || len(hits) != 2 || hits[0].ID != sharedB || hits[1].ID != sharedA {
				t.Fatalf("national catalogue: %d, %+v", total, hits)
			}
			if hits[1].CommitteeSlug != "a" || hits[1].CommitteeName != "Comité A" || hits[1].AuthorName != "Paul A." {
				t.Errorf("a national hit: committee %q %q, author %q (short name)", hits[1].CommitteeSlug, hits[1].CommitteeName, hits[1].AuthorName)
			}
			if hits, total := search(t, w, sc, postgres.PracticeQuery{Committee: "b", Text: "partagee"}); total != 1 || hits[0].ID != sharedB {
				t.Errorf("national search in b: %+v", hits)
			}
			if _, total := search(t, w, sc, postgres.PracticeQuery{Text: "cachee"}); total != 0 {
				t.Errorf("national search finds %d hidden practices", total)
			}
			pgtest.MustRead(t, w.db, sc, func(tx *postgres.Tx) error {
				p, err := tx.NationalPracticeByID(ctx, "a", sharedA)
				if err != nil {
					return err
				}
				if p.Title != "Partagée de A" || p.CommitteeName != "Comité A" || len(p.Institutions) != 1 || p.Institutions[0] != "CAF Touraine" ||
					len(p.Groups) != 1 || p.ActionsHTML == "" {
					t.Errorf("national sheet: %+v", p)
				}
				if p.ContactName != "" || p.ContactEmail != "" {
					t.Errorf("national sheet shows a contact who did not agree: %q %q", p.ContactName, p.ContactEmail)
				}
				if p, err := tx.NationalPracticeByID(ctx, "b", sharedB); err != nil || p.ContactEmail != "bernard@exemple.fr" {
					t.Errorf("national sheet of a contact who agreed: %v, %v", p, err)
				}
				if _, err := tx.NationalPracticeByID(ctx, "b", sharedA); clts.ErrorCode(err) != clts.ENOTFOUND {
					t.Errorf("a's practice under b's slug: %v, want ENOTFOUND", err)
				}
				for _, id := range hidden {
					for _, slug := range []string{"a", "b"} {
						if _, err := tx.NationalPracticeByID(ctx, slug, id); clts.ErrorCode(err) != clts.ENOTFOUND {
							t.Errorf("hidden practice %d: %v, want ENOTFOUND", id, err)
						}
					}
				}
				fs, err := tx.PracticeAttachments(ctx, sharedA)
				if err != nil || len(fs) != 1 || fs[0].ID != fileShared {
					t.Errorf("shared attachments: %+v, %v", fs, err)
				}
				if _, err := tx.PracticeAttachment(ctx, sharedA, fileShared); err != nil {
					t.Errorf("the shared attachment: %v", err)
				}
				for i, f := range hiddenFiles {
					if _, err := tx.PracticeAttachment(ctx, hidden[i], f); clts.ErrorCode(err) != clts.ENOTFOUND {
						t.Errorf("hidden attachment %d: %v, want ENOTFOUND", f, err)
					}
					if fs, err := tx.PracticeAttachments(ctx, hidden[i]); err != nil || len(fs) != 0 {
						t.Errorf("hidden practice %d's attachments: %+v, %v", hidden[i], fs, err)
					}
				}
				return nil
			})
			if got, err := w.content(sc, fileShared); err != nil || string(got) != "%PDF-1.4 partagée" {
				t.Errorf("shared file: %q, %v", got, err)
			}
			for _, f := range hiddenFiles {
				if got, err := w.content(sc, f); err != nil || len(got) != 0 {
					t.Errorf("hidden file %d: %d bytes read (%v)", f, len(got), err)
				}
			}
		})
	}
	// Unsharing takes the practice out of the national catalogue at once.
	w.must(w.in(w.a, w.pilotA), func(ctx context.Context, tx *postgres.Tx) error { return tx.SharePractice(ctx, sharedA, false) })
	if got, _ := w.content(w.national(0), fileShared); len(got) != 0 {
		t.Errorf("an unshared practice's file is still readable nationally")
	}
	if _, total := search(t, w, w.national(0), postgres.PracticeQuery{}); total != 1 {
		t.Errorf("national catalogue after unsharing: %d practices, want 1", total)
	}
}

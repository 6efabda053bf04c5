package postgres_test

import (
	"bytes"
	"context"
	"testing"
	"time"

	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/markdown"
	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// TestNewsStore: national items are written in an HCTS scope only; each
// account's read marks are its own; one pinned item per committee; a
// committee reads its own local items and the national ones, never another
// committee's; a national attachment reads back whole.
func TestNewsStore(t *testing.T) {
	t.Parallel()
	w := newNationalWorld(t)
	ctx := context.Background()
	text, err := markdown.Render("Le **texte**.")
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)
	item := clts.News{National: true, Title: "Rapport annuel", Summary: "Le rapport est publié.", PublishedOn: day}

	// Without the HCTS scope, row-level security refuses the write.
	err = w.db.Write(ctx, postgres.Scope{AccountID: w.hcts}, func(tx *postgres.Tx) error {
		_, err := tx.CreateNationalNews(ctx, item, text)
		return err
	})
	if err == nil {
		t.Fatal("a national item written outside an HCTS scope")
	}
	var national int64
	pdf := bytes.Repeat([]byte("%PDF-1.4 "), 70_000) // more than two chunks
	pgtest.MustWrite(t, w.db, postgres.Scope{AccountID: w.hcts, HCTS: true}, func(tx *postgres.Tx) error {
		var err error
		if national, err = tx.CreateNationalNews(ctx, item, text); err != nil {
			return err
		}
		file, err := tx.CreateNationalFile(ctx, "rapport.pdf", "application/pdf", bytes.NewReader(pdf), int64(len(pdf)))
		if err != nil {
			return err
		}
		return tx.AttachNationalNewsFile(ctx, national, file)
	})
	var got bytes.Buffer
	pgtest.MustRead(t, w.db, postgres.Scope{AccountID: w.authorB}, func(tx *postgres.Tx) error {
		files, err := tx.NationalNewsAttachments(ctx, national)
		if err != nil || len(files) != 1 || !files[0].National {
			t.Fatalf("attachments: %+v %v", files, err)
		}
		return tx.WriteNationalFileContent(ctx, files[0].ID, &got)
	})
	if !bytes.Equal(got.Bytes(), pdf) {
		t.Errorf("national file: %d bytes read back, %d written", got.Len(), len(pdf))
	}

	// Local items of a; b's pilot posts one too.
	var first, second int64
	pgtest.MustWrite(t, w.db, postgres.InCommittee(w.a, w.pilotA), func(tx *postgres.Tx) error {
		var err error
		if first, err = tx.CreateNews(ctx, clts.News{Title: "Plénière", Summary: "Appel à points.", PublishedOn: day}, text); err != nil {
			return err
		}
		if second, err = tx.CreateNews(ctx, clts.News{Title: "Bienvenue", Summary: "Nouveaux membres.", PublishedOn: day.AddDate(0, 0, 1)}, text); err != nil {
			return err
		}
		if err := tx.PinNews(ctx, first, true); err != nil {
			return err
		}
		return tx.PinNews(ctx, second, true)
	})
	var theirs int64
	pgtest.MustWrite(t, w.db, postgres.InCommittee(w.b, w.pilotB), func(tx *postgres.Tx) error {
		var err error
		theirs, err = tx.CreateNews(ctx, clts.News{Title: "Loiret", Summary: "Le comité se met en place.", PublishedOn: day}, text)
		return err
	})

	// The author of a opens the national item and the first local one.
	pgtest.MustWrite(t, w.db, postgres.InCommittee(w.a, w.authorA), func(tx *postgres.Tx) error {
		if err := tx.MarkNationalNewsRead(ctx, national); err != nil {
			return err
		}
		if err := tx.MarkNationalNewsRead(ctx, national); err != nil { // twice: one mark
			return err
		}
		return tx.MarkNewsRead(ctx, first)
	})
	unread := func(account int64) map[string]bool {
		out := map[string]bool{}
		pgtest.MustRead(t, w.db, postgres.InCommittee(w.a, account), func(tx *postgres.Tx) error {
			list, total, err := tx.CommitteeNews(ctx, 10, 0)
			if total != 3 {
				t.Errorf("committee a lists %d items, want its 2 and the national one", total)
			}
			for _, n := range list {
				out[n.Title] = n.Unread
			}
			return err
		})
		return out
	}
	if got := unread(w.authorA); got["Rapport annuel"] || got["Plénière"] || !got["Bienvenue"] {
		t.Errorf("the author's marks: %v", got)
	}
	if got := unread(w.pilotA); !got["Rapport annuel"] || got["Plénière"] || got["Bienvenue"] {
		t.Errorf("the pilot who wrote the local items: %v, want them read, the national one unread", got)
	}
	if got := unread(w.memberA); !got["Rapport annuel"] || !got["Plénière"] {
		t.Errorf("another member's marks: %v, want every item unread", got)
	}
	pgtest.MustRead(t, w.db, postgres.InCommittee(w.a, w.memberA), func(tx *postgres.Tx) error {
		var n int
		if err := tx.PG().QueryRow(ctx, `SELECT count(*) FROM national_news_reads`).Scan(&n); err != nil {
			return err
		}
		if n != 0 {
			t.Errorf("a member reads %d read marks of others", n)
		}
		if _, err := tx.NewsItem(ctx, theirs); clts.ErrorCode(err) != clts.ENOTFOUND {
			t.Errorf("another committee's item: %v, want ENOTFOUND", err)
		}
		return nil
	})
	err = w.db.Write(ctx, postgres.InCommittee(w.a, w.pilotA), func(tx *postgres.Tx) error { return tx.PinNews(ctx, theirs, true) })
	if clts.ErrorCode(err) != clts.ENOTFOUND {
		t.Errorf("a's pilot pins b's item: %v, want ENOTFOUND", err)
	}

	// One pinned item: the second replaced the first; the home reads it
	// apart from the latest ones.
	var head postgres.HomeHead
	pgtest.MustRead(t, w.db, postgres.InCommittee(w.a, w.memberA), func(tx *postgres.Tx) error {
		var err error
		head, err = tx.HomeHead(ctx, time.Now(), 3)
		return err
	})
	if head.PinnedNews == nil || head.PinnedNews.ID != second {
		t.Fatalf("pinned: %+v, want the second item", head.PinnedNews)
	}
	if len(head.News) != 2 || head.News[0].Title != "Rapport annuel" && head.News[0].Title != "Plénière" {
		t.Errorf("latest: %+v", head.News)
	}
	for _, n := range head.News {
		if n.ID == second && !n.National {
			t.Error("the pinned item is also among the latest")
		}
		if !n.Unread {
			t.Errorf("%q read for a member who opened nothing", n.Title)
		}
	}
}

// TestTwoPilotsPinAtOnce: two pilots pinning two items at the same moment
// take turns; the later pin replaces the earlier one, and neither is
// refused.
func TestTwoPilotsPinAtOnce(t *testing.T) {
	t.Parallel()
	w := newNationalWorld(t)
	ctx := context.Background()
	text, err := markdown.Render("Le texte.")
	if err != nil {
		t.Fatal(err)
	}
	day := time.Date(2026, 3, 14, 0, 0, 0, 0, time.UTC)
	var first, second int64
	pgtest.MustWrite(t, w.db, postgres.InCommittee(w.a, w.pilotA), func(tx *postgres.Tx) error {
		var err error
		if first, err = tx.CreateNews(ctx, clts.News{Title: "Première", Summary: "Une.", PublishedOn: day}, text); err != nil {
			return err
		}
		second, err = tx.CreateNews(ctx, clts.News{Title: "Seconde", Summary: "Deux.", PublishedOn: day}, text)
		return err
	})
	pinned := make(chan struct{})
	done := make(chan error, 1)
	go func() {
		<-pinned
		done <- w.db.Write(ctx, postgres.InCommittee(w.a, w.pilotA), func(tx *postgres.Tx) error {
			return tx.PinNews(ctx, second, true)
		})
	}()
	err = w.db.Write(ctx, postgres.InCommittee(w.a, w.pilotA), func(tx *postgres.Tx) error {
		if err := tx.PinNews(ctx, first, true); err != nil {
			return err
		}
		close(pinned)
		// The other pilot's pin starts while this one is not committed.
		time.Sleep(300 * time.Millisecond)
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if err := <-done; err != nil {
		t.Fatalf("the second pin: %v", err)
	}
	pgtest.MustRead(t, w.db, postgres.InCommittee(w.a, w.pilotA), func(tx *postgres.Tx) error {
		head, err := tx.HomeHead(ctx, time.Now(), 3)
		if err == nil && (head.PinnedNews == nil || head.PinnedNews.ID != second) {
			t.Errorf("pinned: %+v, want the second item", head.PinnedNews)
		}
		return err
	})
}

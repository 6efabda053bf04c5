package worker

import (
	"context"
	"encoding/json"
	"io"
	"mime"
	"mime/multipart"
	"mime/quotedprintable"
	"net/mail"
	"strings"
	"testing"

	"github.com/jackc/pgx/v5"

	"github.com/portail-clts/clts/internal/pgtest"
	"github.com/portail-clts/clts/internal/postgres"
)

// sendFixture is a worker, its database, an SMTP server in the process and
// one member with an address.
type sendFixture struct {
	w       *Worker
	db      *pgtest.DB
	srv     *fakeSMTP
	owner   *pgx.Conn
	account int64
	key     []byte
}

func newSendFixture(t *testing.T) *sendFixture {
	t.Helper()
	ctx := context.Background()
	srv := newFakeSMTP(t)
	w, db := newTestWorker(t, srv.ln.Addr().String())
	owner, err := pgx.Connect(ctx, db.OwnerURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { owner.Close(context.Background()) })
	f := &sendFixture{w: w, db: db, srv: srv, owner: owner}
	if err := owner.QueryRow(ctx, `INSERT INTO accounts (login, display_name, password_hash, email)
		VALUES ('awa', 'Awa Diallo', 'x', 'awa@example.org') RETURNING id`).Scan(&f.account); err != nil {
		t.Fatal(err)
	}
	if f.key, err = db.App.SigningKey(ctx); err != nil {
		t.Fatal(err)
	}
	return f
}

// queue writes an outbox row as tx.notify does (the recipient, the kind,
// the meeting and its calendar part), and returns its id.
func (f *sendFixture) queue(t *testing.T, m postgres.Mail) int64 {
	t.Helper()
	var calendar []byte
	if m.Calendar != nil {
		var err error
		if calendar, err = json.Marshal(m.Calendar); err != nil {
			t.Fatal(err)
		}
	}
	var id int64
	err := f.owner.QueryRow(context.Background(), `INSERT INTO outbox (to_address, subject, body, account_id, kind, source_committee_id, meeting_id, calendar)
		VALUES ($1, $2, $3, nullif($4, 0), nullif($5, ''), nullif($6, 0), nullif($7, 0), $8::jsonb) RETURNING id`,
		m.To, m.Subject, m.Body, m.AccountID, string(m.Kind), m.CommitteeID, m.MeetingID, calendar).Scan(&id)
	if err != nil {
		t.Fatal(err)
	}
	return id
}

// received parses what the SMTP server was given, in order.
func (f *sendFixture) received(t *testing.T) []parsedMail {
	t.Helper()
	f.srv.mu.Lock()
	raw := append([]string(nil), f.srv.messages...)
	f.srv.mu.Unlock()
	out := make([]parsedMail, len(raw))
	for i, r := range raw {
		out[i] = parseMail(t, r)
	}
	return out
}

// parsedMail is a received e-mail read as a mail client would: headers,
// the decoded subject, and each part decoded (line ends as \n).
type parsedMail struct {
	header       mail.Header
	subject      string
	contentType  string   // the message's media type
	types        []string // each part's media type, in order
	text, html   string
	calendar     string
	calendarType string // the calendar part's full Content-Type
}

func parseMail(t *testing.T, raw string) parsedMail {
	t.Helper()
	msg, err := mail.ReadMessage(strings.NewReader(raw))
	if err != nil {
		t.Fatalf("not an e-mail: %v\n%s", err, raw)
	}
	p := parsedMail{header: msg.Header}
	if p.subject, err = new(mime.WordDecoder).DecodeHeader(msg.Header.Get("Subject")); err != nil {
		t.Fatalf("subject: %v", err)
	}
	mt, params, err := mime.ParseMediaType(msg.Header.Get("Content-Type"))
	if err != nil {
		t.Fatalf("Content-Type %q: %v", msg.Header.Get("Content-Type"), err)
	}
	p.contentType = mt
	add := func(contentType string, body io.Reader) {
		b, err := io.ReadAll(body)
		if err != nil {
			t.Fatalf("part %s: %v", contentType, err)
		}
		text := strings.ReplaceAll(string(b), "\r\n", "\n")
		pt, _, err := mime.ParseMediaType(contentType)
		if err != nil {
			t.Fatalf("part Content-Type %q: %v", contentType, err)
		}
		p.types = append(p.types, pt)
		switch pt {
		case "text/plain":
			p.text = text
		case "text/html":
			p.html = text
		case "text/calendar":
			p.calendar, p.calendarType = string(b), contentType
		}
	}
	if !strings.HasPrefix(mt, "multipart/") {
		body := io.Reader(msg.Body)
		if strings.EqualFold(msg.Header.Get("Content-Transfer-Encoding"), "quoted-printable") {
			body = quotedprintable.NewReader(body)
		}
		add(msg.Header.Get("Content-Type"), body)
		return p
	}
	mr := multipart.NewReader(msg.Body, params["boundary"])
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return p
		}
		if err != nil {
			t.Fatalf("multipart: %v\n%s", err, raw)
		}
		add(part.Header.Get("Content-Type"), part) // quoted-printable is decoded by NextPart
	}
}

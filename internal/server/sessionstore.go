package server

import (
	"bytes"
	"context"
	"time"

	"github.com/alexedwards/scs/v2"

	"github.com/portail-clts/clts/internal/postgres"
)

// sessionTouch is how far a session's idle deadline must have moved before
// a request that changed nothing in it writes it again: reading a page is
// not a durable write. An idle session may thus close up to this much
// earlier than SESSION_IDLE_TIMEOUT says.
const sessionTouch = time.Minute

// sessionStore is the scs store of the portal: sessions in PostgreSQL, read
// and written with the request's context (a stalled database fails the
// request at its deadline), found together with the request's principal in
// one statement, and written only when something changed.
type sessionStore struct {
	db    *postgres.DB
	codec scs.Codec
}

// sessionLoad is what the store learned of the request's session: put in
// the context by Server.session before scs loads the session, filled by
// FindCtx, read by loadAccount and by CommitCtx.
type sessionLoad struct {
	slug    string // the committee of the URL, if any
	token   string
	found   bool
	session postgres.Session
}

type sessionLoadKey struct{}

func withSessionLoad(ctx context.Context, l *sessionLoad) context.Context {
	return context.WithValue(ctx, sessionLoadKey{}, l)
}

func sessionLoadOf(ctx context.Context) *sessionLoad {
	l, _ := ctx.Value(sessionLoadKey{}).(*sessionLoad)
	return l
}

// FindCtx implements scs.CtxStore.
func (st sessionStore) FindCtx(ctx context.Context, token string) ([]byte, bool, error) {
	l := sessionLoadOf(ctx)
	slug := ""
	if l != nil {
		slug = l.slug
	}
	sess, found, err := st.db.FindSession(ctx, token, slug)
	if err != nil || !found {
		return nil, false, err
	}
	if l != nil {
		l.token, l.found, l.session = token, true, sess
	}
	return sess.Data, true, nil
}

// CommitCtx implements scs.CtxStore. scs commits a session on every request
// that has an idle timeout; this skips the write when the data is what was
// loaded and the new expiry is less than sessionTouch after the stored one.
// The portal's codec (sessionCodec) encodes a session that did not change
// to the same bytes: comparing them is enough, without decoding. A session
// stored by scs's gob codec, before, is written once in the new encoding.
func (st sessionStore) CommitCtx(ctx context.Context, token string, b []byte, expiry time.Time) error {
	if l := sessionLoadOf(ctx); l != nil && l.found && l.token == token && expiry.Sub(l.session.Expiry) < sessionTouch &&
		bytes.Equal(l.session.Data, b) {
		return nil
	}
	_, values, err := st.codec.Decode(b)
	if err != nil {
		return err
	}
	accountID, _ := values[sessionAccount].(int64)
	return st.db.SaveSession(ctx, token, b, expiry, accountID)
}

// DeleteCtx implements scs.CtxStore.
func (st sessionStore) DeleteCtx(ctx context.Context, token string) error {
	return st.db.DeleteSession(ctx, token)
}

// Find, Commit and Delete complete scs.Store; scs calls the Ctx versions.
func (st sessionStore) Find(token string) ([]byte, bool, error) {
	return st.FindCtx(context.Background(), token)
}

func (st sessionStore) Commit(token string, b []byte, expiry time.Time) error {
	return st.CommitCtx(context.Background(), token, b, expiry)
}

func (st sessionStore) Delete(token string) error {
	return st.DeleteCtx(context.Background(), token)
}

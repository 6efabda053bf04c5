package auth

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"time"
)

// Links carried by e-mails are signed (HMAC-SHA256 with the portal's key,
// postgres.DB.SigningKey) rather than stored: the worker writes one per
// recipient when it sends, without a statement. Each names its purpose, so
// that a link made for one thing is refused for another.
const (
	purposeAnswer      byte = 1
	purposeUnsubscribe byte = 2
)

// ErrBadLink is a link that was altered, made for another purpose or
// signed with another key.
var ErrBadLink = errors.New("auth: bad link")

// ErrLinkExpired is a well-signed link past its expiry.
var ErrLinkExpired = errors.New("auth: link expired")

// AnswerClaim is what a meeting's answer link says: this member may answer
// this meeting of this committee until Expires (the meeting's start).
type AnswerClaim struct {
	AccountID   int64
	CommitteeID int64
	MeetingID   int64
	Expires     time.Time
}

// UnsubscribeClaim is what a one-click unsubscribe link says: this account
// no longer wants e-mails of this kind (a clts.NotificationKind, or a
// digest: DigestDaily, DigestWeekly).
type UnsubscribeClaim struct {
	AccountID int64
	Kind      string
}

// The digests' pseudo-kinds in unsubscribe links: unsubscribing from a
// digest moves every kind it gathers to the portal only.
const (
	DigestDaily  = "resume_quotidien"
	DigestWeekly = "resume_hebdomadaire"
)

// SignAnswer returns the token of an answer link.
func SignAnswer(key []byte, c AnswerClaim) string {
	p := []byte{purposeAnswer}
	p = binary.AppendUvarint(p, uint64(c.AccountID))
	p = binary.AppendUvarint(p, uint64(c.CommitteeID))
	p = binary.AppendUvarint(p, uint64(c.MeetingID))
	p = binary.AppendVarint(p, c.Expires.Unix())
	return seal(key, p)
}

// VerifyAnswer checks an answer link's token at now.
func VerifyAnswer(key []byte, token string, now time.Time) (AnswerClaim, error) {
	p, err := open(key, token, purposeAnswer)
	if err != nil {
		return AnswerClaim{}, err
	}
	var c AnswerClaim
	var v [3]uint64
	for i := range v {
		n, k := binary.Uvarint(p)
		if k <= 0 {
			return AnswerClaim{}, ErrBadLink
		}
		v[i], p = n, p[k:]
	}
	exp, k := binary.Varint(p)
	if k <= 0 || k != len(p) {
		return AnswerClaim{}, ErrBadLink
	}
	c.AccountID, c.CommitteeID, c.MeetingID, c.Expires = int64(v[0]), int64(v[1]), int64(v[2]), time.Unix(exp, 0)
	if !now.Before(c.Expires) {
		return c, ErrLinkExpired
	}
	return c, nil
}

// SignUnsubscribe returns the token of a one-click unsubscribe link. It
// does not expire: RFC 8058 asks that such links keep working.
func SignUnsubscribe(key []byte, c UnsubscribeClaim) string {
	p := []byte{purposeUnsubscribe}
	p = binary.AppendUvarint(p, uint64(c.AccountID))
	p = append(p, c.Kind...)
	return seal(key, p)
}

// VerifyUnsubscribe checks an unsubscribe link's token.
func VerifyUnsubscribe(key []byte, token string) (UnsubscribeClaim, error) {
	p, err := open(key, token, purposeUnsubscribe)
	if err != nil {
		return UnsubscribeClaim{}, err
	}
	id, k := binary.Uvarint(p)
	if k <= 0 || len(p) == k {
		return UnsubscribeClaim{}, ErrBadLink
	}
	return UnsubscribeClaim{AccountID: int64(id), Kind: string(p[k:])}, nil
}

// LinkMAC returns the MAC of a signed link's token, the key under which a
// single-use link is recorded once used (postgres: used_tokens); nil when
// the token is not a well-formed link.
func LinkMAC(token string) []byte {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) <= sha256.Size {
		return nil
	}
	return raw[len(raw)-sha256.Size:]
}

func seal(key, payload []byte) string {
	m := hmac.New(sha256.New, key)
	m.Write(payload)
	return base64.RawURLEncoding.EncodeToString(m.Sum(payload))
}

func open(key []byte, token string, purpose byte) ([]byte, error) {
	raw, err := base64.RawURLEncoding.DecodeString(token)
	if err != nil || len(raw) < sha256.Size+2 {
		return nil, ErrBadLink
	}
	payload, sum := raw[:len(raw)-sha256.Size], raw[len(raw)-sha256.Size:]
	m := hmac.New(sha256.New, key)
	m.Write(payload)
	if !hmac.Equal(sum, m.Sum(nil)) || payload[0] != purpose {
		return nil, ErrBadLink
	}
	return payload[1:], nil
}

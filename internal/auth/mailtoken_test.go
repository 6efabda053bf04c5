package auth

import (
	"errors"
	"testing"
	"time"
)

func TestAnswerLinks(t *testing.T) {
	key := []byte("0123456789abcdef0123456789abcdef")
	other := []byte("fedcba9876543210fedcba9876543210")
	now := time.Date(2026, 12, 2, 10, 0, 0, 0, time.UTC)
	c := AnswerClaim{AccountID: 42, CommitteeID: 3, MeetingID: 1234567, Expires: now.Add(48 * time.Hour)}
	tok := SignAnswer(key, c)
	got, err := VerifyAnswer(key, tok, now)
	if err != nil || got.AccountID != 42 || got.CommitteeID != 3 || got.MeetingID != 1234567 || !got.Expires.Equal(c.Expires) {
		t.Fatalf("VerifyAnswer = %+v, %v", got, err)
	}
	if _, err := VerifyAnswer(key, tok, c.Expires); !errors.Is(err, ErrLinkExpired) {
		t.Errorf("at expiry: %v, want ErrLinkExpired", err)
	}
	if _, err := VerifyAnswer(other, tok, now); !errors.Is(err, ErrBadLink) {
		t.Errorf("another key: %v, want ErrBadLink", err)
	}
	// Changing one character of the token breaks it.
	b := []byte(tok)
	b[3] ^= 1
	if _, err := VerifyAnswer(key, string(b), now); !errors.Is(err, ErrBadLink) {
		t.Errorf("altered: %v, want ErrBadLink", err)
	}
	// An unsubscribe link is no answer link, and the other way round.
	u := SignUnsubscribe(key, UnsubscribeClaim{AccountID: 42, Kind: "actualite"})
	if _, err := VerifyAnswer(key, u, now); !errors.Is(err, ErrBadLink) {
		t.Errorf("unsubscribe link as answer: %v, want ErrBadLink", err)
	}
	if _, err := VerifyUnsubscribe(key, tok); !errors.Is(err, ErrBadLink) {
		t.Errorf("answer link as unsubscribe: %v, want ErrBadLink", err)
	}
	uc, err := VerifyUnsubscribe(key, u)
	if err != nil || uc.AccountID != 42 || uc.Kind != "actualite" {
		t.Errorf("VerifyUnsubscribe = %+v, %v", uc, err)
	}
	if mac := LinkMAC(tok); len(mac) != 32 || string(LinkMAC(tok)) == string(LinkMAC(SignAnswer(key, AnswerClaim{AccountID: 43, CommitteeID: 3, MeetingID: 1234567, Expires: c.Expires}))) {
		t.Errorf("LinkMAC does not tell links apart")
	}
	if LinkMAC("!!") != nil {
		t.Errorf("LinkMAC of garbage should be nil")
	}
}

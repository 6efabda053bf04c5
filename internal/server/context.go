package server

import (
	"context"

	"github.com/portail-clts/clts/internal/auth"
	"github.com/portail-clts/clts/internal/clts"
	"github.com/portail-clts/clts/internal/postgres"
)

// requestState is what middleware learned about the request: who is signed
// in and, on committee pages, their membership there.
type requestState struct {
	account    *clts.Account
	membership *clts.Membership // on committee pages: the account's membership there, if any
	// member: the account is an active member of at least one committee
	// (from the session statement), whatever the page.
	member bool
	// unread: how many of the account's notifications are unread (from
	// the session statement), for the header.
	unread int
	// supported: the account is a supported person in some committee
	// (from the session statement, outside its committees' pages).
	supported bool
	ip        string // the client's address
}

type stateKey struct{}

func withState(ctx context.Context, st *requestState) context.Context {
	return context.WithValue(ctx, stateKey{}, st)
}

// state returns the request's state; nil outside the session middleware.
func state(ctx context.Context) *requestState {
	st, _ := ctx.Value(stateKey{}).(*requestState)
	return st
}

// principal is who asks, for the authorization policy.
func (st *requestState) principal() auth.Principal {
	if st == nil || st.account == nil {
		return auth.Principal{}
	}
	p := auth.Principal{AccountID: st.account.ID, Operator: st.account.Operator, HCTSReader: st.account.HCTSReader,
		HCTSPublisher: st.account.HCTSPublisher, Member: st.member}
	if st.membership != nil && st.membership.Active {
		p.Role = st.membership.Role
	}
	return p
}

// scope is the database scope of the request: its committee (on committee
// pages), its account and its address.
func (st *requestState) scope() postgres.Scope {
	sc := postgres.Scope{IP: st.ip}
	if st.account != nil {
		sc.AccountID = st.account.ID
	}
	if st.membership != nil {
		sc.CommitteeID = st.membership.Committee.ID
	}
	return sc
}

// nationalScope is the database scope of the national catalogue: no
// committee, the account, and the national reading of shared practices,
// which row-level security grants through the *_national policies.
func (st *requestState) nationalScope() postgres.Scope {
	sc := postgres.Scope{IP: st.ip, National: true}
	if st.account != nil {
		sc.AccountID = st.account.ID
	}
	return sc
}

// easyMode reports whether the page is shown in the easy interface for the
// person asking (auth.EasyMode).
func (st *requestState) easyMode() bool {
	if st == nil || st.account == nil {
		return false
	}
	var role clts.Role
	switch {
	case st.membership != nil && st.membership.Active:
		role = st.membership.Role
	case st.supported:
		role = clts.RoleAccompagne
	}
	return auth.EasyMode(st.account.EasyMode, role)
}

package main

import (
	"net/url"
	"regexp"
	"strconv"
	"testing"
)

// TestPageWorkArguments checks that every bare statement gets as many
// arguments as its highest placeholder, in both SQL sets: a statement
// copied with a parameter more or less fails here, not under load.
func TestPageWorkArguments(t *testing.T) {
	placeholder := regexp.MustCompile(`\$([0-9]+)`)
	q := url.Values{"committee": {"1"}, "viewer": {"2"}, "pilot": {"true"}, "meeting": {"3"}, "hash": {"00ff"},
		"from": {"2026-01-01T00:00:00Z"}, "to": {"2027-01-01T00:00:00Z"}, "since": {"2026-01-01T00:00:00Z"}, "limit": {"5"}}
	for _, set := range []string{sqlCurrent, sqlLegacy} {
		for _, page := range []string{"home", "meetings", "directory", "meeting", "feed"} {
			wk, err := pageWork(set, page, q)
			if err != nil {
				t.Fatalf("%s %s: %v", set, page, err)
			}
			if len(wk.statements) == 0 {
				t.Errorf("%s %s: no statement", set, page)
			}
			if (set == sqlLegacy) != (wk.scopeArgs != nil) {
				t.Errorf("%s %s: scope arguments %v", set, page, wk.scopeArgs)
			}
			for _, st := range wk.statements {
				highest := 0
				for _, m := range placeholder.FindAllStringSubmatch(st.sql, -1) {
					n, _ := strconv.Atoi(m[1])
					highest = max(highest, n)
				}
				if highest != len(st.args) {
					t.Errorf("%s %s %s: $%d in the SQL, %d arguments", set, page, st.name, highest, len(st.args))
				}
			}
		}
	}
}

// TestBeginSQL checks the unit of work's opening message against the form
// internal/postgres/tx.go sends.
func TestBeginSQL(t *testing.T) {
	got := beginSQL(readMode, 12, 34, []byte{0xab})
	want := "BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY; SELECT set_config('clts.committee_id', '12', true), " +
		"set_config('clts.account_id', '34', true), set_config('clts.operator', '', true), " +
		"set_config('clts.token_hash', 'ab', true), set_config('clts.hcts', '', true), set_config('clts.national', '', true), " +
		"set_config('plan_cache_mode', 'force_custom_plan', true)"
	if got != want {
		t.Errorf("beginSQL:\n got %s\nwant %s", got, want)
	}
}

func TestClassify(t *testing.T) {
	for query, want := range map[string]string{
		"BEGIN ISOLATION LEVEL READ COMMITTED READ ONLY": "begin",
		"begin":  "begin",
		"commit": "commit",
		"SELECT set_config($1, $2, $3), set_config($4, $5, $6)":                         "scope",
		"SELECT id, login, set_config('clts.account_id', id::text, true) FROM accounts": "data",
		"SELECT s.data FROM sessions s WHERE s.token = $1":                              "session",
		"INSERT INTO sessions (token, data, expiry) VALUES ($1, $2, $3)":                "session",
		"SELECT mt.id FROM meetings mt":                                                 "data",
	} {
		if got := classify(query); got != want {
			t.Errorf("classify(%q) = %s, want %s", query, got, want)
		}
	}
}

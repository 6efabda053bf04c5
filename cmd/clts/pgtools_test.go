package main

import "testing"

// TestSplitPassword checks that a password never stays in the connection
// string given to pg_dump or pg_restore on their command line.
func TestSplitPassword(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name, conn, rest, password string
	}{
		{"URLUserinfo", "postgres://clts_backup:s%40cret@db/clts?sslmode=require", "postgres://clts_backup@db/clts?sslmode=require", "s@cret"},
		{"URLQuery", "postgresql://db/clts?user=u&password=p%26q", "postgresql://db/clts?user=u", "p&q"},
		{"URLWithout", "postgres://u@db/clts", "postgres://u@db/clts", ""},
		{"KeywordValue", "host=db user=u password=secret dbname=clts", "host=db user=u dbname=clts", "secret"},
		{"KeywordValueQuoted", `host=db password='it\'s a secret' dbname=clts`, "host=db dbname=clts", "it's a secret"},
		{"KeywordValueFirst", "password = x host=/run/pg", "host=/run/pg", "x"},
		{"KeywordValueWithout", "host=/tmp/pg port=5432 user=clts_owner dbname=clts sslmode=disable", "host=/tmp/pg port=5432 user=clts_owner dbname=clts sslmode=disable", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			rest, password := splitPassword(tt.conn)
			if rest != tt.rest || password != tt.password {
				t.Errorf("splitPassword(%q) = %q, %q; want %q, %q", tt.conn, rest, password, tt.rest, tt.password)
			}
		})
	}
}

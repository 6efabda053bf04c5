package server

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestRealIP(t *testing.T) {
	t.Parallel()
	s := &Server{cfg: testConfig(t, map[string]string{"TRUSTED_PROXIES": "10.0.0.0/8, 192.0.2.1"})}
	tests := []struct {
		name, peer, xff, want string
	}{
		{"TrustedProxy", "10.1.2.3:4000", "203.0.113.7", "203.0.113.7:0"},
		{"ChainOfTrustedProxies", "10.1.2.3:4000", "203.0.113.7, 192.0.2.1", "203.0.113.7:0"},
		{"SpoofedLeftmostIgnored", "10.1.2.3:4000", "6.6.6.6, 203.0.113.7", "203.0.113.7:0"},
		{"UntrustedPeerHeaderIgnored", "198.51.100.9:5000", "203.0.113.7", "198.51.100.9:5000"},
		{"NoHeader", "10.1.2.3:4000", "", "10.1.2.3:4000"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got string
			h := s.realIP(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { got = r.RemoteAddr }))
			req := httptest.NewRequest(http.MethodGet, "/", nil)
			req.RemoteAddr = tt.peer
			if tt.xff != "" {
				req.Header.Set("X-Forwarded-For", tt.xff)
			}
			h.ServeHTTP(httptest.NewRecorder(), req)
			if got != tt.want {
				t.Errorf("RemoteAddr = %q, want %q", got, tt.want)
			}
		})
	}
	if _, err := configFrom(map[string]string{"TRUSTED_PROXIES": "pas une adresse"}); err == nil {
		t.Error("a bad TRUSTED_PROXIES is accepted")
	}
}

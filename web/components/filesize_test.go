package components

import "testing"

func TestFileSize(t *testing.T) {
	for n, want := range map[int64]string{
		0:              "0 octet",
		1:              "1 octet",
		340:            "340 octets",
		1023:           "1023 octets",
		1024:           "1 Ko",
		1536:           "1,5 Ko",
		12 << 10:       "12 Ko",
		1<<20 + 1<<19:  "1,5 Mo",
		20 << 20:       "20 Mo",
		50 << 20:       "50 Mo",
		3 << 30:        "3 Go",
		10<<20 - 1<<10: "10 Mo",
	} {
		if got := FileSize(n); got != want {
			t.Errorf("FileSize(%d) = %q, want %q", n, got, want)
		}
	}
}

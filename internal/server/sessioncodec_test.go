package server

import (
	"bytes"
	"reflect"
	"testing"
	"time"

	"github.com/alexedwards/scs/v2"
)

// TestSessionCodec: the portal's session codec gives back what it was
// given, the same bytes for the same session whatever the map's order,
// and still reads the sessions written with scs's gob codec.
func TestSessionCodec(t *testing.T) {
	deadline := time.Date(2026, 12, 2, 15, 4, 5, 123456789, time.UTC)
	values := map[string]any{
		sessionAccount: int64(42), sessionStamp: int64(-7), sessionFlash: "Enregistré « ok »",
		"pending_enrol": true, "pending_other": false, "empty": "",
	}
	c := sessionCodec{}
	b, err := c.Encode(deadline, values)
	if err != nil {
		t.Fatal(err)
	}
	for range 20 {
		again, err := c.Encode(deadline, values)
		if err != nil || !bytes.Equal(again, b) {
			t.Fatalf("the same session encodes to other bytes: %q, %q (%v)", again, b, err)
		}
	}
	d, got, err := c.Decode(b)
	if err != nil || !d.Equal(deadline) || !reflect.DeepEqual(got, values) {
		t.Errorf("decoded %v %v (%v), want %v %v", d, got, err, deadline, values)
	}
	for _, vs := range []map[string]any{nil, {}} {
		b, err := c.Encode(deadline, vs)
		if err != nil {
			t.Fatal(err)
		}
		if _, got, err := c.Decode(b); err != nil || len(got) != 0 {
			t.Errorf("an empty session: %v (%v)", got, err)
		}
	}
	// A session written by scs's gob codec (before this one), and a value
	// of another type, which goes to gob.
	old, err := scs.GobCodec{}.Encode(deadline, values)
	if err != nil {
		t.Fatal(err)
	}
	if d, got, err := c.Decode(old); err != nil || !d.Equal(deadline) || !reflect.DeepEqual(got, values) {
		t.Errorf("a gob session decoded %v %v (%v)", d, got, err)
	}
	other := map[string]any{"n": 3.5, sessionAccount: int64(1)}
	b, err = c.Encode(deadline, other)
	if err != nil {
		t.Fatal(err)
	}
	if d, got, err := c.Decode(b); err != nil || !d.Equal(deadline) || !reflect.DeepEqual(got, other) {
		t.Errorf("a float in the session: %v %v (%v)", d, got, err)
	}
	// Truncated or trailing bytes are refused, not misread.
	full, _ := c.Encode(deadline, values)
	for i := len(sessionCodecMagic); i < len(full); i++ {
		if _, _, err := c.Decode(full[:i]); err == nil {
			t.Errorf("truncated at %d of %d: decoded", i, len(full))
		}
	}
	if _, _, err := c.Decode(append(full, 0)); err == nil {
		t.Error("a trailing byte: decoded")
	}
}

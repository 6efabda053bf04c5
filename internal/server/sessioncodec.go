package server

import (
	"bytes"
	"encoding/binary"
	"errors"
	"math"
	"slices"
	"time"

	"github.com/alexedwards/scs/v2"
)

// sessionCodec is the scs codec of the portal's sessions. The values a
// session holds are integers, strings and flags (session.go,
// secondfactor_login.go): it writes them in the order of their keys, with
// the deadline, in a few bytes, so that a session that did not change
// encodes to the bytes it was loaded from and the store's commit check is
// a byte comparison (sessionStore.CommitCtx). scs's gob codec wrote the
// values in the map's random order, half the time other bytes for the same
// session, and built a gob decoder for every decode (encoding/gob's
// compileDec: a tenth of a list page's CPU). A value of another type is
// encoded with gob as before, and a session encoded with gob (before this
// codec, or holding such a value) is decoded as before.
type sessionCodec struct{}

// sessionCodecMagic begins an encoding of sessionCodec. A gob stream
// begins with the length of a type definition, whose type id is negative:
// never 'c' after a one-byte length.
const sessionCodecMagic = "\xffclts1"

// Kinds of value.
const (
	sessionInt    = 'i'
	sessionString = 's'
	sessionTrue   = 't'
	sessionFalse  = 'f'
)

func (sessionCodec) Encode(deadline time.Time, values map[string]any) ([]byte, error) {
	// Nanoseconds since 1970 in an int64: from 1678 to 2262.
	if y := deadline.Year(); y < 1700 || y > 2200 {
		return scs.GobCodec{}.Encode(deadline, values)
	}
	keys := make([]string, 0, len(values))
	size := len(sessionCodecMagic) + 2*binary.MaxVarintLen64
	for k, v := range values {
		switch v := v.(type) {
		case int64, bool:
			size += binary.MaxVarintLen64
		case string:
			size += binary.MaxVarintLen64 + len(v)
		default:
			return scs.GobCodec{}.Encode(deadline, values)
		}
		keys = append(keys, k)
		size += binary.MaxVarintLen64 + len(k) + 1
	}
	slices.Sort(keys)
	b := make([]byte, 0, size)
	b = append(b, sessionCodecMagic...)
	b = binary.AppendVarint(b, deadline.UnixNano())
	b = binary.AppendUvarint(b, uint64(len(keys)))
	for _, k := range keys {
		b = binary.AppendUvarint(b, uint64(len(k)))
		b = append(b, k...)
		switch v := values[k].(type) {
		case int64:
			b = append(b, sessionInt)
			b = binary.AppendVarint(b, v)
		case string:
			b = append(b, sessionString)
			b = binary.AppendUvarint(b, uint64(len(v)))
			b = append(b, v...)
		case bool:
			if v {
				b = append(b, sessionTrue)
			} else {
				b = append(b, sessionFalse)
			}
		}
	}
	return b, nil
}

var errSessionCodec = errors.New("server: session: malformed encoding")

func (sessionCodec) Decode(b []byte) (time.Time, map[string]any, error) {
	rest, ok := bytes.CutPrefix(b, []byte(sessionCodecMagic))
	if !ok {
		return scs.GobCodec{}.Decode(b)
	}
	r := sessionReader{b: rest}
	deadline := r.varint()
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) {
		return time.Time{}, nil, errSessionCodec
	}
	values := make(map[string]any, n)
	for range n {
		k := r.bytes()
		switch r.byte() {
		case sessionInt:
			values[string(k)] = r.varint()
		case sessionString:
			values[string(k)] = string(r.bytes())
		case sessionTrue:
			values[string(k)] = true
		case sessionFalse:
			values[string(k)] = false
		default:
			r.err = errSessionCodec
		}
		if r.err != nil {
			return time.Time{}, nil, r.err
		}
	}
	if len(r.b) != 0 {
		return time.Time{}, nil, errSessionCodec
	}
	return time.Unix(0, deadline), values, nil
}

// sessionReader reads sessionCodec's encoding; its first error sticks.
type sessionReader struct {
	b   []byte
	err error
}

func (r *sessionReader) varint() int64 {
	v, n := binary.Varint(r.b)
	if n <= 0 {
		r.err = errSessionCodec
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *sessionReader) uvarint() uint64 {
	v, n := binary.Uvarint(r.b)
	if n <= 0 {
		r.err = errSessionCodec
		return 0
	}
	r.b = r.b[n:]
	return v
}

func (r *sessionReader) byte() byte {
	if len(r.b) == 0 {
		r.err = errSessionCodec
		return 0
	}
	c := r.b[0]
	r.b = r.b[1:]
	return c
}

func (r *sessionReader) bytes() []byte {
	n := r.uvarint()
	if r.err != nil || n > uint64(len(r.b)) || n > math.MaxInt32 {
		r.err = errSessionCodec
		return nil
	}
	s := r.b[:n]
	r.b = r.b[n:]
	return s
}

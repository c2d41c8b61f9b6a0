package rlp

import (
	"bytes"
	"testing"

	"github.com/stretchr/testify/require"
)

// encode re-encodes a decoded item; canonical decoding makes it the identity.
func encode(it Item) []byte {
	if !it.IsList {
		return Bytes(it.Str)
	}
	parts := make([][]byte, len(it.List))
	for i, c := range it.List {
		parts[i] = encode(c)
	}
	return List(parts...)
}

func TestKnownEncodings(t *testing.T) {
	cases := []struct {
		name string
		enc  []byte
		want []byte
	}{
		{"zero", Uint(0), []byte{0x80}},
		{"small", Uint(15), []byte{0x0f}},
		{"1024", Uint(1024), []byte{0x82, 0x04, 0x00}},
		{"empty list", List(), []byte{0xc0}},
		{"dog", Bytes([]byte("dog")), []byte{0x83, 'd', 'o', 'g'}},
		{"long", Bytes(bytes.Repeat([]byte{'a'}, 56)), append([]byte{0xb8, 56}, bytes.Repeat([]byte{'a'}, 56)...)},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			require.Equal(t, tc.want, tc.enc)
			it, err := Decode(tc.enc, 1<<20)
			require.NoError(t, err)
			require.Equal(t, tc.enc, encode(it))
		})
	}
}

func TestRejects(t *testing.T) {
	cases := []struct {
		name string
		in   []byte
		err  error
	}{
		{"trailing", []byte{0x01, 0x02}, ErrTrailing},
		{"single byte with prefix", []byte{0x81, 0x05}, ErrNonCanonical},
		{"long form for short", []byte{0xb8, 0x01, 0x80}, ErrNonCanonical},
		{"truncated", []byte{0x83, 'a'}, ErrTruncated},
		{"truncated list", []byte{0xc2, 0x01}, ErrTruncated},
		{"empty", nil, ErrTruncated},
		{"too large", bytes.Repeat([]byte{0}, 65), ErrTooLarge},
		{"too deep", append(bytes.Repeat([]byte{0xc1}, 20), 0xc0), ErrTruncated},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Decode(tc.in, 64)
			require.ErrorIs(t, err, tc.err)
		})
	}
	deep := List()
	for range MaxDepth + 1 {
		deep = List(deep)
	}
	_, err := Decode(deep, 1<<10)
	require.ErrorIs(t, err, ErrTooDeep)

	it, err := Decode([]byte{0x82, 0x00, 0x01}, 10)
	require.NoError(t, err)
	_, err = it.Uint()
	require.ErrorIs(t, err, ErrNonCanonical)
}

func FuzzDecode(f *testing.F) {
	f.Add(List(Uint(1), Bytes([]byte("abc")), List(Bool(true))))
	f.Add([]byte{0xb8, 0x38})
	f.Add([]byte{0xf8, 0x38})
	f.Fuzz(func(t *testing.T, b []byte) {
		it, err := Decode(b, 1<<16)
		if err != nil {
			return
		}
		require.Equal(t, b, encode(it), "canonical decoding must round trip")
	})
}

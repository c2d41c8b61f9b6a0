package rlp

import (
	"bytes"
	"math"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// encode re-encodes a decoded item; canonical decoding makes it the identity.
func encode(t testing.TB, it Item) []byte {
	if !it.IsList() {
		b, err := it.Bytes(math.MaxInt)
		require.NoError(t, err)
		return Bytes(b)
	}
	l, err := it.List(math.MaxInt, 1)
	require.NoError(t, err)
	var parts [][]byte
	for c, ok := l.Next(); ok; c, ok = l.Next() {
		parts = append(parts, encode(t, c))
	}
	require.Len(t, parts, l.Len())
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
			require.Equal(t, tc.enc, encode(t, it))
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
		// A one-byte list is followed by the rest: refused before its body is read.
		{"nested headers that do not add up", append(bytes.Repeat([]byte{0xc1}, 20), 0xc0), ErrTrailing},
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

func TestFieldsAndList(t *testing.T) {
	three, err := Decode(List(Uint(1), Uint(2), Uint(3)), 1<<10)
	require.NoError(t, err)
	str, err := Decode(Bytes([]byte("abc")), 1<<10)
	require.NoError(t, err)

	var f [3]Item
	require.NoError(t, three.Fields(f[:]))
	for i, want := range []uint64{1, 2, 3} {
		u, err := f[i].Uint()
		require.NoError(t, err)
		require.Equal(t, want, u)
	}
	var two [2]Item
	require.ErrorContains(t, three.Fields(two[:]), "more than 2 items")
	var four [4]Item
	require.ErrorContains(t, three.Fields(four[:]), "list has 3 items, want 4")
	require.ErrorIs(t, str.Fields(f[:]), ErrType)

	l, err := three.List(3, 1)
	require.NoError(t, err)
	require.Equal(t, 3, l.Len())
	n := 0
	for it, ok := l.Next(); ok; it, ok = l.Next() {
		n++
		u, err := it.Uint()
		require.NoError(t, err)
		require.Equal(t, uint64(n), u)
	}
	require.Equal(t, 3, n)
	_, err = three.List(2, 1)
	require.ErrorIs(t, err, ErrTooLarge)
	_, err = three.List(3, 2)
	require.ErrorContains(t, err, "list item 0 is 1 bytes, a valid one at least 2")
	_, err = str.List(3, 0)
	require.ErrorIs(t, err, ErrType)
	_, err = Item{}.List(1, 0)
	require.ErrorIs(t, err, ErrType, "the zero Item is an empty string")
}

// emptyLists is a list of n empty lists.
func emptyLists(n int) []byte { return List(bytes.Repeat([]byte{0xc0}, n)) }

// TestDecodeAllocatesNothing: Decode checks an input without building a tree,
// and a consumer splits one level at a time into arrays on its stack. Before,
// 4 MiB of empty lists built a tree of 1.2 GB.
func TestDecodeAllocatesNothing(t *testing.T) {
	in := emptyLists(4<<20 - 4)
	require.Len(t, in, 4<<20)
	deep := List()
	for range MaxDepth {
		deep = List(deep, Uint(7), Bytes(bytes.Repeat([]byte{'x'}, 60)))
	}
	cases := map[string][]byte{"4MiB of empty lists": in, "nested to MaxDepth": deep}
	for name, b := range cases {
		t.Run(name, func(t *testing.T) {
			allocs := testing.AllocsPerRun(3, func() {
				it, err := Decode(b, len(b))
				if err != nil {
					panic(err)
				}
				l, err := it.List(len(b), 1)
				if err != nil {
					panic(err)
				}
				for _, ok := l.Next(); ok; _, ok = l.Next() {
				}
			})
			require.Zero(t, allocs)
		})
	}
	top, err := Decode(deep, len(deep))
	require.NoError(t, err)
	allocs := testing.AllocsPerRun(3, func() {
		var f [3]Item
		for it := top; ; {
			if err := it.Fields(f[:]); err != nil {
				panic(err)
			}
			if it = f[0]; !it.IsList() || len(it.body) == 0 {
				break
			}
		}
	})
	require.Zero(t, allocs, "Fields into an array on the stack")
}

// TestListRefusesEarly: a list over its limit is refused at the first item
// past the limit, whatever follows; in particular a malformed tail is not
// reached.
func TestListRefusesEarly(t *testing.T) {
	it, err := Decode(emptyLists(1<<20), 4<<20)
	require.NoError(t, err)
	_, err = it.List(1024, 1)
	require.ErrorContains(t, err, "more than 1024 items")
	var f [5]Item
	require.ErrorContains(t, it.Fields(f[:]), "more than 5 items")
}

func FuzzDecode(f *testing.F) {
	f.Add(List(Uint(1), Bytes([]byte("abc")), List(Bool(true))))
	f.Add([]byte{0xb8, 0x38})
	f.Add([]byte{0xf8, 0x38})
	f.Fuzz(func(t *testing.T, b []byte) {
		var it Item
		var err error
		// Decode allocates at most its error value, whatever the input.
		// TotalAlloc counts the whole process, and the fuzzing engine
		// allocates on its own goroutines: Decode is deterministic, so an
		// overrun that a retry does not repeat was not Decode's.
		var n uint64
		for range 3 {
			var before, after runtime.MemStats
			runtime.ReadMemStats(&before)
			it, err = Decode(b, 1<<16)
			runtime.ReadMemStats(&after)
			if n = after.TotalAlloc - before.TotalAlloc; n <= 1<<10 {
				break
			}
		}
		require.LessOrEqual(t, n, uint64(1<<10), "Decode of %d bytes", len(b))
		if err != nil {
			return
		}
		require.Equal(t, b, encode(t, it), "canonical decoding must round trip")
	})
}

package p2p

import (
	"bytes"
	"encoding/binary"
	"errors"
	"runtime"
	"testing"

	"github.com/stretchr/testify/require"
)

// allocated returns the bytes f allocates.
func allocated(f func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// allocBound is what a decoder of n input bytes may allocate: a small
// multiple of the input plus a constant for the fixed-size results and the
// noise of the fuzzing worker's own goroutines (MemStats is process-wide).
// A length taken on trust (a 4-byte header announcing 4 GiB) is far over it.
func allocBound(n int) uint64 { return uint64(8*n + 64<<10) }

func FuzzDecodeHello(f *testing.F) {
	f.Add(hello{Version: 1, GenesisHash: testGenesisHash}.encode())
	f.Add([]byte{})
	f.Add(bytes.Repeat([]byte{0xca}, helloSize+1))
	f.Fuzz(func(t *testing.T, b []byte) {
		var h hello
		var err error
		n := allocated(func() { h, err = readHello(bytes.NewReader(b)) })
		require.LessOrEqual(t, n, allocBound(len(b)))
		if err == nil {
			require.Equal(t, b[:helloSize], h.encode())
			d, err := decodeHello(b[:helloSize])
			require.NoError(t, err)
			require.Equal(t, h, d)
		}
	})
}

func FuzzDecodeGetBlocks(f *testing.F) {
	f.Add(getBlocks{From: 5, Count: 3}.encode())
	f.Add(getBlocks{From: ^uint64(0), Count: 32}.encode())
	f.Add([]byte{getBlocksMagic})
	f.Fuzz(func(t *testing.T, b []byte) {
		var g getBlocks
		var err error
		n := allocated(func() { g, err = decodeGetBlocks(b) })
		require.LessOrEqual(t, n, allocBound(len(b)))
		if err == nil {
			require.Equal(t, b, g.encode())
			require.LessOrEqual(t, g.Count, uint32(MaxSyncRequestBlocks))
			require.NotZero(t, g.Count)
		}
	})
}

func FuzzDecodeBlockState(f *testing.F) {
	f.Add(blockState{First: 1, Last: 9, Seq: 3}.encode())
	f.Add(blockState{Empty: true, Seq: 1}.encode())
	f.Add(make([]byte, blockStateSize))
	f.Fuzz(func(t *testing.T, b []byte) {
		var s blockState
		var err error
		n := allocated(func() { s, err = decodeBlockState(b) })
		require.LessOrEqual(t, n, allocBound(len(b)))
		if err == nil {
			require.Equal(t, b, s.encode())
			require.True(t, s.Empty || s.First <= s.Last)
		}
	})
}

// FuzzReadFrames reads a stream of frames as the consensus protocol and the
// sync client do: whatever the bytes announce, no more than the input (and
// never over the bound) is allocated.
func FuzzReadFrames(f *testing.F) {
	var two bytes.Buffer
	_ = writeFrame(&two, []byte("one"))
	_ = writeFrame(&two, []byte("two"))
	f.Add(two.Bytes(), uint16(100))
	f.Add([]byte{0xff, 0xff, 0xff, 0xff}, uint16(100))
	f.Add([]byte{0, 0, 0, 5, 1}, uint16(100))
	f.Fuzz(func(t *testing.T, b []byte, max uint16) {
		var frames [][]byte
		var err error
		n := allocated(func() {
			r := bytes.NewReader(b)
			for {
				var fr []byte
				if fr, err = readFrame(r, int(max)); err != nil {
					return
				}
				frames = append(frames, fr)
			}
		})
		require.LessOrEqual(t, n, allocBound(len(b))+uint64(128*len(frames)))
		var back bytes.Buffer
		for _, fr := range frames {
			require.LessOrEqual(t, len(fr), int(max))
			require.NoError(t, writeFrame(&back, fr))
		}
		require.True(t, bytes.HasPrefix(b, back.Bytes()))
		if len(b) >= back.Len()+4 {
			rest := b[back.Len():]
			if int(binary.BigEndian.Uint32(rest)) > int(max) {
				require.True(t, errors.Is(err, ErrOversize))
			}
		}
	})
}

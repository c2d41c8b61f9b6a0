package p2p

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

// Wire formats of Cairn's own protocols. Every decoder here reads fixed-size
// fields or a length checked against a bound before the body is read, so no
// decoder allocates more than the bytes it was given (fuzz targets check it).

// ErrOversize is returned for a frame whose announced length is over the bound;
// the body is not read.
var ErrOversize = errors.New("frame over the size limit")

// ErrMalformed is returned for bytes that do not parse.
var ErrMalformed = errors.New("malformed message")

const frameHeaderSize = 4

// writeFrame writes a 4-byte big-endian length and the body.
func writeFrame(w io.Writer, body []byte) error {
	buf := make([]byte, frameHeaderSize+len(body))
	binary.BigEndian.PutUint32(buf, uint32(len(body)))
	copy(buf[frameHeaderSize:], body)
	_, err := w.Write(buf)
	return err
}

// readFrameHeader reads a frame's length and checks it against max before
// anything else is read.
func readFrameHeader(r io.Reader, max int) (int, error) {
	var h [frameHeaderSize]byte
	if _, err := io.ReadFull(r, h[:]); err != nil {
		return 0, err
	}
	n := binary.BigEndian.Uint32(h[:])
	if uint64(n) > uint64(max) {
		return 0, fmt.Errorf("%w: %d bytes, limit %d", ErrOversize, n, max)
	}
	return int(n), nil
}

// readFrame reads one frame of at most max bytes.
func readFrame(r io.Reader, max int) ([]byte, error) {
	n, err := readFrameHeader(r, max)
	if err != nil {
		return nil, err
	}
	b := make([]byte, n)
	if _, err := io.ReadFull(r, b); err != nil {
		return nil, fmt.Errorf("frame body: %w", err)
	}
	return b, nil
}

// hello is the handshake message both ends of a new connection send.
type hello struct {
	Version     uint64
	GenesisHash [32]byte
}

const (
	helloMagic = 0xca
	helloSize  = 1 + 8 + 32
)

func (h hello) encode() []byte {
	b := make([]byte, helloSize)
	b[0] = helloMagic
	binary.BigEndian.PutUint64(b[1:], h.Version)
	copy(b[9:], h.GenesisHash[:])
	return b
}

func decodeHello(b []byte) (hello, error) {
	if len(b) != helloSize || b[0] != helloMagic {
		return hello{}, fmt.Errorf("%w: handshake of %d bytes", ErrMalformed, len(b))
	}
	var h hello
	h.Version = binary.BigEndian.Uint64(b[1:])
	copy(h.GenesisHash[:], b[9:])
	return h, nil
}

// readHello reads exactly one hello.
func readHello(r io.Reader) (hello, error) {
	var b [helloSize]byte
	if _, err := io.ReadFull(r, b[:]); err != nil {
		return hello{}, err
	}
	return decodeHello(b[:])
}

// MaxSyncRequestBlocks bounds the count of one GetBlocks request.
const MaxSyncRequestBlocks = 32

// getBlocks is a block sync request: blocks from .. from+count-1.
type getBlocks struct {
	From  uint64
	Count uint32
}

const (
	getBlocksMagic = 0xcb
	getBlocksSize  = 1 + 8 + 4
)

func (g getBlocks) encode() []byte {
	b := make([]byte, getBlocksSize)
	b[0] = getBlocksMagic
	binary.BigEndian.PutUint64(b[1:], g.From)
	binary.BigEndian.PutUint32(b[9:], g.Count)
	return b
}

func decodeGetBlocks(b []byte) (getBlocks, error) {
	if len(b) != getBlocksSize || b[0] != getBlocksMagic {
		return getBlocks{}, fmt.Errorf("%w: block request of %d bytes", ErrMalformed, len(b))
	}
	g := getBlocks{From: binary.BigEndian.Uint64(b[1:]), Count: binary.BigEndian.Uint32(b[9:])}
	if g.Count == 0 || g.Count > MaxSyncRequestBlocks {
		return getBlocks{}, fmt.Errorf("%w: block request for %d blocks, limit %d", ErrMalformed, g.Count, MaxSyncRequestBlocks)
	}
	if g.From+uint64(g.Count) < g.From {
		return getBlocks{}, fmt.Errorf("%w: block request range overflows", ErrMalformed)
	}
	return g, nil
}

// blockState is a node's block store state: it holds final blocks First..Last
// (none when Empty). Seq numbers a node's announcements: gossip message ids
// are content hashes, and a repeated state must still reach new peers.
type blockState struct {
	Empty       bool
	First, Last uint64
	Seq         uint64
}

const (
	blockStateMagic = 0xcc
	blockStateSize  = 1 + 1 + 8 + 8 + 8
)

func (s blockState) encode() []byte {
	b := make([]byte, blockStateSize)
	b[0] = blockStateMagic
	binary.BigEndian.PutUint64(b[18:], s.Seq)
	if s.Empty {
		b[1] = 1
		return b
	}
	binary.BigEndian.PutUint64(b[2:], s.First)
	binary.BigEndian.PutUint64(b[10:], s.Last)
	return b
}

func decodeBlockState(b []byte) (blockState, error) {
	if len(b) != blockStateSize || b[0] != blockStateMagic || b[1] > 1 {
		return blockState{}, fmt.Errorf("%w: block store state of %d bytes", ErrMalformed, len(b))
	}
	seq := binary.BigEndian.Uint64(b[18:])
	if b[1] == 1 {
		for _, x := range b[2:18] {
			if x != 0 {
				return blockState{}, fmt.Errorf("%w: empty block store state with a range", ErrMalformed)
			}
		}
		return blockState{Empty: true, Seq: seq}, nil
	}
	s := blockState{First: binary.BigEndian.Uint64(b[2:]), Last: binary.BigEndian.Uint64(b[10:18]), Seq: seq}
	if s.Last < s.First {
		return blockState{}, fmt.Errorf("%w: block store state %d..%d", ErrMalformed, s.First, s.Last)
	}
	return s, nil
}

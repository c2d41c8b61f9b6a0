package wire

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
)

const (
	// HeaderSize is the size of a frame header: a uint32 payload length and a
	// type byte.
	HeaderSize = 5

	// MaxServerFrame bounds a coordinator → prover frame's payload. It is
	// large because a BatchResponse carries a whole (compressed) batch input.
	MaxServerFrame = 512 << 20

	// MaxClientFrame bounds a prover → coordinator frame's payload. Requests
	// are tiny and proofs are at most a few hundred kilobytes, so an
	// unauthenticated peer cannot make the coordinator allocate more.
	MaxClientFrame = 1 << 20

	// MaxInputSize bounds a batch input after decompression.
	MaxInputSize = 1 << 30

	// largeFrame is the payload size above which ReadFrame grows its buffer
	// as bytes arrive instead of allocating the announced size up front, so
	// a peer that announces a huge frame and stalls costs little memory.
	largeFrame = 1 << 20
)

var (
	// ErrFrameTooLarge means a frame header announced more payload bytes than
	// the reader's limit.
	ErrFrameTooLarge = errors.New("frame too large")
	// ErrUnknownType means a frame carried a type byte that is not a MsgType.
	ErrUnknownType = errors.New("unknown message type")
	// ErrMalformed means a payload does not decode as its message type.
	ErrMalformed = errors.New("malformed message")
)

// WriteFrame writes one frame. It refuses a payload larger than max so a bug
// on the sending side surfaces here rather than as a refusal by the peer.
func WriteFrame(w io.Writer, t MsgType, payload []byte, max uint32) error {
	if uint64(len(payload)) > uint64(max) {
		return fmt.Errorf("%w: %d bytes, limit %d", ErrFrameTooLarge, len(payload), max)
	}
	var hdr [HeaderSize]byte
	binary.BigEndian.PutUint32(hdr[:4], uint32(len(payload)))
	hdr[4] = byte(t)
	// One write per frame keeps small frames in one TCP segment.
	buf := make([]byte, 0, HeaderSize+len(payload))
	buf = append(buf, hdr[:]...)
	buf = append(buf, payload...)
	_, err := w.Write(buf)
	return err
}

// ReadFrameHeader reads a frame header and checks the announced length
// against max and the type byte against the known types. It lets a caller
// use a long idle deadline for the header and a shorter one for the body.
func ReadFrameHeader(r io.Reader, max uint32) (MsgType, uint32, error) {
	var hdr [HeaderSize]byte
	if _, err := io.ReadFull(r, hdr[:]); err != nil {
		return 0, 0, err
	}
	n := binary.BigEndian.Uint32(hdr[:4])
	t := MsgType(hdr[4])
	if n > max {
		return t, n, fmt.Errorf("%w: %d bytes announced, limit %d", ErrFrameTooLarge, n, max)
	}
	if !t.Known() {
		return t, n, fmt.Errorf("%w: %d", ErrUnknownType, hdr[4])
	}
	return t, n, nil
}

// ReadFrameBody reads the n payload bytes that follow a header.
func ReadFrameBody(r io.Reader, n uint32) ([]byte, error) {
	if n <= largeFrame {
		buf := make([]byte, n)
		if _, err := io.ReadFull(r, buf); err != nil {
			return nil, unexpectedEOF(err)
		}
		return buf, nil
	}
	var buf bytes.Buffer
	buf.Grow(largeFrame)
	got, err := buf.ReadFrom(io.LimitReader(r, int64(n)))
	if err != nil {
		return nil, err
	}
	if got != int64(n) {
		return nil, io.ErrUnexpectedEOF
	}
	return buf.Bytes(), nil
}

// ReadFrame reads one whole frame whose payload is at most max bytes.
func ReadFrame(r io.Reader, max uint32) (MsgType, []byte, error) {
	t, n, err := ReadFrameHeader(r, max)
	if err != nil {
		return t, nil, err
	}
	payload, err := ReadFrameBody(r, n)
	return t, payload, err
}

func unexpectedEOF(err error) error {
	if errors.Is(err, io.EOF) {
		return io.ErrUnexpectedEOF
	}
	return err
}

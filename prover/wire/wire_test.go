package wire

import (
	"bytes"
	"encoding/binary"
	"errors"
	"io"
	"strings"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

func newCodec(t testing.TB) *Codec {
	c, err := NewCodec()
	require.NoError(t, err)
	t.Cleanup(c.Close)
	return c
}

func sampleMessages() []Message {
	genesis := [32]byte{1, 2, 3, 31: 0xff}
	return []Message{
		&Hello{Version: ProtocolVersion, ChainID: 42, Genesis: genesis, Name: "prover-1"},
		&Hello{},
		&Challenge{Nonce: [32]byte{9, 31: 7}},
		&Challenge{},
		&Auth{Signature: [SignatureLen]byte{1, 64: 1}},
		&Welcome{Version: ProtocolVersion, Prover: "0x00000000000000000000000000000000000000aB/prover-1", IdleTimeout: 30 * time.Second},
		&Welcome{},
		&Refused{Code: RefuseGenesis, Reason: "genesis hash mismatch"},
		&Refused{},
		&BatchRequest{ProofTypes: []uint8{ProofTypeExec, 2}},
		&BatchRequest{},
		&BatchResponse{BatchNumber: 7, ProofType: ProofTypeExec, LeaseExpiry: time.Unix(1_700_000_000, 0), Input: bytes.Repeat([]byte("witness"), 1000)},
		&BatchResponse{BatchNumber: 1, Input: []byte{}},
		&NoWork{RetryAfter: 1500 * time.Millisecond},
		&NoWork{},
		&ProofSubmit{BatchNumber: 1<<64 - 1, ProofType: ProofTypeExec, Proof: []byte{0, 1, 2, 0xff}},
		&ProofSubmit{},
		&ProofAck{BatchNumber: 3, Accepted: true},
		&ProofAck{BatchNumber: 3, Reason: "already proven"},
		&ProofAck{BatchNumber: 4, RetryAfter: time.Second, Reason: "could not check the proof now"},
	}
}

func TestRoundTrip(t *testing.T) {
	c := newCodec(t)
	for _, m := range sampleMessages() {
		t.Run(m.Type().String(), func(t *testing.T) {
			var buf bytes.Buffer
			require.NoError(t, c.WriteMessage(&buf, m, MaxServerFrame))
			got, err := c.ReadMessage(&buf, MaxServerFrame)
			require.NoError(t, err)
			normalize(m)
			normalize(got)
			require.Equal(t, m, got)
			require.Zero(t, buf.Len(), "frame fully consumed")
		})
	}
}

// TestPrecompressedInput: a BatchResponse sent with the input compressed
// beforehand reads back as the input, the same bytes on the wire.
func TestPrecompressedInput(t *testing.T) {
	c := newCodec(t)
	input := bytes.Repeat([]byte("witness"), 1000)
	plain, err := c.Encode(&BatchResponse{BatchNumber: 7, Input: input})
	require.NoError(t, err)
	pre, err := c.Encode(&BatchResponse{BatchNumber: 7, Compressed: c.CompressInput(input)})
	require.NoError(t, err)
	require.Equal(t, plain, pre)
	got, err := c.Decode(MsgBatchResponse, pre)
	require.NoError(t, err)
	require.Equal(t, &BatchResponse{BatchNumber: 7, Input: input}, got)
}

// normalize maps nil and empty slices to nil; the wire does not tell them
// apart.
func normalize(m Message) {
	switch m := m.(type) {
	case *BatchRequest:
		if len(m.ProofTypes) == 0 {
			m.ProofTypes = nil
		}
	case *BatchResponse:
		if len(m.Input) == 0 {
			m.Input = nil
		}
	case *ProofSubmit:
		if len(m.Proof) == 0 {
			m.Proof = nil
		}
	}
}

func TestInputIsCompressed(t *testing.T) {
	c := newCodec(t)
	input := bytes.Repeat([]byte("a stateless witness repeats itself "), 1<<15) // ~1.1 MB
	payload, err := c.Encode(&BatchResponse{BatchNumber: 1, ProofType: ProofTypeExec, Input: input})
	require.NoError(t, err)
	require.Less(t, len(payload), len(input)/20, "input should travel zstd-compressed")
	require.NotContains(t, string(payload), "a stateless witness repeats itself a stateless")
}

func TestFrameLimits(t *testing.T) {
	c := newCodec(t)
	var buf bytes.Buffer
	big := &ProofSubmit{BatchNumber: 1, ProofType: 1, Proof: make([]byte, MaxClientFrame)}
	err := c.WriteMessage(&buf, big, MaxClientFrame)
	require.ErrorIs(t, err, ErrFrameTooLarge, "writer refuses an oversize frame")
	require.Zero(t, buf.Len())

	// A header announcing more than the limit is refused before any body
	// byte is read.
	hdr := binary.BigEndian.AppendUint32(nil, MaxClientFrame+1)
	hdr = append(hdr, byte(MsgProofSubmit))
	_, _, err = ReadFrame(io.MultiReader(bytes.NewReader(hdr), failingReader{}), MaxClientFrame)
	require.ErrorIs(t, err, ErrFrameTooLarge)
	require.True(t, IsProtocolError(err))
}

type failingReader struct{}

func (failingReader) Read([]byte) (int, error) { return 0, errors.New("body must not be read") }

func TestReadFrameErrors(t *testing.T) {
	frame := func(length uint32, typ byte, body []byte) []byte {
		b := binary.BigEndian.AppendUint32(nil, length)
		return append(append(b, typ), body...)
	}
	tests := []struct {
		name string
		in   []byte
		want error
	}{
		{"empty", nil, io.EOF},
		{"short header", []byte{0, 0}, io.ErrUnexpectedEOF},
		{"unknown type", frame(0, 99, nil), ErrUnknownType},
		{"type zero", frame(0, 0, nil), ErrUnknownType},
		{"truncated body", frame(10, byte(MsgNoWork), []byte{1, 2}), io.ErrUnexpectedEOF},
		{"oversize", frame(1<<31, byte(MsgNoWork), nil), ErrFrameTooLarge},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := ReadFrame(bytes.NewReader(tt.in), MaxClientFrame)
			require.ErrorIs(t, err, tt.want)
		})
	}
}

func TestLargeFrameBody(t *testing.T) {
	body := bytes.Repeat([]byte{7}, 3*largeFrame+5)
	var buf bytes.Buffer
	require.NoError(t, WriteFrame(&buf, MsgBatchResponse, body, MaxServerFrame))
	typ, got, err := ReadFrame(&buf, MaxServerFrame)
	require.NoError(t, err)
	require.Equal(t, MsgBatchResponse, typ)
	require.Equal(t, body, got)

	// A large frame cut short is an error, not a short read.
	buf.Reset()
	require.NoError(t, WriteFrame(&buf, MsgBatchResponse, body, MaxServerFrame))
	_, _, err = ReadFrame(bytes.NewReader(buf.Bytes()[:buf.Len()-1]), MaxServerFrame)
	require.ErrorIs(t, err, io.ErrUnexpectedEOF)
}

func TestDecodeStrict(t *testing.T) {
	c := newCodec(t)
	valid := func(m Message) []byte {
		p, err := c.Encode(m)
		require.NoError(t, err)
		return p
	}
	tests := []struct {
		name    string
		typ     MsgType
		payload []byte
	}{
		{"trailing byte", MsgWelcome, append(valid(&Welcome{Version: 1}), 0)},
		{"short hello", MsgHello, valid(&Hello{})[:20]},
		{"short challenge", MsgChallenge, make([]byte, 31)},
		{"long auth", MsgAuth, make([]byte, SignatureLen+1)},
		{"welcome prover too long", MsgWelcome, append([]byte{0, 2, 0x01, 0x00}, make([]byte, 256)...)},
		{"ack flag 2", MsgProofAck, func() []byte {
			p := valid(&ProofAck{BatchNumber: 1, Accepted: true})
			p[8] = 2
			return p
		}()},
		{"reason not utf8", MsgRefused, []byte{0, 0, 2, 0xff, 0xfe}},
		{"reason too long", MsgRefused, append([]byte{0, 0xff, 0xff}, make([]byte, 0xffff)...)},
		{"too many proof types", MsgBatchRequest, append([]byte{MaxProofTypes + 1}, make([]byte, MaxProofTypes+1)...)},
		{"proof length beyond payload", MsgProofSubmit, append(make([]byte, 9), 0xff, 0xff, 0xff, 0xff)},
		{"input not zstd", MsgBatchResponse, append(make([]byte, 17), 0, 0, 0, 3, 'a', 'b', 'c')},
		{"unknown type", MsgType(200), nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := c.Decode(tt.typ, tt.payload)
			require.Error(t, err)
			require.True(t, IsProtocolError(err), "error %v should be a protocol error", err)
		})
	}
}

func TestEncodeRefusesBadFields(t *testing.T) {
	c := newCodec(t)
	_, err := c.Encode(&Hello{Name: strings.Repeat("x", MaxProverNameLen+1)})
	require.ErrorIs(t, err, ErrMalformed)
	_, err = c.Encode(&Welcome{Prover: strings.Repeat("x", MaxProverLen+1)})
	require.ErrorIs(t, err, ErrMalformed)
	_, err = c.Encode(&BatchRequest{ProofTypes: make([]uint8, MaxProofTypes+1)})
	require.ErrorIs(t, err, ErrMalformed)

	// An overlong reason is cut, on a rune boundary, not refused.
	p, err := c.Encode(&Refused{Reason: strings.Repeat("é", MaxReasonLen)})
	require.NoError(t, err)
	m, err := c.Decode(MsgRefused, p)
	require.NoError(t, err)
	require.LessOrEqual(t, len(m.(*Refused).Reason), MaxReasonLen)
}

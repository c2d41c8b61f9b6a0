package wire

import (
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"time"
	"unicode/utf8"

	"github.com/klauspost/compress/zstd"
)

const (
	// ProtocolVersion is the version a prover announces in Hello. The
	// coordinator refuses any other. Version 2 added the signed handshake
	// (Challenge, Auth), dropped BatchRequest's self-declared prover id and
	// added ProofAck.RetryAfter.
	ProtocolVersion uint16 = 2

	// ProofTypeExec is the exec backend's proof: stateless re-execution
	// attested by an ECDSA signature over the public inputs hash.
	ProofTypeExec uint8 = 1

	// MaxProverNameLen bounds Hello.Name in bytes.
	MaxProverNameLen = 128
	// MaxProverLen bounds Welcome.Prover: an address, a slash and a name.
	MaxProverLen = 2 + 40 + 1 + MaxProverNameLen
	// SignatureLen is the length of Auth.Signature: r, s and the recovery
	// id (0 or 1), as go-ethereum's crypto.Sign makes them.
	SignatureLen = 65
	// MaxReasonLen bounds the reason text of Refused and ProofAck in bytes.
	MaxReasonLen = 1024
	// MaxProofTypes bounds BatchRequest.ProofTypes.
	MaxProofTypes = 16
	// MaxRetryAfter is the largest NoWork.RetryAfter, ProofAck.RetryAfter
	// or Welcome.IdleTimeout the wire can carry.
	MaxRetryAfter = time.Duration(math.MaxUint32) * time.Millisecond
)

// MsgType is a frame's type byte.
type MsgType uint8

// The message types. Values are part of the protocol: never renumber.
const (
	MsgHello         MsgType = 1  // prover → coordinator, first frame
	MsgWelcome       MsgType = 2  // coordinator → prover, handshake accepted
	MsgRefused       MsgType = 3  // coordinator → prover, then close
	MsgBatchRequest  MsgType = 4  // prover → coordinator
	MsgBatchResponse MsgType = 5  // coordinator → prover
	MsgNoWork        MsgType = 6  // coordinator → prover
	MsgProofSubmit   MsgType = 7  // prover → coordinator
	MsgProofAck      MsgType = 8  // coordinator → prover
	MsgChallenge     MsgType = 9  // coordinator → prover, answers Hello
	MsgAuth          MsgType = 10 // prover → coordinator, answers Challenge
)

// Known reports whether t is a defined message type.
func (t MsgType) Known() bool { return t >= MsgHello && t <= MsgAuth }

// FromProver reports whether t is a message a prover may send.
func (t MsgType) FromProver() bool {
	return t == MsgHello || t == MsgAuth || t == MsgBatchRequest || t == MsgProofSubmit
}

func (t MsgType) String() string {
	switch t {
	case MsgHello:
		return "Hello"
	case MsgWelcome:
		return "Welcome"
	case MsgRefused:
		return "Refused"
	case MsgBatchRequest:
		return "BatchRequest"
	case MsgBatchResponse:
		return "BatchResponse"
	case MsgNoWork:
		return "NoWork"
	case MsgProofSubmit:
		return "ProofSubmit"
	case MsgProofAck:
		return "ProofAck"
	case MsgChallenge:
		return "Challenge"
	case MsgAuth:
		return "Auth"
	}
	return fmt.Sprintf("MsgType(%d)", uint8(t))
}

// Message is one of the protocol messages below.
type Message interface {
	Type() MsgType
}

// Hello opens a session. The coordinator checks the version, chain id and
// genesis, then answers with a Challenge.
type Hello struct {
	Version uint16
	ChainID uint64   // L2 chain id
	Genesis [32]byte // L2 genesis block hash
	// Name tells apart several provers that share a key; it is free-form
	// and only means something under the key's address (see Welcome).
	Name string
}

// Challenge asks the prover to prove it holds its key: it signs
// HandshakeDigest(chain id, genesis, Nonce, name) and answers with Auth.
type Challenge struct {
	Nonce [32]byte // fresh random bytes per connection
}

// Auth answers a Challenge with a signature by the prover's key.
type Auth struct {
	Signature [SignatureLen]byte
}

// Welcome accepts the handshake.
type Welcome struct {
	Version uint16
	// Prover is the identity the session's leases are held under: the
	// address recovered from Auth, then "/" and Hello.Name if one was given.
	Prover string
	// IdleTimeout is how long the coordinator keeps a quiet session open;
	// a prover that was quiet longer reconnects before its next request.
	IdleTimeout time.Duration
}

// RefuseCode tells a prover why it was refused, so it can tell a
// misconfiguration (stop) from a transient condition (reconnect later).
type RefuseCode uint8

// Refusal codes. Values are part of the protocol.
const (
	RefuseOther       RefuseCode = 0
	RefuseVersion     RefuseCode = 1 // protocol version mismatch
	RefuseChainID     RefuseCode = 2 // L2 chain id mismatch
	RefuseGenesis     RefuseCode = 3 // genesis hash mismatch
	RefuseProtocol    RefuseCode = 4 // malformed, oversize, unknown or unexpected frame
	RefuseBusy        RefuseCode = 5 // too many connections
	RefuseUnsupported RefuseCode = 6 // none of the requested proof types is served
	RefuseInternal    RefuseCode = 7 // coordinator-side failure; retry later
	RefuseShutdown    RefuseCode = 8 // coordinator is stopping
	RefuseAuth        RefuseCode = 9 // handshake signature does not recover
	// RefuseNotAllowed: the handshake key is not on the coordinator's
	// prover allow-list. Permanent: only the operator can add it.
	RefuseNotAllowed RefuseCode = 10
)

// Permanent reports whether retrying with the same configuration cannot
// succeed.
func (c RefuseCode) Permanent() bool {
	switch c {
	case RefuseVersion, RefuseChainID, RefuseGenesis, RefuseUnsupported, RefuseAuth, RefuseNotAllowed:
		return true
	}
	return false
}

// Refused is the coordinator's last frame on a connection.
type Refused struct {
	Code   RefuseCode
	Reason string
}

// Error makes a received Refused usable as an error.
func (r *Refused) Error() string {
	return "coordinator refused: " + r.Reason
}

// BatchRequest asks for a batch to prove with one of ProofTypes (in order of
// preference), leased to the session's prover.
type BatchRequest struct {
	ProofTypes []uint8
}

// BatchResponse hands out a batch, leased to the requester until LeaseExpiry.
// Input is the uncompressed prover input; it is compressed on the wire.
type BatchResponse struct {
	BatchNumber uint64
	ProofType   uint8
	LeaseExpiry time.Time // unix seconds on the wire, 0 for the zero Time
	Input       []byte
	// Compressed, when set, is sent as the input instead of compressing
	// Input: what CompressInput made of it, so that a coordinator
	// compresses a batch's input once, not for each prover. Decode leaves
	// it nil.
	Compressed []byte
}

// NoWork says there is nothing to prove now; ask again after RetryAfter
// (millisecond resolution on the wire).
type NoWork struct {
	RetryAfter time.Duration
}

// ProofSubmit carries a proof of BatchNumber.
type ProofSubmit struct {
	BatchNumber uint64
	ProofType   uint8
	Proof       []byte
}

// ProofAck answers a ProofSubmit. Accepted is true only when this proof was
// verified and stored. A non-zero RetryAfter (with Accepted false) means the
// coordinator could not check the proof now (its L1 is unreachable, say):
// the prover keeps the proof and submits it again after RetryAfter; its
// lease is kept meanwhile.
type ProofAck struct {
	BatchNumber uint64
	Accepted    bool
	RetryAfter  time.Duration // millisecond resolution on the wire
	Reason      string
}

func (*Hello) Type() MsgType         { return MsgHello }
func (*Welcome) Type() MsgType       { return MsgWelcome }
func (*Refused) Type() MsgType       { return MsgRefused }
func (*BatchRequest) Type() MsgType  { return MsgBatchRequest }
func (*BatchResponse) Type() MsgType { return MsgBatchResponse }
func (*NoWork) Type() MsgType        { return MsgNoWork }
func (*ProofSubmit) Type() MsgType   { return MsgProofSubmit }
func (*ProofAck) Type() MsgType      { return MsgProofAck }
func (*Challenge) Type() MsgType     { return MsgChallenge }
func (*Auth) Type() MsgType          { return MsgAuth }

// Codec encodes and decodes messages. It owns the zstd state used for batch
// inputs; it is safe for concurrent use and must be closed.
type Codec struct {
	enc *zstd.Encoder
	dec *zstd.Decoder
}

// NewCodec returns a Codec. Neither zstd side starts goroutines in the
// configuration used here (whole-buffer EncodeAll/DecodeAll only).
func NewCodec() (*Codec, error) {
	enc, err := zstd.NewWriter(nil,
		zstd.WithEncoderLevel(zstd.SpeedDefault),
		zstd.WithEncoderConcurrency(1))
	if err != nil {
		return nil, fmt.Errorf("zstd encoder: %w", err)
	}
	dec, err := zstd.NewReader(nil,
		zstd.WithDecoderConcurrency(1),
		zstd.WithDecoderMaxMemory(MaxInputSize))
	if err != nil {
		enc.Close()
		return nil, fmt.Errorf("zstd decoder: %w", err)
	}
	return &Codec{enc: enc, dec: dec}, nil
}

// Close releases the zstd state.
func (c *Codec) Close() {
	_ = c.enc.Close()
	c.dec.Close()
}

// CompressInput compresses a batch input as BatchResponse carries it.
func (c *Codec) CompressInput(input []byte) []byte {
	return c.enc.EncodeAll(input, nil)
}

// WriteMessage encodes m and writes it as one frame of at most max bytes.
func (c *Codec) WriteMessage(w io.Writer, m Message, max uint32) error {
	payload, err := c.Encode(m)
	if err != nil {
		return err
	}
	return WriteFrame(w, m.Type(), payload, max)
}

// ReadMessage reads one frame of at most max bytes and decodes it.
func (c *Codec) ReadMessage(r io.Reader, max uint32) (Message, error) {
	t, payload, err := ReadFrame(r, max)
	if err != nil {
		return nil, err
	}
	return c.Decode(t, payload)
}

// Encode returns m's payload encoding.
func (c *Codec) Encode(m Message) ([]byte, error) {
	var e encoder
	switch m := m.(type) {
	case *Hello:
		// Version, chain id and genesis sit at fixed offsets ahead of the
		// variable-length Name, so an old or future version can still be
		// read far enough to be refused with a clear reason.
		e.u16(m.Version)
		e.u64(m.ChainID)
		e.b = append(e.b, m.Genesis[:]...)
		if err := e.text(m.Name, MaxProverNameLen); err != nil {
			return nil, err
		}
	case *Challenge:
		e.b = append(e.b, m.Nonce[:]...)
	case *Auth:
		e.b = append(e.b, m.Signature[:]...)
	case *Welcome:
		e.u16(m.Version)
		if err := e.text(m.Prover, MaxProverLen); err != nil {
			return nil, err
		}
		e.millis(m.IdleTimeout)
	case *Refused:
		e.u8(uint8(m.Code))
		if err := e.text(truncate(m.Reason, MaxReasonLen), MaxReasonLen); err != nil {
			return nil, err
		}
	case *BatchRequest:
		if len(m.ProofTypes) > MaxProofTypes {
			return nil, fmt.Errorf("%w: %d proof types, limit %d", ErrMalformed, len(m.ProofTypes), MaxProofTypes)
		}
		e.u8(uint8(len(m.ProofTypes)))
		e.b = append(e.b, m.ProofTypes...)
	case *BatchResponse:
		if len(m.Input) > MaxInputSize {
			return nil, fmt.Errorf("%w: input of %d bytes, limit %d", ErrMalformed, len(m.Input), MaxInputSize)
		}
		e.u64(m.BatchNumber)
		e.u8(m.ProofType)
		var expiry uint64 // 0: none given
		if !m.LeaseExpiry.IsZero() && m.LeaseExpiry.Unix() > 0 {
			expiry = uint64(m.LeaseExpiry.Unix())
		}
		e.u64(expiry)
		compressed := m.Compressed
		if compressed == nil {
			compressed = c.CompressInput(m.Input)
		}
		e.bytes(compressed)
	case *NoWork:
		e.millis(m.RetryAfter)
	case *ProofSubmit:
		e.u64(m.BatchNumber)
		e.u8(m.ProofType)
		e.bytes(m.Proof)
	case *ProofAck:
		e.u64(m.BatchNumber)
		if m.Accepted {
			e.u8(1)
		} else {
			e.u8(0)
		}
		e.millis(m.RetryAfter)
		if err := e.text(truncate(m.Reason, MaxReasonLen), MaxReasonLen); err != nil {
			return nil, err
		}
	default:
		return nil, fmt.Errorf("encode %T: not a protocol message", m)
	}
	return e.b, nil
}

// Decode decodes a payload of type t. Any error wraps ErrMalformed or
// ErrUnknownType.
func (c *Codec) Decode(t MsgType, payload []byte) (Message, error) {
	d := decoder{b: payload}
	var m Message
	switch t {
	case MsgHello:
		h := &Hello{Version: d.u16(), ChainID: d.u64()}
		copy(h.Genesis[:], d.take(32))
		h.Name = d.text(MaxProverNameLen)
		m = h
	case MsgChallenge:
		c := &Challenge{}
		copy(c.Nonce[:], d.take(32))
		m = c
	case MsgAuth:
		a := &Auth{}
		copy(a.Signature[:], d.take(SignatureLen))
		m = a
	case MsgWelcome:
		m = &Welcome{Version: d.u16(), Prover: d.text(MaxProverLen), IdleTimeout: d.millis()}
	case MsgRefused:
		m = &Refused{Code: RefuseCode(d.u8()), Reason: d.text(MaxReasonLen)}
	case MsgBatchRequest:
		r := &BatchRequest{}
		n := int(d.u8())
		if n > MaxProofTypes {
			d.fail("%d proof types, limit %d", n, MaxProofTypes)
		}
		if types := d.take(n); types != nil {
			r.ProofTypes = append([]uint8(nil), types...)
		}
		m = r
	case MsgBatchResponse:
		r := &BatchResponse{BatchNumber: d.u64(), ProofType: d.u8()}
		expiry := d.u64()
		if expiry > math.MaxInt64 {
			d.fail("lease expiry %d out of range", expiry)
		}
		if expiry != 0 {
			r.LeaseExpiry = time.Unix(int64(expiry), 0)
		}
		compressed := d.bytes()
		if d.err == nil {
			input, err := c.dec.DecodeAll(compressed, nil)
			if err != nil {
				d.fail("input: %v", err)
			}
			r.Input = input
		}
		m = r
	case MsgNoWork:
		m = &NoWork{RetryAfter: d.millis()}
	case MsgProofSubmit:
		m = &ProofSubmit{BatchNumber: d.u64(), ProofType: d.u8(), Proof: d.bytes()}
	case MsgProofAck:
		a := &ProofAck{BatchNumber: d.u64()}
		switch v := d.u8(); v {
		case 0:
		case 1:
			a.Accepted = true
		default:
			d.fail("accepted flag %d is not 0 or 1", v)
		}
		a.RetryAfter = d.millis()
		a.Reason = d.text(MaxReasonLen)
		m = a
	default:
		return nil, fmt.Errorf("%w: %d", ErrUnknownType, uint8(t))
	}
	if d.err == nil && len(d.b) != 0 {
		d.fail("%d trailing bytes", len(d.b))
	}
	if d.err != nil {
		return nil, fmt.Errorf("decode %v: %w", t, d.err)
	}
	return m, nil
}

type encoder struct{ b []byte }

func (e *encoder) u8(v uint8)   { e.b = append(e.b, v) }
func (e *encoder) u16(v uint16) { e.b = binary.BigEndian.AppendUint16(e.b, v) }
func (e *encoder) u32(v uint32) { e.b = binary.BigEndian.AppendUint32(e.b, v) }
func (e *encoder) u64(v uint64) { e.b = binary.BigEndian.AppendUint64(e.b, v) }

// millis encodes a duration as uint32 milliseconds, clamped to
// [0, MaxRetryAfter].
func (e *encoder) millis(d time.Duration) {
	d = min(max(d, 0), MaxRetryAfter)
	e.u32(uint32(d / time.Millisecond))
}

func (e *encoder) bytes(v []byte) {
	e.u32(uint32(len(v)))
	e.b = append(e.b, v...)
}

func (e *encoder) text(s string, max int) error {
	if len(s) > max {
		return fmt.Errorf("%w: text of %d bytes, limit %d", ErrMalformed, len(s), max)
	}
	if !utf8.ValidString(s) {
		return fmt.Errorf("%w: text is not valid UTF-8", ErrMalformed)
	}
	e.u16(uint16(len(s)))
	e.b = append(e.b, s...)
	return nil
}

// decoder reads fields until the first error, after which every read returns
// zero values; the caller checks err once at the end.
type decoder struct {
	b   []byte
	err error
}

func (d *decoder) fail(format string, args ...any) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s", ErrMalformed, fmt.Sprintf(format, args...))
	}
}

func (d *decoder) take(n int) []byte {
	if d.err != nil {
		return nil
	}
	if n < 0 || n > len(d.b) {
		d.fail("need %d bytes, have %d", n, len(d.b))
		return nil
	}
	v := d.b[:n:n]
	d.b = d.b[n:]
	return v
}

func (d *decoder) u8() uint8 {
	if v := d.take(1); v != nil {
		return v[0]
	}
	return 0
}

func (d *decoder) u16() uint16 {
	if v := d.take(2); v != nil {
		return binary.BigEndian.Uint16(v)
	}
	return 0
}

func (d *decoder) u32() uint32 {
	if v := d.take(4); v != nil {
		return binary.BigEndian.Uint32(v)
	}
	return 0
}

func (d *decoder) u64() uint64 {
	if v := d.take(8); v != nil {
		return binary.BigEndian.Uint64(v)
	}
	return 0
}

func (d *decoder) millis() time.Duration {
	return time.Duration(d.u32()) * time.Millisecond
}

func (d *decoder) bytes() []byte {
	n := d.u32()
	if d.err != nil {
		return nil
	}
	if uint64(n) > uint64(len(d.b)) {
		d.fail("byte string of %d bytes, %d left", n, len(d.b))
		return nil
	}
	return d.take(int(n))
}

func (d *decoder) text(max int) string {
	n := int(d.u16())
	if d.err != nil {
		return ""
	}
	if n > max {
		d.fail("text of %d bytes, limit %d", n, max)
		return ""
	}
	v := d.take(n)
	if d.err != nil {
		return ""
	}
	if !utf8.Valid(v) {
		d.fail("text is not valid UTF-8")
		return ""
	}
	return string(v)
}

// truncate cuts s to at most max bytes on a rune boundary, so that an
// overlong reason (say, a wrapped error chain) is shortened, not refused.
func truncate(s string, max int) string {
	if len(s) <= max {
		return s
	}
	s = s[:max]
	for len(s) > 0 && !utf8.ValidString(s) {
		s = s[:len(s)-1]
	}
	return s
}

// IsProtocolError reports whether err is a framing or decoding error (as
// opposed to an I/O error), i.e. the peer sent something it must not.
func IsProtocolError(err error) bool {
	return errors.Is(err, ErrMalformed) || errors.Is(err, ErrUnknownType) || errors.Is(err, ErrFrameTooLarge)
}

package coordinator

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"net"
	"runtime"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/clock"
	"github.com/cairn-rollup/cairn/prover/wire"
)

const (
	testChainID = 1337
	leaseTTL    = 10 * time.Minute
	retryAfter  = 3 * time.Second
)

var testGenesis = [32]byte{0xca, 0x17, 31: 0x01}

// fakeJobs holds batches 1..sealed and their proofs in memory.
type fakeJobs struct {
	mu         sync.Mutex
	sealed     uint64
	proofs     map[uint64][]byte // proof type exec only
	pendingErr error
	// hideProofs makes HasProof answer false, as when two submits race
	// past the check.
	hideProofs bool
	input      func(batch uint64) []byte
	reads      map[uint64]int // Input calls per batch
}

func (j *fakeJobs) Pending(_ context.Context, proofType uint8, limit int) ([]uint64, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.pendingErr != nil {
		return nil, j.pendingErr
	}
	var out []uint64
	for b := uint64(1); b <= j.sealed && len(out) < limit; b++ {
		if _, ok := j.proofs[b]; !ok && proofType == wire.ProofTypeExec {
			out = append(out, b)
		}
	}
	return out, nil
}

func (j *fakeJobs) HasProof(_ context.Context, batch uint64, _ uint8) (bool, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	_, ok := j.proofs[batch]
	return ok && !j.hideProofs, nil
}

func (j *fakeJobs) Input(_ context.Context, batch uint64) ([]byte, error) {
	j.mu.Lock()
	if j.reads == nil {
		j.reads = map[uint64]int{}
	}
	j.reads[batch]++
	j.mu.Unlock()
	if j.input != nil {
		return j.input(batch), nil
	}
	return []byte(fmt.Sprintf("input-%d", batch)), nil
}

func (j *fakeJobs) SaveProof(_ context.Context, batch uint64, _ uint8, proof []byte) (bool, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, ok := j.proofs[batch]; ok {
		return false, nil
	}
	j.proofs[batch] = append([]byte(nil), proof...)
	return true, nil
}

func (j *fakeJobs) proof(batch uint64) []byte {
	j.mu.Lock()
	defer j.mu.Unlock()
	return j.proofs[batch]
}

// fakeVerifier accepts a proof of batch N only if it starts with
// "proof-of-N" — standing in for the exec verifier's signature and public
// inputs checks — and every key but strangers as a prover. While down is
// set it cannot check anything, as when its L1 is unreachable; calls and
// lookups count its calls.
type fakeVerifier struct {
	mu        sync.Mutex
	down      error
	calls     int
	lookups   int
	strangers map[common.Address]bool
}

func (v *fakeVerifier) IsProver(_ context.Context, prover common.Address) (bool, error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.lookups++
	if v.down != nil {
		return false, v.down
	}
	return !v.strangers[prover], nil
}

// setStranger takes key off (or puts it back on) the allow-list.
func (v *fakeVerifier) setStranger(key *ecdsa.PrivateKey, stranger bool) {
	v.mu.Lock()
	defer v.mu.Unlock()
	if v.strangers == nil {
		v.strangers = map[common.Address]bool{}
	}
	v.strangers[crypto.PubkeyToAddress(key.PublicKey)] = stranger
}

func (v *fakeVerifier) lookupCount() int {
	v.mu.Lock()
	defer v.mu.Unlock()
	return v.lookups
}

func (v *fakeVerifier) VerifyProof(_ context.Context, batch uint64, _ uint8, proof []byte) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.calls++
	if v.down != nil {
		return v.down
	}
	if !strings.HasPrefix(string(proof), fmt.Sprintf("proof-of-%d", batch)) {
		return errors.New("bad signature over public inputs")
	}
	return nil
}

func (v *fakeVerifier) setDown(err error) {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.down = err
}

type harness struct {
	co    *Coordinator
	jobs  *fakeJobs
	ver   *fakeVerifier
	clock *clock.Fake

	mu   sync.Mutex
	keys map[string]*ecdsa.PrivateKey // one key per prover name
}

// key returns the key of the prover called name, made on first use.
func (h *harness) key(t *testing.T, name string) *ecdsa.PrivateKey {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.keys == nil {
		h.keys = map[string]*ecdsa.PrivateKey{}
	}
	if k, ok := h.keys[name]; ok {
		return k
	}
	k, err := crypto.GenerateKey()
	require.NoError(t, err)
	h.keys[name] = k
	return k
}

func start(t *testing.T, sealed uint64, adjust ...func(*Config)) *harness {
	t.Helper()
	cfg := Config{
		ListenAddr:   "127.0.0.1:0",
		ChainID:      testChainID,
		Genesis:      testGenesis,
		LeaseTimeout: leaseTTL,
		RetryAfter:   retryAfter,
	}
	for _, f := range adjust {
		f(&cfg)
	}
	h := &harness{
		jobs:  &fakeJobs{sealed: sealed, proofs: map[uint64][]byte{}},
		ver:   &fakeVerifier{},
		clock: clock.NewFake(),
	}
	h.co = New(cfg, h.jobs, h.ver, nil, WithClock(h.clock))
	require.NoError(t, h.co.Start(context.Background()))
	t.Cleanup(func() { require.NoError(t, h.co.Close()) })
	return h
}

// prover is a raw protocol client.
type prover struct {
	t     *testing.T
	conn  net.Conn
	codec *wire.Codec
	id    string
	// as is the identity the coordinator welcomed it under.
	as string
}

func (h *harness) dial(t *testing.T, id string) *prover {
	t.Helper()
	conn, err := net.DialTimeout("tcp", h.co.Addr().String(), 5*time.Second)
	require.NoError(t, err)
	require.NoError(t, conn.SetDeadline(time.Now().Add(10*time.Second)))
	codec, err := wire.NewCodec()
	require.NoError(t, err)
	t.Cleanup(func() { _ = conn.Close(); codec.Close() })
	return &prover{t: t, conn: conn, codec: codec, id: id}
}

// connect dials and completes the handshake as the prover called id, with
// that prover's key.
func (h *harness) connect(t *testing.T, id string) *prover {
	return h.connectAs(t, h.key(t, id), id)
}

// connectAs completes the handshake signing with key, under name.
func (h *harness) connectAs(t *testing.T, key *ecdsa.PrivateKey, name string) *prover {
	t.Helper()
	p := h.dial(t, name)
	ch := p.hello(name)
	sig, err := wire.SignHandshake(key, wire.HandshakeDigest(testChainID, testGenesis, ch.Nonce, name))
	require.NoError(t, err)
	reply := p.exchange(&wire.Auth{Signature: sig})
	w, ok := reply.(*wire.Welcome)
	require.True(t, ok, "expected Welcome, got %#v", reply)
	want := crypto.PubkeyToAddress(key.PublicKey).Hex()
	if name != "" {
		want += "/" + name
	}
	require.Equal(t, want, w.Prover)
	require.Equal(t, h.co.cfg.IdleTimeout, w.IdleTimeout)
	p.as = w.Prover
	return p
}

// hello sends a valid Hello and returns the coordinator's Challenge.
func (p *prover) hello(name string) *wire.Challenge {
	p.t.Helper()
	reply := p.exchange(&wire.Hello{Version: wire.ProtocolVersion, ChainID: testChainID, Genesis: testGenesis, Name: name})
	ch, ok := reply.(*wire.Challenge)
	require.True(p.t, ok, "expected Challenge, got %#v", reply)
	return ch
}

func (p *prover) send(m wire.Message) {
	p.t.Helper()
	require.NoError(p.t, p.codec.WriteMessage(p.conn, m, wire.MaxServerFrame))
}

func (p *prover) read() wire.Message {
	p.t.Helper()
	m, err := p.codec.ReadMessage(p.conn, wire.MaxServerFrame)
	require.NoError(p.t, err)
	return m
}

func (p *prover) exchange(m wire.Message) wire.Message {
	p.t.Helper()
	p.send(m)
	return p.read()
}

func (p *prover) request() wire.Message {
	p.t.Helper()
	return p.exchange(&wire.BatchRequest{ProofTypes: []uint8{wire.ProofTypeExec}})
}

// requestBatch asserts a batch is handed out and returns its number.
func (p *prover) requestBatch() uint64 {
	p.t.Helper()
	m := p.request()
	r, ok := m.(*wire.BatchResponse)
	require.True(p.t, ok, "expected a BatchResponse, got %#v", m)
	require.Equal(p.t, wire.ProofTypeExec, r.ProofType)
	require.Equal(p.t, fmt.Sprintf("input-%d", r.BatchNumber), string(r.Input))
	return r.BatchNumber
}

func (p *prover) requestNoWork() {
	p.t.Helper()
	m := p.request()
	require.Equal(p.t, &wire.NoWork{RetryAfter: retryAfter}, m)
}

func (p *prover) submit(batch uint64, proof string) *wire.ProofAck {
	p.t.Helper()
	m := p.exchange(&wire.ProofSubmit{BatchNumber: batch, ProofType: wire.ProofTypeExec, Proof: []byte(proof)})
	ack, ok := m.(*wire.ProofAck)
	require.True(p.t, ok, "expected a ProofAck, got %v", m.Type())
	require.Equal(p.t, batch, ack.BatchNumber)
	return ack
}

// expectRefusedAndClosed reads a Refused frame and then EOF.
func (p *prover) expectRefusedAndClosed(code wire.RefuseCode, reason string) {
	p.t.Helper()
	m := p.read()
	r, ok := m.(*wire.Refused)
	require.True(p.t, ok, "expected Refused, got %v", m.Type())
	require.Equal(p.t, code, r.Code, "reason: %s", r.Reason)
	require.Contains(p.t, r.Reason, reason)
	p.expectClosed()
}

func (p *prover) expectClosed() {
	p.t.Helper()
	var b [1]byte
	_, err := p.conn.Read(b[:])
	require.ErrorIs(p.t, err, io.EOF, "connection should be closed by the coordinator")
}

func TestNoWork(t *testing.T) {
	h := start(t, 0)
	p := h.connect(t, "a")
	p.requestNoWork()
	p.requestNoWork() // the session stays usable
}

func TestHandshakeRefusals(t *testing.T) {
	h := start(t, 1)
	wrongGenesis := testGenesis
	wrongGenesis[5] = 1
	tests := []struct {
		name   string
		send   func(p *prover)
		code   wire.RefuseCode
		reason string
	}{
		{"newer version", func(p *prover) {
			p.send(&wire.Hello{Version: wire.ProtocolVersion + 1, ChainID: testChainID, Genesis: testGenesis})
		}, wire.RefuseVersion, "protocol version mismatch: prover speaks 3, coordinator speaks 2"},
		{"version 1 client", func(p *prover) {
			// A version 1 Hello, byte for byte: version, chain id, genesis,
			// then the self-declared prover id.
			payload := binary.BigEndian.AppendUint16(nil, 1)
			payload = binary.BigEndian.AppendUint64(payload, testChainID)
			payload = append(payload, testGenesis[:]...)
			payload = append(payload, 0, 3, 'o', 'l', 'd')
			require.NoError(t, wire.WriteFrame(p.conn, wire.MsgHello, payload, wire.MaxClientFrame))
		}, wire.RefuseVersion, "protocol version mismatch: prover speaks 1, coordinator speaks 2; upgrade the older side"},
		{"future hello layout", func(p *prover) {
			require.NoError(t, wire.WriteFrame(p.conn, wire.MsgHello, []byte{0, 9, 'x'}, wire.MaxClientFrame))
		}, wire.RefuseVersion, "protocol version mismatch: prover speaks 9"},
		{"chain id", func(p *prover) {
			p.send(&wire.Hello{Version: wire.ProtocolVersion, ChainID: 1, Genesis: testGenesis})
		}, wire.RefuseChainID, "L2 chain id mismatch: prover has 1, coordinator serves 1337"},
		{"genesis", func(p *prover) {
			p.send(&wire.Hello{Version: wire.ProtocolVersion, ChainID: testChainID, Genesis: wrongGenesis})
		}, wire.RefuseGenesis, "genesis hash mismatch: prover has 0xca17000000010000"},
		{"request before hello", func(p *prover) {
			p.send(&wire.BatchRequest{ProofTypes: []uint8{1}})
		}, wire.RefuseProtocol, "expected Hello as the first frame, got BatchRequest"},
		{"request instead of auth", func(p *prover) {
			p.hello("x")
			p.send(&wire.BatchRequest{ProofTypes: []uint8{1}})
		}, wire.RefuseProtocol, "expected Auth in answer to Challenge, got BatchRequest"},
		{"signature that recovers no key", func(p *prover) {
			p.hello("x")
			p.send(&wire.Auth{})
		}, wire.RefuseAuth, "handshake signature refused"},
		{"signature with a bad recovery id", func(p *prover) {
			ch := p.hello("x")
			sig, err := wire.SignHandshake(h.key(t, "x"), wire.HandshakeDigest(testChainID, testGenesis, ch.Nonce, "x"))
			require.NoError(t, err)
			sig[64] = 28
			p.send(&wire.Auth{Signature: sig})
		}, wire.RefuseAuth, "recovery id 28"},
		{"short auth", func(p *prover) {
			p.hello("x")
			require.NoError(t, wire.WriteFrame(p.conn, wire.MsgAuth, make([]byte, 64), wire.MaxClientFrame))
		}, wire.RefuseProtocol, "malformed message"},
		{"garbage", func(p *prover) {
			_, err := p.conn.Write([]byte("GET / HTTP/1.1\r\n\r\n"))
			require.NoError(t, err)
		}, wire.RefuseProtocol, "frame too large"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := h.dial(t, "x")
			tt.send(p)
			p.expectRefusedAndClosed(tt.code, tt.reason)
		})
	}
	// Refusals do not stop the service.
	h.connect(t, "ok").requestBatch()
}

func TestHandshakeTimeout(t *testing.T) {
	h := start(t, 1, func(c *Config) { c.HandshakeTimeout = 100 * time.Millisecond })
	p := h.dial(t, "silent")
	p.expectRefusedAndClosed(wire.RefuseProtocol, "handshake timed out")

	// The deadline covers the whole handshake: a Hello does not extend it.
	q := h.dial(t, "no-auth")
	q.hello("no-auth")
	q.expectRefusedAndClosed(wire.RefuseProtocol, "handshake timed out")
}

func TestDefaultTimeoutsAreSeconds(t *testing.T) {
	d := Config{}.withDefaults()
	require.Equal(t, 5*time.Second, d.HandshakeTimeout)
	require.Equal(t, 30*time.Second, d.IdleTimeout)
	require.Equal(t, time.Second, d.VerifyRetryAfter)
}

func TestIdleSessionTimesOut(t *testing.T) {
	h := start(t, 1, func(c *Config) { c.IdleTimeout = 100 * time.Millisecond })
	p := h.connect(t, "idle")
	p.expectRefusedAndClosed(wire.RefuseProtocol, "request timed out")
}

func TestLeasesLowestFirstAndExclusive(t *testing.T) {
	h := start(t, 3)
	a, b, c, d := h.connect(t, "a"), h.connect(t, "b"), h.connect(t, "c"), h.connect(t, "d")
	require.Equal(t, uint64(1), a.requestBatch())
	require.Equal(t, uint64(2), b.requestBatch())
	require.Equal(t, uint64(3), c.requestBatch())
	d.requestNoWork()
	// A prover that asks again (it reconnected, say) gets its own batch back.
	require.Equal(t, uint64(1), h.connect(t, "a").requestBatch())
}

func TestExpiredLeaseHandedOutAgain(t *testing.T) {
	h := start(t, 1)
	a, b := h.connect(t, "a"), h.connect(t, "b")
	require.Equal(t, uint64(1), a.requestBatch())

	h.clock.Advance(leaseTTL - time.Second)
	b.requestNoWork() // unexpired: not handed out again

	h.clock.Advance(time.Second)
	require.Equal(t, uint64(1), b.requestBatch()) // expired: handed out again

	// The late prover's proof is still accepted if it is valid and first.
	require.True(t, a.submit(1, "proof-of-1 by a").Accepted)
	ack := b.submit(1, "proof-of-1 by b")
	require.False(t, ack.Accepted)
	require.Equal(t, "already proven", ack.Reason)
	require.Equal(t, "proof-of-1 by a", string(h.jobs.proof(1)))
}

func TestInvalidProofRefusedAndNotStored(t *testing.T) {
	h := start(t, 2)
	a, b := h.connect(t, "a"), h.connect(t, "b")
	require.Equal(t, uint64(1), a.requestBatch())

	for _, bad := range []string{"", "proof-of-2", "forged"} {
		ack := a.submit(1, bad)
		require.False(t, ack.Accepted)
		require.Equal(t, "invalid proof: bad signature over public inputs", ack.Reason)
		require.Nil(t, h.jobs.proof(1), "a refused proof is not stored")
	}
	// The lease was released: batch 1 goes out again at once.
	require.Equal(t, uint64(1), b.requestBatch())
	require.True(t, b.submit(1, "proof-of-1").Accepted)
	require.Equal(t, "proof-of-1", string(h.jobs.proof(1)))
}

func TestStrangersBadProofKeepsLease(t *testing.T) {
	h := start(t, 1)
	a, mallory, c := h.connect(t, "a"), h.connect(t, "mallory"), h.connect(t, "c")
	require.Equal(t, uint64(1), a.requestBatch())
	require.False(t, mallory.submit(1, "junk").Accepted)
	c.requestNoWork() // still a's
}

func TestDuplicateSubmitDoesNotOverwrite(t *testing.T) {
	h := start(t, 1)
	a := h.connect(t, "a")
	require.Equal(t, uint64(1), a.requestBatch())
	ack := a.submit(1, "proof-of-1 first")
	require.True(t, ack.Accepted)
	require.Empty(t, ack.Reason)

	for _, again := range []string{"proof-of-1 first", "proof-of-1 second", "garbage"} {
		ack = a.submit(1, again)
		require.False(t, ack.Accepted)
		require.Equal(t, "already proven", ack.Reason)
	}
	require.Equal(t, "proof-of-1 first", string(h.jobs.proof(1)))
}

func TestRacingDuplicateDoesNotOverwrite(t *testing.T) {
	h := start(t, 1)
	a := h.connect(t, "a")
	require.True(t, a.submit(1, "proof-of-1 first").Accepted)
	h.jobs.mu.Lock()
	h.jobs.hideProofs = true
	h.jobs.mu.Unlock()
	ack := a.submit(1, "proof-of-1 second")
	require.False(t, ack.Accepted)
	require.Equal(t, "already proven", ack.Reason)
	require.Equal(t, "proof-of-1 first", string(h.jobs.proof(1)))
}

func TestLargeInput(t *testing.T) {
	h := start(t, 1)
	// 24 MiB that compress poorly-ish: a repeating 1 MiB pseudo-random block.
	block := make([]byte, 1<<20)
	x := uint32(2463534242)
	for i := range block {
		x ^= x << 13
		x ^= x >> 17
		x ^= x << 5
		block[i] = byte(x)
	}
	big := bytes.Repeat(block, 24)
	h.jobs.input = func(uint64) []byte { return big }
	p := h.connect(t, "a")
	m := p.request()
	r, ok := m.(*wire.BatchResponse)
	require.True(t, ok, "got %v", m.Type())
	require.Equal(t, uint64(1), r.BatchNumber)
	require.True(t, bytes.Equal(big, r.Input), "input arrives intact")
}

func TestProvenBatchNeverHandedOutAgain(t *testing.T) {
	h := start(t, 2)
	a, b := h.connect(t, "a"), h.connect(t, "b")
	require.Equal(t, uint64(1), a.requestBatch())
	require.True(t, a.submit(1, "proof-of-1").Accepted)
	h.clock.Advance(10 * leaseTTL)
	require.Equal(t, uint64(2), b.requestBatch())
	require.True(t, b.submit(2, "proof-of-2").Accepted)
	h.clock.Advance(10 * leaseTTL)
	a.requestNoWork()
	h.connect(t, "new").requestNoWork()
}

func TestUnsupportedProofType(t *testing.T) {
	h := start(t, 1)
	p := h.connect(t, "zk")
	p.send(&wire.BatchRequest{ProofTypes: []uint8{9}})
	p.expectRefusedAndClosed(wire.RefuseUnsupported, "none of the requested proof types [9] is served here")

	q := h.connect(t, "zk2")
	m := q.exchange(&wire.ProofSubmit{BatchNumber: 1, ProofType: 9, Proof: []byte("proof-of-1")})
	require.Equal(t, &wire.ProofAck{BatchNumber: 1, Reason: "proof type 9 is not served here"}, m)
	require.Nil(t, h.jobs.proof(1))
}

func TestStoreErrorRefusesButKeepsServing(t *testing.T) {
	h := start(t, 1)
	h.jobs.mu.Lock()
	h.jobs.pendingErr = errors.New("disk on fire")
	h.jobs.mu.Unlock()
	p := h.connect(t, "a")
	p.send(&wire.BatchRequest{ProofTypes: []uint8{wire.ProofTypeExec}})
	p.expectRefusedAndClosed(wire.RefuseInternal, "retry later")

	h.jobs.mu.Lock()
	h.jobs.pendingErr = nil
	h.jobs.mu.Unlock()
	require.Equal(t, uint64(1), h.connect(t, "a").requestBatch())
}

func TestBadFramesRefusedOthersKeepServing(t *testing.T) {
	h := start(t, 2)
	bystander := h.connect(t, "bystander")
	require.Equal(t, uint64(1), bystander.requestBatch())

	header := func(n uint32, typ byte) []byte {
		return append(binary.BigEndian.AppendUint32(nil, n), typ)
	}
	tests := []struct {
		name   string
		bytes  []byte
		reason string
	}{
		{"oversize", header(wire.MaxClientFrame+1, byte(wire.MsgProofSubmit)), "frame too large: 1048577 bytes announced, limit 1048576"},
		{"max uint32", header(^uint32(0), byte(wire.MsgProofSubmit)), "frame too large"},
		{"unknown type", append(header(1, 0xee), 0), "unknown message type: 238"},
		{"malformed request", append(header(2, byte(wire.MsgBatchRequest)), 200, 'x'), "malformed message"},
		{"trailing bytes", append(header(2, byte(wire.MsgBatchRequest)), 0, 0), "malformed message"},
		{"server message", append(header(4, byte(wire.MsgNoWork)), 0, 0, 0, 1), "unexpected NoWork from a prover"},
		{"second hello", append(header(2, byte(wire.MsgHello)), 0, 1), "unexpected Hello from a prover"},
		{"second auth", append(header(1, byte(wire.MsgAuth)), 0), "unexpected Auth from a prover"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := h.connect(t, "fuzzy")
			_, err := p.conn.Write(tt.bytes)
			require.NoError(t, err)
			p.expectRefusedAndClosed(wire.RefuseProtocol, tt.reason)
		})
	}
	// An existing session and a new one both still work.
	require.True(t, bystander.submit(1, "proof-of-1").Accepted)
	require.Equal(t, uint64(2), h.connect(t, "late").requestBatch())
}

func TestOversizeProofRefused(t *testing.T) {
	h := start(t, 1)
	p := h.connect(t, "a")
	require.Equal(t, uint64(1), p.requestBatch())
	// The client-side cap is below the server's, so build the frame by hand.
	body := make([]byte, wire.MaxClientFrame+1)
	require.NoError(t, wire.WriteFrame(p.conn, wire.MsgProofSubmit, body, wire.MaxServerFrame))
	p.expectRefusedAndClosed(wire.RefuseProtocol, "frame too large")
	require.Nil(t, h.jobs.proof(1))
}

func (h *harness) count(states ...connState) int {
	h.co.mu.Lock()
	defer h.co.mu.Unlock()
	return h.co.countLocked(states...)
}

func TestMaxConnsRefusesOnlyWhenAllAreBusy(t *testing.T) {
	h := start(t, 1, func(c *Config) { c.MaxConns = 1 })
	first := h.connect(t, "first")
	// The only slot is mid-request: a header announcing a body that never
	// comes.
	_, err := first.conn.Write(append(binary.BigEndian.AppendUint32(nil, 9), byte(wire.MsgProofSubmit)))
	require.NoError(t, err)
	require.Eventually(t, func() bool { return h.count(stateBusy) == 1 }, 5*time.Second, 5*time.Millisecond)

	second := h.dial(t, "second")
	second.expectRefusedAndClosed(wire.RefuseBusy, "too many connections (limit 1)")
	require.NoError(t, second.conn.Close())
	require.NoError(t, first.conn.Close())
	// The slot frees once the coordinator notices the close.
	require.Eventually(t, func() bool {
		h.co.mu.Lock()
		defer h.co.mu.Unlock()
		return len(h.co.conns) == 0
	}, 5*time.Second, 5*time.Millisecond)
	require.Equal(t, uint64(1), h.connect(t, "third").requestBatch())
}

// TestIdleSocketsCannotStarveProvers: with every slot held by sockets that
// never speak, or by sessions that went quiet, a prover still connects and
// gets work at once: newcomers evict the oldest handshaking connection,
// then the longest idle session.
func TestIdleSocketsCannotStarveProvers(t *testing.T) {
	h := start(t, 3) // default MaxConns (64) and timeouts (5 s handshake)
	require.Equal(t, 64, h.co.cfg.MaxConns)

	var silent []net.Conn
	for range 100 {
		conn, err := net.DialTimeout("tcp", h.co.Addr().String(), 5*time.Second)
		require.NoError(t, err)
		silent = append(silent, conn)
	}
	t.Cleanup(func() {
		for _, c := range silent {
			_ = c.Close()
		}
	})
	// All 100 were accepted; 64 are held, the rest evicted the oldest.
	require.Eventually(t, func() bool {
		h.co.mu.Lock()
		defer h.co.mu.Unlock()
		return h.co.countLocked(stateHandshake) == 64 && h.co.countLocked(stateEvicted) == 0 && len(h.co.conns) == 64
	}, 10*time.Second, 5*time.Millisecond)

	began := time.Now()
	p := h.connect(t, "real")
	require.Equal(t, uint64(1), p.requestBatch())
	require.Less(t, time.Since(began), 2*time.Second, "the prover got work promptly")

	// Now the sessions: fill every slot with authenticated, idle sessions;
	// a newcomer evicts the one idle the longest.
	var sessions []*prover
	for i := range 64 {
		sessions = append(sessions, h.connect(t, fmt.Sprintf("idle-%d", i)))
	}
	require.Eventually(t, func() bool { return h.count(stateIdle) == 64 }, 10*time.Second, 5*time.Millisecond)
	late := h.connect(t, "late")
	require.Equal(t, uint64(2), late.requestBatch())
	sessions[0].expectClosed() // the longest idle, evicted
	require.Equal(t, uint64(3), sessions[63].requestBatch(), "newer sessions are kept")
}

func TestCloseStopsEverything(t *testing.T) {
	baseline := runtime.NumGoroutine()
	jobs := &fakeJobs{sealed: 5, proofs: map[uint64][]byte{}}
	co := New(Config{ListenAddr: "127.0.0.1:0", ChainID: testChainID, Genesis: testGenesis}, jobs, &fakeVerifier{}, nil)
	require.NoError(t, co.Start(context.Background()))
	h := &harness{co: co, jobs: jobs}

	silent := h.dial(t, "silent") // mid-handshake
	idle := h.connect(t, "idle")  // between requests
	busy := h.connect(t, "busy")
	busy.requestBatch()
	require.Eventually(t, func() bool {
		co.mu.Lock()
		defer co.mu.Unlock()
		return len(co.conns) == 3
	}, 5*time.Second, 5*time.Millisecond)
	require.Greater(t, runtime.NumGoroutine(), baseline)

	addr := co.Addr().String()
	require.NoError(t, co.Close())
	require.NoError(t, co.Close(), "Close is idempotent")

	for _, p := range []*prover{silent, idle, busy} {
		_, err := p.conn.Read(make([]byte, 1))
		require.Error(t, err, "session should be closed")
	}
	_, err := net.DialTimeout("tcp", addr, time.Second)
	require.Error(t, err, "listener should be closed")
	// Poll by hand: assert.Eventually runs its condition on a goroutine of
	// its own, which would count.
	deadline := time.Now().Add(5 * time.Second)
	for runtime.NumGoroutine() > baseline && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond) // poll interval
	}
	if runtime.NumGoroutine() > baseline {
		buf := make([]byte, 1<<20)
		t.Fatalf("goroutines leaked: %d > %d\n%s", runtime.NumGoroutine(), baseline, buf[:runtime.Stack(buf, true)])
	}
}

func TestConfigValidate(t *testing.T) {
	good := Config{}.withDefaults()
	good.ChainID, good.Genesis = 1, testGenesis
	require.NoError(t, good.Validate())
	tests := []struct {
		name   string
		adjust func(*Config)
		want   string
	}{
		{"listen addr", func(c *Config) { c.ListenAddr = "nope" }, "prover_server.listen_addr"},
		{"chain id", func(c *Config) { c.ChainID = 0 }, "chain id is not set"},
		{"genesis", func(c *Config) { c.Genesis = [32]byte{} }, "genesis hash is not set"},
		{"lease", func(c *Config) { c.LeaseTimeout = -time.Second }, "prover_server.lease_timeout"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good
			tt.adjust(&c)
			require.ErrorContains(t, c.Validate(), tt.want)
			co := New(c, &fakeJobs{}, &fakeVerifier{}, nil)
			require.ErrorContains(t, co.Start(context.Background()), tt.want)
			require.NoError(t, co.Close())
		})
	}
}

// TestLeaseBoundToKey: a prover is known by its key. Another client, even
// one that gives the same name, can neither take the batch leased to it,
// nor release it with a bad proof, nor renew it by asking again.
func TestLeaseBoundToKey(t *testing.T) {
	h := start(t, 1)
	a := h.connect(t, "a")
	require.Equal(t, uint64(1), a.requestBatch())

	mallory := h.connectAs(t, h.key(t, "mallory"), "a") // same name, another key
	require.NotEqual(t, a.as, mallory.as)
	mallory.requestNoWork() // cannot take a's batch

	ack := mallory.submit(1, "junk")
	require.False(t, ack.Accepted)
	require.Contains(t, ack.Reason, "invalid proof")
	h.connect(t, "c").requestNoWork() // the junk did not release a's lease

	// Asking again does not renew: the lease still ends when a's ends.
	h.clock.Advance(leaseTTL - time.Second)
	mallory.requestNoWork()
	a.requestBatch() // a gets its own batch back, lease unchanged
	h.clock.Advance(time.Second)
	require.Equal(t, uint64(1), h.connect(t, "c").requestBatch(), "a's lease expired on time")
}

// TestReplayedHandshakeIsNotTheProver: a signature seen on one connection
// does not authenticate another, whose nonce differs.
func TestReplayedHandshakeIsNotTheProver(t *testing.T) {
	h := start(t, 1)
	key := h.key(t, "a")
	p := h.dial(t, "a")
	ch := p.hello("a")
	sig, err := wire.SignHandshake(key, wire.HandshakeDigest(testChainID, testGenesis, ch.Nonce, "a"))
	require.NoError(t, err)
	w := p.exchange(&wire.Auth{Signature: sig}).(*wire.Welcome)
	require.Equal(t, crypto.PubkeyToAddress(key.PublicKey).Hex()+"/a", w.Prover)
	require.Equal(t, uint64(1), p.requestBatch())

	replay := h.dial(t, "replay")
	ch2 := replay.hello("a")
	require.NotEqual(t, ch.Nonce, ch2.Nonce, "every connection gets a fresh nonce")
	m := replay.exchange(&wire.Auth{Signature: sig})
	if w2, ok := m.(*wire.Welcome); ok {
		require.NotEqual(t, w.Prover, w2.Prover, "a replayed signature must not be the prover")
		replay.requestNoWork() // and it cannot reach the prover's lease
	} else {
		require.IsType(t, &wire.Refused{}, m)
	}
}

// TestUnverifiableProofIsRetryLater: when the verifier cannot check (its L1
// is down) the prover is told to submit again after VerifyRetryAfter, keeps
// its lease (even past its end), nothing is stored; once the verifier is
// back the same proof is accepted.
func TestUnverifiableProofIsRetryLater(t *testing.T) {
	h := start(t, 1, func(c *Config) { c.VerifyRetryAfter = 1500 * time.Millisecond })
	a, b, c := h.connect(t, "a"), h.connect(t, "b"), h.connect(t, "c") // connected while L1 answers
	require.Equal(t, uint64(1), a.requestBatch())
	h.ver.setDown(fmt.Errorf("%w: ask ExecVerifier on L1: dial tcp 127.0.0.1:8545: connection refused", ErrUnavailable))

	for range 3 {
		ack := a.submit(1, "proof-of-1")
		require.False(t, ack.Accepted)
		require.Equal(t, 1500*time.Millisecond, ack.RetryAfter)
		require.Contains(t, ack.Reason, "could not check the proof now")
		require.NotContains(t, ack.Reason, "invalid")
		require.Nil(t, h.jobs.proof(1))
		h.clock.Advance(leaseTTL / 2)
		b.requestNoWork() // the lease is kept, and renewed while the proof waits
	}

	// A stranger's unverifiable submit does not take the lease either.
	ack := b.submit(1, "proof-of-1 by b")
	require.Equal(t, 1500*time.Millisecond, ack.RetryAfter)
	c.requestNoWork()

	h.ver.setDown(nil)
	require.True(t, a.submit(1, "proof-of-1").Accepted)
	require.Equal(t, "proof-of-1", string(h.jobs.proof(1)))
}

// A verifier that overruns VerifyTimeout (a hanging L1) is also "try later".
func TestVerifierTimeoutIsRetryLater(t *testing.T) {
	jobs := &fakeJobs{sealed: 1, proofs: map[uint64][]byte{}}
	co := New(Config{ListenAddr: "127.0.0.1:0", ChainID: testChainID, Genesis: testGenesis, VerifyTimeout: 50 * time.Millisecond},
		jobs, verifierFunc(func(ctx context.Context) error { <-ctx.Done(); return ctx.Err() }), nil)
	require.NoError(t, co.Start(context.Background()))
	t.Cleanup(func() { require.NoError(t, co.Close()) })
	h := &harness{co: co, jobs: jobs}
	ack := h.connect(t, "a").submit(1, "proof-of-1")
	require.False(t, ack.Accepted)
	require.Equal(t, time.Second, ack.RetryAfter)
	require.Nil(t, jobs.proof(1))
}

type verifierFunc func(ctx context.Context) error

func (f verifierFunc) VerifyProof(ctx context.Context, _ uint64, _ uint8, _ []byte) error {
	return f(ctx)
}

func (verifierFunc) IsProver(context.Context, common.Address) (bool, error) { return true, nil }

// TestConcurrentSubmitsOneAccepted: many sessions race valid proofs of one
// batch past the HasProof check; exactly one is accepted and it is the one
// stored.
func TestConcurrentSubmitsOneAccepted(t *testing.T) {
	h := start(t, 1)
	h.jobs.mu.Lock()
	h.jobs.hideProofs = true // every submit gets past the "already proven" check
	h.jobs.mu.Unlock()
	const n = 16
	provers := make([]*prover, n)
	for i := range provers {
		provers[i] = h.connect(t, fmt.Sprintf("p%d", i))
	}
	acks := make([]*wire.ProofAck, n)
	var wg sync.WaitGroup
	for i, p := range provers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			p.send(&wire.ProofSubmit{BatchNumber: 1, ProofType: wire.ProofTypeExec, Proof: []byte(fmt.Sprintf("proof-of-1 by %d", i))})
			m, err := p.codec.ReadMessage(p.conn, wire.MaxServerFrame)
			if err == nil {
				acks[i], _ = m.(*wire.ProofAck)
			}
		}()
	}
	wg.Wait()
	winner := -1
	for i, ack := range acks {
		require.NotNil(t, ack, "prover %d got no ack", i)
		if ack.Accepted {
			require.Equal(t, -1, winner, "two proofs accepted")
			winner = i
		} else {
			require.Equal(t, "already proven", ack.Reason)
		}
	}
	require.NotEqual(t, -1, winner, "one proof accepted")
	require.Equal(t, fmt.Sprintf("proof-of-1 by %d", winner), string(h.jobs.proof(1)))
}

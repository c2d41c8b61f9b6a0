package client

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/clock"
	"github.com/cairn-rollup/cairn/prover/coordinator"
	"github.com/cairn-rollup/cairn/prover/wire"
)

const (
	testChainID = 1337
	retryAfter  = 7 * time.Second
)

var testGenesis = [32]byte{0xca, 0x17, 31: 0x01}

// fakeClock records every wait and fires a wait only when the test says so
// (clock.Fake fires by time; these tests check the durations asked for).
type fakeClock struct {
	mu      sync.Mutex
	waits   []time.Duration
	pending []chan time.Time
}

func (c *fakeClock) Now() time.Time { return time.Unix(1_700_000_000, 0) }

func (c *fakeClock) After(d time.Duration) <-chan time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	ch := make(chan time.Time, 1)
	c.waits = append(c.waits, d)
	c.pending = append(c.pending, ch)
	return ch
}

// waitFor polls until the client has asked for n waits, and returns them.
func (c *fakeClock) waitFor(t *testing.T, n int) []time.Duration {
	t.Helper()
	var got []time.Duration
	require.Eventually(t, func() bool {
		c.mu.Lock()
		defer c.mu.Unlock()
		got = append([]time.Duration(nil), c.waits...)
		return len(got) >= n
	}, 10*time.Second, time.Millisecond, "client did not wait %d times", n)
	return got
}

// fire ends every wait so far.
func (c *fakeClock) fire() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for _, ch := range c.pending {
		ch <- time.Time{}
	}
	c.pending = nil
}

// jobs are batches 1..sealed for the real coordinator.
type jobs struct {
	mu     sync.Mutex
	sealed uint64
	order  []uint64
	proofs map[uint64]string
	// hold, if set, makes Input of batch 1 report on entered and wait for
	// hold to be closed: the request stays in progress meanwhile.
	hold, entered chan struct{}
}

func (j *jobs) Pending(_ context.Context, _ uint8, limit int) ([]uint64, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	var out []uint64
	for b := uint64(1); b <= j.sealed && len(out) < limit; b++ {
		if _, ok := j.proofs[b]; !ok {
			out = append(out, b)
		}
	}
	return out, nil
}

func (j *jobs) HasProof(_ context.Context, batch uint64, _ uint8) (bool, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	_, ok := j.proofs[batch]
	return ok, nil
}

func (j *jobs) Input(_ context.Context, batch uint64) ([]byte, error) {
	if j.hold != nil && batch == 1 {
		j.entered <- struct{}{}
		<-j.hold
	}
	return []byte(fmt.Sprintf("input-%d", batch)), nil
}

func (j *jobs) SaveProof(_ context.Context, batch uint64, _ uint8, proof []byte) (bool, error) {
	j.mu.Lock()
	defer j.mu.Unlock()
	if _, ok := j.proofs[batch]; ok {
		return false, nil
	}
	j.proofs[batch] = string(proof)
	j.order = append(j.order, batch)
	return true, nil
}

func (j *jobs) saved() []uint64 {
	j.mu.Lock()
	defer j.mu.Unlock()
	return append([]uint64(nil), j.order...)
}

// verifier accepts "proof-of-input-N" for batch N. Its first down calls
// fail as if L1 were unreachable; each call's time is recorded.
type verifier struct {
	mu    sync.Mutex
	down  int
	calls []time.Time
}

func (v *verifier) VerifyProof(_ context.Context, batch uint64, _ uint8, proof []byte) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	v.calls = append(v.calls, time.Now())
	if v.down > 0 {
		v.down--
		return fmt.Errorf("%w: ask ExecVerifier on L1: connection refused", coordinator.ErrUnavailable)
	}
	if string(proof) != fmt.Sprintf("proof-of-input-%d", batch) {
		return errors.New("bad signature")
	}
	return nil
}

func (v *verifier) IsProver(context.Context, common.Address) (bool, error) { return true, nil }

// backend "proves" an input by prefixing it, and records what it saw.
type backend struct {
	mu     sync.Mutex
	inputs []string
	fail   int // fail this many first calls
}

func (b *backend) Prove(_ context.Context, input []byte) ([]byte, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	b.inputs = append(b.inputs, string(input))
	if b.fail > 0 {
		b.fail--
		return nil, errors.New("prover out of memory")
	}
	return []byte("proof-of-" + string(input)), nil
}

func (b *backend) seen() []string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return append([]string(nil), b.inputs...)
}

func startCoordinator(t *testing.T, j *jobs) *coordinator.Coordinator {
	t.Helper()
	co := coordinator.New(coordinator.Config{
		ListenAddr: "127.0.0.1:0",
		ChainID:    testChainID,
		Genesis:    testGenesis,
		RetryAfter: retryAfter,
	}, j, &verifier{}, nil)
	require.NoError(t, co.Start(context.Background()))
	t.Cleanup(func() { require.NoError(t, co.Close()) })
	return co
}

var testKey = func() *ecdsa.PrivateKey {
	k, err := crypto.HexToECDSA("4c0883a69102937d6231471b5dbb6204fe5129617082792ae468d01a3f362318")
	if err != nil {
		panic(err)
	}
	return k
}()

func testConfig(addr string) Config {
	return Config{
		Coordinator: "tcp://" + addr,
		Key:         testKey,
		Name:        "test-prover",
		ProofType:   wire.ProofTypeExec,
		ChainID:     testChainID,
		Genesis:     testGenesis,
		IOTimeout:   10 * time.Second,
		MinBackoff:  500 * time.Millisecond,
		MaxBackoff:  3 * time.Second,
	}
}

// run starts the client; stop cancels it and returns Run's result, done
// is closed when Run returns.
func run(t *testing.T, cfg Config, b Backend, c clock.Clock) (stop func() error, done <-chan struct{}, result func() error) {
	t.Helper()
	log := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cl, err := New(cfg, b, log, WithClock(c))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	finished := make(chan struct{})
	var runErr error
	go func() {
		defer close(finished)
		runErr = cl.Run(ctx)
	}()
	result = func() error {
		<-finished
		return runErr
	}
	stop = func() error {
		cancel()
		select {
		case <-finished:
			return runErr
		case <-time.After(10 * time.Second):
			t.Error("client did not stop")
			return nil
		}
	}
	t.Cleanup(func() { _ = stop() })
	return stop, finished, result
}

type testWriter struct{ t *testing.T }

func (w testWriter) Write(p []byte) (int, error) {
	w.t.Log(strings.TrimSpace(string(p)))
	return len(p), nil
}

func TestProvesBatchesInOrder(t *testing.T) {
	j := &jobs{sealed: 3, proofs: map[uint64]string{}}
	co := startCoordinator(t, j)
	b := &backend{}
	clock := &fakeClock{}
	stop, _, _ := run(t, testConfig(co.Addr().String()), b, clock)

	// After the three batches the coordinator has no work, and the client
	// waits what the coordinator told it to.
	require.Equal(t, []time.Duration{retryAfter}, clock.waitFor(t, 1))
	require.Equal(t, []uint64{1, 2, 3}, j.saved())
	require.Equal(t, []string{"input-1", "input-2", "input-3"}, b.seen())
	for n := uint64(1); n <= 3; n++ {
		require.Equal(t, fmt.Sprintf("proof-of-input-%d", n), j.proofs[n])
	}

	// New work is picked up after the wait.
	j.mu.Lock()
	j.sealed = 4
	j.mu.Unlock()
	clock.fire()
	require.Equal(t, []time.Duration{retryAfter, retryAfter}, clock.waitFor(t, 2))
	require.Equal(t, []uint64{1, 2, 3, 4}, j.saved())

	require.NoError(t, stop(), "Run returns nil when its context is cancelled")
}

func TestBackendFailureBacksOffAndRetries(t *testing.T) {
	j := &jobs{sealed: 1, proofs: map[uint64]string{}}
	co := startCoordinator(t, j)
	b := &backend{fail: 2}
	clock := &fakeClock{}
	run(t, testConfig(co.Addr().String()), b, clock)

	require.Equal(t, []time.Duration{500 * time.Millisecond}, clock.waitFor(t, 1))
	clock.fire()
	require.Equal(t, []time.Duration{500 * time.Millisecond, time.Second}, clock.waitFor(t, 2))
	clock.fire()
	// Third attempt succeeds; then NoWork.
	require.Equal(t, retryAfter, clock.waitFor(t, 3)[2])
	require.Equal(t, []uint64{1}, j.saved())
	require.Equal(t, []string{"input-1", "input-1", "input-1"}, b.seen())
}

func TestPermanentRefusalStopsRun(t *testing.T) {
	j := &jobs{proofs: map[uint64]string{}}
	co := startCoordinator(t, j)
	cfg := testConfig(co.Addr().String())
	cfg.Genesis[0] ^= 0xff
	_, done, result := run(t, cfg, &backend{}, &fakeClock{})
	select {
	case <-done:
		err := result()
		require.ErrorIs(t, err, ErrPermanent)
		require.ErrorContains(t, err, "genesis hash mismatch")
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after a genesis mismatch")
	}
}

// TestKeyNotAllowedStopsRun: a key off the coordinator's allow-list is a
// permanent refusal: Run logs it once, naming the key, and returns.
func TestKeyNotAllowedStopsRun(t *testing.T) {
	co := coordinator.New(coordinator.Config{ListenAddr: "127.0.0.1:0", ChainID: testChainID, Genesis: testGenesis,
		AllowedProvers: []common.Address{{1}}}, &jobs{sealed: 1, proofs: map[uint64]string{}}, &verifier{}, nil)
	require.NoError(t, co.Start(context.Background()))
	t.Cleanup(func() { require.NoError(t, co.Close()) })
	var logs strings.Builder
	cl, err := New(testConfig(co.Addr().String()), &backend{}, slog.New(slog.NewTextHandler(&logs, nil)))
	require.NoError(t, err)

	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second) // bounds a retrying Run
	defer cancel()
	err = cl.Run(ctx)
	require.ErrorIs(t, err, ErrPermanent)
	require.ErrorContains(t, err, crypto.PubkeyToAddress(testKey.PublicKey).Hex()+" is not on prover_server.allowed_provers")
	require.Equal(t, 1, strings.Count(logs.String(), "is not on prover_server.allowed_provers"), logs.String())
}

func TestBusyCoordinatorIsRetried(t *testing.T) {
	j := &jobs{sealed: 2, proofs: map[uint64]string{}, hold: make(chan struct{}), entered: make(chan struct{}, 1)}
	co := coordinator.New(coordinator.Config{
		ListenAddr: "127.0.0.1:0", ChainID: testChainID, Genesis: testGenesis,
		RetryAfter: retryAfter, MaxConns: 1,
	}, j, &verifier{}, nil)
	require.NoError(t, co.Start(context.Background()))
	t.Cleanup(func() { require.NoError(t, co.Close()) })

	// Occupy the only slot with a connection busy with a request: its
	// batch's input is being loaded.
	hog, err := net.Dial("tcp", co.Addr().String())
	require.NoError(t, err)
	codec, err := wire.NewCodec()
	require.NoError(t, err)
	defer codec.Close()
	exchange := func(m wire.Message) wire.Message {
		require.NoError(t, codec.WriteMessage(hog, m, wire.MaxClientFrame))
		reply, err := codec.ReadMessage(hog, wire.MaxServerFrame)
		require.NoError(t, err)
		return reply
	}
	ch := exchange(&wire.Hello{Version: wire.ProtocolVersion, ChainID: testChainID, Genesis: testGenesis}).(*wire.Challenge)
	hogKey, err := crypto.GenerateKey() // another prover's: a key holds one lease
	require.NoError(t, err)
	sig, err := wire.SignHandshake(hogKey, wire.HandshakeDigest(testChainID, testGenesis, ch.Nonce, ""))
	require.NoError(t, err)
	require.IsType(t, &wire.Welcome{}, exchange(&wire.Auth{Signature: sig}))
	require.NoError(t, codec.WriteMessage(hog, &wire.BatchRequest{ProofTypes: []uint8{wire.ProofTypeExec}}, wire.MaxClientFrame))
	<-j.entered

	clock := &fakeClock{}
	run(t, testConfig(co.Addr().String()), &backend{}, clock)
	require.Equal(t, []time.Duration{500 * time.Millisecond}, clock.waitFor(t, 1), "busy is not permanent: back off")
	close(j.hold)
	require.NoError(t, hog.Close())
	// Keep retrying until the coordinator has noticed the slot is free.
	for n := 2; len(j.saved()) == 0; n++ {
		clock.fire()
		clock.waitFor(t, n)
	}
	require.Equal(t, []uint64{2}, j.saved(), "batch 1 is leased to the hog")
}

func TestDialBackoffDoublesToCap(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close()) // nothing listens there now

	clock := &fakeClock{}
	run(t, testConfig(addr), &backend{}, clock)
	for n := 1; n < 6; n++ {
		clock.waitFor(t, n)
		clock.fire()
	}
	want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 3 * time.Second, 3 * time.Second, 3 * time.Second}
	require.Equal(t, want, clock.waitFor(t, 6)[:6])
}

// TestDefaultBackoffCapResumesPromptlyAfterRestart: while the coordinator
// (the node) is down the client backs off to 2 s at most, and once it is
// back the next attempt proves.
func TestDefaultBackoffCapResumesPromptlyAfterRestart(t *testing.T) {
	j := &jobs{sealed: 1, proofs: map[uint64]string{}}
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	addr := ln.Addr().String()
	require.NoError(t, ln.Close()) // the node is down

	cfg := testConfig(addr)
	cfg.MinBackoff, cfg.MaxBackoff = 0, 0 // the defaults
	clock := &fakeClock{}
	run(t, cfg, &backend{}, clock)
	const attempts = 10 // a down time of ~17 s
	for n := 1; n < attempts; n++ {
		clock.waitFor(t, n)
		clock.fire()
	}
	waits := clock.waitFor(t, attempts)[:attempts]
	require.Equal(t, []time.Duration{500 * time.Millisecond, time.Second}, waits[:2])
	for _, w := range waits[2:] {
		require.Equal(t, DefaultMaxBackoff, w, "backoff is capped")
	}

	// The node restarts on the same address: the next attempt proves.
	co := coordinator.New(coordinator.Config{ListenAddr: addr, ChainID: testChainID, Genesis: testGenesis, RetryAfter: retryAfter},
		j, &verifier{}, nil)
	require.NoError(t, co.Start(context.Background()))
	t.Cleanup(func() { require.NoError(t, co.Close()) })
	clock.fire()
	require.Equal(t, retryAfter, clock.waitFor(t, attempts+1)[attempts], "after one more wait the client proved and polls")
	require.Equal(t, []uint64{1}, j.saved())
}

// TestRetryLaterKeepsProofAndResubmits: while the coordinator cannot check
// proofs (its L1 is down) the client keeps the proof, waits what it is told
// (1 s: at most one submit a second) and submits the same proof again; it
// is accepted once L1 is back, proven once.
func TestRetryLaterKeepsProofAndResubmits(t *testing.T) {
	j := &jobs{sealed: 1, proofs: map[uint64]string{}}
	v := &verifier{down: 3}
	co := coordinator.New(coordinator.Config{ListenAddr: "127.0.0.1:0", ChainID: testChainID, Genesis: testGenesis, RetryAfter: retryAfter},
		j, v, nil)
	require.NoError(t, co.Start(context.Background()))
	t.Cleanup(func() { require.NoError(t, co.Close()) })

	b := &backend{}
	clock := &fakeClock{}
	run(t, testConfig(co.Addr().String()), b, clock)
	for n := 1; n <= 3; n++ {
		require.Equal(t, time.Second, clock.waitFor(t, n)[n-1], "told to wait 1 s before submitting again")
		require.Empty(t, j.saved())
		clock.fire()
	}
	require.Equal(t, retryAfter, clock.waitFor(t, 4)[3], "accepted, then no work")
	require.Equal(t, []uint64{1}, j.saved())
	require.Equal(t, []string{"input-1"}, b.seen(), "the batch is proven once")
	v.mu.Lock()
	require.Len(t, v.calls, 4)
	v.mu.Unlock()
}

// TestRetryLaterRealClock measures it: with L1 "down" for a while the
// submits come at most one a second.
func TestRetryLaterRealClock(t *testing.T) {
	if testing.Short() {
		t.Skip("takes ~3 s")
	}
	j := &jobs{sealed: 1, proofs: map[uint64]string{}}
	v := &verifier{down: 3}
	co := coordinator.New(coordinator.Config{ListenAddr: "127.0.0.1:0", ChainID: testChainID, Genesis: testGenesis, RetryAfter: retryAfter},
		j, v, nil)
	require.NoError(t, co.Start(context.Background()))
	t.Cleanup(func() { require.NoError(t, co.Close()) })
	run(t, testConfig(co.Addr().String()), &backend{}, clock.System{})
	require.Eventually(t, func() bool { return len(j.saved()) == 1 }, 20*time.Second, 10*time.Millisecond)
	v.mu.Lock()
	defer v.mu.Unlock()
	require.Len(t, v.calls, 4)
	for i := 1; i < len(v.calls); i++ {
		require.GreaterOrEqual(t, v.calls[i].Sub(v.calls[i-1]), time.Second, "submit %d came too soon", i)
	}
}

// TestQuietSessionReconnectsBeforeSubmitting: a prover that proved for
// longer than the coordinator's idle timeout submits on a fresh session
// instead of failing on the dropped one.
func TestQuietSessionReconnectsBeforeSubmitting(t *testing.T) {
	j := &jobs{sealed: 1, proofs: map[uint64]string{}}
	co := coordinator.New(coordinator.Config{ListenAddr: "127.0.0.1:0", ChainID: testChainID, Genesis: testGenesis,
		RetryAfter: retryAfter, IdleTimeout: 200 * time.Millisecond}, j, &verifier{}, nil)
	require.NoError(t, co.Start(context.Background()))
	t.Cleanup(func() { require.NoError(t, co.Close()) })
	clock := &fakeClock{}
	run(t, testConfig(co.Addr().String()), slowBackend{400 * time.Millisecond}, clock)
	require.Equal(t, []time.Duration{retryAfter}, clock.waitFor(t, 1), "proved and submitted with no backoff wait")
	require.Equal(t, []uint64{1}, j.saved())
}

type slowBackend struct{ d time.Duration }

func (b slowBackend) Prove(ctx context.Context, input []byte) ([]byte, error) {
	select {
	case <-time.After(b.d): // stands for proving work
	case <-ctx.Done():
		return nil, ctx.Err()
	}
	return []byte("proof-of-" + string(input)), nil
}

// TestResubmitsAfterDisconnect: a coordinator that drops the connection
// before acknowledging a proof gets the same proof again on the next
// session, before any new request.
func TestResubmitsAfterDisconnect(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	t.Cleanup(func() { _ = ln.Close() })
	codec, err := wire.NewCodec()
	require.NoError(t, err)
	t.Cleanup(codec.Close)

	type event struct {
		session int
		msg     wire.Message
	}
	events := make(chan event, 16)
	serverDone := make(chan error, 1)
	go func() {
		serverDone <- func() error {
			for session := 1; session <= 2; session++ {
				conn, err := ln.Accept()
				if err != nil {
					return err
				}
				_ = conn.SetDeadline(time.Now().Add(10 * time.Second))
				read := func() (wire.Message, error) {
					m, err := codec.ReadMessage(conn, wire.MaxClientFrame)
					if err == nil {
						events <- event{session, m}
					}
					return m, err
				}
				if _, err := read(); err != nil { // Hello
					return err
				}
				if err := codec.WriteMessage(conn, &wire.Challenge{}, wire.MaxServerFrame); err != nil {
					return err
				}
				if _, err := read(); err != nil { // Auth
					return err
				}
				welcome := &wire.Welcome{Version: wire.ProtocolVersion, Prover: crypto.PubkeyToAddress(testKey.PublicKey).Hex() + "/test-prover"}
				if err := codec.WriteMessage(conn, welcome, wire.MaxServerFrame); err != nil {
					return err
				}
				if session == 1 {
					if _, err := read(); err != nil { // BatchRequest
						return err
					}
					if err := codec.WriteMessage(conn, &wire.BatchResponse{BatchNumber: 9, ProofType: wire.ProofTypeExec, Input: []byte("input-9")}, wire.MaxServerFrame); err != nil {
						return err
					}
					if _, err := read(); err != nil { // ProofSubmit, dropped
						return err
					}
					_ = conn.Close()
					continue
				}
				if _, err := read(); err != nil { // ProofSubmit again
					return err
				}
				if err := codec.WriteMessage(conn, &wire.ProofAck{BatchNumber: 9, Accepted: true}, wire.MaxServerFrame); err != nil {
					return err
				}
				if _, err := read(); err != nil { // next BatchRequest
					return err
				}
				if err := codec.WriteMessage(conn, &wire.NoWork{RetryAfter: retryAfter}, wire.MaxServerFrame); err != nil {
					return err
				}
				_ = conn.Close()
			}
			return nil
		}()
	}()

	b := &backend{}
	clock := &fakeClock{}
	run(t, testConfig(ln.Addr().String()), b, clock)
	// Session 1 ends without an ack: the client backs off, then reconnects.
	require.Equal(t, []time.Duration{500 * time.Millisecond}, clock.waitFor(t, 1))
	clock.fire()
	require.Equal(t, retryAfter, clock.waitFor(t, 2)[1])
	select {
	case err := <-serverDone:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("fake coordinator did not finish")
	}
	close(events)

	var got []string
	for e := range events {
		desc := fmt.Sprintf("%d:%v", e.session, e.msg.Type())
		if p, ok := e.msg.(*wire.ProofSubmit); ok {
			desc += fmt.Sprintf("(%d,%s)", p.BatchNumber, p.Proof)
		}
		got = append(got, desc)
	}
	require.Equal(t, []string{
		"1:Hello", "1:Auth", "1:BatchRequest", "1:ProofSubmit(9,proof-of-input-9)",
		"2:Hello", "2:Auth", "2:ProofSubmit(9,proof-of-input-9)", "2:BatchRequest",
	}, got)
	require.Equal(t, []string{"input-9"}, b.seen(), "the batch is proven once")
}

func TestConfigValidate(t *testing.T) {
	good := testConfig("127.0.0.1:3900")
	require.NoError(t, good.Validate())
	plain := good
	plain.Coordinator = "127.0.0.1:3900"
	require.NoError(t, plain.Validate())

	tests := []struct {
		name   string
		adjust func(*Config)
		want   string
	}{
		{"scheme", func(c *Config) { c.Coordinator = "http://127.0.0.1:3900" }, "only tcp:// is supported"},
		{"no port", func(c *Config) { c.Coordinator = "tcp://localhost" }, "want tcp://host:port"},
		{"name", func(c *Config) { c.Name = strings.Repeat("p", 200) }, "prover name"},
		{"key", func(c *Config) { c.Key = nil }, "no key"},
		{"proof type", func(c *Config) { c.ProofType = 0 }, "proof type is not set"},
		{"chain id", func(c *Config) { c.ChainID = 0 }, "chain id is not set"},
		{"genesis", func(c *Config) { c.Genesis = [32]byte{} }, "genesis hash is not set"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			c := good
			tt.adjust(&c)
			_, err := New(c, &backend{}, nil)
			require.ErrorContains(t, err, tt.want)
		})
	}
}

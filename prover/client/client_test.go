package client

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/prover/coordinator"
	"github.com/cairn-rollup/cairn/prover/wire"
)

const (
	testChainID = 1337
	retryAfter  = 7 * time.Second
)

var testGenesis = [32]byte{0xca, 0x17, 31: 0x01}

// fakeClock records every wait and fires a wait only when the test says so.
type fakeClock struct {
	mu      sync.Mutex
	waits   []time.Duration
	pending []chan time.Time
}

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

type verifier struct{}

func (verifier) VerifyProof(_ context.Context, batch uint64, _ uint8, proof []byte) error {
	if string(proof) != fmt.Sprintf("proof-of-input-%d", batch) {
		return errors.New("bad signature")
	}
	return nil
}

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
	}, j, verifier{}, nil)
	require.NoError(t, co.Start(context.Background()))
	t.Cleanup(func() { require.NoError(t, co.Close()) })
	return co
}

func testConfig(addr string) Config {
	return Config{
		Coordinator: "tcp://" + addr,
		ProverID:    "test-prover",
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
func run(t *testing.T, cfg Config, b Backend, clock Clock) (stop func() error, done <-chan struct{}, result func() error) {
	t.Helper()
	log := slog.New(slog.NewTextHandler(testWriter{t}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	cl, err := New(cfg, b, log, WithClock(clock))
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

func TestBusyCoordinatorIsRetried(t *testing.T) {
	j := &jobs{sealed: 1, proofs: map[uint64]string{}}
	co := coordinator.New(coordinator.Config{
		ListenAddr: "127.0.0.1:0", ChainID: testChainID, Genesis: testGenesis,
		RetryAfter: retryAfter, MaxConns: 1,
	}, j, verifier{}, nil)
	require.NoError(t, co.Start(context.Background()))
	t.Cleanup(func() { require.NoError(t, co.Close()) })

	// Occupy the only session slot with a connection that completed its
	// handshake.
	hog, err := net.Dial("tcp", co.Addr().String())
	require.NoError(t, err)
	codec, err := wire.NewCodec()
	require.NoError(t, err)
	defer codec.Close()
	require.NoError(t, codec.WriteMessage(hog, &wire.Hello{Version: wire.ProtocolVersion, ChainID: testChainID, Genesis: testGenesis, ProverID: "hog"}, wire.MaxClientFrame))
	m, err := codec.ReadMessage(hog, wire.MaxServerFrame)
	require.NoError(t, err)
	require.IsType(t, &wire.Welcome{}, m)

	clock := &fakeClock{}
	run(t, testConfig(co.Addr().String()), &backend{}, clock)
	require.Equal(t, []time.Duration{500 * time.Millisecond}, clock.waitFor(t, 1), "busy is not permanent: back off")
	require.NoError(t, hog.Close())
	// Keep retrying until the coordinator has noticed the slot is free.
	for n := 2; len(j.saved()) == 0; n++ {
		clock.fire()
		clock.waitFor(t, n)
	}
	require.Equal(t, []uint64{1}, j.saved())
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
				if err := codec.WriteMessage(conn, &wire.Welcome{Version: wire.ProtocolVersion}, wire.MaxServerFrame); err != nil {
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
		"1:Hello", "1:BatchRequest", "1:ProofSubmit(9,proof-of-input-9)",
		"2:Hello", "2:ProofSubmit(9,proof-of-input-9)", "2:BatchRequest",
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
		{"prover id", func(c *Config) { c.ProverID = strings.Repeat("p", 200) }, "prover id"},
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

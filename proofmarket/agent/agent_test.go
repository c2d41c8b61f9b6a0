package agent

import (
	"context"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/bindings"
)

const (
	// ackWindow is ProofManager.ACKNOWLEDGEMENT_WINDOW, in seconds.
	ackWindow = 120

	fermah   = bindings.ProvingNetworkFermah
	lagrange = bindings.ProvingNetworkLagrange
)

// An honest agent acknowledges, downloads, proves, submits with its price
// (clamped to maxReward) and, once the submitter validated the requests,
// withdraws exactly what it asked.
func TestHonestProvesAndIsPaid(t *testing.T) {
	e := newEnv(t)
	a, p := e.newAgent(fermah, func(c *Config) { c.Price = usdc(30) })
	e.request(fermah, 1, params(e.serve("/inputs/1", input(1)))) // maxReward 100: paid 30
	clamped := params(e.serve("/inputs/2", input(2)))
	clamped.MaxReward = usdc(20) // paid 20
	e.request(fermah, 2, clamped)

	step(t, a)
	for batch, price := range map[int64]*big.Int{1: usdc(30), 2: usdc(20)} {
		r := e.status(batch)
		require.Equal(t, bindings.ProofRequestStatusProven, r.Status, "batch %d", batch)
		require.Equal(t, p.proof(input(batch)), r.Proof, "batch %d", batch)
		require.Zero(t, price.Cmp(r.Price), "batch %d: price %s", batch, r.Price)
	}
	require.EqualValues(t, 2, p.calls.Load())

	// Nothing is due before the requests are validated.
	before := e.usdcBalance(addr(e.keys[fermah]))
	step(t, a)
	require.Zero(t, before.Cmp(e.usdcBalance(addr(e.keys[fermah]))))

	for _, batch := range []int64{1, 2} {
		e.send(e.submitter, e.pm.PackUpdateProofRequestStatus(id(batch), bindings.ProofRequestStatusValidated))
	}
	step(t, a)
	got := new(big.Int).Sub(e.usdcBalance(addr(e.keys[fermah])), before)
	require.Zero(t, usdc(50).Cmp(got), "paid %s", got)
	for _, batch := range []int64{1, 2} {
		require.Equal(t, bindings.ProofRequestStatusPaid, e.status(batch).Status)
	}
	info := call(e, e.pm.PackProvingNetworkInfo(fermah), e.pm.UnpackProvingNetworkInfo)
	require.Zero(t, info.PaymentDue.Sign())

	// Nothing more to do: no transaction.
	n := e.nonce(e.keys[fermah])
	step(t, a)
	require.Equal(t, n, e.nonce(e.keys[fermah]))
}

// Beyond its capacity the agent refuses; a proof submitted frees capacity.
func TestCapacity(t *testing.T) {
	e := newEnv(t)
	a, p := e.newAgent(fermah, func(c *Config) { c.Capacity = 1 })
	p.failures.Store(1_000_000) // batch 1 stays in flight
	e.request(fermah, 1, params(e.serve("/inputs/1", input(1))))
	e.request(fermah, 2, params(e.serve("/inputs/2", input(2))))
	step(t, a)
	require.Equal(t, bindings.ProofRequestStatusCommitted, e.status(1).Status)
	require.Equal(t, bindings.ProofRequestStatusRefused, e.status(2).Status)
	e.request(fermah, 3, params(e.serve("/inputs/3", input(3))))
	step(t, a)
	require.Equal(t, bindings.ProofRequestStatusRefused, e.status(3).Status)

	// The prover recovers: batch 1 is proven, and the next request accepted.
	p.failures.Store(0)
	require.Eventually(t, func() bool {
		step(t, a)
		return e.status(1).Status == bindings.ProofRequestStatusProven
	}, 10*time.Second, 5*time.Millisecond)
	e.request(fermah, 4, params(e.serve("/inputs/4", input(4))))
	step(t, a)
	require.Equal(t, bindings.ProofRequestStatusProven, e.status(4).Status)
}

// A request of another L2 chain than the agent's is refused.
func TestOtherChainRefused(t *testing.T) {
	e := newEnv(t)
	a, p := e.newAgent(fermah, func(c *Config) { c.L2ChainID = l2ChainID + 1 })
	e.request(fermah, 1, params(e.serve("/inputs/1", input(1))))
	step(t, a)
	require.Equal(t, bindings.ProofRequestStatusRefused, e.status(1).Status)
	require.Zero(t, p.calls.Load())
}

// A request assigned to the other network is not acted on.
func TestOtherNetworkIgnored(t *testing.T) {
	e := newEnv(t)
	a, p := e.newAgent(fermah, nil)
	e.request(lagrange, 5, params(e.serve("/inputs/5", input(5))))
	n := e.nonce(e.keys[fermah])
	step(t, a)
	step(t, a)
	require.Equal(t, bindings.ProofRequestStatusPendingAcknowledgement, e.status(5).Status)
	require.Equal(t, n, e.nonce(e.keys[fermah]))
	require.Zero(t, p.calls.Load())

	// Lagrange's agent takes it.
	l, _ := e.newAgent(lagrange, nil)
	step(t, l)
	require.Equal(t, bindings.ProofRequestStatusProven, e.status(5).Status)
}

// Past the acknowledgement window (by L1 time) nothing is sent; within it
// (minus the margin) the request is taken.
func TestAcknowledgementWindow(t *testing.T) {
	e := newEnv(t)
	a, p := e.newAgent(fermah, func(c *Config) { c.DeadlineMargin = 2 * time.Second })
	e.request(fermah, 1, params(e.serve("/inputs/1", input(1))))
	e.adjustTime(ackWindow + 1)
	n := e.nonce(e.keys[fermah])
	step(t, a)
	require.Equal(t, bindings.ProofRequestStatusPendingAcknowledgement, e.status(1).Status)
	require.Equal(t, n, e.nonce(e.keys[fermah]))
	require.Zero(t, p.calls.Load())

	// Inside the margin: not sent either (it could land after the deadline).
	e.request(fermah, 2, params(e.serve("/inputs/2", input(2))))
	e.adjustTime(ackWindow - 1)
	step(t, a)
	require.Equal(t, bindings.ProofRequestStatusPendingAcknowledgement, e.status(2).Status)

	// Well inside the window: taken.
	e.request(fermah, 3, params(e.serve("/inputs/3", input(3))))
	e.adjustTime(ackWindow - 10)
	step(t, a)
	require.Equal(t, bindings.ProofRequestStatusProven, e.status(3).Status)
	require.Equal(t, n+2, e.nonce(e.keys[fermah]))
}

// Downloads that fail submit nothing; the agent keeps going, retries, and
// gives up at the proving deadline.
func TestDownloadFailures(t *testing.T) {
	e := newEnv(t)
	a, p := e.newAgent(fermah, func(c *Config) { c.MaxInputSize = 64; c.DeadlineMargin = time.Second })
	e.request(fermah, 1, params(e.srv.URL+"/inputs/missing"))                         // 404
	e.request(fermah, 2, params(e.serve("/inputs/big", make([]byte, 65))))            // over the cap
	e.request(fermah, 3, params("ftp://"+e.srv.Listener.Addr().String()+"/inputs/3")) // not http(s)
	e.request(fermah, 4, params("not a url at all"))
	e.request(fermah, 5, params(e.serve("/inputs/5", input(5)))) // fine
	step(t, a)
	// Retries are due RetryBackoff (doubling) after a failure, by the local
	// clock; Step never waits for them.
	deadline := time.Now().Add(10 * time.Second)
	for time.Now().Before(deadline) && a.jobs[keyOf(id(1).ChainId, id(1).BatchNumber)].attempts < 3 {
		step(t, a)
	}
	require.GreaterOrEqual(t, a.jobs[keyOf(id(1).ChainId, id(1).BatchNumber)].attempts, 3, "404 retried")

	for _, batch := range []int64{1, 2} {
		r := e.status(batch)
		require.Equal(t, bindings.ProofRequestStatusCommitted, r.Status, "batch %d", batch)
		require.Empty(t, r.Proof)
	}
	// A URL the agent could never download from is refused outright.
	require.Equal(t, bindings.ProofRequestStatusRefused, e.status(3).Status)
	require.Equal(t, bindings.ProofRequestStatusRefused, e.status(4).Status)
	require.Equal(t, bindings.ProofRequestStatusProven, e.status(5).Status)
	require.EqualValues(t, 1, p.calls.Load(), "only the good input reached the prover")

	// The input appears: the retry proves it.
	e.serve("/inputs/missing", input(1))
	require.Eventually(t, func() bool {
		step(t, a)
		return e.status(1).Status == bindings.ProofRequestStatusProven
	}, 10*time.Second, 5*time.Millisecond)

	// Past the proving deadline the agent gives up on batch 2 without a transaction.
	n := e.nonce(e.keys[fermah])
	e.adjustTime(24 * 3600)
	step(t, a)
	require.NotContains(t, a.jobs, keyOf(id(2).ChainId, id(2).BatchNumber))
	require.Equal(t, n, e.nonce(e.keys[fermah]))
	require.Equal(t, bindings.ProofRequestStatusCommitted, e.status(2).Status)
}

// A failing prover is retried until it succeeds.
func TestProverRetried(t *testing.T) {
	e := newEnv(t)
	a, p := e.newAgent(fermah, nil)
	p.failures.Store(2)
	e.request(fermah, 1, params(e.serve("/inputs/1", input(1))))
	require.Eventually(t, func() bool {
		step(t, a)
		return e.status(1).Status == bindings.ProofRequestStatusProven
	}, 10*time.Second, 5*time.Millisecond)
	require.EqualValues(t, 3, p.calls.Load())
}

// A new agent over the same chain neither acknowledges nor submits twice,
// and resumes what the old one had committed to.
func TestRestart(t *testing.T) {
	e := newEnv(t)
	key := keyOf(id(2).ChainId, id(2).BatchNumber)
	a, _ := e.newAgent(fermah, nil)
	e.request(fermah, 1, params(e.serve("/inputs/1", input(1))))
	e.request(fermah, 2, params(e.srv.URL+"/inputs/2")) // not served yet
	step(t, a)
	require.Equal(t, bindings.ProofRequestStatusProven, e.status(1).Status)
	require.Equal(t, bindings.ProofRequestStatusCommitted, e.status(2).Status)
	require.Contains(t, a.jobs, key)
	n := e.nonce(e.keys[fermah])
	require.EqualValues(t, 3, n, "two acknowledgements and one proof")

	// The restarted agent resumes batch 2 and leaves batch 1 alone.
	e.serve("/inputs/2", input(2))
	b, p := e.newAgent(fermah, nil)
	step(t, b)
	require.Equal(t, bindings.ProofRequestStatusProven, e.status(2).Status)
	require.Equal(t, n+1, e.nonce(e.keys[fermah]), "only the proof of batch 2")
	require.EqualValues(t, 1, p.calls.Load())

	// Yet another one, and the first again: nothing left to do.
	c, p := e.newAgent(fermah, nil)
	step(t, c)
	step(t, a)
	require.Equal(t, n+1, e.nonce(e.keys[fermah]))
	require.Zero(t, p.calls.Load())
}

// Run works in the background until its context ends, and leaves no
// goroutine behind; here on the dev L1 with its own block sealing.
func TestRun(t *testing.T) {
	e := newDevchainEnv(t)
	a, _ := e.newAgent(fermah, nil)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()

	e.request(fermah, 1, params(e.serve("/inputs/1", input(1))))
	require.Eventually(t, func() bool { return e.status(1).Status == bindings.ProofRequestStatusProven },
		20*time.Second, 10*time.Millisecond)
	e.send(e.submitter, e.pm.PackUpdateProofRequestStatus(id(1), bindings.ProofRequestStatusValidated))
	require.Eventually(t, func() bool { return e.status(1).Status == bindings.ProofRequestStatusPaid },
		20*time.Second, 10*time.Millisecond)

	cancel()
	select {
	case err := <-done:
		require.NoError(t, err)
	case <-time.After(10 * time.Second):
		t.Fatal("Run did not return after its context ended")
	}
}

// Run refuses to start with a key that is not the network's.
func TestRunWrongKey(t *testing.T) {
	e := newEnv(t)
	a, err := New(Config{Network: lagrange, ProofManager: e.addrs.ProofManager, Price: usdc(1)}, e.client,
		e.keys[fermah], &fakeProver{key: e.keys[fermah]}, nil)
	require.NoError(t, err)
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	require.ErrorIs(t, a.Run(ctx), ErrWrongKey)
}

// Logs are untrusted: whatever they hold, parsing returns an error and
// never panics.
func TestParseRequestRejectsMalformedLogs(t *testing.T) {
	pm := common.HexToAddress("0x1000")
	a := &Agent{cfg: Config{Network: fermah, ProofManager: pm}, pm: bindings.NewProofManager()}
	topic := a.pm.GetABI().Events["ProofRequestSubmitted"].ID
	one := common.BigToHash(big.NewInt(1))
	good := types.Log{Address: pm, Topics: []common.Hash{topic, one, one, one}}
	for name, l := range map[string]types.Log{
		"other contract":  {Address: common.HexToAddress("0x2000"), Topics: good.Topics},
		"no topics":       {Address: pm},
		"other event":     {Address: pm, Topics: []common.Hash{one, one, one, one}},
		"three topics":    {Address: pm, Topics: good.Topics[:3]},
		"empty data":      good,
		"short data":      {Address: pm, Topics: good.Topics, Data: make([]byte, 31)},
		"garbage data":    {Address: pm, Topics: good.Topics, Data: common.FromHex("0xffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff" + "00")},
		"other network":   {Address: pm, Topics: []common.Hash{topic, one, one, common.BigToHash(big.NewInt(2))}},
		"bad offset":      {Address: pm, Topics: good.Topics, Data: append(common.BigToHash(big.NewInt(1<<40)).Bytes(), make([]byte, 6*32)...)},
		"huge string len": {Address: pm, Topics: good.Topics, Data: append(append(common.BigToHash(big.NewInt(192)).Bytes(), make([]byte, 5*32)...), common.MaxHash.Bytes()...)},
	} {
		t.Run(name, func(t *testing.T) {
			require.NotPanics(t, func() {
				_, err := a.parseRequest(&l)
				require.Error(t, err)
			})
		})
	}
}

// FuzzParseRequest: no log makes parseRequest panic.
func FuzzParseRequest(f *testing.F) {
	pm := common.HexToAddress("0x1000")
	a := &Agent{cfg: Config{Network: fermah, ProofManager: pm}, pm: bindings.NewProofManager()}
	topic := a.pm.GetABI().Events["ProofRequestSubmitted"].ID
	f.Add([]byte{}, byte(1))
	f.Add(make([]byte, 6*32), byte(1))
	f.Fuzz(func(t *testing.T, data []byte, network byte) {
		one := common.BigToHash(big.NewInt(1))
		l := types.Log{Address: pm, Topics: []common.Hash{topic, one, one, common.BigToHash(big.NewInt(int64(network)))}, Data: data}
		_, _ = a.parseRequest(&l)
	})
}

func TestFormatUSDC(t *testing.T) {
	for in, want := range map[int64]string{0: "0", 1: "0.000001", 10_500_000: "10.5", 25_000_000_000: "25000", -1_250_000: "-1.25"} {
		require.Equal(t, want, FormatUSDC(big.NewInt(in)))
	}
	require.Equal(t, "0", FormatUSDC(nil))
}

func TestConfigValidation(t *testing.T) {
	key, err := crypto.GenerateKey()
	require.NoError(t, err)
	p := &fakeProver{key: key}
	ok := Config{Network: fermah, ProofManager: common.HexToAddress("0x1"), Price: big.NewInt(1)}
	for name, edit := range map[string]func(*Config){
		"no network":     func(c *Config) { c.Network = 0 },
		"unknown net":    func(c *Config) { c.Network = 3 },
		"no contract":    func(c *Config) { c.ProofManager = common.Address{} },
		"no price":       func(c *Config) { c.Price = nil },
		"negative price": func(c *Config) { c.Price = big.NewInt(-1) },
		"capacity":       func(c *Config) { c.Capacity = -1 },
	} {
		t.Run(name, func(t *testing.T) {
			cfg := ok
			edit(&cfg)
			_, err := New(cfg, nilClient{}, key, p, nil)
			require.Error(t, err)
		})
	}
	_, err = New(ok, nilClient{}, key, p, nil)
	require.NoError(t, err)
}

// nilClient satisfies Client for tests that never reach L1.
type nilClient struct{ Client }

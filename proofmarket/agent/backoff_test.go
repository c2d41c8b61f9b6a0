package agent

import (
	"bytes"
	"context"
	"errors"
	"io"
	"log/slog"
	"math/big"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/clock"
	"github.com/cairn-rollup/cairn/l1/bindings"
)

func TestBackoffGrowsAndCaps(t *testing.T) {
	b := backoff{base: time.Second, max: 10 * time.Second}
	var got []time.Duration
	for range 7 {
		got = append(got, b.fail())
	}
	require.Equal(t, []time.Duration{1, 2, 4, 8, 10, 10, 10}, scale(got, time.Second))
	b.reset()
	require.Equal(t, time.Second, b.fail(), "starts over after a success")

	// Many failures in a row neither overflow nor pass the cap.
	b = backoff{base: time.Millisecond, max: time.Hour}
	for range 200 {
		require.LessOrEqual(t, b.fail(), time.Hour)
	}
	require.Equal(t, time.Hour, b.fail())
}

func scale(ds []time.Duration, unit time.Duration) []time.Duration {
	out := make([]time.Duration, len(ds))
	for i, d := range ds {
		out[i] = d / unit
	}
	return out
}

// dataError is an RPC error with revert data, as an L1 node returns it.
type dataError struct{ data any }

func (e dataError) Error() string  { return "execution reverted" }
func (e dataError) ErrorCode() int { return 3 }
func (e dataError) ErrorData() any { return e.data }

func packError(t *testing.T, a abi.ABI, name string, args ...any) []byte {
	t.Helper()
	e := a.Errors[name]
	enc, err := e.Inputs.Pack(args...)
	require.NoError(t, err)
	return append(e.ID[:4:4], enc...)
}

func TestRevertsAreNamed(t *testing.T) {
	d := newRevertDecoder()
	pm, tok := bindings.NewProofManager().GetABI(), bindings.NewTestUSDC().GetABI()
	caller := common.HexToAddress("0x00000000000000000000000000000000000000c1")
	errorString, err := abi.NewType("string", "", nil)
	require.NoError(t, err)
	reason, err := abi.Arguments{{Type: errorString}}.Pack("boom")
	require.NoError(t, err)
	panicArg, err := abi.NewType("uint256", "", nil)
	require.NoError(t, err)
	panicCode, err := abi.Arguments{{Type: panicArg}}.Pack(big.NewInt(0x11))
	require.NoError(t, err)
	cases := map[string]struct {
		data []byte
		want string
	}{
		"ProofManager error": {packError(t, pm, "NotAssignee", caller, bindings.ProvingNetworkLagrange),
			"NotAssignee(caller=" + caller.Hex() + ", assignedTo=2)"},
		"no arguments":       {packError(t, pm, "ZeroAdmin"), "ZeroAdmin()"},
		"token error":        {packError(t, tok, "ERC20InsufficientBalance", caller, big.NewInt(0), big.NewInt(10_000_000)), "ERC20InsufficientBalance(sender=" + caller.Hex() + ", balance=0, needed=10000000)"},
		"Error(string)":      {append(hexutil.MustDecode("0x08c379a0"), reason...), "boom"},
		"Panic(uint256)":     {append(hexutil.MustDecode("0x4e487b71"), panicCode...), "overflow"},
		"unknown selector":   {hexutil.MustDecode("0xdeadbeef"), "unknown error 0xdeadbeef"},
		"short":              {hexutil.MustDecode("0xdead"), "shorter than an error selector"},
		"empty":              {nil, "revert without data"},
		"truncated argument": {packError(t, pm, "NotAssignee", caller, bindings.ProvingNetworkLagrange)[:20], "NotAssignee (arguments do not decode"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			got := d.describe(dataError{hexutil.Encode(tc.data)})
			require.Contains(t, got, tc.want)
		})
	}
	require.Empty(t, d.describe(nil))
	require.Empty(t, d.describe(errors.New("connection refused")), "no revert data")
	require.Empty(t, d.describe(dataError{42}), "data that is not a string")
	require.Contains(t, d.describe(dataError{"0xzz"}), "not hex")
	require.Contains(t, d.describe(dataError{"0x" + strings.Repeat("00", maxRevertData+1)}), "too long")
}

// lockedBuffer collects log output written from several goroutines.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

var retryIn = regexp.MustCompile(`retry_in=(\S+)`)

// retries are the retry_in values of the log lines holding msg.
func retries(t *testing.T, logs, msg string) []time.Duration {
	var out []time.Duration
	for _, l := range strings.Split(logs, "\n") {
		if !strings.Contains(l, msg) {
			continue
		}
		m := retryIn.FindStringSubmatch(l)
		require.NotNil(t, m, l)
		d, err := time.ParseDuration(m[1])
		require.NoError(t, err)
		out = append(out, d)
	}
	return out
}

// An unfunded ProofManager refuses the withdrawal: the log names the
// token's error, and the agent tries again after 1, 2, 4, 4 s, not every
// round; once funded it is paid and the delay starts over.
func TestRefusedWithdrawalIsNamedAndBacksOff(t *testing.T) {
	e := newFundedEnv(t, new(big.Int))
	a, _ := e.newAgent(fermah, func(c *Config) { c.PollInterval, c.MaxBackoff = time.Second, 4*time.Second })
	var logs lockedBuffer
	a.log = slog.New(slog.NewTextHandler(io.MultiWriter(&logs, t.Output()), nil))
	fake := clock.NewFake()
	a.clock = fake

	e.request(fermah, 1, params(e.serve("/inputs/1", input(1))))
	step(t, a)
	require.Equal(t, bindings.ProofRequestStatusProven, e.status(1).Status)
	e.send(e.submitter, e.pm.PackUpdateProofRequestStatus(id(1), bindings.ProofRequestStatusValidated))

	const refused = "Withdraw refused by the ProofManager"
	nonce := e.nonce(e.keys[fermah])
	step(t, a)
	require.Contains(t, logs.String(), "revert=\"ERC20InsufficientBalance(sender="+e.addrs.ProofManager.Hex()+", balance=0, needed=10000000)\"")
	require.Len(t, retries(t, logs.String(), refused), 1)
	step(t, a)
	step(t, a)
	require.Len(t, retries(t, logs.String(), refused), 1, "no new attempt before the delay")
	for _, d := range []time.Duration{time.Second, 2 * time.Second, 4 * time.Second} {
		fake.Advance(d)
		step(t, a)
	}
	require.Equal(t, []time.Duration{time.Second, 2 * time.Second, 4 * time.Second, 4 * time.Second}, retries(t, logs.String(), refused))
	require.Equal(t, nonce, e.nonce(e.keys[fermah]), "refused before sending: no gas spent")

	// Funded: the next attempt pays, and the delay starts over.
	r, err := e.trySend(e.submitter, e.addrs.USDC, bindings.NewTestUSDC().PackMint(e.addrs.ProofManager, usdc(100)))
	require.NoError(t, err)
	require.EqualValues(t, 1, r.Status)
	fake.Advance(4 * time.Second)
	step(t, a)
	require.Equal(t, bindings.ProofRequestStatusPaid, e.status(1).Status)
	require.Zero(t, usdc(10).Cmp(e.usdcBalance(addr(e.keys[fermah]))))
	require.Zero(t, a.withdrawBackoff.failures)
}

// failingL1 is an L1 whose calls all fail, as when the node is down.
type failingL1 struct{ testL1 }

func (failingL1) CallContract(context.Context, ethereum.CallMsg, *big.Int) ([]byte, error) {
	return nil, errors.New("connection refused")
}

// Rounds that fail in a row are retried after a delay that doubles up to
// MaxBackoff, not every PollInterval. An L1 that does not answer is one
// Warn line, the backoff at Debug.
func TestFailedRoundsBackOff(t *testing.T) {
	e := newEnv(t)
	var logs lockedBuffer
	a, err := New(Config{Network: fermah, ProofManager: e.addrs.ProofManager, Price: usdc(1),
		PollInterval: 5 * time.Millisecond, MaxBackoff: 20 * time.Millisecond},
		failingL1{e.client}, e.keys[fermah], &fakeProver{key: e.keys[fermah]},
		slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug})))
	require.NoError(t, err)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- a.Run(ctx) }()
	const failed = "unreachable" // "L1 unreachable", then "L1 still unreachable"
	require.Eventually(t, func() bool { return strings.Count(logs.String(), failed) >= 5 }, 10*time.Second, time.Millisecond)
	cancel()
	require.NoError(t, <-done)
	ms := time.Millisecond
	require.Equal(t, []time.Duration{5 * ms, 10 * ms, 20 * ms, 20 * ms, 20 * ms}, retries(t, logs.String(), failed)[:5])
	require.Equal(t, 1, strings.Count(logs.String(), "level=WARN"), logs.String())
	require.Equal(t, 1, strings.Count(logs.String(), `level=WARN msg="L1 unreachable`))
}

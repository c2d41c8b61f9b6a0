package e2e

import (
	"context"
	"crypto/ecdsa"
	"log/slog"
	"math/big"
	"math/rand"
	"net"
	"os"
	"strconv"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/devnet"
	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/devchain"
	"github.com/cairn-rollup/cairn/proofmarket/agent"
	"github.com/cairn-rollup/cairn/proofmarket/agent/agenttest"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/stretchr/testify/require"
)

var pmABI = bindings.NewProofManager()

// request reads a batch's request; one not submitted yet has Exists false.
func (c *chain) request(t *testing.T, batch uint64) bindings.ProofManagerProofRequest {
	t.Helper()
	to := c.Genesis.Contracts.ProofManager
	out, err := c.l1.CallContract(context.Background(), ethereum.CallMsg{To: &to,
		Data: pmABI.PackProofRequest(new(big.Int).SetUint64(c.Genesis.L2ChainID()), new(big.Int).SetUint64(batch))}, nil)
	if err != nil {
		require.Equal(t, selector(bindings.ProofManagerProofRequestNotFoundErrorID()), revertID(t, err))
		return bindings.ProofManagerProofRequest{}
	}
	r, err := pmABI.UnpackProofRequest(out)
	require.NoError(t, err)
	return r
}

func (c *chain) usdcBalance(t *testing.T, who common.Address) *big.Int {
	t.Helper()
	usdc := call(t, c.l1, c.Genesis.Contracts.ProofManager, pmABI.PackUsdc(), pmABI.UnpackUsdc)
	tok := bindings.NewTestUSDC()
	return call(t, c.l1, usdc, tok.PackBalanceOf(who), tok.UnpackBalanceOf)
}

func networkAddrs() (fermah, lagrange common.Address) {
	keys := devchain.DevKeys()
	return crypto.PubkeyToAddress(keys[8].PublicKey), crypto.PubkeyToAddress(keys[9].PublicKey)
}

// moveL1Time seals an L1 block d seconds after the head (retrying while
// transactions are pending, which AdjustTime refuses).
func (c *chain) moveL1Time(t *testing.T, d uint64) {
	t.Helper()
	eventually(t, 30*time.Second, "an empty L1 block to move time", func() bool { return c.L1.AdjustTime(d) == nil })
}

// submissions counts ProofRequestSubmitted events per batch.
func (c *chain) submissions(t *testing.T) map[uint64]int {
	t.Helper()
	logs, err := c.l1.FilterLogs(context.Background(), ethereum.FilterQuery{FromBlock: big.NewInt(0),
		Addresses: []common.Address{c.Genesis.Contracts.ProofManager}})
	require.NoError(t, err)
	out := map[uint64]int{}
	for i := range logs {
		if ev, err := pmABI.UnpackProofRequestSubmittedEvent(&logs[i]); err == nil {
			out[ev.BatchNumber.Uint64()]++
		}
	}
	return out
}

// networks runs the devnet's proving networks as agenttest networks that
// behave towards each batch as choose says.
func networks(choose func(network uint8, batch uint64) agenttest.Behaviour) devnet.NewAgentFunc {
	return func(cfg agent.Config, l1 agent.Client, key *ecdsa.PrivateKey, prover agent.Prover, log *slog.Logger) (devnet.Agent, error) {
		return agenttest.New(cfg, l1, key, prover, log, func(batch uint64) agenttest.Behaviour { return choose(cfg.Network, batch) })
	}
}

// byNetwork is Fermah's behaviour and Lagrange's, towards every batch.
func byNetwork(fermah, lagrange agenttest.Behaviour) func(network uint8, batch uint64) agenttest.Behaviour {
	return func(network uint8, _ uint64) agenttest.Behaviour {
		if network == bindings.ProvingNetworkFermah {
			return fermah
		}
		return lagrange
	}
}

func TestBatchesProvenThroughTheMarketArePaid(t *testing.T) {
	c := startChainWith(t, devnet.Config{Provers: -1}) // no internal prover: only the market proves
	eventually(t, 2*time.Minute, "four batches verified on L1", func() bool { return c.lastVerified(t) >= 4 })

	fermah, lagrange := networkAddrs()
	// Round robin: request 0 Fermah, 1 Lagrange, 2 and 3 the preferred (Fermah).
	want := []uint8{bindings.ProvingNetworkFermah, bindings.ProvingNetworkLagrange, bindings.ProvingNetworkFermah, bindings.ProvingNetworkFermah}
	for i, net := range want {
		r := c.request(t, uint64(i+1))
		require.Equal(t, net, r.AssignedTo, "batch %d", i+1)
	}
	// Every verified batch's request gets paid: 10 USDC a proof.
	eventually(t, time.Minute, "payments", func() bool {
		for b := uint64(1); b <= 4; b++ {
			if c.request(t, b).Status != bindings.ProofRequestStatusPaid {
				return false
			}
		}
		return true
	})
	require.GreaterOrEqual(t, c.usdcBalance(t, fermah).Int64(), int64(3*10_000_000))
	require.GreaterOrEqual(t, c.usdcBalance(t, lagrange).Int64(), int64(10_000_000))
	for b, n := range c.submissions(t) {
		require.Equal(t, 1, n, "batch %d requested once", b)
	}
}

func TestRefusingAndSilentNetworksFallBackToTheInternalProver(t *testing.T) {
	c := startChainWith(t, devnet.Config{Market: devnet.Market{NewAgent: networks(byNetwork(agenttest.Refuse, agenttest.Silent))}})
	// Batch 1 goes to Fermah (refused at once), batch 2 to Lagrange (never acknowledged).
	eventually(t, time.Minute, "batch 1 verified after Fermah refused it", func() bool { return c.lastVerified(t) >= 1 })
	require.Equal(t, bindings.ProofRequestStatusRefused, c.request(t, 1).Status)

	eventually(t, time.Minute, "batch 2 requested", func() bool { return c.request(t, 2).Exists })
	require.Equal(t, bindings.ProofRequestStatusPendingAcknowledgement, c.request(t, 2).Status)
	require.Less(t, c.lastVerified(t), uint64(2), "the market holds batch 2 inside its acknowledgement window")
	c.moveL1Time(t, 121)
	eventually(t, time.Minute, "batch 2 marked Unacknowledged and verified", func() bool {
		return c.request(t, 2).Status == bindings.ProofRequestStatusUnacknowledged && c.lastVerified(t) >= 2
	})
	fermah, lagrange := networkAddrs()
	require.Zero(t, c.usdcBalance(t, fermah).Sign())
	require.Zero(t, c.usdcBalance(t, lagrange).Sign())
}

func TestLazyAndInvalidNetworksFallBackAndAreNotPaid(t *testing.T) {
	c := startChainWith(t, devnet.Config{Market: devnet.Market{NewAgent: networks(byNetwork(agenttest.Lazy, agenttest.Invalid)), TimeoutAfter: 30 * time.Second}})
	// Batch 2 (Lagrange) gets an invalid proof: ValidationFailed, then the internal prover.
	eventually(t, time.Minute, "batch 2 ValidationFailed", func() bool {
		return c.request(t, 2).Status == bindings.ProofRequestStatusValidationFailed
	})
	// Batch 1 (Fermah) is committed to and never proven: TimedOut once L1 time passes the deadline.
	eventually(t, time.Minute, "batch 1 committed by Fermah", func() bool {
		return c.request(t, 1).Status == bindings.ProofRequestStatusCommitted
	})
	require.Zero(t, c.lastVerified(t))
	c.moveL1Time(t, 31)
	eventually(t, time.Minute, "batches 1 and 2 verified", func() bool { return c.lastVerified(t) >= 2 })
	require.Equal(t, bindings.ProofRequestStatusTimedOut, c.request(t, 1).Status)
	require.Equal(t, bindings.ProofRequestStatusValidationFailed, c.request(t, 2).Status)
	fermah, lagrange := networkAddrs()
	require.Zero(t, c.usdcBalance(t, fermah).Sign())
	require.Zero(t, c.usdcBalance(t, lagrange).Sign())
}

func TestSubmitterRestartNeitherLosesNorDuplicatesRequests(t *testing.T) {
	l1, err := devchain.Start(devchain.Config{HTTPAddr: "127.0.0.1:0"}, logger())
	require.NoError(t, err)
	defer l1.Close()
	dir := t.TempDir()
	// Request URLs stored on L1 name the inputs server, so it keeps its
	// address across the restart, as a real node's configured one does.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	require.NoError(t, err)
	inputsAddr := ln.Addr().String()
	require.NoError(t, ln.Close())
	cfg := devnet.Config{DataDir: dir, L1RPC: l1.URL(), Provers: -1, InputsAddr: inputsAddr}
	c := startChainWith(t, cfg)
	eventually(t, time.Minute, "two requests submitted", func() bool { return len(c.submissions(t)) >= 2 })
	c.Close() // mid-flight: later batches are sealed, committed or requested, not yet verified

	c = startChainWith(t, cfg)
	eventually(t, 2*time.Minute, "six batches verified", func() bool { return c.lastVerified(t) >= 6 })
	subs := c.submissions(t)
	for b := uint64(1); b <= 6; b++ {
		require.Equal(t, 1, subs[b], "batch %d requested exactly once", b)
	}
}

func TestNoBatchIsLeftWithoutAProver(t *testing.T) {
	seed := time.Now().UnixNano()
	if s := os.Getenv("CAIRN_E2E_SEED"); s != "" {
		seed, _ = strconv.ParseInt(s, 10, 64)
	}
	t.Logf("seed %d (CAIRN_E2E_SEED=%d replays the mix)", seed, seed)
	behaviours := []agenttest.Behaviour{agenttest.Honest, agenttest.Refuse, agenttest.Silent, agenttest.Lazy, agenttest.Invalid}
	pick := map[[2]uint64]agenttest.Behaviour{}
	rng := rand.New(rand.NewSource(seed))
	for net := uint64(1); net <= 2; net++ {
		for b := uint64(1); b <= 40; b++ {
			pick[[2]uint64{net, b}] = behaviours[rng.Intn(len(behaviours))]
		}
	}
	c := startChainWith(t, devnet.Config{Market: devnet.Market{TimeoutAfter: 30 * time.Second,
		NewAgent: networks(func(network uint8, batch uint64) agenttest.Behaviour { return pick[[2]uint64{uint64(network), batch}] })}})

	const batches = 20
	deadline := time.Now().Add(5 * time.Minute)
	for last := c.lastVerified(t); last < batches; {
		if time.Now().After(deadline) {
			t.Fatalf("seed %d: only %d of %d batches verified", seed, last, batches)
		}
		// Give the market a few seconds; if nothing moves, a network is
		// sitting on a request: move L1 time past its deadlines.
		moved := false
		for end := time.Now().Add(3 * time.Second); time.Now().Before(end); time.Sleep(100 * time.Millisecond) {
			if now := c.lastVerified(t); now > last {
				last, moved = now, true
				break
			}
		}
		if !moved {
			c.moveL1Time(t, 121)
		}
	}
	// Every verified batch went through the market once and ended in a
	// state that says who proved it.
	subs := c.submissions(t)
	for b := uint64(1); b <= batches; b++ {
		require.Equal(t, 1, subs[b], "seed %d: batch %d requested once", seed, b)
		st := c.request(t, b).Status
		require.NotContains(t, []uint8{bindings.ProofRequestStatusPendingAcknowledgement, bindings.ProofRequestStatusCommitted},
			st, "seed %d: batch %d verified but its request is still open", seed, b)
	}
}

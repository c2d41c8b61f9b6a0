package e2e

import (
	"context"
	"crypto/ecdsa"
	"log/slog"
	"math/big"
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/config"
	"github.com/cairn-rollup/cairn/devnet"
	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"
)

var (
	bridgeABI = bindings.NewBridge()
	ocpABI    = bindings.NewOnChainProposer()
	l2ABI     = bindings.NewL2Bridge()
)

func ether(n float64) *big.Int {
	f := new(big.Float).Mul(big.NewFloat(n), big.NewFloat(params.Ether))
	i, _ := f.Int(nil)
	return i
}

// chain is a devnet under test with clients for both layers.
type chain struct {
	*devnet.Devnet
	dir    string // the devnet's data directory: L1, node, prover
	l1, l2 *ethclient.Client
	rpc    *rpc.Client
}

func logger() *slog.Logger {
	if os.Getenv("CAIRN_E2E_LOG") != "" {
		return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: slog.LevelInfo}))
	}
	return slog.New(slog.DiscardHandler)
}

// startChain runs a devnet without the proof market: batches go to the
// internal prover.
func startChain(t *testing.T, provers int) *chain {
	return startChainWith(t, devnet.Config{Provers: provers, Market: devnet.Market{Disabled: true}})
}

// startChainWith runs a devnet on OS-picked ports with two-block batches.
func startChainWith(t *testing.T, cfg devnet.Config) *chain {
	t.Helper()
	if cfg.DataDir == "" {
		cfg.DataDir = t.TempDir()
	}
	if cfg.Batcher == (rollup.SealLimits{}) {
		cfg.Batcher = rollup.SealLimits{MaxBlocks: 2, MaxGas: 1 << 40, MaxSeconds: 100, MaxDeposits: 100}
	}
	d, cl, err := devnet.StartLocal(context.Background(), cfg, logger())
	require.NoError(t, err)
	t.Cleanup(d.Close)
	t.Cleanup(cl.Close)
	return &chain{Devnet: d, dir: cfg.DataDir, l1: cl.L1, l2: cl.L2, rpc: cl.RPC}
}

// eventually polls cond until it holds, failing the test after timeout.
func eventually(t *testing.T, timeout time.Duration, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out after %s waiting for %s", timeout, what)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// send signs and sends a transaction on a chain and waits for its receipt.
func send(t *testing.T, cl *ethclient.Client, key *ecdsa.PrivateKey, to common.Address, value *big.Int, data []byte) *types.Receipt {
	t.Helper()
	r, err := trySend(cl, key, to, value, data)
	require.NoError(t, err)
	return r
}

// trySend returns the gas estimation error (with revert data) of a call that
// would revert, instead of sending it.
func trySend(cl *ethclient.Client, key *ecdsa.PrivateKey, to common.Address, value *big.Int, data []byte) (*types.Receipt, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return devnet.SendAndWait(ctx, cl, key, to, value, data)
}

// revertID returns the 4-byte custom error selector an estimation error carries.
func revertID(t *testing.T, err error) [4]byte {
	t.Helper()
	require.Error(t, err)
	de, ok := err.(rpc.DataError)
	require.True(t, ok, "error %v carries no revert data", err)
	s, ok := de.ErrorData().(string)
	require.True(t, ok)
	b := common.FromHex(s)
	require.GreaterOrEqual(t, len(b), 4, "revert data %s", s)
	return [4]byte(b[:4])
}

func selector(id common.Hash) [4]byte { return [4]byte(id[:4]) }

func call[T any](t *testing.T, cl *ethclient.Client, to common.Address, data []byte, unpack func([]byte) (T, error)) T {
	t.Helper()
	out, err := cl.CallContract(context.Background(), ethereum.CallMsg{To: &to, Data: data}, nil)
	require.NoError(t, err)
	v, err := unpack(out)
	require.NoError(t, err)
	return v
}

func (c *chain) lastVerified(t *testing.T) uint64 {
	return call(t, c.l1, c.Genesis.Contracts.OnChainProposer, ocpABI.PackLastVerifiedBatch(), ocpABI.UnpackLastVerifiedBatch)
}

func (c *chain) lastCommitted(t *testing.T) uint64 {
	return call(t, c.l1, c.Genesis.Contracts.OnChainProposer, ocpABI.PackLastCommittedBatch(), ocpABI.UnpackLastCommittedBatch)
}

func balance(t *testing.T, cl *ethclient.Client, a common.Address) *big.Int {
	t.Helper()
	b, err := cl.BalanceAt(context.Background(), a, nil)
	require.NoError(t, err)
	return b
}

func freshAddress() common.Address {
	k, _ := crypto.GenerateKey()
	return crypto.PubkeyToAddress(k.PublicKey)
}

func devnetUser(i int) *ecdsa.PrivateKey { return devnet.UserKeys()[i] }

func filterOCP(c *chain) ethereum.FilterQuery {
	return ethereum.FilterQuery{FromBlock: big.NewInt(0), Addresses: []common.Address{c.Genesis.Contracts.OnChainProposer}}
}

func loadGenesis(t *testing.T, dir string) *config.Genesis {
	t.Helper()
	g, err := config.LoadGenesis(filepath.Join(dir, "genesis.json"))
	require.NoError(t, err)
	return g
}

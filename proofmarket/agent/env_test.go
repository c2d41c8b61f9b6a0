package agent

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/deploy"
	"github.com/cairn-rollup/cairn/l1/devchain"
	"github.com/cairn-rollup/cairn/prover/exec"
)

// l2ChainID is the chain id of the proof requests in these tests.
const l2ChainID = 4242

func usdc(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(deploy.USDC)) }

// env is an in-process L1 with the Proof Manager deployed through deploy.DeployProofManager
// (TestUSDC, 1,000,000 USDC on the contract, Fermah preferred, so that three
// requests out of four go to Fermah), and an HTTP server of prover inputs.
// The submitter (also admin and deployer) is dev key 0, Fermah dev key 3,
// Lagrange dev key 4.
//
// newEnv runs geth's simulated backend, mining one block per transaction
// under a lock that also covers adjustTime; newDevchainEnv runs the dev L1
// (l1/devchain) with its own on-demand sealer, and cannot move time:
// devchain's AdjustTime races with that sealer (both seal through the
// simulated beacon, which does not lock), which made a later transaction
// never sealed in runs of these tests.
type env struct {
	t         testing.TB
	client    testL1
	adjust    func(time.Duration) error // nil: the L1 cannot move time
	chainID   *big.Int
	addrs     deploy.ProofManagerAddresses
	pm        *bindings.ProofManager
	submitter *ecdsa.PrivateKey
	keys      map[uint8]*ecdsa.PrivateKey

	srv    *httptest.Server
	mu     sync.Mutex
	inputs map[string][]byte // path → body; a missing path answers 404
	filler int64             // batch numbers of the requests that only move the round robin
}

// testL1 is what the tests and the agent use of L1.
type testL1 interface {
	bind.Backend
	Client
}

// autoMine mines a block for every transaction sent, and serializes that
// with adjustTime: the simulated beacon must never seal two blocks at once.
type autoMine struct {
	simulated.Client
	sim *simulated.Backend
	mu  *sync.Mutex
}

func (m autoMine) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.Client.SendTransaction(ctx, tx); err != nil {
		return err
	}
	m.sim.Commit()
	return nil
}

// adjustTime seals an empty block d after the head. The pool may list a
// mined transaction until its reset catches up with the head, and the beacon
// refuses to seal an empty block over a non-empty pool: retry until then.
func (m autoMine) adjustTime(d time.Duration) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	var err error
	for deadline := time.Now().Add(10 * time.Second); time.Now().Before(deadline); {
		if err = m.sim.AdjustTime(d); err == nil {
			return nil
		}
		time.Sleep(5 * time.Millisecond) // retry interval, not a wait for an outcome
	}
	return err
}

func newEnv(t testing.TB) *env { return newFundedEnv(t, usdc(1_000_000)) }

// newFundedEnv is newEnv with fund USDC on the ProofManager.
func newFundedEnv(t testing.TB, fund *big.Int) *env {
	t.Helper()
	alloc := types.GenesisAlloc{}
	for _, k := range devchain.DevKeys() {
		alloc[addr(k)] = types.Account{Balance: new(big.Int).Mul(big.NewInt(1_000_000), big.NewInt(1e18))}
	}
	sim := simulated.NewBackend(alloc)
	t.Cleanup(func() { _ = sim.Close() })
	m := autoMine{Client: sim.Client(), sim: sim, mu: new(sync.Mutex)}
	return setup(t, m, m.adjustTime, fund)
}

func newDevchainEnv(t testing.TB) *env {
	t.Helper()
	chain, err := devchain.Start(devchain.Config{HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	t.Cleanup(func() { _ = chain.Close() })
	client := chain.Client()
	t.Cleanup(client.Close)
	return setup(t, client, nil, usdc(1_000_000))
}

// setup deploys the Proof Manager and starts the input server.
func setup(t testing.TB, client testL1, adjust func(time.Duration) error, fund *big.Int) *env {
	t.Helper()
	dev := devchain.DevKeys()
	e := &env{t: t, client: client, adjust: adjust, pm: bindings.NewProofManager(), submitter: dev[0],
		keys:   map[uint8]*ecdsa.PrivateKey{bindings.ProvingNetworkFermah: dev[3], bindings.ProvingNetworkLagrange: dev[4]},
		inputs: make(map[string][]byte), filler: 1_000_000}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	var err error
	e.chainID, err = client.ChainID(ctx)
	require.NoError(t, err)
	e.addrs, err = deploy.DeployProofManager(ctx, client, bind.NewKeyedTransactor(e.submitter, e.chainID), deploy.ProofManagerParams{
		Submitter: addr(e.submitter),
		Fermah:    addr(e.keys[bindings.ProvingNetworkFermah]),
		Lagrange:  addr(e.keys[bindings.ProvingNetworkLagrange]),
		Fund:      fund,
	})
	require.NoError(t, err)
	e.send(e.submitter, e.pm.PackUpdatePreferredProvingNetwork(bindings.ProvingNetworkFermah))

	e.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		e.mu.Lock()
		body, ok := e.inputs[r.URL.Path]
		e.mu.Unlock()
		if !ok {
			http.NotFound(w, r)
			return
		}
		_, _ = w.Write(body)
	}))
	t.Cleanup(e.srv.Close)
	return e
}

func addr(k *ecdsa.PrivateKey) common.Address { return crypto.PubkeyToAddress(k.PublicKey) }

// serve publishes body at path and returns its URL.
func (e *env) serve(path string, body []byte) string {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.inputs[path] = body
	return e.srv.URL + path
}

// input is the prover input the tests publish for a batch.
func input(batch int64) []byte { return []byte(fmt.Sprintf("prover input of batch %d", batch)) }

// send sends calldata to the ProofManager from key and waits for a
// successful receipt.
func (e *env) send(key *ecdsa.PrivateKey, data []byte) *types.Receipt {
	e.t.Helper()
	r, err := e.trySend(key, e.addrs.ProofManager, data)
	require.NoError(e.t, err)
	require.Equal(e.t, types.ReceiptStatusSuccessful, r.Status)
	return r
}

func (e *env) trySend(key *ecdsa.PrivateKey, to common.Address, data []byte) (*types.Receipt, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	opts := bind.NewKeyedTransactor(key, e.chainID)
	opts.Context = ctx
	tx, err := bind.NewBoundContract(to, e.pm.GetABI(), e.client, e.client, e.client).RawTransact(opts, data)
	if err != nil {
		return nil, err
	}
	for {
		if r, err := e.client.TransactionReceipt(ctx, tx.Hash()); err == nil {
			return r, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for %s: %w", tx.Hash(), ctx.Err())
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// params are the request parameters of the tests: a day to prove, up to 100 USDC.
func params(url string) bindings.ProofManagerProofRequestParams {
	return bindings.ProofManagerProofRequestParams{ProofInputsUrl: url, ProtocolMajor: 1,
		TimeoutAfter: big.NewInt(24 * 3600), MaxReward: usdc(100)}
}

func id(batch int64) bindings.ProofManagerProofRequestIdentifier {
	return bindings.ProofManagerProofRequestIdentifier{ChainId: big.NewInt(l2ChainID), BatchNumber: big.NewInt(batch)}
}

// request submits the request of a batch so that it is assigned to network:
// as long as the round robin points to the other network, that one is
// marked Inactive for a moment and a filler request (Refused at once) moves
// the counter on.
func (e *env) request(network uint8, batch int64, p bindings.ProofManagerProofRequestParams) {
	e.t.Helper()
	other := uint8(bindings.ProvingNetworkFermah)
	if network == other {
		other = bindings.ProvingNetworkLagrange
	}
	for range 4 {
		counter := call(e, e.pm.PackRequestCounter(), e.pm.UnpackRequestCounter).Uint64()
		next := []uint8{bindings.ProvingNetworkFermah, bindings.ProvingNetworkLagrange,
			bindings.ProvingNetworkFermah, bindings.ProvingNetworkFermah}[counter%4]
		if next == network {
			e.send(e.submitter, e.pm.PackSubmitProofRequest(id(batch), p))
			require.Equal(e.t, network, e.status(batch).AssignedTo)
			return
		}
		e.filler++
		e.send(e.submitter, e.pm.PackUpdateProvingNetworkStatus(other, bindings.ProvingNetworkStatusInactive))
		e.send(e.submitter, e.pm.PackSubmitProofRequest(id(e.filler), params("http://127.0.0.1:1/filler")))
		e.send(e.submitter, e.pm.PackUpdateProvingNetworkStatus(other, bindings.ProvingNetworkStatusActive))
		require.Equal(e.t, bindings.ProofRequestStatusRefused, e.status(e.filler).Status)
	}
	e.t.Fatalf("the round robin never reached %s", NetworkName(network))
}

// status is a request as the ProofManager stores it.
func (e *env) status(batch int64) bindings.ProofManagerProofRequest {
	e.t.Helper()
	return call(e, e.pm.PackProofRequest(big.NewInt(l2ChainID), big.NewInt(batch)), e.pm.UnpackProofRequest)
}

func (e *env) usdcBalance(a common.Address) *big.Int {
	e.t.Helper()
	u := bindings.NewTestUSDC()
	out, err := e.client.CallContract(context.Background(), ethereum.CallMsg{To: &e.addrs.USDC, Data: u.PackBalanceOf(a)}, nil)
	require.NoError(e.t, err)
	v, err := u.UnpackBalanceOf(out)
	require.NoError(e.t, err)
	return v
}

// nonce counts the transactions key has had mined.
func (e *env) nonce(key *ecdsa.PrivateKey) uint64 {
	e.t.Helper()
	n, err := e.client.NonceAt(context.Background(), addr(key), nil)
	require.NoError(e.t, err)
	return n
}

// adjustTime moves L1 time: it seals an empty block seconds after the head.
func (e *env) adjustTime(seconds uint64) {
	e.t.Helper()
	require.NotNil(e.t, e.adjust, "this L1 cannot move time")
	require.NoError(e.t, e.adjust(time.Duration(seconds)*time.Second))
}

func call[T any](e *env, data []byte, unpack func([]byte) (T, error)) T {
	e.t.Helper()
	out, err := e.client.CallContract(context.Background(), ethereum.CallMsg{To: &e.addrs.ProofManager, Data: data}, nil)
	require.NoError(e.t, err)
	v, err := unpack(out)
	require.NoError(e.t, err)
	return v
}

// fakeProver "proves" an input by signing its hash with the network's key:
// fixed bytes per input, in the exec proof format. failures calls fail
// first.
type fakeProver struct {
	key      *ecdsa.PrivateKey
	calls    atomic.Int64
	failures atomic.Int64
}

func (p *fakeProver) Prove(_ context.Context, input []byte) ([]byte, error) {
	p.calls.Add(1)
	if p.failures.Add(-1) >= 0 {
		return nil, fmt.Errorf("fake prover failure")
	}
	return p.proof(input), nil
}

func (p *fakeProver) proof(input []byte) []byte {
	return exec.Sign(p.key, exec.Domain{}, crypto.Keccak256Hash(input))
}

// newAgent returns an agent for network reading from the deploy block, with
// its fake prover; edit changes the config first.
func (e *env) newAgent(network uint8, edit func(*Config)) (*Agent, *fakeProver) {
	e.t.Helper()
	cfg := Config{
		Network:      network,
		ProofManager: e.addrs.ProofManager,
		Price:        usdc(10),
		Capacity:     4,
		PollInterval: 20 * time.Millisecond,
		StartBlock:   e.addrs.DeployBlock,
		MaxBlockStep: 3, // several getLogs calls a round
		RetryBackoff: 10 * time.Millisecond,
		HTTPTimeout:  5 * time.Second,
		MaxInputSize: 1 << 20,
	}
	if edit != nil {
		edit(&cfg)
	}
	p := &fakeProver{key: e.keys[network]}
	// The agent's log goes to the test's output (shown on failure or with -v).
	log := slog.New(slog.NewTextHandler(e.t.Output(), &slog.HandlerOptions{Level: slog.LevelDebug}))
	a, err := New(cfg, e.client, e.keys[network], p, log)
	require.NoError(e.t, err)
	return a, p
}

// step runs one round of the agent, which must succeed.
func step(t testing.TB, a *Agent) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	require.NoError(t, a.Step(ctx))
}

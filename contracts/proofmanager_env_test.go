package contracts_test

import (
	"context"
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/node"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/deploy"
)

const (
	usdcUnit = deploy.USDC
	// pmChainID is the chain id of the proof requests in these tests.
	pmChainID = 4242
	// pmGasLimit is the gas limit of every ProofManager transaction the tests
	// send: they skip gas estimation so that a transaction meant to revert is
	// mined (in a block whose timestamp the test chose) and its revert is read
	// back by replaying it (see pmEnv.send).
	pmGasLimit = 5_000_000
	// ackWindow is ProofManager.ACKNOWLEDGEMENT_WINDOW, in seconds.
	ackWindow = 120
)

// falseTokenAddr holds, in every pmEnv, a contract that answers every call
// with a 32-byte zero word: as an ERC-20, a token whose transfer returns false.
var falseTokenAddr = common.HexToAddress("0x00000000000000000000000000000000000FA15E")

// falseTokenCode is PUSH1 0x20 PUSH1 0x00 RETURN: return 32 bytes of (zero) memory.
var falseTokenCode = common.FromHex("0x60206000f3")

func usdc(n int64) *big.Int { return new(big.Int).Mul(big.NewInt(n), big.NewInt(usdcUnit)) }

// pmEnv is a simulated L1 with the Proof Manager deployed by deploy.DeployProofManager,
// funded with TestUSDC, and a clock under the test's control: the chain's time
// runs ahead of the wall clock, so every block is exactly one second after its
// parent unless the test moves time forward (setNextBlockTime).
type pmEnv struct {
	t       testing.TB
	sim     *simulated.Backend
	backend autoMine

	admin, submitter, fermah, lagrange, stranger account

	addrs deploy.ProofManagerAddresses
	pm    *bindings.ProofManager
	pmC   *bind.BoundContract
	usdc  *bindings.TestUSDC
	usdcC *bind.BoundContract
}

// pmFund is what the tests' ProofManager holds at the start.
var pmFund = usdc(1_000_000)

func newPMEnv(t testing.TB, options ...func(*node.Config, *ethconfig.Config)) *pmEnv {
	t.Helper()
	e := &pmEnv{t: t}
	e.admin, e.submitter, e.fermah, e.lagrange, e.stranger = newAccount(t), newAccount(t), newAccount(t), newAccount(t), newAccount(t)
	alloc := types.GenesisAlloc{falseTokenAddr: {Code: falseTokenCode, Balance: new(big.Int)}}
	for _, a := range []account{e.admin, e.submitter, e.fermah, e.lagrange, e.stranger} {
		alloc[a.addr] = types.Account{Balance: ether(1_000_000)}
	}
	e.sim = simulated.NewBackend(alloc, options...)
	t.Cleanup(func() { _ = e.sim.Close() })
	e.backend = autoMine{Client: e.sim.Client(), sim: e.sim}
	// A year ahead of the wall clock: from now on each block is its parent + 1 s.
	require.NoError(t, e.sim.AdjustTime(365*24*time.Hour))

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	addrs, err := deploy.DeployProofManager(ctx, e.backend, e.opts(e.admin), deploy.ProofManagerParams{
		Submitter: e.submitter.addr,
		Fermah:    e.fermah.addr,
		Lagrange:  e.lagrange.addr,
		Fund:      pmFund,
	})
	require.NoError(t, err)
	e.addrs = addrs
	e.pm, e.usdc = bindings.NewProofManager(), bindings.NewTestUSDC()
	e.pmC = e.pm.Instance(e.backend, addrs.ProofManager)
	e.usdcC = e.usdc.Instance(e.backend, addrs.USDC)
	return e
}

func (e *pmEnv) opts(a account) *bind.TransactOpts {
	o := bind.NewKeyedTransactor(a.key, big.NewInt(simChainID))
	o.Context = context.Background()
	return o
}

// send sends calldata to the ProofManager from a, mined in the next block, and
// returns its receipt, or the revert (a JSON-RPC error with the revert data,
// as requireRevert wants it) when the transaction failed.
func (e *pmEnv) send(from account, calldata []byte) (*types.Receipt, error) {
	return e.sendTo(e.pmC, from, nil, calldata)
}

func (e *pmEnv) sendTo(c *bind.BoundContract, from account, value *big.Int, calldata []byte) (*types.Receipt, error) {
	o := e.opts(from)
	o.GasLimit = pmGasLimit
	o.Value = value
	tx, err := bind.Transact(c, o, calldata)
	if err != nil {
		return nil, err
	}
	r, err := e.backend.TransactionReceipt(context.Background(), tx.Hash())
	if err != nil {
		return nil, err
	}
	if r.Status == types.ReceiptStatusSuccessful {
		return r, nil
	}
	// The failed transaction changed nothing but the sender's nonce and
	// balance: replaying it on the state after its block, with that block's
	// timestamp, reverts the same way and returns the revert data.
	_, err = e.backend.CallContract(context.Background(), ethereum.CallMsg{
		From: from.addr, To: tx.To(), Data: calldata, Value: value, Gas: pmGasLimit,
	}, r.BlockNumber)
	if err == nil {
		return r, fmt.Errorf("transaction %s failed, but its replay did not revert", tx.Hash())
	}
	return r, err
}

func (e *pmEnv) mustSend(from account, calldata []byte) *types.Receipt {
	e.t.Helper()
	r, err := e.send(from, calldata)
	require.NoError(e.t, err)
	return r
}

// callAs runs calldata against the ProofManager as an eth_call from a at the
// head block (its timestamp and state); nil when it would succeed.
func (e *pmEnv) callAs(from account, calldata []byte) error {
	_, err := e.backend.CallContract(context.Background(), ethereum.CallMsg{
		From: from.addr, To: &e.addrs.ProofManager, Data: calldata, Gas: pmGasLimit,
	}, nil)
	return err
}

func (e *pmEnv) headTime() uint64 {
	h, err := e.backend.HeaderByNumber(context.Background(), nil)
	require.NoError(e.t, err)
	return h.Time
}

func (e *pmEnv) blockTime(r *types.Receipt) uint64 {
	h, err := e.backend.HeaderByNumber(context.Background(), r.BlockNumber)
	require.NoError(e.t, err)
	return h.Time
}

// setNextBlockTime makes the next transaction the test sends be mined in a
// block with timestamp ts.
func (e *pmEnv) setNextBlockTime(ts uint64) {
	e.t.Helper()
	head := e.headTime()
	require.Greater(e.t, ts, head, "cannot mine a block at %d after one at %d", ts, head)
	if ts-1 > head {
		// The pool drops the transactions of the block just committed on its
		// own loop, and AdjustTime refuses while it still lists them: retry
		// until it has caught up (it does within milliseconds).
		deadline := time.Now().Add(10 * time.Second)
		for {
			err := e.sim.AdjustTime(time.Duration(ts-1-head) * time.Second)
			if err == nil {
				break
			}
			require.Contains(e.t, err.Error(), "non-empty block")
			require.True(e.t, time.Now().Before(deadline), "txpool still lists mined transactions: %v", err)
			time.Sleep(time.Millisecond)
		}
	}
	require.Equal(e.t, ts-1, e.headTime())
}

func pmID(batch int64) bindings.ProofManagerProofRequestIdentifier {
	return bindings.ProofManagerProofRequestIdentifier{ChainId: big.NewInt(pmChainID), BatchNumber: big.NewInt(batch)}
}

// pmParams are a typical request's parameters: 1 h to prove, up to 100 USDC.
func pmParams(batch int64) bindings.ProofManagerProofRequestParams {
	return bindings.ProofManagerProofRequestParams{
		ProofInputsUrl: fmt.Sprintf("http://127.0.0.1:8547/proof-inputs/%d/%d", pmChainID, batch),
		ProtocolMajor:  0,
		ProtocolMinor:  1,
		ProtocolPatch:  2,
		TimeoutAfter:   big.NewInt(3600),
		MaxReward:      usdc(100),
	}
}

func (e *pmEnv) submit(batch int64, p bindings.ProofManagerProofRequestParams) (*types.Receipt, error) {
	return e.send(e.submitter, e.pm.PackSubmitProofRequest(pmID(batch), p))
}

func (e *pmEnv) mustSubmit(batch int64, p bindings.ProofManagerProofRequestParams) *types.Receipt {
	e.t.Helper()
	r, err := e.submit(batch, p)
	require.NoError(e.t, err)
	return r
}

// fillerBatch numbers the requests submitAssigned submits only to move the round robin on.
var fillerBatch int64 = 1_000_000

// submitAssigned submits request batch so that it is assigned to network:
// filler requests (batch numbers from 1,000,000) go first while the round
// robin points elsewhere. It returns the receipt of the request's submission.
func (e *pmEnv) submitAssigned(network uint8, batch int64, p bindings.ProofManagerProofRequestParams) *types.Receipt {
	e.t.Helper()
	preferred := call(e.t, e.pmC, e.pm.PackPreferredProvingNetwork(), e.pm.UnpackPreferredProvingNetwork)
	if network != preferred {
		require.Contains(e.t, []uint8{bindings.ProvingNetworkFermah, bindings.ProvingNetworkLagrange}, network)
	}
	for i := 0; i < 4; i++ {
		n := call(e.t, e.pmC, e.pm.PackRequestCounter(), e.pm.UnpackRequestCounter).Uint64()
		assignee := []uint8{bindings.ProvingNetworkFermah, bindings.ProvingNetworkLagrange, preferred, preferred}[n%4]
		if assignee == network {
			r := e.mustSubmit(batch, p)
			require.Equal(e.t, network, e.request(batch).AssignedTo)
			return r
		}
		fillerBatch++
		e.mustSubmit(fillerBatch, pmParams(fillerBatch))
	}
	e.t.Fatalf("round robin never reaches network %d", network)
	return nil
}

func (e *pmEnv) request(batch int64) bindings.ProofManagerProofRequest {
	e.t.Helper()
	return call(e.t, e.pmC, e.pm.PackProofRequest(big.NewInt(pmChainID), big.NewInt(batch)), e.pm.UnpackProofRequest)
}

func (e *pmEnv) requireStatus(batch int64, want uint8) {
	e.t.Helper()
	require.Equal(e.t, statusName(want), statusName(e.request(batch).Status), "status of request %d", batch)
}

func (e *pmEnv) network(n uint8) bindings.ProofManagerProvingNetworkInfo {
	e.t.Helper()
	return call(e.t, e.pmC, e.pm.PackProvingNetworkInfo(n), e.pm.UnpackProvingNetworkInfo)
}

func (e *pmEnv) usdcBalance(a common.Address) *big.Int {
	e.t.Helper()
	return call(e.t, e.usdcC, e.usdc.PackBalanceOf(a), e.usdc.UnpackBalanceOf)
}

func (e *pmEnv) ack(from account, batch int64, accept bool) (*types.Receipt, error) {
	return e.send(from, e.pm.PackAcknowledgeProofRequest(pmID(batch), accept))
}

func (e *pmEnv) prove(from account, batch int64, price *big.Int) (*types.Receipt, error) {
	return e.send(from, e.pm.PackSubmitProof(pmID(batch), pmProof(batch), price))
}

func (e *pmEnv) update(from account, batch int64, status uint8) (*types.Receipt, error) {
	return e.send(from, e.pm.PackUpdateProofRequestStatus(pmID(batch), status))
}

func (e *pmEnv) withdraw(from account) (*types.Receipt, error) {
	return e.send(from, e.pm.PackWithdraw())
}

// validated takes a request assigned to from (and Pending) through Committed
// and Proven (at price) to Validated.
func (e *pmEnv) validated(from account, batch int64, price *big.Int) {
	e.t.Helper()
	_, err := e.ack(from, batch, true)
	require.NoError(e.t, err)
	_, err = e.prove(from, batch, price)
	require.NoError(e.t, err)
	_, err = e.update(e.submitter, batch, bindings.ProofRequestStatusValidated)
	require.NoError(e.t, err)
}

// pmProof is a typical proof: an exec proof's 65-byte signature, made up.
func pmProof(batch int64) []byte {
	p := make([]byte, 65)
	for i := range p {
		p[i] = byte(int(batch) + i)
	}
	return p
}

type statusChange struct {
	Batch  int64
	Status string
}

// statusChanges decodes the ProofStatusChanged logs of r.
func (e *pmEnv) statusChanges(r *types.Receipt) []statusChange {
	e.t.Helper()
	var out []statusChange
	for _, l := range r.Logs {
		ev, err := e.pm.UnpackProofStatusChangedEvent(l)
		if err != nil {
			continue
		}
		require.Equal(e.t, int64(pmChainID), ev.ChainId.Int64())
		out = append(out, statusChange{ev.BatchNumber.Int64(), statusName(ev.Status)})
	}
	return out
}

// requireChanges requires r's ProofStatusChanged logs to be exactly want
// (batch, status) pairs, in order.
func (e *pmEnv) requireChanges(r *types.Receipt, want ...any) {
	e.t.Helper()
	var w []statusChange
	for i := 0; i < len(want); i += 2 {
		w = append(w, statusChange{int64(want[i].(int)), statusName(want[i+1].(uint8))})
	}
	require.Equal(e.t, w, e.statusChanges(r))
}

var statusNames = []string{"PendingAcknowledgement", "Committed", "Refused", "Unacknowledged",
	"Proven", "TimedOut", "Validated", "ValidationFailed", "Paid"}

func statusName(s uint8) string {
	if int(s) < len(statusNames) {
		return statusNames[s]
	}
	return fmt.Sprintf("status(%d)", s)
}

var networkNames = []string{"None", "Fermah", "Lagrange"}

// requireRevert is requireRevert for the ProofManager's errors.
func (e *pmEnv) requireRevert(err error, want any) {
	e.t.Helper()
	requireRevert(e.t, err, e.pm, want)
}

// pmDeployWithToken deploys another ProofManager (same roles) paying in token,
// unfunded.
func pmDeployWithToken(e *pmEnv, token common.Address) (deploy.ProofManagerAddresses, error) {
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	return deploy.DeployProofManager(ctx, e.backend, e.opts(e.admin), deploy.ProofManagerParams{
		Submitter: e.submitter.addr,
		Fermah:    e.fermah.addr,
		Lagrange:  e.lagrange.addr,
		USDC:      token,
	})
}

// requireSame requires want and got to print the same with %+v: fmt prints a
// *big.Int by value, and a decoded zero is not require.Equal to big.NewInt(0).
func requireSame(t testing.TB, want, got any) {
	t.Helper()
	require.Equal(t, fmt.Sprintf("%T%+v", want, want), fmt.Sprintf("%T%+v", got, got))
}

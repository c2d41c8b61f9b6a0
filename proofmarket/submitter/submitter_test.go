package submitter

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"sync"
	"testing"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"
)

// fakeMarket is the Proof Manager's request table and an L1 head, for the
// submitter's reads (L1) and transactions (Sender).
type fakeMarket struct {
	t    *testing.T
	abi  *bindings.ProofManager
	mu   sync.Mutex
	reqs map[uint64]*bindings.ProofManagerProofRequest
	head uint64
	now  uint64

	submits, updates, refusals int
	refuseAll                  bool
	submitter                  common.Address
}

func newFakeMarket(t *testing.T) *fakeMarket {
	return &fakeMarket{t: t, abi: bindings.NewProofManager(), reqs: map[uint64]*bindings.ProofManagerProofRequest{}, head: 100, now: 1_000}
}

// revertError is a call reverted with data, as geth's RPC client returns it.
type revertError struct{ data string }

func (e revertError) Error() string          { return "execution reverted" }
func (e revertError) ErrorData() interface{} { return e.data }

func (m *fakeMarket) CallContract(_ context.Context, msg ethereum.CallMsg, _ *big.Int) ([]byte, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a := m.abi.GetABI()
	method, err := a.MethodById(msg.Data[:4])
	require.NoError(m.t, err)
	if method.Name == "submitter" {
		return method.Outputs.Pack(m.submitter)
	}
	require.Equal(m.t, "proofRequest", method.Name)
	args, err := method.Inputs.Unpack(msg.Data[4:])
	require.NoError(m.t, err)
	r := m.reqs[args[1].(*big.Int).Uint64()]
	if r == nil {
		id := bindings.ProofManagerProofRequestNotFoundErrorID()
		return nil, revertError{hexutil.Encode(id[:4])}
	}
	return method.Outputs.Pack(*r)
}

func (m *fakeMarket) FilterLogs(context.Context, ethereum.FilterQuery) ([]types.Log, error) {
	return nil, nil
}

func (m *fakeMarket) HeaderByNumber(context.Context, *big.Int) (*types.Header, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return &types.Header{Number: new(big.Int).SetUint64(m.head), Time: m.now}, nil
}

func (m *fakeMarket) Send(_ context.Context, what string, _ common.Address, data []byte) (*types.Receipt, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	a := m.abi.GetABI()
	method, err := a.MethodById(data[:4])
	require.NoError(m.t, err)
	args, err := method.Inputs.Unpack(data[4:])
	require.NoError(m.t, err)
	batch := func(v any) uint64 {
		id := v.(struct {
			ChainId     *big.Int `json:"chainId"`
			BatchNumber *big.Int `json:"batchNumber"`
		})
		return id.BatchNumber.Uint64()
	}
	switch method.Name {
	case "submitProofRequest":
		n := batch(args[0])
		require.Nil(m.t, m.reqs[n], "request %d submitted twice", n)
		m.reqs[n] = &bindings.ProofManagerProofRequest{Exists: true, Status: bindings.ProofRequestStatusPendingAcknowledgement,
			AssignedTo: bindings.ProvingNetworkFermah, SubmittedAt: m.now, TimeoutAfter: big.NewInt(600), MaxReward: big.NewInt(100),
			Price: new(big.Int), Proof: []byte{}}
		m.submits++
	case "updateProofRequestStatus":
		r := m.reqs[batch(args[0])]
		if r == nil || m.refuseAll || m.refusing(r, args[1].(uint8)) {
			m.refusals++
			return nil, fmt.Errorf("%s: L1 transaction reverted", what)
		}
		r.Status = args[1].(uint8)
		m.updates++
	default:
		m.t.Fatalf("unexpected transaction %s", method.Name)
	}
	return &types.Receipt{Status: types.ReceiptStatusSuccessful}, nil
}

// refusing: the contract takes Unacknowledged only after the window.
func (m *fakeMarket) refusing(r *bindings.ProofManagerProofRequest, to uint8) bool {
	return to == bindings.ProofRequestStatusUnacknowledged && m.now <= r.SubmittedAt+ackWindow
}

type fakeRollup struct{ committed, verified uint64 }

func (r *fakeRollup) LastCommitted(context.Context) (uint64, error) { return r.committed, nil }
func (r *fakeRollup) LastVerified(context.Context) (uint64, error)  { return r.verified, nil }

type noVerifier struct{}

func (noVerifier) VerifyProof(context.Context, uint64, uint8, []byte) error {
	return errors.New("no proof expected")
}

func newTestSubmitter(t *testing.T, m *fakeMarket, r *fakeRollup, st *store.Store) *Submitter {
	return New(Config{L2ChainID: 7, InputsURL: "http://inputs", TimeoutAfter: 600, MaxReward: big.NewInt(100), StartBlock: 1},
		m, m, r, noVerifier{}, st, slog.New(slog.DiscardHandler))
}

// submitted is a submitter on an in-memory store that has submitted the
// requests of batches 1..committed.
func submitted(t *testing.T, committed uint64) (*fakeMarket, *fakeRollup, *store.Store, *Submitter) {
	t.Helper()
	m, rollup := newFakeMarket(t), &fakeRollup{committed: committed}
	st, err := store.Open("")
	require.NoError(t, err)
	t.Cleanup(func() { _ = st.Close() })
	s := newTestSubmitter(t, m, rollup, st)
	_, err = s.Step(context.Background())
	require.NoError(t, err)
	return m, rollup, st, s
}

func stored(t *testing.T, st *store.Store, n uint64) store.MarketRequest {
	t.Helper()
	mr, err := st.MarketRequest(n)
	require.NoError(t, err)
	return *mr
}

// A request the L1 no longer has (a reorg, or an embedded L1 that lost its
// last blocks in a crash) is submitted again, by the running submitter and
// by one started on the same store; the requests L1 kept are not.
func TestRequestDroppedByAnL1ReorgIsSubmittedAgain(t *testing.T) {
	ctx := context.Background()
	m, rollup, st, s := submitted(t, 3)
	require.Equal(t, 3, m.submits)
	m.mu.Lock()
	m.reqs[1].Status = bindings.ProofRequestStatusCommitted // the network acknowledged 1 and 2
	m.reqs[2].Status = bindings.ProofRequestStatusCommitted
	// The L1 goes back below the blocks the submitter read; 2 and 3 were
	// submitted in the blocks it lost.
	delete(m.reqs, 2)
	delete(m.reqs, 3)
	m.head = 40
	m.mu.Unlock()

	_, err := s.Step(ctx)
	require.NoError(t, err)
	_, err = s.Step(ctx)
	require.NoError(t, err)
	require.Equal(t, 5, m.submits, "2 and 3 submitted again, 1 not")
	require.Equal(t, bindings.ProofRequestStatusCommitted, stored(t, st, 1).Status)
	require.Equal(t, bindings.ProofRequestStatusPendingAcknowledgement, stored(t, st, 2).Status)
	_, next, err := st.MarketCursor()
	require.NoError(t, err)
	require.Equal(t, uint64(4), next)

	// A node restarted after the L1 lost request 3 again: the new
	// submitter finds it on its first step.
	m.mu.Lock()
	delete(m.reqs, 3)
	m.mu.Unlock()
	restarted := newTestSubmitter(t, m, rollup, st)
	_, err = restarted.Step(ctx)
	require.NoError(t, err)
	_, err = restarted.Step(ctx)
	require.NoError(t, err)
	require.Equal(t, 6, m.submits)
	m.mu.Lock()
	require.NotNil(t, m.reqs[3])
	m.mu.Unlock()
}

// An update the contract refuses, with nothing changed on L1, is tried at
// the next check: the step reports no progress, so that it is not run again
// at once (a refused transition used to be retried in a tight loop).
func TestRefusedUpdateIsNotRetriedAtOnce(t *testing.T) {
	ctx := context.Background()
	m, _, st, s := submitted(t, 1)
	m.mu.Lock()
	m.now += ackWindow + 1 // the network did not acknowledge in time
	m.refuseAll = true
	m.mu.Unlock()

	for range 3 {
		progressed, err := s.Step(ctx)
		require.NoError(t, err)
		require.False(t, progressed)
	}
	require.Equal(t, 3, m.refusals, "one attempt per step")
	require.Equal(t, bindings.ProofRequestStatusPendingAcknowledgement, stored(t, st, 1).Status)

	m.mu.Lock()
	m.refuseAll = false
	m.mu.Unlock()
	progressed, err := s.Step(ctx)
	require.NoError(t, err)
	require.True(t, progressed)
	require.Equal(t, bindings.ProofRequestStatusUnacknowledged, stored(t, st, 1).Status)
	require.True(t, stored(t, st, 1).Fallback, "the internal prover takes the batch")
}

// A node whose sending key is not the contract's submitter is told so at
// start, with both addresses.
func TestSubmitterOtherThanTheSendingKeyIsReported(t *testing.T) {
	m := newFakeMarket(t)
	m.submitter = common.HexToAddress("0x5")
	st, err := store.Open("")
	require.NoError(t, err)
	defer st.Close()
	var buf bytes.Buffer
	s := New(Config{L2ChainID: 7, From: common.HexToAddress("0x6")}, m, m, &fakeRollup{}, noVerifier{}, st,
		slog.New(slog.NewTextHandler(&buf, nil)))
	require.False(t, s.checkSubmitter(context.Background()))
	require.Contains(t, buf.String(), "submitter=0x0000000000000000000000000000000000000005")
	require.Contains(t, buf.String(), "from=0x0000000000000000000000000000000000000006")
	m.submitter = s.cfg.From
	require.True(t, s.checkSubmitter(context.Background()))
}

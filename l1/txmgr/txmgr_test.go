package txmgr

import (
	"context"
	"log/slog"
	"math/big"
	"sync"
	"testing"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient/simulated"
	"github.com/ethereum/go-ethereum/params"
	"github.com/stretchr/testify/require"
)

// recorder passes everything through to the simulated chain and remembers
// what was sent.
type recorder struct {
	simulated.Client
	mu   sync.Mutex
	sent []*types.Transaction
}

func (r *recorder) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	err := r.Client.SendTransaction(ctx, tx)
	if err == nil {
		r.mu.Lock()
		r.sent = append(r.sent, tx)
		r.mu.Unlock()
	}
	return err
}

func (r *recorder) sends() []*types.Transaction {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]*types.Transaction(nil), r.sent...)
}

var reverter = common.HexToAddress("0xdead")

func setup(t *testing.T, cfg Config) (*simulated.Backend, *recorder, *Manager) {
	t.Helper()
	key, _ := crypto.GenerateKey()
	from := crypto.PubkeyToAddress(key.PublicKey)
	sim := simulated.NewBackend(types.GenesisAlloc{
		from:     {Balance: new(big.Int).Mul(big.NewInt(100), big.NewInt(params.Ether))},
		reverter: {Code: []byte{0x60, 0x00, 0x60, 0x00, 0xfd}}, // PUSH1 0 PUSH1 0 REVERT
	})
	t.Cleanup(func() { _ = sim.Close() })
	rec := &recorder{Client: sim.Client()}
	m, err := New(context.Background(), cfg, rec, key, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	return sim, rec, m
}

type sendResult struct {
	r   *types.Receipt
	err error
}

func sendAsync(m *Manager, to common.Address) chan sendResult {
	ch := make(chan sendResult, 1)
	go func() {
		r, err := m.Send(context.Background(), "test", to, nil)
		ch <- sendResult{r, err}
	}()
	return ch
}

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func TestSendWaitsForTheReceipt(t *testing.T) {
	sim, rec, m := setup(t, Config{PollInterval: time.Millisecond, ResubmitAfter: time.Hour})
	ch := sendAsync(m, common.HexToAddress("0x1"))
	waitFor(t, "the send", func() bool { return len(rec.sends()) == 1 })
	sim.Commit()
	res := <-ch
	require.NoError(t, res.err)
	require.Equal(t, rec.sends()[0].Hash(), res.r.TxHash)
	require.Equal(t, types.ReceiptStatusSuccessful, res.r.Status)
}

func TestStuckTransactionGetsBumpedFees(t *testing.T) {
	sim, rec, m := setup(t, Config{PollInterval: time.Millisecond, ResubmitAfter: 20 * time.Millisecond, FeeBumpPercent: 10})
	ch := sendAsync(m, common.HexToAddress("0x1"))
	waitFor(t, "a replacement", func() bool { return len(rec.sends()) >= 2 })
	sim.Commit()
	res := <-ch
	require.NoError(t, res.err)
	sends := rec.sends()
	first, second := sends[0], sends[1]
	require.Equal(t, first.Nonce(), second.Nonce())
	// 10% up, rounded up, on both fees.
	want := new(big.Int).Div(new(big.Int).Add(new(big.Int).Mul(first.GasTipCap(), big.NewInt(110)), big.NewInt(99)), big.NewInt(100))
	require.Equal(t, want, second.GasTipCap())
	require.Greater(t, second.GasFeeCap().Cmp(first.GasFeeCap()), 0)
	// The mined transaction is one of ours, and it succeeded.
	var ours bool
	for _, tx := range sends {
		ours = ours || tx.Hash() == res.r.TxHash
	}
	require.True(t, ours)
}

func TestRevertIsRefusedBeforeSending(t *testing.T) {
	_, rec, m := setup(t, Config{PollInterval: time.Millisecond})
	_, err := m.Send(context.Background(), "doomed", reverter, nil)
	require.ErrorIs(t, err, ErrReverted)
	require.ErrorContains(t, err, "doomed")
	require.Empty(t, rec.sends())
}

func TestTransactionLeftByAnEarlierRunIsReplaced(t *testing.T) {
	sim, rec, m := setup(t, Config{PollInterval: time.Millisecond, ResubmitAfter: time.Hour})
	// An earlier run left nonce 0 in the pool with the fees it would pick now.
	ctx := context.Background()
	f, err := m.fees(ctx, false)
	require.NoError(t, err)
	to := common.HexToAddress("0x2")
	old := types.MustSignNewTx(m.key, m.signer, &types.DynamicFeeTx{ChainID: m.chainID, Nonce: 0,
		GasTipCap: f.tip, GasFeeCap: f.feeCap, Gas: 21000, To: &to})
	require.NoError(t, rec.Client.SendTransaction(ctx, old))

	ch := sendAsync(m, common.HexToAddress("0x1"))
	waitFor(t, "the replacement", func() bool { return len(rec.sends()) == 1 })
	sim.Commit()
	res := <-ch
	require.NoError(t, res.err)
	require.Equal(t, rec.sends()[0].Hash(), res.r.TxHash)
	_, err = sim.Client().TransactionReceipt(ctx, old.Hash())
	require.Error(t, err, "the stale transaction was replaced, never mined")
}

func TestFeeCapLimitStopsBumping(t *testing.T) {
	_, _, m := setup(t, Config{PollInterval: time.Millisecond, ResubmitAfter: time.Millisecond,
		MaxFeePerGas: big.NewInt(params.GWei * 3)})
	_, err := m.Send(context.Background(), "capped", common.HexToAddress("0x1"), nil)
	require.ErrorContains(t, err, "l1.max_fee_gwei")
}

// preLondon is an L1 whose headers carry no base fee.
type preLondon struct{ *recorder }

func (p preLondon) HeaderByNumber(ctx context.Context, n *big.Int) (*types.Header, error) {
	h, err := p.recorder.HeaderByNumber(ctx, n)
	if err != nil {
		return nil, err
	}
	h = types.CopyHeader(h)
	h.BaseFee = nil
	return h, nil
}

func TestL1WithoutBaseFeeIsAClearError(t *testing.T) {
	_, rec, m := setup(t, Config{PollInterval: time.Millisecond})
	m.client = preLondon{rec}
	_, err := m.Send(context.Background(), "commit batch 1", common.HexToAddress("0x1"), nil)
	require.ErrorIs(t, err, ErrNoBaseFee)
	require.ErrorContains(t, err, "commit batch 1")
	require.Empty(t, rec.sends(), "nothing sent")
}

// slowIndex serves no receipt until `hidden` more lookups were made after
// the chain refused a send as nonce too low: geth serves a mined
// transaction's receipt only once it indexed the block.
type slowIndex struct {
	*recorder
	mu     sync.Mutex
	hidden int // lookups still answered "not found" (-1: until refusal)
	after  int
}

func (s *slowIndex) SendTransaction(ctx context.Context, tx *types.Transaction) error {
	err := s.recorder.SendTransaction(ctx, tx)
	if err != nil && isNonceTooLow(err) {
		s.mu.Lock()
		if s.hidden < 0 {
			s.hidden = s.after
		}
		s.mu.Unlock()
	}
	return err
}

func (s *slowIndex) TransactionReceipt(ctx context.Context, h common.Hash) (*types.Receipt, error) {
	s.mu.Lock()
	hide := s.hidden != 0
	if s.hidden > 0 {
		s.hidden--
	}
	s.mu.Unlock()
	if hide {
		return nil, ethereum.NotFound
	}
	return s.recorder.TransactionReceipt(ctx, h)
}

// A send whose first transaction was mined while its replacement went out
// finds the first one's receipt, even when it is served a little late; a
// nonce nobody of ours used is a clear error.
func TestNonceTakenByOurMinedTransaction(t *testing.T) {
	for _, tc := range []struct {
		name  string
		after int // lookups hidden after the refusal; -2: never served
		err   string
	}{
		{name: "receipt served late", after: 3},
		{name: "receipt never served", after: -2, err: "was used by another transaction"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			key, _ := crypto.GenerateKey()
			from := crypto.PubkeyToAddress(key.PublicKey)
			sim := simulated.NewBackend(types.GenesisAlloc{from: {Balance: new(big.Int).Mul(big.NewInt(100), big.NewInt(params.Ether))}})
			t.Cleanup(func() { _ = sim.Close() })
			rec := &recorder{Client: sim.Client()}
			cl := &slowIndex{recorder: rec, hidden: -1, after: tc.after}
			m, err := New(context.Background(), Config{PollInterval: time.Millisecond, ResubmitAfter: 50 * time.Millisecond}, cl, key, slog.New(slog.DiscardHandler))
			require.NoError(t, err)
			ch := sendAsync(m, common.HexToAddress("0x1"))
			waitFor(t, "the send", func() bool { return len(rec.sends()) == 1 })
			cl.mu.Lock()
			cl.hidden = -1 // mined but not yet indexed: no receipt until the replacement is refused
			cl.mu.Unlock()
			sim.Commit()
			res := <-ch
			if tc.err != "" {
				require.ErrorContains(t, res.err, tc.err)
				return
			}
			require.NoError(t, res.err)
			require.Equal(t, rec.sends()[0].Hash(), res.r.TxHash)
		})
	}
}

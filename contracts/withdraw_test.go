package contracts_test

import (
	"context"
	"math/big"
	"testing"

	"github.com/cairn-rollup/cairn/rollup"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/contracts"
	"github.com/cairn-rollup/cairn/l1/bindings"
)

// withdrawalBatch commits (and does not verify) a batch whose withdrawals root
// covers ws, and returns its header and each withdrawal's proof.
func (e *env) withdrawalBatch(ws []withdrawal) (header, [][][32]byte) {
	e.t.Helper()
	leaves := make([]common.Hash, len(ws))
	for i, w := range ws {
		leaves[i] = withdrawalLeaf(w)
	}
	root, proofs := merkleTree(leaves)
	h := e.next()
	h.WithdrawalsRoot, h.WithdrawalsCount = root, uint64(len(ws))
	e.mustCommit(h, nil)
	return h, proofs
}

func (e *env) claim(from account, batch uint64, w withdrawal, proof [][32]byte) (*types.Receipt, error) {
	return e.send(e.bridgeC, from, nil, e.bridge.PackClaimWithdrawal(batch, new(big.Int).SetUint64(w.id), w.from, w.to, w.amount, proof))
}

func TestClaimWithdrawal(t *testing.T) {
	e := newEnv(t)
	b := e.bridge
	e.deposit(e.user, e.user.addr, ether(100))

	alice, bob := common.HexToAddress("0xa11ce"), common.HexToAddress("0xb0b")
	ws := []withdrawal{
		{id: 1, from: e.user.addr, to: alice, amount: new(big.Int).Div(ether(1), big.NewInt(2))},
		{id: 2, from: e.stranger.addr, to: bob, amount: ether(3)},
		{id: 3, from: e.user.addr, to: bob, amount: big.NewInt(12345)}, // any wei amount
	}
	h, proofs := e.withdrawalBatch(ws)

	// The contract's leaf is the one docs/protocols/batch-data.md gives.
	w0 := ws[0]
	require.Equal(t, withdrawalLeaf(w0), common.Hash(call(t, e.bridgeC,
		b.PackWithdrawalLeaf(big.NewInt(1), w0.from, w0.to, w0.amount), b.UnpackWithdrawalLeaf)))

	// Before verification.
	_, err := e.claim(e.stranger, 1, w0, proofs[0])
	requireRevert(t, err, b, &bindings.BridgeBatchNotVerified{BatchNumber: 1, LastVerifiedBatch: 0})
	e.mustVerify(h)
	_, err = e.claim(e.stranger, 2, w0, proofs[0])
	requireRevert(t, err, b, &bindings.BridgeBatchNotVerified{BatchNumber: 2, LastVerifiedBatch: 1})
	_, err = e.claim(e.stranger, 0, w0, proofs[0])
	requireRevert(t, err, b, &bindings.BridgeBatchNotVerified{BatchNumber: 0, LastVerifiedBatch: 1})

	// Wrong proofs: any field changed, another withdrawal's proof, a truncated proof.
	wrong := []struct {
		name  string
		w     withdrawal
		proof [][32]byte
	}{
		{"amount", withdrawal{id: 1, from: w0.from, to: w0.to, amount: ether(1)}, proofs[0]},
		{"recipient", withdrawal{id: 1, from: w0.from, to: bob, amount: w0.amount}, proofs[0]},
		{"sender", withdrawal{id: 1, from: e.stranger.addr, to: w0.to, amount: w0.amount}, proofs[0]},
		{"id", withdrawal{id: 4, from: w0.from, to: w0.to, amount: w0.amount}, proofs[0]},
		{"proof of another withdrawal", w0, proofs[1]},
		{"truncated proof", w0, proofs[0][:1]},
		{"no proof", w0, nil},
	}
	for _, c := range wrong {
		t.Run(c.name, func(t *testing.T) {
			_, err := e.claim(e.stranger, 1, c.w, c.proof)
			requireRevert(t, err, b, &bindings.BridgeInvalidWithdrawalProof{BatchNumber: 1, WithdrawalId: new(big.Int).SetUint64(c.w.id)})
		})
	}

	// Anyone may claim; the recipient gets exactly the amount.
	for i, w := range ws {
		before, bridgeBefore := e.balance(w.to), e.balance(e.addrs.Bridge)
		r, err := e.claim(e.stranger, 1, w, proofs[i])
		require.NoError(t, err)
		require.Zero(t, new(big.Int).Add(before, w.amount).Cmp(e.balance(w.to)), "withdrawal %d", w.id)
		require.Zero(t, new(big.Int).Sub(bridgeBefore, w.amount).Cmp(e.balance(e.addrs.Bridge)))
		ev, err := b.UnpackWithdrawalClaimedEvent(r.Logs[0])
		require.NoError(t, err)
		require.Equal(t, w.id, ev.WithdrawalId.Uint64())
		require.Equal(t, uint64(1), ev.BatchNumber)
		require.Equal(t, w.to, ev.L1Recipient)
		require.Equal(t, w.from, ev.From)
		require.Zero(t, w.amount.Cmp(ev.Amount))
		require.True(t, call(t, e.bridgeC, b.PackWithdrawalClaimed(new(big.Int).SetUint64(w.id)), b.UnpackWithdrawalClaimed))

		// A second claim of the same id reverts.
		_, err = e.claim(e.user, 1, w, proofs[i])
		requireRevert(t, err, b, &bindings.BridgeWithdrawalAlreadyClaimed{WithdrawalId: new(big.Int).SetUint64(w.id)})
	}

	// A batch with one withdrawal: the root is the leaf and the proof is empty.
	single := withdrawal{id: 4, from: e.user.addr, to: alice, amount: gwei(1)}
	h2, proofs2 := e.withdrawalBatch([]withdrawal{single})
	require.Empty(t, proofs2[0])
	require.Equal(t, withdrawalLeaf(single), common.Hash(h2.WithdrawalsRoot))
	e.mustVerify(h2)
	before := e.balance(alice)
	_, err = e.claim(e.user, 2, single, nil)
	require.NoError(t, err)
	require.Zero(t, new(big.Int).Add(before, gwei(1)).Cmp(e.balance(alice)))
	// Proving a batch-1 withdrawal against batch 2 fails (a different root).
	_, err = e.claim(e.user, 2, withdrawal{id: 5, from: e.user.addr, to: alice, amount: gwei(1)}, nil)
	requireRevert(t, err, b, &bindings.BridgeInvalidWithdrawalProof{BatchNumber: 2, WithdrawalId: big.NewInt(5)})
}

func TestClaimWithdrawalPaymentFailure(t *testing.T) {
	e := newEnv(t)
	e.deposit(e.user, e.user.addr, ether(10))
	// A recipient that refuses ETH: an L2Bridge deployed on L1 has no receive function.
	rejecter := e.deployL2BridgeOnL1()
	w := withdrawal{id: 1, from: e.user.addr, to: rejecter, amount: ether(1)}
	h, proofs := e.withdrawalBatch([]withdrawal{w})
	e.mustVerify(h)
	_, err := e.claim(e.user, 1, w, proofs[0])
	requireRevert(t, err, e.bridge, &bindings.BridgePaymentFailed{L1Recipient: rejecter, Amount: ether(1)})
	require.False(t, call(t, e.bridgeC, e.bridge.PackWithdrawalClaimed(big.NewInt(1)), e.bridge.UnpackWithdrawalClaimed))

	// More than the bridge holds cannot be paid either.
	w2 := withdrawal{id: 2, from: e.user.addr, to: e.user.addr, amount: ether(11)}
	h2, proofs2 := e.withdrawalBatch([]withdrawal{w2})
	e.mustVerify(h2)
	_, err = e.claim(e.user, 2, w2, proofs2[0])
	requireRevert(t, err, e.bridge, &bindings.BridgePaymentFailed{L1Recipient: e.user.addr, Amount: ether(11)})
}

func (e *env) deployL2BridgeOnL1() common.Address {
	e.t.Helper()
	addr, _, err := bindDeploy(e, bindings.L2BridgeMetaData.Bin, nil)
	require.NoError(e.t, err)
	return addr
}

func TestL2BridgePredeploy(t *testing.T) {
	_, backend, user := newL2BridgeEnv(t)
	l2 := bindings.NewL2Bridge()
	c := l2.Instance(backend, rollup.L2BridgeAddress)
	e := &env{t: t, backend: backend}
	code, err := backend.CodeAt(context.Background(), rollup.L2BridgeAddress, nil)
	require.NoError(t, err)
	require.NotEmpty(t, code)
	require.Zero(t, call(t, c, l2.PackLastWithdrawalId(), l2.UnpackLastWithdrawalId).Sign())

	_, err = e.send(c, user, nil, l2.PackWithdraw(user.addr))
	requireRevert(t, err, l2, &bindings.L2BridgeZeroWithdrawal{})

	l1Recipient := common.HexToAddress("0x1111")
	amounts := []*big.Int{new(big.Int).Div(ether(1), big.NewInt(2)), big.NewInt(1), ether(2)}
	total := new(big.Int)
	for i, a := range amounts {
		r := e.mustSend(c, user, a, l2.PackWithdraw(l1Recipient))
		require.Len(t, r.Logs, 1)
		ev, err := l2.UnpackWithdrawalInitiatedEvent(r.Logs[0])
		require.NoError(t, err)
		require.Equal(t, uint64(i+1), ev.WithdrawalId.Uint64())
		require.Equal(t, user.addr, ev.From)
		require.Equal(t, l1Recipient, ev.L1Recipient)
		require.Zero(t, a.Cmp(ev.Amount))
		total.Add(total, a)
	}
	require.Equal(t, uint64(3), call(t, c, l2.PackLastWithdrawalId(), l2.UnpackLastWithdrawalId).Uint64())
	// The value stays locked in the predeploy.
	bal, err := backend.BalanceAt(context.Background(), rollup.L2BridgeAddress, nil)
	require.NoError(t, err)
	require.Zero(t, total.Cmp(bal))
}

func TestL2BridgeRuntimeCodeMatchesArtifact(t *testing.T) {
	// The embedded runtime code is what a deployment of the creation code leaves on chain.
	e := newEnv(t)
	addr := e.deployL2BridgeOnL1()
	code, err := e.backend.CodeAt(context.Background(), addr, nil)
	require.NoError(t, err)
	require.Equal(t, contracts.L2BridgeRuntimeCode(), code)
}

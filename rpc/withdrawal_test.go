package rpc

import (
	"context"
	"errors"
	"fmt"
	"math/big"
	"testing"

	"github.com/cairn-rollup/cairn/l1/bridgeview"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	gethrpc "github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"
)

// chainFake holds transactions and their logs.
type chainFake map[common.Hash][]*types.Log

func (c chainFake) TxLogs(tx common.Hash) ([]*types.Log, bool) { logs, ok := c[tx]; return logs, ok }
func (chainFake) BlockByHash(common.Hash) *types.Block         { return nil }
func (chainFake) SafeAndFinalized() (uint64, uint64)           { return 0, 0 }

func withdrawalLog(w rollup.Withdrawal) *types.Log {
	return &types.Log{Address: rollup.L2BridgeAddress, TxHash: w.TxHash, Data: common.BigToHash(w.Amount).Bytes(),
		Topics: []common.Hash{rollup.WithdrawalInitiatedTopic, common.BigToHash(new(big.Int).SetUint64(w.ID)),
			common.BytesToHash(w.From[:]), common.BytesToHash(w.L1Recipient[:])}}
}

// testChain holds the transactions of the sealed withdrawals ws, 0x78 (no
// withdrawal) and 0x79 (withdrawal 4, in no sealed batch).
func testChain(ws []rollup.Withdrawal) chainFake {
	c := chainFake{common.HexToHash("0x78"): {{Address: common.HexToAddress("0x5")}}}
	pending := rollup.Withdrawal{ID: 4, From: common.HexToAddress("0x3"), L1Recipient: common.HexToAddress("0xd"), Amount: big.NewInt(8),
		TxHash: common.HexToHash("0x79")}
	for _, w := range append(ws, pending) {
		c[w.TxHash] = append(c[w.TxHash], withdrawalLog(w))
	}
	return c
}

type bridgeFake struct {
	claimed map[uint64]bool
	err     error // eth_getLogs fails
	// Deposits: the Bridge's last deposit id, its events (by id) and the
	// deposits of L1 transactions.
	lastDeposit uint64
	deposits    map[uint64]*rollup.Deposit
	eventErr    error // eth_getLogs of deposit events fails
	txs         map[common.Hash][]rollup.Deposit
}

func (b *bridgeFake) LastDepositID(context.Context) (uint64, error) { return b.lastDeposit, b.err }
func (b *bridgeFake) Deposit(_ context.Context, id uint64) (*rollup.Deposit, error) {
	if b.eventErr != nil {
		return nil, b.eventErr
	}
	return b.deposits[id], b.err
}
func (b *bridgeFake) DepositsOfTx(_ context.Context, tx common.Hash) ([]rollup.Deposit, error) {
	if b.err != nil {
		return nil, b.err
	}
	ds, ok := b.txs[tx]
	if !ok {
		return nil, fmt.Errorf("%w %s", bridgeview.ErrNoTx, tx)
	}
	return ds, nil
}

func (b *bridgeFake) Claimed(_ context.Context, id uint64) (bool, error) { return b.claimed[id], nil }
func (b *bridgeFake) CommitTx(_ context.Context, n uint64) (common.Hash, error) {
	return common.BigToHash(new(big.Int).SetUint64(0xc00 + n)), b.err
}
func (b *bridgeFake) VerifyTx(_ context.Context, n uint64) (common.Hash, error) {
	return common.BigToHash(new(big.Int).SetUint64(0xf00 + n)), b.err
}
func (b *bridgeFake) ClaimTx(_ context.Context, id uint64) (common.Hash, error) {
	return common.BigToHash(new(big.Int).SetUint64(0xa00 + id)), b.err
}

func hashPtr(n int64) *common.Hash { h := common.BigToHash(big.NewInt(n)); return &h }

func statuses(t *testing.T, api *API, tx string) []WithdrawalStatus {
	t.Helper()
	s, err := api.GetWithdrawalStatus(context.Background(), common.HexToHash(tx))
	require.NoError(t, err)
	return s
}

// Withdrawals 2 and 3 of tx 0x77 are in batch 2; 4 of tx 0x79 is in no
// sealed batch.
func TestWithdrawalStatusGoesPendingCommittedClaimableClaimed(t *testing.T) {
	api, _, fake := setupL1(t)
	bridge := api.bridge.(*bridgeFake)

	fake.committed, fake.verified = 1, 1 // batch 2 sealed, not committed
	s := statuses(t, api, "0x77")
	require.Len(t, s, 2)
	require.Equal(t, WithdrawalStatus{Index: 1, WithdrawalID: 3, From: common.HexToAddress("0x2"), L1Recipient: common.HexToAddress("0xc"),
		Amount: s[1].Amount, Status: WithdrawalPending, BatchNumber: u64(2)}, s[1])
	require.Equal(t, big.NewInt(7), s[1].Amount.ToInt())
	require.Equal(t, WithdrawalPending, s[0].Status)

	pending := statuses(t, api, "0x79")
	require.Len(t, pending, 1)
	require.Equal(t, WithdrawalPending, pending[0].Status)
	require.Nil(t, pending[0].BatchNumber, "not sealed")

	fake.committed = 2
	s = statuses(t, api, "0x77")
	require.Equal(t, WithdrawalCommitted, s[0].Status)
	require.Equal(t, hashPtr(0xc02), s[0].CommitTx)
	require.Nil(t, s[0].VerifyTx)

	fake.verified = 2
	s = statuses(t, api, "0x77")
	require.Equal(t, WithdrawalClaimable, s[0].Status)
	require.Equal(t, hashPtr(0xf02), s[0].VerifyTx)
	require.Nil(t, s[0].ClaimTx)

	bridge.claimed = map[uint64]bool{3: true}
	s = statuses(t, api, "0x77")
	require.Equal(t, WithdrawalClaimable, s[0].Status, "withdrawal 2 is not claimed")
	require.Equal(t, WithdrawalClaimed, s[1].Status)
	require.Equal(t, hashPtr(0xa03), s[1].ClaimTx)
	require.Equal(t, hashPtr(0xc02), s[1].CommitTx)

	// The L1 transactions are a courtesy: without eth_getLogs, the statuses stay.
	bridge.err = errors.New("query returned more than 10000 results")
	s = statuses(t, api, "0x77")
	require.Equal(t, WithdrawalClaimed, s[1].Status)
	require.Nil(t, s[1].CommitTx)
	require.Nil(t, s[1].ClaimTx)
}

func TestWithdrawalStatusOfTransactionsWithoutWithdrawalsAndUnknownOnes(t *testing.T) {
	api, _ := setup(t)
	none := statuses(t, api, "0x78")
	require.NotNil(t, none, "an empty list, not null")
	require.Empty(t, none)

	srv := gethrpc.NewServer()
	defer srv.Stop()
	require.NoError(t, srv.RegisterName("cairn", api))
	cl := gethrpc.DialInProc(srv)
	defer cl.Close()
	var out []WithdrawalStatus
	err := cl.Call(&out, "cairn_getWithdrawalStatus", common.HexToHash("0x99"))
	require.ErrorContains(t, err, "transaction not found")
	require.ErrorContains(t, err, common.HexToHash("0x99").Hex())
	err = cl.Call(&out, "cairn_getWithdrawalProof", common.HexToHash("0x99"))
	require.ErrorContains(t, err, "transaction not found")
}

func TestWithdrawalStatusWhileL1IsDown(t *testing.T) {
	api, _, fake := setupL1(t)
	fake.err = errors.New("connection refused")
	s := statuses(t, api, "0x79")
	require.Equal(t, WithdrawalPending, s[0].Status, "an unsealed withdrawal needs no L1")
	_, err := api.GetWithdrawalStatus(context.Background(), common.HexToHash("0x77"))
	require.ErrorContains(t, err, "L1 unreachable: connection refused")
}

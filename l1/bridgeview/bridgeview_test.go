package bridgeview

import (
	"context"
	"errors"
	"math/big"
	"testing"

	"github.com/cairn-rollup/cairn/l1/watcher"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/params"
	"github.com/stretchr/testify/require"
)

var bridge = common.HexToAddress("0xb1")

// client is an L1 with canned answers.
type client struct {
	call     []byte
	logs     []types.Log
	query    ethereum.FilterQuery
	receipts map[common.Hash]*types.Receipt
	err      error
}

func (c *client) CallContract(context.Context, ethereum.CallMsg, *big.Int) ([]byte, error) {
	return c.call, c.err
}
func (c *client) FilterLogs(_ context.Context, q ethereum.FilterQuery) ([]types.Log, error) {
	c.query = q
	return c.logs, c.err
}
func (c *client) TransactionReceipt(_ context.Context, h common.Hash) (*types.Receipt, error) {
	if c.err != nil {
		return nil, c.err
	}
	if r, ok := c.receipts[h]; ok {
		return r, nil
	}
	return nil, ethereum.NotFound
}

func depositLog(id uint64, tx common.Hash) types.Log {
	return types.Log{Address: bridge, TxHash: tx, BlockNumber: 40 + id,
		Topics: []common.Hash{watcher.DepositInitiatedTopic, common.BigToHash(new(big.Int).SetUint64(id)),
			common.BytesToHash(common.HexToAddress("0xf").Bytes()), common.BytesToHash(common.HexToAddress("0xa").Bytes())},
		Data: common.BigToHash(new(big.Int).SetUint64(id * params.GWei)).Bytes()}
}

func TestLastDepositID(t *testing.T) {
	c := &client{call: common.BigToHash(big.NewInt(7)).Bytes()}
	v := New(c, bridge, common.Address{}, 3)
	id, err := v.LastDepositID(context.Background())
	require.NoError(t, err)
	require.EqualValues(t, 7, id)
	c.call = common.MaxHash.Bytes()
	_, err = v.LastDepositID(context.Background())
	require.ErrorContains(t, err, "out of range")
}

func TestDepositEvent(t *testing.T) {
	tx := common.HexToHash("0x7")
	removed := depositLog(5, common.HexToHash("0x6"))
	removed.Removed = true
	c := &client{logs: []types.Log{depositLog(5, tx), removed}}
	v := New(c, bridge, common.Address{}, 3)
	d, err := v.Deposit(context.Background(), 5)
	require.NoError(t, err)
	require.Equal(t, tx, d.L1TxHash, "the last log not removed")
	require.EqualValues(t, 45, d.L1Block)
	require.Equal(t, common.HexToAddress("0xf"), d.From)
	require.Equal(t, common.BigToHash(big.NewInt(5)), c.query.Topics[1][0])
	require.EqualValues(t, 3, c.query.FromBlock.Uint64())

	c.logs = nil
	d, err = v.Deposit(context.Background(), 5)
	require.NoError(t, err)
	require.Nil(t, d)
}

func TestDepositsOfTx(t *testing.T) {
	tx, other := common.HexToHash("0x7"), common.HexToHash("0x8")
	l1, l2 := depositLog(1, tx), depositLog(2, tx)
	foreign := depositLog(3, tx)
	foreign.Address = common.HexToAddress("0xbad") // same event, another contract
	c := &client{receipts: map[common.Hash]*types.Receipt{tx: {Logs: []*types.Log{&l1, {Address: bridge}, &foreign, &l2}}, other: {}}}
	v := New(c, bridge, common.Address{}, 0)
	ds, err := v.DepositsOfTx(context.Background(), tx)
	require.NoError(t, err)
	require.Len(t, ds, 2)
	require.EqualValues(t, 1, ds[0].ID)
	require.EqualValues(t, 2, ds[1].ID)
	ds, err = v.DepositsOfTx(context.Background(), other)
	require.NoError(t, err)
	require.Empty(t, ds)
	_, err = v.DepositsOfTx(context.Background(), common.HexToHash("0x9"))
	require.ErrorIs(t, err, ErrNoTx)
	c.err = errors.New("connection refused")
	_, err = v.DepositsOfTx(context.Background(), tx)
	require.NotErrorIs(t, err, ErrNoTx)
	require.ErrorContains(t, err, "connection refused")
}

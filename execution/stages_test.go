package execution

import (
	"context"
	"math/big"
	"testing"

	"github.com/ethereum/go-ethereum/core/txpool"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"
)

// SendTxs adds what it can in one call and answers for each transaction;
// PooledTx hands back the pool's object.
func TestSendTxsAndPooledTx(t *testing.T) {
	e := startGeth(t, Config{})
	ctx := context.Background()
	a0, a1 := transfer(t, e, keyA, 0, addrB, big.NewInt(1)), transfer(t, e, keyA, 1, addrB, big.NewInt(1))
	errs := e.SendTxs(ctx, []*types.Transaction{a0, blobTx(t, e), a1, a0})
	require.NoError(t, errs[0])
	require.ErrorIs(t, errs[1], ErrBlobTx)
	require.NoError(t, errs[2])
	require.ErrorIs(t, errs[3], txpool.ErrAlreadyKnown)
	require.Empty(t, e.SendTxs(ctx, nil))

	pending, queued := e.TxPool().Stats()
	require.Equal(t, 2, pending)
	require.Zero(t, queued)
	require.Same(t, a1, e.PooledTx(a1.Hash()))
	require.Nil(t, e.PooledTx(blobTx(t, e).Hash()))

	// Each stage's clock moves when the stage runs.
	before := e.Stages()
	require.Positive(t, before.Admission)
	b, _ := advance(t, e, nil)
	require.Len(t, b.Transactions(), 2)
	after := e.Stages()
	require.Greater(t, after.Build, before.Build)
	require.Greater(t, after.Import, before.Import)
	require.Greater(t, after.Head, before.Head)
	require.Equal(t, before.Admission, after.Admission)
}

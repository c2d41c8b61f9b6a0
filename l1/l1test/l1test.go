// Package l1test starts an embedded dev L1 with Cairn's contracts deployed,
// for tests of the packages that talk to L1. It mines a block as soon as a
// transaction arrives, so tests never wait for a block time.
package l1test

import (
	"context"
	"crypto/ecdsa"
	"fmt"
	"log/slog"
	"math/big"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/l1/deploy"
	"github.com/cairn-rollup/cairn/l1/devchain"
	"github.com/cairn-rollup/cairn/l1/proposer"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/rollup/batchdata"
	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi/bind/v2"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/stretchr/testify/require"
)

// Env is a running dev L1 with the contracts deployed.
type Env struct {
	Chain    *devchain.Chain
	Client   *ethclient.Client
	Addrs    deploy.Addresses
	Operator *ecdsa.PrivateKey // dev key 0: deployer, admin and operator
	Prover   *ecdsa.PrivateKey // dev key 1: allow-listed exec prover
	User     *ecdsa.PrivateKey // dev key 2: deposits and claims
}

// GenesisBlockHash is the L2 genesis block hash Start deploys with: batch 1
// must have it as PrevLastBlockHash.
var GenesisBlockHash = common.HexToHash("0x6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e6e")

// Start starts the chain and deploys with the given L2 chain id and genesis
// state root (and GenesisBlockHash). Everything stops when the test ends.
func Start(t testing.TB, l2ChainID uint64, genesisRoot common.Hash) *Env {
	t.Helper()
	chain, err := devchain.Start(devchain.Config{HTTPAddr: "127.0.0.1:0"}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	t.Cleanup(func() { _ = chain.Close() })
	client := chain.Client()
	t.Cleanup(client.Close)
	keys := devchain.DevKeys()
	env := &Env{Chain: chain, Client: client, Operator: keys[0], Prover: keys[1], User: keys[2]}
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	addrs, err := deploy.Deploy(ctx, client, env.Auth(t, env.Operator), deploy.Params{
		L2ChainID: l2ChainID, GenesisStateRoot: genesisRoot, GenesisBlockHash: GenesisBlockHash,
		Operator: crypto.PubkeyToAddress(env.Operator.PublicKey),
		Provers:  []common.Address{crypto.PubkeyToAddress(env.Prover.PublicKey)},
	})
	require.NoError(t, err)
	env.Addrs = addrs
	return env
}

// Auth returns transaction options for key.
func (e *Env) Auth(t testing.TB, key *ecdsa.PrivateKey) *bind.TransactOpts {
	return bind.NewKeyedTransactor(key, big.NewInt(devchain.ChainID))
}

// Deposit sends Bridge.deposit(to) with value wei from the user and waits
// for its receipt, and for the chain's head and safe block to reach it.
func (e *Env) Deposit(t testing.TB, to common.Address, wei *big.Int) *types.Receipt {
	t.Helper()
	opts := e.Auth(t, e.User)
	opts.Value = wei
	r := e.Transact(t, opts, e.Addrs.Bridge, bindings.NewBridge().PackDeposit(to))
	e.WaitSafe(t, r)
	return r
}

// Transact sends calldata to a contract and waits for a successful receipt.
func (e *Env) Transact(t testing.TB, opts *bind.TransactOpts, to common.Address, data []byte) *types.Receipt {
	t.Helper()
	r, err := e.TryTransact(opts, to, data)
	require.NoError(t, err)
	require.Equal(t, types.ReceiptStatusSuccessful, r.Status)
	return r
}

// TryTransact sends calldata and waits for the receipt; a call that would
// revert returns the estimation error (with the revert data).
func (e *Env) TryTransact(opts *bind.TransactOpts, to common.Address, data []byte) (*types.Receipt, error) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	opts.Context = ctx
	c := bind.NewBoundContract(to, bindings.NewBridge().GetABI(), e.Client, e.Client, e.Client)
	tx, err := c.RawTransact(opts, data)
	if err != nil {
		return nil, err
	}
	for {
		if r, err := e.Client.TransactionReceipt(ctx, tx.Hash()); err == nil {
			return r, nil
		}
		select {
		case <-ctx.Done():
			return nil, fmt.Errorf("waiting for %s: %w", tx.Hash(), ctx.Err())
		case <-time.After(5 * time.Millisecond):
		}
	}
}

// Call makes an eth_call on a contract and unpacks the result.
func Call[T any](t testing.TB, e *Env, to common.Address, data []byte, unpack func([]byte) (T, error)) T {
	t.Helper()
	out, err := e.Client.CallContract(context.Background(), ethereum.CallMsg{To: &to, Data: data}, nil)
	require.NoError(t, err)
	v, err := unpack(out)
	require.NoError(t, err)
	return v
}

// LastLogBlock returns the header of the block that holds the newest log
// of a contract's event: the block to fork below to reorg that event out.
func (e *Env) LastLogBlock(t testing.TB, contract common.Address, topic common.Hash) *types.Header {
	t.Helper()
	ctx := context.Background()
	logs, err := e.Client.FilterLogs(ctx, ethereum.FilterQuery{FromBlock: big.NewInt(0),
		Addresses: []common.Address{contract}, Topics: [][]common.Hash{{topic}}})
	require.NoError(t, err)
	require.NotEmpty(t, logs, "no log of %s with topic %s", contract, topic)
	h, err := e.Client.HeaderByHash(ctx, logs[len(logs)-1].BlockHash)
	require.NoError(t, err)
	return h
}

// WaitSafe waits until the dev L1's head and safe block reach r's block:
// the receipt can be served before the chain moves its markers, and a
// watcher that follows the safe block would not see the block yet.
func (e *Env) WaitSafe(t testing.TB, r *types.Receipt) {
	t.Helper()
	ctx := context.Background()
	require.Eventually(t, func() bool {
		h, err1 := e.Client.HeaderByNumber(ctx, nil)
		safe, err2 := e.Client.HeaderByNumber(ctx, big.NewInt(int64(rpc.SafeBlockNumber)))
		return err1 == nil && err2 == nil && h.Number.Cmp(r.BlockNumber) >= 0 && safe.Number.Cmp(r.BlockNumber) >= 0
	}, 10*time.Second, 10*time.Millisecond, "the dev L1's head and safe block reach block %d", r.BlockNumber)
}

// BatchData is stand-in data for tests that commit batch n: opaque bytes,
// not an encoding of the batch's blocks (rollup/batchdata's job).
func BatchData(n uint64) []byte { return []byte(fmt.Sprintf("cairn test data of batch %d", n)) }

// SetBatchData sets b.DataCommitment to that of BatchData(b.Number) in
// calldata, and returns that payload: set it before hashing or attesting b.
func SetBatchData(b *rollup.Batch) proposer.Payload {
	p := proposer.Payload{Calldata: BatchData(b.Number)}
	b.DataCommitment = batchdata.CalldataCommitment(p.Calldata)
	return p
}

// Payloads is a committer data source (committer.Data) for batches whose
// commitment SetBatchData set.
func Payloads(_ context.Context, n uint64) (proposer.Payload, error) {
	return proposer.Payload{Calldata: BatchData(n)}, nil
}

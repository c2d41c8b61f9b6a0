package execution

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"os"
	"os/exec"
	"runtime"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/cairn-rollup/cairn/rollup"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/stateless"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/core/vm"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/ethclient"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rlp"
	"github.com/ethereum/go-ethereum/rpc"
	"github.com/ethereum/go-ethereum/trie"
	"github.com/holiman/uint256"
	"github.com/stretchr/testify/require"
)

const testChainID = 424242

var (
	ether   = big.NewInt(params.Ether)
	gwei    = big.NewInt(params.GWei)
	keyA, _ = crypto.ToECDSA(crypto.Keccak256([]byte("cairn execution test key A")))
	keyB, _ = crypto.ToECDSA(crypto.Keccak256([]byte("cairn execution test key B")))
	addrA   = crypto.PubkeyToAddress(keyA.PublicKey)
	addrB   = crypto.PubkeyToAddress(keyB.PublicKey)
)

func testGenesis() *core.Genesis {
	return NewGenesis(GenesisParams{
		ChainID:  testChainID,
		Accounts: map[common.Address]*big.Int{addrA: new(big.Int).Mul(big.NewInt(1000), ether), addrB: new(big.Int).Mul(big.NewInt(1000), ether)},
		// A tiny contract standing in for the L2Bridge: it returns 42.
		L2BridgeCode: common.FromHex("602a60005260206000f3"),
	})
}

func startGeth(t testing.TB, cfg Config) *Geth {
	t.Helper()
	if cfg.Genesis == nil {
		cfg.Genesis = testGenesis()
	}
	e, err := New(cfg, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	require.NoError(t, e.Start())
	t.Cleanup(func() { _ = e.Close() })
	return e
}

// advance builds a block on the head, imports it and makes it the head.
func advance(t *testing.T, e *Geth, ws []*types.Withdrawal) (*types.Block, []byte) {
	t.Helper()
	ctx := context.Background()
	head := e.Head()
	b, err := e.BuildBlock(ctx, head.Hash(), BuildAttrs{
		Timestamp:    head.Time + 1,
		FeeRecipient: common.HexToAddress("0xfee"),
		PrevRandao:   common.BigToHash(head.Number),
		Withdrawals:  ws,
	})
	require.NoError(t, err)
	require.Equal(t, head.Hash(), b.ParentHash())
	w, err := e.ImportBlock(ctx, b)
	require.NoError(t, err)
	require.NoError(t, e.SetHead(ctx, b.Hash()))
	require.Equal(t, b.Hash(), e.Head().Hash())
	return b, w
}

func transfer(t *testing.T, e *Geth, key *ecdsa.PrivateKey, nonce uint64, to common.Address, value *big.Int) *types.Transaction {
	t.Helper()
	tx, err := types.SignNewTx(key, types.LatestSigner(e.ChainConfig()), &types.DynamicFeeTx{
		ChainID:   e.ChainConfig().ChainID,
		Nonce:     nonce,
		GasTipCap: gwei,
		GasFeeCap: new(big.Int).Mul(big.NewInt(10), gwei),
		Gas:       21_000,
		To:        &to,
		Value:     value,
	})
	require.NoError(t, err)
	return tx
}

func balance(t *testing.T, e *Geth, addr common.Address) *big.Int {
	t.Helper()
	st, err := e.StateAt(e.Head())
	require.NoError(t, err)
	return st.GetBalance(addr).ToBig()
}

func TestGenesis(t *testing.T) {
	g := testGenesis()
	require.NoError(t, g.Config.CheckConfigForkOrder())
	cfg := g.Config
	require.True(t, cfg.IsPrague(big.NewInt(0), 0))
	require.True(t, cfg.IsShanghai(big.NewInt(0), 0) && cfg.IsCancun(big.NewInt(0), 0))
	require.Equal(t, uint64(testChainID), cfg.ChainID.Uint64())
	require.Equal(t, common.FromHex("602a60005260206000f3"), g.Alloc[rollup.L2BridgeAddress].Code)
	for _, sys := range []common.Address{params.BeaconRootsAddress, params.HistoryStorageAddress, params.WithdrawalQueueAddress, params.ConsolidationQueueAddress} {
		require.NotEmpty(t, g.Alloc[sys].Code, "system contract %s", sys)
	}
	require.Equal(t, uint64(DefaultGasLimit), g.GasLimit)
}

func TestBuildImportSetHeadChain(t *testing.T) {
	e := startGeth(t, Config{})
	genesis := e.Head()
	require.Equal(t, uint64(0), genesis.Number.Uint64())

	prev := genesis
	for i := 1; i <= 5; i++ {
		b, w := advance(t, e, nil)
		require.Equal(t, uint64(i), b.NumberU64())
		require.Equal(t, prev.Hash(), b.ParentHash())
		require.NotEmpty(t, w)
		require.Equal(t, b.Hash(), e.BlockByNumber(uint64(i)).Hash())
		prev = b.Header()
	}
	// Building does not move the head, and a block built on an older parent
	// can be imported as a side block and made the head.
	head := e.Head()
	side, err := e.BuildBlock(context.Background(), e.BlockByNumber(3).Hash(), BuildAttrs{Timestamp: head.Time + 10})
	require.NoError(t, err)
	require.Equal(t, head.Hash(), e.Head().Hash())
	_, err = e.ImportBlock(context.Background(), side)
	require.NoError(t, err)
	require.Equal(t, head.Hash(), e.Head().Hash(), "import must not move the head")
	require.NoError(t, e.SetHead(context.Background(), side.Hash()))
	require.Equal(t, side.Hash(), e.Head().Hash())
	require.Equal(t, uint64(4), e.Head().Number.Uint64())

	// Unknown parents and heads are refused.
	_, err = e.BuildBlock(context.Background(), common.HexToHash("0x1234"), BuildAttrs{Timestamp: head.Time + 20})
	require.ErrorIs(t, err, ErrUnknownParent)
	require.ErrorIs(t, e.SetHead(context.Background(), common.HexToHash("0x1234")), ErrUnknownBlock)
	_, err = e.BuildBlock(context.Background(), side.Hash(), BuildAttrs{Timestamp: side.Time()})
	require.ErrorContains(t, err, "timestamp")
}

func TestDepositAsWithdrawalCreditsExactAmount(t *testing.T) {
	e := startGeth(t, Config{})
	recipient := common.HexToAddress("0x00000000000000000000000000000000000d0d0d")
	require.Zero(t, balance(t, e, recipient).Sign())

	b, _ := advance(t, e, []*types.Withdrawal{
		{Index: 1, Validator: 0, Address: recipient, Amount: 1_000_000_000}, // 1 ETH in gwei
		{Index: 2, Validator: 0, Address: recipient, Amount: 1},             // 1 gwei
	})
	require.Len(t, b.Withdrawals(), 2)
	require.NotNil(t, b.Header().WithdrawalsHash)
	require.Equal(t, types.DeriveSha(b.Withdrawals(), trie.NewStackTrie(nil)), *b.Header().WithdrawalsHash)

	want := new(big.Int).Add(ether, gwei)
	require.Equal(t, want, balance(t, e, recipient))
}

func TestImportRefusesBadBlocks(t *testing.T) {
	// Blocks are built on one engine and imported into another that has the
	// same genesis: the replica's path.
	leader := startGeth(t, Config{})
	replica := startGeth(t, Config{})
	ctx := context.Background()

	require.NoError(t, leader.SendTx(ctx, transfer(t, leader, keyA, 0, addrB, ether)))
	head := leader.Head()
	good, err := leader.BuildBlock(ctx, head.Hash(), BuildAttrs{Timestamp: head.Time + 1})
	require.NoError(t, err)
	require.Len(t, good.Transactions(), 1)

	wrongRoot := types.CopyHeader(good.Header())
	wrongRoot.Root = common.HexToHash("0xbad")
	wrongParent := types.CopyHeader(good.Header())
	wrongParent.ParentHash = common.HexToHash("0xbad")
	wrongReceipts := types.CopyHeader(good.Header())
	wrongReceipts.ReceiptHash = common.HexToHash("0xbad")
	wrongGas := types.CopyHeader(good.Header())
	wrongGas.GasUsed++

	cases := []struct {
		name  string
		block *types.Block
		want  string
		is    error
	}{
		{"wrong state root", good.WithSeal(wrongRoot), "invalid merkle root", nil},
		{"wrong parent", good.WithSeal(wrongParent), "", ErrUnknownParent},
		{"wrong receipt root", good.WithSeal(wrongReceipts), "invalid receipt root", nil},
		{"wrong gas used", good.WithSeal(wrongGas), "gas used", nil},
		{"transactions not matching header", types.NewBlockWithHeader(good.Header()).WithBody(types.Body{Withdrawals: good.Withdrawals()}), "transaction root hash mismatch", nil},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			_, err := replica.ImportBlock(ctx, tc.block)
			require.Error(t, err)
			if tc.is != nil {
				require.ErrorIs(t, err, tc.is)
			}
			require.ErrorContains(t, err, tc.want)
			require.Equal(t, uint64(0), replica.Head().Number.Uint64())
		})
	}
	// The untampered block is accepted afterwards.
	w, err := replica.ImportBlock(ctx, good)
	require.NoError(t, err)
	require.NotEmpty(t, w)
	require.NoError(t, replica.SetHead(ctx, good.Hash()))
	require.Equal(t, new(big.Int).Mul(big.NewInt(1001), ether), balance(t, replica, addrB))
}

func TestHTTPTransactionsIncluded(t *testing.T) {
	e := startGeth(t, Config{HTTPAddr: "127.0.0.1:0"})
	ep := e.HTTPEndpoint()
	require.True(t, strings.HasPrefix(ep, "http://127.0.0.1:"), ep)
	require.False(t, strings.HasSuffix(ep, ":0"), "the bound port must be reported: %s", ep)
	// devp2p is off: no listener, no discovery.
	info := e.stack.Server().NodeInfo()
	require.Zero(t, info.Ports.Listener)
	require.Zero(t, info.Ports.Discovery)
	require.Zero(t, e.stack.Server().PeerCount())

	ctx := context.Background()
	client, err := ethclient.DialContext(ctx, ep)
	require.NoError(t, err)
	defer client.Close()

	chainID, err := client.ChainID(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(testChainID), chainID.Uint64())

	recipient := common.HexToAddress("0x00000000000000000000000000000000000beef1")
	var hashes []common.Hash
	for nonce := uint64(0); nonce < 3; nonce++ {
		tx := transfer(t, e, keyA, nonce, recipient, big.NewInt(int64(1000+nonce)))
		require.NoError(t, client.SendTransaction(ctx, tx))
		hashes = append(hashes, tx.Hash())
	}
	pending, err := client.PendingNonceAt(ctx, addrA)
	require.NoError(t, err)
	require.Equal(t, uint64(3), pending)

	b, _ := advance(t, e, nil)
	require.Len(t, b.Transactions(), 3)
	for i, h := range hashes {
		require.Equal(t, h, b.Transactions()[i].Hash())
		r, err := client.TransactionReceipt(ctx, h)
		require.NoError(t, err)
		require.Equal(t, types.ReceiptStatusSuccessful, r.Status)
		require.Equal(t, b.Hash(), r.BlockHash)
	}
	bal, err := client.BalanceAt(ctx, recipient, nil)
	require.NoError(t, err)
	require.Equal(t, big.NewInt(3003), bal)
	n, err := client.BlockNumber(ctx)
	require.NoError(t, err)
	require.Equal(t, uint64(1), n)

	// The predeploy is there and callable through eth_call.
	code, err := client.CodeAt(ctx, rollup.L2BridgeAddress, nil)
	require.NoError(t, err)
	require.NotEmpty(t, code)

	// Nothing is left in the pool, the next block is empty.
	b2, _ := advance(t, e, nil)
	require.Empty(t, b2.Transactions())
}

func blobTx(t *testing.T, e *Geth) *types.Transaction {
	t.Helper()
	tx, err := types.SignNewTx(keyA, types.LatestSigner(e.ChainConfig()), &types.BlobTx{
		ChainID:    uint256.MustFromBig(e.ChainConfig().ChainID),
		Nonce:      0,
		GasTipCap:  uint256.NewInt(params.GWei),
		GasFeeCap:  uint256.NewInt(10 * params.GWei),
		Gas:        21_000,
		To:         addrB,
		Value:      uint256.NewInt(1),
		BlobFeeCap: uint256.NewInt(params.GWei),
		BlobHashes: []common.Hash{{0x01}},
	})
	require.NoError(t, err)
	return tx
}

func TestBlobTransactionsRefused(t *testing.T) {
	e := startGeth(t, Config{HTTPAddr: "127.0.0.1:0"})
	ctx := context.Background()
	tx := blobTx(t, e)
	raw, err := tx.MarshalBinary()
	require.NoError(t, err)

	rc, err := rpc.DialContext(ctx, e.HTTPEndpoint())
	require.NoError(t, err)
	defer rc.Close()
	var h common.Hash
	err = rc.CallContext(ctx, &h, "eth_sendRawTransaction", hexutil.Bytes(raw))
	require.ErrorContains(t, err, ErrBlobTx.Error())
	var r map[string]any
	err = rc.CallContext(ctx, &r, "eth_sendRawTransactionSync", hexutil.Bytes(raw))
	require.ErrorContains(t, err, ErrBlobTx.Error())

	require.ErrorIs(t, e.SendTx(ctx, tx), ErrBlobTx)
	pending, queued := e.TxPool().Stats()
	require.Zero(t, pending+queued)

	// A block carrying one is refused on import.
	head := e.Head()
	good, err := e.BuildBlock(ctx, head.Hash(), BuildAttrs{Timestamp: head.Time + 1})
	require.NoError(t, err)
	bad := types.NewBlockWithHeader(good.Header()).WithBody(types.Body{Transactions: []*types.Transaction{tx}, Withdrawals: good.Withdrawals()})
	_, err = e.ImportBlock(ctx, bad)
	require.ErrorIs(t, err, ErrBlobTx)

	// The chain's blob schedule allows no blobs at all.
	require.Zero(t, e.ChainConfig().BlobScheduleConfig.Prague.Max)

	// Ordinary transactions still go through the guarded method.
	ok := transfer(t, e, keyA, 0, addrB, big.NewInt(1))
	raw, err = ok.MarshalBinary()
	require.NoError(t, err)
	require.NoError(t, rc.CallContext(ctx, &h, "eth_sendRawTransaction", hexutil.Bytes(raw)))
	require.Equal(t, ok.Hash(), h)
}

func TestWitnessReexecutesStatelessly(t *testing.T) {
	e := startGeth(t, Config{})
	ctx := context.Background()
	var nonce uint64
	for i := 0; i < 3; i++ {
		for j := 0; j < 2; j++ {
			require.NoError(t, e.SendTx(ctx, transfer(t, e, keyA, nonce, addrB, big.NewInt(int64(i+1)))))
			nonce++
		}
		// A call into the predeploy, so that the witness carries code.
		call, err := types.SignNewTx(keyB, types.LatestSigner(e.ChainConfig()), &types.DynamicFeeTx{
			ChainID: e.ChainConfig().ChainID, Nonce: uint64(i), GasTipCap: gwei, GasFeeCap: new(big.Int).Mul(big.NewInt(10), gwei),
			Gas: 100_000, To: &rollup.L2BridgeAddress,
		})
		require.NoError(t, err)
		require.NoError(t, e.SendTx(ctx, call))

		b, enc := advance(t, e, []*types.Withdrawal{{Index: uint64(i + 1), Address: addrA, Amount: 5}})
		require.Len(t, b.Transactions(), 3)

		var w stateless.Witness
		require.NoError(t, rlp.DecodeBytes(enc, &w))
		parent := e.BlockByNumber(b.NumberU64() - 1)
		require.Equal(t, parent.Root(), w.Root())
		require.Equal(t, parent.Hash(), w.Headers[0].Hash())

		stateRoot, receiptRoot, err := core.ExecuteStateless(ctx, e.ChainConfig(), vm.Config{}, b, &w)
		require.NoError(t, err)
		require.Equal(t, b.Root(), stateRoot)
		require.Equal(t, b.ReceiptHash(), receiptRoot)

		// The same witness regenerated from the stored block.
		again, err := e.Witness(ctx, b.Hash())
		require.NoError(t, err)
		provesStatelessly(t, e, b, again)
	}
}

func TestRestartKeepsChain(t *testing.T) {
	dir := t.TempDir()
	g := testGenesis()
	ctx := context.Background()

	e, err := New(Config{DataDir: dir, Genesis: g}, nil)
	require.NoError(t, err)
	require.NoError(t, e.Start())
	var blocks []*types.Block
	for i := 0; i < 3; i++ {
		b, _ := advance(t, e, []*types.Withdrawal{{Index: uint64(i + 1), Address: addrB, Amount: 7}})
		blocks = append(blocks, b)
	}
	require.NoError(t, e.Close())

	e, err = New(Config{DataDir: dir, Genesis: g}, nil)
	require.NoError(t, err)
	require.NoError(t, e.Start())
	defer e.Close()

	require.Equal(t, blocks[2].Hash(), e.Head().Hash())
	// Close journaled the pruned node's in-memory state.
	require.True(t, e.HasState(blocks[2].Root()))
	for i, b := range blocks {
		require.Equal(t, b.Hash(), e.BlockByNumber(uint64(i+1)).Hash())
	}
	require.NoError(t, e.SetHead(ctx, blocks[1].Hash()))
	require.Equal(t, blocks[1].Hash(), e.Head().Hash())
	require.NoError(t, e.SetHead(ctx, blocks[2].Hash()))
	require.Equal(t, blocks[2].Hash(), e.Head().Hash())

	// Re-importing a known block still yields its witness.
	w, err := e.ImportBlock(ctx, blocks[2])
	require.NoError(t, err)
	require.NotEmpty(t, w)

	// And the chain goes on.
	b, _ := advance(t, e, nil)
	require.Equal(t, uint64(4), b.NumberU64())
}

// TestCrashRestart kills a process that built blocks on a data directory
// (no Close, like kill -9) and reopens the directory: the chain is there up
// to the last block made head. An archive node has its state; a pruned one
// lost what it held in memory, and re-inserting the blocks brings it back.
func TestCrashRestart(t *testing.T) {
	if dir := os.Getenv("CAIRN_EXECUTION_CRASH_DIR"); dir != "" {
		archive := os.Getenv("CAIRN_EXECUTION_CRASH_ARCHIVE") == "true"
		e, err := New(Config{DataDir: dir, Genesis: testGenesis(), Archive: archive}, nil)
		require.NoError(t, err)
		require.NoError(t, e.Start())
		for i := 0; i < 3; i++ {
			require.NoError(t, e.SendTx(context.Background(), transfer(t, e, keyA, uint64(i), addrB, big.NewInt(1))))
			b, _ := advance(t, e, []*types.Withdrawal{{Index: uint64(i + 1), Address: addrB, Amount: 1}})
			fmt.Printf("block %d %s\n", b.NumberU64(), b.Hash().Hex())
		}
		os.Exit(0) // no Close: the process dies with geth running
	}
	if testing.Short() {
		t.Skip("spawns a process")
	}
	for _, archive := range []bool{true, false} {
		t.Run(fmt.Sprintf("archive=%v", archive), func(t *testing.T) {
			dir := t.TempDir()
			last := crashAfterThreeBlocks(t, dir, archive)
			e := startGeth(t, Config{DataDir: dir, Archive: archive})
			if !archive {
				// geth rewound its head to the state it persisted; the
				// blocks are there without their state.
				require.Less(t, e.Head().Number.Uint64(), uint64(3))
				require.False(t, e.HasState(e.BlockByHash(last).Root()))
				ctx := context.Background()
				for n := e.Head().Number.Uint64() + 1; n <= 3; n++ {
					b := e.BlockByNumber(n)
					require.NoError(t, e.InsertBlock(ctx, b))
					require.True(t, e.HasState(b.Root()), "block %d executed again", n)
				}
				require.NoError(t, e.SetHead(ctx, last))
			}
			require.Equal(t, last, e.Head().Hash())
			require.Equal(t, uint64(3), e.Head().Number.Uint64())
			st, err := e.StateAt(e.Head())
			require.NoError(t, err)
			require.Equal(t, uint64(3), st.GetNonce(addrA))
			b, _ := advance(t, e, nil)
			require.Equal(t, uint64(4), b.NumberU64())
		})
	}
}

// crashAfterThreeBlocks runs TestCrashRestart's child on dir and returns
// the hash of the last block it made head.
func crashAfterThreeBlocks(t *testing.T, dir string, archive bool) common.Hash {
	cmd := exec.Command(os.Args[0], "-test.run=^TestCrashRestart$", "-test.count=1")
	cmd.Env = append(os.Environ(), "CAIRN_EXECUTION_CRASH_DIR="+dir, fmt.Sprintf("CAIRN_EXECUTION_CRASH_ARCHIVE=%v", archive))
	out, err := cmd.CombinedOutput()
	require.NoError(t, err, string(out))
	var last common.Hash
	var n uint64
	for _, line := range strings.Split(string(out), "\n") {
		var h string
		if _, err := fmt.Sscanf(line, "block %d %s", &n, &h); err == nil {
			last = common.HexToHash(h)
		}
	}
	require.Equal(t, uint64(3), n, string(out))
	return last
}

func TestInsertBlockWithoutWitness(t *testing.T) {
	leader := startGeth(t, Config{})
	follower := startGeth(t, Config{})
	ctx := context.Background()
	var blocks []*types.Block
	for i := 0; i < 3; i++ {
		require.NoError(t, leader.SendTx(ctx, transfer(t, leader, keyA, uint64(i), addrB, ether)))
		b, _ := advance(t, leader, nil)
		blocks = append(blocks, b)
	}
	bad := types.CopyHeader(blocks[0].Header())
	bad.Root = common.HexToHash("0xbad")
	require.ErrorContains(t, follower.InsertBlock(ctx, blocks[0].WithSeal(bad)), "invalid merkle root")
	require.ErrorIs(t, follower.InsertBlock(ctx, blocks[1]), ErrUnknownParent)
	for _, b := range blocks {
		require.NoError(t, follower.InsertBlock(ctx, b))
		require.NoError(t, follower.InsertBlock(ctx, b), "a known block is accepted again")
		require.NoError(t, follower.SetHead(ctx, b.Hash()))
	}
	require.Equal(t, leader.Head().Hash(), follower.Head().Hash())
	require.Equal(t, balance(t, leader, addrB), balance(t, follower, addrB))
}

// TestCloseStopsGoroutines: an engine leaves no goroutine behind once closed.
func TestCloseStopsGoroutines(t *testing.T) {
	run := func() {
		e, err := New(Config{Genesis: testGenesis(), HTTPAddr: "127.0.0.1:0"}, nil)
		require.NoError(t, err)
		require.NoError(t, e.Start())
		advance(t, e, []*types.Withdrawal{{Index: 1, Address: addrB, Amount: 1}})
		require.NoError(t, e.Close())
	}
	run() // process-wide helpers of geth (sender cacher, ...) start once
	base := runtime.NumGoroutine()
	for i := 0; i < 3; i++ {
		run()
	}
	deadline := time.Now().Add(10 * time.Second)
	for runtime.NumGoroutine() > base && time.Now().Before(deadline) {
		runtime.Gosched()
		time.Sleep(10 * time.Millisecond) // polling interval, not a wait for an event
	}
	require.LessOrEqual(t, runtime.NumGoroutine(), base)
}

// cairnStub stands for the node's cairn namespace.
type cairnStub struct{}

func (cairnStub) BatchNumber() hexutil.Uint64 { return 7 }

// methodNotFound says whether err is JSON-RPC's "method not found".
func methodNotFound(err error) bool {
	var re rpc.Error
	return errors.As(err, &re) && re.ErrorCode() == -32601
}

func TestHTTPModules(t *testing.T) {
	start := func(t *testing.T, modules []string) *rpc.Client {
		e, err := New(Config{Genesis: testGenesis(), HTTPAddr: "127.0.0.1:0", HTTPModules: modules}, nil)
		require.NoError(t, err)
		e.RegisterAPIs([]rpc.API{{Namespace: "cairn", Service: cairnStub{}}})
		require.NoError(t, e.Start())
		t.Cleanup(func() { _ = e.Close() })
		rc, err := rpc.Dial(e.HTTPEndpoint())
		require.NoError(t, err)
		t.Cleanup(rc.Close)
		return rc
	}
	t.Run("default", func(t *testing.T) {
		rc := start(t, nil)
		var n hexutil.Uint64
		require.NoError(t, rc.Call(&n, "eth_blockNumber"))
		require.NoError(t, rc.Call(&n, "cairn_batchNumber"))
		require.Equal(t, hexutil.Uint64(7), n)
		var v string
		require.NoError(t, rc.Call(&v, "web3_clientVersion"))
		err := rc.Call(nil, "debug_setHead", hexutil.Uint64(0))
		require.True(t, methodNotFound(err), "debug_setHead: %v", err)
		err = rc.Call(nil, "admin_nodeInfo")
		require.True(t, methodNotFound(err), "admin_nodeInfo: %v", err)
	})
	t.Run("debug listed", func(t *testing.T) {
		rc := start(t, []string{"eth", "debug", "cairn"})
		var raw hexutil.Bytes
		require.NoError(t, rc.Call(&raw, "debug_getRawHeader", "latest"))
		require.NotEmpty(t, raw)
		var n hexutil.Uint64
		require.NoError(t, rc.Call(&n, "cairn_batchNumber"))
		err := rc.Call(nil, "net_version")
		require.True(t, methodNotFound(err), "net is not listed: %v", err)
	})
	for name, tc := range map[string]struct {
		modules []string
		want    string
	}{
		"unknown": {[]string{"eth", "personal"}, `unknown HTTP JSON-RPC namespace "personal"`},
		"empty":   {[]string{}, "empty"},
	} {
		t.Run(name, func(t *testing.T) {
			e, err := New(Config{Genesis: testGenesis(), HTTPAddr: "127.0.0.1:0", HTTPModules: tc.modules}, nil)
			require.NoError(t, err)
			defer e.Close()
			require.ErrorContains(t, e.Start(), tc.want)
		})
	}
}

// The node gossips the bytes a client sent without encoding the transaction
// again: they must be its encoding, and nothing is handed on for input that
// does not decode.
func TestLocalTransactionsHandOnTheirEncoding(t *testing.T) {
	type local struct {
		tx  *types.Transaction
		raw []byte
	}
	var got []local
	e := startGeth(t, Config{HTTPAddr: "127.0.0.1:0", OnLocalTx: func(tx *types.Transaction, raw []byte) {
		got = append(got, local{tx, raw})
	}})
	ctx := context.Background()
	rc, err := rpc.DialContext(ctx, e.HTTPEndpoint())
	require.NoError(t, err)
	defer rc.Close()

	legacy, err := types.SignNewTx(keyB, types.LatestSigner(e.ChainConfig()), &types.LegacyTx{
		Nonce: 0, GasPrice: new(big.Int).Mul(big.NewInt(10), gwei), Gas: 21_000, To: &addrA, Value: big.NewInt(1),
	})
	require.NoError(t, err)
	var sent [][]byte
	for _, tx := range []*types.Transaction{transfer(t, e, keyA, 0, addrB, big.NewInt(1)), legacy} {
		raw, err := tx.MarshalBinary()
		require.NoError(t, err)
		var h common.Hash
		require.NoError(t, rc.CallContext(ctx, &h, "eth_sendRawTransaction", hexutil.Bytes(raw)))
		require.Equal(t, tx.Hash(), h)
		sent = append(sent, raw)
	}
	require.Len(t, got, 2)
	for i, l := range got {
		require.Equal(t, sent[i], l.raw)
		enc, err := l.tx.MarshalBinary()
		require.NoError(t, err)
		require.Equal(t, enc, l.raw)
	}

	// A trailing byte, a non-canonical length and a truncation are refused
	// and not handed on.
	next, err := transfer(t, e, keyA, 1, addrB, big.NewInt(1)).MarshalBinary()
	require.NoError(t, err)
	require.Equal(t, byte(0xf8), next[1], "a list with a one-byte length")
	nonCanonical := append([]byte{next[0], 0xf9, 0x00, next[2]}, next[3:]...) // the length in two bytes
	for name, bad := range map[string][]byte{
		"trailing byte": append(slices.Clone(next), 0x00),
		"non-canonical": nonCanonical,
		"truncated":     next[:len(next)-1],
	} {
		var h common.Hash
		require.Error(t, rc.CallContext(ctx, &h, "eth_sendRawTransaction", hexutil.Bytes(bad)), name)
	}
	require.Len(t, got, 2)
}

// InsertChain is geth's own import: the blocks execute in order and the
// last is the head; a segment carrying a blob transaction is refused whole.
func TestInsertChainImportsAndMovesTheHead(t *testing.T) {
	src := startGeth(t, Config{})
	var blocks []*types.Block
	for nonce := range uint64(3) {
		require.NoError(t, src.SendTx(context.Background(), transfer(t, src, keyA, nonce, addrB, big.NewInt(7))))
		b, _ := advance(t, src, nil)
		require.Len(t, b.Transactions(), 1)
		blocks = append(blocks, b)
	}

	dst := startGeth(t, Config{})
	ctx := context.Background()
	withBlob := types.NewBlockWithHeader(blocks[0].Header()).WithBody(types.Body{Transactions: []*types.Transaction{blobTx(t, dst)}, Withdrawals: blocks[0].Withdrawals()})
	require.ErrorIs(t, dst.InsertChain(ctx, []*types.Block{withBlob}), ErrBlobTx)
	require.Zero(t, dst.Head().Number.Uint64())

	require.NoError(t, dst.InsertChain(ctx, blocks))
	require.Equal(t, blocks[2].Hash(), dst.Head().Hash())
	require.Equal(t, balance(t, src, addrB), balance(t, dst, addrB))

	// A block whose parent is unknown is refused with its number.
	fresh := startGeth(t, Config{})
	require.ErrorContains(t, fresh.InsertChain(ctx, []*types.Block{blocks[1]}), "block 2")
	require.Zero(t, fresh.Head().Number.Uint64())
}

// TxLogs knows the transactions of blocks, not those of the pool.
func TestTxLogsOfBlockTransactionsOnly(t *testing.T) {
	e := startGeth(t, Config{})
	ctx := context.Background()
	tx := transfer(t, e, keyA, 0, addrB, big.NewInt(1))
	require.NoError(t, e.SendTx(ctx, tx))
	_, ok := e.TxLogs(tx.Hash())
	require.False(t, ok, "in the pool")
	advance(t, e, nil)
	logs, ok := e.TxLogs(tx.Hash())
	require.True(t, ok)
	require.Empty(t, logs, "a transfer logs nothing")
	_, ok = e.TxLogs(common.HexToHash("0x99"))
	require.False(t, ok)
}

// A data directory is opened only in the mode that wrote it: New refuses
// the other one with a line naming the setting, before geth starts.
func TestDataDirOfTheOtherModeRefused(t *testing.T) {
	for _, tc := range []struct {
		archive bool
		want    string
	}{
		{archive: true, want: "holds archive (hash-scheme) state; set execution.archive = true, or start pruned from an empty data directory"},
		{archive: false, want: "holds pruned (path-scheme) state; set execution.archive = false"},
	} {
		t.Run(fmt.Sprintf("written archive=%v", tc.archive), func(t *testing.T) {
			dir := t.TempDir()
			e, err := New(Config{DataDir: dir, Genesis: testGenesis(), Archive: tc.archive}, nil)
			require.NoError(t, err)
			require.NoError(t, e.Start())
			advance(t, e, []*types.Withdrawal{{Index: 1, Address: addrB, Amount: 7}})
			require.NoError(t, e.Close())

			_, err = New(Config{DataDir: dir, Genesis: testGenesis(), Archive: !tc.archive}, nil)
			require.ErrorContains(t, err, tc.want)
			require.NotContains(t, err.Error(), "\n")

			// The same mode opens it, and the refusal left it as it was.
			e = startGeth(t, Config{DataDir: dir, Archive: tc.archive})
			require.Equal(t, uint64(1), e.Head().Number.Uint64())
		})
	}
}

// A pruned node keeps the state of the last 128 blocks only; an archive
// node keeps every block's.
func TestPrunedNodeDropsOldState(t *testing.T) {
	for _, archive := range []bool{true, false} {
		t.Run(fmt.Sprintf("archive=%v", archive), func(t *testing.T) {
			e := startGeth(t, Config{DataDir: t.TempDir(), Archive: archive})
			first, _ := advance(t, e, []*types.Withdrawal{{Index: 1, Address: addrB, Amount: 7}})
			for i := 2; i <= 140; i++ {
				advance(t, e, []*types.Withdrawal{{Index: uint64(i), Address: addrB, Amount: 7}})
			}
			require.Equal(t, archive, e.HasState(first.Root()))
			_, err := e.Witness(context.Background(), first.Hash())
			if archive {
				require.NoError(t, err)
			} else {
				require.Error(t, err)
			}
			require.True(t, e.HasState(e.BlockByNumber(140-127).Root()))
		})
	}
}

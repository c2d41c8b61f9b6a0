package bench

import (
	"context"
	"crypto/ecdsa"
	"encoding/binary"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"runtime"
	"sync"
	"time"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
)

// Workloads the load generator knows.
const (
	WorkloadETH   = "eth"   // ETH transfers of 1 wei
	WorkloadERC20 = "erc20" // TestUSDC transfers of one unit
)

const (
	// erc20Gas is the gas limit of a token transfer: a transfer to a
	// recipient without a balance yet costs about 52k, later ones about 35k.
	erc20Gas = 60_000
	// erc20GasUsed is what a token transfer to a recipient that already
	// holds tokens uses, for sizing the pre-signed set.
	erc20GasUsed = 35_000
	// mintGas is the gas limit of a mint to a fresh account.
	mintGas = 100_000
	// setupBatch is the size of the setup's JSON-RPC batches.
	setupBatch = 100
)

// Accounts derives n sender keys from the funder's key: the same funder
// gets the same accounts on every run (they are funded once, and their
// nonces read from the chain), two funders never share one.
func Accounts(funder *ecdsa.PrivateKey, n int) []*ecdsa.PrivateKey {
	keys := make([]*ecdsa.PrivateKey, n)
	seed := crypto.FromECDSA(funder)
	for i := range keys {
		var idx [8]byte
		binary.BigEndian.PutUint64(idx[:], uint64(i))
		for ctr := byte(0); ; ctr++ {
			k, err := crypto.ToECDSA(crypto.Keccak256([]byte("cairn bench load account"), seed, idx[:], []byte{ctr}))
			if err == nil {
				keys[i] = k
				break
			}
		}
	}
	return keys
}

// PerAccount is how many transactions to pre-sign per sender for a window
// of d: a sender has at most inflight transactions out, so it gets at most
// that many into each block, and a block holds at most gasLimit/gasPerTx
// transactions shared by the senders. One block per blockTime, plus a
// margin of a quarter and two blocks.
func PerAccount(accounts, inflight int, gasLimit, gasPerTx uint64, blockTime, d time.Duration) int {
	if accounts < 1 || inflight < 1 || gasPerTx == 0 {
		return 0
	}
	blockTime = max(blockTime, time.Second)
	perBlock := uint64(inflight)
	if share := gasLimit/gasPerTx/uint64(accounts) + 1; share < perBlock {
		perBlock = share
	}
	blocks := uint64((d+blockTime-1)/blockTime) + 2
	return int(perBlock*blocks*5/4) + inflight
}

// chainInfo is what setup reads from the chain before signing.
type chainInfo struct {
	chainID   *big.Int
	gasLimit  uint64
	baseFee   *big.Int
	blockTime time.Duration
}

func readChain(ctx context.Context, c *rpc.Client) (*chainInfo, error) {
	var id hexutil.Big
	if err := c.CallContext(ctx, &id, "eth_chainId"); err != nil {
		return nil, fmt.Errorf("bench: chain id: %w", err)
	}
	head, err := header(ctx, c, "latest")
	if err != nil {
		return nil, err
	}
	info := &chainInfo{chainID: id.ToInt(), gasLimit: head.GasLimit, baseFee: head.BaseFee, blockTime: time.Second}
	if info.baseFee == nil {
		info.baseFee = new(big.Int)
	}
	// The block time from the last blocks' timestamps (whole seconds).
	if n := head.Number.Uint64(); n > 10 {
		old, err := header(ctx, c, hexutil.EncodeUint64(n-10))
		if err != nil {
			return nil, err
		}
		if dt := head.Time - old.Time; dt > 10 {
			info.blockTime = time.Duration(dt) * time.Second / 10
		}
	}
	return info, nil
}

func header(ctx context.Context, c *rpc.Client, tag string) (*types.Header, error) {
	var h *types.Header
	if err := c.CallContext(ctx, &h, "eth_getBlockByNumber", tag, false); err != nil {
		return nil, fmt.Errorf("bench: block %s: %w", tag, err)
	}
	if h == nil {
		return nil, fmt.Errorf("bench: block %s not found", tag)
	}
	return h, nil
}

// setup funds the accounts (and for erc20 deploys a token and mints to
// them), waits until that is on chain, then pre-signs perAccount
// transactions per account. Nothing of it is timed.
type setup struct {
	c        *rpc.Client
	info     *chainInfo
	funder   *ecdsa.PrivateKey
	accounts []*ecdsa.PrivateKey
	feeCap   *big.Int
	log      *slog.Logger
}

// prepare returns the pre-signed senders.
func (s *setup) prepare(ctx context.Context, workload string, perAccount int) ([]Sender, error) {
	addrs := make([]common.Address, len(s.accounts))
	for i, k := range s.accounts {
		addrs[i] = crypto.PubkeyToAddress(k.PublicKey)
	}
	gas := uint64(params.TxGas)
	if workload == WorkloadERC20 {
		gas = erc20Gas
	}
	// Each account pays at most gas × feeCap per transaction (plus 1 wei
	// for ETH transfers); the pool wants that for everything it holds.
	need := new(big.Int).Mul(new(big.Int).SetUint64(gas), s.feeCap)
	need.Add(need, big.NewInt(1))
	need.Mul(need, big.NewInt(int64(perAccount)))
	balances, err := batchBalances(ctx, s.c, addrs)
	if err != nil {
		return nil, err
	}
	var fund []int
	for i, b := range balances {
		if b.Cmp(need) < 0 {
			fund = append(fund, i)
		}
	}
	from := crypto.PubkeyToAddress(s.funder.PublicKey)
	nonce, err := pendingNonce(ctx, s.c, from)
	if err != nil {
		return nil, err
	}
	var (
		txs   []*types.Transaction
		token common.Address
	)
	signer := types.LatestSignerForChainID(s.info.chainID)
	tip := big.NewInt(params.GWei)
	if s.feeCap.Cmp(tip) < 0 {
		tip = s.feeCap
	}
	// The setup runs on an idle chain: a fee cap of twice the base fee
	// keeps a deployment under the nodes' per-transaction fee cap (geth's
	// is 1 ETH), where the load's own cap would not.
	setupCap := new(big.Int).Add(new(big.Int).Mul(s.info.baseFee, big.NewInt(2)), big.NewInt(2*params.GWei))
	if setupCap.Cmp(s.feeCap) > 0 {
		setupCap = s.feeCap
	}
	add := func(to *common.Address, value *big.Int, gas uint64, data []byte) {
		txs = append(txs, types.MustSignNewTx(s.funder, signer, &types.DynamicFeeTx{ChainID: s.info.chainID, Nonce: nonce,
			GasTipCap: tip, GasFeeCap: setupCap, Gas: gas, To: to, Value: value, Data: data}))
		nonce++
	}
	if workload == WorkloadERC20 {
		usdc := bindings.NewTestUSDC()
		code := append(common.FromHex(bindings.TestUSDCMetaData.Bin), usdc.PackConstructor(from)...)
		deployGas, err := estimateGas(ctx, s.c, from, nil, code)
		if err != nil {
			return nil, fmt.Errorf("bench: estimate the token deployment: %w", err)
		}
		token = crypto.CreateAddress(from, nonce)
		add(nil, new(big.Int), deployGas*5/4, code)
		for _, a := range addrs {
			add(&token, new(big.Int), mintGas, usdc.PackMint(a, big.NewInt(int64(perAccount))))
		}
	}
	total := new(big.Int)
	for _, i := range fund {
		topUp := new(big.Int).Sub(need, balances[i])
		add(&addrs[i], topUp, params.TxGas, nil)
		total.Add(total, topUp)
	}
	if len(txs) > 0 {
		bal, err := batchBalances(ctx, s.c, []common.Address{from})
		if err != nil {
			return nil, err
		}
		if bal[0].Cmp(total) < 0 {
			return nil, fmt.Errorf("bench: the funding key %s holds %s wei, the %d accounts need %s: use fewer accounts, a lower --max-fee-gwei or a richer key",
				from, bal[0], len(fund), total)
		}
		s.log.Info("Funding the load accounts", "accounts", len(fund), "setup_txs", len(txs), "token", workload == WorkloadERC20)
		if err := sendBatches(ctx, s.c, txs); err != nil {
			return nil, err
		}
	}
	if err := s.waitFunded(ctx, addrs, need, token, int64(perAccount)); err != nil {
		return nil, err
	}

	call := func(i int) Call {
		to := loadRecipient(i)
		if workload == WorkloadERC20 {
			return Call{To: token, Value: new(big.Int), Data: bindings.NewTestUSDC().PackTransfer(to, big.NewInt(1)), Gas: erc20Gas, FeeCap: s.feeCap}
		}
		return Call{To: to, Value: big.NewInt(1), Gas: params.TxGas, FeeCap: s.feeCap}
	}
	nonces, err := batchNonces(ctx, s.c, addrs)
	if err != nil {
		return nil, err
	}
	s.log.Info("Pre-signing", "accounts", len(addrs), "per_account", perAccount, "total", perAccount*len(addrs))
	return signAll(s.accounts, s.info.chainID, nonces, perAccount, call), nil
}

// waitFunded polls the accounts' balances (and token balances) until each
// holds what it needs.
func (s *setup) waitFunded(ctx context.Context, addrs []common.Address, need *big.Int, token common.Address, tokens int64) error {
	deadline := time.Now().Add(3 * time.Minute)
	for {
		bals, err := batchBalances(ctx, s.c, addrs)
		if err != nil {
			return err
		}
		short := 0
		for _, b := range bals {
			if b.Cmp(need) < 0 {
				short++
			}
		}
		if short == 0 && token != (common.Address{}) {
			tb, err := batchTokenBalances(ctx, s.c, token, addrs)
			if err != nil {
				return err
			}
			for _, b := range tb {
				if b.Cmp(big.NewInt(tokens)) < 0 {
					short++
				}
			}
		}
		if short == 0 {
			return nil
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("bench: %d of %d accounts still unfunded after 3 minutes (is the chain producing blocks?)", short, len(addrs))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(250 * time.Millisecond):
		}
	}
}

// signAll pre-signs perAccount calls for every account, over every core.
func signAll(keys []*ecdsa.PrivateKey, chainID *big.Int, nonces []uint64, perAccount int, call func(i int) Call) []Sender {
	senders := make([]Sender, len(keys))
	work := make(chan int)
	var wg sync.WaitGroup
	for range runtime.GOMAXPROCS(0) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range work {
				senders[i] = SignCalls(keys[i], chainID, nonces[i], perAccount, call(i))
			}
		}()
	}
	for i := range keys {
		work <- i
	}
	close(work)
	wg.Wait()
	return senders
}

// loadRecipient is sender i's recipient: its own, so that no two senders
// write one account.
func loadRecipient(i int) common.Address {
	return common.BigToAddress(new(big.Int).Add(big.NewInt(0xb10ad0000), big.NewInt(int64(i))))
}

func sendBatches(ctx context.Context, c *rpc.Client, txs []*types.Transaction) error {
	for start := 0; start < len(txs); start += setupBatch {
		part := txs[start:min(start+setupBatch, len(txs))]
		batch := make([]rpc.BatchElem, len(part))
		hashes := make([]common.Hash, len(part))
		for i, tx := range part {
			raw, err := tx.MarshalBinary()
			if err != nil {
				return fmt.Errorf("bench: encode setup transaction: %w", err)
			}
			batch[i] = rpc.BatchElem{Method: "eth_sendRawTransaction", Args: []any{hexutil.Bytes(raw)}, Result: &hashes[i]}
		}
		if err := c.BatchCallContext(ctx, batch); err != nil {
			return fmt.Errorf("bench: send setup transactions: %w", err)
		}
		for i, b := range batch {
			if b.Error != nil {
				return fmt.Errorf("bench: setup transaction %d (nonce %d) refused: %w", start+i, part[i].Nonce(), b.Error)
			}
		}
	}
	return nil
}

func batchBalances(ctx context.Context, c *rpc.Client, addrs []common.Address) ([]*big.Int, error) {
	out := make([]*big.Int, len(addrs))
	err := batched(ctx, c, len(addrs), func(i int) rpc.BatchElem {
		return rpc.BatchElem{Method: "eth_getBalance", Args: []any{addrs[i], "latest"}, Result: new(hexutil.Big)}
	}, func(i int, e rpc.BatchElem) { out[i] = e.Result.(*hexutil.Big).ToInt() })
	if err != nil {
		return nil, fmt.Errorf("bench: balances: %w", err)
	}
	return out, nil
}

func batchNonces(ctx context.Context, c *rpc.Client, addrs []common.Address) ([]uint64, error) {
	out := make([]uint64, len(addrs))
	err := batched(ctx, c, len(addrs), func(i int) rpc.BatchElem {
		return rpc.BatchElem{Method: "eth_getTransactionCount", Args: []any{addrs[i], "pending"}, Result: new(hexutil.Uint64)}
	}, func(i int, e rpc.BatchElem) { out[i] = uint64(*e.Result.(*hexutil.Uint64)) })
	if err != nil {
		return nil, fmt.Errorf("bench: nonces: %w", err)
	}
	return out, nil
}

func batchTokenBalances(ctx context.Context, c *rpc.Client, token common.Address, addrs []common.Address) ([]*big.Int, error) {
	usdc := bindings.NewTestUSDC()
	out := make([]*big.Int, len(addrs))
	var decodeErr error
	err := batched(ctx, c, len(addrs), func(i int) rpc.BatchElem {
		msg := map[string]any{"to": token, "data": hexutil.Bytes(usdc.PackBalanceOf(addrs[i]))}
		return rpc.BatchElem{Method: "eth_call", Args: []any{msg, "latest"}, Result: new(hexutil.Bytes)}
	}, func(i int, e rpc.BatchElem) {
		raw := *e.Result.(*hexutil.Bytes)
		if len(raw) == 0 { // no code at the token yet
			out[i] = new(big.Int)
			return
		}
		v, err := usdc.UnpackBalanceOf(raw)
		if err != nil && decodeErr == nil {
			decodeErr = err
		}
		if v == nil {
			v = new(big.Int)
		}
		out[i] = v
	})
	if err == nil {
		err = decodeErr
	}
	if err != nil {
		return nil, fmt.Errorf("bench: token balances: %w", err)
	}
	return out, nil
}

// batched runs n calls in JSON-RPC batches of setupBatch.
func batched(ctx context.Context, c *rpc.Client, n int, elem func(i int) rpc.BatchElem, done func(i int, e rpc.BatchElem)) error {
	for start := 0; start < n; start += setupBatch {
		batch := make([]rpc.BatchElem, min(setupBatch, n-start))
		for k := range batch {
			batch[k] = elem(start + k)
		}
		if err := c.BatchCallContext(ctx, batch); err != nil {
			return err
		}
		for k, e := range batch {
			if e.Error != nil {
				return fmt.Errorf("%s: %w", e.Method, e.Error)
			}
			done(start+k, e)
		}
	}
	return nil
}

func pendingNonce(ctx context.Context, c *rpc.Client, a common.Address) (uint64, error) {
	var n hexutil.Uint64
	if err := c.CallContext(ctx, &n, "eth_getTransactionCount", a, "pending"); err != nil {
		return 0, fmt.Errorf("bench: nonce of %s: %w", a, err)
	}
	return uint64(n), nil
}

func estimateGas(ctx context.Context, c *rpc.Client, from common.Address, to *common.Address, data []byte) (uint64, error) {
	msg := map[string]any{"from": from, "data": hexutil.Bytes(data)}
	if to != nil {
		msg["to"] = *to
	}
	var g hexutil.Uint64
	if err := c.CallContext(ctx, &g, "eth_estimateGas", msg); err != nil {
		return 0, err
	}
	if g == 0 {
		return 0, errors.New("zero gas estimate")
	}
	return uint64(g), nil
}

// Package txmgr sends the node's L1 transactions from one operator key:
// it estimates gas (surfacing reverts before anything is sent), picks the
// nonce from what L1 says, waits for the receipt, bumps fees when a
// transaction sits unmined, and recovers from a transaction left in the
// pool by an earlier run of the node.
//
// Sends are serialized: one transaction in flight at a time keeps nonce
// handling trivially right across restarts, and the committer and proof
// sender each send at most one transaction per batch.
//
// Send returns once a receipt is seen. A transaction that an L1 reorg
// removes afterwards is not tracked here: the committer and the proof
// sender read lastCommittedBatch and lastVerifiedBatch from L1 at every
// step and send it again (a copy left in the pool by the reorg is
// outbid, or mined first).
//
// Only EIP-1559 transactions are sent: an L1 head without a base fee is
// refused with ErrNoBaseFee.
package txmgr

import (
	"context"
	"crypto/ecdsa"
	"errors"
	"fmt"
	"log/slog"
	"math/big"
	"strings"
	"sync"
	"time"

	"github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/crypto"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
)

// Client is what the manager needs of an L1 node.
type Client interface {
	ChainID(ctx context.Context) (*big.Int, error)
	NonceAt(ctx context.Context, account common.Address, block *big.Int) (uint64, error)
	HeaderByNumber(ctx context.Context, number *big.Int) (*types.Header, error)
	SuggestGasTipCap(ctx context.Context) (*big.Int, error)
	EstimateGas(ctx context.Context, msg ethereum.CallMsg) (uint64, error)
	SendTransaction(ctx context.Context, tx *types.Transaction) error
	TransactionReceipt(ctx context.Context, txHash common.Hash) (*types.Receipt, error)
}

// Config tunes fee bumping and polling.
type Config struct {
	ResubmitAfter  time.Duration // bump fees of a tx not mined after this long
	FeeBumpPercent uint64        // at least 10
	MaxFeePerGas   *big.Int      // never bid above this
	PollInterval   time.Duration // how often receipts are polled
}

// withDefaults fills the zero fields, and raises a fee bump under 10%.
func (c Config) withDefaults() Config {
	if c.FeeBumpPercent < 10 {
		c.FeeBumpPercent = 10
	}
	if c.PollInterval <= 0 {
		c.PollInterval = 200 * time.Millisecond
	}
	if c.ResubmitAfter <= 0 {
		c.ResubmitAfter = 30 * time.Second
	}
	if c.MaxFeePerGas == nil {
		c.MaxFeePerGas = new(big.Int).Mul(big.NewInt(500), big.NewInt(params.GWei))
	}
	return c
}

// ErrReverted is returned when a transaction was mined but failed, or
// when gas estimation shows that it would revert.
var ErrReverted = errors.New("L1 transaction reverted")

// ErrNoBaseFee is returned when the L1 head has no base fee (a chain
// without EIP-1559): the manager sends only dynamic-fee transactions.
var ErrNoBaseFee = errors.New("the L1 head has no base fee: Cairn sends EIP-1559 transactions and needs an L1 with the London fork")

// Manager sends transactions from one key.
type Manager struct {
	cfg     Config
	client  Client
	key     *ecdsa.PrivateKey
	from    common.Address
	chainID *big.Int
	signer  types.Signer
	log     *slog.Logger
	mu      sync.Mutex
}

// New returns a manager for key on the chain client is connected to.
func New(ctx context.Context, cfg Config, client Client, key *ecdsa.PrivateKey, log *slog.Logger) (*Manager, error) {
	cfg = cfg.withDefaults()
	id, err := client.ChainID(ctx)
	if err != nil {
		return nil, fmt.Errorf("L1 chain id: %w", err)
	}
	return &Manager{cfg: cfg, client: client, key: key, from: crypto.PubkeyToAddress(key.PublicKey),
		chainID: id, signer: types.LatestSignerForChainID(id), log: log}, nil
}

// From is the sending address.
func (m *Manager) From() common.Address { return m.from }

// ChainID is the L1 chain id.
func (m *Manager) ChainID() *big.Int { return new(big.Int).Set(m.chainID) }

// Send sends a call to `to` with calldata and waits until it is mined. A
// call that would revert is refused before sending, with the revert reason;
// a mined transaction that failed returns ErrReverted with its receipt.
func (m *Manager) Send(ctx context.Context, what string, to common.Address, data []byte) (*types.Receipt, error) {
	m.mu.Lock()
	defer m.mu.Unlock()

	gas, err := m.client.EstimateGas(ctx, ethereum.CallMsg{From: m.from, To: &to, Data: data})
	if err != nil {
		if isRevert(err) {
			return nil, fmt.Errorf("%s: %w: %w%s", what, ErrReverted, err, revertData(err))
		}
		return nil, fmt.Errorf("%s: estimate gas: %w", what, err)
	}
	gas += gas / 5 // headroom: state may move between estimate and inclusion
	nonce, err := m.client.NonceAt(ctx, m.from, nil)
	if err != nil {
		return nil, fmt.Errorf("%s: nonce: %w", what, err)
	}
	tip, feeCap, err := m.fees(ctx)
	if err != nil {
		return nil, fmt.Errorf("%s: fees: %w", what, err)
	}

	var sent []common.Hash
	for {
		tx, err := types.SignNewTx(m.key, m.signer, &types.DynamicFeeTx{ChainID: m.chainID, Nonce: nonce,
			GasTipCap: tip, GasFeeCap: feeCap, Gas: gas, To: &to, Data: data})
		if err != nil {
			return nil, fmt.Errorf("%s: sign: %w", what, err)
		}
		err = m.client.SendTransaction(ctx, tx)
		switch {
		case err == nil:
			sent = append(sent, tx.Hash())
			m.log.Debug("L1 transaction sent", "what", what, "tx", tx.Hash(), "nonce", nonce, "tip", tip, "fee_cap", feeCap)
		case isUnderpriced(err):
			// A transaction with this nonce is already in the pool, from an
			// earlier attempt or an earlier run of the node: outbid it.
			m.log.Info("L1 transaction replaces one in the pool", "what", what, "nonce", nonce)
			if tip, feeCap, err = m.bump(tip, feeCap); err != nil {
				return nil, fmt.Errorf("%s: %w", what, err)
			}
			continue
		case isNonceTooLow(err):
			// One of ours was mined meanwhile, most likely: its receipt can
			// take a moment to be served (geth indexes transactions after
			// the block), so look for it a while before blaming another.
			if len(sent) > 0 {
				if r, err := m.awaitReceipt(ctx, sent, m.cfg.ResubmitAfter); err != nil || r != nil {
					if err != nil {
						return nil, err
					}
					return m.result(what, r)
				}
			}
			return nil, fmt.Errorf("%s: nonce %d was used by another transaction from %s", what, nonce, m.from)
		case isKnown(err):
			sent = append(sent, tx.Hash())
		default:
			return nil, fmt.Errorf("%s: send: %w", what, err)
		}

		r, err := m.awaitReceipt(ctx, sent, m.cfg.ResubmitAfter)
		if err != nil {
			return nil, err
		}
		if r != nil {
			return m.result(what, r)
		}
		if tip, feeCap, err = m.bump(tip, feeCap); err != nil {
			return nil, fmt.Errorf("%s: not mined and %w", what, err)
		}
		m.log.Warn("L1 transaction not mined, bumping fees", "what", what, "nonce", nonce, "tip", tip, "fee_cap", feeCap)
	}
}

func (m *Manager) result(what string, r *types.Receipt) (*types.Receipt, error) {
	if r.Status != types.ReceiptStatusSuccessful {
		return r, fmt.Errorf("%s: %w in block %d (tx %s)", what, ErrReverted, r.BlockNumber, r.TxHash)
	}
	return r, nil
}

// awaitReceipt polls for the receipt of any of hashes for up to d; nil
// when none was found by then.
func (m *Manager) awaitReceipt(ctx context.Context, hashes []common.Hash, d time.Duration) (*types.Receipt, error) {
	deadline := time.Now().Add(d)
	for {
		if r := m.findReceipt(ctx, hashes); r != nil {
			return r, nil
		}
		if !time.Now().Before(deadline) {
			return nil, nil
		}
		select {
		case <-ctx.Done():
			return nil, ctx.Err()
		case <-time.After(m.cfg.PollInterval):
		}
	}
}

func (m *Manager) findReceipt(ctx context.Context, hashes []common.Hash) *types.Receipt {
	for _, h := range hashes {
		if r, err := m.client.TransactionReceipt(ctx, h); err == nil && r != nil {
			return r
		}
	}
	return nil
}

func (m *Manager) fees(ctx context.Context) (*big.Int, *big.Int, error) {
	tip, err := m.client.SuggestGasTipCap(ctx)
	if err != nil {
		return nil, nil, err
	}
	head, err := m.client.HeaderByNumber(ctx, nil)
	if err != nil {
		return nil, nil, err
	}
	if head == nil || head.BaseFee == nil {
		return nil, nil, ErrNoBaseFee
	}
	feeCap := new(big.Int).Add(tip, new(big.Int).Mul(head.BaseFee, big.NewInt(2)))
	if feeCap.Cmp(m.cfg.MaxFeePerGas) > 0 {
		feeCap = new(big.Int).Set(m.cfg.MaxFeePerGas)
		if tip.Cmp(feeCap) > 0 {
			tip = new(big.Int).Set(feeCap)
		}
	}
	return tip, feeCap, nil
}

// bump raises both fees by FeeBumpPercent (rounding up, so a replacement
// always clears the pool's 10% rule), refusing to pass MaxFeePerGas.
func (m *Manager) bump(tip, feeCap *big.Int) (*big.Int, *big.Int, error) {
	up := func(v *big.Int) *big.Int {
		r := new(big.Int).Mul(v, big.NewInt(int64(100+m.cfg.FeeBumpPercent)))
		r.Add(r, big.NewInt(99))
		return r.Div(r, big.NewInt(100))
	}
	tip, feeCap = up(tip), up(feeCap)
	if feeCap.Cmp(m.cfg.MaxFeePerGas) > 0 {
		return nil, nil, fmt.Errorf("fee cap would pass the %s wei limit (l1.max_fee_gwei)", m.cfg.MaxFeePerGas)
	}
	return tip, feeCap, nil
}

// revertData formats the revert data an RPC error carries (the custom
// error of a contract), so that the log shows which check failed.
func revertData(err error) string {
	var de rpc.DataError
	if errors.As(err, &de) && de.ErrorData() != nil {
		return fmt.Sprintf(" (revert data %v)", de.ErrorData())
	}
	return ""
}

func isRevert(err error) bool {
	s := err.Error()
	return strings.Contains(s, "execution reverted") || strings.Contains(s, "revert")
}

func isUnderpriced(err error) bool {
	s := err.Error()
	return strings.Contains(s, "underpriced")
}

func isNonceTooLow(err error) bool { return strings.Contains(err.Error(), "nonce too low") }

func isKnown(err error) bool {
	s := err.Error()
	return strings.Contains(s, "already known") || strings.Contains(s, "known transaction")
}

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
// refused with ErrNoBaseFee. SendBlobs sends EIP-4844 (type 3) transactions
// that carry a sidecar of blobs; see its comment for their fees, bumps and
// what happens after a restart.
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
	"github.com/holiman/uint256"
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
	MaxFeePerGas   *big.Int      // never bid above this, per gas and per blob gas
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

// ErrMixedTxKinds is returned when a blob transaction is asked for while a
// transaction without blobs from the same sender may still be pending, or
// the other way round: geth's pool keeps an account's transactions in one of
// its two pools (blob, legacy) at a time and refuses the other kind
// ("address already reserved") until the pending ones are mined.
var ErrMixedTxKinds = errors.New("blob and non-blob transactions from one L1 sender: geth's pool refuses the one kind while the other is pending")

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
	// unmined is the last transaction a send gave up on (context ended, error)
	// before it was mined: nil when none. It may still sit in the pool.
	unmined *sentTx
}

// sentTx is a transaction that was sent with a nonce, with or without blobs.
type sentTx struct {
	nonce uint64
	blobs bool
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
	return m.send(ctx, what, request{to: to, data: data})
}

// BlobFeeBumpPercent is the least bump of a blob transaction's fees: geth's
// blob pool replaces a pending blob transaction only with one whose tip, fee
// cap and blob fee cap are each at least this much higher (its PriceBump, 100
// by default: "either have patience or be aggressive").
const BlobFeeBumpPercent = 100

// SendBlobs is Send for an EIP-4844 (type 3) transaction that carries the
// blobs of sidecar (whose version the L1's pool must take: 1, with cell
// proofs, after Osaka). Gas is estimated with the blobs' versioned hashes, so
// that the call sees them (blobhash). Fees: the tip and fee cap as Send; the
// blob fee cap is twice the L1's blob base fee (eth_blobBaseFee), for the
// blocks to come, within MaxFeePerGas. A bump raises all three fees by at
// least BlobFeeBumpPercent, as geth's blob pool wants of a replacement.
//
// Nothing is persisted here: a restarted node sends the same call again, with
// its sidecar, as the caller builds it again (the committer from the batch L1
// expects next), and a copy the pool kept from the earlier run (geth's blob
// pool keeps them, sidecars included, on disk) is outbid as a replacement.
// Geth's pool refuses a blob transaction from an account that has a pending
// transaction without blobs, and the other way round: such a send returns
// ErrMixedTxKinds instead of waiting.
func (m *Manager) SendBlobs(ctx context.Context, what string, to common.Address, data []byte, sidecar *types.BlobTxSidecar) (*types.Receipt, error) {
	if sidecar == nil || len(sidecar.Blobs) == 0 {
		return nil, fmt.Errorf("%s: a blob transaction without blobs", what)
	}
	return m.send(ctx, what, request{to: to, data: data, sidecar: sidecar})
}

// request is what a send is asked for.
type request struct {
	to      common.Address
	data    []byte
	sidecar *types.BlobTxSidecar // nil: no blobs
}

// fees are the fees of one attempt; blobFeeCap is nil without blobs.
type fees struct {
	tip, feeCap, blobFeeCap *big.Int
}

func (m *Manager) send(ctx context.Context, what string, req request) (*types.Receipt, error) {
	m.mu.Lock()
	defer m.mu.Unlock()

	blobs := req.sidecar != nil
	if err := m.checkKind(ctx, blobs); err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	f, err := m.fees(ctx, blobs)
	if err != nil {
		return nil, fmt.Errorf("%s: fees: %w", what, err)
	}
	msg := ethereum.CallMsg{From: m.from, To: &req.to, Data: req.data}
	if blobs {
		msg.BlobHashes, msg.BlobGasFeeCap = req.sidecar.BlobHashes(), f.blobFeeCap
	}
	gas, err := m.client.EstimateGas(ctx, msg)
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
	a := &attempt{what: what, req: req, nonce: nonce, gas: gas, fees: f}
	r, err := m.sendUntilMined(ctx, a)
	if r == nil && len(a.sent) > 0 {
		m.unmined = &sentTx{nonce: nonce, blobs: blobs}
	} else if r != nil {
		m.unmined = nil
	}
	return r, err
}

// checkKind refuses a send of the other kind (blobs or not) than a
// transaction of ours that may still be pending.
func (m *Manager) checkKind(ctx context.Context, blobs bool) error {
	u := m.unmined
	if u == nil || u.blobs == blobs {
		return nil
	}
	n, err := m.client.NonceAt(ctx, m.from, nil)
	if err != nil {
		return fmt.Errorf("nonce: %w", err)
	}
	if n > u.nonce {
		m.unmined = nil
		return nil
	}
	return fmt.Errorf("%w: %s transaction with nonce %d, not mined, may still be in the pool", ErrMixedTxKinds, kind(u.blobs), u.nonce)
}

func kind(blobs bool) string {
	if blobs {
		return "a blob"
	}
	return "a non-blob"
}

// attempt is one send's transaction as it is bumped.
type attempt struct {
	what  string
	req   request
	nonce uint64
	gas   uint64
	fees  fees
	sent  []common.Hash // every version sent
	// reservedSince is when the pool first refused the attempt as reserved
	// by the other pool (zero: it has not).
	reservedSince time.Time
}

// sendUntilMined sends the attempt's transaction, and replaces it with
// bumped fees until one version is mined.
func (m *Manager) sendUntilMined(ctx context.Context, a *attempt) (*types.Receipt, error) {
	what := a.what
	for {
		tx, err := m.sign(a)
		if err != nil {
			return nil, fmt.Errorf("%s: sign: %w", what, err)
		}
		err = m.client.SendTransaction(ctx, tx)
		switch {
		case err == nil:
			a.sent = append(a.sent, tx.Hash())
			m.log.Debug("L1 transaction sent", "what", what, "tx", tx.Hash(), "nonce", a.nonce, "tip", a.fees.tip,
				"fee_cap", a.fees.feeCap, "blob_fee_cap", a.fees.blobFeeCap)
		case isUnderpriced(err):
			// A transaction with this nonce is already in the pool, from an
			// earlier attempt or an earlier run of the node: outbid it.
			m.log.Info("L1 transaction replaces one in the pool", "what", what, "nonce", a.nonce)
			if a.fees, err = m.bump(a.fees); err != nil {
				return nil, fmt.Errorf("%s: %w", what, err)
			}
			continue
		case isNonceTooLow(err):
			return m.nonceTaken(ctx, a)
		case isKnown(err):
			a.sent = append(a.sent, tx.Hash())
		case isReserved(err):
			if err := m.awaitUnreserved(ctx, a, err); err != nil {
				return nil, err
			}
			continue
		default:
			return nil, fmt.Errorf("%s: send: %w", what, err)
		}

		r, err := m.awaitReceipt(ctx, a.sent, m.cfg.ResubmitAfter)
		if err != nil {
			return nil, err
		}
		if r != nil {
			return m.result(what, r)
		}
		if a.fees, err = m.bump(a.fees); err != nil {
			return nil, fmt.Errorf("%s: not mined and %w", what, err)
		}
		m.log.Warn("L1 transaction not mined, bumping fees", "what", what, "nonce", a.nonce, "tip", a.fees.tip,
			"fee_cap", a.fees.feeCap, "blob_fee_cap", a.fees.blobFeeCap)
	}
}

// ReservedGrace is how long a send keeps trying while geth's pool says
// the account is reserved by the other pool (blob or not): the pool frees it
// only once it has processed the block that mined our last transaction of the
// other kind, a moment after the block.
var ReservedGrace = 3 * time.Second

// awaitUnreserved waits PollInterval before the attempt is sent again while
// the pool refuses it as "address already reserved", and returns
// ErrMixedTxKinds once that has lasted ReservedGrace.
func (m *Manager) awaitUnreserved(ctx context.Context, a *attempt, err error) error {
	if a.reservedSince.IsZero() {
		a.reservedSince = time.Now()
	}
	if time.Since(a.reservedSince) >= ReservedGrace {
		return fmt.Errorf("%s: %w: the L1 pool holds %s transaction from %s (%w)", a.what, ErrMixedTxKinds,
			kind(a.req.sidecar == nil), m.from, err)
	}
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-time.After(m.cfg.PollInterval):
		return nil
	}
}

// nonceTaken handles a nonce the L1 says is used: one of ours was mined
// meanwhile, most likely. Its receipt can take a moment to be served (geth
// indexes transactions after the block), so look for it a while before
// blaming another.
func (m *Manager) nonceTaken(ctx context.Context, a *attempt) (*types.Receipt, error) {
	if len(a.sent) > 0 {
		r, err := m.awaitReceipt(ctx, a.sent, m.cfg.ResubmitAfter)
		if err != nil {
			return nil, err
		}
		if r != nil {
			return m.result(a.what, r)
		}
	}
	return nil, fmt.Errorf("%s: nonce %d was used by another transaction from %s", a.what, a.nonce, m.from)
}

// sign signs the attempt's transaction at its current fees: a dynamic-fee
// transaction, or a blob transaction with the sidecar.
func (m *Manager) sign(a *attempt) (*types.Transaction, error) {
	req, f := a.req, a.fees
	if req.sidecar == nil {
		return types.SignNewTx(m.key, m.signer, &types.DynamicFeeTx{ChainID: m.chainID, Nonce: a.nonce,
			GasTipCap: f.tip, GasFeeCap: f.feeCap, Gas: a.gas, To: &req.to, Data: req.data})
	}
	u := func(v *big.Int) *uint256.Int { return uint256.MustFromBig(v) }
	return types.SignNewTx(m.key, m.signer, &types.BlobTx{ChainID: u(m.chainID), Nonce: a.nonce,
		GasTipCap: u(f.tip), GasFeeCap: u(f.feeCap), Gas: a.gas, To: req.to, Data: req.data,
		BlobFeeCap: u(f.blobFeeCap), BlobHashes: req.sidecar.BlobHashes(), Sidecar: req.sidecar})
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

// BlobBaseFeeReader reads the L1's blob base fee (eth_blobBaseFee), which
// blob transactions need; ethclient.Client has it.
type BlobBaseFeeReader interface {
	BlobBaseFee(ctx context.Context) (*big.Int, error)
}

func (m *Manager) fees(ctx context.Context, blobs bool) (fees, error) {
	tip, err := m.client.SuggestGasTipCap(ctx)
	if err != nil {
		return fees{}, err
	}
	head, err := m.client.HeaderByNumber(ctx, nil)
	if err != nil {
		return fees{}, err
	}
	if head == nil || head.BaseFee == nil {
		return fees{}, ErrNoBaseFee
	}
	feeCap := new(big.Int).Add(tip, new(big.Int).Mul(head.BaseFee, big.NewInt(2)))
	if feeCap.Cmp(m.cfg.MaxFeePerGas) > 0 {
		feeCap = new(big.Int).Set(m.cfg.MaxFeePerGas)
		if tip.Cmp(feeCap) > 0 {
			tip = new(big.Int).Set(feeCap)
		}
	}
	f := fees{tip: tip, feeCap: feeCap}
	if !blobs {
		return f, nil
	}
	r, ok := m.client.(BlobBaseFeeReader)
	if !ok {
		return fees{}, errors.New("the L1 client cannot read the blob base fee (eth_blobBaseFee)")
	}
	blobFee, err := r.BlobBaseFee(ctx)
	if err != nil {
		return fees{}, fmt.Errorf("blob base fee: %w", err)
	}
	// Twice the current blob base fee, which rises by at most 12.5% a block.
	f.blobFeeCap = new(big.Int).Mul(blobFee, big.NewInt(2))
	if f.blobFeeCap.Sign() == 0 {
		f.blobFeeCap.SetInt64(1)
	}
	if f.blobFeeCap.Cmp(m.cfg.MaxFeePerGas) > 0 {
		f.blobFeeCap = new(big.Int).Set(m.cfg.MaxFeePerGas)
	}
	return f, nil
}

// bump raises every fee by FeeBumpPercent — at least BlobFeeBumpPercent for
// a blob transaction — rounding up and by at least 1 wei, so that a
// replacement always clears the pool's rule (10% for the legacy pool, 100%
// for the blob pool, on each fee, strictly above the old one), refusing to
// pass MaxFeePerGas.
func (m *Manager) bump(f fees) (fees, error) {
	pct := m.cfg.FeeBumpPercent
	if f.blobFeeCap != nil && pct < BlobFeeBumpPercent {
		pct = BlobFeeBumpPercent
	}
	up := func(v *big.Int) *big.Int {
		r := new(big.Int).Mul(v, new(big.Int).SetUint64(100+pct))
		r.Add(r, big.NewInt(99))
		r.Div(r, big.NewInt(100))
		if r.Cmp(v) <= 0 {
			r.Add(v, big.NewInt(1))
		}
		return r
	}
	out := fees{tip: up(f.tip), feeCap: up(f.feeCap)}
	if out.feeCap.Cmp(m.cfg.MaxFeePerGas) > 0 {
		return fees{}, fmt.Errorf("fee cap would pass the %s wei limit (l1.max_fee_gwei)", m.cfg.MaxFeePerGas)
	}
	if f.blobFeeCap != nil {
		out.blobFeeCap = up(f.blobFeeCap)
		if out.blobFeeCap.Cmp(m.cfg.MaxFeePerGas) > 0 {
			return fees{}, fmt.Errorf("blob fee cap would pass the %s wei limit (l1.max_fee_gwei)", m.cfg.MaxFeePerGas)
		}
	}
	return out, nil
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

func isReserved(err error) bool { return strings.Contains(err.Error(), "address already reserved") }

func isKnown(err error) bool {
	s := err.Error()
	return strings.Contains(s, "already known") || strings.Contains(s, "known transaction")
}

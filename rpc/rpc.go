package rpc

import (
	"errors"
	"fmt"
	"sort"

	"github.com/cairn-rollup/cairn/l1/bindings"
	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/store"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/common/lru"
)

// Store is what the API reads.
type Store interface {
	LastBlock() (uint64, error)
	FinalBlock(n uint64) (*store.FinalBlock, error)
	LastSealed() (uint64, error)
	Batch(n uint64) (*store.SealedBatch, error)
	BatchesOfTx(tx common.Hash) ([]uint64, error)
	Proof(n uint64, proofType uint8) ([]byte, error)
	Deposit(id uint64) (*rollup.Deposit, error)
	LastDepositID() (uint64, error)
	DepositsThrough(n uint64) (uint64, error)
}

// L1 tells what L1 has committed and verified, as the node's L1 loop last
// read it (blocktags.Service, once a poll): RPC calls do not spend the
// operator's L1 quota.
type L1 interface {
	Counters() (committed, verified uint64, err error)
}

// treesCached is how many batches' withdrawal trees the API keeps: those of
// the few batches whose withdrawals are being claimed.
const treesCached = 8

// API is the cairn namespace.
type API struct {
	store   Store
	l1      L1
	chain   Chain
	bridge  Bridge
	chainID uint64
	trees   *lru.Cache[uint64, *rollup.MerkleTree] // by batch number
}

// New returns the API.
func New(st Store, l1 L1, chain Chain, bridge Bridge, l2ChainID uint64) *API {
	return &API{store: st, l1: l1, chain: chain, bridge: bridge, chainID: l2ChainID, trees: lru.NewCache[uint64, *rollup.MerkleTree](treesCached)}
}

// BatchNumbers is the answer of cairn_batchNumber. Committed and Verified
// are L1's as the node last read them; while it cannot (the last read
// failed, or none was made yet), they are null and L1Error says why.
// Sealed comes from the node's store and is always there.
type BatchNumbers struct {
	Sealed    hexutil.Uint64  `json:"sealed"`
	Committed *hexutil.Uint64 `json:"committed"`
	Verified  *hexutil.Uint64 `json:"verified"`
	L1Error   string          `json:"l1Error,omitempty"`
}

// BatchNumber returns the latest sealed, committed and verified batch.
func (a *API) BatchNumber() (*BatchNumbers, error) {
	sealed, err := a.store.LastSealed()
	if err != nil {
		return nil, err
	}
	out := &BatchNumbers{Sealed: hexutil.Uint64(sealed)}
	committed, verified, err := a.l1.Counters()
	if err != nil {
		out.L1Error = l1Unreachable(err)
		return out, nil
	}
	out.Committed, out.Verified = (*hexutil.Uint64)(&committed), (*hexutil.Uint64)(&verified)
	return out, nil
}

func l1Unreachable(err error) string { return fmt.Sprintf("L1 unreachable: %v", err) }

// Batch is a sealed batch as the API shows it.
type Batch struct {
	Number              hexutil.Uint64 `json:"number"`
	FirstBlock          hexutil.Uint64 `json:"firstBlock"`
	LastBlock           hexutil.Uint64 `json:"lastBlock"`
	PrevStateRoot       common.Hash    `json:"prevStateRoot"`
	StateRoot           common.Hash    `json:"stateRoot"`
	LastBlockHash       common.Hash    `json:"lastBlockHash"`
	PrevLastDepositID   hexutil.Uint64 `json:"prevLastDepositId"`
	LastDepositID       hexutil.Uint64 `json:"lastDepositId"`
	DepositsRollingHash common.Hash    `json:"depositsRollingHash"`
	WithdrawalsRoot     common.Hash    `json:"withdrawalsRoot"`
	WithdrawalsCount    hexutil.Uint64 `json:"withdrawalsCount"`
	DataCommitment      common.Hash    `json:"dataCommitment"`
	BatchHash           common.Hash    `json:"batchHash"`
	PublicInputsHash    common.Hash    `json:"publicInputsHash"`
}

func (a *API) toBatch(b *rollup.Batch) *Batch {
	return &Batch{Number: hexutil.Uint64(b.Number), FirstBlock: hexutil.Uint64(b.FirstBlock), LastBlock: hexutil.Uint64(b.LastBlock),
		PrevStateRoot: b.PrevStateRoot, StateRoot: b.StateRoot, LastBlockHash: b.LastBlockHash,
		PrevLastDepositID: hexutil.Uint64(b.PrevLastDepositID), LastDepositID: hexutil.Uint64(b.LastDepositID), DepositsRollingHash: b.DepositsRollingHash,
		WithdrawalsRoot: b.WithdrawalsRoot, WithdrawalsCount: hexutil.Uint64(b.WithdrawalsCount),
		DataCommitment: b.DataCommitment, BatchHash: b.Hash(a.chainID), PublicInputsHash: b.PublicInputsHash(a.chainID)}
}

// GetBatch returns sealed batch n, or null if it is not sealed.
func (a *API) GetBatch(n hexutil.Uint64) (*Batch, error) {
	sb, err := a.store.Batch(uint64(n))
	if errors.Is(err, store.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	return a.toBatch(&sb.Batch), nil
}

// GetBatchByBlock returns the sealed batch holding L2 block b, or null.
func (a *API) GetBatchByBlock(b hexutil.Uint64) (*Batch, error) {
	last, err := a.store.LastSealed()
	if err != nil {
		return nil, err
	}
	var lookupErr error
	i := sort.Search(int(last), func(i int) bool {
		sb, err := a.store.Batch(uint64(i + 1))
		if err != nil {
			lookupErr = err
			return true
		}
		return sb.Batch.LastBlock >= uint64(b)
	})
	if lookupErr != nil {
		return nil, lookupErr
	}
	if i == int(last) || b == 0 {
		return nil, nil
	}
	return a.GetBatch(hexutil.Uint64(i + 1))
}

// WithdrawalProof is what Bridge.claimWithdrawal needs for one withdrawal:
// its arguments, and ClaimCalldata, the ABI-encoded call of
// claimWithdrawal(uint64 batchNumber, uint256 withdrawalId, address from,
// address l1Recipient, uint256 amount, bytes32[] proof) with them, to send
// to the Bridge as it is.
type WithdrawalProof struct {
	BatchNumber   hexutil.Uint64 `json:"batchNumber"`
	WithdrawalID  hexutil.Uint64 `json:"withdrawalId"`
	From          common.Address `json:"from"`
	L1Recipient   common.Address `json:"l1Recipient"`
	Amount        *hexutil.Big   `json:"amount"`
	Proof         []common.Hash  `json:"proof"`
	ClaimCalldata hexutil.Bytes  `json:"claimCalldata"`
}

// GetWithdrawalProof returns a proof for every withdrawal made by an L2
// transaction, once its block is sealed into a batch. The list is empty
// while it is not (or when the transaction made no withdrawal); a
// transaction no block of this node holds is an error (ErrUnknownTx).
// cairn_getWithdrawalStatus tells which of these it is.
func (a *API) GetWithdrawalProof(tx common.Hash) ([]WithdrawalProof, error) {
	if _, ok := a.chain.TxLogs(tx); !ok {
		return nil, unknownTx(tx)
	}
	nums, err := a.store.BatchesOfTx(tx)
	if err != nil {
		return nil, err
	}
	out := []WithdrawalProof{}
	bridge := bindings.NewBridge()
	for _, n := range nums {
		sb, err := a.store.Batch(n)
		if err != nil {
			return nil, err
		}
		tree := a.withdrawalsTree(sb)
		for i, w := range sb.Withdrawals {
			if w.TxHash != tx {
				continue
			}
			p := WithdrawalProof{BatchNumber: hexutil.Uint64(n), WithdrawalID: hexutil.Uint64(w.ID),
				From: w.From, L1Recipient: w.L1Recipient, Amount: (*hexutil.Big)(w.Amount), Proof: tree.Proof(i)}
			if p.ClaimCalldata, err = claimCalldata(bridge, &p); err != nil {
				return nil, fmt.Errorf("withdrawal %d of batch %d: %w", w.ID, n, err)
			}
			out = append(out, p)
		}
	}
	return out, nil
}

// withdrawalsTree is the Merkle tree of sb's withdrawals, built once for
// all the calls that ask about the withdrawals of a batch (a sealed batch
// is never sealed again: the store only appends).
func (a *API) withdrawalsTree(sb *store.SealedBatch) *rollup.MerkleTree {
	if t, ok := a.trees.Get(sb.Batch.Number); ok {
		return t
	}
	t := rollup.NewMerkleTree(rollup.WithdrawalLeaves(a.chainID, sb.Withdrawals))
	a.trees.Add(sb.Batch.Number, t)
	return t
}

// ProofStatus tells where a batch is on its way to L1. While L1 cannot be
// read, Committed and Verified are null and L1Error says why.
type ProofStatus struct {
	Batch     hexutil.Uint64 `json:"batch"`
	Sealed    bool           `json:"sealed"`
	Proven    bool           `json:"proven"` // an accepted exec proof is stored
	Committed *bool          `json:"committed"`
	Verified  *bool          `json:"verified"`
	L1Error   string         `json:"l1Error,omitempty"`
}

// GetProofStatus returns the status of batch n.
func (a *API) GetProofStatus(n hexutil.Uint64) (*ProofStatus, error) {
	nums, err := a.BatchNumber()
	if err != nil {
		return nil, err
	}
	st := &ProofStatus{Batch: n, Sealed: n >= 1 && n <= nums.Sealed, L1Error: nums.L1Error}
	if nums.Committed != nil && nums.Verified != nil {
		committed, verified := n >= 1 && n <= *nums.Committed, n >= 1 && n <= *nums.Verified
		st.Committed, st.Verified = &committed, &verified
	}
	if _, err := a.store.Proof(uint64(n), 1); err == nil {
		st.Proven = true
	} else if !errors.Is(err, store.ErrNotFound) {
		return nil, err
	}
	return st, nil
}

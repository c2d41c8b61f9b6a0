package batchdata

import (
	"fmt"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"
)

// Least bytes an item takes in the payload: count checks use them before
// anything is allocated from a count.
const (
	minBlockBytes = 1 + 1 + common.AddressLength + 1 + 1 + 1 + 1 // timestamp, gas limit, recipient, extra len, root flag, deposits, tx count
	minTxBytes    = 1 + 1 + 1 + 1 + 1 + 1 + 1 + 64               // kind, nonce, gas, exp, value, fee cap, data len, r and s
	minTupleBytes = common.AddressLength + 1                     // access list entry: address, key count
	minAuthBytes  = 1 + common.AddressLength + 1 + 1 + 64        // chain id, address, nonce, parity, r and s
)

// txFields are a transaction's fields as the columns give them.
type txFields struct {
	kind     byte
	nonce    uint64
	gas      uint64
	to       *common.Address
	valueExp byte
	value    *uint256.Int
	feeCap   *uint256.Int
	tip      *uint256.Int
	dataLen  int
	data     []byte
	access   types.AccessList
	auths    []types.SetCodeAuthorization
	r, s     uint256.Int
	txType   byte
	parity   byte
	protects bool
}

// decodePayload is the inverse of payload.
func decodePayload(p []byte) ([]Block, error) {
	r := &reader{b: p}
	chainID, err := r.uvarint256("chain id")
	if err != nil {
		return nil, err
	}
	n, err := r.count("block count", MaxBlocks, minBlockBytes)
	if err != nil {
		return nil, err
	}
	blocks := make([]Block, n)
	ntx := uint64(0)
	for i := range blocks {
		n, err := readBlock(r, blocks, i)
		if err != nil {
			return nil, fmt.Errorf("block %d of the batch: %w", i, err)
		}
		if ntx += n; ntx > MaxTxs {
			return nil, fmt.Errorf("%w: over %d transactions", ErrTooLarge, MaxTxs)
		}
		if ntx > uint64(r.left()/minTxBytes) {
			return nil, fmt.Errorf("%w: block %d of the batch: %d transactions so far, %d bytes left", ErrMalformed, i, ntx, r.left())
		}
		blocks[i].Txs = make(types.Transactions, n)
	}
	txs := make([]txFields, ntx)
	if err := readTxColumns(r, txs); err != nil {
		return nil, err
	}
	if r.left() != 0 {
		return nil, fmt.Errorf("%w: %d trailing bytes after the last column", ErrMalformed, r.left())
	}
	if err := checkChainID(chainID, txs); err != nil {
		return nil, err
	}
	k := 0
	for i := range blocks {
		for j := range blocks[i].Txs {
			tx, err := txs[k].transaction(chainID)
			if err != nil {
				return nil, fmt.Errorf("block %d of the batch: tx %d: %w", i, j, err)
			}
			blocks[i].Txs[j] = tx
			k++
		}
	}
	return blocks, nil
}

// readBlock reads blocks[i]'s header fields and returns its tx count.
func readBlock(r *reader, blocks []Block, i int) (uint64, error) {
	b := &blocks[i]
	ts, err := r.uvarint("timestamp")
	if err != nil {
		return 0, err
	}
	gl, err := r.uvarint("gas limit")
	if err != nil {
		return 0, err
	}
	if i > 0 {
		prev := &blocks[i-1]
		if ts == 0 || ts > ^uint64(0)-prev.Timestamp {
			return 0, fmt.Errorf("%w: timestamp delta %d after %d", ErrMalformed, ts, prev.Timestamp)
		}
		ts += prev.Timestamp
		gl = unzigzag(gl, prev.GasLimit)
	}
	b.Timestamp, b.GasLimit = ts, gl
	if err := readBlockRest(r, b); err != nil {
		return 0, err
	}
	return r.uvarint("tx count")
}

// readBlockRest reads a block's fee recipient, extra data, beacon root and
// deposit count.
func readBlockRest(r *reader, b *Block) error {
	fr, err := r.bytes(common.AddressLength, "fee recipient")
	if err != nil {
		return err
	}
	b.FeeRecipient = common.Address(fr)
	n, err := r.count("extra data length", uint64(MaxExtraData), 1)
	if err != nil {
		return err
	}
	extra, err := r.bytes(n, "extra data")
	if err != nil {
		return err
	}
	b.ExtraData = append([]byte{}, extra...)
	flag, err := r.byte("beacon root flag")
	if err != nil {
		return err
	}
	switch flag {
	case 0:
	case 1:
		root, err := r.bytes(common.HashLength, "beacon root")
		if err != nil {
			return err
		}
		if b.BeaconRoot = common.Hash(root); b.BeaconRoot == (common.Hash{}) {
			return fmt.Errorf("%w: beacon root flag 1 with a zero root", ErrMalformed)
		}
	default:
		return fmt.Errorf("%w: beacon root flag %d, want 0 or 1", ErrMalformed, flag)
	}
	if b.Deposits, err = r.uvarint("deposit count"); err != nil {
		return err
	}
	if b.Deposits > MaxDeposits {
		return fmt.Errorf("%w: %d deposits, at most %d", ErrTooLarge, b.Deposits, MaxDeposits)
	}
	return nil
}

// unzigzag is the inverse of zigzag.
func unzigzag(z, prev uint64) uint64 {
	d := int64(z>>1) ^ -int64(z&1)
	return prev + uint64(d)
}

// checkChainID refuses a chain id no transaction uses but zero: the
// payload of a batch is unique.
func checkChainID(chainID *uint256.Int, txs []txFields) error {
	if chainID.IsZero() {
		return nil
	}
	for i := range txs {
		if txs[i].protects {
			return nil
		}
	}
	return fmt.Errorf("%w: chain id %s with no replay-protected transaction (want 0)", ErrMalformed, chainID)
}

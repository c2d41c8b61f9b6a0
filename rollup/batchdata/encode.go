package batchdata

import (
	"errors"
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"
)

// The payload's columns, in the order they follow each other.
const (
	colBlocks     = iota // per block: timestamp, gas limit, fee recipient, extra, beacon root, deposits, tx count
	colKinds             // per tx: the kind byte
	colNonces            // per tx: uvarint
	colGas               // per tx: uvarint gas limit
	colTo                // per tx that is not a creation: 20 bytes
	colValueExp          // per tx: the value's decimal exponent, 1 byte
	colValue             // per tx: the value's mantissa, uvarint256
	colFeeCap            // per tx: gas price (types 0, 1) or max fee per gas (2, 4), uvarint256
	colTip               // per tx of type 2 or 4: max priority fee per gas, uvarint256
	colDataLen           // per tx: uvarint
	colData              // per tx: its data
	colAccessList        // per tx of type 1, 2 or 4: its access list
	colAuthList          // per tx of type 4: its authorization list
	colSigs              // per tx: r and s, 32 bytes each, big-endian
	numCols
)

// The kind byte of a transaction.
const (
	kindTypeMask    = 0x07 // the EIP-2718 type: 0, 1, 2 or 4
	kindParity      = 0x08 // the signature's y parity
	kindCreate      = 0x10 // no recipient: a contract creation
	kindUnprotected = 0x20 // a legacy transaction without EIP-155 replay protection
	kindKnownBits   = kindTypeMask | kindParity | kindCreate | kindUnprotected
)

// encoder holds the columns of a payload being written.
type encoder struct {
	cols    [numCols][]byte
	chainID *uint256.Int // the transactions', nil until one carries one
}

// payload is the uncompressed encoding of blocks (without the version byte).
func payload(blocks []Block) ([]byte, error) {
	if len(blocks) > MaxBlocks {
		return nil, fmt.Errorf("%w: %d blocks, at most %d", ErrTooLarge, len(blocks), MaxBlocks)
	}
	var e encoder
	ntx := 0
	for i := range blocks {
		if err := e.block(blocks, i); err != nil {
			return nil, fmt.Errorf("block %d of the batch: %w", i, err)
		}
		for j, tx := range blocks[i].Txs {
			if err := e.tx(tx); err != nil {
				return nil, fmt.Errorf("block %d of the batch: tx %d (%s): %w", i, j, tx.Hash(), err)
			}
		}
		ntx += len(blocks[i].Txs)
	}
	if ntx > MaxTxs {
		return nil, fmt.Errorf("%w: %d transactions, at most %d", ErrTooLarge, ntx, MaxTxs)
	}
	chainID := e.chainID
	if chainID == nil {
		chainID = new(uint256.Int)
	}
	out := appendUvarint256(nil, chainID)
	out = appendUvarint(out, uint64(len(blocks)))
	for _, c := range e.cols {
		out = append(out, c...)
	}
	if len(out) > MaxPayloadSize {
		return nil, fmt.Errorf("%w: payload of %d bytes, at most %d", ErrTooLarge, len(out), MaxPayloadSize)
	}
	return out, nil
}

// block writes the header fields of blocks[i]: the timestamp and gas
// limit as deltas from the previous block's.
func (e *encoder) block(blocks []Block, i int) error {
	b := &blocks[i]
	c := e.cols[colBlocks]
	if i == 0 {
		c = appendUvarint(c, b.Timestamp)
		c = appendUvarint(c, b.GasLimit)
	} else {
		prev := &blocks[i-1]
		if b.Timestamp <= prev.Timestamp {
			return fmt.Errorf("timestamp %d not after the previous block's %d", b.Timestamp, prev.Timestamp)
		}
		c = appendUvarint(c, b.Timestamp-prev.Timestamp)
		c = appendUvarint(c, zigzag(b.GasLimit, prev.GasLimit))
	}
	c = append(c, b.FeeRecipient[:]...)
	if len(b.ExtraData) > MaxExtraData {
		return fmt.Errorf("%w: extra data of %d bytes, at most %d", ErrTooLarge, len(b.ExtraData), MaxExtraData)
	}
	c = appendUvarint(c, uint64(len(b.ExtraData)))
	c = append(c, b.ExtraData...)
	if b.BeaconRoot == (common.Hash{}) {
		c = append(c, 0)
	} else {
		c = append(c, 1)
		c = append(c, b.BeaconRoot[:]...)
	}
	if b.Deposits > MaxDeposits {
		return fmt.Errorf("%w: %d deposits, at most %d", ErrTooLarge, b.Deposits, MaxDeposits)
	}
	c = appendUvarint(c, b.Deposits)
	e.cols[colBlocks] = appendUvarint(c, uint64(len(b.Txs)))
	return nil
}

// zigzag is the delta x - prev, taken modulo 2^64 as a signed 64-bit
// number d, zigzag-coded (2d for d ≥ 0, -2d-1 for d < 0): a bijection, so
// every varint decodes to one gas limit.
func zigzag(x, prev uint64) uint64 {
	d := int64(x - prev)
	return uint64(d<<1) ^ uint64(d>>63)
}

// tx writes one transaction to the columns.
func (e *encoder) tx(tx *types.Transaction) error {
	kind, err := e.kind(tx)
	if err != nil {
		return err
	}
	e.cols[colKinds] = append(e.cols[colKinds], kind)
	e.cols[colNonces] = appendUvarint(e.cols[colNonces], tx.Nonce())
	e.cols[colGas] = appendUvarint(e.cols[colGas], tx.Gas())
	if to := tx.To(); to != nil {
		e.cols[colTo] = append(e.cols[colTo], to[:]...)
	}
	value, err := u256(tx.Value(), "value")
	if err != nil {
		return err
	}
	exp, mant := decimal(value)
	e.cols[colValueExp] = append(e.cols[colValueExp], exp)
	e.cols[colValue] = appendUvarint256(e.cols[colValue], mant)
	feeCap, err := u256(tx.GasFeeCap(), "fee cap")
	if err != nil {
		return err
	}
	e.cols[colFeeCap] = appendUvarint256(e.cols[colFeeCap], feeCap)
	if t := tx.Type(); t == types.DynamicFeeTxType || t == types.SetCodeTxType {
		tip, err := u256(tx.GasTipCap(), "tip")
		if err != nil {
			return err
		}
		e.cols[colTip] = appendUvarint256(e.cols[colTip], tip)
	}
	e.cols[colDataLen] = appendUvarint(e.cols[colDataLen], uint64(len(tx.Data())))
	e.cols[colData] = append(e.cols[colData], tx.Data()...)
	if tx.Type() != types.LegacyTxType {
		e.cols[colAccessList] = appendAccessList(e.cols[colAccessList], tx.AccessList())
	}
	if tx.Type() == types.SetCodeTxType {
		e.cols[colAuthList] = appendAuthList(e.cols[colAuthList], tx.SetCodeAuthorizations())
	}
	return e.sig(tx)
}

// kind is tx's kind byte; it checks that tx's type is one Cairn's L2
// accepts and that its chain id is the batch's.
func (e *encoder) kind(tx *types.Transaction) (byte, error) {
	var kind byte
	switch t := tx.Type(); t {
	case types.LegacyTxType, types.AccessListTxType, types.DynamicFeeTxType, types.SetCodeTxType:
		kind = t
	case types.BlobTxType:
		return 0, ErrBlobTx
	default:
		return 0, fmt.Errorf("transaction type %d is not one Cairn's L2 accepts", t)
	}
	if tx.To() == nil {
		kind |= kindCreate
	}
	parity, protected, err := yParity(tx)
	if err != nil {
		return 0, err
	}
	kind |= parity * kindParity
	if !protected {
		return kind | kindUnprotected, nil
	}
	id, err := u256(tx.ChainId(), "chain id")
	if err != nil {
		return 0, err
	}
	if e.chainID == nil {
		e.chainID = id
	} else if !e.chainID.Eq(id) {
		return 0, fmt.Errorf("chain id %s, the batch's transactions before it have %s", id, e.chainID)
	}
	return kind, nil
}

// yParity is the y parity of tx's signature and whether tx is replay
// protected (every typed one; a legacy one with EIP-155's v).
func yParity(tx *types.Transaction) (byte, bool, error) {
	v, _, _ := tx.RawSignatureValues()
	if tx.Type() != types.LegacyTxType {
		if v.Sign() < 0 || v.Cmp(big.NewInt(1)) > 0 {
			return 0, false, fmt.Errorf("signature y parity %s is not 0 or 1", v)
		}
		return byte(v.Uint64()), true, nil
	}
	if v.IsUint64() && (v.Uint64() == 27 || v.Uint64() == 28) {
		return byte(v.Uint64() - 27), false, nil
	}
	// EIP-155: v = chainID*2 + 35 + parity, and tx.ChainId() is derived from v.
	want := new(big.Int).Lsh(tx.ChainId(), 1)
	want.Add(want, big.NewInt(35))
	switch d := new(big.Int).Sub(v, want); {
	case d.Sign() == 0:
		return 0, true, nil
	case d.Cmp(big.NewInt(1)) == 0:
		return 1, true, nil
	}
	return 0, false, fmt.Errorf("legacy signature v %s is neither 27/28 nor EIP-155's", v)
}

// sig writes tx's r and s.
func (e *encoder) sig(tx *types.Transaction) error {
	_, r, s := tx.RawSignatureValues()
	ru, err := u256(r, "signature r")
	if err != nil {
		return err
	}
	su, err := u256(s, "signature s")
	if err != nil {
		return err
	}
	rb, sb := ru.Bytes32(), su.Bytes32()
	c := append(e.cols[colSigs], rb[:]...)
	e.cols[colSigs] = append(c, sb[:]...)
	return nil
}

var errNegative = errors.New("negative")

// u256 is x as a 256-bit number; nil is zero.
func u256(x *big.Int, what string) (*uint256.Int, error) {
	if x == nil {
		return new(uint256.Int), nil
	}
	if x.Sign() < 0 {
		return nil, fmt.Errorf("%s %s: %w", what, x, errNegative)
	}
	u, overflow := uint256.FromBig(x)
	if overflow {
		return nil, fmt.Errorf("%w: %s %s is over 256 bits", ErrTooLarge, what, x)
	}
	return u, nil
}

// maxExp is the largest decimal exponent of a 256-bit number (10^77 < 2^256 < 10^78).
const maxExp = 77

// decimal splits x into exp and mantissa: x = mant * 10^exp with mant not
// a multiple of 10 (exp = 0 for x = 0). Wallets send round amounts.
func decimal(x *uint256.Int) (byte, *uint256.Int) {
	mant := new(uint256.Int).Set(x)
	if mant.IsZero() {
		return 0, mant
	}
	ten := uint256.NewInt(10)
	var q, r uint256.Int
	exp := byte(0)
	for {
		q.DivMod(mant, ten, &r)
		if !r.IsZero() {
			return exp, mant
		}
		mant.Set(&q)
		exp++
	}
}

// appendAccessList writes an access list: its length, then per entry the
// address, the number of keys and the keys.
func appendAccessList(b []byte, al types.AccessList) []byte {
	b = appendUvarint(b, uint64(len(al)))
	for _, t := range al {
		b = append(b, t.Address[:]...)
		b = appendUvarint(b, uint64(len(t.StorageKeys)))
		for _, k := range t.StorageKeys {
			b = append(b, k[:]...)
		}
	}
	return b
}

// appendAuthList writes an EIP-7702 authorization list: its length, then
// per authorization the chain id (uvarint256), address, nonce (uvarint),
// y parity (1 byte), r and s (32 bytes each).
func appendAuthList(b []byte, auths []types.SetCodeAuthorization) []byte {
	b = appendUvarint(b, uint64(len(auths)))
	for i := range auths {
		a := &auths[i]
		b = appendUvarint256(b, &a.ChainID)
		b = append(b, a.Address[:]...)
		b = appendUvarint(b, a.Nonce)
		b = append(b, a.V)
		r, s := a.R.Bytes32(), a.S.Bytes32()
		b = append(b, r[:]...)
		b = append(b, s[:]...)
	}
	return b
}

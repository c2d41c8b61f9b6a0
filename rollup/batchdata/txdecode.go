package batchdata

import (
	"fmt"
	"math/big"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/holiman/uint256"
)

// readTxColumns reads the transaction columns, one after the other, into
// txs (allocated to the batch's transaction count).
func readTxColumns(r *reader, txs []txFields) error {
	steps := []struct {
		what string
		read func(*reader, *txFields) error
	}{
		{"kind", readKind}, {"nonce", readNonce}, {"gas limit", readGas}, {"to", readTo},
		{"value exponent", readValueExp}, {"value", readValue}, {"fee cap", readFeeCap}, {"tip", readTip},
		{"data length", readDataLen}, {"data", readData}, {"access list", readAccessList},
		{"authorization list", readAuthList}, {"signature", readSig},
	}
	for _, st := range steps {
		for i := range txs {
			if err := st.read(r, &txs[i]); err != nil {
				return fmt.Errorf("%s column, tx %d of the batch: %w", st.what, i, err)
			}
		}
	}
	return nil
}

func readKind(r *reader, f *txFields) error {
	k, err := r.byte("kind")
	if err != nil {
		return err
	}
	f.kind, f.txType, f.parity = k, k&kindTypeMask, (k&kindParity)/kindParity
	switch {
	case k&^kindKnownBits != 0:
		return fmt.Errorf("%w: kind 0x%02x has unknown bits", ErrMalformed, k)
	case f.txType == types.BlobTxType:
		return fmt.Errorf("%w: kind 0x%02x: %w", ErrMalformed, k, ErrBlobTx)
	case f.txType > types.SetCodeTxType:
		return fmt.Errorf("%w: kind 0x%02x: transaction type %d", ErrMalformed, k, f.txType)
	case k&kindUnprotected != 0 && f.txType != types.LegacyTxType:
		return fmt.Errorf("%w: kind 0x%02x: only a legacy transaction can be unprotected", ErrMalformed, k)
	case k&kindCreate != 0 && f.txType == types.SetCodeTxType:
		return fmt.Errorf("%w: kind 0x%02x: a set-code transaction cannot create a contract", ErrMalformed, k)
	}
	f.protects = k&kindUnprotected == 0
	return nil
}

func readNonce(r *reader, f *txFields) (err error) {
	f.nonce, err = r.uvarint("nonce")
	return err
}

func readGas(r *reader, f *txFields) (err error) {
	f.gas, err = r.uvarint("gas limit")
	return err
}

func readTo(r *reader, f *txFields) error {
	if f.kind&kindCreate != 0 {
		return nil
	}
	b, err := r.bytes(common.AddressLength, "to")
	if err != nil {
		return err
	}
	to := common.Address(b)
	f.to = &to
	return nil
}

func readValueExp(r *reader, f *txFields) (err error) {
	if f.valueExp, err = r.byte("value exponent"); err == nil && f.valueExp > maxExp {
		return fmt.Errorf("%w: value exponent %d, at most %d", ErrMalformed, f.valueExp, maxExp)
	}
	return err
}

// readValue reads the mantissa and multiplies it by 10^exponent.
func readValue(r *reader, f *txFields) error {
	mant, err := r.uvarint256("value")
	if err != nil {
		return err
	}
	exp := uint64(f.valueExp)
	if exp != 0 {
		var q, rem uint256.Int
		if q.DivMod(mant, uint256.NewInt(10), &rem); rem.IsZero() {
			return fmt.Errorf("%w: value mantissa %s with exponent %d is a multiple of 10", ErrMalformed, mant, exp)
		}
	}
	pow := new(uint256.Int).Exp(uint256.NewInt(10), uint256.NewInt(exp))
	f.value = new(uint256.Int)
	if _, overflow := f.value.MulOverflow(mant, pow); overflow {
		return fmt.Errorf("%w: value %s×10^%d is over 256 bits", ErrMalformed, mant, exp)
	}
	return nil
}

func readFeeCap(r *reader, f *txFields) (err error) {
	f.feeCap, err = r.uvarint256("fee cap")
	return err
}

func readTip(r *reader, f *txFields) (err error) {
	if f.txType == types.DynamicFeeTxType || f.txType == types.SetCodeTxType {
		f.tip, err = r.uvarint256("tip")
	}
	return err
}

func readDataLen(r *reader, f *txFields) error {
	n, err := r.uvarint("data length")
	if err == nil && n > MaxPayloadSize {
		return fmt.Errorf("%w: data length %d, at most %d", ErrTooLarge, n, MaxPayloadSize)
	}
	f.dataLen = int(n)
	return err
}

// readData slices the data out of the payload: nothing is allocated.
func readData(r *reader, f *txFields) (err error) {
	f.data, err = r.bytes(f.dataLen, "data")
	return err
}

func readAccessList(r *reader, f *txFields) error {
	if f.txType == types.LegacyTxType {
		return nil
	}
	n, err := r.count("access list length", MaxTxs, minTupleBytes)
	if err != nil {
		return err
	}
	f.access = make(types.AccessList, n)
	for i := range f.access {
		t := &f.access[i]
		a, err := r.bytes(common.AddressLength, "access list address")
		if err != nil {
			return err
		}
		t.Address = common.Address(a)
		nk, err := r.count("access list key count", MaxPayloadSize, common.HashLength)
		if err != nil {
			return err
		}
		t.StorageKeys = make([]common.Hash, nk)
		for j := range t.StorageKeys {
			k, err := r.bytes(common.HashLength, "access list key")
			if err != nil {
				return err
			}
			t.StorageKeys[j] = common.Hash(k)
		}
	}
	return nil
}

func readAuthList(r *reader, f *txFields) error {
	if f.txType != types.SetCodeTxType {
		return nil
	}
	n, err := r.count("authorization list length", MaxTxs, minAuthBytes)
	if err != nil {
		return err
	}
	f.auths = make([]types.SetCodeAuthorization, n)
	for i := range f.auths {
		if err := readAuth(r, &f.auths[i]); err != nil {
			return fmt.Errorf("authorization %d: %w", i, err)
		}
	}
	return nil
}

func readAuth(r *reader, a *types.SetCodeAuthorization) error {
	id, err := r.uvarint256("authorization chain id")
	if err != nil {
		return err
	}
	a.ChainID = *id
	addr, err := r.bytes(common.AddressLength, "authorization address")
	if err != nil {
		return err
	}
	a.Address = common.Address(addr)
	if a.Nonce, err = r.uvarint("authorization nonce"); err != nil {
		return err
	}
	if a.V, err = r.byte("authorization y parity"); err != nil {
		return err
	}
	rs, err := r.bytes(64, "authorization signature")
	if err != nil {
		return err
	}
	a.R.SetBytes32(rs[:32])
	a.S.SetBytes32(rs[32:])
	return nil
}

func readSig(r *reader, f *txFields) error {
	rs, err := r.bytes(64, "signature")
	if err != nil {
		return err
	}
	f.r.SetBytes32(rs[:32])
	f.s.SetBytes32(rs[32:])
	return nil
}

// transaction assembles the transaction; typed and protected legacy ones
// carry the batch's chain id.
func (f *txFields) transaction(chainID *uint256.Int) (*types.Transaction, error) {
	id, v := chainID.ToBig(), new(big.Int).SetUint64(uint64(f.parity))
	r, s, value, feeCap := f.r.ToBig(), f.s.ToBig(), f.value.ToBig(), f.feeCap.ToBig()
	switch f.txType {
	case types.LegacyTxType:
		if f.protects { // EIP-155
			v.Add(v, new(big.Int).Lsh(id, 1))
			v.Add(v, big.NewInt(35))
		} else {
			v.Add(v, big.NewInt(27))
		}
		return types.NewTx(&types.LegacyTx{Nonce: f.nonce, GasPrice: feeCap, Gas: f.gas, To: f.to, Value: value,
			Data: f.data, V: v, R: r, S: s}), nil
	case types.AccessListTxType:
		return types.NewTx(&types.AccessListTx{ChainID: id, Nonce: f.nonce, GasPrice: feeCap, Gas: f.gas, To: f.to,
			Value: value, Data: f.data, AccessList: f.access, V: v, R: r, S: s}), nil
	case types.DynamicFeeTxType:
		return types.NewTx(&types.DynamicFeeTx{ChainID: id, Nonce: f.nonce, GasTipCap: f.tip.ToBig(), GasFeeCap: feeCap,
			Gas: f.gas, To: f.to, Value: value, Data: f.data, AccessList: f.access, V: v, R: r, S: s}), nil
	case types.SetCodeTxType:
		return types.NewTx(&types.SetCodeTx{ChainID: chainID, Nonce: f.nonce, GasTipCap: f.tip, GasFeeCap: f.feeCap,
			Gas: f.gas, To: *f.to, Value: f.value, Data: f.data, AccessList: f.access, AuthList: f.auths,
			V: uint256.NewInt(uint64(f.parity)), R: &f.r, S: &f.s}), nil
	}
	return nil, fmt.Errorf("%w: transaction type %d", ErrMalformed, f.txType)
}

package batchdata

import (
	"bytes"
	"testing"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/stretchr/testify/require"
)

// emptyBlock is a block column entry: timestamp or delta ts, gas limit
// (delta) 0, zero recipient, no extra, zero root, no deposits, ntx txs.
func emptyBlock(ts byte, ntx byte) []byte {
	b := append([]byte{ts, 0}, make([]byte, 20)...)
	return append(b, 0, 0, 0, ntx)
}

// oneTxPayload is a valid payload of one block with one legacy
// unprotected transfer; the pieces are named for the tests that break one.
func oneTxPayload() map[string][]byte {
	return map[string][]byte{
		"head":  {0, 1},
		"block": emptyBlock(1, 1),
		"kind":  {kindUnprotected},
		"nonce": {0}, "gas": {0x88, 0xa4, 0x01}, "to": bytes.Repeat([]byte{7}, 20),
		"exp": {18}, "value": {1}, "fee": {1}, "datalen": {0}, "data": {},
		"sig": append(common.LeftPadBytes([]byte{1}, 32), common.LeftPadBytes([]byte{2}, 32)...),
	}
}

var payloadOrder = []string{"head", "block", "kind", "nonce", "gas", "to", "exp", "value", "fee", "datalen", "data", "sig"}

func join(parts map[string][]byte) []byte {
	var p []byte
	for _, k := range payloadOrder {
		p = append(p, parts[k]...)
	}
	return p
}

func TestHandMadePayloadDecodes(t *testing.T) {
	blocks, err := Decode(compressed(t, join(oneTxPayload())))
	require.NoError(t, err)
	require.Len(t, blocks, 1)
	tx := blocks[0].Txs[0]
	require.Equal(t, "1000000000000000000", tx.Value().String())
	require.EqualValues(t, 21000, tx.Gas())
	require.False(t, tx.Protected())
}

func TestDecodeRefusesMalformed(t *testing.T) {
	with := func(k string, v []byte) []byte {
		parts := oneTxPayload()
		parts[k] = v
		return compressed(t, join(parts))
	}
	valid := compressed(t, join(oneTxPayload()))
	for name, tc := range map[string]struct {
		data []byte
		want error
		msg  string
	}{
		"empty":              {nil, ErrMalformed, "empty"},
		"bad version":        {append([]byte{0x02}, valid[1:]...), ErrVersion, "0x02"},
		"version only":       {[]byte{Version}, ErrMalformed, "empty payload"},
		"not zstd":           {[]byte{Version, 1, 2, 3, 4, 5}, ErrMalformed, "zstd"},
		"bytes after frame":  {append(append([]byte{}, valid...), 1, 2, 3), ErrMalformed, "zstd"},
		"truncated frame":    {valid[:len(valid)-3], ErrMalformed, "zstd"},
		"trailing bytes":     {with("sig", append(oneTxPayload()["sig"], 0)), ErrMalformed, "1 trailing bytes"},
		"truncated sig":      {with("sig", oneTxPayload()["sig"][:63]), ErrMalformed, "signature column, tx 0 of the batch"},
		"truncated varint":   {compressed(t, []byte{0, 0x80}), ErrMalformed, "block count: truncated varint"},
		"non-minimal varint": {with("nonce", []byte{0x80, 0}), ErrMalformed, "non-minimal varint"},
		"varint over 64":     {with("nonce", []byte{0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02}), ErrMalformed, "over 64 bits"},
		"varint over 256":    {with("fee", append(bytes.Repeat([]byte{0xff}, 36), 0x1f)), ErrMalformed, "over 256 bits"},
		"too many blocks":    {compressed(t, []byte{0, 0x81, 0x80, 0x04}), ErrTooLarge, "block count: 65537, at most 65536"},
		"blocks over input":  {with("head", []byte{0, 9}), ErrMalformed, "block count: 9 items"},
		"txs over input":     {with("block", emptyBlock(1, 100)), ErrMalformed, "100 transactions so far"},
		"txs over limit":     {with("block", append(emptyBlock(1, 0)[:25], 0x81, 0x80, 0x10)), ErrTooLarge, "over 262144 transactions"},
		"zero ts delta":      {compressed(t, append(append([]byte{0, 2}, emptyBlock(1, 0)...), emptyBlock(0, 0)...)), ErrMalformed, "timestamp delta 0"},
		"extra too long":     {with("block", append(emptyBlock(1, 1)[:22], 33)), ErrTooLarge, "extra data length: 33, at most 32"},
		"bad root flag":      {with("block", append(emptyBlock(1, 1)[:23], 2, 0, 1)), ErrMalformed, "beacon root flag 2"},
		"zero root flagged":  {with("block", append(append(emptyBlock(1, 1)[:23], 1), make([]byte, 34)...)), ErrMalformed, "zero root"},
		"many deposits":      {with("block", append(emptyBlock(1, 1)[:24], 0x81, 0x80, 0x04, 1)), ErrTooLarge, "65537 deposits"},
		"unknown kind bit":   {with("kind", []byte{0x40}), ErrMalformed, "unknown bits"},
		"blob kind":          {with("kind", []byte{3}), ErrBlobTx, "kind 0x03"},
		"type 5":             {with("kind", []byte{5}), ErrMalformed, "transaction type 5"},
		"unprotected typed":  {with("kind", []byte{2 | kindUnprotected}), ErrMalformed, "only a legacy"},
		"set-code creation":  {with("kind", []byte{4 | kindCreate}), ErrMalformed, "cannot create"},
		"value exponent":     {with("exp", []byte{78}), ErrMalformed, "value exponent 78"},
		"value not minimal":  {with("value", []byte{10}), ErrMalformed, "multiple of 10"},
		"value zero with e":  {with("value", []byte{0}), ErrMalformed, "multiple of 10"},
		"value overflow":     {compressed(t, withValue(77, 12)), ErrMalformed, "12×10^77 is over 256 bits"},
		"data over input":    {with("datalen", []byte{100}), ErrMalformed, "data: 100 bytes needed"},
		"data over limit":    {with("datalen", []byte{0x81, 0x80, 0x80, 0x04}), ErrTooLarge, "data length 8388609"},
		"unused chain id":    {with("head", []byte{5, 1}), ErrMalformed, "chain id 5 with no replay-protected"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Decode(tc.data)
			require.ErrorIs(t, err, tc.want)
			require.ErrorContains(t, err, tc.msg)
			require.ErrorContains(t, err, "decode batch data")
		})
	}
}

func TestDecodeRefusesEveryTruncation(t *testing.T) {
	data, err := Encode(testBlocks(t))
	require.NoError(t, err)
	p := decompressed(t, data)
	for n := 0; n < len(p); n++ {
		_, err := Decode(compressed(t, p[:n]))
		require.ErrorIs(t, err, ErrMalformed, "payload cut to %d of %d bytes", n, len(p))
	}
}

func TestDecodeRefusesBadAccessAndAuthLists(t *testing.T) {
	blocks := []Block{{Timestamp: 1, Txs: types.Transactions{everyTxType(t)[6]}}}
	data, err := Encode(blocks)
	require.NoError(t, err)
	p := decompressed(t, data)
	// Claim more entries than the payload holds.
	for name, tc := range map[string]struct {
		cut  func([]byte) []byte
		want string
	}{
		"access list count": {func(p []byte) []byte { return setAt(p, accessListAt(t, p), 0x7f) }, "access list length: 127 items"},
		"auth list count":   {func(p []byte) []byte { return setAt(p, authListAt(t, p), 0x7f) }, "authorization list length: 127 items"},
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Decode(compressed(t, tc.cut(p)))
			require.ErrorIs(t, err, ErrMalformed)
			require.ErrorContains(t, err, tc.want)
		})
	}
}

func setAt(p []byte, i int, b byte) []byte {
	out := append([]byte{}, p...)
	out[i] = b
	return out
}

// accessListAt and authListAt find the offsets of the lists' counts in the
// payload of the single set-code transaction of everyTxType: the columns
// before them have fixed sizes for it.
func accessListAt(t *testing.T, p []byte) int {
	blocks, err := decodePayloadPrefix(p)
	require.NoError(t, err)
	return blocks
}

func authListAt(t *testing.T, p []byte) int {
	i := accessListAt(t, p)
	// access list: count 2, (20 + 1 + 2*32), (20 + 1)
	return i + 1 + 20 + 1 + 64 + 20 + 1
}

// decodePayloadPrefix is the offset of the access list column of a
// one-transaction payload: it reads the columns before it.
func decodePayloadPrefix(p []byte) (int, error) {
	r := &reader{b: p}
	if _, err := r.uvarint256("chain id"); err != nil {
		return 0, err
	}
	blocks := make([]Block, 1)
	if _, err := r.uvarint("count"); err != nil {
		return 0, err
	}
	if _, err := readBlock(r, blocks, 0); err != nil {
		return 0, err
	}
	txs := make([]txFields, 1)
	for _, read := range []func(*reader, *txFields) error{readKind, readNonce, readGas, readTo, readValueExp, readValue,
		readFeeCap, readTip, readDataLen, readData} {
		if err := read(r, &txs[0]); err != nil {
			return 0, err
		}
	}
	return r.off, nil
}

// TestDecodeRefusesADecompressionBomb: 64 MiB of zeros compress to a few
// KiB; Decode stops at MaxPayloadSize.
func TestDecodeRefusesADecompressionBomb(t *testing.T) {
	bomb := compressed(t, make([]byte, 64<<20))
	require.Less(t, len(bomb), 64<<10)
	_, err := Decode(bomb)
	require.ErrorIs(t, err, ErrTooLarge)
	require.ErrorContains(t, err, "decompressed payload over 8388608 bytes")
}

// withValue is oneTxPayload with the value exp, mant.
func withValue(exp, mant byte) []byte {
	parts := oneTxPayload()
	parts["exp"], parts["value"] = []byte{exp}, []byte{mant}
	return join(parts)
}

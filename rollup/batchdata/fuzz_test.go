package batchdata

import (
	"bytes"
	"testing"

	"github.com/ethereum/go-ethereum/core/types"
)

// FuzzDecode feeds Decode arbitrary bytes: it never panics, and what it
// accepts is exactly a payload Encode writes for the blocks it returns.
// The seeds are real encodings; `go test` runs them as a unit test.
func FuzzDecode(f *testing.F) {
	seeds := [][]Block{testBlocks(f), nil, {{Timestamp: 1, Deposits: 2}}}
	for _, tx := range everyTxType(f) {
		seeds = append(seeds, []Block{{Timestamp: 9, GasLimit: 30e6, Txs: types.Transactions{tx}}})
	}
	for _, s := range seeds {
		data, err := Encode(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(data)
	}
	f.Add(compressed(f, join(oneTxPayload())))
	f.Add([]byte{Version})
	f.Fuzz(func(t *testing.T, data []byte) {
		blocks, err := Decode(data)
		if err != nil {
			return
		}
		again, err := payload(blocks)
		if err != nil {
			t.Fatalf("decoded blocks do not encode: %v", err)
		}
		if !bytes.Equal(again, decompressed(t, data)) {
			t.Fatalf("decoded blocks encode to another payload")
		}
	})
}

// FuzzDecodePayload fuzzes the payload under the compression, which
// FuzzDecode's mutations rarely get through: the same properties.
func FuzzDecodePayload(f *testing.F) {
	for _, s := range [][]Block{testBlocks(f), nil, {{Timestamp: 3, Txs: everyTxType(f)[5:]}}} {
		p, err := payload(s)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(p)
	}
	f.Add(join(oneTxPayload()))
	f.Fuzz(func(t *testing.T, p []byte) {
		blocks, err := Decode(compressed(t, p))
		if err != nil {
			return
		}
		again, err := payload(blocks)
		if err != nil {
			t.Fatalf("decoded blocks do not encode: %v", err)
		}
		if !bytes.Equal(again, p) {
			t.Fatalf("decoded blocks encode to another payload")
		}
	})
}

package batchdata_test

import (
	"testing"

	"github.com/cairn-rollup/cairn/bench"
	"github.com/cairn-rollup/cairn/rollup/batchdata"
)

// benchBlocks are `cairn bench da`'s batches of 1000 transactions.
func benchBlocks(b *testing.B, workload string) []batchdata.Block {
	blocks, err := bench.DABlocks(workload, bench.DAConfig{Txs: 1000, TxsPerBlock: 100})
	if err != nil {
		b.Fatal(err)
	}
	return blocks
}

// BenchmarkEncode encodes a batch of 1000 transactions; B/s counts the
// encoding's bytes.
func BenchmarkEncode(b *testing.B) {
	for _, w := range bench.DAWorkloads {
		b.Run(w, func(b *testing.B) {
			blocks := benchBlocks(b, w)
			data, err := batchdata.Encode(blocks)
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := batchdata.Encode(blocks); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(1000*b.N)/b.Elapsed().Seconds(), "txs/s")
		})
	}
}

// BenchmarkDecode decodes a batch of 1000 transactions.
func BenchmarkDecode(b *testing.B) {
	for _, w := range bench.DAWorkloads {
		b.Run(w, func(b *testing.B) {
			data, err := batchdata.Encode(benchBlocks(b, w))
			if err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if _, err := batchdata.Decode(data); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(1000*b.N)/b.Elapsed().Seconds(), "txs/s")
		})
	}
}

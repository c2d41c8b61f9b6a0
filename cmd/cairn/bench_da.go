package main

import (
	"github.com/cairn-rollup/cairn/bench"
	"github.com/urfave/cli/v2"
)

func benchDACommand() *cli.Command {
	return &cli.Command{
		Name: "da",
		Usage: "batch data size: one batch of signed transfers per workload (ETH to fresh recipients, ETH among 128 accounts, ERC-20) " +
			"as plain RLP, RLP+zstd and batchdata; blobs and L1 gas per batch and per tx",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "txs", Value: 1000, Usage: "transactions per batch"},
			&cli.IntFlag{Name: "txs-per-block", Value: 100, Usage: "transactions per L2 block (a block a second)"},
		},
		Action: func(c *cli.Context) error {
			r, err := bench.DA(bench.DAConfig{Txs: c.Int("txs"), TxsPerBlock: c.Int("txs-per-block")})
			if err != nil {
				return err
			}
			r.Print(c.App.Writer)
			return nil
		},
	}
}

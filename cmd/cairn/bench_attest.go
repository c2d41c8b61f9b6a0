package main

import (
	"fmt"

	"github.com/cairn-rollup/cairn/attest"
	"github.com/urfave/cli/v2"
)

func benchAttestCommand() *cli.Command {
	return &cli.Command{
		Name:  "attest",
		Usage: "K attester keys in one process: batch sealed → certificate stored, p50/p99 (votes through Encode/Decode and the pool)",
		Flags: []cli.Flag{
			&cli.IntSliceFlag{Name: "attesters", Value: cli.NewIntSlice(8, 64), Usage: "committee sizes"},
			&cli.IntFlag{Name: "batches", Value: 200, Usage: "batches per size"},
			&cli.StringFlag{Name: "dir", Usage: "store directory (default: a temporary directory)"},
		},
		Action: func(c *cli.Context) error {
			var rows []attest.BenchResult
			for _, k := range c.IntSlice("attesters") {
				r, err := attest.Bench(c.Context, attest.BenchConfig{Attesters: k, Batches: c.Int("batches"), Dir: c.String("dir")})
				if err != nil {
					return fmt.Errorf("--attesters %d: %w", k, err)
				}
				rows = append(rows, r)
			}
			fmt.Fprint(c.App.Writer, attest.BenchTable(rows))
			return nil
		},
	}
}

package main

import (
	"fmt"
	"os"
	"time"

	"github.com/cairn-rollup/cairn/bench"
	"github.com/urfave/cli/v2"
)

func benchCommand() *cli.Command {
	return &cli.Command{
		Name:  "bench",
		Usage: "run a benchmark workload and print a table",
		Subcommands: []*cli.Command{{
			Name:  "pipeline",
			Usage: "a devnet in-process: ETH transfers against bare geth (its own L1), deposit latency, batch sealed → verified latency",
			Flags: []cli.Flag{
				&cli.IntFlag{Name: "runs", Value: 3, Usage: "runs; the last table is the median"},
				&cli.IntFlag{Name: "senders", Value: 4, Usage: "transfer senders"},
				&cli.IntFlag{Name: "inflight", Value: 64, Usage: "unconfirmed transfers per sender"},
				&cli.DurationFlag{Name: "transfer-time", Value: 10 * time.Second, Usage: "how long transfers are sent, per chain"},
				&cli.IntFlag{Name: "deposits", Value: 5, Usage: "deposits measured one after another"},
				&cli.IntFlag{Name: "batches", Value: 5, Usage: "batches measured from sealed to verified on L1"},
			},
			Action: func(c *cli.Context) error {
				log, err := newLogger("error")
				if err != nil {
					return err
				}
				cfg := bench.PipelineConfig{Senders: c.Int("senders"), Inflight: c.Int("inflight"),
					TransferTime: c.Duration("transfer-time"), Deposits: c.Int("deposits"), Batches: c.Int("batches")}
				var runs []*bench.PipelineResult
				for i := 0; i < c.Int("runs"); i++ {
					r, err := bench.Pipeline(c.Context, cfg, log)
					if err != nil {
						return fmt.Errorf("run %d: %w", i+1, err)
					}
					fmt.Printf("run %d of %d\n", i+1, c.Int("runs"))
					r.Print(os.Stdout)
					fmt.Println()
					runs = append(runs, r)
				}
				fmt.Printf("median of %d runs\n", len(runs))
				bench.Median(runs).Print(os.Stdout)
				return nil
			},
		}},
	}
}

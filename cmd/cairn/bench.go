package main

import (
	"fmt"
	"io"
	"log/slog"
	"os"
	"sort"
	"time"

	"github.com/cairn-rollup/cairn/bench"
	"github.com/cairn-rollup/cairn/consensus/harness"
	"github.com/urfave/cli/v2"
)

func benchCommand() *cli.Command {
	return &cli.Command{
		Name:  "bench",
		Usage: "run a benchmark workload and print a table",
		Subcommands: []*cli.Command{benchLoadCommand(), benchThroughputCommand(), benchNetworkCommand(), {
			Name:  "consensus",
			Usage: "ChonkyBFT committees in-process (in-memory transport, zero delay): blocks/s and proposal→commit latency",
			Flags: []cli.Flag{
				&cli.IntSliceFlag{Name: "n", Value: cli.NewIntSlice(4, 7, 11, 31), Usage: "committee sizes"},
				&cli.IntFlag{Name: "blocks", Value: 200, Usage: "blocks finalized per run"},
				&cli.IntFlag{Name: "runs", Value: 3, Usage: "runs per size; the median run (by blocks/s) is shown"},
			},
			Action: func(c *cli.Context) error {
				var rows []harness.BenchResult
				for _, n := range c.IntSlice("n") {
					var runs []harness.BenchResult
					for i := 0; i < c.Int("runs"); i++ {
						r, err := harness.Bench(c.Context, n, c.Int("blocks"))
						if err != nil {
							return fmt.Errorf("n=%d: %w", n, err)
						}
						runs = append(runs, r)
					}
					sort.Slice(runs, func(i, j int) bool { return runs[i].BlocksPerSecond < runs[j].BlocksPerSecond })
					rows = append(rows, runs[len(runs)/2])
				}
				fmt.Print(harness.BenchTable(rows))
				return nil
			},
		}, {
			Name:  "pipeline",
			Usage: "a devnet in-process: ETH transfers against bare geth (its own L1), deposit latency, batch sealed → verified latency",
			Flags: []cli.Flag{
				&cli.IntFlag{Name: "runs", Value: 3, Usage: "runs; the last table is the median"},
				&cli.IntFlag{Name: "accounts", Value: 64, Usage: "transfer senders, derived and funded in setup"},
				&cli.IntFlag{Name: "inflight", Value: 32, Usage: "unconfirmed transfers per sender"},
				&cli.DurationFlag{Name: "transfer-time", Value: 10 * time.Second, Usage: "how long transfers are sent, per chain"},
				&cli.IntFlag{Name: "deposits", Value: 5, Usage: "deposits measured one after another"},
				&cli.IntFlag{Name: "batches", Value: 5, Usage: "batches measured from sealed to verified on L1"},
				&cli.BoolFlag{Name: "no-market", Usage: "prove with the internal prover only (as `cairn devnet --no-market`)"},
			},
			Action: func(c *cli.Context) error {
				log, err := newLogger("error")
				if err != nil {
					return err
				}
				cfg := bench.PipelineConfig{Accounts: c.Int("accounts"), Inflight: c.Int("inflight"),
					TransferTime: c.Duration("transfer-time"), Deposits: c.Int("deposits"), Batches: c.Int("batches"),
					NoMarket: c.Bool("no-market")}
				return benchRuns(c.Int("runs"), func() (*bench.PipelineResult, error) { return bench.Pipeline(c.Context, cfg, log) }, bench.Median)
			},
		}, benchAttestCommand(), benchDACommand(), benchSoakCommand()},
	}
}

func benchNetworkCommand() *cli.Command {
	return &cli.Command{
		Name:  "network",
		Usage: "validators and full nodes in one process over libp2p: pre-signed transfers in JSON-RPC batches, inclusion read from blocks",
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "validators", Value: 6, Usage: "validators"},
			&cli.IntFlag{Name: "full-nodes", Value: 1, Usage: "full nodes"},
			&cli.DurationFlag{Name: "duration", Value: 20 * time.Second, Usage: "how long transfers are sent"},
			&cli.IntFlag{Name: "accounts", Value: 128, Usage: "senders, derived and funded in setup"},
			&cli.IntFlag{Name: "inflight", Value: 32, Usage: "transfers sent and not yet included, per sender"},
			&cli.BoolFlag{Name: "no-sync", Usage: "skip the sync figure (a wiped full node catching up, against geth's own import of the same blocks)"},
			rateFlag(), splitProfileFlag(),
			&cli.PathFlag{Name: "sync-profile", Usage: "also write CPU profiles of the full node's catch-up to this file and of geth's import of the same blocks to this file + .geth (the last run's; read them with `go tool pprof`)"},
			&cli.IntFlag{Name: "runs", Value: 3, Usage: "runs; the median (by transfers/s) is printed last"},
		},
		Action: func(c *cli.Context) error {
			if c.Float64("rate") < 0 {
				return fmt.Errorf("--rate %v: transactions per second, positive (or 0 for the closed loop)", c.Float64("rate"))
			}
			cfg := bench.NetworkConfig{Validators: c.Int("validators"), FullNodes: c.Int("full-nodes"),
				Duration: c.Duration("duration"), Accounts: c.Int("accounts"), Inflight: c.Int("inflight"),
				Sync: !c.Bool("no-sync"), Rate: c.Float64("rate"), SplitProfile: c.Path("split-profile"),
				SyncProfile: c.Path("sync-profile")}
			return benchRuns(c.Int("runs"), func() (*bench.NetworkResult, error) {
				return bench.Network(c.Context, cfg, slog.New(slog.DiscardHandler))
			}, bench.MedianNetwork)
		},
	}
}

// benchRuns runs a benchmark n times, printing each run's table, then the
// median run's.
func benchRuns[R interface{ Print(io.Writer) }](n int, run func() (R, error), median func([]R) R) error {
	var runs []R
	for i := 0; i < n; i++ {
		r, err := run()
		if err != nil {
			return fmt.Errorf("run %d: %w", i+1, err)
		}
		fmt.Printf("run %d of %d\n", i+1, n)
		r.Print(os.Stdout)
		fmt.Println()
		runs = append(runs, r)
	}
	fmt.Printf("median of %d runs\n", len(runs))
	median(runs).Print(os.Stdout)
	return nil
}

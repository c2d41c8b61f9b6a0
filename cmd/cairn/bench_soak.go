package main

import (
	"fmt"
	"time"

	"github.com/cairn-rollup/cairn/bench"
	"github.com/urfave/cli/v2"
)

func benchSoakCommand() *cli.Command {
	return &cli.Command{
		Name: "soak",
		Usage: "a validator and a full node under a steady transfer rate: disk growth per transfer by what grows " +
			"(blocks, receipts, state, Cairn's store), memory at start and end, the state sampled every minute",
		Flags: []cli.Flag{
			&cli.Float64Flag{Name: "rate", Value: bench.DefaultSoakRate, Usage: "transfers offered per second (paced)"},
			&cli.DurationFlag{Name: "duration", Value: bench.DefaultSoakDuration, Usage: "how long transfers are offered"},
			&cli.DurationFlag{Name: "sample", Value: bench.DefaultSoakSample, Usage: "interval of the cheap samples (du, flat state, memory)"},
			&cli.IntFlag{Name: "accounts", Value: 128, Usage: "senders, derived and funded in setup"},
			&cli.IntFlag{Name: "inflight", Value: 32, Usage: "transfers sent and not yet included, per sender"},
			&cli.BoolFlag{Name: "archive", Usage: "run geth as a hash-scheme archive (today the only mode: execution.archive is not in this build)"},
			&cli.StringFlag{Name: "log-level", Value: "error", Usage: "the nodes' and the setup's log on stderr: debug, info, warn or error"},
		},
		Action: func(c *cli.Context) error {
			cfg := bench.SoakConfig{Rate: c.Float64("rate"), Duration: c.Duration("duration"), Sample: c.Duration("sample"),
				Accounts: c.Int("accounts"), Inflight: c.Int("inflight"), Archive: c.Bool("archive")}
			if err := cfg.Validate(); err != nil {
				return err
			}
			log, err := newLogger(c.String("log-level"))
			if err != nil {
				return err
			}
			// TODO(state): drop this note once --archive reaches cfg.Execution.Archive.
			if cfg.Archive {
				fmt.Fprintln(c.App.Writer, "note: archive (geth's hash scheme) is the only mode of this build: --archive changes nothing yet")
			}
			start := time.Now()
			r, err := bench.Soak(c.Context, cfg, log)
			if err != nil {
				return err
			}
			r.Print(c.App.Writer)
			log.Info("Soak done", "elapsed", time.Since(start).Round(time.Second))
			return nil
		},
	}
}

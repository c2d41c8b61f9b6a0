package main

import (
	"fmt"
	"log/slog"
	"os"
	"runtime/debug"
	"runtime/pprof"
	"strings"

	"github.com/cairn-rollup/cairn/p2p"
	"github.com/urfave/cli/v2"
)

// defaultGCPercent is the Go collector's target unless GOGC says otherwise.
// At Go's 100 the collector took about a tenth of a busy node's CPU (27 µs
// of 277 per transfer at ~3,800 transfers/s, `cairn bench throughput`); at
// 200 about half of that, for a heap target twice the live heap above it.
const defaultGCPercent = 200

func main() {
	setGCPercent(os.Getenv)
	app := &cli.App{
		Name:  "cairn",
		Usage: "a ZK-rollup node stack: sequencer, L1 contracts, provers",
		Commands: []*cli.Command{
			devnetCommand(),
			nodeCommand(),
			deployCommand(),
			proverCommand(),
			keysCommand(),
			configCommand(),
			benchCommand(),
			provingNetworkCommand(),
			attestersCommand(),
			adminCommand(),
			reconstructCommand(),
		},
		Flags: []cli.Flag{
			&cli.PathFlag{Name: "cpuprofile", Usage: "write a CPU profile of the whole command to this file (read it with `go tool pprof`)"},
		},
		Before: startCPUProfile,
		After: func(*cli.Context) error {
			pprof.StopCPUProfile()
			return nil
		},
	}
	if err := app.Run(os.Args); err != nil {
		fmt.Fprintln(os.Stderr, "cairn:", err)
		os.Exit(1)
	}
}

// setGCPercent sets the collector's target to defaultGCPercent when GOGC is
// not set, and reports whether it did.
func setGCPercent(getenv func(string) string) bool {
	if getenv("GOGC") != "" {
		return false
	}
	debug.SetGCPercent(defaultGCPercent)
	return true
}

// newLogger returns the process logger at the given level, on stderr;
// libp2p logs through it too.
func newLogger(level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(level))); err != nil {
		return nil, fmt.Errorf("log level %q: use debug, info, warn or error", level)
	}
	log := slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l}))
	p2p.RouteLibp2pLogs(log)
	return log, nil
}

// startCPUProfile starts the CPU profile named by --cpuprofile, if any; the
// app's After hook stops it when the command returns (Ctrl-C included: every
// long-running command returns on the signal).
func startCPUProfile(c *cli.Context) error {
	path := c.Path("cpuprofile")
	if path == "" {
		return nil
	}
	f, err := os.Create(path)
	if err != nil {
		return fmt.Errorf("--cpuprofile: %w", err)
	}
	if err := pprof.StartCPUProfile(f); err != nil {
		f.Close()
		return fmt.Errorf("--cpuprofile: %w", err)
	}
	return nil
}

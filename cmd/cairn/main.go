package main

import (
	"fmt"
	"log/slog"
	"os"
	"strings"

	"github.com/urfave/cli/v2"
)

func main() {
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
		},
	}
	if err := app.Run(os.Args); err != nil {
		fmt.Fprintln(os.Stderr, "cairn:", err)
		os.Exit(1)
	}
}

// newLogger returns the process logger at the given level, on stderr.
func newLogger(level string) (*slog.Logger, error) {
	var l slog.Level
	if err := l.UnmarshalText([]byte(strings.ToUpper(level))); err != nil {
		return nil, fmt.Errorf("log level %q: use debug, info, warn or error", level)
	}
	return slog.New(slog.NewTextHandler(os.Stderr, &slog.HandlerOptions{Level: l})), nil
}

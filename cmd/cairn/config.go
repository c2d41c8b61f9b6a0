package main

import (
	"fmt"

	"github.com/cairn-rollup/cairn/config"
	"github.com/urfave/cli/v2"
)

func configCommand() *cli.Command {
	return &cli.Command{
		Name:  "config",
		Usage: "configuration helpers",
		Subcommands: []*cli.Command{{
			Name:  "example",
			Usage: "print a cairn.toml with every key, its default and what it does",
			Action: func(*cli.Context) error {
				fmt.Print(config.Example())
				return nil
			},
		}},
	}
}

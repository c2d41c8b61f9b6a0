package main

import "github.com/urfave/cli/v2"

func keysCommand() *cli.Command {
	return &cli.Command{Name: "keys", Usage: "generate and show node keys"}
}

package main

import (
	"testing"

	"github.com/stretchr/testify/require"
	"github.com/urfave/cli/v2"
)

func TestBenchAttestBadInputsAreOneClearLine(t *testing.T) {
	for name, tc := range map[string]struct {
		args []string
		want string
	}{
		"zero attesters":  {[]string{"--attesters", "0"}, "--attesters 0: a committee needs at least one attester"},
		"zero among them": {[]string{"--attesters", "8,0"}, "--attesters 0"},
		"negative":        {[]string{"--attesters", "-4"}, "--attesters -4"},
		"not a number":    {[]string{"--attesters", "8,x"}, `--attesters "8,x": "x" is not a whole number`},
		"a fraction":      {[]string{"--attesters", "6.5"}, `"6.5" is not a whole number`},
		"empty":           {[]string{"--attesters", " "}, "--attesters: give at least one size"},
		"empty item":      {[]string{"--attesters", "8,,64"}, `"" is not a whole number`},
		"zero hosts":      {[]string{"--hosts", "0"}, "--hosts 0"},
		"zero batches":    {[]string{"--batches", "0"}, "--batches 0"},
		"zero runs":       {[]string{"--runs", "0"}, "--runs 0"},
	} {
		t.Run(name, func(t *testing.T) {
			a := &cli.App{Name: "cairn", Commands: []*cli.Command{benchCommand()}}
			err := a.Run(append([]string{"cairn", "bench", "attest"}, tc.args...))
			require.ErrorContains(t, err, tc.want)
			require.NotContains(t, err.Error(), "\n", "one line")
		})
	}
}

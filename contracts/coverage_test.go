package contracts_test

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/l1/bindings"
)

// TestEveryCustomErrorIsAsserted fails when a contract gains a custom error
// that no test asserts by its decoded binding type.
func TestEveryCustomErrorIsAsserted(t *testing.T) {
	files, err := filepath.Glob("*_test.go")
	require.NoError(t, err)
	var src strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		src.Write(b)
	}
	all := src.String()
	for name, a := range map[string]abi.ABI{
		"Bridge":          bindings.NewBridge().GetABI(),
		"OnChainProposer": bindings.NewOnChainProposer().GetABI(),
		"ExecVerifier":    bindings.NewExecVerifier().GetABI(),
		"L2Bridge":        bindings.NewL2Bridge().GetABI(),
	} {
		for errName := range a.Errors {
			want := "&bindings." + name + errName + "{"
			require.True(t, strings.Contains(all, want), "no test asserts %s.%s (%s)", name, errName, want)
		}
	}
}

package consensus_test

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// consensus must stay free of geth, libp2p and pebble (and so must its
// sub-packages): the node wires those in from outside.
func TestForbiddenImports(t *testing.T) {
	forbidden := []string{"github.com/ethereum/go-ethereum", "github.com/libp2p/", "github.com/cockroachdb/pebble"}
	out, err := exec.Command("go", "list", "-deps", "-test", "github.com/cairn-rollup/cairn/consensus/...").CombinedOutput()
	require.NoError(t, err, "go list: %s", out)
	deps := strings.Fields(string(out))
	require.NotEmpty(t, deps)
	require.Contains(t, deps, "github.com/supranational/blst/bindings/go", "the dependency list is real")
	for _, d := range deps {
		for _, f := range forbidden {
			require.False(t, strings.HasPrefix(d, f), "consensus depends on %s", d)
		}
	}
}

package p2p

import (
	"os/exec"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// p2p is wired into the node from outside: it must not depend on the node,
// execution, the store or geth's txpool.
func TestForbiddenImports(t *testing.T) {
	forbidden := []string{
		"github.com/cairn-rollup/cairn/node", "github.com/cairn-rollup/cairn/execution",
		"github.com/cairn-rollup/cairn/store", "github.com/ethereum/go-ethereum/core/txpool",
	}
	out, err := exec.Command("go", "list", "-deps", "github.com/cairn-rollup/cairn/p2p").CombinedOutput()
	require.NoError(t, err, "go list: %s", out)
	deps := strings.Fields(string(out))
	require.Contains(t, deps, "github.com/libp2p/go-libp2p", "the dependency list is real")
	for _, d := range deps {
		for _, f := range forbidden {
			require.False(t, d == f || strings.HasPrefix(d, f+"/"), "p2p depends on %s", d)
		}
	}
}

package coordinator

import (
	"go/build"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// lightGeth are the go-ethereum packages the protocol may use: common types
// and the secp256k1 signatures of the handshake, leaves of geth's import
// graph (no core, state, p2p or database).
var lightGeth = map[string]bool{
	"github.com/ethereum/go-ethereum/common": true,
	"github.com/ethereum/go-ethereum/crypto": true,
}

// TestImports keeps the prover protocol packages free of geth and pebble, so
// that a prover binary and these tests stay light.
func TestImports(t *testing.T) {
	for _, dir := range []string{".", "../wire", "../client"} {
		pkg, err := build.ImportDir(dir, 0)
		require.NoError(t, err)
		for _, imp := range pkg.Imports {
			if strings.Contains(imp, "cockroachdb/pebble") ||
				(strings.HasPrefix(imp, "github.com/ethereum/go-ethereum") && !lightGeth[imp]) {
				t.Errorf("%s imports %s", pkg.ImportPath, imp)
			}
		}
	}
}

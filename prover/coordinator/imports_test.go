package coordinator

import (
	"go/build"
	"strings"
	"testing"

	"github.com/stretchr/testify/require"
)

// TestImports keeps the prover protocol packages free of geth and pebble, so
// that a prover binary and these tests stay light.
func TestImports(t *testing.T) {
	for _, dir := range []string{".", "../wire", "../client"} {
		pkg, err := build.ImportDir(dir, 0)
		require.NoError(t, err)
		for _, imp := range pkg.Imports {
			if strings.Contains(imp, "cockroachdb/pebble") ||
				(strings.HasPrefix(imp, "github.com/ethereum/go-ethereum") && imp != "github.com/ethereum/go-ethereum/common") {
				t.Errorf("%s imports %s", pkg.ImportPath, imp)
			}
		}
	}
}

// Package contracts holds Cairn's Solidity contracts (src/), the toolchain
// that compiles them (build.sh, check.sh, compile.js, the pinned solc in
// package.json) and the committed artifacts (artifacts/). Go code uses the
// abigen v2 bindings in l1/bindings; this package adds what bindings do not
// carry: the runtime code of the L2Bridge predeploy for the L2 genesis.
package contracts

import (
	_ "embed"
	"strings"

	"github.com/ethereum/go-ethereum/common"
)

//go:embed artifacts/L2Bridge.bin-runtime
var l2BridgeRuntimeHex string

// L2BridgeRuntimeCode returns the runtime bytecode to put at rollup.L2BridgeAddress in
// the L2 genesis alloc, with empty storage: the contract has no constructor
// and no immutables, so it needs no initialisation.
func L2BridgeRuntimeCode() []byte {
	return common.FromHex(strings.TrimSpace(l2BridgeRuntimeHex))
}

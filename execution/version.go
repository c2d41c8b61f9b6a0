package execution

import (
	"runtime"
	"runtime/debug"
	"strings"

	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/crypto"
)

// devVersion names a build without a module version (go build, go run in
// the source tree).
const devVersion = "v0.1.0-dev"

// ClientVersion is what web3_clientVersion answers:
// cairn/<version>/<os>-<arch>/<go version>, as geth's own
// Geth/v1.x/linux-amd64/go1.x. The version is the main module's, with the
// VCS revision for a development build.
func ClientVersion() string {
	v := devVersion
	if bi, ok := debug.ReadBuildInfo(); ok {
		if mv := bi.Main.Version; mv != "" && mv != "(devel)" {
			v = mv
		} else {
			for _, s := range bi.Settings {
				if s.Key == "vcs.revision" && len(s.Value) >= 8 {
					v += "-" + s.Value[:8]
				}
			}
		}
	}
	return strings.Join([]string{"cairn", v, runtime.GOOS + "-" + runtime.GOARCH, runtime.Version()}, "/")
}

// web3API is the web3 namespace: geth's, but for web3_clientVersion, which
// would name geth. (The HTTP endpoint does not serve geth's node-level
// namespaces, where its own web3 lives.)
type web3API struct{}

// ClientVersion is web3_clientVersion.
func (web3API) ClientVersion() string { return ClientVersion() }

// Sha3 is web3_sha3: the Keccak-256 of the input.
func (web3API) Sha3(input hexutil.Bytes) hexutil.Bytes { return crypto.Keccak256(input) }

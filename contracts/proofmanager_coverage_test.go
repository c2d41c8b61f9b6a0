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

// TestEveryProofManagerErrorIsAsserted fails when ProofManager, its proxy or
// TestUSDC gains a custom error that no test asserts by its decoded binding
// type. Errors that cannot be reached are listed with the reason.
func TestEveryProofManagerErrorIsAsserted(t *testing.T) {
	unreachable := map[string]string{
		// Initializable: raised by onlyInitializing functions called outside
		// an initializer; ProofManager exposes none.
		"ProofManager.NotInitializing": "no onlyInitializing entry point",
		// Address.verifyCallResultFromTarget: a call that succeeds with no
		// return data to an address without code. Upgrades check the new
		// implementation's code (proxiableUUID) before calling it.
		"ProofManager.AddressEmptyCode":      "upgrade targets always have code",
		"ProofManagerProxy.AddressEmptyCode": "the implementation always has code",
		// ERC20's own errors (balances, allowances): OpenZeppelin's, not Cairn's.
		"TestUSDC.ERC20InsufficientBalance":   "OpenZeppelin ERC20",
		"TestUSDC.ERC20InsufficientAllowance": "OpenZeppelin ERC20",
		"TestUSDC.ERC20InvalidApprover":       "OpenZeppelin ERC20",
		"TestUSDC.ERC20InvalidReceiver":       "OpenZeppelin ERC20",
		"TestUSDC.ERC20InvalidSender":         "OpenZeppelin ERC20",
		"TestUSDC.ERC20InvalidSpender":        "OpenZeppelin ERC20",
	}
	files, err := filepath.Glob("proofmanager*_test.go")
	require.NoError(t, err)
	var src strings.Builder
	for _, f := range files {
		b, err := os.ReadFile(f)
		require.NoError(t, err)
		src.Write(b)
	}
	all := src.String()
	for name, a := range map[string]abi.ABI{
		"ProofManager":      bindings.NewProofManager().GetABI(),
		"ProofManagerProxy": bindings.NewProofManagerProxy().GetABI(),
		"TestUSDC":          bindings.NewTestUSDC().GetABI(),
	} {
		for errName := range a.Errors {
			if _, ok := unreachable[name+"."+errName]; ok {
				continue
			}
			want := "&bindings." + name + errName + "{"
			require.True(t, strings.Contains(all, want), "no test asserts %s.%s (%s)", name, errName, want)
		}
	}
}

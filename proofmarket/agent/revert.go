package agent

import (
	"errors"
	"fmt"
	"strings"

	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/common/hexutil"
	"github.com/ethereum/go-ethereum/rpc"

	"github.com/cairn-rollup/cairn/l1/bindings"
)

// maxRevertData bounds the revert data decoded (it comes from the L1 node):
// the ProofManager's errors are a few words long.
const maxRevertData = 4096

// revertDecoder names the custom errors a ProofManager call can revert
// with: the contract's own, and its token's ERC-20 errors, which SafeERC20
// passes through (an unfunded contract reverts with
// ERC20InsufficientBalance).
type revertDecoder struct{ abis []abi.ABI }

func newRevertDecoder() revertDecoder {
	return revertDecoder{abis: []abi.ABI{bindings.NewProofManager().GetABI(), bindings.NewTestUSDC().GetABI()}}
}

// describe names the revert err carries, e.g.
// "NotAssignee(caller=0x…, assignedTo=2)"; "" when err carries no revert data.
func (d revertDecoder) describe(err error) string {
	var de rpc.DataError
	if err == nil || !errors.As(err, &de) {
		return ""
	}
	s, ok := de.ErrorData().(string)
	if !ok {
		return ""
	}
	if len(s) > 2+2*maxRevertData {
		return fmt.Sprintf("revert data of %d hex digits, too long to decode", len(s)-2)
	}
	data, err := hexutil.Decode(s)
	if err != nil {
		return fmt.Sprintf("revert data %q that is not hex", s)
	}
	return d.decode(data)
}

// decode names revert data: a custom error with its arguments, Error(string)
// or Panic(uint256).
func (d revertDecoder) decode(data []byte) string {
	if len(data) == 0 {
		return "revert without data"
	}
	if len(data) < 4 {
		return fmt.Sprintf("revert data %#x, shorter than an error selector", data)
	}
	if reason, err := abi.UnpackRevert(data); err == nil {
		return reason
	}
	for i := range d.abis {
		e, err := d.abis[i].ErrorByID([4]byte(data[:4]))
		if err != nil || e == nil {
			continue
		}
		v, err := e.Unpack(data)
		if err != nil {
			return fmt.Sprintf("%s (arguments do not decode: %v)", e.Name, err)
		}
		args, _ := v.([]any)
		parts := make([]string, len(args))
		for j, a := range args {
			name := fmt.Sprintf("arg%d", j)
			if j < len(e.Inputs) && e.Inputs[j].Name != "" {
				name = e.Inputs[j].Name
			}
			parts[j] = fmt.Sprintf("%s=%v", name, a)
		}
		return e.Name + "(" + strings.Join(parts, ", ") + ")"
	}
	return fmt.Sprintf("unknown error %#x", data[:4])
}

package deploy

import (
	"context"
	"errors"
	"fmt"

	"github.com/ethereum/go-ethereum/rpc"
	"math/big"

	"github.com/cairn-rollup/cairn/rollup"
	"github.com/cairn-rollup/cairn/rollup/batchdata"
)

// BlobFeeReader is the L1 call that tells whether L1 takes blobs.
type BlobFeeReader interface {
	BlobBaseFee(ctx context.Context) (*big.Int, error)
}

// methodNotFound is JSON-RPC's error code for an unknown method.
const methodNotFound = -32601

// DataAvailability chooses where a new network's commits publish batch
// data. want is "blobs", "calldata", or "" to choose: blobs when L1 answers
// eth_blobBaseFee (it runs Cancun or later), calldata when it does not.
// Asked for blobs, an L1 without them is an error, not a silent fallback.
func DataAvailability(ctx context.Context, l1 BlobFeeReader, want string) (batchdata.Mode, error) {
	if want != "" {
		mode, err := batchdata.ParseMode(want)
		if err != nil || mode == batchdata.Calldata {
			return mode, err
		}
	}
	if _, err := l1.BlobBaseFee(ctx); err != nil {
		var rpcErr rpc.Error
		if !errors.As(err, &rpcErr) || rpcErr.ErrorCode() != methodNotFound {
			return 0, fmt.Errorf("data availability: ask L1 for its blob base fee: %w", err)
		}
		if want != "" {
			return 0, fmt.Errorf("data availability: L1 does not take blobs (eth_blobBaseFee: %w); use calldata", err)
		}
		return batchdata.Calldata, nil
	}
	return batchdata.Blobs, nil
}

// DataLimits chooses the network's data availability mode (want, or from
// L1) and completes limits with it: max_da_bytes defaults to what one
// commit carries, and may not be more.
func DataLimits(ctx context.Context, l1 BlobFeeReader, want string, limits rollup.SealLimits) (batchdata.Mode, rollup.SealLimits, error) {
	mode, err := DataAvailability(ctx, l1, want)
	if err != nil {
		return 0, limits, fmt.Errorf("--data-availability: %w", err)
	}
	max := uint64(batchdata.MaxData(mode))
	if limits.MaxDABytes == 0 {
		limits.MaxDABytes = max
	}
	if limits.MaxDABytes > max {
		return 0, limits, fmt.Errorf("--batch-max-da-bytes %d: one %s commit carries at most %d", limits.MaxDABytes, mode, max)
	}
	if err := limits.Validate(); err != nil {
		return 0, limits, fmt.Errorf("batch limits: %w", err)
	}
	return mode, limits, nil
}

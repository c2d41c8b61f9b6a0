package deploy

import (
	"context"
	"errors"
	"math/big"
	"testing"

	"github.com/stretchr/testify/require"

	"github.com/cairn-rollup/cairn/rollup/batchdata"
)

type blobFee struct{ err error }

func (b blobFee) BlobBaseFee(context.Context) (*big.Int, error) { return big.NewInt(1), b.err }

type rpcErr struct{ code int }

func (e rpcErr) Error() string  { return "the method eth_blobBaseFee does not exist" }
func (e rpcErr) ErrorCode() int { return e.code }

func TestDataAvailabilityChoice(t *testing.T) {
	ctx := context.Background()
	noBlobs := blobFee{rpcErr{methodNotFound}}
	cases := []struct {
		name string
		l1   blobFee
		want string
		mode batchdata.Mode
		err  string
	}{
		{"blobs when L1 takes them", blobFee{}, "", batchdata.Blobs, ""},
		{"calldata on an L1 without blobs", noBlobs, "", batchdata.Calldata, ""},
		{"calldata when asked", blobFee{}, "calldata", batchdata.Calldata, ""},
		{"blobs when asked", blobFee{}, "blobs", batchdata.Blobs, ""},
		{"blobs asked of an L1 without them", noBlobs, "blobs", 0, "L1 does not take blobs"},
		{"an unknown mode", blobFee{}, "blob", 0, `want "blobs" or "calldata"`},
		{"L1 unreachable is not a choice", blobFee{errors.New("connection refused")}, "", 0, "connection refused"},
		{"another RPC error is not a choice", blobFee{rpcErr{-32000}}, "", 0, "blob base fee"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			mode, err := DataAvailability(ctx, tc.l1, tc.want)
			if tc.err != "" {
				require.ErrorContains(t, err, tc.err)
				return
			}
			require.NoError(t, err)
			require.Equal(t, tc.mode, mode)
		})
	}
}

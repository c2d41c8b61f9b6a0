package bench

import (
	"context"
	"log/slog"
	"os"
	"testing"
	"time"

	"github.com/stretchr/testify/require"
)

// A short run of the whole network workload; a benchmark, so out of make
// test: CAIRN_BENCH_SMOKE=1 go test -run TestNetworkSmoke ./bench
func TestNetworkSmoke(t *testing.T) {
	if os.Getenv("CAIRN_BENCH_SMOKE") == "" {
		t.Skip("set CAIRN_BENCH_SMOKE=1 to run the network workload")
	}
	r, err := Network(context.Background(), NetworkConfig{Validators: 1, FullNodes: 1, Duration: 3 * time.Second,
		Accounts: 8, Inflight: 5, Sync: true}, slog.New(slog.DiscardHandler))
	require.NoError(t, err)
	require.Equal(t, r.Load.Sent, r.Load.Included, "every sent transfer is included")
	require.Zero(t, r.Load.Refused)
	require.Positive(t, r.Load.TxPerSec)
	require.NotNil(t, r.Sync, "a full node: the sync figure is measured")
	require.Positive(t, r.Sync.Blocks)
}
